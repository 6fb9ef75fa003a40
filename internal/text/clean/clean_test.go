package clean

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func reasons(r Result) map[string]int {
	m := map[string]int{}
	for _, x := range r.Removed {
		m[x.Reason]++
	}
	return m
}

func TestArticle(t *testing.T) {
	t.Parallel()
	const lede = "A section of the Kessel Street Bridge collapsed into the Averin River on Tuesday, killing at least 12 people, officials said."
	const second = "Mayor Elena Varga said divers had pulled 31 people from the water."
	const third = "The bridge, built in 1968, carried about 40,000 vehicles a day."
	tests := []struct {
		name        string
		title, text string
		wantTitle   string
		wantBody    string
		wantReasons map[string]int
		dateline    string
		byline      string
	}{
		{
			name:      "glued title",
			text:      "Bridge collapse kills 12\n\nBridge collapse kills 12Bridge collapse kills 12\n\n" + lede,
			wantTitle: "Bridge collapse kills 12", wantBody: lede,
			wantReasons: map[string]int{ReasonTitle: 1},
		},
		{
			name:  "title glued in title field",
			title: "Bridge collapse kills 12Bridge collapse kills 12", text: lede,
			wantTitle: "Bridge collapse kills 12", wantBody: lede,
		},
		{
			name:      "comment footer and share",
			title:     "Bridge collapse kills 12",
			text:      lede + "\n\nShare this article\n\nLeave a comment\n\nYour email address will not be published. Required fields are marked *\n\nName\n\nEmail",
			wantTitle: "Bridge collapse kills 12", wantBody: lede,
			wantReasons: map[string]int{ReasonBoilerplate: 1, ReasonFooter: 4},
		},
		{
			name:      "dateline and byline",
			title:     "Bridge collapse kills 12",
			text:      "By Jane Doe\n\nPORT AVERIN, March 10 (Meridian Press) - " + lede + "\n\n" + second,
			wantTitle: "Bridge collapse kills 12", wantBody: lede + "\n\n" + second,
			dateline: "PORT AVERIN, March 10 (Meridian Press)", byline: "By Jane Doe",
			wantReasons: map[string]int{ReasonByline: 1, ReasonDateline: 1},
		},
		{
			name:      "caption and heading between paragraphs",
			title:     "Bridge collapse kills 12",
			text:      lede + "\n\nDivers search the river below the Kessel Street Bridge on Tuesday\n\n" + second + "\n\nRescue Effort\n\n" + third,
			wantTitle: "Bridge collapse kills 12", wantBody: lede + "\n\n" + second + "\n\n" + third,
			wantReasons: map[string]int{ReasonCaption: 1, ReasonHeading: 1},
		},
		{
			name:      "credits and read more",
			title:     "Bridge collapse kills 12",
			text:      lede + "\n\n" + second + "\n\nReporting by Anna Lind; Editing by Paul Chen\n\nRead more: Spring flooding threatens farms",
			wantTitle: "Bridge collapse kills 12", wantBody: lede + "\n\n" + second,
			wantReasons: map[string]int{ReasonCredit: 1, ReasonBoilerplate: 1},
		},
		{
			name:      "first line is not a headline",
			text:      lede + "\n\n" + second,
			wantTitle: "A section of the Kessel Street Bridge collapsed into the Averin River on Tuesday, killing at least 12 people, officials…",
			wantBody:  lede + "\n\n" + second,
		},
		{
			name:      "repeated paragraph",
			title:     "Bridge collapse kills 12",
			text:      lede + "\n\n" + second + "\n\n" + lede,
			wantTitle: "Bridge collapse kills 12", wantBody: lede + "\n\n" + second,
			wantReasons: map[string]int{ReasonRepeated: 1},
		},
		{
			name:      "single-newline paragraphs and odd spaces",
			title:     "  Bridge\u00a0collapse  kills 12 ",
			text:      lede + "\n" + "Mayor Elena  Varga said divers had pulled 31\u200b people from the water.",
			wantTitle: "Bridge collapse kills 12", wantBody: lede + "\n\n" + second,
		},
		{
			name:      "long paragraph mentioning boilerplate words is kept",
			title:     "Newsletter row",
			text:      "Subscribe buttons were removed from the council's newsletter after residents complained that the sign-up form collected too much data, the council said on Monday in a statement to reporters gathered outside the town hall in the old market square.",
			wantTitle: "Newsletter row",
			wantBody:  "Subscribe buttons were removed from the council's newsletter after residents complained that the sign-up form collected too much data, the council said on Monday in a statement to reporters gathered outside the town hall in the old market square.",
		},
		{
			name:      "NFC",
			title:     "Cafe\u0301 fire",
			text:      "The cafe\u0301 burned down on Monday night, firefighters said.",
			wantTitle: "Caf\u00e9 fire", wantBody: "The caf\u00e9 burned down on Monday night, firefighters said.",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Article(tc.title, tc.text)
			if r.Title != tc.wantTitle {
				t.Errorf("Title = %q, want %q", r.Title, tc.wantTitle)
			}
			if r.Body != tc.wantBody {
				t.Errorf("Body = %q\nwant   %q", r.Body, tc.wantBody)
			}
			if r.Dateline != tc.dateline || r.Byline != tc.byline {
				t.Errorf("Dateline, Byline = %q, %q; want %q, %q", r.Dateline, r.Byline, tc.dateline, tc.byline)
			}
			got := reasons(r)
			for reason, n := range tc.wantReasons {
				if got[reason] != n {
					t.Errorf("removed %d for %q, want %d (all: %+v)", got[reason], reason, n, r.Removed)
				}
			}
		})
	}
}

// TestArticle_LowerCase checks that lower-cased text without structure
// (as in Multi-News) loses nothing but real boilerplate.
func TestArticle_LowerCase(t *testing.T) {
	t.Parallel()
	text := "the storm hit the coast on monday\nofficials said two people died\nshare this article\nthe airport reopened on tuesday"
	r := Article("storm hits coast", text)
	want := "the storm hit the coast on monday\n\nofficials said two people died\n\nthe airport reopened on tuesday"
	if r.Body != want {
		t.Errorf("Body = %q, want %q", r.Body, want)
	}
}

func FuzzArticle(f *testing.F) {
	f.Add("Title", "Title\n\nTitleTitle\n\nBody text here.\n\nLeave a comment")
	f.Add("", "HOMS, Syria (Reuters) - Fighters took the town.\n\nBy A B")
	f.Add("x", "\u00a0\u200b\n\n\r\n")
	f.Fuzz(func(t *testing.T, title, text string) {
		r := Article(title, text)
		if !utf8.ValidString(r.Body) && utf8.ValidString(text) {
			t.Errorf("invalid UTF-8 body from valid input")
		}
		if strings.Contains(r.Body, "\n\n\n") {
			t.Errorf("body has empty paragraphs: %q", r.Body)
		}
	})
}
