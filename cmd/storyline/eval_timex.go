package main

import (
	"context"
	"fmt"

	"github.com/storyline-news/storyline/internal/eval"
)

func runEvalTimex(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval timex", "[--json] [--misses] FILE")
	asJSON := fs.Bool("json", false, "print a JSON object")
	misses := fs.Bool("misses", false, "also list the wrong values, with their half, on stderr")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("eval timex needs one benchmark file (e.g. ../shared/benchmarks/timex/timebank.jsonl.gz)")
	}
	var opt eval.TimexOptions
	if *misses {
		opt.Misses = func(m eval.TimexMiss) {
			half := "test"
			if m.Dev {
				half = "dev"
			}
			fmt.Fprintf(e.stderr, "%s\t%s\t%s\t%q\tgold %s\tgot %s\n", half, m.ID, m.DCT, m.Text, m.Gold, m.Got)
		}
	}
	rep, err := eval.RunTimex(ctx, files[0], opt)
	if err != nil {
		return err
	}
	if *asJSON {
		return jsonLine(e.stdout, rep)
	}
	fmt.Fprintf(e.stdout, "%-26s %6s %8s %9s %7s %7s %7s %7s %7s %9s\n", "SET", "DATES", "CORRECT", "ACCURACY", "DAY", "MONTH", "YEAR", "WEEK", "FOUND", "FOUND OK")
	row := func(name string, s eval.TimexScore) {
		fmt.Fprintf(e.stdout, "%-26s %6d %8d %9.3f %7.3f %7.3f %7.3f %7.3f %7d %9d\n", name, s.Dates, s.Correct, s.Accuracy,
			s.AccuracyDay, s.AccuracyMonth, s.AccuracyYear, s.AccuracyWeek, s.Found, s.FoundCorrect)
	}
	row(rep.File, rep.TimexScore)
	row("  dev half", rep.Dev)
	row("  test half", rep.Test)
	row("baseline: no tense", rep.Baseline.TimexScore)
	row("  dev half", rep.Baseline.Dev)
	row("  test half", rep.Baseline.Test)
	fmt.Fprintf(e.stdout, "timex.Find, the timeline's tagger: spans %d (dev %d, test %d), overlapping a gold expression of any type %d (dev %d, test %d)\n",
		rep.FindSpans, rep.Dev.FindSpans, rep.Test.FindSpans, rep.FindSpansTimex, rep.Dev.FindSpansTimex, rep.Test.FindSpansTimex)
	return nil
}
