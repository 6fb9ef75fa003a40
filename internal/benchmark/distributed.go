package benchmark

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/queue"
	"github.com/storyline-news/storyline/internal/store/postgres"
)

// DistributedOptions controls [RunDistributed].
type DistributedOptions struct {
	// Exe is the storyline binary that the worker processes run.
	Exe string
	// NATS is the NATS server URL; DB the PostgreSQL URL, in whose
	// database the run makes a schema of its own (dropped after).
	NATS, DB string
	// Articles is the size of the simulated day; Workers the number of
	// prepare worker processes (each with two prepare loops), run beside
	// one clustering worker process.
	Articles, Workers int
	// Seed chooses the synthetic day.
	Seed uint64
	// Progress, if set, gets a line every few seconds.
	Progress io.Writer
	// Keep keeps the run's schema (its DSN is in the report) for other
	// benchmarks to read.
	Keep bool
}

// DistributedReport is what [RunDistributed] measured. Stages overlap (the
// pipeline streams), so a stage's rate is the articles over the time from
// the first publish until that stage had done them all; busy rates are a
// stage's articles over the seconds its workers spent working, read from
// the workers' metrics.
type DistributedReport struct {
	Articles          int     `json:"articles"`
	Workers           int     `json:"workers"`
	Seconds           float64 `json:"seconds"`
	ArticlesPerSecond float64 `json:"articles_per_second"`
	PublishPerSecond  float64 `json:"publish_per_second"`
	PreparePerSecond  float64 `json:"prepare_per_second"`
	StorePerSecond    float64 `json:"store_per_second"`
	// PrepareBusyPerSecond is per prepare loop; ClusterBusyPerSecond is
	// the clustering worker's storing rate while busy.
	PrepareBusyPerSecond float64 `json:"prepare_busy_per_second"`
	ClusterBusyPerSecond float64 `json:"cluster_busy_per_second"`
	// ClusterPeakRSS is the clustering worker's peak resident memory in
	// bytes (Linux; 0 elsewhere).
	ClusterPeakRSS int64  `json:"cluster_peak_rss_bytes"`
	Stories        int    `json:"stories"`
	DatabaseBytes  int64  `json:"database_bytes"`
	StreamBytes    uint64 `json:"stream_bytes"`
	// Database is the kept store's DSN (with DistributedOptions.Keep).
	Database string `json:"database,omitempty"`
}

// RunDistributed pushes a synthetic news day of opt.Articles articles
// through the distributed pipeline: it starts the worker processes,
// publishes the day to a fresh namespace, waits until the clustering
// worker has stored every article, stops the workers with SIGTERM and
// reports rates and sizes. Its namespace and (unless opt.Keep) schema are
// removed after.
func RunDistributed(ctx context.Context, opt DistributedOptions) (rep DistributedReport, err error) {
	rep.Articles, rep.Workers = opt.Articles, max(1, opt.Workers)
	stamp := time.Now().UnixNano()
	ns := fmt.Sprintf("benchdist%d", stamp)
	schema := fmt.Sprintf("storyline_bench_%d", stamp)
	db, err := postgres.CreateSchema(ctx, opt.DB, schema)
	if err != nil {
		return rep, err
	}
	if opt.Keep {
		rep.Database = db
	} else {
		defer postgres.DropSchema(context.WithoutCancel(ctx), opt.DB, schema)
	}
	store, err := postgres.Open(ctx, db) // migrates before the workers start
	if err != nil {
		return rep, err
	}
	defer store.Close()
	q, err := queue.Connect(ctx, opt.NATS, ns)
	if err != nil {
		return rep, err
	}
	defer q.Close()
	defer q.Delete(context.WithoutCancel(ctx))

	var procs []*benchProc
	defer func() {
		for _, p := range procs {
			p.stop()
		}
	}()
	for i := range rep.Workers + 1 {
		role := "prepare"
		if i == rep.Workers {
			role = "cluster"
		}
		p, err := startBenchProc(opt.Exe, role, opt.NATS, ns, db)
		if err != nil {
			return rep, err
		}
		procs = append(procs, p)
	}

	start := time.Now()
	published := make(chan error, 1)
	var publishTime time.Duration
	go func() {
		batch := make([]ingest.Item, 0, 1000)
		flush := func() error {
			_, err := q.Publish(ctx, batch)
			batch = batch[:0]
			return err
		}
		err := SyntheticDay(ctx, opt.Articles, opt.Seed, func(it ingest.Item) error {
			if batch = append(batch, it); len(batch) == cap(batch) {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		publishTime = time.Since(start)
		published <- err
	}()

	var prepTime time.Duration
	done := false
	lastLine := time.Now()
	for !done {
		select {
		case <-ctx.Done():
			return rep, ctx.Err()
		case err := <-published:
			if err != nil {
				return rep, fmt.Errorf("benchmark: publish: %w", err)
			}
			published = nil
		case <-time.After(500 * time.Millisecond):
		}
		for _, p := range procs {
			if p.exited() {
				return rep, fmt.Errorf("benchmark: %s worker exited early", p.role)
			}
		}
		prepLag, perr := q.Lag(ctx, queue.PrepareConsumer)
		clLag, cerr := q.Lag(ctx, queue.ClusterConsumer)
		if published == nil && perr == nil && prepLag == 0 && prepTime == 0 {
			prepTime = time.Since(start)
		}
		if published == nil && cerr == nil && clLag == 0 {
			done = true
		}
		if opt.Progress != nil && time.Since(lastLine) > 5*time.Second {
			lastLine = time.Now()
			fmt.Fprintf(opt.Progress, "%6.0fs  prepare lag %d  cluster lag %d\n", time.Since(start).Seconds(), prepLag, clLag)
		}
	}
	total := time.Since(start)
	if prepTime == 0 {
		prepTime = total
	}
	var prepN, prepBusy, clN, clBusy float64
	for _, p := range procs {
		n, busy, err := p.scrape()
		if err != nil {
			return rep, err
		}
		if p.role == "cluster" {
			clN, clBusy = n, busy
			rep.ClusterPeakRSS = peakRSS(p.cmd.Process.Pid)
		} else {
			prepN, prepBusy = prepN+n, prepBusy+busy
		}
	}
	rep.Seconds = total.Seconds()
	rep.ArticlesPerSecond = float64(opt.Articles) / total.Seconds()
	rep.PublishPerSecond = float64(opt.Articles) / publishTime.Seconds()
	rep.PreparePerSecond = float64(opt.Articles) / prepTime.Seconds()
	rep.StorePerSecond = rep.ArticlesPerSecond
	if prepBusy > 0 {
		// Busy time is summed over a process's two loops.
		rep.PrepareBusyPerSecond = prepN / prepBusy
	}
	if clBusy > 0 {
		rep.ClusterBusyPerSecond = clN / clBusy
	}
	if n, err := store.CountStories(ctx); err == nil {
		rep.Stories = n
	}
	if rep.DatabaseBytes, err = store.Size(ctx); err != nil {
		return rep, err
	}
	if rep.StreamBytes, err = q.StreamBytes(ctx); err != nil {
		return rep, err
	}
	if arts, err := store.CountArticles(ctx); err != nil || arts != opt.Articles {
		return rep, fmt.Errorf("benchmark: %d articles stored (%v), want %d", arts, err, opt.Articles)
	}
	return rep, nil
}

// benchProc is a worker process with its operations address.
type benchProc struct {
	role, addr string
	cmd        *exec.Cmd
	done       chan struct{}
}

func startBenchProc(exe, role, natsURL, ns, db string) (*benchProc, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	args := []string{"worker", "--role", role, "--nats", natsURL, "--namespace", ns, "--listen", addr}
	if role == "cluster" {
		args = append(args, "--db", db)
	}
	p := &benchProc{role: role, addr: addr, cmd: exec.Command(exe, args...), done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = io.Discard, os.Stderr
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("benchmark: start %s worker: %w", role, err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	return p, nil
}

func (p *benchProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM and waits, killing after 30 s.
func (p *benchProc) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

// peakRSS returns the peak resident set size of process pid in bytes from
// /proc, or 0 where that is not available.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

var (
	processedRe = regexp.MustCompile(`(?m)^storyline_worker_processed_total\{stage="\w+"\} (\S+)`)
	busyRe      = regexp.MustCompile(`(?m)^storyline_worker_busy_seconds_total\{stage="\w+"\} (\S+)`)
)

// scrape reads the worker's items processed and busy seconds.
func (p *benchProc) scrape() (n, busy float64, err error) {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + p.addr + "/metrics")
	if err != nil {
		return 0, 0, fmt.Errorf("benchmark: %s worker metrics: %w", p.role, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, 0, err
	}
	m, mb := processedRe.FindSubmatch(b), busyRe.FindSubmatch(b)
	if m == nil || mb == nil {
		return 0, 0, errors.New("benchmark: worker metrics lack processed or busy counts")
	}
	n, _ = strconv.ParseFloat(string(m[1]), 64)
	busy, _ = strconv.ParseFloat(string(mb[1]), 64)
	return n, busy, nil
}
