package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/queue"
	"github.com/storyline-news/storyline/internal/web/extract"
	"github.com/storyline-news/storyline/internal/web/feed"
	"github.com/storyline-news/storyline/internal/web/fetch"
	"github.com/storyline-news/storyline/internal/web/urlnorm"
	"github.com/storyline-news/storyline/internal/web/watch"
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
	allowPrivate := privateFlag(fs)
	urls, err := parse(fs, joinNetworks(args))
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
	return addFeeds(ctx, e, feeds, urls, nil, *interval, allowPrivate)
}

// addFeeds subscribes to urls (titles[i] names urls[i] when given),
// reporting each; a feed already subscribed is not an error.
func addFeeds(ctx context.Context, e *env, feeds news.FeedStore, urls, titles []string, interval time.Duration, allowPrivate *networksFlag) error {
	policy := fetch.DefaultConfig()
	allowPrivate.config(&policy)
	failed := 0
	for i, raw := range urls {
		u, err := urlnorm.Canonical(raw)
		if err == nil {
			err = checkFeedAddress(u, policy)
		}
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
	allowPrivate := privateFlag(fs)
	files, err := parse(fs, joinNetworks(args))
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
	return addFeeds(ctx, e, feeds, urls, titles, 0, allowPrivate)
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
func fetchFlags(fs *flag.FlagSet) (allowPrivate *networksFlag, delay *time.Duration) {
	allowPrivate = privateFlag(fs)
	delay = fs.Duration("host-delay", fetch.DefaultConfig().MinHostDelay, "least time between two requests to one host")
	return allowPrivate, delay
}

// privateFlag adds --allow-private.
func privateFlag(fs *flag.FlagSet) *networksFlag {
	n := &networksFlag{}
	fs.Var(n, "allow-private", "let the fetcher reach these networks (CIDR, comma-separated, repeatable: --allow-private 127.0.0.0/8); "+
		"alone, loopback and private networks; link-local and cloud-metadata addresses are refused always (local testing only)")
	return n
}

// networksFlag is --allow-private: alone it opens loopback and private
// networks (fetch.PrivatePrefixes); given networks, it opens just those.
type networksFlag struct {
	private  bool
	prefixes []netip.Prefix
}

func (n *networksFlag) IsBoolFlag() bool { return true }

func (n *networksFlag) String() string {
	if n == nil {
		return ""
	}
	var parts []string
	if n.private {
		parts = append(parts, "private")
	}
	for _, p := range n.prefixes {
		parts = append(parts, p.String())
	}
	return strings.Join(parts, ",")
}

func (n *networksFlag) Set(s string) error {
	switch s {
	case "true", "private":
		n.private = true
		return nil
	case "false":
		*n = networksFlag{}
		return nil
	}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return fmt.Errorf("%q is not a network (CIDR such as 127.0.0.0/8) or an address", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		if fetch.OverlapsRefused(p) {
			return fmt.Errorf("%s holds link-local or cloud-metadata addresses, which are refused always", p)
		}
		n.prefixes = append(n.prefixes, p.Masked())
	}
	return nil
}

// config sets the fetcher's address policy.
func (n *networksFlag) config(cfg *fetch.Config) {
	cfg.AllowPrivate = n.private
	cfg.AllowedPrefixes = n.prefixes
}

// joinNetworks lets --allow-private take its networks as the next
// argument (--allow-private 127.0.0.0/8) although it also stands alone:
// it joins the two when the next argument is a network or an address.
func joinNetworks(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if (a == "--allow-private" || a == "-allow-private") && i+1 < len(args) && isNetworks(args[i+1]) {
			a += "=" + args[i+1]
			i++
		}
		out = append(out, a)
	}
	return out
}

func isNetworks(s string) bool {
	for part := range strings.SplitSeq(s, ",") {
		if _, err := netip.ParsePrefix(part); err == nil {
			continue
		}
		if _, err := netip.ParseAddr(part); err != nil {
			return false
		}
	}
	return true
}

func newFetcher(allowPrivate *networksFlag, delay time.Duration, ignoreRobots bool) (*fetch.Fetcher, error) {
	cfg := fetch.DefaultConfig()
	cfg.UserAgent = fetch.UserAgent(version)
	allowPrivate.config(&cfg)
	cfg.MinHostDelay = delay
	cfg.IgnoreRobots = ignoreRobots
	return fetch.New(cfg)
}

// checkFeedAddress refuses a feed URL whose host is an address the
// fetcher would refuse (a literal address, or localhost); other names
// are checked after DNS when the feed is fetched.
func checkFeedAddress(raw string, policy fetch.Config) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	host := strings.ToLower(strings.Trim(u.Hostname(), "[]"))
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = append(addrs, a)
	} else if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		addrs = append(addrs, netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1"))
	}
	for _, a := range addrs {
		if !policy.Allowed(a) {
			if fetch.IsRefused(a) {
				return fmt.Errorf("%w: %s (link-local and cloud-metadata addresses are refused always)", fetch.ErrPrivateAddress, a)
			}
			return fmt.Errorf("%w: %s (see --allow-private)", fetch.ErrPrivateAddress, a)
		}
	}
	return nil
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
	if _, err := parse(fs, joinNetworks(args)); err != nil {
		return err
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	f, err := newFetcher(allowPrivate, *delay, false)
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
		if r.FeedErrors > 0 {
			return &partialError{failed: r.FeedErrors, what: "feeds"}
		}
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
	urls, err := parse(fs, joinNetworks(args))
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
	f, err := newFetcher(allowPrivate, *delay, true)
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
