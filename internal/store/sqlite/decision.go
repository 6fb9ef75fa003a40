package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/unixms"
)

// liveStory fails unless id names a story that has not been merged.
func liveStory(ctx context.Context, tx *sql.Tx, id int64) error {
	var merged sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT merged_into FROM stories WHERE id = ?`, id).Scan(&merged)
	if err != nil {
		return notFound("story", id, err)
	}
	if merged.Valid {
		return news.Errorf(news.EINVALID, "story %d was merged into story %d", id, merged.Int64)
	}
	return nil
}

// MergeStories implements news.StoryStore.
func (s *Store) MergeStories(ctx context.Context, survivor, merged int64) error {
	if survivor == merged {
		return news.Errorf(news.EINVALID, "cannot merge story %d into itself", survivor)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: merge: %w", err)
	}
	defer tx.Rollback()
	for _, id := range []int64{survivor, merged} {
		if err := liveStory(ctx, tx, id); err != nil {
			return fmt.Errorf("sqlite: merge %d into %d: %w", merged, survivor, err)
		}
	}
	now := unixms.From(s.Now())
	pos, err := clustered(ctx, tx)
	if err != nil {
		return fmt.Errorf("sqlite: merge %d into %d: %w", merged, survivor, err)
	}
	if err := mergeTx(ctx, tx, news.Merge{Survivor: survivor, Merged: merged, Position: pos}, "merge", now); err != nil {
		return fmt.Errorf("sqlite: merge %d into %d: %w", merged, survivor, err)
	}
	return tx.Commit()
}

// clustered counts the articles assigned to stories: the position of a
// user's decision.
func clustered(ctx context.Context, tx *sql.Tx) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE story_id IS NOT NULL`).Scan(&n)
	return n, err
}

// recordDecision stores a decision of kind in the transaction.
func recordDecision(ctx context.Context, tx *sql.Tx, d news.Decision, now int64) error {
	ids := []byte("[]")
	if len(d.ArticleIDs) > 0 {
		ids, _ = json.Marshal(d.ArticleIDs)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO story_decisions (kind, story_id, other_id, article_ids, created_at, position) VALUES (?, ?, ?, ?, ?, ?)`,
		d.Kind, d.StoryID, d.OtherID, string(ids), now, d.Position)
	return err
}

// mergeTx moves every article of story m.Merged into m.Survivor, marks
// m.Merged (and stories merged into it before) as merged into the
// survivor, and records the decision as kind.
func mergeTx(ctx context.Context, tx *sql.Tx, m news.Merge, kind string, now int64) error {
	survivor, merged := m.Survivor, m.Merged
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE articles SET story_id = ? WHERE story_id = ?`, []any{survivor, merged}},
		{`UPDATE stories SET merged_into = ?, updated_at = ? WHERE id = ? OR merged_into = ?`, []any{survivor, now, merged, merged}},
		{`UPDATE stories SET updated_at = ? WHERE id = ?`, []any{now, survivor}},
	} {
		if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
			return err
		}
	}
	if err := recordDecision(ctx, tx, news.Decision{Kind: kind, StoryID: survivor, OtherID: merged, Position: m.Position}, now); err != nil {
		return err
	}
	return refreshStories(ctx, tx, map[int64]bool{survivor: true, merged: true})
}

// SplitStory implements news.StoryStore.
func (s *Store) SplitStory(ctx context.Context, story, newID int64, articleIDs []int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: split: %w", err)
	}
	defer tx.Rollback()
	pos, err := clustered(ctx, tx)
	if err != nil {
		return fmt.Errorf("sqlite: split %d: %w", story, err)
	}
	if err := splitTx(ctx, tx, news.Split{Story: story, New: newID, Articles: articleIDs, Position: pos}, "split", unixms.From(s.Now())); err != nil {
		return fmt.Errorf("sqlite: split %d: %w", story, err)
	}
	return tx.Commit()
}

// splitTx moves sp.Articles out of sp.Story into the new story sp.New and
// records the decision as kind.
func splitTx(ctx context.Context, tx *sql.Tx, sp news.Split, kind string, now int64) error {
	story, newID, articleIDs := sp.Story, sp.New, sp.Articles
	if len(articleIDs) == 0 {
		return news.Errorf(news.EINVALID, "split of story %d names no articles", story)
	}
	if err := liveStory(ctx, tx, story); err != nil {
		return err
	}
	var members int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE story_id = ?`, story).Scan(&members); err != nil {
		return err
	}
	hasNew := false
	for _, id := range articleIDs {
		var in int64
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(story_id, 0) FROM articles WHERE id = ?`, id).Scan(&in)
		if err != nil {
			return notFound("article", id, err)
		}
		if in != story {
			return news.Errorf(news.EINVALID, "article %d is not in story %d", id, story)
		}
		hasNew = hasNew || id == newID
	}
	if !hasNew || newID == story {
		return news.Errorf(news.EINVALID, "new story ID %d must be a moved article's ID other than %d", newID, story)
	}
	if len(articleIDs) >= members {
		return news.Errorf(news.EINVALID, "split would move every article of story %d", story)
	}
	var headline string
	if err := tx.QueryRowContext(ctx, `SELECT title FROM articles WHERE id = ?`, newID).Scan(&headline); err != nil {
		return err
	}
	// The new story's row may exist from an earlier merge: revive it.
	if _, err := tx.ExecContext(ctx, `INSERT INTO stories (id, headline, created_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET merged_into = NULL, updated_at = excluded.updated_at`, newID, headline, now, now); err != nil {
		return err
	}
	// The new story stays in the old one's storyline until an ingest
	// places it.
	if _, err := tx.ExecContext(ctx, `UPDATE stories SET storyline_id = (SELECT storyline_id FROM stories WHERE id = ?) WHERE id = ?`, story, newID); err != nil {
		return err
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(articleIDs)), ", ")
	args := []any{newID}
	for _, id := range articleIDs {
		args = append(args, id)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET story_id = ? WHERE id IN (`+ph+`)`, args...); err != nil {
		return err
	}
	if err := refreshStories(ctx, tx, map[int64]bool{story: true, newID: true}); err != nil {
		return err
	}
	if err := recordDecision(ctx, tx, news.Decision{Kind: kind, StoryID: story, OtherID: newID, ArticleIDs: articleIDs, Position: sp.Position}, now); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE stories SET updated_at = ? WHERE id = ?`, now, story)
	return err
}

// FindDecisions implements news.StoryStore.
func (s *Store) FindDecisions(ctx context.Context) ([]news.Decision, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, story_id, other_id, article_ids, position FROM story_decisions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find decisions: %w", err)
	}
	defer rows.Close()
	var out []news.Decision
	for rows.Next() {
		var d news.Decision
		var ids string
		if err := rows.Scan(&d.Kind, &d.StoryID, &d.OtherID, &ids, &d.Position); err != nil {
			return nil, fmt.Errorf("sqlite: scan decision: %w", err)
		}
		if err := json.Unmarshal([]byte(ids), &d.ArticleIDs); err != nil {
			return nil, fmt.Errorf("sqlite: decode decision: %w", err)
		}
		if len(d.ArticleIDs) == 0 {
			d.ArticleIDs = nil
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
