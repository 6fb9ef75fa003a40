package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// TestUI_Developments: a figure that changed over time ("toll rises to 15")
// is shown as a development, oldest first, with its times and hedges, and
// not among the disagreements; a real disagreement still is.
func TestUI_Developments(t *testing.T) {
	f := newFixture(t)
	day1 := time.Date(2026, 3, 10, 10, 15, 0, 0, time.UTC)
	day2 := day1.Add(21 * time.Hour)
	synth := &Synthesizer{SynthesizeFn: func(ctx context.Context, st *news.Story, members []*news.Article) (*news.Synthesis, error) {
		return &news.Synthesis{StoryID: st.ID, Headline: st.Headline, Comparison: news.Comparison{Conflicts: []news.Conflict{
			{What: "killed", Kind: "killed", Development: true, Sides: []news.ConflictSide{
				{Value: "15", Text: "Death toll rises to 15", Sources: []string{"Northwire"}, ArticleIDs: []int64{f.wire}, Update: true, Published: day2},
				{Value: "12", Text: "Collapse kills at least 12", Sources: []string{"Harbour Watch"}, ArticleIDs: []int64{f.harbour}, Qualifier: "at least", Published: day1},
			}},
			{What: "injured", Kind: "injured", Sides: []news.ConflictSide{
				{Value: "6", Text: "Six people were hurt", Sources: []string{"Harbour Watch"}, ArticleIDs: []int64{f.harbour}},
				{Value: "40", Text: "Forty people were hurt", Sources: []string{"Northwire"}, ArticleIDs: []int64{f.wire}},
			}},
		}}}, nil
	}}
	h := newTestServer(t, f, synth, Config{}).Handler()
	page := do(t, h, "GET", fmt.Sprintf("/stories/%d", f.bridge), nil).Body.String()
	checkAccessible(t, page)
	dev := strings.Index(page, "How the figures changed")
	dis := strings.Index(page, "Where the sources disagree")
	if dev < 0 || dis < 0 {
		t.Fatalf("page lacks a section: developments at %d, disagreements at %d", dev, dis)
	}
	first := strings.Index(page, "at least 12: Collapse kills at least 12")
	second := strings.Index(page, "15: Death toll rises to 15")
	if first < dev || second < first {
		t.Errorf("development not shown oldest first with its hedge (12 at %d, 15 at %d, section at %d)", first, second, dev)
	}
	if !strings.Contains(page, humanTime(day1)+", at least 12") {
		t.Errorf("development side lacks its publish time %q", humanTime(day1))
	}
	if inj := strings.Index(page, "40: Forty people were hurt"); inj < dis || inj > dev {
		t.Errorf("the injured disagreement is not under %q", "Where the sources disagree")
	}
	// The development is not repeated among the disagreements, which
	// come first.
	if dis > dev || strings.Contains(page[dis:dev], "Death toll rises to 15") {
		t.Errorf("development listed as a disagreement, or the sections out of order")
	}
}
