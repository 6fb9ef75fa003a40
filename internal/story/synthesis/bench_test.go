package synthesis

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// story50 builds a synthetic 50-article story of about 600 words each from
// a shared pool of sentences, so that claims repeat across sources.
func story50() []*news.Article {
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields(`bridge river mayor police divers rescued killed injured hospital inspection
		engineers corrosion steel supports minister ordered repairs investigation prosecutors city council
		witnesses traffic morning collapse section cars water officials report region emergency`)
	names := []string{"Elena Varga", "Tomas Reyl", "Port Averin", "Kessel Street", "Averin River"}
	pool := make([]string, 120)
	for i := range pool {
		var b strings.Builder
		fmt.Fprintf(&b, "%s said", names[rng.IntN(len(names))])
		for range 14 + rng.IntN(12) {
			b.WriteString(" " + words[rng.IntN(len(words))])
		}
		fmt.Fprintf(&b, " %d people.", 3+rng.IntN(30))
		pool[i] = b.String()
	}
	day := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	arts := make([]*news.Article, 50)
	for i := range arts {
		var paras []string
		for range 25 {
			paras = append(paras, pool[rng.IntN(len(pool))])
		}
		arts[i] = &news.Article{ID: int64(i + 1), Source: fmt.Sprintf("outlet%d", i%20), Title: "Bridge collapse in Port Averin",
			Body: strings.Join(paras, "\n\n"), Published: day.Add(time.Duration(i) * time.Hour)}
	}
	return arts
}

// BenchmarkSynthesize measures the synthesis of a 50-article story
// (target: at most 200 ms).
func BenchmarkSynthesize(b *testing.B) {
	arts := story50()
	s := &Synthesizer{}
	for b.Loop() {
		if _, err := s.Synthesize(b.Context(), &news.Story{ID: 1}, arts); err != nil {
			b.Fatal(err)
		}
	}
}
