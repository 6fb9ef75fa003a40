package news

import (
	"context"
	"time"
)

// Feed is a subscribed RSS, Atom, RDF or JSON feed and its polling state.
type Feed struct {
	ID    int64  `json:"id"`
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
	// Interval is the time between polls; 0 means the watcher's default.
	Interval time.Duration `json:"interval,omitempty"`
	// ETag and LastModified are the validators of the last fetch, sent
	// back so an unchanged feed answers 304 Not Modified.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
	// NextPoll is when the feed is due; the zero time means now.
	NextPoll   time.Time `json:"next_poll,omitzero"`
	LastPolled time.Time `json:"last_polled,omitzero"`
	// Failures counts consecutive failed polls; LastError is the latest.
	Failures  int       `json:"failures,omitempty"`
	LastError string    `json:"last_error,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// FeedItem states of a feed entry.
const (
	ItemDone    = "done"    // its page (or, at last, its summary) is ingested
	ItemPending = "pending" // its page failed; retried later
)

// FeedItem is one entry a feed has listed, remembered so that it is fetched
// once, and retried while its page fails.
type FeedItem struct {
	FeedID    int64     `json:"feed_id"`
	GUID      string    `json:"guid"`
	URL       string    `json:"url"`
	Title     string    `json:"title,omitempty"`
	Summary   string    `json:"summary,omitempty"`
	Published time.Time `json:"published,omitzero"`
	State     string    `json:"state"`
	Attempts  int       `json:"attempts"`
	NextTry   time.Time `json:"next_try,omitzero"`
	LastError string    `json:"last_error,omitempty"`
}

// FeedStore stores feed subscriptions and what was read from them. A store
// that keeps feeds implements it besides Store.
type FeedStore interface {
	// AddFeed subscribes to a feed and sets its ID. Returns ECONFLICT
	// when the URL is already subscribed.
	AddFeed(ctx context.Context, f *Feed) error
	// FindFeeds returns every feed, oldest subscription first.
	FindFeeds(ctx context.Context) ([]*Feed, error)
	// RemoveFeed unsubscribes the feed with this ID or URL and forgets
	// its items. Returns ENOTFOUND when there is none.
	RemoveFeed(ctx context.Context, idOrURL string) error
	// UpdateFeed stores a feed's polling state (all fields but ID, URL
	// and CreatedAt).
	UpdateFeed(ctx context.Context, f *Feed) error
	// FindFeedItems returns the remembered items of a feed with the given
	// GUIDs (all of them when guids is nil).
	FindFeedItems(ctx context.Context, feedID int64, guids []string) ([]*FeedItem, error)
	// SaveFeedItems inserts or updates items, keyed by feed and GUID.
	SaveFeedItems(ctx context.Context, items []*FeedItem) error
}
