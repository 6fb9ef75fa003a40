package coverage

import (
	"fmt"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/taxonomy"
)

const testTaxonomy = `#order lean=left,lean-left,center,lean-right,right
source,lean,type
l1.example,left,commercial
l2.example,left,public
ll.example,lean-left,commercial
c.example,center,wire
lr.example,lean-right,commercial
r1.example,right,commercial
*.r2.example,right,local
`

func matcher(t *testing.T) *taxonomy.Matcher {
	t.Helper()
	tx, err := taxonomy.Parse(strings.NewReader(testTaxonomy), "test.csv")
	if err != nil {
		t.Fatal(err)
	}
	return taxonomy.NewMatcher(tx)
}

// stream builds articles from "source" or "source<ID" (a near-copy of the
// article with that ID) specs; IDs count from 1.
func stream(specs ...string) []*news.Article {
	var out []*news.Article
	for i, s := range specs {
		a := &news.Article{ID: int64(i + 1), Source: s}
		if src, of, ok := strings.Cut(s, "<"); ok {
			a.Source = src
			fmt.Sscan(of, &a.DuplicateOf)
		}
		out = append(out, a)
	}
	return out
}

func TestOf(t *testing.T) {
	t.Parallel()
	m := matcher(t)
	// l1 twice (one source), a near-copy by c.example of l2's article (not
	// independent), a wildcard match and an unclassified outlet.
	members := stream("l1.example", "l2.example", "l1.example", "c.example<2", "news.r2.example", "other.example")
	c := Of(m, members)
	lean := c["lean"]
	if got, want := fmt.Sprint(lean.Values), "[{left [l1.example l2.example] 2 0.6666666666666666} {right [news.r2.example] 1 0.3333333333333333}]"; got != want {
		t.Errorf("lean values %s\nwant %s", got, want)
	}
	if got, want := fmt.Sprint(lean.Missing), "[lean-left center lean-right]"; got != want {
		t.Errorf("lean missing %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(lean.Unclassified), "[other.example]"; got != want {
		t.Errorf("unclassified %s, want %s", got, want)
	}
	if lean.Classified != 3 {
		t.Errorf("classified %d, want 3", lean.Classified)
	}
	// A nominal dimension: most sources first; missing are the values the
	// taxonomy uses that no source has.
	typ := c["type"]
	if got, want := fmt.Sprint(typ.Values), "[{commercial [l1.example] 1 0.3333333333333333} {local [news.r2.example] 1 0.3333333333333333} {public [l2.example] 1 0.3333333333333333}]"; got != want {
		t.Errorf("type values %s\nwant %s", got, want)
	}
	if got, want := fmt.Sprint(typ.Missing), "[wire]"; got != want {
		t.Errorf("type missing %s, want %s", got, want)
	}
}

func TestSources(t *testing.T) {
	t.Parallel()
	// A near-copy whose original is not a member counts as a source.
	got := Sources(stream("a", "b<1", "c<99", "a", ""))
	if want := "[a c]"; fmt.Sprint(got) != want {
		t.Errorf("Sources = %v, want %s", got, want)
	}
}

func TestFind(t *testing.T) {
	t.Parallel()
	m := matcher(t)
	tx := m.Taxonomy()
	lean, _ := tx.Dimension("lean")
	typ, _ := tx.Dimension("type")
	tests := []struct {
		name    string
		members []string
		dim     news.Dimension
		th      Thresholds
		want    string // "" for no blindspot, else side/share/missing
	}{
		{"left only", []string{"l1.example", "l2.example", "ll.example"}, lean, DefaultThresholds(), "[left lean-left] 1.00 [center lean-right right]"},
		{"right with centre under 20%", []string{"r1.example", "x.r2.example", "lr.example", "r1.example", "y.r2.example", "c.example"}, lean, Thresholds{3, 0.75}, "[lean-right right] 0.80 [left lean-left]"},
		{"balanced", []string{"l1.example", "c.example", "r1.example"}, lean, DefaultThresholds(), ""},
		{"too few sources", []string{"l1.example", "l2.example"}, lean, DefaultThresholds(), ""},
		{"near-copies do not count", []string{"l1.example", "l2.example", "r1.example", "l1.example", "ll.example<1", "ll.example<2"}, lean, DefaultThresholds(), ""},
		{"one outlet's articles count once", []string{"l1.example", "l1.example", "l1.example", "l1.example", "r1.example", "c.example"}, lean, DefaultThresholds(), ""},
		{"unclassified left out", []string{"l1.example", "l2.example", "ll.example", "other.example", "more.example"}, lean, DefaultThresholds(), "[left lean-left] 1.00 [center lean-right right]"},
		{"centre only is no blindspot", []string{"c.example", "c.example", "c.example"}, lean, Thresholds{1, 0.8}, ""},
		{"nominal", []string{"l1.example", "ll.example", "lr.example", "r1.example"}, typ, DefaultThresholds(), "[commercial] 1.00 [public wire local]"},
		{"nominal mixed", []string{"l1.example", "l2.example", "c.example"}, typ, DefaultThresholds(), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Of(m, stream(tc.members...))
			b, ok := Find(tx, tc.dim, c[tc.dim.Name], tc.th)
			got := ""
			if ok {
				got = fmt.Sprintf("%v %.2f %v", b.Side, b.Share, b.Missing)
			}
			if got != tc.want {
				t.Errorf("Find(%v) = %q, want %q", tc.members, got, tc.want)
			}
		})
	}
}
