package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// env is what every command gets: its streams and environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	log            *slog.Logger
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"ingest", "ingest articles from files, folders or stdin", runIngest},
		{"stories", "list stories; stories merge A B; stories split STORY ARTICLE...", runStories},
		{"show", "show one story with its articles (--storyline ID: a storyline's stories)", runShow},
		{"storylines", "list storylines (the long-running subjects stories belong to); storylines merge A B; storylines split L STORY...", runStorylines},
		{"articles", "list articles", runArticles},
		{"sources", "classify outlets: sources import FILE.csv, list [--json], set SOURCE DIM=VALUE...", runSources},
		{"blindspots", "list stories covered (almost) only from one side: blindspots --dim lean", runBlindspots},
		{"article", "show one article (--debug: what cleaning removed)", runArticle},
		{"feeds", "manage feed subscriptions: feeds add URL..., import FILE.opml, list, remove ID|URL", runFeeds},
		{"watch", "poll feeds, fetch and ingest new items (--once: one round)", runWatch},
		{"fetch", "fetch web pages, extract their articles and ingest them", runFetch},
		{"publish", "publish input items to the NATS JetStream log of a distributed ingest", runPublish},
		{"worker", "run distributed ingest stages (prepare, cluster, all) over NATS JetStream", runWorker},
		{"explain", "explain why an article joined its story, and the story its storyline", runExplain},
		{"demo", "ingest the bundled sample articles and print their stories", runDemo},
		{"bench", "measure throughput: bench distributed (1M-article day through NATS and PostgreSQL)", runBench},
		{"eval", "measure quality on labelled benchmarks: eval cluster|summarize|extract|timex|conflicts", runEval},
		{"migrate", "create or upgrade the database schema", runMigrate},
		{"serve", "serve the JSON API, web UI and feeds over HTTP", runServe},
		{"version", "print the version", runVersion},
	}
}

// usageError marks errors in how a command was called (exit status 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// partialError reports that a command did its work but some input failed
// (exit status 1, after everything else went in).
type partialError struct {
	failed int
	what   string // what failed: "input item(s)" when empty
}

func (e *partialError) Error() string {
	return fmt.Sprintf("%d %s failed; see messages above", e.failed, cmp.Or(e.what, "input item(s)"))
}

// Main runs storyline with args (without the program name) and returns the
// exit status. It is main without the process: tests call it directly.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	log, err := newLogger(stderr, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "storyline: %v\n", err)
		return exitUsage
	}
	e.log = log
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		}
		fmt.Fprintf(stderr, "storyline %s: %s\n", c.name, describe(err))
		if _, ok := errors.AsType[*usageError](err); ok {
			return exitUsage
		}
		return exitFailure
	}
	fmt.Fprintf(stderr, "storyline: unknown command %q\n\n", args[0])
	printUsage(stderr)
	return exitUsage
}

// newLogger returns the logger of messages on stderr: text at level warn,
// or as $STORYLINE_LOG_FORMAT (text, json) and $STORYLINE_LOG_LEVEL
// (debug, info, warn, error) say.
func newLogger(w io.Writer, getenv func(string) string) (*slog.Logger, error) {
	var level slog.Level = slog.LevelWarn
	if v := getenv("STORYLINE_LOG_LEVEL"); v != "" {
		if err := level.UnmarshalText([]byte(v)); err != nil {
			return nil, fmt.Errorf("STORYLINE_LOG_LEVEL=%q: use debug, info, warn or error", v)
		}
	}
	opts := &slog.HandlerOptions{Level: level}
	switch v := getenv("STORYLINE_LOG_FORMAT"); v {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	default:
		return nil, fmt.Errorf("STORYLINE_LOG_FORMAT=%q: use text or json", v)
	}
}

// describe returns the message to show for err: the user-facing message for
// application errors, the full chain otherwise.
func describe(err error) string {
	if errors.Is(err, context.Canceled) {
		return "interrupted; completed batches are stored, re-run to finish"
	}
	if code := news.ErrorCode(err); code != news.EINTERNAL {
		return news.ErrorMessage(err)
	}
	return err.Error()
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Storyline turns scraped news articles into stories.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: storyline COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'storyline COMMAND --help' for a command's flags.")
}

// newFlags returns a FlagSet for a command whose usage line is usage.
func newFlags(e *env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("storyline "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: storyline %s %s\n\nFlags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may come before, between or after positional
// arguments ("show 3 --json") and returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%v", err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// dbFlag adds the --db flag every store command accepts.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "database path (default $STORYLINE_DB, else ./storyline.db)")
}

// appStore is what both stores give the commands: articles and stories,
// and feed subscriptions.
type appStore interface {
	news.Store
	news.FeedStore
}

// openStore opens the store named by --db, $STORYLINE_DB or the default
// ./storyline.db: a postgres:// URL selects PostgreSQL, anything else is a
// SQLite file path.
func openStore(ctx context.Context, e *env, path string) (appStore, error) {
	if path == "" {
		path = e.getenv("STORYLINE_DB")
	}
	if path == "" {
		path = "storyline.db"
	}
	if strings.HasPrefix(path, "postgres://") || strings.HasPrefix(path, "postgresql://") {
		return postgres.Open(ctx, path)
	}
	if strings.Contains(path, "://") {
		return nil, news.Errorf(news.EINVALID, "database %q: use a SQLite file path or a postgres:// URL", path)
	}
	return sqlite.Open(ctx, path)
}
