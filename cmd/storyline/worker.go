package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
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
	listen := fs.String("listen", "", "serve /healthz, /readyz and /metrics on this address (e.g. 127.0.0.1:9100)")
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
	var store news.Store
	if *role != "prepare" {
		if store, err = openStore(ctx, e, *db); err != nil {
			return err
		}
		defer store.Close()
	}
	var prep, cl worker.Stats
	ops := &worker.Ops{Queue: q}
	if *role != "cluster" {
		ops.Stages = append(ops.Stages, worker.Stage{Name: "prepare", Consumer: queue.PrepareConsumer, Stats: &prep})
	}
	if store != nil {
		ops.Stages = append(ops.Stages, worker.Stage{Name: "cluster", Consumer: queue.ClusterConsumer, Stats: &cl})
		ops.Ready = func(ctx context.Context) error {
			if err := store.Ping(ctx); err != nil {
				return fmt.Errorf("store unavailable: %w", err)
			}
			return nil
		}
	}
	if *listen != "" {
		stopOps, err := serveOps(e, *listen, ops)
		if err != nil {
			return err
		}
		defer stopOps()
	}
	e.log.Info("worker started", "role", *role, "namespace", *ns, "listen", *listen)

	var wg sync.WaitGroup
	prepCtx, stopPrep := context.WithCancel(ctx)
	defer stopPrep()
	if *role != "cluster" {
		for range max(1, *prepares) {
			wg.Go(func() { worker.Prepare(prepCtx, q, &prep, e.log) })
		}
	}
	if store != nil {
		open := func(ctx context.Context) (worker.Session, error) {
			s := worker.Session{Pipeline: pipeline.New(store, cluster.New(cluster.DefaultConfig()), e.log, pipeline.DefaultConfig())}
			if l, ok := store.(news.Leaser); ok {
				// One clusterer at a time: a standby waits for the lease,
				// which frees itself when its holder dies.
				lease, err := waitLease(ctx, e, l, "cluster:"+*ns)
				if err != nil {
					return s, err
				}
				s.Lease = lease
			}
			return s, nil
		}
		worker.Supervise(ctx, q, open, worker.ClusterConfig{Idle: *idle}, &cl, e.log)
		stopPrep()
	} else if *idle > 0 {
		waitIdle(ctx, &prep, *idle)
		stopPrep()
	}
	wg.Wait()
	e.log.Info("worker stopped", "prepared", prep.Processed.Load(), "dead_lettered", prep.Failed.Load(), "stored", cl.Processed.Load())
	fmt.Fprintf(e.stdout, "prepared %d items (%d dead-lettered), stored %d articles\n", prep.Processed.Load(), prep.Failed.Load(), cl.Processed.Load())
	return nil
}

// waitIdle returns when ctx is done or no item was prepared for idle.
func waitIdle(ctx context.Context, st *worker.Stats, idle time.Duration) {
	last := st.Processed.Load()
	for t := time.Now(); time.Since(t) < idle; {
		select {
		case <-ctx.Done():
			return
		case <-time.After(idle / 4):
		}
		if n := st.Processed.Load(); n != last {
			last, t = n, time.Now()
		}
	}
}

// serveOps serves the worker's operations endpoints on addr until the
// returned function is called.
func serveOps(e *env, addr string, ops *worker.Ops) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("worker: listen %s: %w", addr, err)
	}
	srv := &http.Server{Handler: ops.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	e.log.Info("operations endpoints", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}

// waitLease takes the named lease, waiting while another process holds it
// and retrying while the store does not answer.
func waitLease(ctx context.Context, e *env, l news.Leaser, name string) (news.Lease, error) {
	for logged := false; ; {
		lease, ok, err := l.TryLease(ctx, name)
		switch {
		case err != nil:
			e.log.Warn("cannot take the clustering lease; retrying", "lease", name, "err", err)
		case ok:
			e.log.Info("clustering lease taken", "lease", name)
			return lease, nil
		case !logged:
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
