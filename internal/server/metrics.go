package server

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// latencyBuckets are the upper bounds, in seconds, of the request latency
// histogram.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics counts requests by route and status and times them by route.
// Routes are ServeMux patterns, so label cardinality is bounded by the
// route table. It is safe for concurrent use.
type metrics struct {
	mu       sync.Mutex
	requests map[requestKey]uint64
	latency  map[string]*histogram
}

type requestKey struct {
	route string
	code  int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[requestKey]uint64{}, latency: map[string]*histogram{}}
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[requestKey{route, code}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets)+1)}
		m.latency[route] = h
	}
	sec := d.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, sec)
	h.counts[i]++
	h.sum += sec
	h.n++
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// instrument records each request's route, status and latency.
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		d := time.Since(start)
		route := r.Pattern // set by the ServeMux on this request
		if route == "" {
			route = "unrouted"
		}
		code := cmp.Or(rec.code, http.StatusOK)
		s.metrics.observe(route, code, d)
		s.log.Debug("request", "method", r.Method, "uri", r.URL.RequestURI(), "route", route, "status", code, "duration", d)
	})
}

// handleMetrics writes the metrics in the Prometheus text format (0.0.4),
// with gauges of stored articles and live stories read at scrape time.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
	defer cancel()
	articles, aerr := s.store.CountArticles(ctx)
	stories, serr := s.store.CountStories(ctx)
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	bw := bufio.NewWriter(w)
	s.metrics.write(bw)
	up := 1
	if aerr != nil || serr != nil {
		up = 0
		s.log.Error("metrics: count", "articles_err", aerr, "stories_err", serr)
	}
	fmt.Fprintf(bw, "# HELP storyline_store_up Whether the store answered the last scrape's counts.\n# TYPE storyline_store_up gauge\nstoryline_store_up %d\n", up)
	if up == 1 {
		fmt.Fprintf(bw, "# HELP storyline_articles Articles stored.\n# TYPE storyline_articles gauge\nstoryline_articles %d\n", articles)
		fmt.Fprintf(bw, "# HELP storyline_stories Live (not merged) stories.\n# TYPE storyline_stories gauge\nstoryline_stories %d\n", stories)
	}
	bw.Flush()
}

func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b requestKey) int {
		if c := strings.Compare(a.route, b.route); c != 0 {
			return c
		}
		return a.code - b.code
	})
	fmt.Fprintln(w, "# HELP storyline_http_requests_total HTTP requests by route and status code.")
	fmt.Fprintln(w, "# TYPE storyline_http_requests_total counter")
	for _, k := range keys {
		fmt.Fprintf(w, "storyline_http_requests_total{route=%s,code=\"%d\"} %d\n", label(k.route), k.code, m.requests[k])
	}
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	fmt.Fprintln(w, "# HELP storyline_http_request_duration_seconds HTTP request latency by route.")
	fmt.Fprintln(w, "# TYPE storyline_http_request_duration_seconds histogram")
	for _, route := range routes {
		h := m.latency[route]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "storyline_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", label(route), strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "storyline_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", label(route), h.n)
		fmt.Fprintf(w, "storyline_http_request_duration_seconds_sum{route=%s} %s\n", label(route), strconv.FormatFloat(h.sum, 'g', -1, 64))
		fmt.Fprintf(w, "storyline_http_request_duration_seconds_count{route=%s} %d\n", label(route), h.n)
	}
}

// label quotes a Prometheus label value.
func label(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(v) + `"`
}
