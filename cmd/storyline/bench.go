package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/benchmark"
)

func runBench(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "distributed":
			return runBenchDistributed(ctx, e, args[1:])
		case "stream":
			return runBenchStream(ctx, e, args[1:])
		}
	}
	return usagef("bench needs a benchmark: bench distributed | bench stream")
}

// runBenchStream runs benchmark.RunStream and prints a line (or a JSON
// object) per simulated day.
func runBenchStream(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench stream", "[flags]")
	days := fs.Int("days", 30, "simulated days")
	perDay := fs.Int("per-day", 10000, "articles per simulated day")
	seed := fs.Uint64("seed", 1, "seed of the synthetic stream")
	asJSON := fs.Bool("json", false, "print one JSON object per day")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *days < 1 || *perDay < 1 {
		return usagef("--days and --per-day must be at least 1")
	}
	if !*asJSON {
		fmt.Fprintf(e.stdout, "%4s %9s %10s %10s %10s %9s %11s\n", "day", "articles", "articles/s", "heap-MiB", "RSS-MiB", "stories", "rejoined")
	}
	enc := json.NewEncoder(e.stdout)
	return benchmark.RunStream(ctx, benchmark.StreamOptions{Days: *days, PerDay: *perDay, Seed: *seed}, func(d benchmark.StreamDay) error {
		if *asJSON {
			return enc.Encode(d)
		}
		_, err := fmt.Fprintf(e.stdout, "%4d %9d %10.0f %10.1f %10.1f %9d %5d/%-5d\n", d.Day, d.Articles, d.ArticlesPerSecond,
			float64(d.LiveHeapBytes)/(1<<20), float64(d.RSSBytes)/(1<<20), d.StoriesInMemory, d.Rejoined, d.Resurfaced)
		return err
	})
}

func runBenchDistributed(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench distributed", "[flags]")
	url := fs.String("nats", "", "NATS server URL (default $STORYLINE_NATS_URL)")
	db := fs.String("db", "", "PostgreSQL URL (default $STORYLINE_DB); the run uses a schema of its own, dropped after")
	articles := fs.Int("articles", 100000, "articles in the simulated day")
	workers := fs.String("workers", "1,2,4", "comma-separated numbers of prepare worker processes to try")
	seed := fs.Uint64("seed", 1, "seed of the synthetic day")
	asJSON := fs.Bool("json", false, "print one JSON object per run")
	keep := fs.Bool("keep", false, "keep each run's schema and print its URL (for the API benchmark)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *url == "" {
		*url = e.getenv("STORYLINE_NATS_URL")
	}
	if *db == "" {
		*db = e.getenv("STORYLINE_DB")
	}
	if *url == "" || !strings.HasPrefix(*db, "postgres") {
		return usagef("bench distributed needs --nats URL and --db postgres://...")
	}
	var counts []int
	for _, s := range strings.Split(*workers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return usagef("--workers %q: want numbers ≥ 1 separated by commas", *workers)
		}
		counts = append(counts, n)
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if !*asJSON {
		fmt.Fprintf(e.stdout, "%-8s %9s %8s %10s %10s %10s %10s %12s %12s %9s %9s %12s\n", "workers", "articles", "seconds",
			"e2e/s", "publish/s", "prepare/s", "store/s", "prep-busy/s", "clus-busy/s", "db-MiB", "nats-MiB", "clus-RSS-MiB")
	}
	for _, w := range counts {
		rep, err := benchmark.RunDistributed(ctx, benchmark.DistributedOptions{Exe: exe, NATS: *url, DB: *db,
			Articles: *articles, Workers: w, Seed: *seed, Progress: e.stderr, Keep: *keep})
		if err != nil {
			return err
		}
		if *asJSON {
			b, _ := json.Marshal(rep)
			fmt.Fprintln(e.stdout, string(b))
			continue
		}
		if rep.Database != "" {
			defer fmt.Fprintf(e.stdout, "kept the %d-worker run's store: %s\n", rep.Workers, rep.Database)
		}
		fmt.Fprintf(e.stdout, "%-8d %9d %8.1f %10.0f %10.0f %10.0f %10.0f %12.0f %12.0f %9.1f %9.1f %12.0f\n", rep.Workers, rep.Articles, rep.Seconds,
			rep.ArticlesPerSecond, rep.PublishPerSecond, rep.PreparePerSecond, rep.StorePerSecond,
			rep.PrepareBusyPerSecond, rep.ClusterBusyPerSecond, float64(rep.DatabaseBytes)/(1<<20), float64(rep.StreamBytes)/(1<<20), float64(rep.ClusterPeakRSS)/(1<<20))
	}
	return nil
}
