package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/storyline-news/storyline/internal/benchmark"
	"github.com/storyline-news/storyline/internal/eval"
)

func runEval(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("eval needs a benchmark: cluster, summarize, extract, timex or conflicts")
	}
	switch args[0] {
	case "cluster":
		return runEvalCluster(ctx, e, args[1:])
	case "summarize":
		return runEvalSummarize(ctx, e, args[1:])
	case "extract":
		return runEvalExtract(ctx, e, args[1:])
	case "timex":
		return runEvalTimex(ctx, e, args[1:])
	case "conflicts":
		return runEvalConflicts(ctx, e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(e.stdout, "Usage: storyline eval cluster|summarize|extract|timex|conflicts [flags] ARGS\n\nRun 'storyline eval cluster --help' for a benchmark's flags.")
		return nil
	}
	return usagef("unknown benchmark %q: use cluster, summarize, extract, timex or conflicts", args[0])
}

// jsonLine writes v as one line of JSON.
func jsonLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func runEvalCluster(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval cluster", "[--json] [--level event|storyline] [--folds K] FILE...")
	asJSON := fs.Bool("json", false, "print one JSON object per file")
	limit := fs.Int("limit", 0, "read only the first N articles of each file (0: all)")
	level := fs.String("level", "event", "what to score: event (stories) or storyline (the storylines stories are linked into)")
	folds := fs.Int("folds", 0, "cross-validate in K folds of whole event groups, beside a TF-IDF average-link baseline (0: score the whole file)")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("eval cluster needs benchmark files (e.g. ../shared/benchmarks/cluster/*.jsonl.gz)")
	}
	if *level != benchmark.LevelEvent && *level != benchmark.LevelStoryline {
		return usagef("--level must be event or storyline, not %q", *level)
	}
	if *folds != 0 {
		if *level != benchmark.LevelEvent {
			return usagef("--folds cross-validates the event level only")
		}
		return runEvalFolds(ctx, e, files, *folds, *asJSON)
	}
	if !*asJSON {
		fmt.Fprintf(e.stdout, "%-22s %8s %7s %8s  %-23s %-23s %10s\n", "FILE", "ARTICLES", "EVENTS", "CLUSTERS", "B-CUBED P / R / F1", "PAIRWISE P / R / F1", "ARTICLES/S")
	}
	for _, f := range files {
		rep, err := benchmark.RunCluster(ctx, f, benchmark.ClusterOptions{Limit: *limit, Level: *level})
		if err != nil {
			return err
		}
		if *asJSON {
			if err := jsonLine(e.stdout, rep); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(e.stdout, "%-22s %8d %7d %8d  %.3f / %.3f / %.3f   %.3f / %.3f / %.3f   %10.0f\n",
			rep.File, rep.Articles, rep.GoldClusters, rep.Clusters,
			rep.B3Precision, rep.B3Recall, rep.B3F1, rep.PairPrecision, rep.PairRecall, rep.PairF1, rep.ArticlesPerSecond)
	}
	return nil
}

func runEvalSummarize(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval summarize", "[--json] [--words N] [--write FILE] [--peers] FILE")
	asJSON := fs.Bool("json", false, "print one JSON object per system")
	words := fs.Int("words", 100, "summary length in words, also the ROUGE word limit")
	write := fs.String("write", "", `write {"id","summary"} lines to FILE`)
	peers := fs.Bool("peers", false, "score the published systems' summaries stored in the file")
	clean := fs.Bool("clean", false, "summarise clean_docs where a set has them")
	limit := fs.Int("limit", 0, "read only the first N sets (0: all)")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("eval summarize needs one benchmark file (e.g. ../shared/benchmarks/summarize/duc2004.jsonl.gz)")
	}
	opt := eval.SummarizeOptions{Words: *words, Peers: *peers, Clean: *clean, Limit: *limit}
	if *write != "" {
		f, err := os.Create(*write)
		if err != nil {
			return fmt.Errorf("eval summarize: %w", err)
		}
		defer f.Close()
		opt.Write = f
	}
	reps, err := eval.RunSummarize(ctx, files[0], opt)
	if err != nil {
		return err
	}
	if !*asJSON {
		fmt.Fprintf(e.stdout, "%-28s %5s %6s %8s %8s %8s %8s %8s\n", "SYSTEM", "SETS", "WORDS", "R-1 R", "R-2 R", "R-4 R", "R-1 F", "R-2 F")
	}
	for _, r := range reps {
		if *asJSON {
			if err := jsonLine(e.stdout, r); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(e.stdout, "%-28s %5d %6d %8.2f %8.2f %8.2f %8.2f %8.2f\n", r.System, r.Sets, r.Words,
			r.Rouge1Recall, r.Rouge2Recall, r.Rouge4Recall, r.Rouge1F, r.Rouge2F)
	}
	return nil
}
