package news

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// fakeIndex ranks matches (article ID → score) the way a store does:
// within [lo, hi), best first, ties by ID.
type fakeIndex map[int64]float64

func (f fakeIndex) rank(_ context.Context, lo, hi int64, limit, offset int) ([]SearchHit, error) {
	var ids []int64
	for id := range f {
		if id >= lo && id < hi {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b int64) int {
		if f[a] != f[b] {
			if f[a] > f[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	var out []SearchHit
	for _, id := range ids[min(offset, len(ids)):min(offset+limit, len(ids))] {
		out = append(out, SearchHit{ArticleID: id, Rank: f[id]})
	}
	return out, nil
}

func (f fakeIndex) count(_ context.Context, limit int) (int, error) { return min(len(f), limit), nil }

// search pages through the whole search and returns the hits in order and
// the first page's result.
func (f fakeIndex) search(t *testing.T, maxID int64, limit int, first int64) ([]int64, SearchResult) {
	t.Helper()
	var (
		order     []int64
		firstPage SearchResult
		page      SearchPage
	)
	for i := 0; ; i++ {
		if i > 100 {
			t.Fatal("search does not end")
		}
		hits, next, done, err := SearchTiers(t.Context(), SearchQuery{Limit: limit, Page: page, FirstTier: first}, maxID, f.rank)
		if err != nil {
			t.Fatal(err)
		}
		res, err := SearchResultOf(t.Context(), hits, next, done, f.count)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			firstPage = res
		}
		for _, h := range res.Hits {
			order = append(order, h.ArticleID)
		}
		if res.Next == nil {
			return order, firstPage
		}
		page = *res.Next
	}
}

func TestSearchTiers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		index     fakeIndex
		maxID     int64
		limit     int
		first     int64
		want      []int64
		wantTotal int
		wantExact bool
	}{
		{
			name:  "one tier holds all: best first",
			index: fakeIndex{1: 0.5, 2: 0.9, 3: 0.1}, maxID: 3, limit: 10, first: 10,
			want: []int64{2, 1, 3}, wantTotal: 3, wantExact: true,
		},
		{
			// Tiers of 2, then 8: [9, 11), [1, 9).
			name:  "newest tier first, then older ones, best first within each",
			index: fakeIndex{1: 0.9, 4: 0.2, 8: 0.7, 9: 0.1, 10: 0.3}, maxID: 10, limit: 2, first: 2,
			want: []int64{10, 9, 1, 8, 4}, wantTotal: 5, wantExact: true,
		},
		{
			name:  "empty newest tiers are walked through",
			index: fakeIndex{1: 0.9, 2: 0.8}, maxID: 1000, limit: 5, first: 3,
			want: []int64{1, 2}, wantTotal: 2, wantExact: true,
		},
		{
			name:  "no match",
			index: fakeIndex{}, maxID: 50, limit: 5, first: 3,
			want: nil, wantTotal: 0, wantExact: true,
		},
		{
			name:  "empty store",
			index: fakeIndex{}, maxID: 0, limit: 5,
			want: nil, wantTotal: 0, wantExact: true,
		},
		{
			name:  "a page ending exactly at a tier's end has no empty page after it",
			index: fakeIndex{3: 0.5, 4: 0.6}, maxID: 4, limit: 2, first: 2,
			want: []int64{4, 3}, wantTotal: 2, wantExact: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, first := tc.index.search(t, tc.maxID, tc.limit, tc.first)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("order %v, want %v", got, tc.want)
			}
			if first.Total != tc.wantTotal || first.TotalExact != tc.wantExact {
				t.Errorf("total %d (exact %v), want %d (%v)", first.Total, first.TotalExact, tc.wantTotal, tc.wantExact)
			}
		})
	}
}

// More matches than the count's cap: the total says so, and paging still
// goes on.
func TestSearchTiers_CappedTotal(t *testing.T) {
	t.Parallel()
	index := fakeIndex{}
	for id := int64(1); id <= SearchCountCap+5; id++ {
		index[id] = 1
	}
	hits, next, done, err := SearchTiers(t.Context(), SearchQuery{Limit: 20}, SearchCountCap+5, index.rank)
	if err != nil || done || len(hits) != 20 {
		t.Fatalf("first page: %d hits, done %v, %v", len(hits), done, err)
	}
	res, err := SearchResultOf(t.Context(), hits, next, done, index.count)
	if err != nil || res.Total != SearchCountCap || res.TotalExact || res.Next == nil {
		t.Errorf("result total %d exact %v next %v (%v); want the cap, not exact, a next page", res.Total, res.TotalExact, res.Next, err)
	}
}

func TestSearchPage_Valid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		p    SearchPage
		want bool
	}{
		{SearchPage{}, true},
		{SearchPage{Hi: 10, Lo: 1}, true},
		{SearchPage{Hi: 10, Lo: 1, Offset: 3, Seen: 5}, true},
		{SearchPage{Hi: 1, Lo: 1}, false},
		{SearchPage{Hi: 10, Lo: 0}, false},
		{SearchPage{Hi: 10, Lo: 1, Offset: -1}, false},
		{SearchPage{Hi: 10, Lo: 1, Offset: 4, Seen: 3}, false},
	} {
		if got := tc.p.Valid(); got != tc.want {
			t.Errorf("%+v.Valid() = %v, want %v", tc.p, got, tc.want)
		}
	}
}
