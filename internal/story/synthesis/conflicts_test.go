package synthesis

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// TestConflicts checks which quantities two or three reports of one
// shooting disagree on. Each report is "source|title|body".
func TestConflicts(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		reports []string
		want    []string // "what: v1 v2"
	}{
		{"changed count", []string{
			"A|Two dead in Elm Street shooting|Two people were killed on Elm Street on Monday, police said.",
			"B|Four dead in Elm Street shooting|Four people were killed on Elm Street on Monday, police said.",
		}, []string{"killed: 2 4"}},
		{"age of a described and a named person", []string{
			"A|Man shot on Elm Street|A 24-year-old man was shot on Elm Street on Monday.",
			"B|Elm Street shooting victim named|John Smith, 26, was shot on Elm Street on Monday.",
		}, []string{"age of Smith: 24 26"}},
		{"a hedge holding the other value", []string{
			"A|Bridge falls|At least 12 people were killed when the bridge fell.",
			"B|Bridge falls|Fifteen people were killed when the bridge fell.",
		}, nil},
		{"victims and officers are different counts", []string{
			"A|Shooting|Two officers were wounded in the shooting on Elm Street.",
			"B|Shooting|Five people were wounded in the shooting on Elm Street.",
		}, nil},
		{"a part of the wounded", []string{
			"A|Shooting|Five people were wounded on Elm Street. Two of the wounded are in critical condition.",
			"B|Shooting|Five people were wounded on Elm Street, police said.",
		}, nil},
		{"a second person one source leaves out", []string{
			"A|Shooting|A 24-year-old man was killed. Police arrested Tom Jones, 31, on Tuesday.",
			"B|Shooting|John Smith, 24, was killed on Elm Street.",
		}, nil},
		{"two surnames are two people", []string{
			"A|Shooting|John Smith, 24, was killed on Elm Street.",
			"B|Shooting|Police arrested Tom Jones, 31, on Tuesday.",
		}, nil},
		{"leads disagree though one repeats the other", []string{
			"A|Five dead in Elm Street shooting|Five people are dead after a shooting on Elm Street.\n\nA neighbour said two people were killed.",
			"B|Two dead in Elm Street shooting|Two people are dead after a shooting on Elm Street.",
		}, []string{"killed: 2 5"}},
		{"first counts disagree though one later quotes the other", []string{
			"A|Plant shooting|A gunman opened fire at the plant on Monday. Workers ran for cover. Managers closed the gates. Five people have died, police said. An officer said: we have two fatalities we can confirm.",
			"B|Plant shooting|A gunman opened fire at the plant on Monday. Workers ran for cover. Managers closed the gates. Two people are dead, police said.",
		}, []string{"killed: 2 5"}},
		{"first counts agree, a later count is another's", []string{
			"A|Plant shooting|A gunman opened fire at the plant on Monday. Workers ran for cover. Managers closed the gates. Two people have died, police said.",
			"B|Plant shooting|A gunman opened fire at the plant on Monday. Workers ran for cover. Managers closed the gates. Two people are dead, police said. Last year five people were killed at another plant.",
		}, nil},
		{"one outlet is one source", []string{
			"A|Two dead|Two people were killed on Elm Street.",
			"A|Four dead|Four people were killed on Elm Street.",
		}, nil},
		{"an outlet's later report repeating the other's value", []string{
			"A|Teen killed|Police were called to Elm Street on Monday. Officers found a victim. Neighbours gathered. A 16-year-old died later.",
			"A|Teen named|Police were called to Elm Street on Monday. Officers found a victim. Neighbours gathered. The 15-year-old was named.",
			"B|Teen killed|Police were called to Elm Street on Monday. Officers found a victim. Neighbours gathered. The 15-year-old died.",
		}, []string{"age: 15 16"}},
		{"two outlets' reports each agreeing with one of the other's", []string{
			"A|Two dead|Two people were killed on Elm Street.",
			"A|Two dead|Police said two people were killed on Elm Street.",
			"B|Two dead|Two people were killed on Elm Street on Monday.",
		}, nil},
		{"sums of money", []string{
			"A|Bail set|Bail was set at $50,000 for the suspect.",
			"B|Bail set|A judge set bail at $75,000 for the suspect.",
		}, []string{"money (bail, USD): 50000 75000"}},
	}
	for _, tc := range tests {
		var arts []*news.Article
		for i, r := range tc.reports {
			f := strings.SplitN(r, "|", 3)
			arts = append(arts, article(int64(i+1), f[0], f[1], f[2], day.Add(time.Duration(i)*time.Hour)))
		}
		var got []string
		for _, c := range conflicts(arts, splitAll(arts)) {
			s := c.What + ":"
			for _, sd := range c.Sides {
				s += " " + sd.Value
			}
			got = append(got, s)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: conflicts = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestConflicts_Development(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	arts := []*news.Article{
		article(1, "A", "Bridge falls", "At least 12 people were killed when the bridge fell.", day),
		article(2, "B", "Toll rises", "The death toll rose to 15 on Wednesday.", day.AddDate(0, 0, 1)),
	}
	cs := conflicts(arts, splitAll(arts))
	if len(cs) != 1 || !cs[0].Development || cs[0].Kind != "killed" {
		t.Fatalf("conflicts = %+v, want one development of the killed", cs)
	}
	s := cs[0].Sides
	if len(s) != 2 || s[0].Value != "12" || s[0].Qualifier != "at least" || !s[1].Update || !s[1].Published.Equal(day.AddDate(0, 0, 1)) {
		t.Errorf("sides %+v, want at least 12 (Tuesday) and 15 as an update (Wednesday)", s)
	}
}

// TestConflicts_NearCopies checks that a near-copy of another outlet
// speaks only for the numbers it changed: one that repeats its original is
// no second voice, one that changed a number disagrees with it.
func TestConflicts_NearCopies(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	body := "Police said Jamie Seals, %s, of Conway, died at the scene. Deputies said the shooting was self defense and no charges were filed."
	tests := []struct {
		name      string
		copyAge   string
		copySrc   string
		wantWhats []string
	}{
		{"an unchanged copy", "35", "B", nil},
		{"a copy that changed an age", "40", "B", []string{"age of Seals: 35 40"}},
		{"an outlet's own copy", "40", "A", nil},
	}
	for _, tc := range tests {
		arts := []*news.Article{
			article(1, "A", "Conway shooting deemed self defense", fmt.Sprintf(body, "35"), day),
			article(2, tc.copySrc, "Conway shooting deemed self defense", fmt.Sprintf(body, tc.copyAge), day.Add(time.Hour)),
		}
		arts[1].DuplicateOf = 1
		var got []string
		for _, c := range conflicts(arts, splitAll(arts)) {
			s := c.What + ":"
			for _, sd := range c.Sides {
				s += " " + sd.Value
			}
			got = append(got, s)
		}
		if !slices.Equal(got, tc.wantWhats) {
			t.Errorf("%s: conflicts = %q, want %q", tc.name, got, tc.wantWhats)
		}
	}
}
