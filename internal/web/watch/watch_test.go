package watch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/web/extract"
	"github.com/storyline-news/storyline/internal/web/fetch"
)

// site serves an RSS feed of n items at /feed.xml (with an ETag, answering
// 304 to If-None-Match) and an article page per item at /a/N. Pages in
// failing answer 500.
type site struct {
	n        int
	feedHits atomic.Int64
	pageHits atomic.Int64
	mu       sync.Mutex
	failing  map[int]bool
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/robots.txt":
		http.NotFound(w, r)
	case r.URL.Path == "/feed.xml":
		s.feedHits.Add(1)
		etag := fmt.Sprintf(`"v%d"`, s.n)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><link>http://` + r.Host + `/</link>`)
		for i := 1; i <= s.n; i++ {
			fmt.Fprintf(&b, `<item><title>Report %d from the harbour</title><link>http://%s/a/%d</link><guid>item-%d</guid><description>Summary of report %d.</description><pubDate>Tue, 10 Mar 2026 10:%02d:00 GMT</pubDate></item>`, i, r.Host, i, i, i, i%60)
		}
		b.WriteString(`</channel></rss>`)
		w.Write([]byte(b.String()))
	case strings.HasPrefix(r.URL.Path, "/a/"):
		s.pageHits.Add(1)
		var i int
		fmt.Sscan(strings.TrimPrefix(r.URL.Path, "/a/"), &i)
		s.mu.Lock()
		fail := s.failing[i]
		s.mu.Unlock()
		if fail {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html lang="en"><head><title>Report %d from the harbour</title></head><body><article><h1>Report %d from the harbour</h1>
<p>Harbour officials in the town numbered %d said on Tuesday that the ferry service would resume after the storm damaged piers along the waterfront.</p>
<p>Engineers inspected berth %d and found cracks that must be repaired before heavy vessels can dock again, the port authority said in a statement.</p>
<p>Residents of district %d described waves breaking over the sea wall during the night while emergency crews closed the coastal road.</p>
</article></body></html>`, i, i, i, i*7, i*13)
	default:
		http.NotFound(w, r)
	}
}

func newWatcher(t *testing.T, store news.FeedStore, got *[]ingest.Item) *Watcher {
	t.Helper()
	cfg := fetch.DefaultConfig()
	cfg.AllowPrivate = true // the test server is on loopback
	cfg.MinHostDelay = 0
	cfg.MaxRetries = 0
	f, err := fetch.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &Watcher{
		Store: store, Fetcher: f, Extractor: extract.New(), Config: DefaultConfig(),
		Ingest: func(_ context.Context, items []ingest.Item) (int, error) {
			*got = append(*got, items...)
			return len(items), nil
		},
	}
}

func openStore(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestWatcher_RoundsAndConditionalGET(t *testing.T) {
	s := &site{n: 100}
	srv := httptest.NewServer(s)
	defer srv.Close()
	store := openStore(t)
	if err := store.AddFeed(t.Context(), &news.Feed{URL: srv.URL + "/feed.xml"}); err != nil {
		t.Fatal(err)
	}
	var got []ingest.Item
	w := newWatcher(t, store, &got)

	r, err := w.RunOnce(t.Context(), true)
	if err != nil {
		t.Fatal(err)
	}
	if r.NewItems != 100 || r.Pages != 100 || r.Ingested != 100 || len(got) != 100 {
		t.Fatalf("first round %+v (%d items ingested), want 100 new items, pages and articles", r, len(got))
	}
	if it := got[0]; it.Title != "Report 1 from the harbour" || !strings.Contains(it.Text, "ferry service") || it.Source != "Test Wire" || it.Date == "" {
		t.Errorf("first item %+v, want the extracted page with the feed's title as source", it)
	}

	pages := s.pageHits.Load()
	r, err = w.RunOnce(t.Context(), true)
	if err != nil {
		t.Fatal(err)
	}
	if r.NotModified != 1 || r.NewItems != 0 || r.Pages != 0 || s.pageHits.Load() != pages || len(got) != 100 {
		t.Errorf("second round %+v, %d more page fetches; want 304 and nothing fetched", r, s.pageHits.Load()-pages)
	}
}

func TestWatcher_PageRetryThenSummary(t *testing.T) {
	s := &site{n: 3, failing: map[int]bool{2: true, 3: true}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	store := openStore(t)
	feedURL := srv.URL + "/feed.xml"
	if err := store.AddFeed(t.Context(), &news.Feed{URL: feedURL}); err != nil {
		t.Fatal(err)
	}
	var got []ingest.Item
	w := newWatcher(t, store, &got)
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	w.Now = func() time.Time { return now }

	r, err := w.RunOnce(t.Context(), true)
	if err != nil {
		t.Fatal(err)
	}
	if r.Pages != 1 || r.PageErrors != 2 || len(got) != 1 {
		t.Fatalf("round 1 %+v, want 1 page and 2 page errors", r)
	}
	// Page 2 recovers; page 3 keeps failing until the summary stands in.
	s.mu.Lock()
	delete(s.failing, 2)
	s.mu.Unlock()
	for round := 2; round <= 3; round++ {
		now = now.Add(24 * time.Hour) // past every backoff
		if r, err = w.RunOnce(t.Context(), true); err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != 3 {
		t.Fatalf("ingested %d items after three rounds, want 3", len(got))
	}
	if !strings.Contains(got[1].Text, "ferry service") {
		t.Errorf("retried page 2 ingested as %q, want its article", got[1].Text)
	}
	if got[2].Text != "Summary of report 3." {
		t.Errorf("page 3 ingested as %q, want the feed's summary after %d attempts", got[2].Text, DefaultConfig().MaxAttempts)
	}
	items, _ := store.FindFeedItems(t.Context(), 1, nil)
	for _, it := range items {
		if it.State != news.ItemDone {
			t.Errorf("item %s state %s after all rounds, want done", it.GUID, it.State)
		}
	}
}

func TestWatcher_FeedBackoff(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	store := openStore(t)
	if err := store.AddFeed(t.Context(), &news.Feed{URL: srv.URL + "/feed.xml", Interval: time.Hour}); err != nil {
		t.Fatal(err)
	}
	var got []ingest.Item
	w := newWatcher(t, store, &got)
	w.Config.Jitter = 0
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	w.Now = func() time.Time { return now }
	var waits []time.Duration
	for range 3 {
		if _, err := w.RunOnce(t.Context(), true); err != nil {
			t.Fatal(err)
		}
		fs, _ := store.FindFeeds(t.Context())
		waits = append(waits, fs[0].NextPoll.Sub(now))
		if fs[0].LastError == "" {
			t.Errorf("failure not recorded: %+v", fs[0])
		}
	}
	if waits[0] != 2*time.Hour || waits[1] != 4*time.Hour || waits[2] != 6*time.Hour {
		t.Errorf("waits after failures %v, want 2h, 4h, then the 6h cap", waits)
	}
	// Not due: a round without force polls nothing.
	if r, _ := w.RunOnce(t.Context(), false); r.Polled != 0 {
		t.Errorf("polled %d feeds that were not due", r.Polled)
	}
}
