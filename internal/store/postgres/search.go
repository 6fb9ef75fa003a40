package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/news"
)

// SearchArticles implements news.ArticleStore with a tsvector GIN index
// and ts_headline, tier by tier (news.SearchTiers), headline matches first
// within a tier, then newest first (see rankRange): the planner
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
			WHERE tsv @@ plainto_tsquery('english', $1) LIMIT $2) AS m`, pgx.QueryExecModeExec, text, limit).Scan(&n)
		return n, err
	})
	if err != nil {
		return news.SearchResult{}, fmt.Errorf("postgres: search %q: %w", q.Text, err)
	}
	return res, nil
}

// rankRange orders the matches among articles lo ≤ id < hi, headline
// matches first (the tsvector's weight A), then newest first, as the
// SQLite store does, and gives the page's rows their snippets.
func (s *Store) rankRange(ctx context.Context, text string, lo, hi int64, limit, offset int) ([]news.SearchHit, error) {
	opts := fmt.Sprintf("StartSel=%s, StopSel=%s, MaxWords=40, MinWords=15", news.MarkStart, news.MarkEnd)
	// Planned for each query's own words and range (QueryExecModeExec: no
	// cached generic plan): a generic plan walks the ID range and tests
	// every row's tsvector, 300 ms for an 80,000-article tier.
	rows, err := s.pool.Query(ctx, `
		SELECT id, COALESCE(story_id, 0), title, source, ts_headline('english', body, q, $3), intitle
		FROM (SELECT id, story_id, title, source, body, q, (ts_filter(tsv, '{a}') @@ q)::int AS intitle
			FROM articles, plainto_tsquery('english', $1) q
			WHERE tsv @@ q AND id >= $5 AND id < $6
			ORDER BY intitle DESC, id DESC LIMIT $2 OFFSET $4) AS top
		ORDER BY intitle DESC, id DESC`, pgx.QueryExecModeExec, text, limit, opts, offset, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []news.SearchHit
	for rows.Next() {
		var (
			h       news.SearchHit
			intitle int
		)
		if err := rows.Scan(&h.ArticleID, &h.StoryID, &h.Title, &h.Source, &h.Snippet, &intitle); err != nil {
			return nil, err
		}
		h.Rank = float64(intitle)
		out = append(out, h)
	}
	return out, rows.Err()
}
