package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// SearchArticles implements news.ArticleStore with a tsvector GIN index,
// ts_rank_cd and ts_headline.
func (s *Store) SearchArticles(ctx context.Context, query string, limit int) ([]news.SearchHit, error) {
	terms := news.QueryTerms(query)
	if len(terms) == 0 {
		return nil, news.Errorf(news.EINVALID, "empty search query")
	}
	if limit <= 0 {
		limit = 20
	}
	opts := fmt.Sprintf("StartSel=%s, StopSel=%s, MaxWords=40, MinWords=15", news.MarkStart, news.MarkEnd)
	rows, err := s.pool.Query(ctx, `
		SELECT id, COALESCE(story_id, 0), title, source, ts_headline('english', body, q, $3), ts_rank_cd(tsv, q)
		FROM articles, plainto_tsquery('english', $1) q
		WHERE tsv @@ q
		ORDER BY ts_rank_cd(tsv, q) DESC, id LIMIT $2`, strings.Join(terms, " "), limit, opts)
	if err != nil {
		return nil, fmt.Errorf("postgres: search %q: %w", query, err)
	}
	defer rows.Close()
	var out []news.SearchHit
	for rows.Next() {
		var h news.SearchHit
		if err := rows.Scan(&h.ArticleID, &h.StoryID, &h.Title, &h.Source, &h.Snippet, &h.Rank); err != nil {
			return nil, fmt.Errorf("postgres: search %q: %w", query, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
