package server

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// benchArticles is the store size of BenchmarkAPI: 10,000 articles, or
// $STORYLINE_BENCH_ARTICLES.
func benchArticles(b *testing.B) int {
	n := 10000
	if s := os.Getenv("STORYLINE_BENCH_ARTICLES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 10 {
			b.Fatalf("STORYLINE_BENCH_ARTICLES=%q: want a number ≥ 10", s)
		}
		n = v
	}
	return n
}

// benchStore fills a store with n synthetic articles in stories of five,
// from 25 outlets, with text drawn from a 3000-word vocabulary; every
// fifth article of a story is a near-copy.
func benchStore(b *testing.B, n int) (news.Store, int64) {
	store := mustOpenStore(b)
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string { return fmt.Sprintf("w%d", int(rng.ExpFloat64()*400)%3000) }
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	const batch = 2000
	const perStory = 5
	var last int64
	for lo := 0; lo < n; lo += batch {
		var arts []*news.Article
		for i := lo; i < min(lo+batch, n); i++ {
			story := i / perStory
			var body strings.Builder
			for p := range 3 {
				if p > 0 {
					body.WriteString("\n\n")
				}
				for w := range 40 {
					if w > 0 {
						body.WriteByte(' ')
					}
					body.WriteString(word())
				}
				fmt.Fprintf(&body, " event%d.", story)
			}
			arts = append(arts, &news.Article{
				URL:         fmt.Sprintf("https://outlet%d.example/%d", i%25, i),
				Source:      fmt.Sprintf("Outlet %d", i%25),
				Title:       fmt.Sprintf("Event %d: %s %s %s", story, word(), word(), word()),
				Body:        body.String(),
				Language:    "en",
				ContentHash: fmt.Sprintf("h%d", i),
				Published:   start.Add(time.Duration(story)*time.Hour + time.Duration(i%perStory)*time.Minute),
			})
		}
		_, err := store.SaveBatch(b.Context(), arts, func(fresh []*news.Article) (news.Clustering, error) {
			out := make([]news.Assignment, len(fresh))
			for i, a := range fresh {
				first := a.ID - int64((a.ID-1)%perStory) // IDs start at 1
				out[i] = news.Assignment{ArticleID: a.ID, StoryID: first}
				if (a.ID-1)%perStory == perStory-1 {
					out[i].DuplicateOf = a.ID - 1
				}
			}
			return news.Clustering{Assignments: out}, nil
		})
		if err != nil {
			b.Fatal(err)
		}
		last = arts[len(arts)-1].ID
	}
	return store, last
}

// BenchmarkAPI measures latency percentiles of the story list, story
// detail and search endpoints under concurrent requests over loopback
// HTTP, against a store of benchArticles synthetic articles.
func BenchmarkAPI(b *testing.B) {
	n := benchArticles(b)
	t0 := time.Now()
	store, last := benchStore(b, n)
	b.Logf("store of %d articles built in %v", n, time.Since(t0).Round(time.Millisecond))
	s := New(Config{}, store, nil, slog.New(slog.DiscardHandler))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	client := ts.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	client.Timeout = 30 * time.Second

	stories := int(last+4) / 5
	for _, bc := range []struct {
		name string
		url  func(rng *rand.Rand) string
	}{
		{"stories", func(*rand.Rand) string { return "/api/v1/stories?limit=20" }},
		{"story", func(rng *rand.Rand) string { return fmt.Sprintf("/api/v1/stories/%d", 1+5*rng.IntN(stories)) }},
		{"search", func(rng *rand.Rand) string {
			return fmt.Sprintf("/api/v1/search?q=w%d+w%d", rng.IntN(50), rng.IntN(200))
		}},
	} {
		b.Run(fmt.Sprintf("%s/n=%d", bc.name, n), func(b *testing.B) {
			// Check the answer before timing.
			get := func(url string) error {
				resp, err := client.Get(ts.URL + url)
				if err != nil {
					return err
				}
				defer resp.Body.Close()
				if _, err := io.Copy(io.Discard, resp.Body); err != nil {
					return err
				}
				if resp.StatusCode != 200 {
					return fmt.Errorf("GET %s: %d", url, resp.StatusCode)
				}
				return nil
			}
			if err := get(bc.url(rand.New(rand.NewPCG(0, 0)))); err != nil {
				b.Fatal(err)
			}
			var (
				mu  sync.Mutex
				all []time.Duration
				seq uint64
			)
			b.SetParallelism(4) // 4 × GOMAXPROCS concurrent clients
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				mu.Lock()
				seq++
				rng := rand.New(rand.NewPCG(seq, 7))
				mu.Unlock()
				var lat []time.Duration
				for pb.Next() {
					start := time.Now()
					if err := get(bc.url(rng)); err != nil {
						b.Error(err)
						return
					}
					lat = append(lat, time.Since(start))
				}
				mu.Lock()
				all = append(all, lat...)
				mu.Unlock()
			})
			b.StopTimer()
			if len(all) == 0 {
				return
			}
			slices.Sort(all)
			pct := func(p float64) float64 {
				return float64(all[min(len(all)-1, int(p*float64(len(all))))].Microseconds()) / 1000
			}
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
		})
	}
}
