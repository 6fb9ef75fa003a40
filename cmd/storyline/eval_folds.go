package main

import (
	"context"
	"fmt"

	"github.com/storyline-news/storyline/internal/benchmark"
)

// runEvalFolds is `eval cluster --folds K`: cross-validation of the
// engine's tuned values beside the plain baseline, per file.
func runEvalFolds(ctx context.Context, e *env, files []string, k int, asJSON bool) error {
	if k < 2 {
		return usagef("--folds needs at least 2 folds")
	}
	for _, f := range files {
		rep, err := benchmark.RunFolds(ctx, f, benchmark.FoldOptions{K: k})
		if err != nil {
			return err
		}
		if asJSON {
			if err := jsonLine(e.stdout, rep); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(e.stdout, "%s: %d folds %s; tuned on the other folds, scored on the held-out one (B-cubed P / R / F1)\n", rep.File, rep.K, rep.Split)
		fmt.Fprintf(e.stdout, "  %4s %8s %6s  %-24s %-22s  %-9s %s\n", "FOLD", "ARTICLES", "EVENTS", "ENGINE CHOSEN", "ENGINE P / R / F1", "BASELINE", "BASELINE P / R / F1")
		for _, fr := range rep.Folds {
			fmt.Fprintf(e.stdout, "  %4d %8d %6d  %-24s %.3f / %.3f / %.3f  t=%.2f    %.3f / %.3f / %.3f\n",
				fr.Fold, fr.Articles, fr.Events, fr.Chosen,
				fr.Engine.B3Precision, fr.Engine.B3Recall, fr.Engine.B3F1,
				fr.BaselineT, fr.Baseline.B3Precision, fr.Baseline.B3Recall, fr.Baseline.B3F1)
		}
		fmt.Fprintf(e.stdout, "  mean F1 (sd): engine %.3f (%.3f), baseline %.3f (%.3f); pooled F1: engine %.3f, baseline %.3f\n",
			rep.EngineMean, rep.EngineSD, rep.BaselineMean, rep.BaselineSD, rep.EnginePooled.B3F1, rep.BaselinePooled.B3F1)
	}
	return nil
}
