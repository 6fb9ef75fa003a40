package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/synthesis"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[flags]")
	addr := fs.String("addr", server.DefaultAddr, "address to listen on")
	db := dbFlag(fs)
	token := fs.String("ingest-token", "", "bearer token for POST /api/v1/ingest (default $STORYLINE_INGEST_TOKEN; none: ingestion over HTTP is off)")
	maxIngest := fs.Int64("max-ingest-bytes", server.DefaultMaxIngestBytes, "largest ingest request body accepted")
	baseURL := fs.String("base-url", "", "absolute URL the server is reached at, for links in feeds (default: from each request)")
	watch := fs.Bool("watch", false, "also run the feed watcher (not available yet)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments, got %q", pos)
	}
	if *watch {
		return usagef("--watch: the feed watcher is not available yet; run storyline serve without it")
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
	cfg := server.Config{
		Addr:           *addr,
		IngestToken:    *token,
		MaxIngestBytes: *maxIngest,
		BaseURL:        *baseURL,
		Ingest:         httpIngest(e, store, logger),
	}
	if cfg.IngestToken == "" {
		logger.Info("ingestion over HTTP is off: set --ingest-token or $STORYLINE_INGEST_TOKEN to enable POST /api/v1/ingest")
	}
	return server.New(cfg, store, &synthesis.Synthesizer{}, logger).ListenAndServe(ctx)
}

// maxIngestErrors caps the item errors one ingest response lists.
const maxIngestErrors = 100

// httpIngest runs the CLI's ingest pipeline (ingestPaths over "-") on a
// request body. Requests are serialised: the pipeline ingests one input at
// a time, because arrival order matters. The reader sniffs the body's
// format (JSON object, array or JSON Lines) as it does for stdin.
func httpIngest(e *env, store news.Store, logger *slog.Logger) server.IngestFunc {
	var mu sync.Mutex
	return func(ctx context.Context, r io.Reader, contentType string) (server.IngestResult, error) {
		mu.Lock()
		defer mu.Unlock()
		var errs strings.Builder
		ie := &env{stdin: r, stdout: io.Discard, stderr: &errs, getenv: e.getenv, log: logger}
		res, err := ingestPaths(ctx, ie, store, []string{"-"}, true)
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
