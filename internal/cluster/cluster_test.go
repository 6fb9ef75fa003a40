package cluster_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
)

// Fictional fixtures written for these tests. Background articles give
// the engine document frequencies to learn from, as a live stream would.
var background = []string{
	"City council approves budget|The Riverton city council voted 5-2 on Monday to approve a $48 million budget for next year, including money for road repairs and two new library branches. Council member Ada Flores said the plan keeps property taxes flat.",
	"Harbor Hawks win home opener|The Harbor Hawks beat the Lakeview Pilots 3-1 on Saturday in front of 12,000 fans. Striker Jonas Eklund scored twice in the second half, and goalkeeper Sam Ito made six saves.",
	"Startup unveils solar roof tiles|Brightline Energy introduced a solar roof tile on Wednesday that it says costs 30 percent less than rivals. Chief executive Priya Raman said the tiles will ship in the spring.",
	"Storm brings heavy snow to valley|A winter storm dropped up to 14 inches of snow across the valley on Thursday, closing schools and snarling traffic on Interstate 70. Forecasters expect clear skies by the weekend.",
	"School board weighs later start times|The Valley school board heard from parents and teachers on Tuesday about a proposal to start high school classes at 8:30 a.m. A vote is expected next month.",
	"Stocks slip as oil prices climb|Stocks fell on Friday as oil prices rose for a third straight day. The index lost 1.2 percent, led by airline and shipping companies.",
	"Orchestra announces summer concerts|The Riverton Symphony Orchestra will play six free concerts in Memorial Park this summer, conductor Helena Voss announced. The series opens on June 14 with music by Dvorak.",
	"Bridge repairs to close lanes|The state transportation department will close two lanes of the Cedar Street bridge for repairs starting next week. Work on the 60-year-old bridge is expected to last four months.",
	"Library lends out telescopes|The Riverton public library now lends telescopes along with books. Librarian Omar Haddad said the first 10 telescopes were checked out within an hour.",
	"Farmers market moves downtown|The Saturday farmers market is moving to Town Square this year, giving its 40 vendors more room and shade, organizers said.",
}

type fixture struct {
	id     int64
	source string
	day    int // days after 2025-03-03; -1 = unknown
	title  string
	body   string
}

// Two shootings in one city two weeks apart, the first reported by three
// outlets over two days, plus a syndicated copy of its first report.
var (
	webbGazette = fixture{101, "riverton-gazette", 0, "Man shot dead on Elm Street in Riverton",
		"A 24-year-old man was shot and killed on Elm Street in Riverton late Monday, police said. Officers found Marcus Webb lying near the corner of Elm Street and 5th Avenue at about 11:15 p.m. He died at St. Luke's Hospital. Police Chief Karen Doyle said investigators were looking for a gray sedan seen leaving the area. Neighbors described Webb as a youth football coach."}
	webbChannel7 = fixture{102, "channel7", 0, "Youth football coach killed in Elm Street shooting",
		"Riverton police are searching for a gray sedan after Marcus Webb, 24, was shot on Elm Street on Monday night. Webb, who coached youth football at the Elm Street recreation center, was taken to St. Luke's Hospital, where he died. Chief Karen Doyle asked anyone with video from 5th Avenue to call detectives."}
	webbValley = fixture{103, "valley-times", 1, "Arrest made in killing of Riverton football coach Marcus Webb",
		"Riverton police on Tuesday arrested Darnell Price, 31, in the fatal shooting of Marcus Webb on Elm Street. Chief Karen Doyle said a gray sedan registered to Price was found two miles away. Webb, 24, coached youth football at the Elm Street recreation center. Price is being held without bail."}
	webbCopy = fixture{104, "metro-wire", 0, "Man shot dead on Elm Street in Riverton",
		"METRO WIRE — Shared from our partners.\n\nA 24-year-old man was shot and killed on Elm Street in Riverton late Monday, police said. Officers found Marcus Webb lying near the corner of Elm Street and 5th Avenue at about 11:15 p.m. He died at St. Luke's Hospital. Police Chief Karen Doyle said investigators were looking for a gray sedan seen leaving the area. Neighbors described Webb as a youth football coach.\n\nSubscribe to Metro Wire for more local news."}
	ruizGazette = fixture{201, "riverton-gazette", 14, "Teen wounded at Harbor Avenue bus stop in Riverton",
		"A 17-year-old girl was shot and wounded while waiting at a bus stop on Harbor Avenue in Riverton on Monday afternoon, police said. Elena Ruiz was hit in the leg when shots were fired from a passing motorcycle. She was treated at Riverton Children's Hospital and is expected to recover. Lieutenant Omar Vance said two men on a red motorcycle fled toward the harbor."}
	ruizChannel7 = fixture{202, "channel7", 14, "Police seek red motorcycle after teen shot at bus stop",
		"Riverton detectives are looking for two men on a red motorcycle after Elena Ruiz, 17, was shot at a Harbor Avenue bus stop on Monday. Lieutenant Omar Vance said the high school junior was struck in the leg and is recovering at Riverton Children's Hospital. Witnesses heard three shots near the harbor."}
)

func (f fixture) doc(dated bool) cluster.Doc {
	d := cluster.Doc{ID: f.id, Title: f.title, Body: f.body, Source: f.source, Language: "en"}
	if dated && f.day >= 0 {
		d.Published = time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC).AddDate(0, 0, f.day)
	}
	return d
}

// stream returns the background articles (IDs 1..) followed by fixtures.
func stream(dated bool, fs ...fixture) []cluster.Doc {
	var docs []cluster.Doc
	for i, b := range background {
		title, body, _ := strings.Cut(b, "|")
		d := cluster.Doc{ID: int64(i + 1), Title: title, Body: body, Language: "en"}
		if dated {
			d.Published = time.Date(2025, 2, 20+i, 9, 0, 0, 0, time.UTC)
		}
		docs = append(docs, d)
	}
	for _, f := range fs {
		docs = append(docs, f.doc(dated))
	}
	return docs
}

// lower returns docs lower-cased and undated, as Multi-News-style input.
func lower(docs []cluster.Doc) []cluster.Doc {
	out := slices.Clone(docs)
	for i := range out {
		out[i].Title = ""
		out[i].Body = strings.ToLower(docs[i].Title + ". " + docs[i].Body)
		out[i].Published = time.Time{}
	}
	return out
}

func addAll(e *cluster.Engine, docs []cluster.Doc) map[int64]cluster.Decision {
	out := map[int64]cluster.Decision{}
	for _, d := range docs {
		out[d.ID] = e.Add(d)
	}
	return out
}

func storyOf(t *testing.T, e *cluster.Engine, id int64) int64 {
	t.Helper()
	s, ok := e.StoryOf(id)
	if !ok {
		t.Fatalf("StoryOf(%d): unknown article", id)
	}
	return s
}

func TestEngine_Events(t *testing.T) {
	t.Parallel()
	variants := []struct {
		name string
		docs []cluster.Doc
	}{
		{"Dated", stream(true, webbGazette, webbChannel7, ruizGazette, webbValley, ruizChannel7)},
		{"Undated", stream(false, webbGazette, webbChannel7, ruizGazette, webbValley, ruizChannel7)},
		{"LowerCase", lower(stream(false, webbGazette, webbChannel7, ruizGazette, webbValley, ruizChannel7))},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			e := cluster.New(cluster.DefaultConfig())
			addAll(e, v.docs)
			webb := storyOf(t, e, webbGazette.id)
			if webb != webbGazette.id {
				t.Errorf("first report's story = %d, want its own ID %d", webb, webbGazette.id)
			}
			// One event reported by three outlets on two days: one story.
			for _, f := range []fixture{webbChannel7, webbValley} {
				if got := storyOf(t, e, f.id); got != webb {
					t.Errorf("%s (%d): story %d, want %d (same shooting)", f.source, f.id, got, webb)
				}
			}
			// Another shooting in the same city: another story.
			ruiz := storyOf(t, e, ruizGazette.id)
			if ruiz == webb {
				t.Errorf("Harbor Avenue shooting joined the Elm Street story %d", webb)
			}
			if got := storyOf(t, e, ruizChannel7.id); got != ruiz {
				t.Errorf("second Ruiz report: story %d, want %d", got, ruiz)
			}
			// Background articles stay apart from both.
			for i := range background {
				if s := storyOf(t, e, int64(i+1)); s == webb || s == ruiz {
					t.Errorf("background article %d joined story %d", i+1, s)
				}
			}
		})
	}
}

func TestEngine_SyndicatedCopy(t *testing.T) {
	t.Parallel()
	e := cluster.New(cluster.DefaultConfig())
	dec := addAll(e, stream(true, webbGazette, ruizGazette, webbCopy))
	got := dec[webbCopy.id]
	if got.DuplicateOf != webbGazette.id || got.StoryID != webbGazette.id || got.New {
		t.Errorf("copy: decision %+v, want DuplicateOf=%d StoryID=%d", got, webbGazette.id, webbGazette.id)
	}
	if ex, ok := e.Explain(webbCopy.id); !ok || ex.DuplicateOf != webbGazette.id {
		t.Errorf("Explain(copy) = %+v, %v", ex, ok)
	}
}

func TestEngine_Deterministic(t *testing.T) {
	t.Parallel()
	docs := stream(true, webbGazette, webbChannel7, ruizGazette, webbCopy, webbValley, ruizChannel7)
	run := func() []cluster.Decision {
		e := cluster.New(cluster.DefaultConfig())
		var out []cluster.Decision
		for _, d := range docs {
			out = append(out, e.Add(d))
		}
		return out
	}
	first := run()
	for range 3 {
		if got := run(); !slices.Equal(got, first) {
			t.Fatalf("second run decided %+v, first %+v", got, first)
		}
	}
	batch := cluster.New(cluster.DefaultConfig()).AddBatch(docs, 2)
	if !slices.Equal(batch, first) {
		t.Errorf("AddBatch decided %+v, Add %+v", batch, first)
	}
}

func TestEngine_Merge(t *testing.T) {
	t.Parallel()
	e := cluster.New(cluster.DefaultConfig())
	addAll(e, stream(true, webbGazette, ruizGazette))
	webb, ruiz := storyOf(t, e, webbGazette.id), storyOf(t, e, ruizGazette.id)
	if webb == ruiz {
		t.Fatal("fixtures already share a story")
	}
	e.Merge(webb, ruiz)
	if got := storyOf(t, e, ruizGazette.id); got != webb {
		t.Errorf("after Merge: Ruiz article in story %d, want survivor %d", got, webb)
	}
	// A later report that matches the merged story goes to the survivor.
	if dec := e.Add(ruizChannel7.doc(true)); dec.StoryID != webb {
		t.Errorf("later Ruiz report: story %d, want survivor %d", dec.StoryID, webb)
	}
}

func TestEngine_Split(t *testing.T) {
	t.Parallel()
	e := cluster.New(cluster.DefaultConfig())
	addAll(e, stream(true, webbGazette, ruizGazette))
	webb, ruiz := storyOf(t, e, webbGazette.id), storyOf(t, e, ruizGazette.id)
	e.Merge(webb, ruiz) // a wrong merge, undone by the split

	if got := e.Split(webb, []int64{ruizGazette.id, 999}); got != ruizGazette.id {
		t.Fatalf("Split = %d, want the moved article's ID %d", got, ruizGazette.id)
	}
	if got := storyOf(t, e, ruizGazette.id); got != ruizGazette.id {
		t.Errorf("moved article in story %d, want %d", got, ruizGazette.id)
	}
	if got := storyOf(t, e, webbGazette.id); got != webb {
		t.Errorf("kept article in story %d, want %d", got, webb)
	}
	// Later reports follow the split.
	dec := addAll(e, []cluster.Doc{ruizChannel7.doc(true), webbChannel7.doc(true)})
	if got := dec[ruizChannel7.id].StoryID; got != ruizGazette.id {
		t.Errorf("later Ruiz report: story %d, want the split story %d", got, ruizGazette.id)
	}
	if got := dec[webbChannel7.id].StoryID; got != webb {
		t.Errorf("later Webb report: story %d, want %d", got, webb)
	}
	// Invalid splits change nothing.
	if got := e.Split(webb, []int64{webbGazette.id, webbChannel7.id}); got != 0 {
		t.Errorf("Split of every article = %d, want 0", got)
	}
	if got := e.Split(12345, []int64{webbGazette.id}); got != 0 {
		t.Errorf("Split of unknown story = %d, want 0", got)
	}
}

func TestEngine_Explain(t *testing.T) {
	t.Parallel()
	e := cluster.New(cluster.DefaultConfig())
	addAll(e, stream(true, webbGazette, ruizGazette, webbChannel7))
	ex, ok := e.Explain(webbChannel7.id)
	if !ok {
		t.Fatal("Explain: no explanation")
	}
	if ex.StoryID != webbGazette.id || ex.New || ex.Score < ex.Threshold || len(ex.Terms) == 0 {
		t.Fatalf("Explain = %+v", ex)
	}
	var terms []string
	for _, ts := range ex.Terms {
		terms = append(terms, ts.Term)
	}
	if !slices.Contains(terms, "marcus webb") && !slices.Contains(terms, "webb") {
		t.Errorf("Explain terms %q lack the victim's name", terms)
	}
	if ex.RunnerUp == ex.StoryID {
		t.Errorf("runner-up is the chosen story %d", ex.RunnerUp)
	}
	if _, ok := e.Explain(424242); ok {
		t.Error("Explain(unknown) = ok")
	}
	// A new story explains itself too.
	if ex, ok := e.Explain(ruizGazette.id); !ok || !ex.New || ex.StoryID != ruizGazette.id {
		t.Errorf("Explain(new story) = %+v, %v", ex, ok)
	}
}

func TestEngine_EmptyAndRepeated(t *testing.T) {
	t.Parallel()
	e := cluster.New(cluster.DefaultConfig())
	a := e.Add(cluster.Doc{ID: 1})
	b := e.Add(cluster.Doc{ID: 2})
	if !a.New || !b.New || b.StoryID != 2 {
		t.Errorf("empty articles: %+v, %+v; want two new stories", a, b)
	}
	if again := e.Add(cluster.Doc{ID: 1, Body: "anything"}); again.StoryID != 1 {
		t.Errorf("repeated ID: story %d, want 1", again.StoryID)
	}
	if e.Len() != 2 {
		t.Errorf("Len = %d, want 2", e.Len())
	}
}

func TestEngine_Restore(t *testing.T) {
	t.Parallel()
	e := cluster.New(cluster.DefaultConfig())
	for _, d := range stream(true, webbGazette) {
		e.Restore(d, d.ID, 0)
	}
	if dec := e.Add(webbChannel7.doc(true)); dec.StoryID != webbGazette.id {
		t.Errorf("after Restore: story %d, want %d", dec.StoryID, webbGazette.id)
	}
}

// The engine keeps the explanations of its latest articles only: its
// memory must not grow with every explanation of a long stream.
func TestExplain_KeepsLatest(t *testing.T) {
	e := cluster.New(cluster.DefaultConfig())
	const n = 10050
	for i := range n {
		e.Add(cluster.Doc{ID: int64(i + 1), Title: fmt.Sprintf("Report %d on event q%d", i, i/3), Body: fmt.Sprintf("Officials said event q%d happened in town z%d.", i/3, i/7)})
	}
	if _, ok := e.Explain(1); ok {
		t.Error("the first of 10,050 articles still has its explanation")
	}
	for _, id := range []int64{n - 9999, n} {
		if ex, ok := e.Explain(id); !ok || ex.ArticleID != id {
			t.Errorf("Explain(%d) = %+v, %v; want the recent article's explanation", id, ex, ok)
		}
	}
}
