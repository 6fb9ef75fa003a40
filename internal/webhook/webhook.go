// Package webhook delivers story events to configured URLs: each event is
// POSTed as JSON, signed with HMAC-SHA256 over the body, and retried with
// exponential backoff while the receiver fails. Delivery runs in the
// background so ingestion never waits for a slow receiver; the queue is
// bounded and events that do not fit are dropped and counted.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the body
// under the shared secret; receivers recompute it to authenticate events.
const SignatureHeader = "X-Storyline-Signature"

// EventHeader names the event kind, for receivers that route on headers.
const EventHeader = "X-Storyline-Event"

// Config configures a Notifier.
type Config struct {
	URLs   []string
	Secret []byte
	// MaxAttempts is how often one delivery is tried; Backoff is the wait
	// after the first failure, doubled after each next one.
	MaxAttempts int
	Backoff     time.Duration
	// Timeout bounds one attempt; QueueSize the events waiting.
	Timeout   time.Duration
	QueueSize int
	Client    *http.Client // nil: a client with Timeout
	Logger    *slog.Logger
}

// DefaultConfig returns five attempts from 1s backoff, 10s per attempt and
// a queue of 10,000 events.
func DefaultConfig() Config {
	return Config{MaxAttempts: 5, Backoff: time.Second, Timeout: 10 * time.Second, QueueSize: 10000}
}

// Notifier delivers events. Start it with Run; Notify is safe for
// concurrent use.
type Notifier struct {
	cfg       Config
	client    *http.Client
	log       *slog.Logger
	queue     chan news.StoryEvent
	delivered atomic.Int64
	failed    atomic.Int64
	dropped   atomic.Int64
}

// New returns a Notifier for cfg.
func New(cfg Config) *Notifier {
	d := DefaultConfig()
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = d.MaxAttempts
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = d.Backoff
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = d.Timeout
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = d.QueueSize
	}
	n := &Notifier{cfg: cfg, client: cfg.Client, log: cfg.Logger, queue: make(chan news.StoryEvent, cfg.QueueSize)}
	if n.client == nil {
		n.client = &http.Client{Timeout: cfg.Timeout}
	}
	if n.log == nil {
		n.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return n
}

// Notify queues events for delivery without waiting; events that do not
// fit in the queue are dropped (see Stats).
func (n *Notifier) Notify(events []news.StoryEvent) {
	for _, e := range events {
		select {
		case n.queue <- e:
		default:
			n.dropped.Add(1)
		}
	}
}

// Stats returns the deliveries made, the deliveries given up after
// MaxAttempts, and the events dropped from a full queue.
func (n *Notifier) Stats() (delivered, failed, dropped int64) {
	return n.delivered.Load(), n.failed.Load(), n.dropped.Load()
}

// Run delivers queued events until ctx is done, each to every URL in turn,
// one event at a time so a receiver sees them in order.
func (n *Notifier) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case e := <-n.queue:
			body, err := json.Marshal(e)
			if err != nil {
				continue
			}
			var wg sync.WaitGroup
			for _, u := range n.cfg.URLs {
				wg.Go(func() { n.deliver(ctx, u, e.Kind, body) })
			}
			wg.Wait()
		}
	}
}

// Sign returns the signature header value of body under secret.
func Sign(secret, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether sig is body's signature under secret.
func Verify(secret, body []byte, sig string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(sig))
}

// deliver POSTs one event to one URL, retrying with backoff.
func (n *Notifier) deliver(ctx context.Context, url, kind string, body []byte) {
	wait := n.cfg.Backoff
	for attempt := 1; ; attempt++ {
		err := n.post(ctx, url, kind, body)
		if err == nil {
			n.delivered.Add(1)
			return
		}
		if attempt >= n.cfg.MaxAttempts || ctx.Err() != nil {
			n.failed.Add(1)
			n.log.Warn("webhook delivery failed", "url", url, "event", kind, "attempts", attempt, "err", err)
			return
		}
		select {
		case <-ctx.Done():
			n.failed.Add(1)
			return
		case <-time.After(wait):
		}
		wait *= 2
	}
}

func (n *Notifier) post(ctx context.Context, url, kind string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Storyline-Webhook")
	req.Header.Set(EventHeader, kind)
	if len(n.cfg.Secret) > 0 {
		req.Header.Set(SignatureHeader, Sign(n.cfg.Secret, body))
	}
	resp, err := n.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook: %s answered %s", url, resp.Status)
	}
	return nil
}
