package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// SearchArticles implements news.ArticleStore with a tsvector GIN index,
// ts_rank_cd and ts_headline, tier by tier (news.SearchTiers): the planner
// intersects the GIN index with the primary key's range, so a tier costs
// what its own matches cost.
func (s *Store) SearchArticles(ctx context.Context, q news.SearchQuery) (news.SearchResult, error) {
	terms := news.QueryTerms(q.Text)
	if len(terms) == 0 {
		return news.SearchResult{}, news.Errorf(news.EINVALID, "empty search query")
	}
	text := strings.Join(terms, " ")
	var maxID int64
	if err := s.pool.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM articles`).Scan(&maxID); err != nil {
		return news.SearchResult{}, fmt.Errorf("postgres: search %q: %w", q.Text, err)
	}
	hits, next, done, err := news.SearchTiers(ctx, q, maxID, func(ctx context.Context, lo, hi int64, limit, offset int) ([]news.SearchHit, error) {
		return s.rankRange(ctx, text, lo, hi, limit, offset)
	})
	if err != nil {
		return news.SearchResult{}, fmt.Errorf("postgres: search %q: %w", q.Text, err)
	}
	res, err := news.SearchResultOf(ctx, hits, next, done, func(ctx context.Context, limit int) (n int, err error) {
		err = s.pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT 1 FROM articles
			WHERE tsv @@ plainto_tsquery('english', $1) LIMIT $2) AS m`, text, limit).Scan(&n)
		return n, err
	})
	if err != nil {
		return news.SearchResult{}, fmt.Errorf("postgres: search %q: %w", q.Text, err)
	}
	return res, nil
}

// rankRange ranks the matches among articles lo ≤ id < hi and gives the
// page's rows their snippets.
func (s *Store) rankRange(ctx context.Context, text string, lo, hi int64, limit, offset int) ([]news.SearchHit, error) {
	opts := fmt.Sprintf("StartSel=%s, StopSel=%s, MaxWords=40, MinWords=15", news.MarkStart, news.MarkEnd)
	rows, err := s.pool.Query(ctx, `
		SELECT id, COALESCE(story_id, 0), title, source, ts_headline('english', body, q, $3), ts_rank_cd(tsv, q)
		FROM articles, plainto_tsquery('english', $1) q
		WHERE tsv @@ q AND id >= $5 AND id < $6
		ORDER BY ts_rank_cd(tsv, q) DESC, id LIMIT $2 OFFSET $4`, text, limit, opts, offset, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []news.SearchHit
	for rows.Next() {
		var h news.SearchHit
		if err := rows.Scan(&h.ArticleID, &h.StoryID, &h.Title, &h.Source, &h.Snippet, &h.Rank); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
