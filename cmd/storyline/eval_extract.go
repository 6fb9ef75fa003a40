package main

import (
	"context"
	"fmt"
	"os"

	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/web/extract"
)

// runEvalExtract scores article extraction on benchmark folders, with
// go-trafilatura alone beside it when --baseline is given.
func runEvalExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval extract", "[--json] [--baseline] [--write FILE] DIR...")
	asJSON := fs.Bool("json", false, "print one JSON object per folder and system")
	baseline := fs.Bool("baseline", false, "also score go-trafilatura alone: its default Options, and with EnableFallback as its command line does")
	write := fs.String("write", "", `write Storyline's {"id","text"} lines to FILE`)
	dirs, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(dirs) == 0 {
		return usagef("eval extract needs benchmark folders (e.g. ../shared/benchmarks/extract)")
	}
	var out *os.File
	if *write != "" {
		if out, err = os.Create(*write); err != nil {
			return fmt.Errorf("eval extract: %w", err)
		}
		defer out.Close()
	}
	systems := []eval.ExtractOptions{{System: "storyline"}}
	if out != nil {
		systems[0].Write = out
	}
	if *baseline {
		systems = append(systems,
			eval.ExtractOptions{System: "go-trafilatura", Extractor: extract.NewBaseline()},
			eval.ExtractOptions{System: "go-trafilatura+fallback", Extractor: &extract.Baseline{Fallback: true}})
	}
	if !*asJSON {
		fmt.Fprintf(e.stdout, "%-16s %-24s %5s %9s %7s %7s %8s %6s\n", "FOLDER", "SYSTEM", "PAGES", "PRECISION", "RECALL", "F1", "PAGES/S", "FAILED")
	}
	for _, dir := range dirs {
		for _, opt := range systems {
			rep, err := eval.RunExtract(ctx, dir, opt)
			if err != nil {
				return err
			}
			if *asJSON {
				if err := jsonLine(e.stdout, rep); err != nil {
					return err
				}
				continue
			}
			fmt.Fprintf(e.stdout, "%-16s %-24s %5d %9.4f %7.4f %7.4f %8.1f %6d\n",
				rep.Folder, rep.System, rep.Pages, rep.Precision, rep.Recall, rep.F1, rep.PagesPerSecond, rep.Failed)
		}
	}
	return nil
}
