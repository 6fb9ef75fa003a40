package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/unixms"
)

const storySelect = `
	SELECT s.id, s.headline, COALESCE(s.merged_into, 0), s.created_at, s.updated_at,
		s.article_count, s.first_time, s.last_time, s.dated, COALESCE(s.storyline_id, 0)
	FROM stories s`

func scanStory(sc interface{ Scan(...any) error }) (*news.Story, error) {
	var (
		st                       news.Story
		created, updated, lo, hi int64
		dated                    bool
	)
	if err := sc.Scan(&st.ID, &st.Headline, &st.MergedInto, &created, &updated, &st.Articles, &lo, &hi, &dated, &st.StorylineID); err != nil {
		return nil, err
	}
	st.Undated = !dated
	st.CreatedAt, st.UpdatedAt = unixms.Time(created), unixms.Time(updated)
	if st.Articles > 0 {
		st.FirstSeen, st.LastSeen = unixms.Time(lo), unixms.Time(hi)
	}
	return &st, nil
}

// refreshStories recomputes the article count and time span of stories
// (read through the articles_story_id index, so the cost is their members').
// The span is the members' publish dates; only a story with none spans
// their ingest times.
func refreshStories(ctx context.Context, tx *sql.Tx, ids map[int64]bool) error {
	if len(ids) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE stories SET
		article_count = (SELECT COUNT(*) FROM articles WHERE story_id = ?1),
		first_time = COALESCE((SELECT MIN(published) FROM articles WHERE story_id = ?1),
			(SELECT MIN(time) FROM articles WHERE story_id = ?1), 0),
		last_time = COALESCE((SELECT MAX(published) FROM articles WHERE story_id = ?1),
			(SELECT MAX(time) FROM articles WHERE story_id = ?1), 0),
		dated = EXISTS (SELECT 1 FROM articles WHERE story_id = ?1 AND published IS NOT NULL)
		WHERE id = ?1`)
	if err != nil {
		return fmt.Errorf("refresh stories: %w", err)
	}
	defer stmt.Close()
	for id := range ids {
		if _, err := stmt.ExecContext(ctx, id); err != nil {
			return fmt.Errorf("refresh story %d: %w", id, err)
		}
	}
	return nil
}

// addSources fills the source counts and names of stories, most
// frequent outlet first, with one query over their articles.
func (s *Store) addSources(ctx context.Context, stories []*news.Story) error {
	if len(stories) == 0 {
		return nil
	}
	byID := make(map[int64]*news.Story, len(stories))
	args := make([]any, 0, len(stories))
	for _, st := range stories {
		byID[st.ID] = st
		args = append(args, st.ID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT story_id, source, COUNT(*) AS n FROM articles
		WHERE story_id IN (?`+strings.Repeat(", ?", len(args)-1)+`)
		GROUP BY story_id, source ORDER BY story_id, n DESC, source`, args...)
	if err != nil {
		return fmt.Errorf("sqlite: story sources: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var src string
		var n int
		if err := rows.Scan(&id, &src, &n); err != nil {
			return fmt.Errorf("sqlite: story sources: %w", err)
		}
		if st := byID[id]; st != nil {
			st.SourceNames = append(st.SourceNames, src)
			st.Sources++
		}
	}
	return rows.Err()
}

// FindStoryByID implements news.StoryStore.
func (s *Store) FindStoryByID(ctx context.Context, id int64) (*news.Story, error) {
	st, err := scanStory(s.db.QueryRowContext(ctx, storySelect+` WHERE s.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlite: find story %d: %w", id, notFound("story", id, err))
	}
	if err := s.addSources(ctx, []*news.Story{st}); err != nil {
		return nil, err
	}
	return st, nil
}

// FindStories implements news.StoryStore.
func (s *Store) FindStories(ctx context.Context, filter news.StoryFilter) ([]*news.Story, int, error) {
	where, args := []string{"s.article_count > 0"}, []any{}
	if !filter.IncludeMerged {
		where = append(where, "s.merged_into IS NULL")
	}
	if v := filter.Source; v != nil {
		where, args = append(where, "s.id IN (SELECT story_id FROM articles WHERE source = ?)"), append(args, *v)
	}
	if v := filter.AnySource; v != nil {
		if len(v) == 0 {
			where = append(where, "0")
		} else {
			where = append(where, "s.id IN (SELECT story_id FROM articles WHERE source IN (?"+strings.Repeat(", ?", len(v)-1)+"))")
			for _, src := range v {
				args = append(args, src)
			}
		}
	}
	if v := filter.Language; v != nil {
		where, args = append(where, "s.id IN (SELECT story_id FROM articles WHERE language = ?)"), append(args, *v)
	}
	if v := filter.Query; v != nil {
		terms := news.QueryTerms(*v)
		if len(terms) == 0 {
			return nil, 0, news.Errorf(news.EINVALID, "empty search query")
		}
		where = append(where, `s.id IN (SELECT a2.story_id FROM articles_fts JOIN articles a2 ON a2.id = articles_fts.rowid WHERE articles_fts MATCH ?)`)
		args = append(args, `"`+strings.Join(terms, `" "`)+`"`)
	}
	if v := filter.Since; v != nil {
		where, args = append(where, "s.last_time >= ?"), append(args, unixms.From(*v))
	}
	if v := filter.Until; v != nil {
		where, args = append(where, "s.first_time < ?"), append(args, unixms.From(*v))
	}
	count := `SELECT COUNT(*) FROM stories s WHERE ` + strings.Join(where, " AND ")
	if len(where) == 2 && !filter.IncludeMerged {
		// All live stories: their number is kept (migration 006).
		count = `SELECT live FROM story_stats WHERE id = 1`
	}
	var total int
	if err := s.db.QueryRowContext(ctx, count, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("sqlite: count stories: %w", err)
	}
	order := `s.dated DESC, s.last_time DESC, s.id DESC`
	if filter.Order == news.OrderArticles {
		order = `s.article_count DESC, ` + order
	}
	if v := filter.After; v != nil {
		// Every sort key descends, so "after" is a row-value comparison.
		dated := 1
		if v.Undated {
			dated = 0
		}
		if filter.Order == news.OrderArticles {
			where, args = append(where, "(s.article_count, s.dated, s.last_time, s.id) < (?, ?, ?, ?)"), append(args, v.Articles)
		} else {
			where = append(where, "(s.dated, s.last_time, s.id) < (?, ?, ?)")
		}
		args = append(args, dated, unixms.From(v.LastSeen), v.ID)
	}
	q := storySelect + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + order + limitClause(filter.Limit, filter.Offset)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: find stories: %w", err)
	}
	defer rows.Close()
	var out []*news.Story
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("sqlite: scan story: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("sqlite: find stories: %w", err)
	}
	rows.Close()
	if err := s.addSources(ctx, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// FindSources implements news.StoryStore.
func (s *Store) FindSources(ctx context.Context) ([]*news.Source, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT source, COUNT(*) FROM articles GROUP BY source ORDER BY COUNT(*) DESC, source`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find sources: %w", err)
	}
	defer rows.Close()
	var out []*news.Source
	for rows.Next() {
		var src news.Source
		if err := rows.Scan(&src.Name, &src.Articles); err != nil {
			return nil, fmt.Errorf("sqlite: scan source: %w", err)
		}
		out = append(out, &src)
	}
	return out, rows.Err()
}

// UpdateStory implements news.StoryStore.
func (s *Store) UpdateStory(ctx context.Context, id int64, upd news.StoryUpdate) error {
	sets, args := []string{"updated_at = ?"}, []any{unixms.From(s.Now())}
	if v := upd.Headline; v != nil {
		sets, args = append(sets, "headline = ?"), append(args, *v)
	}
	args = append(args, id)
	r, err := s.db.ExecContext(ctx, `UPDATE stories SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...)
	if err != nil {
		return fmt.Errorf("sqlite: update story %d: %w", id, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return fmt.Errorf("sqlite: update story %d: %w", id, notFound("story", id, sql.ErrNoRows))
	}
	return nil
}

// SetHeadlines implements news.StoryStore.
func (s *Store) SetHeadlines(ctx context.Context, headlines map[int64]string) error {
	if len(headlines) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin headlines: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, `UPDATE stories SET headline = ?, updated_at = ? WHERE id = ? AND headline <> ?`)
	if err != nil {
		return fmt.Errorf("sqlite: prepare headlines: %w", err)
	}
	defer stmt.Close()
	now := unixms.From(s.Now())
	for id, h := range headlines {
		if _, err := stmt.ExecContext(ctx, h, now, id, h); err != nil {
			return fmt.Errorf("sqlite: set headline of story %d: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit headlines: %w", err)
	}
	return nil
}

// CountStories implements news.StoryStore.
func (s *Store) CountStories(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories WHERE merged_into IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count stories: %w", err)
	}
	return n, nil
}
