// Package coverage tells who reports a story by the user's taxonomy of
// outlets: for each dimension, the story's independent sources grouped by
// value, with counts, shares and the values no source has; and blindspots,
// stories whose independent coverage on a dimension comes (almost) only
// from one side.
//
// Independent sources are counted as the story synthesis counts them: a
// near-copy (an article whose DuplicateOf is another member) is not a
// voice of its own, and one outlet's several articles are one source.
// Everything here is pure and deterministic.
package coverage

import (
	"cmp"
	"slices"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/taxonomy"
)

// Sources returns a story's independent sources, in order of first
// appearance among members sorted by ID.
func Sources(members []*news.Article) []string {
	arts := slices.Clone(members)
	slices.SortFunc(arts, func(a, b *news.Article) int { return cmp.Compare(a.ID, b.ID) })
	ids := make(map[int64]bool, len(arts))
	for _, a := range arts {
		ids[a.ID] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, a := range arts {
		if a.DuplicateOf != 0 && a.DuplicateOf != a.ID && ids[a.DuplicateOf] {
			continue // a near-copy is not an independent voice
		}
		if a.Source == "" || seen[a.Source] {
			continue
		}
		seen[a.Source] = true
		out = append(out, a.Source)
	}
	return out
}

// Of returns the coverage of a story with these members on every dimension
// of the matcher's taxonomy. It is never nil.
func Of(m *taxonomy.Matcher, members []*news.Article) news.Coverage {
	return OfSources(m, Sources(members))
}

// OfSources returns the coverage of a story whose independent sources are
// sources.
func OfSources(m *taxonomy.Matcher, sources []string) news.Coverage {
	out := news.Coverage{}
	t := m.Taxonomy()
	for _, d := range t.Dimensions {
		out[d.Name] = dimension(m, t, d, sources)
	}
	return out
}

func dimension(m *taxonomy.Matcher, t *news.Taxonomy, d news.Dimension, sources []string) *news.DimensionCoverage {
	dc := &news.DimensionCoverage{Values: []news.ValueCoverage{}, Missing: []string{}, Unclassified: []string{}}
	by := map[string][]string{}
	for _, s := range sources {
		v := m.Value(s, d.Name)
		if v == "" {
			dc.Unclassified = append(dc.Unclassified, s)
			continue
		}
		by[v] = append(by[v], s)
		dc.Classified++
	}
	for v, srcs := range by {
		slices.Sort(srcs)
		dc.Values = append(dc.Values, news.ValueCoverage{
			Value: v, Sources: srcs, Count: len(srcs), Share: float64(len(srcs)) / float64(dc.Classified),
		})
	}
	if d.Ordinal() {
		rank := func(v string) int {
			if i := slices.Index(d.Order, v); i >= 0 {
				return i
			}
			return len(d.Order)
		}
		slices.SortFunc(dc.Values, func(a, b news.ValueCoverage) int {
			return cmp.Or(cmp.Compare(rank(a.Value), rank(b.Value)), strings.Compare(a.Value, b.Value))
		})
	} else {
		slices.SortFunc(dc.Values, func(a, b news.ValueCoverage) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
		})
	}
	for _, v := range t.Values(d.Name) {
		if len(by[v]) == 0 {
			dc.Missing = append(dc.Missing, v)
		}
	}
	return dc
}
