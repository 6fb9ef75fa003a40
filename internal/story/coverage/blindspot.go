package coverage

import (
	"slices"

	"github.com/storyline-news/storyline/internal/news"
)

// Blindspot thresholds' defaults.
const (
	DefaultMinSources = 3
	DefaultMinShare   = 0.8
)

// Thresholds say when a story's coverage is one-sided.
type Thresholds struct {
	// MinSources is the least number of independent sources with a
	// value on the dimension for a story to be judged at all.
	MinSources int
	// MinShare is the least share of those sources one side must have.
	MinShare float64
}

// DefaultThresholds returns the default thresholds: at least 3 classified
// independent sources, at least 80% of them on one side.
func DefaultThresholds() Thresholds {
	return Thresholds{MinSources: DefaultMinSources, MinShare: DefaultMinShare}
}

// Blindspot is a story whose coverage on a dimension comes (almost) only
// from one side.
type Blindspot struct {
	Dimension string `json:"dimension"`
	// Side lists the values the coverage comes from.
	Side []string `json:"side"`
	// Share is the side's share of the classified independent sources.
	Share float64 `json:"share"`
	// Sources counts the classified independent sources; SideSources
	// names those on the side.
	Sources     int      `json:"sources"`
	SideSources []string `json:"side_sources"`
	// Missing lists the dimension's values off the side that no
	// independent source has.
	Missing []string `json:"missing"`
}

// Sides splits a dimension's values into the sides coverage can come
// from. An ordinal scale has two: its lower and its upper half (a middle
// value of an odd scale is neither, so coverage from the centre is never a
// blindspot); a nominal dimension has one per value.
func Sides(t *news.Taxonomy, d news.Dimension) [][]string {
	if !d.Ordinal() {
		var out [][]string
		for _, v := range t.Values(d.Name) {
			out = append(out, []string{v})
		}
		return out
	}
	n := len(d.Order)
	if n < 2 {
		return nil
	}
	return [][]string{d.Order[:n/2], d.Order[n-n/2:]}
}

// Find reports whether coverage c of a story on dimension d is one-sided
// by th, and on which side.
func Find(t *news.Taxonomy, d news.Dimension, c *news.DimensionCoverage, th Thresholds) (Blindspot, bool) {
	if c == nil || c.Classified == 0 || c.Classified < th.MinSources {
		return Blindspot{}, false
	}
	for _, side := range Sides(t, d) {
		var on []string
		for _, vc := range c.Values {
			if slices.Contains(side, vc.Value) {
				on = append(on, vc.Sources...)
			}
		}
		share := float64(len(on)) / float64(c.Classified)
		if len(on) == 0 || share < th.MinShare {
			continue
		}
		b := Blindspot{Dimension: d.Name, Side: side, Share: share, Sources: c.Classified, SideSources: on, Missing: []string{}}
		slices.Sort(b.SideSources)
		for _, v := range c.Missing {
			if !slices.Contains(side, v) {
				b.Missing = append(b.Missing, v)
			}
		}
		return b, true
	}
	return Blindspot{}, false
}
