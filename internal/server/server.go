// Package server serves Storyline over HTTP: a JSON API under /api/v1/
// (described by the OpenAPI document at /api/v1/openapi.json), a
// server-rendered web UI that works without JavaScript, Atom feeds and
// Prometheus metrics, all over one news.Store.
//
// The route list in [Server.routes] is the table of contents; handlers live
// in one file per resource (story.go, article.go, source.go, search.go,
// coverage.go, ingest.go, feed.go, health.go).
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// Config configures a Server. The zero value of each field means its
// default.
type Config struct {
	// Addr is the TCP address to listen on; default "127.0.0.1:8080".
	Addr string
	// IngestToken is the bearer token POST /api/v1/ingest requires. Empty
	// turns ingestion over HTTP off (403).
	IngestToken string
	// MaxIngestBytes caps an ingest request body; default 8 MiB.
	MaxIngestBytes int64
	// BaseURL is the absolute URL the server is reached at, used for links
	// in feeds ("https://news.example.org"). Empty: taken from each request.
	BaseURL string
	// Ingest runs the ingestion pipeline over a request body. Nil turns
	// ingestion over HTTP off (403) even with a token.
	Ingest IngestFunc
	// ShutdownTimeout bounds the graceful shutdown; default 10s.
	ShutdownTimeout time.Duration
	// CORSOrigins are the web origins ("https://app.example.org", or "*"
	// for any) whose browser pages may read the JSON API and the feeds.
	// Empty, the default, sends no CORS headers.
	CORSOrigins []string
}

// Defaults.
const (
	DefaultAddr            = "127.0.0.1:8080"
	DefaultMaxIngestBytes  = 8 << 20
	DefaultShutdownTimeout = 10 * time.Second
)

// IngestFunc reads articles from r (a JSON object, a JSON array or JSON
// Lines, as announced by contentType) and runs them through the ingestion
// pipeline into the store. It is the same pipeline the CLI's ingest command
// runs; cmd/storyline wires it. Bad items are counted in the result, not
// returned as errors.
type IngestFunc func(ctx context.Context, r io.Reader, contentType string) (IngestResult, error)

// IngestResult reports what one ingest request did.
type IngestResult struct {
	Read    int `json:"read"`
	Created int `json:"created"`
	Skipped int `json:"skipped"`
	Failed  int `json:"failed"`
	// Stories is the number of stories that gained articles.
	Stories int `json:"stories"`
	// Errors describes the failed items ("-:3: missing title").
	Errors []string `json:"errors"`
}

// Server is Storyline's HTTP server. Create it with New; it is safe for
// concurrent use.
type Server struct {
	cfg     Config
	store   news.Store
	synth   news.Synthesizer // may be nil
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler
	tpl     *templates
	metrics *metrics
	cache   *synthCache
	http    *http.Server
	build   string // see buildID
}

// New returns a server over store. synth may be nil: story pages then show
// the first lines of the reports instead of a synthesis.
func New(cfg Config, store news.Store, synth news.Synthesizer, logger *slog.Logger) *Server {
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.MaxIngestBytes <= 0 {
		cfg.MaxIngestBytes = DefaultMaxIngestBytes
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = DefaultShutdownTimeout
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		cfg:     cfg,
		store:   store,
		synth:   synth,
		log:     logger,
		mux:     http.NewServeMux(),
		tpl:     mustParseTemplates(),
		metrics: newMetrics(),
		cache:   newSynthCache(512),
		build:   buildID(time.Now()),
	}
	for _, rt := range s.routes() {
		s.mux.Handle(rt.pattern, rt.handler)
	}
	// CrossOriginProtection rejects cross-origin browser requests with
	// unsafe methods (form POSTs); requests without browser headers, such
	// as an ingest client's, pass. The origins allowed by CORS may POST
	// to the ingest endpoint, which needs a bearer token anyway.
	cop := http.NewCrossOriginProtection()
	for _, o := range cfg.CORSOrigins {
		if o == "*" {
			cop.AddInsecureBypassPattern("POST /api/v1/ingest")
		} else if err := cop.AddTrustedOrigin(o); err != nil {
			logger.Warn("ignoring CORS origin", "origin", o, "err", err)
		}
	}
	s.handler = noSniff(s.instrument(s.recoverPanics(cors(cfg.CORSOrigins, compress(cop.Handler(s.mux))))))
	s.http = &http.Server{
		Addr:              cfg.Addr,
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return s
}

// route is one entry of the table of contents.
type route struct {
	pattern string
	handler http.Handler
}

// routes lists every route the server answers: the table of contents.
func (s *Server) routes() []route {
	return []route{
		// JSON API, documented in openapi.json.
		{"GET /api/v1/stories", s.api(s.handleAPIStoryIndex)},
		{"GET /api/v1/stories/{id}", s.api(s.handleAPIStoryView)},
		{"GET /api/v1/storylines", s.api(s.handleAPIStorylineIndex)},
		{"GET /api/v1/storylines/{id}", s.api(s.handleAPIStorylineView)},
		{"GET /api/v1/articles/{id}", s.api(s.handleAPIArticleView)},
		{"GET /api/v1/sources", s.api(s.handleAPISourceIndex)},
		{"GET /api/v1/blindspots", s.api(s.handleAPIBlindspots)},
		{"GET /api/v1/search", s.api(s.handleAPISearch)},
		{"POST /api/v1/ingest", s.api(s.handleAPIIngest)},
		{"GET /api/v1/health", s.api(s.handleAPIHealth)},
		{"GET /api/v1/openapi.json", http.HandlerFunc(handleOpenAPI)},
		{"/api/", s.api(s.handleAPINotFound)},

		// Operations.
		{"GET /metrics", http.HandlerFunc(s.handleMetrics)},

		// Web UI.
		{"GET /{$}", s.page(s.handleFrontPage)},
		{"GET /stories/{id}", s.page(s.handleStoryPage)},
		{"GET /storylines/{id}", s.page(s.handleStorylinePage)},
		{"GET /articles/{id}", s.page(s.handleArticlePage)},
		{"GET /sources", s.page(s.handleSourceIndexPage)},
		{"GET /sources/{name}", s.page(s.handleSourcePage)},
		{"GET /blindspots", s.page(s.handleBlindspotsPage)},
		{"GET /search", s.page(s.handleSearchPage)},
		{"GET /static/", http.HandlerFunc(handleStatic)},
		{"/", s.page(s.handleNotFoundPage)},

		// Atom feeds.
		{"GET /feeds/stories.atom", s.feed(s.handleStoriesFeed)},
		{"GET /feeds/stories/{file}", s.feed(s.handleStoryFeed)},
		{"GET /feeds/storylines/{file}", s.feed(s.handleStorylineFeed)},
		{"GET /feeds/search.atom", s.feed(s.handleSearchFeed)},
		{"GET /feeds/blindspots.atom", s.feed(s.handleBlindspotsFeed)},
	}
}

// Handler returns the server's root handler, for tests and embedding.
func (s *Server) Handler() http.Handler { return s.handler }

// ListenAndServe listens on Config.Addr and serves until ctx is done, then
// shuts down gracefully, waiting up to Config.ShutdownTimeout for requests
// in flight. It returns nil after a clean shutdown.
func (s *Server) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("server: listen on %s: %w", s.cfg.Addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is done, like ListenAndServe. It closes ln.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.log.Info("serving", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	s.log.Info("shutting down")
	if err := s.http.Shutdown(shutCtx); err != nil {
		s.http.Close()
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}

// noSniff tells browsers to take every response as the type it says it
// is (JSON, Atom, HTML), never to guess another from its content.
func noSniff(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a handler panic into a logged 500 instead of a
// dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "uri", r.URL.RequestURI(), "panic", fmt.Sprint(v))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// baseURL returns the absolute URL prefix for links in feeds.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
