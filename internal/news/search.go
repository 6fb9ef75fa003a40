package news

import (
	"context"
	"fmt"
)

// Search policy. A search ranks the newest articles first: it walks tiers
// of article IDs from the newest back, the first holding the newest
// SearchFirstTier articles and each older one SearchTierGrowth times as
// many as the one before, and ranks the matches within each tier (BM25 in
// SQLite, ts_rank_cd in PostgreSQL). A page is filled from the newest tier
// that still has matches, so a query of common words ranks the matches
// among the recent articles instead of every match in the store, and its
// cost does not grow with the store. Totals are counted up to
// SearchCountCap.
const (
	SearchFirstTier  = 20000
	SearchTierGrowth = 4
	SearchCountCap   = 1000
)

// SearchQuery asks for one page of a full-text search.
type SearchQuery struct {
	// Text is the user's query: plain words, all required (see QueryTerms).
	Text string
	// Limit is the page size; 0 means 20.
	Limit int
	// Page is where the page starts: the zero value starts a search, a
	// SearchResult's Next continues one.
	Page SearchPage
	// FirstTier is the number of newest articles a new search ranks first;
	// 0 means SearchFirstTier.
	FirstTier int64
}

// SearchPage is a position in a search: the tier of article IDs [Lo, Hi)
// being ranked, the hits of that tier already returned, and the hits
// returned on all earlier pages. It holds absolute IDs, so articles that
// arrive between two pages do not shift the second.
type SearchPage struct {
	Hi     int64 `json:"hi"`
	Lo     int64 `json:"lo"`
	Offset int   `json:"o"`
	Seen   int   `json:"n"`
}

// Valid reports whether p can be a position: the zero value, or a
// non-empty tier of positive IDs with non-negative counts.
func (p SearchPage) Valid() bool {
	if p == (SearchPage{}) {
		return true
	}
	return p.Lo >= 1 && p.Hi > p.Lo && p.Offset >= 0 && p.Seen >= p.Offset
}

// SearchResult is one page of a search.
type SearchResult struct {
	// Hits are the page's matches: newest tier first, best first within it.
	Hits []SearchHit
	// Total counts the matching articles up to SearchCountCap;
	// TotalExact is false when more than that match.
	Total      int
	TotalExact bool
	// Next continues the search; nil on the last page.
	Next *SearchPage
}

// RankRange ranks the matches among the articles with IDs in [lo, hi),
// best first, and returns up to limit of them after the first offset. The
// order is stable, so offsets page through it.
type RankRange func(ctx context.Context, lo, hi int64, limit, offset int) ([]SearchHit, error)

// SearchTiers fills one page of q's search, tier by tier from q.Page (or,
// for a new search, from the newest article, maxID), with hits from rank.
// It returns the hits, where the next page starts, and whether every tier
// has been ranked (so that no match is left after these hits). Stores call
// it with their own RankRange; the tiers are the same in every store.
func SearchTiers(ctx context.Context, q SearchQuery, maxID int64, rank RankRange) (hits []SearchHit, next SearchPage, done bool, err error) {
	if !q.Page.Valid() {
		return nil, SearchPage{}, false, Errorf(EINVALID, "invalid search position")
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	p := q.Page
	if p == (SearchPage{}) {
		if maxID < 1 {
			return nil, SearchPage{}, true, nil
		}
		first := q.FirstTier
		if first <= 0 {
			first = SearchFirstTier
		}
		p = SearchPage{Hi: maxID + 1, Lo: max(1, maxID+1-first)}
	}
	for {
		got, err := rank(ctx, p.Lo, p.Hi, limit-len(hits), p.Offset)
		if err != nil {
			return nil, SearchPage{}, false, fmt.Errorf("search tier [%d, %d): %w", p.Lo, p.Hi, err)
		}
		hits = append(hits, got...)
		p.Offset += len(got)
		p.Seen += len(got)
		if len(hits) == limit {
			return hits, p, false, nil
		}
		// This tier is exhausted: on to the next older one.
		if p.Lo <= 1 {
			return hits, p, true, nil
		}
		size := (p.Hi - p.Lo) * SearchTierGrowth
		p = SearchPage{Hi: p.Lo, Lo: max(1, p.Lo-size), Seen: p.Seen}
	}
}

// SearchResultOf assembles a SearchResult from SearchTiers' answer, counting
// the matches (up to SearchCountCap, with count) only when the page alone
// does not tell how many there are.
func SearchResultOf(ctx context.Context, hits []SearchHit, next SearchPage, done bool, count func(ctx context.Context, limit int) (int, error)) (SearchResult, error) {
	res := SearchResult{Hits: hits}
	if done {
		// Every match up to here has been seen: the count is exact.
		res.Total, res.TotalExact = min(next.Seen, SearchCountCap), next.Seen <= SearchCountCap
		return res, nil
	}
	n, err := count(ctx, SearchCountCap+1)
	if err != nil {
		return SearchResult{}, fmt.Errorf("search count: %w", err)
	}
	res.Total, res.TotalExact = min(n, SearchCountCap), n <= SearchCountCap
	if !res.TotalExact || next.Seen < n {
		res.Next = &next
	}
	return res, nil
}
