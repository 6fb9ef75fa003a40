package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/unixms"
)

// setStorylines stores the storylines of stories in the batch's
// transaction, in one round trip.
func setStorylines(ctx context.Context, tx pgx.Tx, as []news.StorylineAssignment) error {
	if len(as) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	for _, a := range as {
		var ex *string
		if len(a.Explanation) > 0 {
			s := string(a.Explanation)
			ex = &s
		}
		b.Queue(`UPDATE stories SET storyline_id = $1, storyline_explanation = $2 WHERE id = $3`, a.StorylineID, ex, a.StoryID)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("set storylines: %w", err)
	}
	return nil
}

// liveStories is the condition for stories that count.
const liveStories = `s.merged_into IS NULL AND s.article_count > 0 AND s.storyline_id IS NOT NULL`

// FindStorylines implements news.StoryStore.
func (s *Store) FindStorylines(ctx context.Context, filter news.StorylineFilter) ([]*news.Storyline, int, error) {
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(DISTINCT s.storyline_id) FROM stories s WHERE `+liveStories).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("postgres: count storylines: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT s.storyline_id, COUNT(*), SUM(s.article_count), MIN(s.first_time), MAX(s.last_time)
		FROM stories s WHERE `+liveStories+`
		GROUP BY s.storyline_id ORDER BY MAX(s.last_time) DESC, s.storyline_id DESC`+limitClause(filter.Limit, filter.Offset))
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: find storylines: %w", err)
	}
	defer rows.Close()
	var out []*news.Storyline
	ids := []int64{}
	byID := map[int64]*news.Storyline{}
	for rows.Next() {
		var l news.Storyline
		var lo, hi int64
		if err := rows.Scan(&l.ID, &l.Stories, &l.Articles, &lo, &hi); err != nil {
			return nil, 0, fmt.Errorf("postgres: scan storyline: %w", err)
		}
		l.FirstSeen, l.LastSeen = unixms.Time(lo), unixms.Time(hi)
		out = append(out, &l)
		ids = append(ids, l.ID)
		byID[l.ID] = &l
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("postgres: find storylines: %w", err)
	}
	rows.Close()
	if len(ids) == 0 {
		return out, total, nil
	}
	// Each storyline's headline is its biggest story's (the oldest among
	// equals).
	hr, err := s.pool.Query(ctx, `SELECT DISTINCT ON (s.storyline_id) s.storyline_id, s.headline FROM stories s
		WHERE `+liveStories+` AND s.storyline_id = ANY($1)
		ORDER BY s.storyline_id, s.article_count DESC, s.id`, ids)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: storyline headlines: %w", err)
	}
	defer hr.Close()
	for hr.Next() {
		var id int64
		var h string
		if err := hr.Scan(&id, &h); err != nil {
			return nil, 0, fmt.Errorf("postgres: storyline headlines: %w", err)
		}
		if l := byID[id]; l != nil {
			l.Headline = h
		}
	}
	if err := hr.Err(); err != nil {
		return nil, 0, fmt.Errorf("postgres: storyline headlines: %w", err)
	}
	return out, total, nil
}

// FindStorylineByID implements news.StoryStore.
func (s *Store) FindStorylineByID(ctx context.Context, id int64) (*news.Storyline, error) {
	rows, err := s.pool.Query(ctx, storySelect+` WHERE `+liveStories+` AND s.storyline_id = $1
		ORDER BY s.first_time, s.id`, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: find storyline %d: %w", id, err)
	}
	defer rows.Close()
	l := &news.Storyline{ID: id}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: scan story: %w", err)
		}
		l.Members = append(l.Members, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: find storyline %d: %w", id, err)
	}
	rows.Close()
	if len(l.Members) == 0 {
		return nil, news.Errorf(news.ENOTFOUND, "storyline %d not found", id)
	}
	if err := s.addSources(ctx, l.Members); err != nil {
		return nil, err
	}
	l.SetFromMembers()
	return l, nil
}

// FindStorylineIDs implements news.StoryStore.
func (s *Store) FindStorylineIDs(ctx context.Context) (map[int64]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT s.id, s.storyline_id FROM stories s WHERE `+liveStories)
	if err != nil {
		return nil, fmt.Errorf("postgres: find storyline ids: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, line int64
		if err := rows.Scan(&id, &line); err != nil {
			return nil, fmt.Errorf("postgres: find storyline ids: %w", err)
		}
		out[id] = line
	}
	return out, rows.Err()
}

// FindStorylineExplanation implements news.StoryStore.
func (s *Store) FindStorylineExplanation(ctx context.Context, storyID int64) ([]byte, error) {
	var ex *string
	err := s.pool.QueryRow(ctx, `SELECT storyline_explanation FROM stories WHERE id = $1`, storyID).Scan(&ex)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "story %d not found", storyID)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: storyline explanation of %d: %w", storyID, err)
	}
	if ex == nil {
		return nil, nil
	}
	return []byte(*ex), nil
}

// MergeStorylines implements news.StoryStore.
func (s *Store) MergeStorylines(ctx context.Context, survivor, merged int64) error {
	if survivor == merged {
		return news.Errorf(news.EINVALID, "cannot merge storyline %d into itself", survivor)
	}
	reason := fmt.Sprintf("moved by a user: storyline %d merged into %d", merged, survivor)
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, id := range []int64{survivor, merged} {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM stories s WHERE `+liveStories+` AND s.storyline_id = $1`, id).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return news.Errorf(news.ENOTFOUND, "storyline %d not found", id)
			}
		}
		rows, err := tx.Query(ctx, `SELECT id FROM stories WHERE storyline_id = $1`, merged)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		b := &pgx.Batch{}
		for _, id := range ids {
			b.Queue(`UPDATE stories SET storyline_id = $1, storyline_explanation = $2 WHERE id = $3`,
				survivor, string(news.StorylineUserExplanation(id, survivor, reason)), id)
		}
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		if news.ErrorCode(err) != news.EINTERNAL {
			return err
		}
		return fmt.Errorf("postgres: merge storylines: %w", err)
	}
	return nil
}

// SplitStoryline implements news.StoryStore.
func (s *Store) SplitStoryline(ctx context.Context, storyline int64, storyIDs []int64) (int64, error) {
	newID, err := news.SplitStorylineID(storyline, storyIDs)
	if err != nil {
		return 0, err
	}
	reason := fmt.Sprintf("moved by a user: split out of storyline %d", storyline)
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var total, in int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE s.id = ANY($2)) FROM stories s
			WHERE `+liveStories+` AND s.storyline_id = $1`, storyline, storyIDs).Scan(&total, &in); err != nil {
			return err
		}
		if total == 0 {
			return news.Errorf(news.ENOTFOUND, "storyline %d not found", storyline)
		}
		if in != len(storyIDs) {
			return news.Errorf(news.EINVALID, "a story given is not in storyline %d", storyline)
		}
		if in >= total {
			return news.Errorf(news.EINVALID, "a split must leave a story in storyline %d", storyline)
		}
		b := &pgx.Batch{}
		for _, id := range storyIDs {
			b.Queue(`UPDATE stories SET storyline_id = $1, storyline_explanation = $2 WHERE id = $3`,
				newID, string(news.StorylineUserExplanation(id, newID, reason)), id)
		}
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		if news.ErrorCode(err) != news.EINTERNAL {
			return 0, err
		}
		return 0, fmt.Errorf("postgres: split storyline: %w", err)
	}
	return newID, nil
}
