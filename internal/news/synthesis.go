package news

import (
	"context"
	"time"
)

// Synthesis is what Storyline writes for a story: a headline, an
// attributed summary, entities, a timeline and a cross-source comparison.
// Every claim can be traced to the articles that support it.
type Synthesis struct {
	StoryID    int64             `json:"story_id"`
	Headline   string            `json:"headline"`
	Summary    []SummarySentence `json:"summary"`
	Entities   []Entity          `json:"entities"`
	Timeline   []TimelineEntry   `json:"timeline"`
	Comparison Comparison        `json:"comparison"`
	// Groups lists the story's articles grouped by near-duplicates: the
	// first ID of each group is the original, the rest are its copies.
	Groups [][]int64 `json:"groups"`
}

// SummarySentence is one sentence of a story summary with its provenance.
type SummarySentence struct {
	Span
	Source string `json:"source"`
	// Supporting lists other articles that say the same thing.
	Supporting []int64 `json:"supporting,omitempty"`
}

// Entity kinds.
const (
	EntityPerson = "person"
	EntityOrg    = "organization"
	EntityPlace  = "place"
	EntityOther  = "other"
)

// Entity is a person, organisation or place named in a story.
type Entity struct {
	Name    string         `json:"name"`
	Kind    string         `json:"kind"`
	Count   int            `json:"count"`
	Sources map[string]int `json:"sources"` // mentions per outlet
}

// TimelineEntry is a dated moment of a story: an article's publication or
// a date mentioned in the text, resolved against the publish date.
type TimelineEntry struct {
	Date time.Time `json:"date"`
	// Granularity is "time" for publish times; for mentioned dates it is
	// "day", "week" or "month", and Date is the first day of the period.
	Granularity string   `json:"granularity"`
	Kind        string   `json:"kind"` // "published" or "mentioned"
	Text        string   `json:"text"`
	ArticleIDs  []int64  `json:"article_ids"`
	Sources     []string `json:"sources"`
}

// Claim is a statement matched across a story's articles.
type Claim struct {
	Text       string   `json:"text"`
	Sources    []string `json:"sources"`     // independent outlets reporting it
	ArticleIDs []int64  `json:"article_ids"` // originals, not near-copies
	Spans      []Span   `json:"spans"`       // where each source says it
	// Score ranks the claim within its list (agreed or single-source):
	// centrality to the story, share of independent sources making it, and
	// how early it comes in its report, in [0, 1]; lists are sorted by it.
	Score float64 `json:"score"`
}

// ConflictSide is one value given for a disputed quantity, date or quote.
type ConflictSide struct {
	Value      string   `json:"value"`
	Text       string   `json:"text"`
	Sources    []string `json:"sources"`
	ArticleIDs []int64  `json:"article_ids"`
	// Qualifier is the hedge a quantity is given with ("at least").
	Qualifier string `json:"qualifier,omitempty"`
	// Update is true when the value is reported as a change ("rose to 15").
	Update bool `json:"update,omitempty"`
	// Published is the earliest publish time of the articles giving it.
	Published time.Time `json:"published,omitzero"`
}

// Conflict is the same quantity, date or quote given different values by
// different sources.
type Conflict struct {
	What  string         `json:"what"` // e.g. "killed", "age of Smith", "quote by Marquand"
	Sides []ConflictSide `json:"sides"`
	// Kind is the quantity's kind ("killed", "injured", "shot", "age",
	// "money", …) or "quote".
	Kind string `json:"kind,omitempty"`
	// Subject says whose quantity it is ("officers", "smith", "bail").
	Subject string `json:"subject,omitempty"`
	// Unit is a sum's currency or a measure's unit.
	Unit string `json:"unit,omitempty"`
	// Development is true when a later report gives the quantity as an
	// update ("the toll rose to 15"): a change over time more than a
	// disagreement. Sides carry their publish times.
	Development bool `json:"development,omitempty"`
}

// Comparison sets what sources agree on against what only one claims and
// where they conflict. Syndicated copies are not independent sources.
type Comparison struct {
	Agreed       []Claim    `json:"agreed"`
	SingleSource []Claim    `json:"single_source"`
	Conflicts    []Conflict `json:"conflicts"`
}

// Synthesizer writes a story's synthesis from its member articles.
type Synthesizer interface {
	Synthesize(ctx context.Context, story *Story, members []*Article) (*Synthesis, error)
}

// FillEmpty replaces the nil slices and maps of s, at every depth, by empty
// ones, so that its JSON has [] and {} where there is nothing, never null:
// the API's contract for typed clients.
func (s *Synthesis) FillEmpty() {
	s.Summary = orEmpty(s.Summary)
	for i := range s.Summary {
		s.Summary[i].Supporting = orEmpty(s.Summary[i].Supporting)
	}
	s.Entities = orEmpty(s.Entities)
	for i := range s.Entities {
		if s.Entities[i].Sources == nil {
			s.Entities[i].Sources = map[string]int{}
		}
	}
	s.Timeline = orEmpty(s.Timeline)
	for i := range s.Timeline {
		s.Timeline[i].ArticleIDs = orEmpty(s.Timeline[i].ArticleIDs)
		s.Timeline[i].Sources = orEmpty(s.Timeline[i].Sources)
	}
	c := &s.Comparison
	c.Agreed, c.SingleSource = fillClaims(c.Agreed), fillClaims(c.SingleSource)
	c.Conflicts = orEmpty(c.Conflicts)
	for i := range c.Conflicts {
		c.Conflicts[i].Sides = orEmpty(c.Conflicts[i].Sides)
		for j := range c.Conflicts[i].Sides {
			side := &c.Conflicts[i].Sides[j]
			side.Sources, side.ArticleIDs = orEmpty(side.Sources), orEmpty(side.ArticleIDs)
		}
	}
	s.Groups = orEmpty(s.Groups)
	for i := range s.Groups {
		s.Groups[i] = orEmpty(s.Groups[i])
	}
}

func fillClaims(cs []Claim) []Claim {
	cs = orEmpty(cs)
	for i := range cs {
		cs[i].Sources, cs[i].ArticleIDs, cs[i].Spans = orEmpty(cs[i].Sources), orEmpty(cs[i].ArticleIDs), orEmpty(cs[i].Spans)
	}
	return cs
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
