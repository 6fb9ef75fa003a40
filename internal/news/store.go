package news

import (
	"context"
	"encoding/json"
	"strings"
	"time"
	"unicode"
)

// ArticleFilter selects articles. Nil pointer fields do not filter.
type ArticleFilter struct {
	StoryID *int64
	Source  *string
	Limit   int // 0 means no limit
	Offset  int
}

// StoryFilter selects stories. Nil pointer fields do not filter.
type StoryFilter struct {
	Since  *time.Time
	Until  *time.Time
	Source *string
	// AnySource selects stories with an article from any of these
	// sources; non-nil and empty, it selects none.
	AnySource []string
	Language  *string // stories with an article in this language
	// Query selects stories with an article matching these words (full text).
	Query *string
	// Order is the listing's order; the zero value is OrderRecent.
	Order StoryOrder
	// After continues a listing after this story (cursor pagination):
	// stories ordered before or at it are skipped.
	After *StoryCursor
	// IncludeMerged also returns stories that were merged into another.
	IncludeMerged bool
	Limit         int // 0 means no limit
	Offset        int
}

// StoryOrder is the order of a story listing.
type StoryOrder int

const (
	// OrderRecent lists dated stories before undated ones (stories none
	// of whose articles has a publish date), each by last activity, newest
	// first, then by ID, highest first.
	OrderRecent StoryOrder = iota
	// OrderArticles lists the stories with the most articles first, ties
	// in OrderRecent's order.
	OrderArticles
)

// StoryCursor marks a position in a story listing: the sort keys of the
// last story of the previous page (Articles only for OrderArticles).
type StoryCursor struct {
	Articles int
	Undated  bool
	LastSeen time.Time
	ID       int64
}

// CursorOf returns the cursor that continues a listing after st.
func CursorOf(st *Story) StoryCursor {
	return StoryCursor{Articles: st.Articles, Undated: st.Undated, LastSeen: st.LastSeen, ID: st.ID}
}

// StoryUpdate changes a story. Nil fields are left alone.
type StoryUpdate struct {
	Headline *string
}

// Assignment places an article in a story; it is what clustering decides.
// A story's ID is the ID of the article that started it, so a new story
// needs no separate allocation.
type Assignment struct {
	ArticleID   int64
	StoryID     int64
	DuplicateOf int64 // earliest article this one is a near-copy of, or 0
	Score       float64
	Explanation []byte // JSON: why (optional)
}

// Decision is a change of stories after their articles were assigned: a
// user's merge of two stories or split of articles out of a story, or one
// that clustering's re-checks made ("auto-merge", "auto-split"). Position
// is the number of clustered articles when it was made (0 for decisions
// stored before positions were recorded): a clustering engine warmed
// from the store replays each decision at its position.
type Decision struct {
	Kind       string  `json:"kind"`  // "merge", "split", "auto-merge" or "auto-split"
	StoryID    int64   `json:"story"` // merge: survivor; split: the story split
	OtherID    int64   `json:"other"` // merge: the merged story; split: the new story
	ArticleIDs []int64 `json:"articles,omitempty"`
	Position   int64   `json:"position,omitempty"`
}

// Merge is a merge of two stories that clustering found to be one event:
// every article of Merged moves to Survivor and Merged points to it. It is
// recorded as a decision of kind "auto-merge" at Position (see Decision).
type Merge struct {
	Survivor, Merged int64
	Position         int64
}

// Split is a story that clustering found to report two events: Articles
// move out of Story into the new story New (one of their IDs). After is
// the number of the batch's Merges applied before it, so merges and splits
// are applied in the order clustering made them. The split is recorded as
// a decision of kind "auto-split" at Position, which keeps the two stories
// apart.
type Split struct {
	Story, New int64
	Articles   []int64
	After      int
	Position   int64
}

// Clustering is what clustering decides for a batch of fresh articles: one
// Assignment per article, and the merges and splits of stories (older ones
// included) that its re-checks made, to be applied after the assignments.
type Clustering struct {
	Assignments []Assignment
	Merges      []Merge
	Splits      []Split
	// Storylines are the stories whose storyline was set or changed,
	// stored after the merges and splits.
	Storylines []StorylineAssignment
}

// StorylineAssignment puts a story in a storyline (package storyline).
type StorylineAssignment struct {
	StoryID, StorylineID int64
	Explanation          []byte // JSON: why (optional)
}

// ReplayEdits calls merge and split for c's merges and splits in the order
// clustering made them, stopping at the first error.
func ReplayEdits(c Clustering, merge func(Merge) error, split func(Split) error) error {
	next := 0
	for i, m := range c.Merges {
		for ; next < len(c.Splits) && c.Splits[next].After <= i; next++ {
			if err := split(c.Splits[next]); err != nil {
				return err
			}
		}
		if err := merge(m); err != nil {
			return err
		}
	}
	for _, sp := range c.Splits[next:] {
		if err := split(sp); err != nil {
			return err
		}
	}
	return nil
}

// AssignFunc decides the stories of freshly stored articles, given in
// arrival order with their IDs set.
type AssignFunc func(fresh []*Article) (Clustering, error)

// BatchResult reports what SaveBatch did.
type BatchResult struct {
	Created int // new articles stored
	Skipped int // articles already stored (same canonical URL or content hash)
}

// Store is Storyline's persistent state. Implementations must be safe for
// concurrent use. Methods return an *Error with code ENOTFOUND when the
// requested item does not exist.
type Store interface {
	ArticleStore
	StoryStore
	TaxonomyStore
	// Ping checks that the store answers, with one round trip and no
	// scan: for health and readiness checks.
	Ping(ctx context.Context) error
	Close() error
}

// ArticleStore stores articles.
type ArticleStore interface {
	// SaveBatch stores articles and their story assignments in one
	// transaction: all of them or none. Articles whose canonical URL or
	// content hash is already stored, or repeated within the batch, are
	// skipped (ingest is idempotent); their ID is set to the stored
	// article's. assign is called once inside the transaction with the new
	// articles, IDs and Seq set, even when there are none (a batch may
	// carry only merges); nil assign leaves them unclustered. The
	// merges it returns are applied in the same transaction; unlike
	// MergeStories they are not recorded as user decisions.
	SaveBatch(ctx context.Context, articles []*Article, assign AssignFunc) (BatchResult, error)
	// FindArticleByID returns one article with its removals.
	FindArticleByID(ctx context.Context, id int64) (*Article, error)
	// FindArticles returns articles in arrival order and the total count
	// matching the filter.
	FindArticles(ctx context.Context, filter ArticleFilter) ([]*Article, int, error)
	// WalkArticles calls fn for every article in arrival order. It stops at
	// and returns fn's first error.
	WalkArticles(ctx context.Context, fn func(*Article) error) error
	// CountArticles returns the number of stored articles.
	CountArticles(ctx context.Context) (int, error)
	// SearchArticles runs a full-text query (plain words, all required;
	// the store's own query syntax is not exposed) and returns one page of
	// matches, newest tier of articles first and best first within it (see
	// SearchTiers), with the number of matches and where the next page
	// starts.
	SearchArticles(ctx context.Context, q SearchQuery) (SearchResult, error)
}

// Snippet highlight markers: SearchHit.Snippet wraps matched terms in them,
// so each presentation layer can escape the text and then highlight.
const (
	MarkStart = "\x02"
	MarkEnd   = "\x03"
)

// SearchHit is one full-text search result.
type SearchHit struct {
	ArticleID int64   `json:"article_id"`
	StoryID   int64   `json:"story_id"`
	Title     string  `json:"title"`
	Source    string  `json:"source"`
	Snippet   string  `json:"snippet"` // body excerpt, matches between MarkStart and MarkEnd
	Rank      float64 `json:"rank"`    // 1: a headline match, 0: body only; higher is better
}

// QueryTerms splits a user's search query into plain terms: letters and
// digits only, so no store's query syntax leaks through.
func QueryTerms(q string) []string {
	return strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// StoryStore stores stories.
type StoryStore interface {
	// FindStoryByID returns one story. A merged story is returned too; its
	// MergedInto names the survivor.
	FindStoryByID(ctx context.Context, id int64) (*Story, error)
	// FindStories returns stories, most recently active first, and the total.
	FindStories(ctx context.Context, filter StoryFilter) ([]*Story, int, error)
	// UpdateStory changes a story.
	UpdateStory(ctx context.Context, id int64, upd StoryUpdate) error
	// SetHeadlines stores the headlines of stories, by story ID, in one
	// transaction, marking the stories updated when a headline changes.
	// IDs of stories that do not exist are passed over.
	SetHeadlines(ctx context.Context, headlines map[int64]string) error
	// CountStories returns the number of live (not merged) stories.
	CountStories(ctx context.Context) (int, error)
	// MergeStories moves every article of merged into survivor and marks
	// merged as merged into survivor; the decision is recorded. Returns
	// EINVALID when both are the same or either is itself merged.
	MergeStories(ctx context.Context, survivor, merged int64) error
	// SplitStory moves articles out of story into a new story with ID
	// newID, which must be one of the moved articles' IDs; the decision is
	// recorded. Returns EINVALID when an article is not in story or the
	// split would move every article.
	SplitStory(ctx context.Context, story, newID int64, articleIDs []int64) error
	// FindDecisions returns the recorded decisions, oldest first.
	FindDecisions(ctx context.Context) ([]Decision, error)
	// FindSources returns every outlet with its article count, most
	// articles first.
	FindSources(ctx context.Context) ([]*Source, error)
	// FindStorylines returns one page of storylines, most recently active
	// first, and their total; members are not filled.
	FindStorylines(ctx context.Context, filter StorylineFilter) ([]*Storyline, int, error)
	// FindStorylineByID returns a storyline with its live stories in time
	// order. Returns ENOTFOUND when no live story belongs to it.
	FindStorylineByID(ctx context.Context, id int64) (*Storyline, error)
	// FindStorylineIDs returns the storyline of every live story that has
	// one, by story ID, for a warm start.
	FindStorylineIDs(ctx context.Context) (map[int64]int64, error)
	// MergeStorylines moves every story of storyline merged into
	// survivor. Returns EINVALID when both are the same and ENOTFOUND when
	// either has no live story.
	MergeStorylines(ctx context.Context, survivor, merged int64) error
	// SplitStoryline moves stories out of a storyline into a new one,
	// named by the oldest of them (the smallest ID). Returns EINVALID when
	// a story is not in the storyline, when the split would move every
	// story, or when it would move the storyline's first story (split the
	// others out instead).
	SplitStoryline(ctx context.Context, storyline int64, storyIDs []int64) (newID int64, err error)
	// FindStorylineExplanation returns why a story is in its storyline
	// (JSON from package storyline), or nil if none was stored.
	FindStorylineExplanation(ctx context.Context, storyID int64) ([]byte, error)
}

// StorylineUserExplanation is the stored explanation of a story a user
// moved between storylines.
func StorylineUserExplanation(story, storyline int64, reason string) []byte {
	b, _ := json.Marshal(struct {
		Story     int64  `json:"story"`
		Storyline int64  `json:"storyline"`
		Joined    bool   `json:"joined"`
		Reason    string `json:"reason"`
	}{story, storyline, story != storyline, reason})
	return b
}

// StorylineFilter pages [StoryStore.FindStorylines].
type StorylineFilter struct {
	Limit, Offset int
}

// Leaser is implemented by stores that can grant a process an exclusive,
// named lease, held until released or until the process dies (so a
// standby takes over after a crash). The distributed clustering worker
// takes one so that only one clusterer writes stories at a time.
type Leaser interface {
	// TryLease takes the lease name if it is free; ok is false when
	// another process holds it.
	TryLease(ctx context.Context, name string) (lease Lease, ok bool, err error)
}

// Lease is a lease taken from a Leaser.
type Lease interface {
	// Check returns nil while the lease is still held, and an error once
	// it may have been lost (say, the database restarted and another
	// process could have taken it): its holder must stop writing.
	Check(ctx context.Context) error
	// Release gives the lease up.
	Release()
}
