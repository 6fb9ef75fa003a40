package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/unixms"
)

var _ news.FeedStore = (*Store)(nil)

// AddFeed implements news.FeedStore.
func (s *Store) AddFeed(ctx context.Context, f *news.Feed) error {
	if f.CreatedAt.IsZero() {
		f.CreatedAt = s.Now().UTC()
	}
	r, err := s.db.ExecContext(ctx, `INSERT INTO feeds (url, title, interval_ms, next_poll, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (url) DO NOTHING`, f.URL, f.Title, f.Interval.Milliseconds(), unixms.FromOrZero(f.NextPoll), unixms.From(f.CreatedAt))
	if err != nil {
		return fmt.Errorf("sqlite: add feed %s: %w", f.URL, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return news.Errorf(news.ECONFLICT, "feed %s is already subscribed", f.URL)
	}
	f.ID, err = r.LastInsertId()
	return err
}

// FindFeeds implements news.FeedStore.
func (s *Store) FindFeeds(ctx context.Context) ([]*news.Feed, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, url, title, interval_ms, etag, last_modified, next_poll, last_polled,
		failures, last_error, created_at FROM feeds ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find feeds: %w", err)
	}
	defer rows.Close()
	var out []*news.Feed
	for rows.Next() {
		var f news.Feed
		var interval, next, polled, created int64
		if err := rows.Scan(&f.ID, &f.URL, &f.Title, &interval, &f.ETag, &f.LastModified, &next, &polled,
			&f.Failures, &f.LastError, &created); err != nil {
			return nil, fmt.Errorf("sqlite: find feeds: %w", err)
		}
		f.Interval = time.Duration(interval) * time.Millisecond
		f.NextPoll, f.LastPolled, f.CreatedAt = unixms.TimeOrZero(next), unixms.TimeOrZero(polled), unixms.Time(created)
		out = append(out, &f)
	}
	return out, rows.Err()
}

// RemoveFeed implements news.FeedStore.
func (s *Store) RemoveFeed(ctx context.Context, idOrURL string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: remove feed: %w", err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM feeds WHERE url = ?`, idOrURL).Scan(&id)
	if err == sql.ErrNoRows {
		if n, perr := strconv.ParseInt(idOrURL, 10, 64); perr == nil {
			err = tx.QueryRowContext(ctx, `SELECT id FROM feeds WHERE id = ?`, n).Scan(&id)
		}
	}
	if err == sql.ErrNoRows {
		return news.Errorf(news.ENOTFOUND, "no feed %q", idOrURL)
	} else if err != nil {
		return fmt.Errorf("sqlite: remove feed: %w", err)
	}
	for _, q := range []string{`DELETE FROM feed_items WHERE feed_id = ?`, `DELETE FROM feeds WHERE id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("sqlite: remove feed: %w", err)
		}
	}
	return tx.Commit()
}

// UpdateFeed implements news.FeedStore.
func (s *Store) UpdateFeed(ctx context.Context, f *news.Feed) error {
	r, err := s.db.ExecContext(ctx, `UPDATE feeds SET title = ?, interval_ms = ?, etag = ?, last_modified = ?, next_poll = ?,
		last_polled = ?, failures = ?, last_error = ? WHERE id = ?`,
		f.Title, f.Interval.Milliseconds(), f.ETag, f.LastModified, unixms.FromOrZero(f.NextPoll), unixms.FromOrZero(f.LastPolled),
		f.Failures, f.LastError, f.ID)
	if err != nil {
		return fmt.Errorf("sqlite: update feed %d: %w", f.ID, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return news.Errorf(news.ENOTFOUND, "feed %d not found", f.ID)
	}
	return nil
}

// FindFeedItems implements news.FeedStore.
func (s *Store) FindFeedItems(ctx context.Context, feedID int64, guids []string) ([]*news.FeedItem, error) {
	q := `SELECT feed_id, guid, url, title, summary, published, state, attempts, next_try, last_error FROM feed_items WHERE feed_id = ?`
	args := []any{feedID}
	if guids != nil {
		if len(guids) == 0 {
			return nil, nil
		}
		q += ` AND guid IN (?` + strings.Repeat(`, ?`, len(guids)-1) + `)`
		for _, g := range guids {
			args = append(args, g)
		}
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY rowid`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find feed items: %w", err)
	}
	defer rows.Close()
	var out []*news.FeedItem
	for rows.Next() {
		var it news.FeedItem
		var pub, next int64
		if err := rows.Scan(&it.FeedID, &it.GUID, &it.URL, &it.Title, &it.Summary, &pub, &it.State, &it.Attempts, &next, &it.LastError); err != nil {
			return nil, fmt.Errorf("sqlite: find feed items: %w", err)
		}
		it.Published, it.NextTry = unixms.TimeOrZero(pub), unixms.TimeOrZero(next)
		out = append(out, &it)
	}
	return out, rows.Err()
}

// SaveFeedItems implements news.FeedStore.
func (s *Store) SaveFeedItems(ctx context.Context, items []*news.FeedItem) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: save feed items: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO feed_items (feed_id, guid, url, title, summary, published, state, attempts, next_try, last_error)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (feed_id, guid) DO UPDATE SET url = excluded.url, title = excluded.title, summary = excluded.summary,
			published = excluded.published, state = excluded.state, attempts = excluded.attempts,
			next_try = excluded.next_try, last_error = excluded.last_error`)
	if err != nil {
		return fmt.Errorf("sqlite: save feed items: %w", err)
	}
	defer stmt.Close()
	for _, it := range items {
		if _, err := stmt.ExecContext(ctx, it.FeedID, it.GUID, it.URL, it.Title, it.Summary, unixms.FromOrZero(it.Published),
			it.State, it.Attempts, unixms.FromOrZero(it.NextTry), it.LastError); err != nil {
			return fmt.Errorf("sqlite: save feed item %s: %w", it.GUID, err)
		}
	}
	return tx.Commit()
}
