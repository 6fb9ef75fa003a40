package main

import (
	"context"
	"fmt"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/queue"
	"github.com/storyline-news/storyline/internal/worker"
)

func runPublish(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "publish", "[flags] PATH... (- for stdin)")
	url := fs.String("nats", "", "NATS server URL (default $STORYLINE_NATS_URL)")
	ns := fs.String("namespace", queue.DefaultNamespace, "name of the deployment's streams")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("publish needs files, folders or -")
	}
	q, err := connectQueue(ctx, e, *url, *ns)
	if err != nil {
		return err
	}
	defer q.Close()
	var items []ingest.Item
	failed := 0
	r := ingest.NewReader(ingest.Options{Stdin: e.stdin})
	if err := r.Read(ctx, paths, func(it ingest.Item) error { items = append(items, it); return nil },
		func(ie *ingest.ItemError) { failed++; fmt.Fprintf(e.stderr, "storyline publish: %v\n", ie) }); err != nil {
		return err
	}
	n, err := q.Publish(ctx, items)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "published %d items, %d new, %d failed to read\n", len(items), n, failed)
	if failed > 0 {
		return &partialError{failed: failed}
	}
	return nil
}

func connectQueue(ctx context.Context, e *env, url, ns string) (*queue.Queue, error) {
	if url == "" {
		url = e.getenv("STORYLINE_NATS_URL")
	}
	if url == "" {
		return nil, usagef("no NATS server: give --nats or set $STORYLINE_NATS_URL")
	}
	return queue.Connect(ctx, url, ns)
}

func runWorker(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "worker", "[flags]")
	url := fs.String("nats", "", "NATS server URL (default $STORYLINE_NATS_URL)")
	ns := fs.String("namespace", queue.DefaultNamespace, "name of the deployment's streams")
	db := dbFlag(fs)
	role := fs.String("role", "all", "stage to run: prepare, cluster or all")
	prepares := fs.Int("prepare-workers", 2, "prepare loops in this process (roles prepare and all)")
	idle := fs.Duration("idle", 0, "stop after this long with nothing to do (0: run until SIGTERM or Ctrl-C)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *role != "prepare" && *role != "cluster" && *role != "all" {
		return usagef("--role %q: use prepare, cluster or all", *role)
	}
	q, err := connectQueue(ctx, e, *url, *ns)
	if err != nil {
		return err
	}
	defer q.Close()
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)
	defer stop()
	var wg sync.WaitGroup
	var prep, cl worker.Stats
	prepCtx, stopPrep := context.WithCancel(ctx)
	defer stopPrep()
	if *role != "cluster" {
		for range max(1, *prepares) {
			wg.Go(func() { worker.Prepare(prepCtx, q, &prep, e.log) })
		}
	}
	var err2 error
	if *role != "prepare" {
		store, err := openStore(ctx, e, *db)
		if err != nil {
			stopPrep()
			wg.Wait()
			return err
		}
		defer store.Close()
		if l, ok := store.(news.Leaser); ok {
			// One clusterer at a time: a standby waits for the lease,
			// which frees itself when its holder dies.
			release, err := waitLease(ctx, e, l, "cluster:"+*ns)
			if err != nil {
				stopPrep()
				wg.Wait()
				return err
			}
			defer release()
		}
		p := pipeline.New(store, cluster.New(cluster.DefaultConfig()), e.log, pipeline.DefaultConfig())
		err2 = worker.Cluster(ctx, q, p, worker.ClusterConfig{Idle: *idle}, &cl, e.log)
		stopPrep()
	} else if *idle > 0 {
		// A prepare-only worker with --idle stops when no item came for that long.
		last := prep.Processed.Load()
		for t := time.Now(); ; {
			select {
			case <-ctx.Done():
			case <-time.After(*idle / 4):
				if n := prep.Processed.Load(); n != last {
					last, t = n, time.Now()
				}
				if time.Since(t) < *idle {
					continue
				}
			}
			break
		}
		stopPrep()
	}
	wg.Wait()
	fmt.Fprintf(e.stdout, "prepared %d items (%d dead-lettered), stored %d articles\n", prep.Processed.Load(), prep.Failed.Load(), cl.Processed.Load())
	return err2
}

// waitLease takes the named lease, waiting while another process holds it.
func waitLease(ctx context.Context, e *env, l news.Leaser, name string) (func(), error) {
	for logged := false; ; {
		release, ok, err := l.TryLease(ctx, name)
		if err != nil {
			return nil, err
		}
		if ok {
			return release, nil
		}
		if !logged {
			e.log.Warn("another clustering worker holds the lease; standing by", "lease", name)
			logged = true
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}
