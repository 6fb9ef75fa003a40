package rouge

import (
	_ "embed"
	"strings"
	"sync"
)

// wordnetExc is the WordNet morphological exception table that
// ROUGE-1.5.5's MorphStem consults before the Porter stemmer; see the
// file's header for its origin and licence.
//
//go:embed wordnet.exc
var wordnetExc string

var exceptions = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, 6000)
	for line := range strings.Lines(wordnetExc) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		word, base, ok := strings.Cut(strings.TrimSpace(line), " ")
		if ok {
			m[word] = base
		}
	}
	return m
})
