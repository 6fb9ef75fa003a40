package server

import (
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/story/synthesis"
)

// TestClaimsRanked checks that the API and the story page carry the
// comparison's claims in their ranked order, with their scores, as the
// real synthesizer gives them.
func TestClaimsRanked(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, &synthesis.Synthesizer{}, Config{}).Handler()

	var d storyDetail
	decode(t, do(t, h, "GET", fmt.Sprintf("/api/v1/stories/%d", f.bridge), nil), 200, &d)
	if d.Synthesis == nil {
		t.Fatal("no synthesis")
	}
	c := d.Synthesis.Comparison
	claims := append(append([]news.Claim{}, c.Agreed...), c.SingleSource...)
	if len(claims) < 2 {
		t.Fatalf("%d claims, want at least 2", len(claims))
	}
	for _, list := range [][]news.Claim{c.Agreed, c.SingleSource} {
		for i, cl := range list {
			if cl.Score <= 0 {
				t.Errorf("claim %q has no score", cl.Text)
			}
			if i > 0 && cl.Score > list[i-1].Score {
				t.Errorf("API claims out of rank order: %v after %v", cl.Score, list[i-1].Score)
			}
		}
	}

	w := do(t, h, "GET", fmt.Sprintf("/stories/%d", f.bridge), nil)
	if w.Code != 200 {
		t.Fatalf("story page: %d", w.Code)
	}
	page := w.Body.String()
	for _, list := range [][]news.Claim{c.Agreed, c.SingleSource} {
		last := -1
		for _, cl := range list {
			i := strings.Index(page[max(0, last):], html.EscapeString(cl.Text))
			if i < 0 {
				t.Errorf("story page lacks claim %q (or lists it out of rank order)", cl.Text)
				continue
			}
			last = max(0, last) + i
		}
	}
}
