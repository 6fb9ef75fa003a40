// Package worker runs the stages of a distributed ingest over the JetStream
// log of package queue: prepare workers (any number, stateless) clean and
// normalise items, and one clustering worker stores and clusters them in
// arrival order. Work is acknowledged only after it is durable (the
// prepared article in the bucket, the batch committed in the database), so
// a killed worker loses nothing: its unacknowledged items are delivered
// again, and storing is idempotent.
package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
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

// Stats counts a worker's work; it is safe to read while the worker runs.
type Stats struct {
	Processed atomic.Int64 // items prepared, or articles stored
	Failed    atomic.Int64 // items dead-lettered, or batches that failed
}

func discard(l *slog.Logger) *slog.Logger {
	if l != nil {
		return l
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// Prepare runs a prepare worker until ctx is done: it takes items from
// ITEMS, prepares them (pipeline.Prepare) and stores the result under the
// item's sequence. An item that cannot be decoded or prepared goes to the
// dead-letter stream with its error, and its sequence is marked failed so
// the clustering worker passes over it.
func Prepare(ctx context.Context, q *queue.Queue, st *Stats, log *slog.Logger) error {
	log = discard(log)
	c, err := q.Consumer(ctx, queue.PrepareConsumer, queue.ConsumerConfig{AckWait: ackWait, MaxAckPending: 1000, MaxDeliver: 10})
	if err != nil {
		return err
	}
	for ctx.Err() == nil {
		msgs, err := c.Fetch(ctx, 100, time.Second)
		if err != nil && ctx.Err() == nil {
			log.Warn("prepare: fetch failed; retrying", "err", err)
			time.Sleep(time.Second)
		}
		for _, m := range msgs {
			var it ingest.Item
			var p queue.Prepared
			err := json.Unmarshal(m.Data, &it)
			if err == nil {
				p.Article, err = pipeline.Prepare(it)
			}
			if err != nil {
				p.Article, p.Error = nil, err.Error()
				if derr := q.DeadLetter(ctx, m.Data, err.Error()); derr != nil {
					log.Warn("prepare: dead letter failed", "seq", m.Seq, "err", derr)
					continue // not acked: delivered again
				}
				st.Failed.Add(1)
			}
			if err := q.PutPrepared(ctx, m.Seq, p); err != nil {
				log.Warn("prepare: store failed", "seq", m.Seq, "err", err)
				continue
			}
			if err := m.Ack(); err != nil {
				log.Warn("prepare: ack failed", "seq", m.Seq, "err", err)
			}
			st.Processed.Add(1)
		}
	}
	return nil
}

// ClusterConfig tunes the clustering worker.
type ClusterConfig struct {
	// BatchSize is the most articles stored per transaction.
	BatchSize int
	// Idle, if positive, stops the worker after this long with nothing
	// to do (for batch runs and tests); 0 runs until ctx is done.
	Idle time.Duration
}

// Cluster runs the clustering worker: it reads ITEMS in sequence order,
// waits for each item's prepared article, and stores and clusters them in
// that order through p, acknowledging items after their batch commits.
// Only one clustering worker may run against a store at a time.
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
	next := floor + 1
	buf := map[uint64]*queue.Msg{}
	idleSince := time.Now()
	for ctx.Err() == nil {
		msgs, err := c.Fetch(ctx, cfg.BatchSize, 500*time.Millisecond)
		if err != nil && ctx.Err() == nil {
			log.Warn("cluster: fetch failed; retrying", "err", err)
			time.Sleep(time.Second)
		}
		for _, m := range msgs {
			if m.Seq < next {
				m.Ack() // done before a restart
				continue
			}
			buf[m.Seq] = m
		}
		// The run of consecutive items whose prepared article is ready.
		var run []*queue.Msg
		var arts []*news.Article
		for len(run) < cfg.BatchSize {
			m, ok := buf[next+uint64(len(run))]
			if !ok {
				break
			}
			prep, ready, err := q.GetPrepared(ctx, m.Seq)
			if err != nil || !ready {
				break
			}
			run = append(run, m)
			if prep.Article != nil {
				arts = append(arts, prep.Article)
			}
		}
		if len(run) == 0 {
			if cfg.Idle > 0 && len(buf) == 0 && time.Since(idleSince) > cfg.Idle {
				return nil
			}
			continue
		}
		if _, err := p.StorePrepared(ctx, arts, false); err != nil {
			st.Failed.Add(1)
			log.Error("cluster: store batch failed; items will be delivered again", "err", err)
			return fmt.Errorf("worker: cluster: %w", err)
		}
		for _, m := range run {
			if err := m.Ack(); err != nil {
				log.Warn("cluster: ack failed", "seq", m.Seq, "err", err)
			}
			q.DeletePrepared(ctx, m.Seq)
			delete(buf, m.Seq)
		}
		next += uint64(len(run))
		st.Processed.Add(int64(len(arts)))
		idleSince = time.Now()
	}
	return nil
}
