package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// SearchArticles implements news.ArticleStore with FTS5 and BM25 (title
// matches weigh five times body matches), tier by tier (news.SearchTiers):
// FTS5 seeks a rowid range in its index, so a tier costs what its own
// matches cost.
func (s *Store) SearchArticles(ctx context.Context, q news.SearchQuery) (news.SearchResult, error) {
	terms := news.QueryTerms(q.Text)
	if len(terms) == 0 {
		return news.SearchResult{}, news.Errorf(news.EINVALID, "empty search query")
	}
	for i, t := range terms {
		terms[i] = `"` + t + `"`
	}
	match := strings.Join(terms, " ")
	var maxID int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM articles`).Scan(&maxID); err != nil {
		return news.SearchResult{}, fmt.Errorf("sqlite: search %q: %w", q.Text, err)
	}
	hits, next, done, err := news.SearchTiers(ctx, q, maxID, func(ctx context.Context, lo, hi int64, limit, offset int) ([]news.SearchHit, error) {
		return s.rankRange(ctx, match, lo, hi, limit, offset)
	})
	if err != nil {
		return news.SearchResult{}, fmt.Errorf("sqlite: search %q: %w", q.Text, err)
	}
	if err := s.snippets(ctx, match, hits); err != nil {
		return news.SearchResult{}, fmt.Errorf("sqlite: search %q: snippets: %w", q.Text, err)
	}
	res, err := news.SearchResultOf(ctx, hits, next, done, func(ctx context.Context, limit int) (n int, err error) {
		err = s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)`, match, limit).Scan(&n)
		return n, err
	})
	if err != nil {
		return news.SearchResult{}, fmt.Errorf("sqlite: search %q: %w", q.Text, err)
	}
	return res, nil
}

// rankRange ranks the matches among articles lo ≤ id < hi on the full-text
// index alone; only the page's rows are then joined to their articles.
func (s *Store) rankRange(ctx context.Context, match string, lo, hi int64, limit, offset int) ([]news.SearchHit, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT a.id, COALESCE(a.story_id, 0), a.title, a.source, top.rank
		FROM (SELECT rowid, -bm25(articles_fts, 5.0, 1.0) AS rank FROM articles_fts
			WHERE articles_fts MATCH ?1 AND rowid >= ?4 AND rowid < ?5
			ORDER BY bm25(articles_fts, 5.0, 1.0), rowid LIMIT ?2 OFFSET ?3) AS top
		JOIN articles a ON a.id = top.rowid
		ORDER BY top.rank DESC, a.id`, match, limit, offset, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []news.SearchHit
	for rows.Next() {
		var h news.SearchHit
		if err := rows.Scan(&h.ArticleID, &h.StoryID, &h.Title, &h.Source, &h.Rank); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// snippets gives the page's hits their snippets, in one query: snippets
// cost far more than ranking, so only the page's rows get them.
func (s *Store) snippets(ctx context.Context, match string, hits []news.SearchHit) error {
	if len(hits) == 0 {
		return nil
	}
	args := []any{news.MarkStart, news.MarkEnd, match}
	at := make(map[int64]int, len(hits))
	for i, h := range hits {
		args = append(args, h.ArticleID)
		at[h.ArticleID] = i
	}
	rows, err := s.db.QueryContext(ctx, `SELECT rowid, snippet(articles_fts, 1, ?, ?, '…', 24) FROM articles_fts
		WHERE articles_fts MATCH ? AND rowid IN (?`+strings.Repeat(", ?", len(hits)-1)+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id      int64
			snippet string
		)
		if err := rows.Scan(&id, &snippet); err != nil {
			return err
		}
		hits[at[id]].Snippet = snippet
	}
	return rows.Err()
}
