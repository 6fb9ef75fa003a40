package main

import (
	"context"
	"fmt"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/progress"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ingest", "[flags] PATH... (- for stdin)")
	db := dbFlag(fs)
	quiet := fs.Bool("quiet", false, "print nothing but errors")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("no input: give files, folders, or - for stdin")
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()

	res, err := ingestPaths(ctx, e, store, paths, *quiet)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := writeJSON(e.stdout, res); err != nil {
			return err
		}
	} else if !*quiet {
		fmt.Fprintf(e.stdout, "read %d, stored %d new, %d already stored, %d failed; %d stories touched (%.0f articles/s)\n",
			res.Read, res.Created, res.Skipped, res.Failed, res.Stories, res.PerSecond)
	}
	if res.Failed > 0 {
		return &partialError{failed: res.Failed}
	}
	return nil
}

// ingestResult is what an ingest reports.
type ingestResult struct {
	Read      int     `json:"read"`
	Created   int     `json:"created"`
	Skipped   int     `json:"skipped"`
	Failed    int     `json:"failed"`
	Stories   int     `json:"stories"`
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"articles_per_second"`
}

// ingestPaths runs the pipeline over paths into store, reporting bad input
// on stderr as it goes.
func ingestPaths(ctx context.Context, e *env, store news.Store, paths []string, quiet bool) (ingestResult, error) {
	start := time.Now()
	reader := ingest.NewReader(ingest.Options{Stdin: e.stdin})
	p := pipeline.New(store, cluster.New(cluster.DefaultConfig()), e.log, pipeline.DefaultConfig())
	failed := 0
	report := func(err error) {
		failed++
		fmt.Fprintf(e.stderr, "storyline ingest: %v\n", err)
	}
	bar := progress.New(e.stderr, "ingest", quiet)
	st, err := p.Ingest(ctx, func(fn pipeline.ItemFunc) error {
		return reader.Read(ctx, paths, fn, func(ie *ingest.ItemError) { report(ie) })
	}, report, func(st pipeline.Stats) {
		done, total := reader.Progress()
		bar.Update(done, total, st.Read)
	})
	bar.Finish()
	res := ingestResult{Read: st.Read, Created: st.Created, Skipped: st.Skipped, Failed: failed, Stories: len(st.Stories)}
	res.Seconds = time.Since(start).Seconds()
	if res.Seconds > 0 {
		res.PerSecond = float64(res.Read) / res.Seconds
	}
	return res, err
}
