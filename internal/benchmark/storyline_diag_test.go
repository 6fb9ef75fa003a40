package benchmark

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/storyline"
)

// TestStorylineFolds is how the storyline level's threshold and name
// cover were chosen: a development aid that splits duc2004-events,
// gva-dev and newswcl50 each in two folds of whole events (AssignFolds),
// prints the storyline-level B-cubed scores of a grid on fold 0, the
// tuning fold, and then the default configuration's on fold 1, the
// held-out one, beside the event level's. Set STORYLINE_BENCH and
// STORYLINE_DIAG=1.
func TestStorylineFolds(t *testing.T) {
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" || os.Getenv("STORYLINE_DIAG") == "" {
		t.Skip("set STORYLINE_BENCH and STORYLINE_DIAG=1")
	}
	names := []string{"duc2004-events", "gva-dev", "newswcl50"}
	folds := make([][2][]eval.ClusterRecord, len(names))
	for i, name := range names {
		recs, err := eval.ReadClusterFile(filepath.Join(dir, "cluster", name+".jsonl.gz"))
		if err != nil {
			t.Fatal(err)
		}
		of, _ := AssignFolds(recs, 2)
		for j, r := range recs {
			folds[i][of[j]] = append(folds[i][of[j]], r)
		}
	}
	run := func(fold int, level string, cfg storyline.Config) string {
		var cells []string
		sum := 0.0
		for i := range names {
			rep, err := ClusterRecords(t.Context(), folds[i][fold], ClusterOptions{Level: level, Storyline: &cfg})
			if err != nil {
				t.Fatal(err)
			}
			sum += rep.B3F1
			cells = append(cells, fmt.Sprintf("%s %.3f/%.3f/%.3f", names[i], rep.B3Precision, rep.B3Recall, rep.B3F1))
		}
		return fmt.Sprintf("mean F1 %.4f  %s", sum/float64(len(names)), strings.Join(cells, "  "))
	}
	def := storyline.DefaultConfig()
	fmt.Println("fold 0 (tuning), event level:", run(0, LevelEvent, def))
	for _, th := range []float64{0.15, 0.20, 0.25} {
		for _, cov := range []float64{0.20, 0.35} {
			cfg := def
			cfg.Threshold, cfg.EntityCover = th, cov
			fmt.Printf("fold 0 (tuning), storyline threshold %.2f cover %.2f: %s\n", th, cov, run(0, LevelStoryline, cfg))
		}
	}
	fmt.Println("fold 1 (held out), event level:", run(1, LevelEvent, def))
	fmt.Println("fold 1 (held out), storyline level, default:", run(1, LevelStoryline, def))
}

// TestStorylineCeiling prints, for each file named in STORYLINE_DIAG_FILES
// (comma-separated; default duc2004-events), the best storyline level the
// event level allows: every story joined to the storyline of its majority
// gold label. A storyline can only join stories, so a story that mixes
// two gold storylines costs precision no storyline undoes.
func TestStorylineCeiling(t *testing.T) {
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" || os.Getenv("STORYLINE_DIAG") == "" {
		t.Skip("set STORYLINE_BENCH and STORYLINE_DIAG=1")
	}
	names := strings.Split(cmpOr(os.Getenv("STORYLINE_DIAG_FILES"), "duc2004-events"), ",")
	for _, name := range names {
		recs, err := eval.ReadClusterFile(filepath.Join(dir, "cluster", name+".jsonl.gz"))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := ClusterRecords(t.Context(), recs, ClusterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]map[string]int{}
		for i, r := range recs {
			p := rep.Predicted[i]
			if count[p] == nil {
				count[p] = map[string]int{}
			}
			count[p][r.Event]++
		}
		gold, oracle := make([]string, len(recs)), make([]string, len(recs))
		for i, r := range recs {
			best, n := "", 0
			for g, k := range count[rep.Predicted[i]] {
				if k > n || (k == n && g < best) {
					best, n = g, k
				}
			}
			gold[i], oracle[i] = r.Event, best
		}
		fmt.Printf("%s: event level %s\n%s: ceiling of the storyline level %s\n", name, rep.Scores, name, eval.ClusterScores(gold, oracle))
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
