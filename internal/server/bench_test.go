package server

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/store/sqlite"
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

// benchTargets are the requests of BenchmarkAPI: story IDs to show and
// queries to search for.
type benchTargets struct {
	stories []int64
	queries []string
}

// builtTargets are the targets in a store of benchStore: every story, and
// two of the most frequent words.
func builtTargets(last int64) benchTargets {
	var t benchTargets
	for id := int64(1); id <= last; id += 5 {
		t.stories = append(t.stories, id)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		t.queries = append(t.queries, fmt.Sprintf("w%d w%d", rng.IntN(50), rng.IntN(200)))
	}
	return t
}

// storedTargets samples the stories of an existing store of n articles
// (IDs 1..n) through random articles, and takes queries from their titles:
// the first two words, as a reader looking for that event would type.
func storedTargets(b *testing.B, store news.Store, n int) benchTargets {
	var t benchTargets
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		a, err := store.FindArticleByID(b.Context(), 1+rng.Int64N(int64(n)))
		if err != nil {
			b.Fatalf("sampling the store: %v", err)
		}
		t.stories = append(t.stories, a.StoryID)
		if w := strings.Fields(strings.Trim(a.Title, ":,")); len(w) >= 3 {
			t.queries = append(t.queries, strings.Trim(w[0], ":,")+" "+strings.Trim(w[2], ":,"))
		}
	}
	return t
}

// BenchmarkAPI measures latency percentiles of the story list, story
// detail and search endpoints under concurrent requests over loopback
// HTTP, against a store of benchArticles synthetic articles, or the
// existing store named by $STORYLINE_BENCH_STORE (a SQLite path or a
// postgres:// URL, e.g. kept by `storyline bench distributed --keep`).
func BenchmarkAPI(b *testing.B) {
	var (
		store   news.Store
		targets benchTargets
		n       int
	)
	if dsn := os.Getenv("STORYLINE_BENCH_STORE"); dsn != "" {
		var err error
		if strings.HasPrefix(dsn, "postgres") {
			store, err = postgres.Open(b.Context(), dsn)
		} else {
			store, err = sqlite.Open(b.Context(), dsn)
		}
		if err != nil {
			b.Fatal(err)
		}
		defer store.Close()
		if n, err = store.CountArticles(b.Context()); err != nil || n == 0 {
			b.Fatalf("$STORYLINE_BENCH_STORE holds %d articles (%v)", n, err)
		}
		targets = storedTargets(b, store, n)
	} else {
		n = benchArticles(b)
		t0 := time.Now()
		var last int64
		store, last = benchStore(b, n)
		b.Logf("store of %d articles built in %v", n, time.Since(t0).Round(time.Millisecond))
		targets = builtTargets(last)
	}
	s := New(Config{}, store, nil, slog.New(slog.DiscardHandler))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	client := ts.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 64
	client.Timeout = 30 * time.Second

	for _, bc := range []struct {
		name string
		url  func(rng *rand.Rand) string
	}{
		{"stories", func(*rand.Rand) string { return "/api/v1/stories?limit=20" }},
		{"story", func(rng *rand.Rand) string {
			return fmt.Sprintf("/api/v1/stories/%d", targets.stories[rng.IntN(len(targets.stories))])
		}},
		{"search", func(rng *rand.Rand) string {
			return "/api/v1/search?q=" + url.QueryEscape(targets.queries[rng.IntN(len(targets.queries))])
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
