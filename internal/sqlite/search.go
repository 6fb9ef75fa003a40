package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// SearchArticles implements news.ArticleStore with FTS5 and BM25 (title
// matches weigh five times body matches).
func (s *Store) SearchArticles(ctx context.Context, query string, limit int) ([]news.SearchHit, error) {
	terms := news.QueryTerms(query)
	if len(terms) == 0 {
		return nil, news.Errorf(news.EINVALID, "empty search query")
	}
	if limit <= 0 {
		limit = 20
	}
	for i, t := range terms {
		terms[i] = `"` + t + `"`
	}
	rows, err := s.db.QueryContext(ctx, `
		SELECT a.id, COALESCE(a.story_id, 0), a.title, a.source,
			snippet(articles_fts, 1, ?, ?, '…', 24), -bm25(articles_fts, 5.0, 1.0)
		FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
		WHERE articles_fts MATCH ?
		ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ?`,
		news.MarkStart, news.MarkEnd, strings.Join(terms, " "), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: search %q: %w", query, err)
	}
	defer rows.Close()
	var out []news.SearchHit
	for rows.Next() {
		var h news.SearchHit
		if err := rows.Scan(&h.ArticleID, &h.StoryID, &h.Title, &h.Source, &h.Snippet, &h.Rank); err != nil {
			return nil, fmt.Errorf("sqlite: search %q: %w", query, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
