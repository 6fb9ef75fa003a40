package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// SearchArticles implements news.ArticleStore with a tsvector GIN index,
// ts_rank_cd and ts_headline.
func (s *Store) SearchArticles(ctx context.Context, query string, limit, offset int) ([]news.SearchHit, int, error) {
	terms := news.QueryTerms(query)
	if len(terms) == 0 {
		return nil, 0, news.Errorf(news.EINVALID, "empty search query")
	}
	offset = max(offset, 0)
	if limit <= 0 {
		limit = 20
	}
	opts := fmt.Sprintf("StartSel=%s, StopSel=%s, MaxWords=40, MinWords=15", news.MarkStart, news.MarkEnd)
	rows, err := s.pool.Query(ctx, `
		SELECT id, COALESCE(story_id, 0), title, source, ts_headline('english', body, q, $3), ts_rank_cd(tsv, q)
		FROM articles, plainto_tsquery('english', $1) q
		WHERE tsv @@ q
		ORDER BY ts_rank_cd(tsv, q) DESC, id LIMIT $2 OFFSET $4`, strings.Join(terms, " "), limit, opts, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: search %q: %w", query, err)
	}
	defer rows.Close()
	var out []news.SearchHit
	for rows.Next() {
		var h news.SearchHit
		if err := rows.Scan(&h.ArticleID, &h.StoryID, &h.Title, &h.Source, &h.Snippet, &h.Rank); err != nil {
			return nil, 0, fmt.Errorf("postgres: search %q: %w", query, err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("postgres: search %q: %w", query, err)
	}
	rows.Close()
	// A short page, not past the end, tells the total without counting.
	total := offset + len(out)
	if len(out) == limit || (len(out) == 0 && offset > 0) {
		if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM articles WHERE tsv @@ plainto_tsquery('english', $1)`,
			strings.Join(terms, " ")).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("postgres: search %q: count: %w", query, err)
		}
	}
	return out, total, nil
}
