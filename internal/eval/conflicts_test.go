package eval

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestInjectMentions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want []string
	}{
		{"Two people are dead after a shooting.", []string{"killed 2"}},
		{"Police said 3 people were shot and killed.", []string{"killed 3"}},
		{"Five people were shot at a party.", []string{"shot 5"}},
		{"A gunman opened fire, wounding four others.", []string{"injured 4"}},
		{"A 24-year-old man and Smith, 43, were hurt.", []string{"age 24", "age 43"}},
		{"Bail was set at $1.5 million.", []string{"money 1500000"}},
		{"A 6.1-magnitude quake struck.", []string{"magnitude 6.1"}},
		{"The navy captured 23 suspected pirates.", []string{"arrested 23"}},
		{"The gunfire left eight people, including themselves, wounded.", nil},
		{"He was shot 3 times.", nil},
	}
	for _, tc := range tests {
		var got []string
		for _, m := range injectMentions(ClusterRecord{Text: tc.text}) {
			got = append(got, m.kind+" "+strconv.FormatFloat(m.value, 'f', -1, 64))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("injectMentions(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestFormatLike(t *testing.T) {
	t.Parallel()
	tests := []struct {
		orig string
		v    float64
		want string
	}{
		{"Two", 4, "Four"}, {"two", 5, "five"}, {"TWO", 3, "THREE"}, {"12", 15, "15"},
		{"1,200", 2400, "2,400"}, {"6.1", 6.5, "6.5"}, {"two", 25, "25"},
	}
	for _, tc := range tests {
		if got := formatLike(tc.orig, tc.v); got != tc.want {
			t.Errorf("formatLike(%q, %v) = %q, want %q", tc.orig, tc.v, got, tc.want)
		}
	}
}

// conflictFixture is a tiny clustering file: events of two or three
// articles from different outlets that share numbers.
func conflictFixture() []ClusterRecord {
	var recs []ClusterRecord
	for e := range 12 {
		ev := fmt.Sprintf("ev-%d", e)
		for a, src := range []string{"a.example", "b.example", "c.example"}[:2+e%2] {
			recs = append(recs, ClusterRecord{
				ID: fmt.Sprintf("%d-%d", e, a), Event: ev, Source: src,
				Title: fmt.Sprintf("Two dead in shooting on street %d", e),
				Text:  fmt.Sprintf("Two people were killed and a 24-year-old man was hurt on street %d, police said.", e),
			})
		}
	}
	// One event too large for a small story, one with no shared number.
	for a := range 7 {
		recs = append(recs, ClusterRecord{ID: fmt.Sprint("big-", a), Event: "big", Source: fmt.Sprint(a), Text: "Two people were killed."})
	}
	recs = append(recs, ClusterRecord{ID: "x1", Event: "none", Source: "a", Text: "Police investigate."},
		ClusterRecord{ID: "x2", Event: "none", Source: "b", Text: "A quiet night."})
	return recs
}

func TestBuildConflictSet(t *testing.T) {
	t.Parallel()
	recs := conflictFixture()
	set := BuildConflictSet(recs, "fixture", ConflictSetOptions{Seed: 7})
	if len(set) != 12 {
		t.Fatalf("%d stories, want the 12 small events with a shared number", len(set))
	}
	injected := 0
	for _, st := range set {
		if st.ID == "big" || st.ID == "none" {
			t.Errorf("story %s should not be in the set", st.ID)
		}
		if !st.Injected {
			if !st.Agreeing {
				t.Errorf("control %s: outlets agree, Agreeing = false", st.ID)
			}
			continue
		}
		injected++
		if st.Old == st.New || len(st.Witnesses) == 0 {
			t.Errorf("story %s: %v -> %v with witnesses %v", st.ID, st.Old, st.New, st.Witnesses)
		}
		changed := st.Recs[st.Article]
		orig := recs[slices.IndexFunc(recs, func(r ClusterRecord) bool { return r.ID == changed.ID })]
		if changed.Text == orig.Text {
			t.Errorf("story %s: the article's body is unchanged", st.ID)
		}
		if st.Kind == "killed" && (changed.Title == orig.Title || strings.Contains(changed.Title, "Two")) {
			t.Errorf("story %s: headline %q not changed with the body", st.ID, changed.Title)
		}
	}
	if injected != 6 {
		t.Errorf("%d injected, want half of 12", injected)
	}
	// Deterministic: the same seed gives the same set.
	again := BuildConflictSet(recs, "fixture", ConflictSetOptions{Seed: 7})
	for i := range set {
		if set[i].ID != again[i].ID || set[i].New != again[i].New || set[i].Kind != again[i].Kind {
			t.Fatalf("seeded sets differ at %d: %+v vs %+v", i, set[i], again[i])
		}
	}
	// Split cuts the large event into parts of at most six.
	split := BuildConflictSet(recs, "fixture", ConflictSetOptions{Seed: 7, Split: true})
	parts := 0
	for _, st := range split {
		if strings.HasPrefix(st.ID, "big#") {
			parts++
			if len(st.Recs) > 6 {
				t.Errorf("part %s has %d articles", st.ID, len(st.Recs))
			}
		}
	}
	if parts != 2 {
		t.Errorf("%d parts of the large event, want 2", parts)
	}
}
