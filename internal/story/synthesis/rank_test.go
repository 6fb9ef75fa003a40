package synthesis

import (
	"slices"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/text/junk"
)

// rankStory is a small story: three outlets report a bridge collapse; one
// of them carries a video playlist and a follow prompt.
func rankStory() []*news.Article {
	return []*news.Article{
		{ID: 1, Source: "Daily Bugle", Title: "Bridge collapses over the Harlan river", Body: "The Harlan river bridge collapsed on Tuesday morning, killing three commuters and injuring nine others.\n\n" +
			"Engineers had warned the county about corrosion in the bridge supports last spring.\n\n" +
			"The county fair opens next week with a new carousel and a pie contest for local bakers.\n\n" +
			"1:56 Protesters march against the new parking rules downtown Pause\n\n" +
			"0:41 Person detained after hotel incident in Miramar\n\n" +
			"Follow DAILYBUGLE.COM: Facebook | Twitter"},
		{ID: 2, Source: "Harlan Herald", Title: "Three dead as Harlan bridge falls", Body: "Three commuters were killed and nine injured when the Harlan river bridge collapsed on Tuesday morning.\n\n" +
			"Engineers had warned county officials about corrosion in the bridge supports, records show.\n\n" +
			"Divers searched the river for a missing truck driver until dark on Tuesday.\n\n" +
			"https://www.example.org/bridge-donations"},
		{ID: 3, Source: "River Times", Title: "Harlan river bridge collapse kills three", Body: "The bridge over the Harlan river collapsed during the Tuesday morning commute, killing three commuters.\n\n" +
			"The governor ordered inspections of every bridge in the county after the collapse on Tuesday.\n\n" +
			"A local bakery donated bread to the rescue crews and the families waiting at the river."},
	}
}

func TestRankClaims(t *testing.T) {
	t.Parallel()
	syn, err := (&Synthesizer{}).Synthesize(t.Context(), &news.Story{ID: 1}, rankStory())
	if err != nil {
		t.Fatal(err)
	}
	c := syn.Comparison
	if len(c.Agreed) == 0 || len(c.SingleSource) == 0 {
		t.Fatalf("want agreed and single-source claims, got %d and %d", len(c.Agreed), len(c.SingleSource))
	}
	for name, list := range map[string][]news.Claim{"agreed": c.Agreed, "single": c.SingleSource} {
		if !slices.IsSortedFunc(list, func(x, y news.Claim) int {
			switch {
			case x.Score > y.Score:
				return -1
			case x.Score < y.Score:
				return 1
			}
			return 0
		}) {
			t.Errorf("%s claims are not sorted by score", name)
		}
		for _, cl := range list {
			if cl.Score <= 0 || cl.Score > 1 {
				t.Errorf("%s claim %q: score %v, want in (0, 1]", name, cl.Text, cl.Score)
			}
			if junk.Is(cl.Text) {
				t.Errorf("%s claim %q is junk (%s)", name, cl.Text, junk.Reason(cl.Text))
			}
		}
	}
	for _, s := range syn.Summary {
		if junk.Is(s.Text) {
			t.Errorf("summary sentence %q is junk", s.Text)
		}
	}
	// The claim all three outlets make comes first.
	if top := c.Agreed[0]; len(top.Sources) != 3 || !strings.Contains(strings.ToLower(top.Text), "collapse") {
		t.Errorf("top agreed claim %q by %v, want the collapse, by all three outlets", top.Text, top.Sources)
	}
	// A sentence about the event outranks a side topic of the same outlet.
	rank := func(words string) int {
		return slices.IndexFunc(c.SingleSource, func(cl news.Claim) bool { return strings.Contains(cl.Text, words) })
	}
	event, side := rank("governor ordered inspections"), rank("bakery donated bread")
	if event < 0 || side < 0 || event > side {
		t.Errorf("single-source ranks: inspections %d, bakery %d; want inspections first\n%v", event, side, c.SingleSource)
	}
}
