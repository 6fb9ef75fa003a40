package fetch

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a clock whose Sleep returns at once and moves time on.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return ctx.Err()
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// testConfig allows loopback (httptest listens on 127.0.0.1) and uses a
// fake clock.
func testConfig() (Config, *fakeClock) {
	clk := &fakeClock{now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	cfg := DefaultConfig()
	cfg.AllowPrivate = true
	cfg.Now, cfg.Sleep = clk.Now, clk.Sleep
	cfg.Logger = slog.New(slog.DiscardHandler)
	cfg.Timeout = 5 * time.Second
	return cfg, clk
}

func mustNew(tb testing.TB, cfg Config) *Fetcher {
	tb.Helper()
	f, err := New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

const page = `<!DOCTYPE html><html><head><title>T</title></head><body><p>Hello, world.</p></body></html>`

func TestFetch_OK(t *testing.T) {
	var ua, accept atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		ua.Store(r.Header.Get("User-Agent"))
		accept.Store(r.Header.Get("Accept-Encoding"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT")
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			io.WriteString(zw, page)
			zw.Close()
			return
		}
		io.WriteString(w, page)
	}))
	defer srv.Close()
	cfg, _ := testConfig()
	cfg.UserAgent = UserAgent("1.2.3")
	resp, err := mustNew(t, cfg).Fetch(t.Context(), srv.URL+"/a#frag", Conditional{})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != page || resp.ContentType != "text/html" || resp.Charset != "utf-8" {
		t.Errorf("got body %q type %q charset %q", resp.Body, resp.ContentType, resp.Charset)
	}
	if resp.ETag != `"v1"` || resp.LastModified == "" || resp.NotModified || resp.URL != srv.URL+"/a" {
		t.Errorf("got %+v", resp)
	}
	if got, want := ua.Load(), "Storyline/1.2.3 (+"+ProjectURL+")"; got != want {
		t.Errorf("User-Agent=%q, want %q", got, want)
	}
	if got := accept.Load().(string); !strings.Contains(got, "gzip") {
		t.Errorf("Accept-Encoding=%q, want gzip", got)
	}
}

func TestFetch_NotModified(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") == "Mon, 01 Jan 2024 00:00:00 GMT" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, page)
	}))
	defer srv.Close()
	cfg, _ := testConfig()
	cfg.IgnoreRobots = true
	f := mustNew(t, cfg)
	first, err := f.Fetch(t.Context(), srv.URL, Conditional{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cond := range []Conditional{{ETag: first.ETag}, {LastModified: "Mon, 01 Jan 2024 00:00:00 GMT"}} {
		resp, err := f.Fetch(t.Context(), srv.URL, cond)
		if err != nil {
			t.Fatal(err)
		}
		if !resp.NotModified || resp.StatusCode != http.StatusNotModified || len(resp.Body) != 0 {
			t.Errorf("cond %+v: got %+v, want NotModified", cond, resp)
		}
		if resp.ETag != cond.ETag || resp.LastModified != cond.LastModified {
			t.Errorf("validators not carried over: %+v", resp)
		}
	}
}

func TestFetch_SlowServer(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(*Config)
		// slowBody writes headers at once and then stalls.
		slowBody bool
	}{
		{"HeaderTimeout", func(c *Config) { c.HeaderTimeout = 100 * time.Millisecond }, false},
		{"TotalTimeout", func(c *Config) { c.Timeout = 150 * time.Millisecond }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.slowBody {
					w.Header().Set("Content-Type", "text/html")
					io.WriteString(w, "<p>start")
					w.(http.Flusher).Flush()
				}
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			}))
			defer srv.Close()
			cfg, _ := testConfig()
			cfg.IgnoreRobots = true
			tc.setup(&cfg)
			start := time.Now()
			_, err := mustNew(t, cfg).Fetch(t.Context(), srv.URL, Conditional{})
			if err == nil {
				t.Fatal("no error from a stalled server")
			}
			if ne, ok := errors.AsType[interface {
				error
				Timeout() bool
			}](err); !ok || !ne.Timeout() {
				t.Errorf("error %v is not a timeout", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v; timeouts not applied (or retried)", d)
			}
		})
	}
}

func TestFetch_TooLarge(t *testing.T) {
	big := strings.Repeat("<p>lorem ipsum</p>", 100_000) // 1.8 MB
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprintf("chunked=%v", chunked), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				if !chunked {
					w.Header().Set("Content-Length", fmt.Sprint(len(big)))
				}
				io.WriteString(w, big)
			}))
			defer srv.Close()
			cfg, _ := testConfig()
			cfg.IgnoreRobots = true
			cfg.MaxBodySize = 1 << 20
			_, err := mustNew(t, cfg).Fetch(t.Context(), srv.URL, Conditional{})
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("err=%v, want ErrTooLarge", err)
			}
			if !strings.Contains(err.Error(), srv.URL) {
				t.Errorf("error %q does not name the URL", err)
			}
		})
	}
}

func TestFetch_RefusesLoopback(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, page)
	}))
	defer srv.Close()
	cfg, _ := testConfig()
	cfg.AllowPrivate = false
	f := mustNew(t, cfg)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	for _, u := range []string{
		srv.URL,                             // literal 127.0.0.1, refused before dialling
		"http://localhost:" + port + "/",    // a name resolving to loopback, refused after DNS
		"http://[::ffff:127.0.0.1]:" + port, // IPv4-mapped loopback
	} {
		_, err := f.Fetch(t.Context(), u, Conditional{})
		if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("Fetch(%s) err=%v, want ErrPrivateAddress", u, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server was reached %d times", n)
	}
}

func TestFetch_RedirectToPrivate(t *testing.T) {
	var target atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.Load().(string), http.StatusFound)
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	cfg, _ := testConfig()
	cfg.AllowPrivate = false
	cfg.IgnoreRobots = true
	cfg.MaxRetries = 0
	// Only the test server's own address is let through.
	cfg.AllowedPrefixes = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	f := mustNew(t, cfg)
	for _, to := range []string{
		"http://169.254.169.254/latest/meta-data/",
		"http://10.1.2.3/admin",
		"http://127.0.0.2:" + port + "/", // loopback, but not the allowed address
		"http://[::1]:" + port + "/",
		"http://[fd00:ec2::254]/",
		"http://100.100.100.200/",
	} {
		target.Store(to)
		_, err := f.Fetch(t.Context(), srv.URL+"/start", Conditional{})
		if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("redirect to %s: err=%v, want ErrPrivateAddress", to, err)
		}
	}
}

func TestFetch_TooManyRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path+"x", http.StatusMovedPermanently)
	}))
	defer srv.Close()
	cfg, _ := testConfig()
	cfg.IgnoreRobots = true
	cfg.MaxRedirects = 3
	_, err := mustNew(t, cfg).Fetch(t.Context(), srv.URL+"/r", Conditional{})
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("err=%v, want ErrTooManyRedirects", err)
	}
}

func TestFetch_Retry(t *testing.T) {
	tests := []struct {
		name      string
		responses []func(http.ResponseWriter) // one per request, then 200
		wantErr   bool
		wantSleep []time.Duration
	}{
		{"429RetryAfterSeconds", []func(http.ResponseWriter){status(429, "7")}, false, []time.Duration{7 * time.Second}},
		{"503Backoff", []func(http.ResponseWriter){status(503, ""), status(502, "")}, false, []time.Duration{time.Second, 2 * time.Second}},
		{"RetryAfterTooLong", []func(http.ResponseWriter){status(429, "3600")}, true, nil},
		{"GivesUp", []func(http.ResponseWriter){status(500, ""), status(500, ""), status(500, ""), status(500, "")}, true, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}},
		{"404NotRetried", []func(http.ResponseWriter){status(404, "")}, true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				if i < len(tc.responses) {
					tc.responses[i](w)
					return
				}
				w.Header().Set("Content-Type", "text/html")
				io.WriteString(w, page)
			}))
			defer srv.Close()
			cfg, clk := testConfig()
			cfg.IgnoreRobots = true
			cfg.MinHostDelay = 0
			cfg.RetryBase = time.Second
			cfg.MaxRetryAfter = time.Minute
			_, err := mustNew(t, cfg).Fetch(t.Context(), srv.URL, Conditional{})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err=%v, wantErr %v", err, tc.wantErr)
			}
			if err != nil {
				if _, ok := errors.AsType[*StatusError](err); !ok {
					t.Errorf("err=%v, want a *StatusError", err)
				}
			}
			if got := clk.Sleeps(); fmt.Sprint(got) != fmt.Sprint(tc.wantSleep) {
				t.Errorf("slept %v, want %v", got, tc.wantSleep)
			}
		})
	}
}

func status(code int, retryAfter string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(code)
	}
}

func TestFetch_Robots(t *testing.T) {
	var robotsHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robotsHits.Add(1)
			io.WriteString(w, "User-agent: *\nDisallow: /private\n\nUser-agent: Storyline\nDisallow: /nostoryline\nCrawl-delay: 5\n")
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, page)
	}))
	defer srv.Close()
	cfg, clk := testConfig()
	cfg.MinHostDelay = time.Second
	f := mustNew(t, cfg)
	for _, tc := range []struct {
		path    string
		allowed bool
	}{{"/public", true}, {"/nostoryline/a", false}, {"/private/a", true}, {"/other", true}} {
		_, err := f.Fetch(t.Context(), srv.URL+tc.path, Conditional{})
		if tc.allowed != (err == nil) || (!tc.allowed && !errors.Is(err, ErrRobots)) {
			t.Errorf("Fetch(%s) err=%v, allowed %v", tc.path, err, tc.allowed)
		}
	}
	if n := robotsHits.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1 (cached)", n)
	}
	// Crawl-delay 5s beats MinHostDelay 1s between requests to one host.
	if got := clk.Sleeps(); len(got) != 3 || got[0] != 5*time.Second {
		t.Errorf("sleeps %v, want three of 5s", got)
	}
}

func TestFetch_HostPoliteness(t *testing.T) {
	var cur, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c := cur.Add(1); c > peak.Load() {
			peak.Store(c)
		}
		time.Sleep(20 * time.Millisecond)
		cur.Add(-1)
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, page)
	}))
	defer srv.Close()
	cfg, clk := testConfig()
	cfg.IgnoreRobots = true
	cfg.MinHostDelay = 3 * time.Second
	f := mustNew(t, cfg)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			if _, err := f.Fetch(t.Context(), fmt.Sprintf("%s/%d", srv.URL, i), Conditional{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p != 1 {
		t.Errorf("%d requests ran at once on one host, want 1", p)
	}
	if got := clk.Sleeps(); len(got) != 3 {
		t.Errorf("sleeps %v, want 3 waits of 3s", got)
	}
}

func TestFetch_ContentAndEncoding(t *testing.T) {
	tests := []struct {
		name, contentType string
		body              string
		kind              Kind
		want              string
		wantErr           error
	}{
		{"PDF", "application/pdf", "%PDF-1.4", Page, "", ErrContentType},
		{"Image", "image/png", "\x89PNG", Page, "", ErrContentType},
		{"Sniffed", "", "<!DOCTYPE html><p>hi</p>", Page, "<!DOCTYPE html><p>hi</p>", nil},
		{"Latin1", "text/html; charset=iso-8859-1", "<p>caf\xe9</p>", Page, "<p>café</p>", nil},
		{"MetaLatin1", "text/html", "<meta charset=windows-1252><p>caf\xe9</p>", Page, "<meta charset=windows-1252><p>café</p>", nil},
		{"BadUTF8", "text/html; charset=utf-8", strings.Repeat("\xc3\x28", 50) + "<p>x</p>", Page, "", ErrEncoding},
		{"UnknownCharset", "text/html; charset=x-unknown", "<p>\xff</p>", Page, "", ErrEncoding},
		{"FeedXML", "application/rss+xml", "<rss/>", Feed, "<rss/>", nil},
		{"FeedNotHTMLPage", "application/rss+xml", "<rss/>", Page, "", ErrContentType},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = []string{tc.contentType}
				io.WriteString(w, tc.body)
			}))
			defer srv.Close()
			cfg, _ := testConfig()
			cfg.IgnoreRobots = true
			resp, err := mustNew(t, cfg).FetchKind(t.Context(), srv.URL, tc.kind, Conditional{})
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err=%v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(resp.Body) != tc.want {
				t.Errorf("body %q, want %q", resp.Body, tc.want)
			}
		})
	}
}

func TestFetch_BadURL(t *testing.T) {
	cfg, _ := testConfig()
	f := mustNew(t, cfg)
	for _, u := range []string{"ftp://example.com/x", "file:///etc/passwd", "http://", "::"} {
		if _, err := f.Fetch(t.Context(), u, Conditional{}); err == nil {
			t.Errorf("Fetch(%q) succeeded", u)
		}
	}
}

func TestIsPublic(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"93.184.216.34", true},
		{"2606:4700::1111", true},
		{"8.8.8.8", true},
		{"127.0.0.1", false},
		{"10.0.0.1", false},
		{"172.16.5.4", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false},
		{"100.64.0.1", false},
		{"0.0.0.0", false},
		{"::1", false},
		{"fe80::1", false},
		{"fd00:ec2::254", false},
		{"::ffff:10.0.0.1", false},
		{"64:ff9b::a00:1", false}, // NAT64 of 10.0.0.1
		{"64:ff9b::808:808", true},
		{"224.0.0.1", false},
	}
	for _, tc := range tests {
		if got := IsPublic(netip.MustParseAddr(tc.addr)); got != tc.want {
			t.Errorf("IsPublic(%s) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"120", 2 * time.Minute, true},
		{"-1", 0, false},
		{"Mon, 01 Jan 2024 00:00:30 GMT", 30 * time.Second, true},
		{"soon", 0, false},
	}
	for _, tc := range tests {
		got, ok := retryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestConfig_Validate(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := DefaultConfig()
	bad.MaxBodySize = 0
	if _, err := New(bad); err == nil {
		t.Error("New accepted MaxBodySize 0")
	}
}

// TestFetch_MetadataRefusedWhenPrivateAllowed: --allow-private opens
// loopback and private networks, never the metadata and link-local ones,
// neither directly nor by a redirect, nor through an explicit prefix.
func TestFetch_MetadataRefusedWhenPrivateAllowed(t *testing.T) {
	var target atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.Load().(string), http.StatusFound)
	}))
	defer srv.Close()
	cfg, _ := testConfig()
	cfg.AllowPrivate = true
	cfg.IgnoreRobots = true
	cfg.MaxRetries = 0
	f := mustNew(t, cfg)
	for _, to := range []string{
		"http://169.254.169.254/latest/meta-data/",
		"http://[::ffff:169.254.169.254]/latest/meta-data/",
		"http://[::ffff:a9fe:a9fe]/",
		"http://[64:ff9b::a9fe:a9fe]/",
		"http://[fd00:ec2::254]/",
		"http://[fe80::1]/",
		"http://169.254.1.1/",
		"http://100.100.100.200/",
		"http://0.0.0.0/",
	} {
		target.Store(to)
		if _, err := f.Fetch(t.Context(), srv.URL+"/start", Conditional{}); !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("redirect to %s: err=%v, want ErrPrivateAddress", to, err)
		}
		if _, err := f.Fetch(t.Context(), to, Conditional{}); !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("Fetch(%s): err=%v, want ErrPrivateAddress", to, err)
		}
	}
	for _, p := range []string{"169.254.0.0/16", "169.254.169.254/32", "0.0.0.0/0", "::/0", "::ffff:169.254.0.0/112", "fd00::/8"} {
		c := DefaultConfig()
		c.AllowedPrefixes = []netip.Prefix{netip.MustParsePrefix(p)}
		if err := c.Validate(); err == nil {
			t.Errorf("Validate with allowed prefix %s: no error, want one (it holds refused addresses)", p)
		}
	}
}

func TestConfig_Allowed(t *testing.T) {
	t.Parallel()
	priv := DefaultConfig()
	priv.AllowPrivate = true
	loop := DefaultConfig()
	loop.AllowedPrefixes = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	tests := []struct {
		addr           string
		none, bare, lo bool
	}{
		{"93.184.216.34", true, true, true},
		{"127.0.0.1", false, true, true},
		{"::ffff:127.0.0.1", false, true, true},
		{"::1", false, true, false},
		{"10.1.2.3", false, true, false},
		{"192.168.0.1", false, true, false},
		{"fd12::1", false, true, false},
		{"169.254.169.254", false, false, false},
		{"::ffff:169.254.169.254", false, false, false},
		{"fd00:ec2::254", false, false, false},
		{"fe80::1", false, false, false},
		{"0.0.0.0", false, false, false},
	}
	for _, tc := range tests {
		a := netip.MustParseAddr(tc.addr)
		for _, c := range []struct {
			name string
			cfg  Config
			want bool
		}{{"default", DefaultConfig(), tc.none}, {"allow-private", priv, tc.bare}, {"127.0.0.0/8", loop, tc.lo}} {
			if got := c.cfg.Allowed(a); got != c.want {
				t.Errorf("%s: Allowed(%s) = %v, want %v", c.name, tc.addr, got, c.want)
			}
		}
	}
}
