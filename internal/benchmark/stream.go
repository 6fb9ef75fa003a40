package benchmark

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
)

// StreamOptions configures [RunStream].
type StreamOptions struct {
	Days, PerDay int
	Seed         uint64
	// Resurface is the share of a day's articles that report an event of
	// one to four weeks before (default 0.05).
	Resurface float64
}

// StreamDay is one simulated day of [RunStream].
type StreamDay struct {
	Day               int     `json:"day"`
	Articles          int     `json:"articles"`
	ArticlesPerSecond float64 `json:"articles_per_second"`
	LiveHeapBytes     uint64  `json:"live_heap_bytes"`
	RSSBytes          uint64  `json:"rss_bytes"`
	StoriesInMemory   int     `json:"stories_in_memory"`
	// Resurfaced counts the day's reports of events of earlier weeks;
	// Rejoined those that joined the story of their event's first report.
	Resurfaced int `json:"resurfaced"`
	Rejoined   int `json:"rejoined"`
}

// RunStream clusters a simulated month of news day by day through one
// clustering engine, as a service that runs for weeks does, and calls day
// after each simulated day with its figures: articles per second, the
// live heap after a garbage collection, the process's resident memory and
// the stories the engine holds. Each day has PerDay articles of about 2 KB
// (the synthetic day's text, about four reports per event, dated through
// the day); a share of them report events of one to four weeks before,
// which should join their event's story rather than start another.
func RunStream(ctx context.Context, opt StreamOptions, day func(StreamDay) error) error {
	if opt.Days < 1 || opt.PerDay < 1 {
		return fmt.Errorf("benchmark: stream needs days and articles per day ≥ 1")
	}
	if opt.Resurface <= 0 {
		opt.Resurface = 0.05
	}
	e := cluster.New(cluster.DefaultConfig())
	r := rand.New(rand.NewPCG(opt.Seed, 11))
	perEvent := 4
	eventsPerDay := max(1, opt.PerDay/perEvent)
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	first := map[int]int64{} // event -> the ID of its first report
	var id int64
	const batch = 500
	for d := range opt.Days {
		var docs []cluster.Doc
		var events []int
		for i := range opt.PerDay {
			ev := d*eventsPerDay + min(eventsPerDay-1, max(0, i/perEvent-r.IntN(40)))
			if d >= 7 && r.Float64() < opt.Resurface {
				// An event of one to four weeks before surfaces again.
				back := 7 + r.IntN(min(d, 28)-6)
				ev = (d-back)*eventsPerDay + r.IntN(eventsPerDay)
			}
			it := syntheticArticle(opt.Seed, ev, r)
			id++
			docs = append(docs, cluster.Doc{ID: id, Title: it.Title, Body: it.Text, Language: "en",
				Source:    "Outlet " + strconv.Itoa(r.IntN(60)),
				Published: start.AddDate(0, 0, d).Add(time.Duration(float64(i) / float64(opt.PerDay) * float64(24*time.Hour)))})
			events = append(events, ev)
		}
		began := time.Now()
		for i := 0; i < len(docs); i += batch {
			if err := ctx.Err(); err != nil {
				return err
			}
			e.AddBatch(docs[i:min(i+batch, len(docs))], 0)
		}
		e.Recheck()
		elapsed := time.Since(began)
		rep := StreamDay{Day: d + 1, Articles: len(docs), ArticlesPerSecond: float64(len(docs)) / elapsed.Seconds(), StoriesInMemory: e.Stories()}
		for i, ev := range events {
			f, seen := first[ev]
			if !seen {
				first[ev] = docs[i].ID
				continue
			}
			if ev/eventsPerDay == d {
				continue
			}
			rep.Resurfaced++
			a, _ := e.StoryOf(docs[i].ID)
			b, _ := e.StoryOf(f)
			if a == b {
				rep.Rejoined++
			}
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		rep.LiveHeapBytes = ms.HeapAlloc
		rep.RSSBytes = residentBytes()
		if err := day(rep); err != nil {
			return err
		}
	}
	return nil
}

// residentBytes is the process's resident set size from /proc (Linux),
// or 0 where there is none.
func residentBytes() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) >= 1 {
				kb, _ := strconv.ParseUint(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}
