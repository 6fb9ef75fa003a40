// Package worker runs the stages of a distributed ingest over the JetStream
// log of package queue: prepare workers (any number, stateless) clean and
// normalise items, and one clustering worker stores and clusters them in
// arrival order. Work is acknowledged only after it is durable (the
// prepared article in the bucket, the batch committed in the database), so
// a killed worker loses nothing: its unacknowledged items are delivered
// again, and storing is idempotent.
//
// On SIGTERM (ctx done) a worker drains: it stops taking work, finishes and
// acknowledges what it holds, and hands back (naks) what it cannot finish.
// A failing store or queue is ridden out: the prepare worker retries, and
// [Supervise] starts the clustering worker over from the store after a
// failure, with backoff.
package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/queue"
)

// ackWait is how long a delivered item may stay unacknowledged before it
// is delivered again: the time a killed worker's items wait for another.
const ackWait = 10 * time.Second

// drainTimeout bounds the work a stopping worker still finishes.
const drainTimeout = 30 * time.Second

// Stats counts a stage's work; it is safe to read while the worker runs.
type Stats struct {
	Processed atomic.Int64 // items prepared, or articles stored
	Failed    atomic.Int64 // items dead-lettered, or batches that failed
	Restarts  atomic.Int64 // clustering runs started over after a failure
	Busy      atomic.Int64 // nanoseconds spent working, waits excluded
	Last      atomic.Int64 // Unix nanoseconds of the last progress
	Active    atomic.Bool  // the stage is working (a clusterer holds its lease)
}

// done records n items of work that took d.
func (s *Stats) done(n int, d time.Duration) {
	s.Processed.Add(int64(n))
	s.Busy.Add(int64(d))
	s.Last.Store(time.Now().UnixNano())
}

func discard(l *slog.Logger) *slog.Logger {
	if l != nil {
		return l
	}
	return slog.New(slog.DiscardHandler)
}

// drainContext is the context a worker does its work under: not cancelled
// with ctx, so that work begun is finished, but cancelled drainTimeout
// after ctx is done, so that a stopping worker stops.
func drainContext(ctx context.Context) (context.Context, context.CancelFunc) {
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(drainTimeout, cancel) })
	return wctx, func() { stop(); cancel() }
}

// Prepare runs a prepare worker until ctx is done: it takes items from
// ITEMS, prepares them (pipeline.Prepare) and stores the result under the
// item's sequence. An item that cannot be decoded or prepared goes to the
// dead-letter stream with its error, and its sequence is marked failed so
// the clustering worker passes over it. When ctx is done it finishes the
// items it holds and returns.
func Prepare(ctx context.Context, q *queue.Queue, st *Stats, log *slog.Logger) error {
	log = discard(log)
	c, err := q.Consumer(ctx, queue.PrepareConsumer, queue.ConsumerConfig{AckWait: ackWait, MaxAckPending: 1000, MaxDeliver: 10})
	if err != nil {
		return err
	}
	st.Active.Store(true)
	defer st.Active.Store(false)
	wctx, cancel := drainContext(ctx)
	defer cancel()
	for ctx.Err() == nil {
		msgs, err := c.Fetch(ctx, 100, time.Second)
		if err != nil && ctx.Err() == nil {
			log.Warn("prepare: fetch failed; retrying", "err", err)
			sleep(ctx, time.Second)
		}
		t0 := time.Now()
		n := 0
		for _, m := range msgs {
			if prepareOne(wctx, q, m, st, log) {
				n++
			}
		}
		if n > 0 {
			st.done(n, time.Since(t0))
		}
	}
	log.Info("prepare: drained")
	return nil
}

// prepareOne prepares one item and reports whether it was done (acked).
func prepareOne(ctx context.Context, q *queue.Queue, m *queue.Msg, st *Stats, log *slog.Logger) bool {
	var it ingest.Item
	var p queue.Prepared
	err := json.Unmarshal(m.Data, &it)
	if err == nil {
		p.Article, err = pipeline.Prepare(it)
	}
	if err != nil {
		p.Article, p.Error = nil, err.Error()
		if derr := q.DeadLetter(ctx, m.Data, err.Error()); derr != nil {
			log.Warn("prepare: dead letter failed; item will be delivered again", "seq", m.Seq, "err", derr)
			m.Nak()
			return false
		}
		st.Failed.Add(1)
		log.Warn("prepare: item dead-lettered", "seq", m.Seq, "err", err)
	}
	if err := q.PutPrepared(ctx, m.Seq, p); err != nil {
		log.Warn("prepare: store failed; item will be delivered again", "seq", m.Seq, "err", err)
		m.Nak()
		return false
	}
	if err := m.Ack(); err != nil {
		log.Warn("prepare: ack failed", "seq", m.Seq, "err", err)
	}
	return true
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// ClusterConfig tunes the clustering worker.
type ClusterConfig struct {
	// BatchSize is the most articles stored per transaction.
	BatchSize int
	// Idle, if positive, stops the worker after this long with nothing
	// to do (for batch runs and tests); 0 runs until ctx is done. Before
	// it stops, it re-checks the stories started since the last periodic
	// re-check, as a one-process ingest does at its end.
	Idle time.Duration
	// Check, if set, is called before each batch is stored; an error
	// stops the worker (say, its lease was lost).
	Check func(context.Context) error
}

// fetchers is how many prepared articles the clustering worker reads from
// the bucket at once.
const fetchers = 32

// Cluster runs the clustering worker: it reads ITEMS in sequence order,
// waits for each item's prepared article, and stores and clusters them in
// that order through p, acknowledging items after their batch commits.
// Reading and featurizing the next batch overlaps with storing the one
// before. Only one clustering worker may run against a store at a time.
// When ctx is done it finishes the batch it is storing, hands back the
// items it holds and returns nil. A failure to store returns the error; p
// must not be used again (its engine may hold the rolled-back batch), see
// [Supervise].
func Cluster(ctx context.Context, q *queue.Queue, p *pipeline.Pipeline, cfg ClusterConfig, st *Stats, log *slog.Logger) error {
	log = discard(log)
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 500
	}
	c, err := q.Consumer(ctx, queue.ClusterConsumer, queue.ConsumerConfig{AckWait: ackWait, MaxAckPending: 4 * cfg.BatchSize, MaxDeliver: -1})
	if err != nil {
		return err
	}
	floor, err := c.AckFloor(ctx)
	if err != nil {
		return err
	}
	wctx, cancel := drainContext(ctx)
	defer cancel()

	// The storing stage: one run at a time, in order.
	type run struct {
		msgs  []*queue.Msg
		batch pipeline.Featurized
		n     int // articles; a run without items is the final re-check
	}
	runs := make(chan run, 1)
	stored := make(chan error, 1)
	failed := make(chan struct{}) // closed when storing fails
	// storedNext is the first sequence not yet stored; runs are handed
	// over in order, so those in flight are storedNext up to next.
	var storedNext atomic.Uint64
	storedNext.Store(floor + 1)
	store := func(r run) error {
		t0 := time.Now()
		if cfg.Check != nil {
			if err := cfg.Check(wctx); err != nil {
				return err
			}
		}
		final := len(r.msgs) == 0
		if _, err := p.StoreFeaturized(wctx, r.batch, final); err != nil {
			st.Failed.Add(1)
			return fmt.Errorf("store batch: %w", err)
		}
		if final {
			return nil
		}
		for _, m := range r.msgs {
			if err := m.Ack(); err != nil {
				log.Warn("cluster: ack failed", "seq", m.Seq, "err", err)
			}
		}
		parallel(len(r.msgs), func(i int) { q.DeletePrepared(wctx, r.msgs[i].Seq) })
		storedNext.Store(r.msgs[len(r.msgs)-1].Seq + 1)
		st.done(r.n, time.Since(t0))
		return nil
	}
	go func() {
		var err error
		for r := range runs {
			if err == nil {
				if err = store(r); err != nil {
					close(failed)
				}
			}
			if err != nil { // hand back what cannot be stored now
				for _, m := range r.msgs {
					m.Nak()
				}
			}
		}
		stored <- err
	}()

	next := floor + 1 // the first sequence not yet handed over
	buf := map[uint64]*queue.Msg{}
	idleSince := time.Now()
loop:
	for ctx.Err() == nil {
		select {
		case <-failed:
			break loop
		default:
		}
		msgs, err := c.Fetch(ctx, cfg.BatchSize, 500*time.Millisecond)
		if err != nil && ctx.Err() == nil {
			log.Warn("cluster: fetch failed; retrying", "err", err)
			sleep(ctx, time.Second)
		}
		for _, m := range msgs {
			switch {
			case m.Seq < storedNext.Load():
				m.Ack() // stored already: its ack was lost, or before a restart
			case m.Seq < next:
				// Delivered again while its first delivery is being
				// stored; that one is acknowledged after the commit.
			default:
				buf[m.Seq] = m
			}
		}
		msgRun, arts := readyRun(wctx, q, buf, next, cfg.BatchSize)
		if len(msgRun) == 0 {
			if cfg.Idle > 0 && len(buf) == 0 && storedNext.Load() == next && time.Since(idleSince) > cfg.Idle {
				// The end of a batch run: store the final re-check's
				// merges before stopping. (A running stream is re-checked
				// every 100 arrivals; re-checking whenever it pauses would
				// make the stories depend on timing.)
				select {
				case runs <- run{batch: p.Featurize(nil)}:
				case <-failed:
				}
				break
			}
			continue
		}
		for _, m := range msgRun {
			delete(buf, m.Seq)
		}
		next += uint64(len(msgRun))
		r := run{msgs: msgRun, batch: p.Featurize(arts), n: len(arts)}
		select {
		case runs <- r:
		case <-failed:
			for _, m := range msgRun {
				m.Nak()
			}
			break loop
		}
		idleSince = time.Now()
	}
	close(runs)
	storeErr := <-stored
	// Hand back what was not handed over, for prompt redelivery.
	for _, m := range buf {
		m.Nak()
	}
	if storeErr != nil {
		return fmt.Errorf("worker: cluster: %w", storeErr)
	}
	log.Info("cluster: drained", "next", next)
	return nil
}

// readyRun returns the run of consecutive items from sequence next whose
// prepared articles are ready (at most max), with those articles; items
// that failed preparation are in the run but have no article. It reads
// the bucket on several goroutines.
func readyRun(ctx context.Context, q *queue.Queue, buf map[uint64]*queue.Msg, next uint64, max int) ([]*queue.Msg, []*news.Article) {
	var cand []*queue.Msg
	for len(cand) < max {
		m, ok := buf[next+uint64(len(cand))]
		if !ok {
			break
		}
		cand = append(cand, m)
	}
	preps := make([]queue.Prepared, len(cand))
	ready := make([]bool, len(cand))
	parallel(len(cand), func(i int) {
		p, ok, err := q.GetPrepared(ctx, cand[i].Seq)
		preps[i], ready[i] = p, ok && err == nil
	})
	var arts []*news.Article
	for i := range cand {
		if !ready[i] {
			return cand[:i], arts
		}
		if preps[i].Article != nil {
			arts = append(arts, preps[i].Article)
		}
	}
	return cand, arts
}

// parallel calls fn(0), ..., fn(n-1) on up to fetchers goroutines: the
// bucket calls of a batch, which wait on the network.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	work := make(chan int)
	for range min(fetchers, n) {
		wg.Go(func() {
			for i := range work {
				fn(i)
			}
		})
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
}

// Session is what one clustering run needs, opened afresh after a failure.
type Session struct {
	// Pipeline stores and clusters; a new one is warmed from the store.
	Pipeline *pipeline.Pipeline
	// Lease, if set, is checked before each batch and released at the end.
	Lease news.Lease
}

// Supervise runs the clustering worker until ctx is done or, with
// cfg.Idle, until the stream is idle. After a failure (the store or the
// queue went away, the lease was lost) it opens a new session and starts
// over from the last committed item, waiting 1 s, then twice as long
// after each further failure up to 30 s. open blocks until it can give a
// session (say, while a standby waits for the lease).
func Supervise(ctx context.Context, q *queue.Queue, open func(context.Context) (Session, error), cfg ClusterConfig, st *Stats, log *slog.Logger) error {
	log = discard(log)
	backoff := time.Second
	for ctx.Err() == nil {
		s, err := open(ctx)
		if err == nil {
			log.Info("cluster: started")
			run := cfg
			if s.Lease != nil {
				run.Check = s.Lease.Check
			}
			st.Active.Store(true)
			before := st.Processed.Load()
			err = Cluster(ctx, q, s.Pipeline, run, st, log)
			st.Active.Store(false)
			if s.Lease != nil {
				s.Lease.Release()
			}
			if err == nil {
				return nil
			}
			if st.Processed.Load() > before {
				backoff = time.Second // it worked for a while
			}
		}
		if ctx.Err() != nil {
			break
		}
		st.Restarts.Add(1)
		log.Error("cluster: failed; starting over from the store", "err", err, "retry_in", backoff)
		sleep(ctx, backoff)
		backoff = min(2*backoff, 30*time.Second)
	}
	return nil
}
