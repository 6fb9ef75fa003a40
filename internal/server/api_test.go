package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

func storyIDs(list storyList) []int64 {
	var ids []int64
	for _, st := range list.Stories {
		ids = append(ids, st.ID)
	}
	return ids
}

func TestAPI_StoryIndex(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, nil, Config{}).Handler()
	for _, tc := range []struct {
		name  string
		query string
		want  []int64
	}{
		{"Newest", "", []int64{f.fire, f.bridge, f.evil}},
		{"Active", "sort=active", []int64{f.bridge, f.fire, f.evil}},
		{"Source", "source=Northwire", []int64{f.bridge}},
		{"Language", "language=en", []int64{f.fire, f.bridge, f.evil}},
		{"LanguageNone", "language=fr", nil},
		{"Query", "q=warehouse", []int64{f.fire}},
		{"Entity", "entity=Kestrel+Bay", []int64{f.bridge}},
		{"SinceDate", "since=2015-11-02", []int64{f.fire, f.bridge}},
		{"UntilDate", "until=2015-11-02", []int64{f.bridge, f.evil}},
		{"SinceRFC3339", "since=2015-11-03T00:00:00Z", []int64{f.fire}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var list storyList
			decode(t, do(t, h, "GET", "/api/v1/stories?"+tc.query, nil), 200, &list)
			if got := storyIDs(list); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("GET /api/v1/stories?%s = %v, want %v", tc.query, got, tc.want)
			}
			if list.Total != len(tc.want) || list.NextCursor != nil {
				t.Errorf("total %d, next %v; want %d, nil", list.Total, list.NextCursor, len(tc.want))
			}
		})
	}
	for _, sort := range []string{"newest", "active"} {
		t.Run("Cursor/"+sort, func(t *testing.T) {
			var got []int64
			q := url.Values{"limit": {"1"}, "sort": {sort}}
			for range 10 {
				var list storyList
				decode(t, do(t, h, "GET", "/api/v1/stories?"+q.Encode(), nil), 200, &list)
				got = append(got, storyIDs(list)...)
				if list.Total != 3 {
					t.Fatalf("total = %d, want 3", list.Total)
				}
				if list.NextCursor == nil {
					break
				}
				q.Set("cursor", *list.NextCursor)
			}
			var all storyList
			decode(t, do(t, h, "GET", "/api/v1/stories?sort="+sort, nil), 200, &all)
			if fmt.Sprint(got) != fmt.Sprint(storyIDs(all)) {
				t.Errorf("paged = %v, want %v", got, storyIDs(all))
			}
		})
	}
	for _, q := range []string{"sort=best", "since=yesterday", "limit=0", "limit=1000", "cursor=!!", "q=%21%21", "sort=active&cursor=" + cursor{Sort: "newest"}.String()} {
		t.Run("Invalid/"+q, func(t *testing.T) {
			wantError(t, do(t, h, "GET", "/api/v1/stories?"+q, nil), 400, news.EINVALID)
		})
	}
}

func TestAPI_StoryView(t *testing.T) {
	f := newFixture(t)
	synth := f.synthesizer()
	s := newTestServer(t, f, synth, Config{})
	h := s.Handler()
	path := fmt.Sprintf("/api/v1/stories/%d", f.bridge)

	w := do(t, h, "GET", path, nil)
	var d storyDetail
	decode(t, w, 200, &d)
	if d.Headline != "Kestrel Bay bridge collapses; four rescued" || d.Synthesis == nil || len(d.Summary) != 2 {
		t.Fatalf("detail = headline %q, synthesis %v, %d summary sentences", d.Headline, d.Synthesis != nil, len(d.Summary))
	}
	if d.Story.Articles != 3 || d.Story.Sources != 3 {
		t.Errorf("story = %+v, want 3 articles from 3 sources", d.Story)
	}
	if len(d.Groups) != 2 || d.Groups[1].Original.ID != f.wire || len(d.Groups[1].Copies) != 1 || d.Groups[1].Copies[0].ID != f.copy {
		t.Errorf("groups = %+v, want [harbour] [wire, copy]", d.Groups)
	}

	t.Run("ETag", func(t *testing.T) {
		etag := w.Header().Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		calls := synth.Calls.Load()
		w := do(t, h, "GET", path, nil, "If-None-Match", etag)
		if w.Code != 304 || w.Body.Len() != 0 {
			t.Fatalf("conditional GET = %d %q, want 304 and no body", w.Code, w.Body)
		}
		if got := synth.Calls.Load(); got != calls {
			t.Errorf("synthesizer called %d more times for a 304", got-calls)
		}
		w = do(t, h, "GET", path, nil, "If-None-Match", `"other", `+etag)
		if w.Code != 304 {
			t.Errorf("If-None-Match list = %d, want 304", w.Code)
		}
		// The story changes: the ETag does too.
		if _, err := f.store.SaveBatch(t.Context(), []*news.Article{{Source: "Late Wire", Title: "Bridge inquiry opens", Body: "An inquiry into the Kestrel Bay bridge opened.", Language: "en", ContentHash: "late", Published: at(4, 9)}},
			func(fresh []*news.Article) (news.Clustering, error) {
				return news.Clustering{Assignments: []news.Assignment{{ArticleID: fresh[0].ID, StoryID: f.bridge}}}, nil
			}); err != nil {
			t.Fatal(err)
		}
		w = do(t, h, "GET", path, nil, "If-None-Match", etag)
		if w.Code != 200 || w.Header().Get("ETag") == etag {
			t.Errorf("after a new article: %d with ETag %s, want 200 and a new ETag", w.Code, w.Header().Get("ETag"))
		}
	})

	t.Run("WithoutSynthesizer", func(t *testing.T) {
		h := newTestServer(t, f, nil, Config{}).Handler()
		var d storyDetail
		decode(t, do(t, h, "GET", path, nil), 200, &d)
		if d.Synthesis != nil || d.Headline != d.Story.Headline {
			t.Errorf("synthesis %v, headline %q; want nil and the stored headline", d.Synthesis, d.Headline)
		}
		// Lead sentences: one per outlet, near-copies skipped.
		if len(d.Summary) != 3 || d.Summary[0].Text != "The old swing bridge over Kestrel Bay collapsed on Monday morning, sending two vans into the water." {
			t.Errorf("summary = %+v", d.Summary)
		}
		for _, sen := range d.Summary {
			if sen.ArticleID == f.copy {
				t.Errorf("near-copy %d in summary", f.copy)
			}
		}
		if len(d.Groups) != 3 || len(d.Groups[1].Copies) != 1 {
			t.Errorf("groups by DuplicateOf = %+v", d.Groups)
		}
	})

	t.Run("Merged", func(t *testing.T) {
		if err := f.store.MergeStories(t.Context(), f.bridge, f.fire); err != nil {
			t.Fatal(err)
		}
		w := do(t, h, "GET", fmt.Sprintf("/api/v1/stories/%d", f.fire), nil)
		var m mergedBody
		decode(t, w, 301, &m)
		if want := fmt.Sprintf("/api/v1/stories/%d", f.bridge); w.Header().Get("Location") != want || m.MergedInto != f.bridge || m.Location != want {
			t.Errorf("merged: Location %q, body %+v; want %s", w.Header().Get("Location"), m, want)
		}
		w = do(t, h, "GET", fmt.Sprintf("/stories/%d", f.fire), nil)
		if w.Code != 301 || w.Header().Get("Location") != fmt.Sprintf("/stories/%d", f.bridge) {
			t.Errorf("merged page: %d to %q", w.Code, w.Header().Get("Location"))
		}
	})

	t.Run("NotFound", func(t *testing.T) { wantError(t, do(t, h, "GET", "/api/v1/stories/999999", nil), 404, news.ENOTFOUND) })
	for _, p := range []string{"/api/v1/stories/abc", "/api/v1/stories/-1", "/api/v1/stories/0", "/api/v1/articles/1x"} {
		t.Run("Malformed"+p, func(t *testing.T) { wantError(t, do(t, h, "GET", p, nil), 400, news.EINVALID) })
	}
}

func TestAPI_Article(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, nil, Config{}).Handler()
	var a news.Article
	decode(t, do(t, h, "GET", fmt.Sprintf("/api/v1/articles/%d", f.evil), nil), 200, &a)
	if a.ID != f.evil || a.Title != evilTitle {
		t.Errorf("article = %d %q, want %d %q", a.ID, a.Title, f.evil, evilTitle)
	}
	wantError(t, do(t, h, "GET", "/api/v1/articles/424242", nil), 404, news.ENOTFOUND)
}

func TestAPI_Sources(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, nil, Config{}).Handler()
	var list sourceList
	decode(t, do(t, h, "GET", "/api/v1/sources", nil), 200, &list)
	if len(list.Sources) != 5 {
		t.Errorf("sources = %+v, want 5", list.Sources)
	}
}

func TestAPI_Search(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, nil, Config{}).Handler()
	var res searchResult
	decode(t, do(t, h, "GET", "/api/v1/search?q=bridge+rescued", nil), 200, &res)
	if len(res.Articles) == 0 || len(res.Stories) != 1 || res.Stories[0].ID != f.bridge {
		t.Fatalf("search = %+v", res)
	}
	for _, hit := range res.Articles {
		if strings.ContainsAny(hit.Snippet, news.MarkStart+news.MarkEnd) {
			t.Errorf("snippet has raw markers: %q", hit.Snippet)
		}
		if !strings.Contains(hit.SnippetHTML, "<mark>") {
			t.Errorf("snippet_html %q has no <mark>", hit.SnippetHTML)
		}
	}
	decode(t, do(t, h, "GET", "/api/v1/search?q=mayoral", nil), 200, &res)
	if len(res.Articles) == 0 || res.Articles[0].ArticleID != f.evil || strings.Contains(res.Articles[0].SnippetHTML, "<script") || !strings.Contains(res.Articles[0].SnippetHTML, "&lt;script&gt;") {
		t.Errorf("untrusted snippet not escaped: %+v", res.Articles)
	}
	wantError(t, do(t, h, "GET", "/api/v1/search", nil), 400, news.EINVALID)
	wantError(t, do(t, h, "GET", "/api/v1/search?q=%2A%2A", nil), 400, news.EINVALID)
}

// fakeIngest stands in for the pipeline: it decodes a JSON object, array or
// JSON Lines into articles, each its own story.
func fakeIngest(store news.Store) IngestFunc {
	return func(ctx context.Context, r io.Reader, contentType string) (IngestResult, error) {
		var res IngestResult
		type item struct{ Title, Text, Source, URL string }
		var items []item
		buf, _ := io.ReadAll(r)
		switch trimmed := bytes.TrimSpace(buf); {
		case contentType == "application/json" && trimmed[0] == '[':
			if err := json.Unmarshal(trimmed, &items); err != nil {
				return res, news.Errorf(news.EINVALID, "bad JSON array: %v", err)
			}
		default:
			sc := bufio.NewScanner(bytes.NewReader(trimmed))
			for n := 1; sc.Scan(); n++ {
				var it item
				if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
					res.Failed++
					res.Errors = append(res.Errors, fmt.Sprintf("-:%d: %v", n, err))
					continue
				}
				items = append(items, it)
			}
		}
		var arts []*news.Article
		for _, it := range items {
			arts = append(arts, &news.Article{Title: it.Title, Body: it.Text, Source: it.Source, URL: it.URL, Language: "en", ContentHash: it.Title + it.Text})
		}
		res.Read = len(items) + res.Failed
		b, err := store.SaveBatch(ctx, arts, func(fresh []*news.Article) (news.Clustering, error) {
			out := make([]news.Assignment, len(fresh))
			for i, a := range fresh {
				out[i] = news.Assignment{ArticleID: a.ID, StoryID: a.ID}
			}
			return news.Clustering{Assignments: out}, nil
		})
		res.Created, res.Skipped, res.Stories = b.Created, b.Skipped, b.Created
		return res, err
	}
}

func TestAPI_Ingest(t *testing.T) {
	f := newFixture(t)
	cfg := Config{IngestToken: "s3cret", MaxIngestBytes: 1 << 10, Ingest: fakeIngest(f.store)}
	h := newTestServer(t, f, nil, cfg).Handler()
	auth := []string{"Authorization", "Bearer s3cret", "Content-Type", "application/json"}
	array := `[{"title":"Ferry strike ends","text":"The ferry strike ended.","source":"Isle Post"},{"title":"Ferry strike ends","text":"The ferry strike ended.","source":"Isle Post"}]`

	t.Run("OK/Array", func(t *testing.T) {
		var res IngestResult
		decode(t, do(t, h, "POST", "/api/v1/ingest", strings.NewReader(array), auth...), 200, &res)
		if res.Read != 2 || res.Created != 1 || res.Skipped != 1 || res.Errors == nil {
			t.Errorf("result = %+v, want 2 read, 1 created, 1 skipped", res)
		}
	})
	t.Run("OK/JSONL", func(t *testing.T) {
		body := "{\"title\":\"Tram line opens\",\"text\":\"A tram line opened.\",\"source\":\"Metro\"}\nnot json\n"
		var res IngestResult
		decode(t, do(t, h, "POST", "/api/v1/ingest", strings.NewReader(body), "Authorization", "Bearer s3cret", "Content-Type", "application/x-ndjson"), 200, &res)
		if res.Created != 1 || res.Failed != 1 || len(res.Errors) != 1 {
			t.Errorf("result = %+v, want 1 created, 1 failed with its error", res)
		}
	})
	t.Run("ErrNoToken", func(t *testing.T) {
		w := do(t, h, "POST", "/api/v1/ingest", strings.NewReader(array), "Content-Type", "application/json")
		wantError(t, w, 401, eUnauthorized)
		if w.Header().Get("WWW-Authenticate") == "" {
			t.Error("no WWW-Authenticate header")
		}
	})
	t.Run("ErrWrongToken", func(t *testing.T) {
		wantError(t, do(t, h, "POST", "/api/v1/ingest", strings.NewReader(array), "Authorization", "Bearer s3cre"), 401, eUnauthorized)
	})
	t.Run("ErrTooLarge", func(t *testing.T) {
		big := `[{"title":"x","text":"` + strings.Repeat("y", 2<<10) + `"}]`
		wantError(t, do(t, h, "POST", "/api/v1/ingest", strings.NewReader(big), auth...), 413, eTooLarge)
	})
	t.Run("ErrMediaType", func(t *testing.T) {
		wantError(t, do(t, h, "POST", "/api/v1/ingest", strings.NewReader(array), "Authorization", "Bearer s3cret", "Content-Type", "text/html"), 415, eUnsupported)
	})
	t.Run("ErrEmpty", func(t *testing.T) {
		wantError(t, do(t, h, "POST", "/api/v1/ingest", strings.NewReader("  "), auth...), 400, news.EINVALID)
	})
	t.Run("OK/SchemeCase", func(t *testing.T) {
		// The authentication scheme is case-insensitive.
		for _, scheme := range []string{"bearer", "BEARER", "bEaReR"} {
			body := `{"title":"Bridge reopens ` + scheme + `","text":"The bridge reopened.","source":"Metro"}`
			var res IngestResult
			decode(t, do(t, h, "POST", "/api/v1/ingest", strings.NewReader(body), "Authorization", scheme+" s3cret", "Content-Type", "application/json"), 200, &res)
		}
		wantError(t, do(t, h, "POST", "/api/v1/ingest", strings.NewReader(array), "Authorization", "Basic s3cret"), 401, eUnauthorized)
	})
	t.Run("ErrNothingRead", func(t *testing.T) {
		// A body none of whose items could be read is a bad request,
		// whose message gives the items' errors.
		w := do(t, h, "POST", "/api/v1/ingest", strings.NewReader("not json\nnor this\n"), "Authorization", "Bearer s3cret", "Content-Type", "application/x-ndjson")
		wantError(t, w, 400, news.EINVALID)
		if !strings.Contains(w.Body.String(), ":1: ") {
			t.Errorf("body %s does not give the items' errors", w.Body.String())
		}
	})
	t.Run("ErrMethod", func(t *testing.T) {
		w := do(t, h, "GET", "/api/v1/ingest", nil)
		wantError(t, w, 405, eMethod)
		if w.Header().Get("Allow") != "POST" {
			t.Errorf("Allow = %q, want POST", w.Header().Get("Allow"))
		}
	})
	t.Run("ErrDisabled", func(t *testing.T) {
		for _, cfg := range []Config{{}, {IngestToken: "s3cret"}, {Ingest: fakeIngest(f.store)}} {
			h := newTestServer(t, f, nil, cfg).Handler()
			wantError(t, do(t, h, "POST", "/api/v1/ingest", strings.NewReader(array), auth...), 403, eForbidden)
		}
	})
	t.Run("ErrCrossOrigin", func(t *testing.T) {
		w := do(t, h, "POST", "/api/v1/ingest", strings.NewReader(array), append(auth, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")...)
		if w.Code != 403 {
			t.Errorf("cross-origin browser POST = %d, want 403", w.Code)
		}
	})
}

func TestAPI_HealthAndMetrics(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, nil, Config{}).Handler()
	var hl health
	decode(t, do(t, h, "GET", "/api/v1/health", nil), 200, &hl)
	if hl.Status != "ok" {
		t.Errorf("health = %+v", hl)
	}
	do(t, h, "GET", "/api/v1/stories", nil)
	do(t, h, "GET", "/api/v1/stories/999999", nil)
	w := do(t, h, "GET", "/metrics", nil)
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("metrics: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	body := w.Body.String()
	for _, want := range []string{
		`storyline_http_requests_total{route="GET /api/v1/stories",code="200"} 1`,
		`storyline_http_requests_total{route="GET /api/v1/stories/{id}",code="404"} 1`,
		`storyline_http_request_duration_seconds_bucket{route="GET /api/v1/stories",le="+Inf"} 1`,
		`storyline_http_request_duration_seconds_count{route="GET /api/v1/health"} 1`,
		"# TYPE storyline_http_request_duration_seconds histogram",
		"storyline_articles 5\n",
		"storyline_stories 3\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
}

func TestAPI_NotFound(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, nil, Config{}).Handler()
	wantError(t, do(t, h, "GET", "/api/v1/nothing", nil), 404, news.ENOTFOUND)
	wantError(t, do(t, h, "DELETE", "/api/v1/stories", nil), 405, eMethod)
}

// TestServer_NoSniff: every response, JSON, Atom, HTML, errors and
// metrics, tells browsers not to guess its type.
func TestServer_NoSniff(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, nil, Config{}).Handler()
	for _, path := range []string{"/api/v1/stories", "/api/v1/health", "/api/v1/openapi.json", "/api/v1/nothing", "/feeds/stories.atom", "/", "/no/such/page", "/metrics", "/static/nothing.css"} {
		w := do(t, h, "GET", path, nil)
		if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s (%d): X-Content-Type-Options %q, want nosniff", path, w.Code, got)
		}
	}
}
