package benchmark

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/storyline"
)

func TestZZTune(t *testing.T) {
	if os.Getenv("ZZ_TUNE") == "" {
		t.Skip()
	}
	fold := 0
	lvl := LevelStoryline
	if os.Getenv("ZZ_EVENT") != "" {
		lvl = LevelEvent
	}
	if os.Getenv("ZZ_FOLD") == "1" {
		fold = 1
	}
	var sets [][]eval.ClusterRecord
	for _, f := range []string{"duc2004-events", "gva-dev", "newswcl50"} {
		recs, err := eval.ReadClusterFile("/work/shared/benchmarks/cluster/" + f + ".jsonl.gz")
		if err != nil {
			t.Fatal(err)
		}
		folds, _ := AssignFolds(recs, 2)
		var sub []eval.ClusterRecord
		for i, r := range recs {
			if folds[i] == fold {
				sub = append(sub, r)
			}
		}
		sets = append(sets, sub)
	}
	ths := []float64{0.15, 0.20, 0.25}
	covs := []float64{0.2, 0.35}
	if os.Getenv("ZZ_ONE") != "" {
		ths, covs = []float64{storyline.DefaultConfig().Threshold}, []float64{storyline.DefaultConfig().EntityCover}
	}
	for _, th := range ths {
		for _, cov := range covs {
			cfg := storyline.DefaultConfig()
			cfg.Threshold, cfg.EntityCover = th, cov
			if v := os.Getenv("ZZ_LEAD"); v != "" {
				fmt.Sscan(v, &cfg.LeadTokens)
			}
			if v := os.Getenv("ZZ_EW"); v != "" {
				fmt.Sscan(v, &cfg.EntityWeight)
			}
			if v := os.Getenv("ZZ_UND"); v != "" {
				fmt.Sscan(v, &cfg.Undated)
			}
			if v := os.Getenv("ZZ_MEM"); v != "" {
				fmt.Sscan(v, &cfg.Members)
			}
			if v := os.Getenv("ZZ_REC"); v != "" {
				fmt.Sscan(v, &cfg.Reconsider)
			}
			var line []string
			sum := 0.0
			for _, sub := range sets {
				rep, err := ClusterRecords(context.Background(), sub, ClusterOptions{Level: lvl, Storyline: &cfg})
				if err != nil {
					t.Fatal(err)
				}
				sum += rep.B3F1
				line = append(line, fmt.Sprintf("%.3f/%.3f/%.3f", rep.B3Precision, rep.B3Recall, rep.B3F1))
			}
			fmt.Printf("TUNE th=%.2f cov=%.2f mean=%.4f %s\n", th, cov, sum/3, strings.Join(line, " "))
		}
	}
}
