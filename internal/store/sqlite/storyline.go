package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/unixms"
)

// setStorylines stores the storylines of stories in the batch's
// transaction.
func setStorylines(ctx context.Context, tx *sql.Tx, as []news.StorylineAssignment) error {
	if len(as) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE stories SET storyline_id = ?, storyline_explanation = ? WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("sqlite: prepare storylines: %w", err)
	}
	defer stmt.Close()
	for _, a := range as {
		var ex sql.NullString
		if len(a.Explanation) > 0 {
			ex = sql.NullString{String: string(a.Explanation), Valid: true}
		}
		if _, err := stmt.ExecContext(ctx, a.StorylineID, ex, a.StoryID); err != nil {
			return fmt.Errorf("sqlite: set storyline of story %d: %w", a.StoryID, err)
		}
	}
	return nil
}

// liveStories is the condition for stories that count.
const liveStories = `s.merged_into IS NULL AND s.article_count > 0 AND s.storyline_id IS NOT NULL`

// FindStorylines implements news.StoryStore.
func (s *Store) FindStorylines(ctx context.Context, filter news.StorylineFilter) ([]*news.Storyline, int, error) {
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT s.storyline_id) FROM stories s WHERE `+liveStories).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("sqlite: count storylines: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.storyline_id, COUNT(*), SUM(s.article_count), MIN(s.first_time), MAX(s.last_time)
		FROM stories s WHERE `+liveStories+`
		GROUP BY s.storyline_id ORDER BY MAX(s.last_time) DESC, s.storyline_id DESC`+limitClause(filter.Limit, filter.Offset))
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: find storylines: %w", err)
	}
	defer rows.Close()
	var out []*news.Storyline
	for rows.Next() {
		var l news.Storyline
		var lo, hi int64
		if err := rows.Scan(&l.ID, &l.Stories, &l.Articles, &lo, &hi); err != nil {
			return nil, 0, fmt.Errorf("sqlite: scan storyline: %w", err)
		}
		l.FirstSeen, l.LastSeen = unixms.Time(lo), unixms.Time(hi)
		out = append(out, &l)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("sqlite: find storylines: %w", err)
	}
	rows.Close()
	if err := s.storylineHeadlines(ctx, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// storylineHeadlines sets each storyline's headline: its biggest story's
// (the oldest among equals).
func (s *Store) storylineHeadlines(ctx context.Context, lines []*news.Storyline) error {
	if len(lines) == 0 {
		return nil
	}
	byID := make(map[int64]*news.Storyline, len(lines))
	args := make([]any, 0, len(lines))
	for _, l := range lines {
		byID[l.ID] = l
		args = append(args, l.ID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.storyline_id, s.headline FROM stories s
		WHERE `+liveStories+` AND s.storyline_id IN (?`+strings.Repeat(", ?", len(args)-1)+`)
		ORDER BY s.storyline_id, s.article_count DESC, s.id`, args...)
	if err != nil {
		return fmt.Errorf("sqlite: storyline headlines: %w", err)
	}
	defer rows.Close()
	seen := map[int64]bool{}
	for rows.Next() {
		var id int64
		var h string
		if err := rows.Scan(&id, &h); err != nil {
			return fmt.Errorf("sqlite: storyline headlines: %w", err)
		}
		if !seen[id] {
			seen[id] = true
			if l := byID[id]; l != nil {
				l.Headline = h
			}
		}
	}
	return rows.Err()
}

// FindStorylineByID implements news.StoryStore.
func (s *Store) FindStorylineByID(ctx context.Context, id int64) (*news.Storyline, error) {
	rows, err := s.db.QueryContext(ctx, storySelect+` WHERE `+liveStories+` AND s.storyline_id = ?
		ORDER BY s.first_time, s.id`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find storyline %d: %w", id, err)
	}
	defer rows.Close()
	l := &news.Storyline{ID: id}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: scan story: %w", err)
		}
		l.Members = append(l.Members, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: find storyline %d: %w", id, err)
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
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.storyline_id FROM stories s WHERE `+liveStories)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find storyline ids: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, line int64
		if err := rows.Scan(&id, &line); err != nil {
			return nil, fmt.Errorf("sqlite: find storyline ids: %w", err)
		}
		out[id] = line
	}
	return out, rows.Err()
}

// FindStorylineExplanation implements news.StoryStore.
func (s *Store) FindStorylineExplanation(ctx context.Context, storyID int64) ([]byte, error) {
	var ex sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT storyline_explanation FROM stories WHERE id = ?`, storyID).Scan(&ex)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "story %d not found", storyID)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: storyline explanation of %d: %w", storyID, err)
	}
	if !ex.Valid {
		return nil, nil
	}
	return []byte(ex.String), nil
}

// MergeStorylines implements news.StoryStore.
func (s *Store) MergeStorylines(ctx context.Context, survivor, merged int64) error {
	if survivor == merged {
		return news.Errorf(news.EINVALID, "cannot merge storyline %d into itself", survivor)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: merge storylines: %w", err)
	}
	defer tx.Rollback()
	for _, id := range []int64{survivor, merged} {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories s WHERE `+liveStories+` AND s.storyline_id = ?`, id).Scan(&n); err != nil {
			return fmt.Errorf("sqlite: merge storylines: %w", err)
		}
		if n == 0 {
			return news.Errorf(news.ENOTFOUND, "storyline %d not found", id)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM stories WHERE storyline_id = ?`, merged)
	if err != nil {
		return fmt.Errorf("sqlite: merge storylines: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("sqlite: merge storylines: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	reason := fmt.Sprintf("moved by a user: storyline %d merged into %d", merged, survivor)
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET storyline_id = ?, storyline_explanation = ? WHERE id = ?`,
			survivor, string(news.StorylineUserExplanation(id, survivor, reason)), id); err != nil {
			return fmt.Errorf("sqlite: merge storylines: %w", err)
		}
	}
	return tx.Commit()
}

// SplitStoryline implements news.StoryStore.
func (s *Store) SplitStoryline(ctx context.Context, storyline int64, storyIDs []int64) (int64, error) {
	newID, err := news.SplitStorylineID(storyline, storyIDs)
	if err != nil {
		return 0, err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("sqlite: split storyline: %w", err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories s WHERE `+liveStories+` AND s.storyline_id = ?`, storyline).Scan(&total); err != nil {
		return 0, fmt.Errorf("sqlite: split storyline: %w", err)
	}
	if total == 0 {
		return 0, news.Errorf(news.ENOTFOUND, "storyline %d not found", storyline)
	}
	for _, id := range storyIDs {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories s WHERE `+liveStories+` AND s.storyline_id = ? AND s.id = ?`, storyline, id).Scan(&n); err != nil {
			return 0, fmt.Errorf("sqlite: split storyline: %w", err)
		}
		if n == 0 {
			return 0, news.Errorf(news.EINVALID, "story %d is not in storyline %d", id, storyline)
		}
	}
	if len(storyIDs) >= total {
		return 0, news.Errorf(news.EINVALID, "a split must leave a story in storyline %d", storyline)
	}
	reason := fmt.Sprintf("moved by a user: split out of storyline %d", storyline)
	for _, id := range storyIDs {
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET storyline_id = ?, storyline_explanation = ? WHERE id = ?`,
			newID, string(news.StorylineUserExplanation(id, newID, reason)), id); err != nil {
			return 0, fmt.Errorf("sqlite: split storyline: %w", err)
		}
	}
	return newID, tx.Commit()
}
