package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/feed"
	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/queue"
	"github.com/storyline-news/storyline/internal/urlnorm"
	"github.com/storyline-news/storyline/internal/watch"
)

func runFeeds(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("feeds needs a subcommand: add URL..., import FILE.opml, list, remove ID|URL")
	}
	switch args[0] {
	case "add":
		return runFeedsAdd(ctx, e, args[1:])
	case "import":
		return runFeedsImport(ctx, e, args[1:])
	case "list":
		return runFeedsList(ctx, e, args[1:])
	case "remove":
		return runFeedsRemove(ctx, e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(e.stdout, "Usage: storyline feeds add [--interval D] URL... | import FILE.opml | list [--json] | remove ID|URL")
		return nil
	}
	return usagef("unknown feeds subcommand %q: use add, import, list or remove", args[0])
}

func runFeedsAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "feeds add", "[flags] URL...")
	db := dbFlag(fs)
	interval := fs.Duration("interval", 0, "time between polls of these feeds (0: the watcher's default, 15m)")
	urls, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(urls) == 0 {
		return usagef("feeds add needs feed URLs")
	}
	feeds, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer feeds.Close()
	return addFeeds(ctx, e, feeds, urls, nil, *interval)
}

// addFeeds subscribes to urls (titles[i] names urls[i] when given),
// reporting each; a feed already subscribed is not an error.
func addFeeds(ctx context.Context, e *env, feeds news.FeedStore, urls, titles []string, interval time.Duration) error {
	failed := 0
	for i, raw := range urls {
		u, err := urlnorm.Canonical(raw)
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "storyline feeds: %s: %v\n", raw, err)
			continue
		}
		f := &news.Feed{URL: u, Interval: interval}
		if i < len(titles) {
			f.Title = titles[i]
		}
		switch err := feeds.AddFeed(ctx, f); {
		case news.ErrorCode(err) == news.ECONFLICT:
			fmt.Fprintf(e.stdout, "already subscribed: %s\n", u)
		case err != nil:
			return err
		default:
			fmt.Fprintf(e.stdout, "subscribed %d: %s\n", f.ID, u)
		}
	}
	if failed > 0 {
		return &partialError{failed: failed}
	}
	return nil
}

func runFeedsImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "feeds import", "[flags] FILE.opml")
	db := dbFlag(fs)
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("feeds import takes one OPML file")
	}
	f, err := os.Open(files[0])
	if err != nil {
		return fmt.Errorf("feeds import: %w", err)
	}
	defer f.Close()
	list, err := feed.ParseOPML(f)
	if err != nil {
		return fmt.Errorf("feeds import %s: %w", files[0], err)
	}
	feeds, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer feeds.Close()
	var urls, titles []string
	for _, o := range list {
		urls, titles = append(urls, o.URL), append(titles, o.Title)
	}
	return addFeeds(ctx, e, feeds, urls, titles, 0)
}

func runFeedsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "feeds list", "[flags]")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON array")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	feeds, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer feeds.Close()
	list, err := feeds.FindFeeds(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, nonNil(list))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLAST POLLED\tNEXT POLL\tFAILURES\tURL\tTITLE")
	for _, f := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\n", f.ID, day(f.LastPolled), day(f.NextPoll), f.Failures, f.URL, f.Title)
	}
	return tw.Flush()
}

func runFeedsRemove(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "feeds remove", "[flags] ID|URL...")
	db := dbFlag(fs)
	ids, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return usagef("feeds remove needs feed IDs or URLs")
	}
	feeds, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer feeds.Close()
	for _, id := range ids {
		err := feeds.RemoveFeed(ctx, id)
		if news.ErrorCode(err) == news.ENOTFOUND {
			if u, cerr := urlnorm.Canonical(id); cerr == nil && u != id {
				err = feeds.RemoveFeed(ctx, u)
			}
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "removed %s\n", id)
	}
	return nil
}

// fetchFlags adds the flags of commands that fetch from the web.
func fetchFlags(fs *flag.FlagSet) (allowPrivate *bool, delay *time.Duration) {
	allowPrivate = fs.Bool("allow-private", false, "allow fetching private, loopback and link-local addresses (local testing only)")
	delay = fs.Duration("host-delay", fetch.DefaultConfig().MinHostDelay, "least time between two requests to one host")
	return allowPrivate, delay
}

func newFetcher(allowPrivate bool, delay time.Duration, ignoreRobots bool) (*fetch.Fetcher, error) {
	cfg := fetch.DefaultConfig()
	cfg.UserAgent = fetch.UserAgent(version)
	cfg.AllowPrivate = allowPrivate
	cfg.MinHostDelay = delay
	cfg.IgnoreRobots = ignoreRobots
	return fetch.New(cfg)
}

// ingestItemsFunc adapts an ingester to the watcher.
func ingestItemsFunc(e *env, g *ingester) watch.IngestFunc {
	return func(ctx context.Context, items []ingest.Item) (int, error) { return g.items(ctx, e, items) }
}

func runWatch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "watch", "[flags]")
	db := dbFlag(fs)
	once := fs.Bool("once", false, "poll every feed once, ingest what is new, and exit")
	interval := fs.Duration("interval", watch.DefaultConfig().Interval, "default time between polls of a feed")
	asJSON := fs.Bool("json", false, "print each round's counts as a JSON line")
	natsURL := fs.String("nats", "", "publish fetched items to this NATS server's log for the workers, instead of ingesting them here (the fetch stage of a distributed ingest)")
	ns := fs.String("namespace", queue.DefaultNamespace, "with --nats: name of the deployment's streams")
	allowPrivate, delay := fetchFlags(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	f, err := newFetcher(*allowPrivate, *delay, false)
	if err != nil {
		return err
	}
	cfg := watch.DefaultConfig()
	cfg.Interval = *interval
	ingestFn := ingestItemsFunc(e, newIngester(e, store))
	if *natsURL != "" {
		q, err := connectQueue(ctx, e, *natsURL, *ns)
		if err != nil {
			return err
		}
		defer q.Close()
		ingestFn = q.Publish // the workers prepare, store and cluster them
	}
	w := &watch.Watcher{Store: store, Fetcher: f, Extractor: extract.New(), Ingest: ingestFn, Config: cfg, Log: e.log}
	report := func(r watch.Round) {
		if *asJSON {
			jsonLine(e.stdout, r)
			return
		}
		fmt.Fprintf(e.stdout, "%s polled %d of %d feeds (%d unchanged, %d failed): %d new items, %d pages, %d page errors, %d retried, %d from summaries; %d articles stored\n",
			time.Now().UTC().Format(time.DateTime), r.Polled, r.Feeds, r.NotModified, r.FeedErrors, r.NewItems, r.Pages, r.PageErrors, r.Retried, r.Summaries, r.Ingested)
	}
	if *once {
		r, err := w.RunOnce(ctx, true)
		if err != nil {
			return err
		}
		report(r)
		return nil
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)
	defer stop()
	return w.Run(ctx, report)
}

func runFetch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "fetch", "[flags] URL...")
	db := dbFlag(fs)
	allowPrivate, delay := fetchFlags(fs)
	urls, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(urls) == 0 {
		return usagef("fetch needs page URLs")
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	// A page a user names by hand is fetched whatever robots.txt says.
	f, err := newFetcher(*allowPrivate, *delay, true)
	if err != nil {
		return err
	}
	ex := extract.New()
	var items []ingest.Item
	failed := 0
	for _, u := range urls {
		resp, err := f.FetchKind(ctx, u, fetch.Page, fetch.Conditional{})
		if err == nil {
			var p *extract.Page
			if p, err = ex.ExtractHTML(ctx, resp.Body, resp.URL, resp.ContentType); err == nil {
				it := ingest.Item{Origin: u, Format: ingest.FormatHTML, Title: p.Title, Text: p.Text,
					URL: cmp.Or(p.CanonicalURL, resp.URL), Source: p.SiteName, Language: p.Language}
				if !p.Published.IsZero() {
					it.Date = p.Published.Format(time.RFC3339)
				}
				items = append(items, it)
				continue
			}
		}
		if errors.Is(err, context.Canceled) {
			return err
		}
		failed++
		fmt.Fprintf(e.stderr, "storyline fetch: %s: %v\n", u, err)
	}
	n, err := newIngester(e, store).items(ctx, e, items)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "fetched %d of %d pages, stored %d new articles\n", len(items), len(urls), n)
	if failed > 0 {
		return &partialError{failed: failed}
	}
	return nil
}
