package taxonomy

import (
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// Matcher maps stored source names to their values in a taxonomy. It is
// safe for concurrent use once built.
type Matcher struct {
	t     *news.Taxonomy
	exact map[string]int // lower-cased name or alias -> source index
	wild  map[string]int // lower-cased domain of "*.domain" -> source index
}

// NewMatcher returns a matcher over t, which it does not copy: t must not
// change while the matcher is in use.
func NewMatcher(t *news.Taxonomy) *Matcher {
	m := &Matcher{t: t, exact: map[string]int{}, wild: map[string]int{}}
	for i, s := range t.Sources {
		for _, name := range append([]string{s.Name}, s.Aliases...) {
			key := strings.ToLower(strings.TrimSpace(name))
			if dom, ok := strings.CutPrefix(key, "*."); ok {
				if _, dup := m.wild[dom]; !dup {
					m.wild[dom] = i
				}
			} else if _, dup := m.exact[key]; !dup {
				m.exact[key] = i
			}
		}
	}
	return m
}

// Taxonomy returns the matcher's taxonomy.
func (m *Matcher) Taxonomy() *news.Taxonomy { return m.t }

// Lookup returns the taxonomy entry of a stored source name: the source
// whose name or alias equals it (case-insensitive, a leading "www."
// ignored), else the one whose wildcard "*.domain" covers it (domain
// itself or any subdomain), the most specific first.
func (m *Matcher) Lookup(source string) (*news.SourceValues, bool) {
	key := strings.ToLower(strings.TrimSpace(source))
	if key == "" {
		return nil, false
	}
	if i, ok := m.exact[key]; ok {
		return &m.t.Sources[i], true
	}
	if bare, ok := strings.CutPrefix(key, "www."); ok {
		if i, ok := m.exact[bare]; ok {
			return &m.t.Sources[i], true
		}
	}
	for host := key; host != ""; {
		if i, ok := m.wild[host]; ok {
			return &m.t.Sources[i], true
		}
		_, rest, ok := strings.Cut(host, ".")
		if !ok {
			break
		}
		host = rest
	}
	return nil, false
}

// Value returns a source's value on dimension dim, "" when it has none.
func (m *Matcher) Value(source, dim string) string {
	s, ok := m.Lookup(source)
	if !ok {
		return ""
	}
	return s.Values[dim]
}

// Values returns a source's values, nil when it is not classified.
func (m *Matcher) Values(source string) map[string]string {
	s, ok := m.Lookup(source)
	if !ok {
		return nil
	}
	return s.Values
}
