package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/benchmark"
	"github.com/storyline-news/storyline/internal/text/quantity"
)

func runEvalConflicts(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval conflicts", "[--json] [--seed N] [--split] [--list] [--half dev|test] FILE...")
	asJSON := fs.Bool("json", false, "print one JSON object per file and half")
	seed := fs.Uint64("seed", 1, "seed of the injection")
	split := fs.Bool("split", false, "cut events of more than 6 articles into parts (ECB+, whose events are large)")
	list := fs.Bool("list", false, "also list the missed injections and the flagged controls")
	half := fs.String("half", "", "print only this half (dev or test), its rows and its listing, so that an error study never sees the other")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *half != "" && *half != "dev" && *half != "test" {
		return usagef("eval conflicts: --half is dev or test, not %q", *half)
	}
	if len(files) == 0 {
		return usagef("eval conflicts needs clustering benchmark files (e.g. ../shared/benchmarks/cluster/gva-dev.jsonl.gz)")
	}
	if !*asJSON {
		fmt.Fprintf(e.stdout, "%-14s %-5s %9s %7s  %-42s %10s %9s\n", "FILE", "HALF", "INJECTED", "RECALL", "BY KIND (found/injected)", "REACHABLE", "CONTROLS")
	}
	for _, f := range files {
		reps, err := benchmark.RunConflicts(ctx, f, benchmark.ConflictOptions{Seed: *seed, Split: *split})
		if err != nil {
			return err
		}
		for _, r := range reps {
			if *half != "" && r.Half != *half {
				continue
			}
			if *asJSON {
				if err := jsonLine(e.stdout, r); err != nil {
					return err
				}
			} else {
				var kinds []string
				for _, k := range r.Kinds {
					kinds = append(kinds, fmt.Sprintf("%s %d/%d", k.Kind, k.Found, k.Injected))
				}
				fmt.Fprintf(e.stdout, "%-14s %-5s %9d %7.3f  %-42s %4d/%-5d %3d/%-3d %.3f (all %d/%d)\n", r.File, r.Half, r.Injected, r.Recall,
					strings.Join(kinds, ", "), r.FoundReachable, r.Reachable, r.Flagged, r.Agreeing, r.ControlRate, r.FlaggedAll, r.Controls)
			}
			if *list && r.Half != "all" {
				listConflictCases(e, r)
			}
		}
	}
	return nil
}

// listConflictCases prints what an error study needs: each missed
// injection with the conflicts listed, and each flagged agreeing control.
func listConflictCases(e *env, r benchmark.ConflictReport) {
	w := e.stderr
	for _, c := range r.Cases {
		st := c.Story
		switch {
		case st.Injected && !c.Found:
			fmt.Fprintf(w, "MISS %s %s %s %s->%s reachable=%v article=%d %q\n", r.Half, st.ID, st.Kind, quantity.Format(st.Old), quantity.Format(st.New), c.Reachable, st.Article, st.Recs[st.Article].Title)
		case !st.Injected && c.Flagged:
			fmt.Fprintf(w, "FLAG %s %s agreeing=%v\n", r.Half, st.ID, st.Agreeing)
		default:
			continue
		}
		for _, x := range c.Conflicts {
			fmt.Fprintf(w, "    %s:", x.What)
			for _, sd := range x.Sides {
				fmt.Fprintf(w, " %s %v %q;", sd.Value, sd.Sources, clip(sd.Text, 100))
			}
			fmt.Fprintln(w)
		}
	}
}
