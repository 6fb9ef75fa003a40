package server

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/taxonomy"
)

// testTaxonomy classifies the fixture's outlets. Kestrel Courier's bridge
// article is a near-copy of Northwire's, so the bridge story's independent
// sources are both left.
const testTaxonomy = `#order lean=left,center,right
source,lean,type
Harbour Watch,left,local
Northwire|*.northwire.example,left,wire
Kestrel Courier,right,local
Dunmore Daily,center,local
"Evil <b>Outlet</b>",right,<script>x</script>
`

func saveTestTaxonomy(tb testing.TB, f *fixture) {
	tb.Helper()
	tx, err := taxonomy.Parse(strings.NewReader(testTaxonomy), "test.csv")
	if err != nil {
		tb.Fatal(err)
	}
	if err := f.store.SaveTaxonomy(tb.Context(), tx); err != nil {
		tb.Fatal(err)
	}
}

func TestServer_StoryCoverage(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, f.synthesizer(), Config{}).Handler()
	target := fmt.Sprintf("/api/v1/stories/%d", f.bridge)

	// Without a taxonomy: an empty coverage object.
	w := do(t, h, "GET", target, nil)
	var d storyDetail
	if err := json.Unmarshal(w.Body.Bytes(), &d); err != nil || d.Coverage == nil || len(d.Coverage) != 0 {
		t.Fatalf("coverage without a taxonomy: %v, %s", err, w.Body)
	}
	etag := w.Header().Get("ETag")

	saveTestTaxonomy(t, f)
	w = do(t, h, "GET", target, nil, "If-None-Match", etag)
	if w.Code != 200 {
		t.Fatalf("after a taxonomy import, the old ETag got %d, want 200", w.Code)
	}
	if w.Header().Get("Last-Modified") != "" {
		t.Errorf("coverage answered with Last-Modified %q, which the taxonomy cannot keep", w.Header().Get("Last-Modified"))
	}
	d = storyDetail{}
	json.Unmarshal(w.Body.Bytes(), &d)
	lean := d.Coverage["lean"]
	if lean == nil || fmt.Sprint(lean.Values) != "[{left [Harbour Watch Northwire] 2 1}]" || fmt.Sprint(lean.Missing) != "[center right]" {
		t.Errorf("bridge lean coverage %+v, want left: Harbour Watch, Northwire; missing center, right", lean)
	}
	if etag2 := w.Header().Get("ETag"); do(t, h, "GET", target, nil, "If-None-Match", etag2).Code != 304 {
		t.Errorf("the new ETag did not validate")
	}

	// The story page draws a bar per dimension, with the values as text.
	page := do(t, h, "GET", fmt.Sprintf("/stories/%d", f.bridge), nil).Body.String()
	for _, want := range []string{"Who reports it", `<span class="cov-dim">lean:</span>`, "left 2</span>", "none from <span class=\"nw\">center</span>, <span class=\"nw\">right</span>", `href="/?covered_by=lean:left"`} {
		if !strings.Contains(page, want) {
			t.Errorf("story page lacks %q", want)
		}
	}
	// Every front-page card has the main dimension's bar.
	front := do(t, h, "GET", "/", nil).Body.String()
	if n := strings.Count(front, `class="coverage"`); n != 3 {
		t.Errorf("front page has %d coverage bars, want one per story (3)", n)
	}
}

func TestServer_CoveredBy(t *testing.T) {
	f := newFixture(t)
	saveTestTaxonomy(t, f)
	h := newTestServer(t, f, f.synthesizer(), Config{}).Handler()
	for _, tc := range []struct {
		query string
		want  []int64
	}{
		{"lean:center", []int64{f.fire}},
		{"lean:left", []int64{f.bridge}},
		{"LEAN:Right", []int64{f.bridge, f.evil}}, // a near-copy's outlet still reported the bridge
		{"type:wire", []int64{f.bridge}},
		{"type:public", nil},
	} {
		w := do(t, h, "GET", "/api/v1/stories?covered_by="+url.QueryEscape(tc.query), nil)
		var list storyList
		if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || w.Code != 200 {
			t.Fatalf("covered_by=%s: %d %s", tc.query, w.Code, w.Body)
		}
		var got []int64
		for _, st := range list.Stories {
			got = append(got, st.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) || list.Total != len(tc.want) {
			t.Errorf("covered_by=%s: stories %v (total %d), want %v", tc.query, got, list.Total, tc.want)
		}
	}
	for _, bad := range []string{"lean", "lean:far-left", "owner:x", ":left"} {
		if w := do(t, h, "GET", "/api/v1/stories?covered_by="+url.QueryEscape(bad), nil); w.Code != 400 {
			t.Errorf("covered_by=%s: %d, want 400", bad, w.Code)
		}
	}
	if page := do(t, h, "GET", "/?covered_by=lean:center", nil).Body.String(); !strings.Contains(page, "Warehouse fire") || strings.Contains(page, bridgeHeadline) {
		t.Errorf("front page covered_by=lean:center does not list only the fire story")
	}
}

func TestServer_Blindspots(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, f.synthesizer(), Config{}).Handler()
	if w := do(t, h, "GET", "/api/v1/blindspots", nil); w.Code != 400 || !strings.Contains(w.Body.String(), "no outlet taxonomy") {
		t.Errorf("blindspots without a taxonomy: %d %s", w.Code, w.Body)
	}
	saveTestTaxonomy(t, f)
	var list blindspotList
	w := do(t, h, "GET", "/api/v1/blindspots", nil)
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || w.Code != 200 {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if list.Dimension != "lean" || list.Examined != 3 || len(list.Blindspots) != 0 {
		t.Errorf("default blindspots %+v: want lean, 3 examined, none (two sources is below the minimum of 3)", list)
	}
	w = do(t, h, "GET", "/api/v1/blindspots?min_sources=2", nil)
	list = blindspotList{}
	json.Unmarshal(w.Body.Bytes(), &list)
	if len(list.Blindspots) != 1 || list.Blindspots[0].Story.ID != f.bridge || fmt.Sprint(list.Blindspots[0].Side) != "[left]" ||
		fmt.Sprint(list.Blindspots[0].Missing) != "[center right]" {
		t.Errorf("blindspots at min 2: %+v, want the bridge story from the left", list.Blindspots)
	}

	page := do(t, h, "GET", "/blindspots?min_sources=2", nil)
	body := page.Body.String()
	if page.Code != 200 || !strings.Contains(body, bridgeHeadline) || !strings.Contains(body, "Covered from the <strong>left</strong> side: 2 of 2 classified sources; none from center, right.") {
		t.Errorf("blindspots page: %d\n%s", page.Code, body)
	}
	if !strings.Contains(body, `href="/feeds/blindspots.atom?dim=lean&amp;min_sources=2"`) {
		t.Errorf("blindspots page's feed link does not keep the thresholds")
	}
	if !strings.Contains(body, `href="/blindspots?dim=type"`) {
		t.Errorf("blindspots page does not offer the other dimension")
	}
	if w := do(t, h, "GET", "/blindspots?dim=nope", nil); w.Code != 400 {
		t.Errorf("blindspots page for an unknown dimension: %d", w.Code)
	}

	feed := do(t, h, "GET", "/feeds/blindspots.atom?min_sources=2", nil)
	var doc atomFeed
	if err := xml.Unmarshal(feed.Body.Bytes(), &doc); err != nil || len(doc.Entries) != 1 {
		t.Fatalf("blindspots feed: %v, %d entries\n%s", err, len(doc.Entries), feed.Body)
	}
	if e := doc.Entries[0]; e.Title != bridgeHeadline || !strings.Contains(e.Summary, "2 of 2 classified independent sources are left on lean (Harbour Watch, Northwire). None is center, right.") {
		t.Errorf("feed entry %+v", e)
	}
}

func TestServer_SourceProfile(t *testing.T) {
	f := newFixture(t)
	saveTestTaxonomy(t, f)
	h := newTestServer(t, f, f.synthesizer(), Config{}).Handler()
	var list sourceList
	if err := json.Unmarshal(do(t, h, "GET", "/api/v1/sources", nil).Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range list.Sources {
		got[e.Name] = fmt.Sprint(e.Values)
	}
	if got["Northwire"] != "map[lean:left type:wire]" || got["Dunmore Daily"] != "map[lean:center type:local]" {
		t.Errorf("API source values %v", got)
	}
	body := do(t, h, "GET", "/sources/Dunmore%20Daily", nil).Body.String()
	for _, want := range []string{"<dt>lean</dt><dd><a href=\"/?covered_by=lean:center\">center</a></dd>", "in 1 story; 1 of them reported by no other outlet."} {
		if !strings.Contains(body, want) {
			t.Errorf("Dunmore Daily's page lacks %q\n%s", want, body)
		}
	}
	body = do(t, h, "GET", "/sources/Northwire", nil).Body.String()
	if !strings.Contains(body, "in 1 story; 0 of them reported by no other outlet.") {
		t.Errorf("Northwire's page does not say it is the only outlet of none")
	}
	if err := f.store.SetSourceValues(t.Context(), "evil <b>outlet</b>", map[string]string{"lean": "", "type": ""}); err != nil {
		t.Fatal(err)
	}
	body = do(t, h, "GET", "/sources/"+url.PathEscape("Evil <b>Outlet</b>"), nil).Body.String()
	if !strings.Contains(body, "Not classified in the outlet taxonomy") {
		t.Errorf("an unclassified source's page does not say so")
	}
}
