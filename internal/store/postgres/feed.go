package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/unixms"
)

var _ news.FeedStore = (*Store)(nil)

// AddFeed implements news.FeedStore.
func (s *Store) AddFeed(ctx context.Context, f *news.Feed) error {
	if f.CreatedAt.IsZero() {
		f.CreatedAt = s.Now().UTC()
	}
	err := s.pool.QueryRow(ctx, `INSERT INTO feeds (url, title, interval_ms, next_poll, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (url) DO NOTHING RETURNING id`, f.URL, f.Title, f.Interval.Milliseconds(), unixms.FromOrZero(f.NextPoll), unixms.From(f.CreatedAt)).Scan(&f.ID)
	if errors.Is(err, pgx.ErrNoRows) {
		return news.Errorf(news.ECONFLICT, "feed %s is already subscribed", f.URL)
	}
	if err != nil {
		return fmt.Errorf("postgres: add feed %s: %w", f.URL, err)
	}
	return nil
}

// FindFeeds implements news.FeedStore.
func (s *Store) FindFeeds(ctx context.Context) ([]*news.Feed, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, url, title, interval_ms, etag, last_modified, next_poll, last_polled,
		failures, last_error, created_at FROM feeds ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: find feeds: %w", err)
	}
	defer rows.Close()
	var out []*news.Feed
	for rows.Next() {
		var f news.Feed
		var interval, next, polled, created int64
		if err := rows.Scan(&f.ID, &f.URL, &f.Title, &interval, &f.ETag, &f.LastModified, &next, &polled,
			&f.Failures, &f.LastError, &created); err != nil {
			return nil, fmt.Errorf("postgres: find feeds: %w", err)
		}
		f.Interval = time.Duration(interval) * time.Millisecond
		f.NextPoll, f.LastPolled, f.CreatedAt = unixms.TimeOrZero(next), unixms.TimeOrZero(polled), unixms.Time(created)
		out = append(out, &f)
	}
	return out, rows.Err()
}

// RemoveFeed implements news.FeedStore.
func (s *Store) RemoveFeed(ctx context.Context, idOrURL string) error {
	id, _ := strconv.ParseInt(idOrURL, 10, 64)
	tag, err := s.pool.Exec(ctx, `DELETE FROM feeds WHERE id = (SELECT id FROM feeds WHERE url = $1 UNION ALL SELECT id FROM feeds WHERE id = $2 LIMIT 1)`, idOrURL, id)
	if err != nil {
		return fmt.Errorf("postgres: remove feed: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return news.Errorf(news.ENOTFOUND, "no feed %q", idOrURL)
	}
	return nil
}

// UpdateFeed implements news.FeedStore.
func (s *Store) UpdateFeed(ctx context.Context, f *news.Feed) error {
	tag, err := s.pool.Exec(ctx, `UPDATE feeds SET title = $1, interval_ms = $2, etag = $3, last_modified = $4, next_poll = $5,
		last_polled = $6, failures = $7, last_error = $8 WHERE id = $9`,
		f.Title, f.Interval.Milliseconds(), f.ETag, f.LastModified, unixms.FromOrZero(f.NextPoll), unixms.FromOrZero(f.LastPolled),
		f.Failures, f.LastError, f.ID)
	if err != nil {
		return fmt.Errorf("postgres: update feed %d: %w", f.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return news.Errorf(news.ENOTFOUND, "feed %d not found", f.ID)
	}
	return nil
}

// FindFeedItems implements news.FeedStore.
func (s *Store) FindFeedItems(ctx context.Context, feedID int64, guids []string) ([]*news.FeedItem, error) {
	q := `SELECT feed_id, guid, url, title, summary, published, state, attempts, next_try, last_error FROM feed_items WHERE feed_id = $1`
	args := []any{feedID}
	if guids != nil {
		if len(guids) == 0 {
			return nil, nil
		}
		q += ` AND guid = ANY($2)`
		args = append(args, guids)
	}
	rows, err := s.pool.Query(ctx, q+` ORDER BY seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: find feed items: %w", err)
	}
	defer rows.Close()
	var out []*news.FeedItem
	for rows.Next() {
		var it news.FeedItem
		var pub, next int64
		if err := rows.Scan(&it.FeedID, &it.GUID, &it.URL, &it.Title, &it.Summary, &pub, &it.State, &it.Attempts, &next, &it.LastError); err != nil {
			return nil, fmt.Errorf("postgres: find feed items: %w", err)
		}
		it.Published, it.NextTry = unixms.TimeOrZero(pub), unixms.TimeOrZero(next)
		out = append(out, &it)
	}
	return out, rows.Err()
}

// SaveFeedItems implements news.FeedStore.
func (s *Store) SaveFeedItems(ctx context.Context, items []*news.FeedItem) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, it := range items {
			b.Queue(`INSERT INTO feed_items (feed_id, guid, url, title, summary, published, state, attempts, next_try, last_error)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
				ON CONFLICT (feed_id, guid) DO UPDATE SET url = excluded.url, title = excluded.title, summary = excluded.summary,
					published = excluded.published, state = excluded.state, attempts = excluded.attempts,
					next_try = excluded.next_try, last_error = excluded.last_error`,
				it.FeedID, it.GUID, it.URL, it.Title, it.Summary, unixms.FromOrZero(it.Published), it.State, it.Attempts,
				unixms.FromOrZero(it.NextTry), it.LastError)
		}
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return fmt.Errorf("postgres: save feed items: %w", err)
		}
		return nil
	})
}
