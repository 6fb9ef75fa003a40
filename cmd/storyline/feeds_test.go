package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/queue"
	"github.com/storyline-news/storyline/internal/samples"
	"github.com/storyline-news/storyline/internal/webhook"
)

// newsSite serves an Atom feed of n entries with an ETag and an article
// page per entry, on loopback, counting page requests.
func newsSite(t *testing.T, n int) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var pages atomic.Int64
	topics := []string{"ferry", "bridge", "council", "museum", "rail", "school", "hospital", "market", "harbour", "stadium"}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed.atom", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"f1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"f1"`)
		w.Header().Set("Content-Type", "application/atom+xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Wire</title><id>urn:valley</id><updated>2026-03-10T12:00:00Z</updated>`)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, `<entry><title>Story %d</title><id>urn:valley:%d</id><link href="http://%s/news/%d"/><updated>2026-03-%02dT09:00:00Z</updated><summary>Summary %d.</summary></entry>`, i, i, r.Host, i, 1+i%28, i)
		}
		b.WriteString(`</feed>`)
		w.Write([]byte(b.String()))
	})
	mux.HandleFunc("GET /news/{n}", func(w http.ResponseWriter, r *http.Request) {
		pages.Add(1)
		var i int
		fmt.Sscan(r.PathValue("n"), &i)
		topic := topics[i%len(topics)]
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html lang="en"><head><title>Story %d</title></head><body><article><h1>Story %d: the %s plan</h1>
<p>The town council of district %d voted on Monday to approve the new %s plan after a debate that lasted %d hours, officials said.</p>
<p>Opponents of the %s plan in ward %d said they would appeal, while the mayor promised that work would begin within %d weeks.</p>
<p>The %s budget of %d million crowns will be reviewed by auditors from region %d before any contract is signed.</p>
</article></body></html>`, i, i, topic, i, topic, 2+i%9, topic, i*3, 3+i%11, topic, 10+i, i%17)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &pages
}

// TestWatch_Once subscribes to a local feed of 100 entries: one
// `watch --once` ingests all 100, and a second round fetches nothing new
// (the feed answers 304 to the conditional GET).
func TestWatch_Once(t *testing.T) {
	srv, pages := newsSite(t, 100)
	db := filepath.Join(t.TempDir(), "w.db")
	mustRun(t, "feeds", "add", "--allow-private", "127.0.0.0/8", "--db", db, srv.URL+"/feed.atom")
	if out := mustRun(t, "feeds", "add", "--allow-private", "127.0.0.0/8", "--db", db, srv.URL+"/feed.atom"); !strings.Contains(out, "already subscribed") {
		t.Errorf("second add printed %q, want already subscribed", out)
	}
	type roundJSON struct {
		Polled      int `json:"polled"`
		NotModified int `json:"not_modified"`
		NewItems    int `json:"new_items"`
		Pages       int `json:"pages"`
		Ingested    int `json:"ingested"`
	}
	var round roundJSON
	decode := func(out string) {
		t.Helper()
		round = roundJSON{}
		if err := json.Unmarshal([]byte(out), &round); err != nil {
			t.Fatalf("%v in %q", err, out)
		}
	}
	decode(mustRun(t, "watch", "--once", "--json", "--allow-private", "--host-delay", "0", "--db", db))
	if round.NewItems != 100 || round.Pages != 100 || round.Ingested != 100 {
		t.Errorf("first round %+v, want 100 new items, pages and articles", round)
	}
	if c := counts(t, db); c.articles != 100 {
		t.Errorf("stored %d articles, want 100", c.articles)
	}
	before := pages.Load()
	decode(mustRun(t, "watch", "--once", "--json", "--allow-private", "--host-delay", "0", "--db", db))
	if round.NotModified != 1 || round.Pages != 0 || round.Ingested != 0 || pages.Load() != before {
		t.Errorf("second round %+v with %d page requests, want 304 and nothing fetched", round, pages.Load()-before)
	}
	var feeds []struct {
		URL, ETag string
		Failures  int
	}
	if err := json.Unmarshal([]byte(mustRun(t, "feeds", "list", "--json", "--db", db)), &feeds); err != nil || len(feeds) != 1 || feeds[0].ETag != `"f1"` {
		t.Errorf("feeds list: %+v, %v", feeds, err)
	}
	mustRun(t, "feeds", "remove", "--db", db, "1")
	if out := mustRun(t, "feeds", "list", "--db", db); strings.Contains(out, srv.URL) {
		t.Errorf("feed still listed after remove: %s", out)
	}
}

// TestWatch_RefusesLoopback checks the SSRF guard: without
// --allow-private a loopback feed is refused and the failure recorded.
func TestWatch_RefusesLoopback(t *testing.T) {
	srv, _ := newsSite(t, 3)
	db := filepath.Join(t.TempDir(), "w.db")
	mustRun(t, "feeds", "add", "--allow-private", "127.0.0.0/8", "--db", db, srv.URL+"/feed.atom")
	// watch --once says that a feed failed with its exit status.
	if code, _, errOut := run(t, "", "watch", "--once", "--db", db); code != 1 {
		t.Errorf("watch --once with a failing feed: exit %d, want 1 (%s)", code, errOut)
	}
	out := mustRun(t, "feeds", "list", "--json", "--db", db)
	if !strings.Contains(out, `"failures": 1`) || !strings.Contains(out, "last_error") {
		t.Errorf("feeds list %s, want one recorded failure", out)
	}
}

func TestFeeds_ImportOPML(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	opml := filepath.Join(dir, "subs.opml")
	writeFile(t, opml, `<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
<outline text="News"><outline text="A" xmlUrl="https://a.example/rss"/><outline text="B" title="B feed" xmlUrl="https://b.example/atom.xml?utm_source=x"/></outline>
<outline text="dup" xmlUrl="https://a.example/rss"/></body></opml>`)
	mustRun(t, "feeds", "import", "--db", db, opml)
	out := mustRun(t, "feeds", "list", "--db", db)
	if !strings.Contains(out, "https://a.example/rss") || !strings.Contains(out, "https://b.example/atom.xml") || strings.Contains(out, "utm_source") {
		t.Errorf("feeds list after import:\n%s", out)
	}
}

func TestFetch_Pages(t *testing.T) {
	srv, _ := newsSite(t, 3)
	db := filepath.Join(t.TempDir(), "w.db")
	code, out, errOut := run(t, "", "fetch", "--db", db, "--allow-private", "--host-delay", "0", srv.URL+"/news/1", srv.URL+"/news/2", srv.URL+"/missing")
	if code != exitFailure || !strings.Contains(errOut, "/missing") || !strings.Contains(out, "fetched 2 of 3") {
		t.Errorf("fetch: exit %d, stdout %q, stderr %q; want 2 pages in and a named failure", code, out, errOut)
	}
	if c := counts(t, db); c.articles != 2 {
		t.Errorf("stored %d articles, want 2", c.articles)
	}
}

// TestServe_Watch runs the server with the feed watcher: the feed's items
// are ingested while the server runs, and cancelling stops both.
func TestServe_Watch(t *testing.T) {
	srv, _ := newsSite(t, 5)
	// A webhook receiver checking signatures.
	var hookMu sync.Mutex
	created := 0
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !webhook.Verify([]byte("k"), body, r.Header.Get(webhook.SignatureHeader)) {
			t.Errorf("webhook with a bad signature: %s", body)
		}
		hookMu.Lock()
		if r.Header.Get(webhook.EventHeader) == news.EventStoryCreated {
			created++
		}
		hookMu.Unlock()
	}))
	defer hook.Close()
	hooked := func() int { hookMu.Lock(); defer hookMu.Unlock(); return created }

	db := filepath.Join(t.TempDir(), "w.db")
	mustRun(t, "feeds", "add", "--allow-private", "127.0.0.0/8", "--db", db, srv.URL+"/feed.atom")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan int, 1)
	var out, errOut bytes.Buffer
	go func() {
		done <- Main(ctx, []string{"serve", "--watch", "--allow-private", "--host-delay", "0", "--addr", "127.0.0.1:0", "--db", db,
			"--webhook", hook.URL, "--webhook-secret", "k"}, strings.NewReader(""), &out, &errOut)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) && (counts(t, db).articles < 5 || hooked() == 0) {
		time.Sleep(50 * time.Millisecond)
	}
	if hooked() == 0 {
		t.Errorf("no story.created webhook received")
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("serve --watch exited %d: %s", code, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve --watch did not stop after cancellation")
	}
	if c := counts(t, db); c.articles != 5 {
		t.Errorf("stored %d articles while serving, want 5", c.articles)
	}
}

// TestPublishWorker runs the distributed ingest from the CLI: publish the
// samples to NATS JetStream, then one worker process with every role.
func TestPublishWorker(t *testing.T) {
	url := os.Getenv("STORYLINE_TEST_NATS_URL")
	if url == "" {
		t.Skip("set STORYLINE_TEST_NATS_URL to run the distributed ingest test")
	}
	dir := t.TempDir()
	sub, _ := fs.Sub(samples.FS, samples.Dir)
	if err := os.CopyFS(dir, sub); err != nil {
		t.Fatal(err)
	}
	ns := fmt.Sprintf("clitest%d", time.Now().UnixNano())
	t.Cleanup(func() { deleteNamespace(url, ns) })
	if out := mustRun(t, "publish", "--nats", url, "--namespace", ns, dir); !strings.Contains(out, "13 new") {
		t.Errorf("publish printed %q, want 13 new items", out)
	}
	db := filepath.Join(t.TempDir(), "w.db")
	out := mustRun(t, "worker", "--nats", url, "--namespace", ns, "--db", db, "--role", "all", "--idle", "2s")
	if !strings.Contains(out, "stored 13 articles") {
		t.Errorf("worker printed %q", out)
	}
	if c := counts(t, db); c.articles != 13 || c.stories < 3 {
		t.Errorf("store holds %+v, want the 13 samples in their stories", c)
	}
}

// TestWatch_PublishesToNATS runs the fetch stage of a distributed ingest:
// watch --nats publishes what it fetches instead of storing it, and a
// worker stores it.
func TestWatch_PublishesToNATS(t *testing.T) {
	url := os.Getenv("STORYLINE_TEST_NATS_URL")
	if url == "" {
		t.Skip("set STORYLINE_TEST_NATS_URL to run the distributed ingest test")
	}
	srv, _ := newsSite(t, 20)
	ns := fmt.Sprintf("clitestwatch%d", time.Now().UnixNano())
	t.Cleanup(func() { deleteNamespace(url, ns) })
	feedsDB, db := filepath.Join(t.TempDir(), "feeds.db"), filepath.Join(t.TempDir(), "w.db")
	mustRun(t, "feeds", "add", "--allow-private", "--db", feedsDB, srv.URL+"/feed.atom")
	out := mustRun(t, "watch", "--once", "--json", "--allow-private", "--host-delay", "0", "--db", feedsDB, "--nats", url, "--namespace", ns)
	if !strings.Contains(out, `"ingested":20`) {
		t.Errorf("watch --nats printed %s, want 20 items published", out)
	}
	if c := counts(t, feedsDB); c.articles != 0 {
		t.Errorf("watch --nats stored %d articles itself, want 0", c.articles)
	}
	if out := mustRun(t, "worker", "--nats", url, "--namespace", ns, "--db", db, "--role", "all", "--idle", "2s"); !strings.Contains(out, "stored 20 articles") {
		t.Errorf("worker printed %q, want 20 articles stored", out)
	}
}

// deleteNamespace removes the NATS streams of a test's namespace.
func deleteNamespace(url string, namespaces ...string) {
	for _, ns := range namespaces {
		if q, err := queue.Connect(context.Background(), url, ns); err == nil {
			q.Delete(context.Background())
			q.Close()
		}
	}
}

// TestFeeds_AddRefusesAddresses: feeds add refuses feed URLs to
// addresses the fetcher would refuse: metadata and link-local always,
// loopback and private ones unless --allow-private opens them.
func TestFeeds_AddRefusesAddresses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"http://169.254.169.254/latest/meta-data/"}, false},
		{[]string{"--allow-private", "http://169.254.169.254/"}, false},
		{[]string{"--allow-private", "http://[::ffff:169.254.169.254]/"}, false},
		{[]string{"--allow-private", "http://[fd00:ec2::254]/"}, false},
		{[]string{"--allow-private", "http://[fe80::1]/feed"}, false},
		{[]string{"http://127.0.0.1:8080/feed"}, false},
		{[]string{"http://localhost:8080/feed"}, false},
		{[]string{"http://10.0.0.5/feed"}, false},
		{[]string{"--allow-private", "127.0.0.0/8", "http://10.0.0.5/feed"}, false},
		{[]string{"--allow-private", "127.0.0.0/8", "http://127.0.0.1:8080/feed"}, true},
		{[]string{"--allow-private", "http://10.0.0.5/feed"}, true},
		{[]string{"https://news.example/feed"}, true},
	} {
		code, _, errOut := run(t, "", append([]string{"feeds", "add", "--db", db}, tc.args...)...)
		if tc.ok && code != 0 || !tc.ok && (code != 1 || !strings.Contains(errOut, "non-public address")) {
			t.Errorf("feeds add %v: exit %d, stderr %q; want ok=%v", tc.args, code, errOut, tc.ok)
		}
	}
	if code, _, errOut := run(t, "", "feeds", "add", "--db", db, "--allow-private", "169.254.0.0/16", "https://news.example/feed"); code != 2 {
		t.Errorf("--allow-private 169.254.0.0/16: exit %d (%s), want a usage error", code, errOut)
	}
}

// TestFetch_AllowPrivateKeepsMetadataRefused: fetch --allow-private of a
// local page that redirects to the metadata service does not connect
// there.
func TestFetch_AllowPrivateKeepsMetadataRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "f.db")
	for _, flags := range [][]string{{"--allow-private"}, {"--allow-private", "127.0.0.0/8"}} {
		args := append(append([]string{"fetch", "--db", db, "--host-delay", "0"}, flags...), srv.URL+"/start")
		code, _, errOut := run(t, "", args...)
		if code != 1 || !strings.Contains(errOut, "non-public address: 169.254.169.254") {
			t.Errorf("%v: exit %d, stderr %q; want the redirect refused", flags, code, errOut)
		}
	}
}
