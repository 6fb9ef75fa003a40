package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// SearchArticles implements news.ArticleStore with FTS5 and BM25 (title
// matches weigh five times body matches).
func (s *Store) SearchArticles(ctx context.Context, query string, limit, offset int) ([]news.SearchHit, int, error) {
	terms := news.QueryTerms(query)
	if len(terms) == 0 {
		return nil, 0, news.Errorf(news.EINVALID, "empty search query")
	}
	offset = max(offset, 0)
	if limit <= 0 {
		limit = 20
	}
	for i, t := range terms {
		terms[i] = `"` + t + `"`
	}
	match := strings.Join(terms, " ")
	// Rank first, on the full-text index alone; only the best rows are
	// then joined and given snippets, which cost far more than ranking.
	rows, err := s.db.QueryContext(ctx, `
		SELECT a.id, COALESCE(a.story_id, 0), a.title, a.source, top.rank
		FROM (SELECT rowid, -bm25(articles_fts, 5.0, 1.0) AS rank FROM articles_fts
			WHERE articles_fts MATCH ?1 ORDER BY bm25(articles_fts, 5.0, 1.0), rowid LIMIT ?2 OFFSET ?3) AS top
		JOIN articles a ON a.id = top.rowid
		ORDER BY top.rank DESC, a.id`, match, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: search %q: %w", query, err)
	}
	var out []news.SearchHit
	for rows.Next() {
		var h news.SearchHit
		if err := rows.Scan(&h.ArticleID, &h.StoryID, &h.Title, &h.Source, &h.Rank); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("sqlite: search %q: %w", query, err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, 0, fmt.Errorf("sqlite: search %q: %w", query, err)
	}
	rows.Close()
	for i := range out {
		err := s.db.QueryRowContext(ctx, `SELECT snippet(articles_fts, 1, ?, ?, '…', 24) FROM articles_fts
			WHERE articles_fts MATCH ? AND rowid = ?`, news.MarkStart, news.MarkEnd, match, out[i].ArticleID).Scan(&out[i].Snippet)
		if err != nil {
			return nil, 0, fmt.Errorf("sqlite: search %q: snippet: %w", query, err)
		}
	}
	// A short page, not past the end, tells the total without counting.
	total := offset + len(out)
	if len(out) == limit || (len(out) == 0 && offset > 0) {
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?`, match).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("sqlite: search %q: count: %w", query, err)
		}
	}
	return out, total, nil
}
