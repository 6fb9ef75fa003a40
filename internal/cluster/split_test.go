package cluster_test

import (
	"slices"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster"
)

// TestEngine_SplitTwins: a story that single-pass joining made of two
// shootings in one city (forced here by a join threshold near zero) is
// split in two by the re-check, unless the reports' dates interleave; a
// story of one shooting is left whole.
func TestEngine_SplitTwins(t *testing.T) {
	t.Parallel()
	webb := []fixture{webbGazette, webbChannel7, webbValley}
	ruiz := []fixture{ruizGazette, ruizChannel7, ruizLater}
	sameDays := []fixture{ruizGazette.withDay(0), ruizChannel7.withDay(1), ruizLater.withDay(1)}
	tests := []struct {
		name      string
		fixtures  []fixture
		dated     bool
		wantSplit bool
	}{
		{"two shootings, undated", interleave(webb, ruiz), false, true},
		{"two shootings, two weeks apart", interleave(webb, ruiz), true, true},
		{"two shootings, same days", interleave(webb, sameDays), true, false},
		{"one shooting", []fixture{webbGazette, webbChannel7, webbValley, webbLater}, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := cluster.DefaultConfig()
			cfg.Threshold = 0.001 // every report joins the first story
			e := cluster.New(cfg)
			var ids []int64
			for _, f := range tc.fixtures {
				e.Add(f.doc(tc.dated))
				ids = append(ids, f.id)
			}
			first, _ := e.StoryOf(ids[0])
			for _, id := range ids {
				if s, _ := e.StoryOf(id); s != first {
					t.Fatalf("article %d joined story %d before the re-check, want %d (the fixture must force one story)", id, s, first)
				}
			}
			e.Recheck()
			splits := e.TakeSplits()
			if !tc.wantSplit {
				if len(splits) != 0 {
					t.Fatalf("split %+v, want none", splits)
				}
				return
			}
			if len(splits) != 1 {
				t.Fatalf("splits %+v, want one", splits)
			}
			sp := splits[0]
			want := []int64{ruizGazette.id, ruizChannel7.id, ruizLater.id}
			if got := slices.Sorted(slices.Values(sp.Articles)); sp.Story != first || sp.New != ruizGazette.id || !slices.Equal(got, want) {
				t.Fatalf("split %+v, want articles %v out of story %d into story %d", sp, want, first, ruizGazette.id)
			}
			for _, id := range want {
				if s, _ := e.StoryOf(id); s != sp.New {
					t.Errorf("article %d in story %d after the split, want %d", id, s, sp.New)
				}
			}
			// The two stay apart: another re-check does not merge them back.
			e.Add(cluster.Doc{ID: 999, Title: "Unrelated council budget vote", Body: "The council voted on the budget.", Language: "en"})
			e.Recheck()
			if len(e.TakeMerges()) != 0 {
				t.Error("a later re-check merged stories")
			}
		})
	}
}

func interleave(a, b []fixture) []fixture {
	var out []fixture
	for i := range max(len(a), len(b)) {
		if i < len(a) {
			out = append(out, a[i])
		}
		if i < len(b) {
			out = append(out, b[i])
		}
	}
	return out
}
