package storyline

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

func day(d int) time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, d) }

const (
	trialA = "Prosecutors in Denver charged Martin Keller with fraud over the collapse of Keller Capital. Judge Anne Ruiz set bail. Keller Capital investors lost savings, Denver prosecutors said."
	trialB = "The trial of Martin Keller opened in Denver before Judge Anne Ruiz. Prosecutors told jurors Keller Capital misled investors; Keller denies fraud."
	quakeA = "An earthquake of magnitude 6.1 struck near Sendai in Japan, the Japan Meteorological Agency said. Residents of Miyagi Prefecture felt strong shaking."
	lower  = "prosecutors charged a man with fraud over the collapse of an investment firm and set bail, investors lost savings."
)

func TestEngine_Add(t *testing.T) {
	tests := []struct {
		name string
		// second is the second story's text and date; the first story is
		// always trialA on day 0.
		second string
		date   time.Time
		join   bool
	}{
		{"same people a week later", trialB, day(7), true},
		{"same people within the window", trialB, day(2), true},
		{"same people a year later", trialB, day(365), false},
		{"other people, other subject", quakeA, day(1), false},
		{"no names at all", lower, day(1), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := New(DefaultConfig())
			e.Add(Doc{ID: 1, StoryID: 1, Title: "Denver prosecutors charge Martin Keller with fraud", Body: trialA, Published: day(0)})
			e.Add(Doc{ID: 2, StoryID: 1, Title: "Keller Capital founder Martin Keller charged in Denver", Body: trialA, Published: day(0)})
			got := e.Add(Doc{ID: 3, StoryID: 3, Title: "", Body: tc.second, Published: tc.date})
			if joined := got == 1; joined != tc.join {
				ex, _ := e.Explain(3)
				t.Errorf("story 3 in storyline %d, joined = %v, want %v (%s)", got, joined, tc.join, ex.Reason)
			}
			ex, ok := e.Explain(3)
			if !ok || ex.Storyline != got || ex.Joined != tc.join || ex.Reason == "" {
				t.Errorf("explanation = %+v", ex)
			}
		})
	}
}

func TestEngine_Deterministic(t *testing.T) {
	run := func() string {
		e := New(DefaultConfig())
		texts := []string{trialA, quakeA, trialB, lower, trialB, quakeA}
		var out []int64
		for i, txt := range texts {
			out = append(out, e.Add(Doc{ID: int64(i + 1), StoryID: int64(i + 1), Body: txt, Published: day(i)}))
		}
		return fmt.Sprint(out, e.TakeChanges())
	}
	if a, b := run(), run(); a != b {
		t.Errorf("two runs differ:\n%s\n%s", a, b)
	}
}

func TestEngine_MergeSplit(t *testing.T) {
	e := New(DefaultConfig())
	e.Add(Doc{ID: 1, StoryID: 1, Body: trialA, Published: day(0)})
	e.Add(Doc{ID: 2, StoryID: 2, Body: quakeA, Published: day(0)})
	e.Add(Doc{ID: 3, StoryID: 2, Body: quakeA + " Aftershocks followed.", Published: day(0)})
	e.Add(Doc{ID: 5, StoryID: 2, Body: quakeA + " Trains stopped.", Published: day(0)})
	// An event level mistake, past the articles with which a story alone
	// in its storyline is looked at again.
	e.Add(Doc{ID: 4, StoryID: 2, Body: trialB, Published: day(1)})
	if got := e.Storyline(2); got != 2 {
		t.Fatalf("quake story in storyline %d, want its own", got)
	}
	e.TakeChanges()
	// The event level splits the trial report off the quake story: it is
	// placed afresh and joins the trial's storyline.
	e.Split(2, 4, []int64{4})
	if got := e.Storyline(4); got != 1 {
		ex, _ := e.Explain(4)
		t.Errorf("split-off story in storyline %d, want 1 (%s)", got, ex.Reason)
	}
	ch := e.TakeChanges()
	if len(ch) != 1 || ch[0].Story != 4 {
		t.Errorf("changes = %+v, want story 4", ch)
	}
	// A merge keeps the survivor's storyline; the merged story is gone.
	e.Merge(1, 4)
	if e.Storyline(4) != 0 || e.Storyline(1) != 1 {
		t.Errorf("after merge: storylines %d, %d; want 0, 1", e.Storyline(4), e.Storyline(1))
	}
	e.Merge(1, 99) // unknown: ignored
	e.Split(99, 100, nil)
	if e.Storyline(100) != 0 {
		t.Error("split of an unknown story made a story")
	}
}

func TestEngine_Restore(t *testing.T) {
	e := New(DefaultConfig())
	e.Restore(Doc{ID: 1, StoryID: 1, Body: trialA, Published: day(0)}, 1)
	e.Restore(Doc{ID: 2, StoryID: 5, Body: quakeA, Published: day(0)}, 1) // stored so, kept so
	if e.Storyline(5) != 1 {
		t.Errorf("restored story in %d, want 1", e.Storyline(5))
	}
	if got := e.TakeChanges(); len(got) != 0 {
		t.Errorf("restore changed %+v", got)
	}
	e.Restore(Doc{ID: 3, StoryID: 3, Body: trialB, Published: day(3)}, 0) // stored before storylines
	if e.Storyline(3) != 1 || len(e.TakeChanges()) != 1 {
		t.Errorf("story without a stored storyline: in %d, want placed in 1 and reported", e.Storyline(3))
	}
}

func FuzzEngine(f *testing.F) {
	f.Add("Martin Keller", "trial of Keller", int64(3), int64(1))
	f.Fuzz(func(t *testing.T, a, b string, days, story int64) {
		e := New(DefaultConfig())
		e.Add(Doc{ID: 1, StoryID: 1, Title: a, Body: b, Published: day(0)})
		got := e.Add(Doc{ID: 2, StoryID: 1 + (story & 0xff), Title: b, Body: a, Published: day(int(days % 1000))})
		if got == 0 {
			t.Error("no storyline")
		}
	})
}

func TestSynthesis(t *testing.T) {
	story := func(id int64, d int, h string, n int, src ...string) *news.Story {
		return &news.Story{ID: id, Headline: h, Articles: n, FirstSeen: day(d), LastSeen: day(d), SourceNames: src}
	}
	tests := []struct {
		name    string
		members []*news.Story
		want    []string
	}{
		{"one event", []*news.Story{story(1, 0, "Keller charged", 2, "a", "b")},
			[]string{"1 event, reported in 2 articles by 2 sources on 1 March 2026.", "one event so far: “Keller charged”"}},
		{"three events", []*news.Story{story(1, 0, "Keller charged", 2, "a"), story(5, 7, "Keller trial opens", 1, "a", "b"), story(9, 30, "Keller convicted", 3, "c")},
			[]string{"3 events, reported in 6 articles by 3 sources from 1 March 2026 to 31 March 2026.",
				"It began on 1 March 2026 with “Keller charged”; then on 8 March 2026, “Keller trial opens”; the latest on 31 March 2026: “Keller convicted”."}},
		{"many events", []*news.Story{story(1, 0, "e1", 1), story(2, 1, "e2", 1), story(3, 2, "e3", 1), story(4, 3, "e4", 1), story(5, 4, "e5", 1), story(6, 5, "e6", 1), story(7, 6, "e7", 1)},
			[]string{"7 events", "“e4”; after 2 more events, the latest on 7 March 2026: “e7”."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := &news.Storyline{ID: 1, Members: tc.members}
			l.SetFromMembers()
			got := Synthesis(l)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("Synthesis = %q, want it to contain %q", got, w)
				}
			}
		})
	}
	if Synthesis(&news.Storyline{}) != "" {
		t.Error("synthesis of an empty storyline is not empty")
	}
}

func TestEngine_Bounds(t *testing.T) {
	e := New(DefaultConfig())
	dst := map[uint64]float32{}
	e.addTo(dst, []term{{1, 5}, {2, 1}, {3, 4}, {4, 1}, {5, 3}}, 2)
	if len(dst) != 2 || dst[1] != 5 || dst[3] != 4 {
		t.Errorf("profile capped at 2 = %v, want the two heaviest terms 1 and 3", dst)
	}
	e.addTo(dst, []term{{6, 1}}, 2) // within twice the limit: kept
	if len(dst) != 3 {
		t.Errorf("profile = %v, want 3 terms", dst)
	}
	for i := range int64(maxKeptArticles + maxKeptArticles/4 + 1) {
		e.keep(i+1, nil)
	}
	if _, ok := e.articles[1]; ok || len(e.articles) != maxKeptArticles {
		t.Errorf("kept %d articles (the first still: %v), want the latest %d", len(e.articles), ok, maxKeptArticles)
	}
}
