package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// SearchArticles implements news.ArticleStore with FTS5, tier by tier
// (news.SearchTiers), headline matches first within a tier, then newest
// first (see rankRange): FTS5 seeks a rowid range in its index, so a tier
// costs what its own matches cost.
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

// rankRange orders the matches among articles lo ≤ id < hi, headline
// matches first, then newest first, on the full-text index alone; only the
// page's rows are then read from their articles. FTS5's BM25 is not used:
// it counts each term's matches over the whole index for its IDF, a cost
// that grows with the store (over 100 ms a query for common words at a
// million articles), where walking the index newest first stops at the
// page.
func (s *Store) rankRange(ctx context.Context, match string, lo, hi int64, limit, offset int) ([]news.SearchHit, error) {
	title := "{title} : (" + match + ")"
	inTitle, err := s.matchIDs(ctx, title, lo, hi, limit, offset)
	if err != nil {
		return nil, err
	}
	var inBody []int64
	if len(inTitle) < limit {
		// Where the page starts among the body-only matches: after
		// every headline match of the tier.
		titles := offset + len(inTitle)
		if len(inTitle) == 0 && offset > 0 {
			if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM articles_fts
				WHERE articles_fts MATCH ? AND rowid >= ? AND rowid < ? LIMIT ?)`, title, lo, hi, offset).Scan(&titles); err != nil {
				return nil, err
			}
		}
		if inBody, err = s.matchIDs(ctx, "("+match+") NOT "+title, lo, hi, limit-len(inTitle), offset-titles); err != nil {
			return nil, err
		}
	}
	ids := append(inTitle, inBody...)
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		args[i], at[id] = id, i
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, COALESCE(story_id, 0), title, source FROM articles
		WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]news.SearchHit, len(ids))
	for rows.Next() {
		var h news.SearchHit
		if err := rows.Scan(&h.ArticleID, &h.StoryID, &h.Title, &h.Source); err != nil {
			return nil, err
		}
		i := at[h.ArticleID]
		if i < len(inTitle) {
			h.Rank = 1
		}
		out[i] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// An article gone since the index was read leaves a gap.
	return slices.DeleteFunc(out, func(h news.SearchHit) bool { return h.ArticleID == 0 }), nil
}

// matchIDs lists the articles lo ≤ id < hi that match, newest first.
func (s *Store) matchIDs(ctx context.Context, match string, lo, hi int64, limit, offset int) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ? AND rowid < ?
		ORDER BY rowid DESC LIMIT ? OFFSET ?`, match, lo, hi, limit, max(offset, 0))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
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
