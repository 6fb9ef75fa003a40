package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// Synthesizer is a func-field mock of news.Synthesizer.
type Synthesizer struct {
	SynthesizeFn func(ctx context.Context, story *news.Story, members []*news.Article) (*news.Synthesis, error)
	Calls        atomic.Int64
}

var _ news.Synthesizer = (*Synthesizer)(nil)

func (s *Synthesizer) Synthesize(ctx context.Context, story *news.Story, members []*news.Article) (*news.Synthesis, error) {
	s.Calls.Add(1)
	return s.SynthesizeFn(ctx, story, members)
}

// fixture is a small fictional news day: a bridge collapse reported by
// three outlets, one of them a syndicated near-copy; a warehouse fire; and
// an article whose title and body try to inject markup.
type fixture struct {
	store  *sqlite.Store
	bridge int64 // story IDs
	fire   int64
	evil   int64
	// articles of the bridge story: harbour, wire, copy (of wire)
	harbour, wire, copy int64
}

const evilTitle = `<script>alert("title")</script> Mayor's "plan" & more`

func mustOpenStore(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(tb.Context(), filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func at(day, hour int) time.Time { return time.Date(2015, 11, day, hour, 0, 0, 0, time.UTC) }

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	store := mustOpenStore(tb)
	arts := []*news.Article{
		{
			URL: "https://harbourwatch.example/bridge", Source: "Harbour Watch", Language: "en", ContentHash: "h1",
			Title:     "Kestrel Bay bridge collapses during morning rush",
			Body:      "The old swing bridge over Kestrel Bay collapsed on Monday morning, sending two vans into the water. Rescue crews pulled four people from the harbour.\n\nThe bridge had been due for repairs.",
			Published: at(2, 8),
		},
		{
			URL: "https://northwire.example/kestrel-bridge", Source: "Northwire", Language: "en", ContentHash: "h2",
			Title:     "Four rescued after Kestrel Bay bridge falls",
			Body:      "Four people were rescued after a bridge in Kestrel Bay fell into the harbour on Monday, officials said. Engineers had warned about corrosion in 2013.\n\nThe mayor promised an inquiry.",
			Published: at(2, 9),
		},
		{
			URL: "https://courier.example/wire/kestrel-bridge", Source: "Kestrel Courier", Language: "en", ContentHash: "h3",
			Title:     "Four rescued after Kestrel Bay bridge falls",
			Body:      "Four people were rescued after a bridge in Kestrel Bay fell into the harbour on Monday, officials said. Engineers had warned about corrosion in 2013.\n\nThe mayor promised an inquiry. (Northwire)",
			Published: at(2, 10),
		},
		{
			URL: "https://dunmore.example/fire", Source: "Dunmore Daily", Language: "en", ContentHash: "h4",
			Title:     "Warehouse fire in Dunmore burns through the night",
			Body:      "A fire at a paper warehouse in Dunmore burned through the night before firefighters contained it on Tuesday. No one was hurt.",
			Published: at(3, 6),
		},
		{
			URL: "https://evil.example/x", Source: "Evil <b>Outlet</b>", Language: "en", ContentHash: "h5",
			Title:     evilTitle,
			Body:      `Body with <script>alert("body")</script> and <img src=x onerror=alert(1)> inside the mayoral text.`,
			Published: at(1, 12),
		},
	}
	_, err := store.SaveBatch(tb.Context(), arts, func(fresh []*news.Article) (news.Clustering, error) {
		b := fresh[0].ID
		return news.Clustering{Assignments: []news.Assignment{
			{ArticleID: fresh[0].ID, StoryID: b},
			{ArticleID: fresh[1].ID, StoryID: b},
			{ArticleID: fresh[2].ID, StoryID: b, DuplicateOf: fresh[1].ID},
			{ArticleID: fresh[3].ID, StoryID: fresh[3].ID},
			{ArticleID: fresh[4].ID, StoryID: fresh[4].ID},
		}, Storylines: []news.StorylineAssignment{
			// The fire joins the bridge's storyline, so that one storyline
			// has two stories.
			{StoryID: b, StorylineID: b}, {StoryID: fresh[3].ID, StorylineID: b}, {StoryID: fresh[4].ID, StorylineID: fresh[4].ID},
		}}, nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	// Ingestion stores each story's synthesized headline; the bridge's is
	// the one its synthesizer below writes.
	if err := store.SetHeadlines(tb.Context(), map[int64]string{arts[0].ID: bridgeHeadline}); err != nil {
		tb.Fatal(err)
	}
	return &fixture{store: store, bridge: arts[0].ID, fire: arts[3].ID, evil: arts[4].ID,
		harbour: arts[0].ID, wire: arts[1].ID, copy: arts[2].ID}
}

// bridgeHeadline is the bridge story's synthesized headline.
const bridgeHeadline = "Kestrel Bay bridge collapses; four rescued"

// bridgeSynthesis is what a synthesizer might write for the bridge story.
func (f *fixture) synthesizer() *Synthesizer {
	return &Synthesizer{SynthesizeFn: func(ctx context.Context, st *news.Story, members []*news.Article) (*news.Synthesis, error) {
		if st.ID != f.bridge {
			return &news.Synthesis{StoryID: st.ID, Headline: st.Headline}, nil
		}
		return &news.Synthesis{
			StoryID:  st.ID,
			Headline: bridgeHeadline,
			Summary: []news.SummarySentence{
				{Span: news.Span{ArticleID: f.harbour, Start: 0, End: 99, Text: "The old swing bridge over Kestrel Bay collapsed on Monday morning, sending two vans into the water."}, Source: "Harbour Watch"},
				{Span: news.Span{ArticleID: f.wire, Text: "Four people were rescued, officials said."}, Source: "Northwire", Supporting: []int64{f.harbour}},
			},
			Entities: []news.Entity{{Name: "Kestrel Bay", Kind: news.EntityPlace, Count: 4, Sources: map[string]int{"Harbour Watch": 2, "Northwire": 2}}},
			Timeline: []news.TimelineEntry{
				{Date: time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC), Granularity: "year", Kind: "mentioned", Text: "Engineers warn about corrosion.", ArticleIDs: []int64{f.wire}, Sources: []string{"Northwire"}},
				{Date: at(2, 8), Granularity: "time", Kind: "published", Text: "First report.", ArticleIDs: []int64{f.harbour}, Sources: []string{"Harbour Watch"}},
			},
			Comparison: news.Comparison{
				Agreed:       []news.Claim{{Text: "Four people were rescued.", Sources: []string{"Harbour Watch", "Northwire"}, ArticleIDs: []int64{f.harbour, f.wire}}},
				SingleSource: []news.Claim{{Text: "The mayor promised an inquiry.", Sources: []string{"Northwire"}, ArticleIDs: []int64{f.wire}}},
				Conflicts: []news.Conflict{{What: "vehicles in the water", Sides: []news.ConflictSide{
					{Value: "two vans", Text: "sending two vans into the water", Sources: []string{"Harbour Watch"}, ArticleIDs: []int64{f.harbour}},
					{Value: "three cars", Text: "three cars fell", Sources: []string{"Northwire"}, ArticleIDs: []int64{f.wire}},
				}}},
			},
			Groups: [][]int64{{f.harbour}, {f.wire, f.copy}},
		}, nil
	}}
}

func newTestServer(tb testing.TB, f *fixture, synth news.Synthesizer, cfg Config) *Server {
	tb.Helper()
	if synth == nil {
		return New(cfg, f.store, nil, slog.New(slog.DiscardHandler))
	}
	return New(cfg, f.store, synth, slog.New(slog.DiscardHandler))
}

// do sends a request to h and returns the recorded response.
func do(tb testing.TB, h http.Handler, method, target string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// decode decodes a JSON response into v, failing on a wrong status.
func decode(tb testing.TB, w *httptest.ResponseRecorder, status int, v any) {
	tb.Helper()
	if w.Code != status {
		tb.Fatalf("status = %d, want %d; body: %s", w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		tb.Fatalf("Content-Type = %q, want JSON", ct)
	}
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		tb.Fatalf("decode %s: %v", w.Body, err)
	}
}

// wantError checks a response in the API's error format.
func wantError(tb testing.TB, w *httptest.ResponseRecorder, status int, code string) {
	tb.Helper()
	var body errorBody
	decode(tb, w, status, &body)
	if body.Error.Code != code || body.Error.Message == "" {
		tb.Fatalf("error = %+v, want code %q and a message", body.Error, code)
	}
}

func TestStatusOf(t *testing.T) {
	for _, tc := range []struct {
		code string
		want int
	}{
		{news.ENOTFOUND, 404}, {news.EINVALID, 400}, {news.ECONFLICT, 409}, {news.EINTERNAL, 500},
		{eUnauthorized, 401}, {eForbidden, 403}, {eTooLarge, 413}, {eUnsupported, 415}, {eMethod, 405},
		{eUnavailable, 503}, {"something else", 500},
	} {
		if got := statusOf(tc.code); got != tc.want {
			t.Errorf("statusOf(%q) = %d, want %d", tc.code, got, tc.want)
		}
	}
}

func TestServer_InternalErrorsHidden(t *testing.T) {
	f := newFixture(t)
	synth := &Synthesizer{SynthesizeFn: func(context.Context, *news.Story, []*news.Article) (*news.Synthesis, error) {
		return nil, fmt.Errorf("secret path /var/lib/x")
	}}
	var logs strings.Builder
	s := New(Config{}, f.store, synth, slog.New(slog.NewTextHandler(&logs, nil)))
	// A failing synthesizer degrades the page rather than failing it.
	w := do(t, s.Handler(), "GET", fmt.Sprintf("/api/v1/stories/%d", f.bridge), nil)
	var d storyDetail
	decode(t, w, 200, &d)
	if d.Synthesis != nil || len(d.Summary) == 0 || w.Header().Get("ETag") != "" {
		t.Errorf("degraded detail: synthesis %v, summary %d, etag %q", d.Synthesis, len(d.Summary), w.Header().Get("ETag"))
	}
	if !strings.Contains(logs.String(), "secret path") {
		t.Errorf("synthesis error not logged: %s", logs.String())
	}
	// A closed store gives a 500 whose body hides the cause.
	f.store.Close()
	w = do(t, s.Handler(), "GET", "/api/v1/sources", nil)
	wantError(t, w, 500, news.EINTERNAL)
	if strings.Contains(w.Body.String(), "sql") || strings.Contains(w.Body.String(), "closed") {
		t.Errorf("internal detail leaked: %s", w.Body)
	}
	w = do(t, s.Handler(), "GET", "/api/v1/health", nil)
	wantError(t, w, 503, eUnavailable)
}

func TestServer_ListenAndServe_Shutdown(t *testing.T) {
	f := newFixture(t)
	s := New(Config{Addr: "127.0.0.1:0"}, f.store, nil, nil)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.ListenAndServe(ctx) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("ListenAndServe = %v, want nil after shutdown", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not shut down")
	}
	if s.http.ReadHeaderTimeout == 0 || s.http.ReadTimeout == 0 || s.http.WriteTimeout == 0 || s.http.IdleTimeout == 0 {
		t.Errorf("timeouts not all set: %+v", s.http)
	}
}
