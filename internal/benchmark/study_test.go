package benchmark

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster"
)

// TestClusterStudy is a development aid for parameter studies: with
// STORYLINE_DIAG set it runs every shared clustering file through the
// pipeline with DefaultConfig overridden by the JSON in
// STORYLINE_CLUSTER_CONFIG and logs the scores. Any change of the default
// must hold on all files (and on held-out data), not fit one.
func TestClusterStudy(t *testing.T) {
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" || os.Getenv("STORYLINE_DIAG") == "" {
		t.Skip("set STORYLINE_BENCH and STORYLINE_DIAG")
	}
	cfg := cluster.DefaultConfig()
	if s := os.Getenv("STORYLINE_CLUSTER_CONFIG"); s != "" {
		if err := json.Unmarshal([]byte(s), &cfg); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cluster", "*.jsonl.gz"))
	sum := 0.0
	for _, path := range files {
		rep, err := RunCluster(t.Context(), path, ClusterOptions{Config: &cfg})
		if err != nil {
			t.Fatal(err)
		}
		sum += rep.B3F1
		t.Logf("%-20s B3 P %.3f R %.3f F1 %.3f  pair F1 %.3f  clusters %d (%d)", strings.TrimSuffix(filepath.Base(path), ".jsonl.gz"),
			rep.B3Precision, rep.B3Recall, rep.B3F1, rep.PairF1, rep.Clusters, rep.GoldClusters)
	}
	t.Logf("mean B3 F1 %.4f", sum/float64(len(files)))
}

// TestFoldStudy is a development aid for decisions made on held-out folds:
// with STORYLINE_DIAG set it cross-validates the files named in
// STORYLINE_FOLD_FILES (default: all) in STORYLINE_FOLDS folds (default 5)
// over the grid in STORYLINE_FOLD_GRID, a JSON object of variant names to
// overrides of DefaultConfig (default: DefaultGrid), and logs the fold
// figures.
func TestFoldStudy(t *testing.T) {
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" || os.Getenv("STORYLINE_DIAG") == "" {
		t.Skip("set STORYLINE_BENCH and STORYLINE_DIAG")
	}
	k := 5
	if s := os.Getenv("STORYLINE_FOLDS"); s != "" {
		if _, err := fmt.Sscan(s, &k); err != nil {
			t.Fatal(err)
		}
	}
	var grid []Variant
	if s := os.Getenv("STORYLINE_FOLD_GRID"); s != "" {
		var over map[string]json.RawMessage
		if err := json.Unmarshal([]byte(s), &over); err != nil {
			t.Fatal(err)
		}
		for name, raw := range over {
			cfg := cluster.DefaultConfig()
			if err := json.Unmarshal(raw, &cfg); err != nil {
				t.Fatal(err)
			}
			grid = append(grid, Variant{Name: name, Config: cfg})
		}
		slices.SortFunc(grid, func(a, b Variant) int { return strings.Compare(a.Name, b.Name) })
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cluster", "*.jsonl.gz"))
	if s := os.Getenv("STORYLINE_FOLD_FILES"); s != "" {
		files = nil
		for _, f := range strings.Split(s, ",") {
			files = append(files, filepath.Join(dir, "cluster", f+".jsonl.gz"))
		}
	}
	for _, path := range files {
		rep, err := RunFolds(t.Context(), path, FoldOptions{K: k, Grid: grid})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rep.Folds {
			t.Logf("%-20s fold %d  %-28s train %.3f  held-out P %.3f R %.3f F1 %.3f  | baseline t=%.2f F1 %.3f", rep.File, f.Fold, f.Chosen, f.TrainF1,
				f.Engine.B3Precision, f.Engine.B3Recall, f.Engine.B3F1, f.BaselineT, f.Baseline.B3F1)
		}
		t.Logf("%-20s mean %.3f (sd %.3f) pooled %.3f | baseline mean %.3f pooled %.3f", rep.File, rep.EngineMean, rep.EngineSD, rep.EnginePooled.B3F1, rep.BaselineMean, rep.BaselinePooled.B3F1)
	}
}
