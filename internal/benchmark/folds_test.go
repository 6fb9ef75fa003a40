package benchmark

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/eval"
)

// twoEvents is a small labelled stream: a bridge collapse reported three
// times (one a copy), a rate rise reported twice, and a fire.
var twoEvents = []eval.ClusterRecord{
	{ID: "a", Event: "bridge", Title: "Bridge collapse in Port Averin kills 12", Date: "2026-03-10", Source: "A",
		Text: "A section of the Kessel Street Bridge in Port Averin collapsed into the Averin River on Tuesday, killing 12 people, Mayor Elena Varga said. Divers pulled 31 people from the water."},
	{ID: "b", Event: "bridge", Title: "Port Averin bridge toll rises as divers search the Averin River", Date: "2026-03-11", Source: "B",
		Text: "Divers searching the Averin River after the Kessel Street Bridge collapse in Port Averin recovered more bodies, Mayor Elena Varga said. The bridge collapsed on Tuesday."},
	{ID: "c", Event: "bridge", Title: "Bridge collapse in Port Averin kills 12", Date: "2026-03-10", Source: "C",
		Text: "A section of the Kessel Street Bridge in Port Averin collapsed into the Averin River on Tuesday, killing 12 people, Mayor Elena Varga said. Divers pulled 31 people from the water."},
	{ID: "d", Event: "rates", Title: "Halvard central bank raises interest rates to 4.25%", Date: "2026-03-12", Source: "A",
		Text: "The Central Bank of Halvard raised its main interest rate to 4.25% on Thursday, Governor Ilse Marquand said, citing inflation of 5.1% in February."},
	{ID: "e", Event: "rates", Title: "Halvard lifts its main interest rate again to 4.25%", Date: "2026-03-12", Source: "B",
		Text: "Halvard's central bank raised its main interest rate to 4.25%, Governor Ilse Marquand said on Thursday, as inflation stayed at 5.1%."},
	{ID: "f", Event: "fire", Title: "Fire destroys Dunmore textile warehouse", Date: "2026-03-14", Source: "C",
		Text: "Fire destroyed the Calder Textiles warehouse in Dunmore overnight and about 200 homes were evacuated, the fire service said."},
}

func TestAssignFolds(t *testing.T) {
	var byTopic []eval.ClusterRecord
	for i, tp := range []string{"1", "1", "2", "3", "2", "4", "1"} {
		byTopic = append(byTopic, eval.ClusterRecord{ID: string(rune('a' + i)), Event: tp + "x", Topic: tp})
	}
	var byEvent []eval.ClusterRecord
	for i, ev := range []string{"a", "a", "b", "c", "b", "d", "e", "e", "f", "a"} {
		byEvent = append(byEvent, eval.ClusterRecord{ID: string(rune('a' + i)), Event: ev})
	}
	tests := []struct {
		name      string
		recs      []eval.ClusterRecord
		k         int
		group     func(eval.ClusterRecord) string
		want      []int
		wantSplit string
	}{
		{"topics round robin", byTopic, 2, func(r eval.ClusterRecord) string { return r.Topic }, []int{0, 0, 1, 0, 1, 1, 0}, "by topic"},
		{"events in file order", byEvent, 2, func(r eval.ClusterRecord) string { return r.Event }, []int{0, 0, 0, 1, 0, 1, 1, 1, 1, 0}, "by event, in file order"},
		{"one fold", byEvent, 1, func(r eval.ClusterRecord) string { return r.Event }, make([]int, len(byEvent)), "one fold"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, split := AssignFolds(tc.recs, tc.k)
			if !slices.Equal(got, tc.want) || split != tc.wantSplit {
				t.Errorf("folds %v (%s), want %v (%s)", got, split, tc.want, tc.wantSplit)
			}
			// Groups are never cut.
			of := map[string]int{}
			for i, r := range tc.recs {
				if f, ok := of[tc.group(r)]; ok && f != got[i] {
					t.Errorf("group %s in folds %d and %d", tc.group(r), f, got[i])
				}
				of[tc.group(r)] = got[i]
			}
		})
	}
}

func TestAgglomerative(t *testing.T) {
	texts := make([]string, len(twoEvents))
	for i, r := range twoEvents {
		texts[i] = r.Title + "\n\n" + r.Text
	}
	ag := NewAgglomerative(texts)
	tests := []struct {
		threshold float64
		want      []int
	}{
		{1.01, []int{0, 1, 2, 3, 4, 5}}, // nothing is that similar
		{0.99, []int{0, 1, 0, 3, 4, 5}}, // only the exact copy
		{0.15, []int{0, 0, 0, 3, 3, 5}}, // the events
	}
	for _, tc := range tests {
		if got := ag.Cut(tc.threshold); !slices.Equal(got, tc.want) {
			t.Errorf("Cut(%.2f) = %v, want %v", tc.threshold, got, tc.want)
		}
	}
}

// TestEngineLabels_MatchPipeline checks that the fold runs cluster as the
// pipeline does, so fold figures are the engine's figures.
func TestEngineLabels_MatchPipeline(t *testing.T) {
	recs := twoEvents
	if dir := os.Getenv("STORYLINE_BENCH"); dir != "" {
		r, err := eval.ReadClusterFile(filepath.Join(dir, "cluster", "ecbplus-dev.jsonl.gz"))
		if err != nil {
			t.Fatal(err)
		}
		recs = r
	}
	rep, err := ClusterRecords(t.Context(), recs, ClusterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	prep, err := prepareRecords(t.Context(), recs, 2)
	if err != nil {
		t.Fatal(err)
	}
	idx := make([]int, len(recs))
	gold := make([]string, len(recs))
	for i := range idx {
		idx[i], gold[i] = i, recs[i].Event
	}
	got := eval.ClusterScores(gold, engineLabels(cluster.DefaultConfig(), prep, idx))
	// ClusterScores sums over maps: compare up to rounding.
	near := func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
	if got.Clusters != rep.Clusters || !near(got.B3F1, rep.B3F1) || !near(got.PairF1, rep.PairF1) {
		t.Errorf("fold run %v, pipeline %v", got, rep.Scores)
	}
}

func TestCrossValidate(t *testing.T) {
	var recs []eval.ClusterRecord
	// Three copies of the stream, each its own events, so that two folds
	// hold whole events.
	for c := range 3 {
		for _, r := range twoEvents {
			r.ID = r.ID + string(rune('0'+c))
			r.Event = r.Event + string(rune('0'+c))
			recs = append(recs, r)
		}
	}
	grid := []Variant{
		{Name: "joins nothing", Config: func() cluster.Config { c := cluster.DefaultConfig(); c.Threshold, c.MergeThreshold = 2, 2; return c }()},
		{Name: "default", Config: cluster.DefaultConfig()},
	}
	rep, err := CrossValidate(t.Context(), recs, FoldOptions{K: 3, Grid: grid, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Folds) != 3 || rep.EnginePooled.Articles != len(recs) || rep.BaselinePooled.Articles != len(recs) {
		t.Fatalf("report %+v, want 3 folds covering %d articles", rep, len(recs))
	}
	for _, f := range rep.Folds {
		if f.Chosen != "default" || f.Engine.B3F1 != 1 {
			t.Errorf("fold %d chose %q with F1 %.3f, want the default with 1.0", f.Fold, f.Chosen, f.Engine.B3F1)
		}
		if f.Articles != len(twoEvents) || f.Events != 3 {
			t.Errorf("fold %d: %d articles in %d events, want %d in 3", f.Fold, f.Articles, f.Events, len(twoEvents))
		}
	}
	if _, err := CrossValidate(t.Context(), recs, FoldOptions{K: 1}); err == nil {
		t.Error("one fold accepted")
	}
}
