package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"strings"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/story/synthesis"
	"github.com/storyline-news/storyline/internal/web/extract"
	"github.com/storyline-news/storyline/internal/web/watch"
	"github.com/storyline-news/storyline/internal/webhook"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[flags]")
	addr := fs.String("addr", server.DefaultAddr, "address to listen on")
	db := dbFlag(fs)
	token := fs.String("ingest-token", "", "bearer token for POST /api/v1/ingest (default $STORYLINE_INGEST_TOKEN; none: ingestion over HTTP is off)")
	maxIngest := fs.Int64("max-ingest-bytes", server.DefaultMaxIngestBytes, "largest ingest request body accepted")
	maxRequest := sizeFlag(defaultMaxRequestBytes)
	fs.Var(&maxRequest, "max-request-size", "most one ingest request yields after decompression, e.g. 32MiB (each document at most 10MiB)")
	baseURL := fs.String("base-url", "", "absolute URL the server is reached at, for links in feeds (default: from each request)")
	watchFeeds := fs.Bool("watch", false, "also run the feed watcher (see storyline watch)")
	var hooks stringList
	fs.Var(&hooks, "webhook", "POST story events (created, new independent source, merged) to this URL; repeatable")
	hookSecret := fs.String("webhook-secret", "", "HMAC-SHA256 key signing webhook bodies (default $STORYLINE_WEBHOOK_SECRET)")
	var corsOrigins stringList
	fs.Var(&corsOrigins, "cors-origin", "let browser pages of this origin (https://app.example.org, or * for any) read the API and feeds; repeatable (default: no CORS)")
	allowPrivate, delay := fetchFlags(fs)
	pos, err := parse(fs, joinNetworks(args))
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments, got %q", pos)
	}
	if *token == "" {
		*token = e.getenv("STORYLINE_INGEST_TOKEN")
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()

	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	// HTTP ingestion and the watcher share one pipeline, so the
	// clustering engine sees every article in arrival order.
	var events func([]news.StoryEvent)
	if len(hooks) > 0 {
		if *hookSecret == "" {
			*hookSecret = e.getenv("STORYLINE_WEBHOOK_SECRET")
		}
		if *hookSecret == "" {
			logger.Warn("webhooks are not signed: set --webhook-secret or $STORYLINE_WEBHOOK_SECRET")
		}
		wcfg := webhook.DefaultConfig()
		wcfg.URLs, wcfg.Secret, wcfg.Logger = hooks, []byte(*hookSecret), logger
		n := webhook.New(wcfg)
		hookCtx, stopHooks := context.WithCancel(ctx)
		defer stopHooks()
		go n.Run(hookCtx)
		events = n.Notify
	}
	g := newIngesterEvents(e, store, events)
	cfg := server.Config{
		Addr:           *addr,
		IngestToken:    *token,
		MaxIngestBytes: *maxIngest,
		BaseURL:        *baseURL,
		Ingest:         httpIngest(e, g, logger, int64(maxRequest)),
		CORSOrigins:    corsOrigins,
	}
	if cfg.IngestToken == "" {
		logger.Info("ingestion over HTTP is off: set --ingest-token or $STORYLINE_INGEST_TOKEN to enable POST /api/v1/ingest")
	}
	if *watchFeeds {
		f, err := newFetcher(allowPrivate, *delay, false)
		if err != nil {
			return err
		}
		w := &watch.Watcher{Store: store, Fetcher: f, Extractor: extract.New(), Ingest: ingestItemsFunc(e, g), Config: watch.DefaultConfig(), Log: logger}
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		done := make(chan error, 1)
		go func() {
			done <- w.Run(ctx, func(r watch.Round) {
				logger.Info("watch round", "polled", r.Polled, "new_items", r.NewItems, "pages", r.Pages, "page_errors", r.PageErrors, "ingested", r.Ingested)
			})
		}()
		err = server.New(cfg, store, &synthesis.Synthesizer{}, logger).ListenAndServe(ctx)
		cancel()
		if werr := <-done; err == nil {
			err = werr
		}
		return err
	}
	return server.New(cfg, store, &synthesis.Synthesizer{}, logger).ListenAndServe(ctx)
}

// defaultMaxRequestBytes caps what one ingest request yields after
// decompression.
const defaultMaxRequestBytes = 32 << 20

// maxIngestErrors caps the item errors one ingest response lists.
const maxIngestErrors = 100

// httpIngest runs the CLI's ingest pipeline (ingestPaths over "-") on a
// request body. Requests are serialised: the pipeline ingests one input at
// a time, because arrival order matters. The reader sniffs the body's
// format (JSON object, array or JSON Lines) as it does for stdin.
func httpIngest(e *env, g *ingester, logger *slog.Logger, maxRequest int64) server.IngestFunc {
	return func(ctx context.Context, r io.Reader, contentType string) (server.IngestResult, error) {
		var errs strings.Builder
		ie := &env{stdin: r, stdout: io.Discard, stderr: &errs, getenv: e.getenv, log: logger}
		res, err := g.paths(ctx, ie, []string{"-"}, true, ingest.Options{StdinName: "request", MaxFileBytes: maxRequest})
		out := server.IngestResult{
			Read: res.Read, Created: res.Created, Skipped: res.Skipped, Failed: res.Failed, Stories: res.Stories,
			Errors: []string{},
		}
		sc := bufio.NewScanner(strings.NewReader(errs.String()))
		for sc.Scan() && len(out.Errors) < maxIngestErrors {
			if line := strings.TrimPrefix(sc.Text(), "storyline ingest: "); strings.TrimSpace(line) != "" {
				out.Errors = append(out.Errors, line)
			}
		}
		return out, err
	}
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
