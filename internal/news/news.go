// Package news holds Storyline's domain types: articles, sources, stories and
// the spans of text that remember where they came from, plus the store
// interfaces that the storage adapters implement. It imports only the
// standard library; every other package speaks in these terms.
package news

import (
	"encoding/json"
	"time"
)

// Removal records one piece of text that cleaning took out of an article,
// and why, so cleaning can be audited (storyline show ID --debug).
type Removal struct {
	// Reason is a short machine-readable tag such as "glued-title",
	// "comment-footer", "caption" or "share".
	Reason string `json:"reason"`
	// Text is the removed text, verbatim.
	Text string `json:"text"`
}

// Article is one news report after ingestion and cleaning.
//
// Body holds the cleaned text with paragraphs separated by a blank line
// ("\n\n"). Offsets in [Span] refer to Body.
type Article struct {
	ID         int64  `json:"id"`
	ExternalID string `json:"external_id,omitempty"` // id given by the input, if any
	URL        string `json:"url,omitempty"`         // canonical URL
	RawURL     string `json:"raw_url,omitempty"`     // URL as given
	Source     string `json:"source"`                // outlet: input field, else URL host
	Title      string `json:"title"`
	Body       string `json:"body"`
	Dateline   string `json:"dateline,omitempty"` // e.g. "HOMS, Syria (Reuters)"
	Byline     string `json:"byline,omitempty"`   // e.g. "By Jane Doe"
	// Published is the publish time; the zero value means unknown.
	Published time.Time `json:"published,omitzero"`
	// Language is an ISO 639-1 code, or "und" when it could not be told.
	Language string `json:"language"`
	// LanguageSupported is false for languages Storyline does not analyse;
	// such articles are stored and flagged, never dropped.
	LanguageSupported bool `json:"language_supported"`
	// ContentHash is the hex SHA-256 of the normalised title and body; two
	// articles with equal hashes are the same article.
	ContentHash string `json:"content_hash"`
	// Origin names where the article was read from ("file.jsonl:12").
	Origin string `json:"origin,omitempty"`
	// Removed lists what cleaning took out.
	Removed    []Removal `json:"removed,omitempty"`
	IngestedAt time.Time `json:"ingested_at,omitzero"`
	// StoryID is the story the article belongs to; 0 before clustering.
	StoryID int64 `json:"story_id,omitempty"`
	// JoinedStoryID is the story the article joined when it was
	// clustered, before later merges and splits moved it; 0 when not
	// recorded. A warm clustering engine restores the article there.
	JoinedStoryID int64 `json:"-"`
	// DuplicateOf is the ID of the earliest article this one is a
	// (near-)copy of, or 0.
	DuplicateOf int64 `json:"duplicate_of,omitempty"`
	// Seq is the arrival order within the store (1, 2, ...).
	Seq int64 `json:"seq,omitempty"`
	// Explanation says why clustering put the article in its story: a JSON
	// document from the cluster engine. Only FindArticleByID loads it.
	Explanation json.RawMessage `json:"explanation,omitempty"`
}

// Time returns the publish time if known, else the ingestion time.
func (a *Article) Time() time.Time {
	if !a.Published.IsZero() {
		return a.Published
	}
	return a.IngestedAt
}

// Span is a stretch of an article's Body: a sentence, a claim, a quote.
// It remembers which article and byte offsets it came from.
type Span struct {
	ArticleID int64  `json:"article_id"`
	Start     int    `json:"start"` // byte offset into Article.Body
	End       int    `json:"end"`   // exclusive
	Text      string `json:"text"`
}

// Source is a news outlet.
type Source struct {
	Name     string `json:"name"`
	Articles int    `json:"articles"`
}

// Story is a real-world event as reported by one or more articles.
type Story struct {
	ID       int64  `json:"id"`
	Headline string `json:"headline"`
	// Articles and Sources count member articles and distinct outlets.
	Articles  int       `json:"articles"`
	Sources   int       `json:"sources"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
	// Undated is true when no member has a publish date: FirstSeen and
	// LastSeen are then ingest times, and listings put the story after
	// every dated one.
	Undated bool `json:"undated,omitempty"`
	// SourceNames lists the distinct outlets, most frequent first.
	SourceNames []string `json:"source_names,omitempty"`
	// MergedInto is the surviving story when this one was merged, else 0.
	MergedInto int64 `json:"merged_into,omitempty"`
	// StorylineID is the storyline the story belongs to (the ID of the
	// storyline's first story); 0 until storylines are assigned.
	StorylineID int64     `json:"storyline_id"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
}

// Storyline is a long-running subject: the event stories that belong to
// it, linked by package storyline.
type Storyline struct {
	// ID is the ID of the storyline's first story.
	ID int64 `json:"id"`
	// Headline is the headline of its story with the most articles.
	Headline  string    `json:"headline"`
	Stories   int       `json:"stories"`
	Articles  int       `json:"articles"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
	// Members are its stories in time order (first seen, then ID); only
	// FindStorylineByID fills them.
	Members []*Story `json:"members,omitempty"`
}

// SetFromMembers sums the members into the storyline's counts and span,
// and takes the headline of its biggest story (the first among equals).
func (l *Storyline) SetFromMembers() {
	l.Stories, l.Articles, l.FirstSeen, l.LastSeen = 0, 0, time.Time{}, time.Time{}
	best := -1
	for _, st := range l.Members {
		l.Stories++
		l.Articles += st.Articles
		if !st.FirstSeen.IsZero() && (l.FirstSeen.IsZero() || st.FirstSeen.Before(l.FirstSeen)) {
			l.FirstSeen = st.FirstSeen
		}
		if st.LastSeen.After(l.LastSeen) {
			l.LastSeen = st.LastSeen
		}
		if st.Articles > best {
			best, l.Headline = st.Articles, st.Headline
		}
	}
}

// Story event kinds, as webhooks announce them.
const (
	EventStoryCreated = "story.created" // a new story started
	EventStorySource  = "story.source"  // a story gained an independent source
	EventStoryMerged  = "story.merged"  // a story was merged into another
	// EventStorylineCreated: a story started a storyline of its own.
	EventStorylineCreated = "storyline.created"
	// EventStorylineStory: a story joined an existing storyline.
	EventStorylineStory = "storyline.story"
)

// StoryEvent is something that happened to a story during ingestion.
type StoryEvent struct {
	Kind    string `json:"event"`
	StoryID int64  `json:"story"`
	// ArticleID is the article that caused the event (created, source).
	ArticleID int64 `json:"article,omitempty"`
	// Source is the outlet that joined (source) or started (created) it.
	Source string `json:"source,omitempty"`
	// MergedID is the story merged into StoryID (merged).
	MergedID int64 `json:"merged,omitempty"`
	// StorylineID is the storyline StoryID started or joined
	// (storyline.created, storyline.story).
	StorylineID int64 `json:"storyline,omitempty"`
	// Headline is the story's synthesized headline after the event.
	Headline string    `json:"headline,omitempty"`
	At       time.Time `json:"at"`
}

// SplitStorylineID checks the stories a user splits out of a storyline
// and returns the new storyline's ID: the oldest of them (the smallest
// ID). The storyline's first story cannot move: its ID is the storyline's.
func SplitStorylineID(storyline int64, storyIDs []int64) (int64, error) {
	if len(storyIDs) == 0 {
		return 0, Errorf(EINVALID, "a split needs stories to move")
	}
	newID := storyIDs[0]
	seen := map[int64]bool{}
	for _, id := range storyIDs {
		if seen[id] {
			return 0, Errorf(EINVALID, "story %d given twice", id)
		}
		seen[id] = true
		newID = min(newID, id)
		if id == storyline {
			return 0, Errorf(EINVALID, "story %d started storyline %d and stays in it; split the others out instead", id, storyline)
		}
	}
	return newID, nil
}
