package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

const storySelect = `
	SELECT s.id, s.headline, COALESCE(s.merged_into, 0), s.created_at, s.updated_at,
		COUNT(a.id), COUNT(DISTINCT a.source), COALESCE(MIN(a.time), 0), COALESCE(MAX(a.time), 0),
		COALESCE(GROUP_CONCAT(DISTINCT a.source), '')
	FROM stories s LEFT JOIN articles a ON a.story_id = s.id`

func scanStory(sc interface{ Scan(...any) error }) (*news.Story, error) {
	var (
		st                       news.Story
		created, updated, lo, hi int64
		sources                  string
	)
	if err := sc.Scan(&st.ID, &st.Headline, &st.MergedInto, &created, &updated,
		&st.Articles, &st.Sources, &lo, &hi, &sources); err != nil {
		return nil, err
	}
	st.CreatedAt, st.UpdatedAt = fromMillis(created), fromMillis(updated)
	if st.Articles > 0 {
		st.FirstSeen, st.LastSeen = fromMillis(lo), fromMillis(hi)
	}
	if sources != "" {
		st.SourceNames = strings.Split(sources, ",")
	}
	return &st, nil
}

// FindStoryByID implements news.StoryStore.
func (s *Store) FindStoryByID(ctx context.Context, id int64) (*news.Story, error) {
	st, err := scanStory(s.db.QueryRowContext(ctx, storySelect+` WHERE s.id = ? GROUP BY s.id`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlite: find story %d: %w", id, notFound("story", id, err))
	}
	return st, nil
}

// FindStories implements news.StoryStore.
func (s *Store) FindStories(ctx context.Context, filter news.StoryFilter) ([]*news.Story, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if !filter.IncludeMerged {
		where = append(where, "s.merged_into IS NULL")
	}
	if v := filter.Source; v != nil {
		where, args = append(where, "s.id IN (SELECT story_id FROM articles WHERE source = ?)"), append(args, *v)
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
	// HAVING placeholders come after WHERE ones.
	var having []string
	if v := filter.Since; v != nil {
		having, args = append(having, "MAX(a.time) >= ?"), append(args, toMillis(*v))
	}
	if v := filter.Until; v != nil {
		having, args = append(having, "MIN(a.time) < ?"), append(args, toMillis(*v))
	}
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+storyQuery(where, having)+`)`, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("sqlite: count stories: %w", err)
	}
	if v := filter.After; v != nil {
		having = append(having, "(MAX(a.time) < ? OR (MAX(a.time) = ? AND s.id < ?))")
		args = append(args, toMillis(v.LastSeen), toMillis(v.LastSeen), v.ID)
	}
	q := storyQuery(where, having)
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY MAX(a.time) DESC, s.id DESC`+limitClause(filter.Limit, filter.Offset), args...)
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
	return out, total, nil
}

func storyQuery(where, having []string) string {
	return storySelect + ` WHERE ` + strings.Join(where, " AND ") + ` GROUP BY s.id HAVING ` +
		strings.Join(append([]string{"COUNT(a.id) > 0"}, having...), " AND ")
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
	sets, args := []string{"updated_at = ?"}, []any{toMillis(s.Now())}
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

// CountStories implements news.StoryStore.
func (s *Store) CountStories(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories WHERE merged_into IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count stories: %w", err)
	}
	return n, nil
}
