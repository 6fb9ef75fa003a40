package news

import (
	"context"
	"strings"
)

// Taxonomy is the user's own classification of outlets: dimensions they
// define (country, owner, type, lean…) and each outlet's value on them.
// Storyline bundles no ratings; package taxonomy parses the file format.
type Taxonomy struct {
	Dimensions []Dimension    `json:"dimensions"`
	Sources    []SourceValues `json:"sources"`
}

// Dimension is one way of classifying outlets. Names are lower case.
type Dimension struct {
	Name string `json:"name"`
	// Order lists an ordinal scale's values from one end to the other
	// ("left", …, "right"); it is empty for a nominal dimension, whose
	// values are whatever the sources are given.
	Order []string `json:"order,omitempty"`
}

// Ordinal reports whether the dimension's values have an order.
func (d Dimension) Ordinal() bool { return len(d.Order) > 0 }

// SourceValues classifies an outlet: the source name as stored (a host
// name or the input's source field), other names it goes by, and its value
// on each dimension. A name "*.example.com" matches example.com and every
// subdomain of it.
type SourceValues struct {
	Name    string            `json:"name"`
	Aliases []string          `json:"aliases,omitempty"`
	Values  map[string]string `json:"values"`
}

// Dimension returns the dimension named name (case-insensitive).
func (t *Taxonomy) Dimension(name string) (Dimension, bool) {
	for _, d := range t.Dimensions {
		if strings.EqualFold(d.Name, name) {
			return d, true
		}
	}
	return Dimension{}, false
}

// Values returns the values a dimension can take: an ordinal scale's order,
// else the distinct values the sources are given, in first-use order.
func (t *Taxonomy) Values(dim string) []string {
	d, ok := t.Dimension(dim)
	if !ok {
		return nil
	}
	if d.Ordinal() {
		return d.Order
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range t.Sources {
		if v := s.Values[d.Name]; v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// TaxonomyStore stores the outlet taxonomy.
type TaxonomyStore interface {
	// SaveTaxonomy replaces the stored taxonomy with t, in one
	// transaction.
	SaveTaxonomy(ctx context.Context, t *Taxonomy) error
	// FindTaxonomy returns the stored taxonomy, with dimensions and
	// sources in the order they were saved; an empty one when none is.
	FindTaxonomy(ctx context.Context) (*Taxonomy, error)
	// SetSourceValues sets values of one source, found by its name or an
	// alias (case-insensitive) and added when there is none; an empty value
	// removes the source's value on that dimension. Returns EINVALID for a
	// dimension the taxonomy lacks or a value off an ordinal scale.
	SetSourceValues(ctx context.Context, source string, values map[string]string) error
}

// Coverage is who reports a story, by the taxonomy: for each dimension,
// its independent sources (near-copies and one outlet's several articles
// count once) grouped by value.
type Coverage map[string]*DimensionCoverage

// DimensionCoverage is a story's coverage on one dimension.
type DimensionCoverage struct {
	// Values lists the values that have sources: an ordinal scale's in
	// scale order, others most sources first.
	Values []ValueCoverage `json:"values"`
	// Missing lists the dimension's values no independent source has: an
	// ordinal scale's values, else the values the taxonomy uses.
	Missing []string `json:"missing"`
	// Unclassified lists the independent sources without a value.
	Unclassified []string `json:"unclassified"`
	// Classified counts the independent sources with a value.
	Classified int `json:"classified"`
}

// ValueCoverage is the independent sources of a story with one value.
type ValueCoverage struct {
	Value   string   `json:"value"`
	Sources []string `json:"sources"`
	Count   int      `json:"count"`
	// Share is Count over the dimension's classified sources.
	Share float64 `json:"share"`
}

// Source returns the index of the source whose name or an alias is name
// (case-insensitive), or -1.
func (t *Taxonomy) Source(name string) int {
	for i, s := range t.Sources {
		if strings.EqualFold(s.Name, name) {
			return i
		}
		for _, a := range s.Aliases {
			if strings.EqualFold(a, name) {
				return i
			}
		}
	}
	return -1
}

// Value checks a value for dimension dim and returns it as the taxonomy
// spells it (an ordinal scale's spelling). Returns EINVALID for an unknown
// dimension or a value off an ordinal scale.
func (t *Taxonomy) Value(dim, value string) (Dimension, string, error) {
	d, ok := t.Dimension(dim)
	if !ok {
		return d, "", Errorf(EINVALID, "no dimension %q in the taxonomy", dim)
	}
	value = strings.TrimSpace(value)
	if value == "" || !d.Ordinal() {
		return d, value, nil
	}
	for _, v := range d.Order {
		if strings.EqualFold(v, value) {
			return d, v, nil
		}
	}
	return d, "", Errorf(EINVALID, "%s=%q is not on the scale %s", d.Name, value, strings.Join(d.Order, ","))
}

// Set sets values of the source named name (or aliased so), adding the
// source when the taxonomy lacks it; an empty value removes one. It
// changes nothing when a value is invalid (see [Taxonomy.Value]).
func (t *Taxonomy) Set(name string, values map[string]string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return Errorf(EINVALID, "source name required")
	}
	checked := map[string]string{}
	for dim, v := range values {
		d, v, err := t.Value(dim, v)
		if err != nil {
			return err
		}
		checked[d.Name] = v
	}
	i := t.Source(name)
	if i < 0 {
		t.Sources = append(t.Sources, SourceValues{Name: name, Values: map[string]string{}})
		i = len(t.Sources) - 1
	}
	s := &t.Sources[i]
	if s.Values == nil {
		s.Values = map[string]string{}
	}
	for d, v := range checked {
		if v == "" {
			delete(s.Values, d)
		} else {
			s.Values[d] = v
		}
	}
	return nil
}
