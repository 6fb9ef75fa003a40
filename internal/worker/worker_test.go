package worker_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/queue"
	"github.com/storyline-news/storyline/internal/samples"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/worker"
)

func natsURL(t *testing.T) string {
	u := os.Getenv("STORYLINE_TEST_NATS_URL")
	if u == "" {
		t.Skip("set STORYLINE_TEST_NATS_URL (e.g. nats://127.0.0.1:4222) to run the distributed pipeline tests")
	}
	return u
}

// testQueue connects to a fresh namespace, named from prefix, that is
// deleted when the test ends.
func testQueue(t *testing.T, url, prefix string) *queue.Queue {
	t.Helper()
	q, err := queue.Connect(t.Context(), url, fmt.Sprintf("%s%d", prefix, time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		q.Delete(context.Background())
		q.Close()
	})
	return q
}

// testItems returns the input: the bundled samples and, when the shared
// benchmarks are there, the NewsWCL50 file.
func testItems(t *testing.T) []ingest.Item {
	t.Helper()
	dir := t.TempDir()
	sub, _ := fs.Sub(samples.FS, samples.Dir)
	if err := os.CopyFS(dir, sub); err != nil {
		t.Fatal(err)
	}
	var items []ingest.Item
	r := ingest.NewReader(ingest.Options{})
	if err := r.Read(t.Context(), []string{dir}, func(it ingest.Item) error {
		it.Origin = strings.TrimPrefix(it.Origin, dir)
		items = append(items, it)
		return nil
	}, func(e *ingest.ItemError) { t.Error(e) }); err != nil {
		t.Fatal(err)
	}
	if b := os.Getenv("STORYLINE_BENCH"); b != "" {
		if recs, err := eval.ReadClusterFile(filepath.Join(b, "cluster", "newswcl50.jsonl.gz")); err == nil {
			for i, rc := range recs {
				items = append(items, ingest.Item{Origin: fmt.Sprintf("newswcl50:%d", i+1), Format: ingest.FormatJSONL,
					Title: rc.Title, Text: rc.Text, Date: rc.Date, URL: rc.URL, Source: rc.Source})
			}
		}
	}
	return items
}

func newPipeline(t *testing.T) (*pipeline.Pipeline, *sqlite.Store) {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return pipeline.New(s, cluster.New(cluster.DefaultConfig()), slog.New(slog.NewTextHandler(io.Discard, nil)), pipeline.DefaultConfig()), s
}

// partition maps each article (by content hash) to the content hash of its
// story's founding article.
func partition(t *testing.T, s news.Store) map[string]string {
	t.Helper()
	arts, _, err := s.FindArticles(t.Context(), news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	hash := map[int64]string{}
	for _, a := range arts {
		hash[a.ID] = a.ContentHash
	}
	out := map[string]string{}
	for _, a := range arts {
		out[a.ContentHash] = hash[a.StoryID]
	}
	return out
}

// TestDistributed_SameAnswers runs the items through two prepare workers
// and the clustering worker over NATS JetStream, and checks that the
// stories equal those of the same pipeline run in one process; it also
// checks de-duplicated publishing and the dead-letter stream.
func TestDistributed_SameAnswers(t *testing.T) {
	url := natsURL(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	items := testItems(t)
	poison := ingest.Item{Origin: "poison", Format: ingest.FormatJSONL, Text: " "}

	// One process: prepare each item and store them in order.
	ref, refStore := newPipeline(t)
	var arts []*news.Article
	for _, it := range items {
		a, err := pipeline.Prepare(it)
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	if _, err := ref.StorePrepared(ctx, arts, true); err != nil {
		t.Fatal(err)
	}

	q := testQueue(t, url, "storylinetest")
	// The poison item sits in the middle of the stream.
	half := len(items) / 2
	if n, err := q.Publish(ctx, append(append(append([]ingest.Item{}, items[:half]...), poison), items[half:]...)); err != nil || n != len(items)+1 {
		t.Fatalf("published %d new items (%v), want %d", n, err, len(items)+1)
	}
	if n, err := q.Publish(ctx, items); err != nil || n != 0 {
		t.Errorf("re-publishing stored %d new items (%v), want 0", n, err)
	}

	workCtx, stop := context.WithCancel(ctx)
	defer stop()
	var prep worker.Stats
	for range 2 {
		go worker.Prepare(workCtx, q, &prep, nil)
	}
	dist, distStore := newPipeline(t)
	var cl worker.Stats
	if err := worker.Cluster(ctx, q, dist, worker.ClusterConfig{BatchSize: 7, Idle: 3 * time.Second}, &cl, nil); err != nil {
		t.Fatal(err)
	}
	stop()

	if got := cl.Processed.Load(); got != int64(len(items)) {
		t.Errorf("clustering worker stored %d articles, want %d", got, len(items))
	}
	want, got := partition(t, refStore), partition(t, distStore)
	if len(got) != len(want) {
		t.Fatalf("distributed run stored %d articles, one process %d", len(got), len(want))
	}
	for h, story := range want {
		if got[h] != story {
			t.Errorf("article %.8s: story founded by %.8s distributed, %.8s in one process", h, got[h], story)
		}
	}
	n, reason, err := q.DeadLetters(ctx)
	if err != nil || n != 1 || !strings.Contains(reason, "empty") {
		t.Errorf("dead letters: %d (%q, %v), want the poison item with its error", n, reason, err)
	}
}

// TestOps checks the operations endpoints: readiness follows the stages'
// state and the Ready check, and the metrics carry each stage's counts.
func TestOps(t *testing.T) {
	url := natsURL(t)
	ctx := t.Context()
	q := testQueue(t, url, "storylineops")
	if _, err := q.Consumer(ctx, queue.PrepareConsumer, queue.ConsumerConfig{AckWait: time.Second, MaxAckPending: 10, MaxDeliver: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Publish(ctx, []ingest.Item{{Origin: "a", Text: "one"}, {Origin: "b", Text: "two"}}); err != nil {
		t.Fatal(err)
	}
	var st worker.Stats
	var failing atomic.Bool
	ops := &worker.Ops{Queue: q, Stages: []worker.Stage{{Name: "prepare", Consumer: queue.PrepareConsumer, Stats: &st}},
		Ready: func(context.Context) error {
			if failing.Load() {
				return errors.New("store unavailable")
			}
			return nil
		}}
	srv := httptest.NewServer(ops.Handler())
	defer srv.Close()
	get := func(path string) (int, string) {
		resp, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("/healthz = %d, want 200", code)
	}
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "prepare stage not active") {
		t.Errorf("/readyz of an inactive stage = %d %q, want 503 naming the stage", code, body)
	}
	st.Active.Store(true)
	if code, _ := get("/readyz"); code != 200 {
		t.Errorf("/readyz of an active stage = %d, want 200", code)
	}
	failing.Store(true)
	if code, body := get("/readyz"); code != 503 || !strings.Contains(body, "store unavailable") {
		t.Errorf("/readyz with a failing check = %d %q, want 503 with its reason", code, body)
	}
	st.Processed.Add(7)
	st.Failed.Add(1)
	_, body := get("/metrics")
	for _, want := range []string{
		`storyline_worker_processed_total{stage="prepare"} 7`,
		`storyline_worker_failures_total{stage="prepare"} 1`,
		`storyline_worker_queue_lag{stage="prepare"} 2`,
		`storyline_worker_active{stage="prepare"} 1`,
		"storyline_worker_nats_up 1",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
}
