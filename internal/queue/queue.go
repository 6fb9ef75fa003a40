// Package queue is Storyline's adapter over NATS JetStream, the durable log
// between the stages of a distributed ingest:
//
//   - ITEMS (subject NAMESPACE.items) holds raw input items in arrival
//     order; publishing uses message IDs, so a re-published item is stored
//     once. Its stream sequence is the item's place in the stream.
//   - The KV bucket NAMESPACE-prepared holds each item's prepared article
//     (or its error) under its sequence, written by any number of prepare
//     workers in any order.
//   - DEAD (subject NAMESPACE.dead) receives items that cannot be prepared,
//     with the error in a header.
//
// The single clustering worker reads ITEMS in sequence order and waits for
// each item's prepared article, so stories depend only on arrival order,
// however many prepare workers run.
package queue

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
)

// Names of the consumers; streams, subjects and the bucket are named from
// the queue's namespace (see Connect).
const (
	PrepareConsumer = "prepare"
	ClusterConsumer = "cluster"
	// ErrorHeader carries the reason on dead-lettered items.
	ErrorHeader = "Storyline-Error"
)

// Queue is a connection to the JetStream log. It is safe for concurrent use.
type Queue struct {
	nc       *nats.Conn
	js       jetstream.JetStream
	prepared jetstream.KeyValue

	itemsStream, itemsSubject, deadStream, deadSubject, bucket string
}

// DefaultNamespace names the streams of a deployment that sets none.
const DefaultNamespace = "storyline"

// Connect connects to the NATS server at url and creates the streams and
// bucket of namespace (DefaultNamespace when "") if they do not exist:
// streams NAMESPACE_ITEMS and NAMESPACE_DEAD on subjects namespace.items
// and namespace.dead, bucket namespace-prepared. The connection reconnects
// forever, so a server restart is ridden out.
func Connect(ctx context.Context, url, namespace string) (*Queue, error) {
	if namespace == "" {
		namespace = DefaultNamespace
	}
	nc, err := nats.Connect(url, nats.Name("storyline"), nats.MaxReconnects(-1), nats.ReconnectWait(250*time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("queue: connect %s: %w", url, err)
	}
	up := strings.ToUpper(namespace)
	q := &Queue{nc: nc, itemsStream: up + "_ITEMS", itemsSubject: namespace + ".items",
		deadStream: up + "_DEAD", deadSubject: namespace + ".dead", bucket: namespace + "-prepared"}
	if err := q.setup(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return q, nil
}

func (q *Queue) setup(ctx context.Context) error {
	js, err := jetstream.New(q.nc, jetstream.WithPublishAsyncTimeout(30*time.Second))
	if err != nil {
		return fmt.Errorf("queue: jetstream: %w", err)
	}
	q.js = js
	for _, cfg := range []jetstream.StreamConfig{
		{Name: q.itemsStream, Subjects: []string{q.itemsSubject}, Storage: jetstream.FileStorage, Duplicates: 24 * time.Hour},
		{Name: q.deadStream, Subjects: []string{q.deadSubject}, Storage: jetstream.FileStorage},
	} {
		if _, err := js.CreateOrUpdateStream(ctx, cfg); err != nil {
			return fmt.Errorf("queue: stream %s: %w", cfg.Name, err)
		}
	}
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: q.bucket, Storage: jetstream.FileStorage})
	if err != nil {
		return fmt.Errorf("queue: bucket: %w", err)
	}
	q.prepared = kv
	return nil
}

// Close closes the connection.
func (q *Queue) Close() { q.nc.Close() }

// Connected reports whether the connection to the server is up.
func (q *Queue) Connected() bool { return q.nc.IsConnected() }

// Lag returns how many items of ITEMS the named consumer has not yet
// acknowledged: those waiting and those in flight.
func (q *Queue) Lag(ctx context.Context, consumer string) (uint64, error) {
	c, err := q.js.Consumer(ctx, q.itemsStream, consumer)
	if err != nil {
		return 0, fmt.Errorf("queue: consumer %s: %w", consumer, err)
	}
	return (&Consumer{c: c}).Pending(ctx)
}

// ItemID is the message ID of an item: the hash of its content, so
// publishing the same input twice stores it once.
func ItemID(it ingest.Item) string {
	b, _ := json.Marshal(it)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

// publishWindow is how many publishes may await their acknowledgement.
const publishWindow = 256

// Publish appends items to ITEMS in order and returns how many were new
// (the others were published before and are not stored again). Up to
// publishWindow items are in flight at once; their order in the stream is
// the order given, as one connection delivers them in order.
func (q *Queue) Publish(ctx context.Context, items []ingest.Item) (int, error) {
	n := 0
	var pending []jetstream.PubAckFuture
	var origins []string
	settle := func() error {
		for i, f := range pending {
			select {
			case ack := <-f.Ok():
				if !ack.Duplicate {
					n++
				}
			case err := <-f.Err():
				return fmt.Errorf("queue: publish %s: %w", origins[i], err)
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		pending, origins = pending[:0], origins[:0]
		return nil
	}
	for _, it := range items {
		b, err := json.Marshal(it)
		if err != nil {
			return n, err
		}
		f, err := q.js.PublishAsync(q.itemsSubject, b, jetstream.WithMsgID(ItemID(it)))
		if err != nil {
			return n, fmt.Errorf("queue: publish %s: %w", it.Origin, err)
		}
		pending, origins = append(pending, f), append(origins, it.Origin)
		if len(pending) == publishWindow {
			if err := settle(); err != nil {
				return n, err
			}
		}
	}
	return n, settle()
}

// Prepared is what a prepare worker stores for one item: its article, or
// the reason it has none.
type Prepared struct {
	Article *news.Article `json:"article,omitempty"`
	Error   string        `json:"error,omitempty"`
}

func preparedKey(seq uint64) string { return strconv.FormatUint(seq, 10) }

// PutPrepared stores the prepared form of the item with stream sequence seq.
func (q *Queue) PutPrepared(ctx context.Context, seq uint64, p Prepared) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if _, err := q.prepared.Put(ctx, preparedKey(seq), b); err != nil {
		return fmt.Errorf("queue: put prepared %d: %w", seq, err)
	}
	return nil
}

// GetPrepared returns the prepared form of item seq, and false when no
// prepare worker has stored it yet.
func (q *Queue) GetPrepared(ctx context.Context, seq uint64) (Prepared, bool, error) {
	e, err := q.prepared.Get(ctx, preparedKey(seq))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return Prepared{}, false, nil
	}
	if err != nil {
		return Prepared{}, false, fmt.Errorf("queue: get prepared %d: %w", seq, err)
	}
	var p Prepared
	if err := json.Unmarshal(e.Value(), &p); err != nil {
		return Prepared{}, false, fmt.Errorf("queue: prepared %d: %w", seq, err)
	}
	return p, true, nil
}

// DeletePrepared forgets item seq's prepared form once it is stored.
func (q *Queue) DeletePrepared(ctx context.Context, seq uint64) error {
	return q.prepared.Purge(ctx, preparedKey(seq))
}

// DeadLetter publishes an item that could not be prepared, with the reason.
func (q *Queue) DeadLetter(ctx context.Context, data []byte, reason string) error {
	msg := nats.NewMsg(q.deadSubject)
	msg.Data = data
	msg.Header.Set(ErrorHeader, reason)
	if _, err := q.js.PublishMsg(ctx, msg); err != nil {
		return fmt.Errorf("queue: dead letter: %w", err)
	}
	return nil
}

// Consumer is a durable pull consumer of ITEMS with explicit acks.
type Consumer struct {
	c jetstream.Consumer
}

// ConsumerConfig tunes a consumer: AckWait is how long a delivered item may
// stay unacknowledged before it is delivered again (to another worker),
// MaxAckPending bounds the items in flight (back-pressure), MaxDeliver
// bounds redeliveries.
type ConsumerConfig struct {
	AckWait       time.Duration
	MaxAckPending int
	MaxDeliver    int
}

// Consumer returns the durable consumer name of ITEMS, creating it.
func (q *Queue) Consumer(ctx context.Context, name string, cfg ConsumerConfig) (*Consumer, error) {
	c, err := q.js.CreateOrUpdateConsumer(ctx, q.itemsStream, jetstream.ConsumerConfig{
		Durable: name, AckPolicy: jetstream.AckExplicitPolicy, AckWait: cfg.AckWait,
		MaxAckPending: cfg.MaxAckPending, MaxDeliver: cfg.MaxDeliver, DeliverPolicy: jetstream.DeliverAllPolicy,
	})
	if err != nil {
		return nil, fmt.Errorf("queue: consumer %s: %w", name, err)
	}
	return &Consumer{c: c}, nil
}

// Msg is one delivered item.
type Msg struct {
	Seq       uint64 // stream sequence: the item's place in arrival order
	Delivered uint64 // how often it was delivered, this time included
	Data      []byte
	m         jetstream.Msg
}

// Ack acknowledges the item: it is done.
func (m *Msg) Ack() error { return m.m.Ack() }

// Nak asks for the item to be delivered again.
func (m *Msg) Nak() error { return m.m.Nak() }

// Fetch returns up to n items, waiting at most wait for the first.
func (c *Consumer) Fetch(ctx context.Context, n int, wait time.Duration) ([]*Msg, error) {
	batch, err := c.c.Fetch(n, jetstream.FetchMaxWait(wait))
	if err != nil {
		return nil, fmt.Errorf("queue: fetch: %w", err)
	}
	var out []*Msg
	for m := range batch.Messages() {
		md, err := m.Metadata()
		if err != nil {
			return out, fmt.Errorf("queue: message metadata: %w", err)
		}
		out = append(out, &Msg{Seq: md.Sequence.Stream, Delivered: md.NumDelivered, Data: m.Data(), m: m})
	}
	if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, jetstream.ErrNoMessages) {
		return out, fmt.Errorf("queue: fetch: %w", err)
	}
	return out, ctx.Err()
}

// AckFloor returns the stream sequence below which every item is acked.
func (c *Consumer) AckFloor(ctx context.Context) (uint64, error) {
	info, err := c.c.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("queue: consumer info: %w", err)
	}
	return info.AckFloor.Stream, nil
}

// Pending returns how many items wait for the consumer (queue lag).
func (c *Consumer) Pending(ctx context.Context) (uint64, error) {
	info, err := c.c.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("queue: consumer info: %w", err)
	}
	return info.NumPending + uint64(info.NumAckPending), nil
}

// StreamBytes returns the bytes the ITEMS stream holds.
func (q *Queue) StreamBytes(ctx context.Context) (uint64, error) {
	st, err := q.js.Stream(ctx, q.itemsStream)
	if err != nil {
		return 0, fmt.Errorf("queue: items stream: %w", err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("queue: items stream: %w", err)
	}
	return info.State.Bytes, nil
}

// DeadLetters returns how many items were dead-lettered, and the reason
// given with the newest.
func (q *Queue) DeadLetters(ctx context.Context) (int, string, error) {
	st, err := q.js.Stream(ctx, q.deadStream)
	if err != nil {
		return 0, "", fmt.Errorf("queue: dead stream: %w", err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		return 0, "", fmt.Errorf("queue: dead stream: %w", err)
	}
	if info.State.Msgs == 0 {
		return 0, "", nil
	}
	m, err := st.GetMsg(ctx, info.State.LastSeq)
	if err != nil {
		return 0, "", fmt.Errorf("queue: dead stream: %w", err)
	}
	return int(info.State.Msgs), m.Header.Get(ErrorHeader), nil
}

// Delete removes the namespace's streams and bucket (for tests and resets).
func (q *Queue) Delete(ctx context.Context) error {
	for _, s := range []string{q.itemsStream, q.deadStream} {
		if err := q.js.DeleteStream(ctx, s); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			return err
		}
	}
	if err := q.js.DeleteKeyValue(ctx, q.bucket); err != nil && !errors.Is(err, jetstream.ErrBucketNotFound) {
		return err
	}
	return nil
}
