package coverage

import (
	"context"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/taxonomy"
)

// StoryBlindspot is a blindspot with its story.
type StoryBlindspot struct {
	Story *news.Story `json:"story"`
	Blindspot
}

// Reader is the part of a store FindBlindspots reads.
type Reader interface {
	FindStories(ctx context.Context, filter news.StoryFilter) ([]*news.Story, int, error)
	FindArticles(ctx context.Context, filter news.ArticleFilter) ([]*news.Article, int, error)
}

// FindBlindspots returns the blindspots on dimension dim among the
// stories filter selects (its Limit bounds how many are examined; 0 means
// all), in the filter's order, and how many stories were examined.
// Returns EINVALID when the taxonomy has no dimension dim.
func FindBlindspots(ctx context.Context, store Reader, m *taxonomy.Matcher, dim string, th Thresholds, filter news.StoryFilter) ([]StoryBlindspot, int, error) {
	d, ok := m.Taxonomy().Dimension(dim)
	if !ok {
		return nil, 0, news.Errorf(news.EINVALID, "no dimension %q in the taxonomy (%s)", dim, dimensionNames(m.Taxonomy()))
	}
	if th.MinSources < 1 || th.MinShare <= 0 || th.MinShare > 1 {
		return nil, 0, news.Errorf(news.EINVALID, "blindspot thresholds: want at least 1 source and a share in (0, 1]")
	}
	stories, _, err := store.FindStories(ctx, filter)
	if err != nil {
		return nil, 0, err
	}
	out := []StoryBlindspot{}
	for _, st := range stories {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		if st.Sources < th.MinSources || classified(m, st.SourceNames, d.Name) < th.MinSources {
			continue // fewer classified outlets than needed, independent or not
		}
		members, _, err := store.FindArticles(ctx, news.ArticleFilter{StoryID: &st.ID})
		if err != nil {
			return nil, 0, err
		}
		c := OfSources(m, Sources(members))
		if b, ok := Find(m.Taxonomy(), d, c[d.Name], th); ok {
			out = append(out, StoryBlindspot{Story: st, Blindspot: b})
		}
	}
	return out, len(stories), nil
}

// classified counts the outlets with a value on dim.
func classified(m *taxonomy.Matcher, sources []string, dim string) int {
	n := 0
	for _, s := range sources {
		if m.Value(s, dim) != "" {
			n++
		}
	}
	return n
}

func dimensionNames(t *news.Taxonomy) string {
	if len(t.Dimensions) == 0 {
		return "none: import one with storyline sources import FILE"
	}
	var names []string
	for _, d := range t.Dimensions {
		names = append(names, d.Name)
	}
	return "it has " + strings.Join(names, ", ")
}

// ParseCoveredBy parses a "dim:value" coverage filter and checks it
// against the taxonomy, returning the dimension and the value as the
// taxonomy spells it.
func ParseCoveredBy(t *news.Taxonomy, s string) (dim, value string, err error) {
	dim, value, ok := strings.Cut(s, ":")
	if !ok || strings.TrimSpace(dim) == "" || strings.TrimSpace(value) == "" {
		return "", "", news.Errorf(news.EINVALID, "covered by %q: want DIMENSION:VALUE, such as lean:left", s)
	}
	if _, ok := t.Dimension(dim); !ok {
		return "", "", news.Errorf(news.EINVALID, "covered by %q: no dimension %q in the taxonomy (%s)", s, dim, dimensionNames(t))
	}
	d, v, err := t.Value(dim, value)
	if err != nil {
		return "", "", err
	}
	return d.Name, v, nil
}

// SourcesWith returns those of sources whose value on dim is value.
func SourcesWith(m *taxonomy.Matcher, sources []*news.Source, dim, value string) []string {
	out := []string{}
	for _, s := range sources {
		if m.Value(s.Name, dim) == value {
			out = append(out, s.Name)
		}
	}
	return out
}
