// Package watch polls subscribed news feeds and ingests their new items:
// for each feed that is due it fetches the feed (with conditional GET),
// parses it, fetches the page of every item it has not seen, extracts the
// article and hands the results to the ingest pipeline. Failed feeds back
// off exponentially; items whose page fails are retried in later rounds and
// finally ingested with the feed's own title and summary, so none is lost.
package watch

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/web/extract"
	"github.com/storyline-news/storyline/internal/web/feed"
	"github.com/storyline-news/storyline/internal/web/fetch"
)

// Config tunes a Watcher. Start from DefaultConfig.
type Config struct {
	// Interval is the time between polls of a feed that sets none.
	Interval time.Duration
	// MaxBackoff caps the wait after repeated failures of a feed or page.
	MaxBackoff time.Duration
	// Jitter spreads polls by up to this share of the interval either
	// way, so feeds added together do not stay in step.
	Jitter float64
	// MaxAttempts is how often an item's page is tried before the item is
	// ingested with the feed's summary instead.
	MaxAttempts int
	// Concurrency is the number of pages fetched at once (the fetcher
	// still sends one request at a time to each host).
	Concurrency int
}

// DefaultConfig returns the configuration of `storyline watch`.
func DefaultConfig() Config {
	return Config{Interval: 15 * time.Minute, MaxBackoff: 6 * time.Hour, Jitter: 0.1, MaxAttempts: 3, Concurrency: 4}
}

// Fetcher fetches feeds and pages; *fetch.Fetcher implements it.
type Fetcher interface {
	FetchKind(ctx context.Context, rawURL string, kind fetch.Kind, cond fetch.Conditional) (*fetch.Response, error)
}

// Extractor finds the article in a page; *extract.Trafilatura implements it.
type Extractor interface {
	ExtractHTML(ctx context.Context, page []byte, pageURL, contentType string) (*extract.Page, error)
}

// IngestFunc ingests items in order and reports how many were new.
type IngestFunc func(ctx context.Context, items []ingest.Item) (created int, err error)

// Watcher polls feeds. Its fields must be set before use; it is not safe for
// concurrent use (one round at a time).
type Watcher struct {
	Store     news.FeedStore
	Fetcher   Fetcher
	Extractor Extractor
	Ingest    IngestFunc
	Config    Config
	// Now is the clock (time.Now when nil); Rand draws jitter (a fixed
	// seed when nil, so runs are reproducible).
	Now  func() time.Time
	Rand *rand.Rand
	Log  *slog.Logger
}

// Round reports what one round did.
type Round struct {
	Feeds       int `json:"feeds"`        // subscribed
	Polled      int `json:"polled"`       // due and fetched
	NotModified int `json:"not_modified"` // answered 304
	FeedErrors  int `json:"feed_errors"`
	NewItems    int `json:"new_items"` // items not seen before
	Pages       int `json:"pages"`     // pages fetched and extracted
	PageErrors  int `json:"page_errors"`
	Retried     int `json:"retried"`   // pending items tried again
	Summaries   int `json:"summaries"` // items ingested with the feed's summary
	Ingested    int `json:"ingested"`  // new articles stored
}

func (w *Watcher) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Watcher) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// RunOnce polls every feed that is due (all of them when force is set) and
// ingests their new items.
func (w *Watcher) RunOnce(ctx context.Context, force bool) (Round, error) {
	if w.Rand == nil {
		w.Rand = rand.New(rand.NewPCG(1, 1))
	}
	var r Round
	feeds, err := w.Store.FindFeeds(ctx)
	if err != nil {
		return r, err
	}
	r.Feeds = len(feeds)
	for _, f := range feeds {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		if !force && f.NextPoll.After(w.now()) {
			continue
		}
		if err := w.poll(ctx, f, &r); err != nil {
			return r, err
		}
	}
	return r, nil
}

// Run polls feeds as they fall due until ctx is done, checking at least
// every minute for new subscriptions. It returns nil when ctx is cancelled.
func (w *Watcher) Run(ctx context.Context, onRound func(Round)) error {
	for {
		r, err := w.RunOnce(ctx, false)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			return err
		}
		if onRound != nil {
			onRound(r)
		}
		wait := time.Minute
		if feeds, err := w.Store.FindFeeds(ctx); err == nil {
			for _, f := range feeds {
				wait = min(wait, max(0, f.NextPoll.Sub(w.now())))
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(max(wait, time.Second)):
		}
	}
}

// poll fetches one feed and ingests its new and due items. Only store
// failures and cancellation are returned; a failing feed or page is
// recorded in its state.
func (w *Watcher) poll(ctx context.Context, f *news.Feed, r *Round) error {
	now := w.now()
	r.Polled++
	f.LastPolled = now
	resp, err := w.Fetcher.FetchKind(ctx, f.URL, fetch.Feed, fetch.Conditional{ETag: f.ETag, LastModified: f.LastModified})
	var parsed *feed.Feed
	if err == nil && !resp.NotModified {
		parsed, err = feed.Parse(bytes.NewReader(resp.Body), resp.URL)
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.FeedErrors++
		f.Failures++
		f.LastError = err.Error()
		f.NextPoll = now.Add(w.backoff(w.interval(f), f.Failures))
		w.log().Warn("feed failed", "feed", f.URL, "failures", f.Failures, "err", err)
		return w.Store.UpdateFeed(ctx, f)
	}
	f.Failures, f.LastError = 0, ""
	f.ETag, f.LastModified = resp.ETag, resp.LastModified
	f.NextPoll = now.Add(w.jitter(w.interval(f)))

	// Items to fetch: the feed's unseen ones and the pending ones due.
	var todo []*news.FeedItem
	known := map[string]*news.FeedItem{}
	if parsed != nil {
		if f.Title == "" {
			f.Title = parsed.Title
		}
		guids := make([]string, len(parsed.Items))
		for i, it := range parsed.Items {
			guids[i] = it.GUID
		}
		items, err := w.Store.FindFeedItems(ctx, f.ID, guids)
		if err != nil {
			return err
		}
		for _, it := range items {
			known[it.GUID] = it
		}
		for _, it := range parsed.Items {
			if _, ok := known[it.GUID]; ok {
				continue
			}
			fi := &news.FeedItem{FeedID: f.ID, GUID: it.GUID, URL: it.URL, Title: it.Title, Summary: it.Summary, Published: it.Published, State: news.ItemPending}
			known[it.GUID] = fi
			todo = append(todo, fi)
			r.NewItems++
		}
	} else {
		r.NotModified++
	}
	all, err := w.Store.FindFeedItems(ctx, f.ID, nil)
	if err != nil {
		return err
	}
	for _, it := range all {
		if it.State == news.ItemPending && !it.NextTry.After(now) {
			todo = append(todo, it)
			r.Retried++
		}
	}
	items := w.fetchItems(ctx, f, todo, r)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if len(items) > 0 {
		n, err := w.Ingest(ctx, items)
		if err != nil {
			return fmt.Errorf("watch: ingest items of %s: %w", f.URL, err)
		}
		r.Ingested += n
	}
	if len(todo) > 0 {
		if err := w.Store.SaveFeedItems(ctx, todo); err != nil {
			return err
		}
	}
	return w.Store.UpdateFeed(ctx, f)
}

// fetchItems fetches and extracts the pages of todo, a few at a time, and
// returns the items to ingest in todo's order. It updates each item's state.
func (w *Watcher) fetchItems(ctx context.Context, f *news.Feed, todo []*news.FeedItem, r *Round) []ingest.Item {
	out := make([]*ingest.Item, len(todo))
	errs := make([]error, len(todo))
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, w.Config.Concurrency) {
		wg.Go(func() {
			for i := range next {
				out[i], errs[i] = w.page(ctx, f, todo[i])
			}
		})
	}
	for i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()

	now := w.now()
	var items []ingest.Item
	for i, it := range todo {
		it.Attempts++
		if errs[i] == nil {
			r.Pages++
			it.State, it.LastError = news.ItemDone, ""
			items = append(items, *out[i])
			continue
		}
		if ctx.Err() != nil {
			break
		}
		r.PageErrors++
		it.LastError = errs[i].Error()
		w.log().Warn("page failed", "feed", f.URL, "url", it.URL, "attempt", it.Attempts, "err", errs[i])
		if it.Attempts < w.Config.MaxAttempts && it.URL != "" {
			it.State, it.NextTry = news.ItemPending, now.Add(w.backoff(time.Minute, it.Attempts))
			continue
		}
		// Out of attempts: the feed's own text stands in for the page.
		it.State = news.ItemDone
		r.Summaries++
		items = append(items, w.summaryItem(f, it))
	}
	return items
}

// page fetches and extracts the article of one feed item.
func (w *Watcher) page(ctx context.Context, f *news.Feed, it *news.FeedItem) (*ingest.Item, error) {
	if it.URL == "" {
		return nil, errors.New("watch: item has no link")
	}
	resp, err := w.Fetcher.FetchKind(ctx, it.URL, fetch.Page, fetch.Conditional{})
	if err != nil {
		return nil, err
	}
	p, err := w.Extractor.ExtractHTML(ctx, resp.Body, resp.URL, resp.ContentType)
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", resp.URL, err)
	}
	item := w.summaryItem(f, it)
	item.Text = p.Text
	item.Title = cmp.Or(p.Title, it.Title)
	item.URL = cmp.Or(p.CanonicalURL, resp.URL, it.URL)
	// The feed's title names the outlet; a page's site name may be a
	// bare host name when the page has no metadata.
	item.Source = cmp.Or(f.Title, p.SiteName, item.Source)
	item.Language = p.Language
	if item.Date == "" && !p.Published.IsZero() {
		item.Date = p.Published.Format(time.RFC3339)
	}
	return &item, nil
}

// summaryItem is a feed item as the feed itself tells it.
func (w *Watcher) summaryItem(f *news.Feed, it *news.FeedItem) ingest.Item {
	item := ingest.Item{
		Origin: f.URL + " item " + it.GUID,
		Format: ingest.FormatHTML,
		Title:  it.Title,
		Text:   it.Summary,
		URL:    it.URL,
		Source: cmp.Or(f.Title, host(f.URL)),
	}
	if !it.Published.IsZero() {
		item.Date = it.Published.Format(time.RFC3339)
	}
	return item
}

func host(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Hostname()
}

func (w *Watcher) interval(f *news.Feed) time.Duration {
	if f.Interval > 0 {
		return f.Interval
	}
	return w.Config.Interval
}

// backoff is base doubled per failure, capped at MaxBackoff, with jitter.
func (w *Watcher) backoff(base time.Duration, failures int) time.Duration {
	d := base
	for range min(failures, 20) {
		d *= 2
		if w.Config.MaxBackoff > 0 && d >= w.Config.MaxBackoff {
			d = w.Config.MaxBackoff
			break
		}
	}
	return w.jitter(d)
}

// jitter spreads d by up to Config.Jitter either way.
func (w *Watcher) jitter(d time.Duration) time.Duration {
	if w.Config.Jitter <= 0 || w.Rand == nil {
		return d
	}
	f := 1 + w.Config.Jitter*(2*w.Rand.Float64()-1)
	return time.Duration(float64(d) * f)
}
