package worker

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/storyline-news/storyline/internal/queue"
)

// opsTimeout bounds the queue and store calls of one health or metrics
// request.
const opsTimeout = 2 * time.Second

// Stage is one stage run by a worker process, for its operations
// endpoints.
type Stage struct {
	Name     string // "prepare" or "cluster"
	Consumer string // its consumer of ITEMS, whose backlog is its lag
	Stats    *Stats
}

// Ops serves a worker process's operations endpoints:
//
//	GET /healthz  200 while the process runs
//	GET /readyz   200 when it can work: connected to NATS, every stage
//	              active (a standby clusterer is not) and Ready nil;
//	              else 503 with the reason
//	GET /metrics  Prometheus text format, per stage: items processed and
//	              failed, restarts, busy seconds, queue lag, last progress
//	GET /debug/pprof/  the Go runtime's profiles (net/http/pprof)
type Ops struct {
	Queue  *queue.Queue
	Stages []Stage
	// Ready, if set, is a further readiness check (say, a store ping).
	Ready func(context.Context) error
}

// Handler returns the endpoints' handler.
func (o *Ops) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", o.handleReady)
	mux.HandleFunc("GET /metrics", o.handleMetrics)
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	return mux
}

// notReady returns why the worker cannot work now, or "" when it can.
func (o *Ops) notReady(ctx context.Context) string {
	if !o.Queue.Connected() {
		return "not connected to NATS"
	}
	for _, s := range o.Stages {
		if !s.Stats.Active.Load() {
			return s.Name + " stage not active (starting, standing by for the lease, or recovering)"
		}
	}
	if o.Ready != nil {
		if err := o.Ready(ctx); err != nil {
			return err.Error()
		}
	}
	return ""
}

func (o *Ops) handleReady(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), opsTimeout)
	defer cancel()
	if why := o.notReady(ctx); why != "" {
		http.Error(w, why, http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ready")
}

func (o *Ops) handleMetrics(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), opsTimeout)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	up := 0
	if o.Queue.Connected() {
		up = 1
	}
	fmt.Fprintf(bw, "# HELP storyline_worker_nats_up Whether the worker is connected to NATS.\n# TYPE storyline_worker_nats_up gauge\nstoryline_worker_nats_up %d\n", up)
	family := func(name, typ, help string, value func(Stage) (float64, bool)) {
		fmt.Fprintf(bw, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
		for _, s := range o.Stages {
			if v, ok := value(s); ok {
				fmt.Fprintf(bw, "%s{stage=%q} %g\n", name, s.Name, v)
			}
		}
	}
	family("storyline_worker_processed_total", "counter", "Items prepared (prepare) or articles stored (cluster).",
		func(s Stage) (float64, bool) { return float64(s.Stats.Processed.Load()), true })
	family("storyline_worker_failures_total", "counter", "Items dead-lettered (prepare) or batches that failed to store (cluster).",
		func(s Stage) (float64, bool) { return float64(s.Stats.Failed.Load()), true })
	family("storyline_worker_restarts_total", "counter", "Runs started over after a failure.",
		func(s Stage) (float64, bool) { return float64(s.Stats.Restarts.Load()), true })
	family("storyline_worker_busy_seconds_total", "counter", "Time spent working; processed over busy is the stage's rate per worker.",
		func(s Stage) (float64, bool) { return time.Duration(s.Stats.Busy.Load()).Seconds(), true })
	family("storyline_worker_active", "gauge", "Whether the stage is working (1) or starting, standing by or recovering (0).",
		func(s Stage) (float64, bool) {
			if s.Stats.Active.Load() {
				return 1, true
			}
			return 0, true
		})
	family("storyline_worker_last_progress_timestamp_seconds", "gauge", "Unix time of the stage's last progress.",
		func(s Stage) (float64, bool) {
			t := s.Stats.Last.Load()
			return float64(t) / 1e9, t > 0
		})
	family("storyline_worker_queue_lag", "gauge", "Items of the stream the stage's consumer has not acknowledged.",
		func(s Stage) (float64, bool) {
			n, err := o.Queue.Lag(ctx, s.Consumer)
			return float64(n), err == nil
		})
}
