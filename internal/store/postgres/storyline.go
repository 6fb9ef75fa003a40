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
