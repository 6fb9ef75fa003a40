package server

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

var headingRe = regexp.MustCompile(`<h([1-6])[\s>]`)

// checkAccessible checks the page frame and heading order of an HTML page.
func checkAccessible(t *testing.T, page string) {
	t.Helper()
	for _, want := range []string{`<html lang="en">`, `<main id="main">`, `<header`, `<nav aria-label="Main">`, `<footer`, `role="search"`, `<label for="site-q">`, `name="viewport"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	levels := headingRe.FindAllStringSubmatch(page, -1)
	if len(levels) == 0 || levels[0][1] != "1" {
		t.Fatalf("page does not start with an h1: %v", levels)
	}
	prev := 1
	for _, m := range levels[1:] {
		l := int(m[1][0] - '0')
		if l == 1 {
			t.Errorf("more than one h1")
		}
		if l > prev+1 {
			t.Errorf("heading jumps from h%d to h%d", prev, l)
		}
		prev = l
	}
	if strings.Contains(page, "<img") && !regexp.MustCompile(`<img[^>]+alt=`).MatchString(page) {
		t.Errorf("image without alt text")
	}
}

// TestUI_Pages renders every page and checks its frame, heading order and
// that untrusted article text is escaped.
func TestUI_Pages(t *testing.T) {
	f := newFixture(t)
	saveTestTaxonomy(t, f)
	s := newTestServer(t, f, f.synthesizer(), Config{})
	h := s.Handler()
	rendered := map[string]bool{}
	for _, tc := range []struct {
		name, path string
		page       string
		want       []string
	}{
		{"Front", "/", pageFront, []string{"Kestrel Bay bridge collapses; four rescued", `class="source-mark"`, "3 articles from 3 outlets", "Harbour Watch", "Warehouse fire in Dunmore"}},
		{"FrontActive", "/?sort=active", pageFront, []string{"most active"}},
		{"FrontPaged", "/?limit=1", pageFront, []string{`rel="next"`}},
		{"Story", fmt.Sprintf("/stories/%d", f.bridge), pageStory, []string{
			"Kestrel Bay bridge collapses; four rescued",
			fmt.Sprintf(`<a class="source-mark" href="#article-%d">[Harbour Watch]</a>`, f.harbour),
			fmt.Sprintf(`<a class="source-mark" href="#article-%d">[Northwire]</a>`, f.wire),
			"What several outlets report", "Reported by one outlet only", "Where the sources disagree", "three cars",
			"Timeline", "2013", "Kestrel Bay", fmt.Sprintf(`id="article-%d"`, f.copy), "1 near-copy", "<details>",
		}},
		{"StoryEvil", fmt.Sprintf("/stories/%d", f.evil), pageStory, []string{"First sentences of the reports"}},
		{"StoryInStoryline", fmt.Sprintf("/stories/%d", f.fire), pageStory, []string{
			fmt.Sprintf(`Part of: <a href="/storylines/%d">%s</a>, 2 events since <time`, f.bridge, bridgeHeadline)}},
		{"Storyline", fmt.Sprintf("/storylines/%d", f.bridge), pageStoryline, []string{
			"Its events, in time order", "2 events, 4 articles", "Follow this storyline (Atom)", "It began on",
			fmt.Sprintf(`<a href="/stories/%d">%s</a>`, f.bridge, bridgeHeadline), fmt.Sprintf(`<a href="/stories/%d">Warehouse fire in Dunmore`, f.fire)}},
		{"StorylineNotFound", "/storylines/424242", pageError, []string{"storyline 424242 not found"}},
		{"Article", fmt.Sprintf("/articles/%d", f.copy), pageArticle, []string{"Near-copy of", "The mayor promised an inquiry."}},
		{"ArticleEvil", fmt.Sprintf("/articles/%d", f.evil), pageArticle, []string{"&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;"}},
		{"Search", "/search?q=bridge", pageSearch, []string{"<mark>bridge</mark>", "Stories", "Follow this search"}},
		{"SearchEvil", "/search?q=" + url.QueryEscape(`mayoral <script>`), pageSearch, []string{"<mark>mayoral</mark>", `value="mayoral &lt;script&gt;"`}},
		{"SearchEmpty", "/search", pageSearch, []string{`<label for="page-q">`}},
		{"SearchInvalid", "/search?q=%2A%2A", pageSearch, []string{`role="alert"`}},
		{"Sources", "/sources", pageSourceIndex, []string{"Northwire", "/sources/Evil%20%3Cb%3EOutlet%3C%2Fb%3E"}},
		{"Source", "/sources/" + url.PathEscape("Evil <b>Outlet</b>"), pageSource, []string{"Evil &lt;b&gt;Outlet&lt;/b&gt;", "&lt;script&gt;x&lt;/script&gt;"}},
		{"Blindspots", "/blindspots?min_sources=2", pageBlindspots, []string{"Blindspots by lean", "Covered from the <strong>left</strong> side"}},
		{"BlindspotsType", "/blindspots?dim=type&min_sources=1", pageBlindspots, []string{"&lt;script&gt;x&lt;/script&gt;"}},
		{"NotFound", "/nowhere", pageError, []string{"There is no page at /nowhere."}},
		{"StoryNotFound", "/stories/424242", pageError, []string{"story 424242 not found"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := do(t, h, "GET", tc.path, nil)
			status := 200
			if tc.page == pageError {
				status = 404
			}
			if w.Code != status || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
				t.Fatalf("GET %s = %d %s, want %d HTML", tc.path, w.Code, w.Header().Get("Content-Type"), status)
			}
			page := w.Body.String()
			checkAccessible(t, page)
			for _, want := range tc.want {
				if !strings.Contains(page, want) {
					t.Errorf("GET %s lacks %q", tc.path, want)
				}
			}
			for _, bad := range []string{"<script", "<b>Outlet", "<img src=x"} {
				if strings.Contains(page, bad) {
					t.Errorf("GET %s contains unescaped %q", tc.path, bad)
				}
			}
			rendered[tc.page] = true
		})
	}
	for name := range s.tpl.pages {
		if !rendered[name] {
			t.Errorf("page %q is never rendered by this test", name)
		}
	}
}

func TestUI_StoryETag(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, nil, Config{}).Handler()
	path := fmt.Sprintf("/stories/%d", f.bridge)
	w := do(t, h, "GET", path, nil)
	etag := w.Header().Get("ETag")
	if etag == "" {
		t.Fatal("story page has no ETag")
	}
	if api := do(t, h, "GET", "/api/v1"+path, nil).Header().Get("ETag"); api == etag {
		t.Errorf("HTML and JSON share ETag %s", etag)
	}
	if w := do(t, h, "GET", path, nil, "If-None-Match", etag); w.Code != 304 {
		t.Errorf("conditional GET = %d, want 304", w.Code)
	}
}

func TestUI_Static(t *testing.T) {
	h := newTestServer(t, newFixture(t), nil, Config{}).Handler()
	w := do(t, h, "GET", "/static/style.css", nil)
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("style.css = %d %s", w.Code, w.Header().Get("Content-Type"))
	}
}

func TestHighlight(t *testing.T) {
	const s, e = news.MarkStart, news.MarkEnd
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"a " + s + "bridge" + e + " fell", "a <mark>bridge</mark> fell"},
		{s + "<b>" + e + " & " + s + "x" + e, "<mark>&lt;b&gt;</mark> &amp; <mark>x</mark>"},
		{"unclosed " + s + "mark", "unclosed <mark>mark</mark>"},
		{"stray " + e + "end " + s + s + "double" + e + e, "stray end <mark>double</mark>"},
		{`"quoted" 'x'`, "&#34;quoted&#34; &#39;x&#39;"},
	} {
		if got := string(highlight(tc.in)); got != tc.want {
			t.Errorf("highlight(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzHighlight(f *testing.F) {
	f.Add("a \x02b\x03 <c>")
	f.Add("\x03\x02\x02&")
	f.Fuzz(func(t *testing.T, in string) {
		out := string(highlight(in))
		rest := strings.ReplaceAll(strings.ReplaceAll(out, "<mark>", ""), "</mark>", "")
		if strings.ContainsAny(rest, "<>\x02\x03") {
			t.Fatalf("highlight(%q) = %q: unescaped markup or markers", in, out)
		}
		if strings.Count(out, "<mark>") != strings.Count(out, "</mark>") {
			t.Fatalf("highlight(%q) = %q: unbalanced", in, out)
		}
	})
}

func TestFirstSentence(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Short. Then more.", "Short. Then more."},
		{"\n\nThe bridge over the bay fell on Monday. Four were rescued.", "The bridge over the bay fell on Monday."},
		{"One paragraph only\n\nSecond.", "One paragraph only"},
		{strings.Repeat("word ", 100), strings.TrimSpace(strings.Repeat("word ", 60))},
		{"", ""},
	} {
		start, end := firstSentence(tc.in)
		if got := tc.in[start:end]; got != tc.want {
			t.Errorf("firstSentence(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// atom is the part of an Atom feed the tests read.
type atom struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Entries []struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Summary string `xml:"summary"`
		Links   []struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestFeeds(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, nil, Config{BaseURL: "https://news.example/"}).Handler()
	get := func(t *testing.T, path string) atom {
		t.Helper()
		w := do(t, h, "GET", path, nil)
		if w.Code != 200 || w.Header().Get("Content-Type") != "application/atom+xml; charset=utf-8" {
			t.Fatalf("GET %s = %d %s: %s", path, w.Code, w.Header().Get("Content-Type"), w.Body)
		}
		var feed atom
		if err := xml.Unmarshal(w.Body.Bytes(), &feed); err != nil {
			t.Fatalf("GET %s: %v\n%s", path, err, w.Body)
		}
		return feed
	}
	t.Run("Stories", func(t *testing.T) {
		feed := get(t, "/feeds/stories.atom")
		if len(feed.Entries) != 3 || feed.Entries[1].ID != fmt.Sprintf("https://news.example/stories/%d", f.bridge) {
			t.Errorf("entries = %+v", feed.Entries)
		}
		if feed.Updated != "2015-11-03T06:00:00Z" {
			t.Errorf("updated = %s", feed.Updated)
		}
		if feed.Entries[2].Title != evilTitle {
			t.Errorf("title did not round-trip: %q", feed.Entries[2].Title)
		}
	})
	t.Run("Story", func(t *testing.T) {
		feed := get(t, fmt.Sprintf("/feeds/stories/%d.atom", f.bridge))
		if len(feed.Entries) != 3 || feed.Entries[0].Title != "Kestrel Courier: Four rescued after Kestrel Bay bridge falls" {
			t.Errorf("entries = %+v", feed.Entries)
		}
	})
	t.Run("Search", func(t *testing.T) {
		feed := get(t, "/feeds/search.atom?q=bridge")
		if len(feed.Entries) != 3 || strings.ContainsAny(feed.Entries[0].Summary, "\x02\x03") {
			t.Errorf("entries = %+v", feed.Entries)
		}
	})
	for p, want := range map[string]int{"/feeds/stories/abc.atom": 400, "/feeds/stories/1.rss": 404, "/feeds/stories/424242.atom": 404} {
		if w := do(t, h, "GET", p, nil); w.Code != want {
			t.Errorf("GET %s = %d, want %d", p, w.Code, want)
		}
	}
	if w := do(t, h, "GET", "/feeds/search.atom", nil); w.Code != 400 {
		t.Errorf("search feed without q = %d, want 400", w.Code)
	}
}

// TestUI_StoryPageLayout checks the reading order of a story page
// (summary, conflicts, agreed claims, single-source claims, timeline,
// entities, articles) and that long lists fold after their first items
// into <details>, which needs no JavaScript.
func TestUI_StoryPageLayout(t *testing.T) {
	f := newFixture(t)
	base := f.synthesizer()
	synth := &Synthesizer{SynthesizeFn: func(ctx context.Context, st *news.Story, members []*news.Article) (*news.Synthesis, error) {
		syn, err := base.SynthesizeFn(ctx, st, members)
		if err != nil || st.ID != f.bridge {
			return syn, err
		}
		for i := range 9 {
			syn.Comparison.SingleSource = append(syn.Comparison.SingleSource, news.Claim{Text: fmt.Sprintf("Single claim number %d.", i), ArticleIDs: []int64{f.wire}})
			syn.Comparison.Agreed = append(syn.Comparison.Agreed, news.Claim{Text: fmt.Sprintf("Agreed claim number %d.", i), ArticleIDs: []int64{f.wire, f.harbour}})
		}
		return syn, nil
	}}
	h := newTestServer(t, f, synth, Config{}).Handler()
	page := do(t, h, "GET", fmt.Sprintf("/stories/%d", f.bridge), nil).Body.String()
	last := -1
	for _, id := range []string{`id="headline"`, `id="summary-h"`, `id="conflicts-h"`, `id="agreed-h"`, `id="single-h"`, `id="timeline-h"`, `id="entities-h"`, `id="articles-h"`} {
		i := strings.Index(page, id)
		if i < 0 || i < last {
			t.Errorf("%s at %d, after %d: out of order or missing", id, i, last)
		}
		last = max(last, i)
	}
	// 10 single-source claims: 3 shown, 7 folded; 10 agreed: 5 shown, 5 folded.
	for _, want := range []string{"7 more claims from one outlet</summary>", "5 more claims several outlets agree on", "Single claim number 8."} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	details := strings.Index(page, "7 more claims")
	if i := strings.Index(page, "Single claim number 1."); i < 0 || i > details {
		t.Errorf("the second single-source claim is folded (at %d, fold at %d)", i, details)
	}
	if i := strings.Index(page, "Single claim number 2."); i < details {
		t.Errorf("the fourth single-source claim is shown (at %d, fold at %d)", i, details)
	}
}

// TestFeeds_UndatedLast checks that a story's feed lists an undated
// article, stamped only with its ingest time (today), after the dated ones.
func TestFeeds_UndatedLast(t *testing.T) {
	f := newFixture(t)
	a := &news.Article{Source: "Bay Radio", Language: "en", ContentHash: "undated", Title: "Bridge inquiry opens", Body: "An inquiry into the Kestrel Bay bridge opened."}
	_, err := f.store.SaveBatch(t.Context(), []*news.Article{a}, func(fresh []*news.Article) (news.Clustering, error) {
		return news.Clustering{Assignments: []news.Assignment{{ArticleID: fresh[0].ID, StoryID: f.bridge}}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h := newTestServer(t, f, nil, Config{}).Handler()
	body := do(t, h, "GET", fmt.Sprintf("/feeds/stories/%d.atom", f.bridge), nil).Body.String()
	undated, dated := strings.Index(body, "Bridge inquiry opens"), strings.Index(body, "Kestrel Bay bridge collapses during morning rush")
	if undated < 0 || dated < 0 || undated < dated {
		t.Errorf("undated entry at %d, a dated one at %d: want the undated one last", undated, dated)
	}
}

// An undated article's time on the story, article and source pages is
// when it was received, and says so: it is not shown as a publish time.
func TestUI_UndatedArticleSaysReceived(t *testing.T) {
	f := newFixture(t)
	a := &news.Article{Source: "Bay Radio", Language: "en", ContentHash: "undated", Title: "Bridge inquiry opens", Body: "An inquiry into the Kestrel Bay bridge opened."}
	_, err := f.store.SaveBatch(t.Context(), []*news.Article{a}, func(fresh []*news.Article) (news.Clustering, error) {
		return news.Clustering{Assignments: []news.Assignment{{ArticleID: fresh[0].ID, StoryID: f.bridge}}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h := newTestServer(t, f, nil, Config{}).Handler()
	for _, path := range []string{fmt.Sprintf("/stories/%d", f.bridge), fmt.Sprintf("/articles/%d", a.ID), "/sources/Bay%20Radio"} {
		body := do(t, h, "GET", path, nil).Body.String()
		if !strings.Contains(body, "undated, received <time") {
			t.Errorf("%s does not say the undated article was received, not published", path)
		}
	}
	story := do(t, h, "GET", fmt.Sprintf("/stories/%d", f.bridge), nil).Body.String()
	if n := strings.Count(story, "undated, received"); n != 1 {
		t.Errorf("story page says %d times that an article is undated; want 1 (the dated members keep their publish times)", n)
	}
}
