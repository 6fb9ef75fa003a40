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
	// Granularity is "day", "month" or "year"; "time" for publish times.
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
}

// Conflict is the same quantity, date or quote given different values by
// different sources.
type Conflict struct {
	What  string         `json:"what"` // e.g. "killed", "quote by Marquand"
	Sides []ConflictSide `json:"sides"`
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
