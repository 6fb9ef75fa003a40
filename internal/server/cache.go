package server

import (
	"sync"

	"github.com/storyline-news/storyline/internal/news"
)

// synthCache keeps recent syntheses by story version, so that the front
// page and repeated story views do not synthesise again. When full it
// forgets everything: simple, bounded, and good enough for a working set
// of current stories. It is safe for concurrent use.
type synthCache struct {
	mu  sync.Mutex
	max int
	m   map[string]*news.Synthesis
}

func newSynthCache(max int) *synthCache {
	return &synthCache{max: max, m: make(map[string]*news.Synthesis)}
}

func (c *synthCache) get(version string) *news.Synthesis {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[version]
}

func (c *synthCache) put(version string, syn *news.Synthesis) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[version] = syn
}
