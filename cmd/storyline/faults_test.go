package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store/postgres/pgtest"
)

// TestWorker_Faults runs the distributed pipeline from the built binary
// (every role in one worker process) and injects a fault mid-stream:
// SIGKILL, SIGTERM, a NATS server restart, a PostgreSQL restart. After each
// the store must hold what one clean distributed run stores: nothing lost,
// nothing doubled.
func TestWorker_Faults(t *testing.T) {
	natsURL := os.Getenv("STORYLINE_TEST_NATS_URL")
	if natsURL == "" || testing.Short() {
		t.Skip("set STORYLINE_TEST_NATS_URL to run the distributed fault tests")
	}
	r := newRig(t, 6000)
	stamp := time.Now().UnixNano()
	ns := func(name string) string {
		n := fmt.Sprintf("fault%s%d", name, stamp)
		t.Cleanup(func() { deleteNamespace(natsURL, n) })
		return n
	}

	clean := filepath.Join(r.dir, "clean.db")
	cleanNS := ns("clean")
	r.publish(t, natsURL, cleanNS)
	if out, err := r.worker(natsURL, cleanNS, clean, "3s", "").CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	want := counts(t, clean)
	if want.articles != r.n {
		t.Fatalf("clean distributed run stored %d articles, want %d", want.articles, r.n)
	}

	t.Run("SIGKILL", func(t *testing.T) {
		db, space := filepath.Join(r.dir, "killed.db"), ns("kill")
		w, _ := r.startStoring(t, natsURL, space, db, "3s")
		w.cmd.Process.Kill()
		w.wait(10 * time.Second)
		// Restarted, it waits for the dead worker's items to be delivered
		// again (the 10 s ack wait), so it may idle longer than that.
		r.restartAndCompare(t, natsURL, space, db, "15s", "SIGKILL", want)
	})

	t.Run("SIGTERM drains", func(t *testing.T) {
		db, space := filepath.Join(r.dir, "term.db"), ns("term")
		w, addr := r.startStoring(t, natsURL, space, db, "3s")
		if code, body := get(t, addr, "/readyz"); code != http.StatusOK {
			t.Errorf("/readyz while working = %d %q, want 200", code, body)
		}
		if code, _ := get(t, addr, "/healthz"); code != http.StatusOK {
			t.Errorf("/healthz = %d, want 200", code)
		}
		w.cmd.Process.Signal(syscall.SIGTERM)
		if err := w.wait(40 * time.Second); err != nil {
			t.Fatalf("worker after SIGTERM: %v\n%s", err, w.stderr.String())
		}
		logs := w.stderr.String()
		for _, m := range []string{`"msg":"cluster: drained"`, `"msg":"prepare: drained"`, `"msg":"worker stopped"`} {
			if !strings.Contains(logs, m) {
				t.Errorf("logs lack %s:\n%s", m, logs)
			}
		}
		// Drained items were handed back, so the restart need not wait out
		// the ack wait.
		r.restartAndCompare(t, natsURL, space, db, "3s", "SIGTERM", want)
	})

	t.Run("NATS restart", func(t *testing.T) {
		srv := startNATS(t)
		db, space := filepath.Join(r.dir, "natsrestart.db"), "faultnats"
		w, addr := r.startStoring(t, srv.url, space, db, "20s")
		srv.kill()
		// The client notices the closed connection within moments.
		if code := pollReady(t, addr, http.StatusServiceUnavailable, 2*time.Second); code != http.StatusServiceUnavailable {
			t.Errorf("/readyz with NATS down = %d, want 503", code)
		}
		time.Sleep(2 * time.Second)
		srv.start()
		if err := w.wait(2 * time.Minute); err != nil {
			t.Fatalf("worker: %v\n%s", err, w.stderr.String())
		}
		if got := counts(t, db); got != want {
			t.Errorf("after a NATS restart: %+v, want %+v", got, want)
		}
	})

	t.Run("PostgreSQL restart", func(t *testing.T) {
		dsn := os.Getenv("STORYLINE_TEST_POSTGRES_DSN")
		if dsn == "" {
			t.Skip("set STORYLINE_TEST_POSTGRES_DSN to run the PostgreSQL restart test")
		}
		direct := pgtest.Schema(t, dsn)
		u, err := url.Parse(direct)
		if err != nil {
			t.Fatal(err)
		}
		px := startProxy(t, u.Host)
		u.Host = px.addr
		viaProxy := u.String()
		space := ns("pg")
		w, addr := r.startStoring(t, natsURL, space, viaProxy, "20s")
		px.restart(3*time.Second, func() {
			if code := pollReady(t, addr, http.StatusServiceUnavailable, 2*time.Second); code != http.StatusServiceUnavailable {
				t.Errorf("/readyz with PostgreSQL down = %d, want 503", code)
			}
		})
		if err := w.wait(2 * time.Minute); err != nil {
			t.Fatalf("worker: %v\n%s", err, w.stderr.String())
		}
		if !strings.Contains(w.stderr.String(), "starting over from the store") {
			t.Errorf("the worker never noticed the outage (test proves nothing):\n%s", w.stderr.String())
		}
		if got := counts(t, direct); got != want {
			t.Errorf("after a PostgreSQL restart: %+v, want %+v", got, want)
		}
	})
}

// rig runs the built binary on a JSON-lines input of n articles.
type rig struct {
	dir, bin string
	in       string
	n        int
}

func newRig(t *testing.T, n int) *rig {
	r := &rig{dir: t.TempDir(), n: n}
	r.bin = buildBinary(t, r.dir)
	r.in = filepath.Join(r.dir, "in.jsonl")
	writeFile(t, r.in, jsonl(0, n))
	return r
}

// buildBinary builds the storyline command into dir.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "storyline")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func (r *rig) publish(t *testing.T, natsURL, ns string) {
	t.Helper()
	if out, err := exec.Command(r.bin, "publish", "--nats", natsURL, "--namespace", ns, r.in).CombinedOutput(); err != nil {
		t.Fatalf("publish: %v\n%s", err, out)
	}
}

// startStoring publishes the input to namespace ns, starts a worker of
// every role on it with its operations endpoints, and returns once the
// worker has stored 1,000 articles.
func (r *rig) startStoring(t *testing.T, natsURL, ns, db, idle string) (*running, string) {
	t.Helper()
	r.publish(t, natsURL, ns)
	addr := freeAddr(t)
	w := r.start(t, natsURL, ns, db, idle, addr)
	waitStored(t, addr, 1000, time.Minute)
	return w, addr
}

// restartAndCompare runs a worker of every role on a store that a worker
// stopped by fault left behind, until it idles, and checks that the store
// then holds want.
func (r *rig) restartAndCompare(t *testing.T, natsURL, ns, db, idle, fault string, want storeCounts) {
	t.Helper()
	mid := counts(t, db)
	t.Logf("stopped by %s with %d of %d articles stored", fault, mid.articles, r.n)
	if out, err := r.worker(natsURL, ns, db, idle, "").CombinedOutput(); err != nil {
		t.Fatalf("restart: %v\n%s", err, out)
	}
	if got := counts(t, db); got != want {
		t.Errorf("after %s and restart: %+v, want %+v (%d articles when stopped)", fault, got, want, mid.articles)
	}
}

// worker returns the command of a worker of every role, logging JSON at
// level info; listen, if set, is its operations address.
func (r *rig) worker(natsURL, ns, db, idle, listen string) *exec.Cmd {
	args := []string{"worker", "--nats", natsURL, "--namespace", ns, "--db", db, "--role", "all", "--idle", idle}
	if listen != "" {
		args = append(args, "--listen", listen)
	}
	cmd := exec.Command(r.bin, args...)
	cmd.Env = append(os.Environ(), "STORYLINE_LOG_FORMAT=json", "STORYLINE_LOG_LEVEL=info")
	return cmd
}

// running is a started worker.
type running struct {
	cmd    *exec.Cmd
	stderr *syncBuffer
	done   chan error
}

func (r *rig) start(t *testing.T, natsURL, ns, db, idle, listen string) *running {
	t.Helper()
	w := &running{cmd: r.worker(natsURL, ns, db, idle, listen), stderr: &syncBuffer{}, done: make(chan error, 1)}
	w.cmd.Stderr = w.stderr
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.done <- w.cmd.Wait() }()
	t.Cleanup(func() {
		if w.cmd.ProcessState == nil {
			w.cmd.Process.Kill()
			<-w.done
		}
	})
	return w
}

// wait waits for the worker to exit, killing it after timeout.
func (w *running) wait(timeout time.Duration) error {
	select {
	case err := <-w.done:
		return err
	case <-time.After(timeout):
		w.cmd.Process.Kill()
		<-w.done
		return fmt.Errorf("still running after %v; killed", timeout)
	}
}

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func get(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + addr + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// pollReady polls the worker's /readyz until it answers want, for at most
// timeout, and returns the last status.
func pollReady(t *testing.T, addr string, want int, timeout time.Duration) int {
	t.Helper()
	code := 0
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if code, _ = get(t, addr, "/readyz"); code == want {
			break
		}
	}
	return code
}

var storedMetric = regexp.MustCompile(`(?m)^storyline_worker_processed_total\{stage="cluster"\} (\d+)`)

// waitStored polls the worker's metrics until it has stored at least n
// articles.
func waitStored(t *testing.T, addr string, n int, timeout time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if code, body := get(t, addr, "/metrics"); code == http.StatusOK {
			if m := storedMetric.FindStringSubmatch(body); m != nil {
				if v, _ := strconv.Atoi(m[1]); v >= n {
					for _, name := range []string{"storyline_worker_queue_lag{stage=\"prepare\"}", "storyline_worker_busy_seconds_total{stage=\"cluster\"}", "storyline_worker_nats_up 1"} {
						if !strings.Contains(body, name) {
							t.Errorf("/metrics lacks %s:\n%s", name, body)
						}
					}
					return
				}
			}
		}
	}
	t.Fatalf("the worker at %s did not store %d articles within %v", addr, n, timeout)
}

// natsServer is a private NATS server with JetStream that a test can kill
// and start again on the same port and store.
type natsServer struct {
	t         *testing.T
	bin       string
	addr, url string
	dir       string
	cmd       *exec.Cmd
}

func startNATS(t *testing.T) *natsServer {
	t.Helper()
	bin, err := exec.LookPath("nats-server")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/nats-server"); serr != nil {
			t.Skip("no nats-server binary to restart")
		}
		bin = "/usr/sbin/nats-server"
	}
	addr := freeAddr(t)
	s := &natsServer{t: t, bin: bin, addr: addr, url: "nats://" + addr, dir: t.TempDir()}
	s.start()
	t.Cleanup(s.kill)
	return s
}

func (s *natsServer) start() {
	s.t.Helper()
	host, port, _ := net.SplitHostPort(s.addr)
	s.cmd = exec.Command(s.bin, "-a", host, "-p", port, "-js", "-sd", s.dir)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", s.addr); err == nil {
			c.Close()
			return
		}
	}
	s.t.Fatalf("nats-server did not listen on %s", s.addr)
}

func (s *natsServer) kill() {
	if s.cmd != nil && s.cmd.ProcessState == nil {
		s.cmd.Process.Kill()
		s.cmd.Wait()
	}
}

// proxy forwards TCP connections to a server; restart makes the server
// look restarted to its clients: every connection is cut and new ones are
// refused for a while.
type proxy struct {
	t            *testing.T
	addr, target string
	mu           sync.Mutex
	ln           net.Listener
	conns        map[net.Conn]bool
}

func startProxy(t *testing.T, target string) *proxy {
	t.Helper()
	p := &proxy{t: t, addr: freeAddr(t), target: target, conns: map[net.Conn]bool{}}
	p.listen()
	t.Cleanup(func() { p.stop() })
	return p
}

func (p *proxy) listen() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *proxy) pipe(c net.Conn) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[s] = true, true
	p.mu.Unlock()
	go func() { io.Copy(s, bufio.NewReader(c)); s.Close(); c.Close() }()
	io.Copy(c, s)
	c.Close()
	s.Close()
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, s)
	p.mu.Unlock()
}

// stop closes the listener and cuts every connection.
func (p *proxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ln.Close()
	for c := range p.conns {
		c.Close()
	}
}

// restart stops the proxy, runs during while it is down for down, and
// starts it again on the same address.
func (p *proxy) restart(down time.Duration, during func()) {
	p.stop()
	t0 := time.Now()
	during()
	time.Sleep(down - time.Since(t0))
	p.listen()
}
