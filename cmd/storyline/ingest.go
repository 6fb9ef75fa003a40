package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
	limits := limitFlags(fs)
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

	res, err := newIngester(e, store).paths(ctx, e, paths, *quiet, limits.options())
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
	return newIngester(e, store).paths(ctx, e, paths, quiet, ingest.Options{})
}

// limits are the ingest size flags.
type limits struct{ doc, file sizeFlag }

// limitFlags adds --max-doc-size and --max-file-size.
func limitFlags(fs *flag.FlagSet) *limits {
	l := &limits{doc: ingest.DefaultMaxDocBytes, file: ingest.DefaultMaxFileBytes}
	fs.Var(&l.doc, "max-doc-size", "largest document (a text or HTML file, a JSON object or line, an archived page) after decompression, e.g. 10MiB")
	fs.Var(&l.file, "max-file-size", "most one input file yields after decompression, e.g. 4GiB")
	return l
}

func (l *limits) options() ingest.Options {
	return ingest.Options{MaxDocBytes: int64(l.doc), MaxFileBytes: int64(l.file)}
}

// sizeFlag is a byte size: 1048576, 512KiB, 10MiB, 4GiB (KB, MB and GB
// are taken as powers of 1024 too).
type sizeFlag int64

func (s *sizeFlag) String() string { return strconv.FormatInt(int64(*s), 10) }

func (s *sizeFlag) Set(v string) error {
	n, err := parseSize(v)
	if err != nil {
		return err
	}
	*s = sizeFlag(n)
	return nil
}

func parseSize(v string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("%q is not a size: use bytes or KiB, MiB, GiB", v)
	}
	return n * mult, nil
}

// ingester owns one pipeline, and with it one clustering engine warmed
// from the store once, for a process that ingests repeatedly (serve, watch).
// Its methods are serialised: arrival order matters.
type ingester struct {
	mu sync.Mutex
	p  *pipeline.Pipeline
}

func newIngester(e *env, store news.Store) *ingester {
	return newIngesterEvents(e, store, nil)
}

// newIngesterEvents is newIngester with story events passed to events
// after each committed batch (nil: none).
func newIngesterEvents(e *env, store news.Store, events func([]news.StoryEvent)) *ingester {
	cfg := pipeline.DefaultConfig()
	cfg.Events = events
	return &ingester{p: pipeline.New(store, cluster.New(cluster.DefaultConfig()), e.log, cfg)}
}

// paths ingests files, folders or "-" (e.stdin), reporting bad input on
// e.stderr and progress unless quiet.
func (g *ingester) paths(ctx context.Context, e *env, paths []string, quiet bool, opts ingest.Options) (ingestResult, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	start := time.Now()
	opts.Stdin = e.stdin
	reader := ingest.NewReader(opts)
	var failed atomic.Int64
	report := func(err error) {
		failed.Add(1)
		fmt.Fprintf(e.stderr, "storyline ingest: %s\n", itemMessage(err))
	}
	bar := progress.New(e.stderr, "ingest", quiet)
	st, err := g.p.Ingest(ctx, func(fn pipeline.ItemFunc) error {
		return reader.Read(ctx, paths, fn, func(ie *ingest.ItemError) { report(ie) })
	}, report, func(st pipeline.Stats) {
		done, total := reader.Progress()
		bar.Update(done, total, st.Read)
	})
	bar.Finish()
	res := ingestResult{Read: st.Read, Created: st.Created, Skipped: st.Skipped, Failed: int(failed.Load()), Stories: len(st.Stories)}
	res.Seconds = time.Since(start).Seconds()
	if res.Seconds > 0 {
		res.PerSecond = float64(res.Read) / res.Seconds
	}
	return res, err
}

// items ingests items already read (from feeds or fetched pages) and
// returns the number of new articles.
func (g *ingester) items(ctx context.Context, e *env, items []ingest.Item) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	st, err := g.p.Ingest(ctx, func(fn pipeline.ItemFunc) error {
		for _, it := range items {
			if err := fn(it); err != nil {
				return err
			}
		}
		return nil
	}, func(err error) { fmt.Fprintf(e.stderr, "storyline: %s\n", itemMessage(err)) }, nil)
	return st.Created, err
}

// itemMessage is the report of one bad input item: "path[:line]: reason",
// without the code prefix of a domain error.
func itemMessage(err error) string {
	if news.ErrorCode(err) == news.EINVALID {
		return news.ErrorMessage(err)
	}
	return err.Error()
}
