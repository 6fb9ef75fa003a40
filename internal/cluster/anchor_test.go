package cluster_test

import (
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
)

// A follow-up of the Elm Street shooting twelve days on names its people;
// a bus-stop shooting in the same city twelve days on names others.
var (
	webbLater = fixture{105, "valley-times", 13, "Marcus Webb remembered at Elm Street vigil",
		"Hundreds gathered at the Elm Street recreation center on Sunday to remember Marcus Webb, the youth football coach shot dead in Riverton two weeks ago. Chief Karen Doyle said Darnell Price would be arraigned on Monday."}
	ruizLater = fixture{203, "valley-times", 13, "Teen shot at Riverton bus stop on Harbor Avenue",
		"Elena Ruiz, 17, was shot and wounded at a Harbor Avenue bus stop in Riverton on Sunday, Lieutenant Omar Vance said. Police are looking for two men who fled toward the harbor."}
)

// scoreAgainst returns the score of the last doc against story (as the
// joined or best rejected story) under cfg.
func scoreAgainst(t *testing.T, cfg cluster.Config, story int64, docs []cluster.Doc) float64 {
	t.Helper()
	e := cluster.New(cfg)
	addAll(e, docs)
	last := docs[len(docs)-1].ID
	ex, ok := e.Explain(last)
	if !ok {
		t.Fatalf("no explanation for %d", last)
	}
	switch story {
	case ex.StoryID:
		return ex.Score
	case ex.RunnerUp:
		return ex.RunnerUpScore
	}
	t.Fatalf("article %d: story %d neither joined nor runner-up (%+v)", last, story, ex)
	return 0
}

func TestEngine_AnchorMismatch(t *testing.T) {
	t.Parallel()
	off := cluster.DefaultConfig()
	off.AnchorMismatch = 1
	on := cluster.DefaultConfig()
	on.AnchorMismatch = 0.5
	on.AnchorGap = 5 * 24 * time.Hour
	tests := []struct {
		name     string
		docs     []cluster.Doc
		min, max float64 // bounds of the score with the check over the score without
	}{
		{"another incident, days later", stream(true, webbGazette, webbChannel7, ruizLater), 0.5, 0.8},
		{"a follow-up, days later", stream(true, webbGazette, webbChannel7, webbLater), 0.9, 1},
		{"another incident, same days", stream(true, webbGazette, webbChannel7, ruizChannel7.withDay(1)), 1, 1},
		{"another incident, undated", stream(false, webbGazette, webbChannel7, ruizLater), 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := scoreAgainst(t, off, webbGazette.id, tc.docs)
			b := scoreAgainst(t, on, webbGazette.id, tc.docs)
			if a <= 0 {
				t.Fatalf("score %.3f without the check: no shared terms to judge", a)
			}
			if r := b / a; r < tc.min-1e-9 || r > tc.max+1e-9 {
				t.Errorf("score %.3f with the anchor check, %.3f without: ratio %.3f, want %.2f to %.2f", b, a, r, tc.min, tc.max)
			}
		})
	}
}

func (f fixture) withDay(day int) fixture { f.day = day; return f }
