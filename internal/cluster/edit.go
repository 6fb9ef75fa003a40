package cluster

import (
	"slices"
	"time"
)

// Explanation says why an article is in its story.
type Explanation struct {
	ArticleID   int64   `json:"article"`
	StoryID     int64   `json:"story"` // story chosen when the article arrived
	DuplicateOf int64   `json:"duplicate_of,omitempty"`
	Score       float64 `json:"score"`
	Threshold   float64 `json:"threshold,omitempty"`
	New         bool    `json:"new,omitempty"`
	// Terms are the shared terms that weigh most in the score, with their
	// share of it (they sum to 1). For a new story they are shared with
	// the best candidate that fell short.
	Terms []TermScore `json:"terms,omitempty"`
	// RunnerUp is the next-best candidate story and its score (0 if none).
	RunnerUp      int64   `json:"runner_up,omitempty"`
	RunnerUpScore float64 `json:"runner_up_score,omitempty"`
	// Restored is true when the article was loaded with [Engine.Restore].
	Restored bool `json:"restored,omitempty"`

	terms termsRef // computes Terms on demand
}

// termsRef remembers what an article was compared with, so that Explain
// can list the shared terms without slowing every Add down.
type termsRef struct {
	ai, s   int32
	members int32 // the story's member count at the time
	ok      bool
}

// TermScore is one feature shared by an article and a story.
type TermScore struct {
	Term   string  `json:"term"` // a stem, an entity phrase or a number
	Kind   string  `json:"kind"` // "term", "entity" or "number"
	Weight float64 `json:"weight"`
}

// Explain returns the explanation recorded when the article was added,
// for the latest 10,000 articles (older ones report false; the pipeline
// stores every explanation with its article).
// StoryID is the story chosen then; later merges and splits may have
// moved the article (see [Engine.StoryOf]).
func (e *Engine) Explain(articleID int64) (Explanation, bool) {
	ex, ok := e.explain[articleID]
	if !ok {
		return Explanation{}, false
	}
	if ex.terms.ok {
		ex.Terms = e.sharedTerms(ex.terms, 8)
		ex.terms.ok = false
	}
	out := *ex
	out.Terms = slices.Clone(ex.Terms)
	out.terms = termsRef{}
	return out, true
}

// StoryOf returns the current story of an article.
func (e *Engine) StoryOf(articleID int64) (int64, bool) {
	ai, ok := e.artIdx[articleID]
	if !ok || e.articles[ai].story < 0 {
		return 0, false
	}
	return e.storyID(e.articles[ai].story), true
}

// Merge records a user's decision that merged is the same event as
// survivor: its articles move to survivor, and later articles that match
// either go to survivor. Unknown or identical stories are ignored.
func (e *Engine) Merge(survivor, merged int64) {
	si, ok1 := e.storyIdx[survivor]
	mi, ok2 := e.storyIdx[merged]
	if !ok1 || !ok2 {
		return
	}
	si, mi = e.resolve(si), e.resolve(mi)
	if si == mi {
		return
	}
	s, m := e.stories[si], e.stories[mi]
	for _, ai := range m.members {
		e.articles[ai].story = si
	}
	// Members stay in arrival order and the merged story's postings
	// become the survivor's, so that the engine is the one a warm start
	// from the stored stories builds (see Restore).
	s.members = mergeSorted(s.members, m.members)
	e.repost(m.members, mi, si)
	s.lastArrival = max(s.lastArrival, m.lastArrival)
	s.years.union(m.years)
	s.names = unionSorted(s.names, m.names)
	if !m.first.IsZero() {
		if s.first.IsZero() || m.first.Before(s.first) {
			s.first = m.first
		}
		if m.last.After(s.last) {
			s.last = m.last
		}
	}
	m.members, m.names = nil, nil
	e.mergedTo[mi] = si
}

// Split records a user's decision that some articles of story report
// another event: they move to a new story whose ID is the smallest moved
// article ID, and the two stories are kept apart later. It returns the new
// story's ID, or 0 when nothing was split: the story is unknown, none of
// the articles is in it, all of them are, or the new ID is already a live
// story. A story merged away earlier is revived by a split that names it.
func (e *Engine) Split(story int64, articleIDs []int64) int64 {
	return e.split(story, articleIDs, splitSmallest)
}

// The ways split picks the new story's ID, besides a given ID.
const (
	splitSmallest = 0  // the smallest moved article ID
	splitFresh    = -1 // the smallest moved article ID that never was a story's
)

// split is Split; want is the new story's ID, or splitSmallest, or
// splitFresh, and nothing is split when no ID fits. Clustering's own
// splits are fresh: a revived story would let a store that applies a
// batch's assignments before its merges move an article that joined the
// revived story into the story it had been merged into.
func (e *Engine) split(story int64, articleIDs []int64, want int64) int64 {
	si, ok := e.storyIdx[story]
	if !ok {
		return 0
	}
	si = e.resolve(si)
	st := e.stories[si]
	moved := map[int32]bool{}
	newID := int64(0)
	for _, id := range articleIDs {
		ai, ok := e.artIdx[id]
		if !ok || e.resolve(e.articles[ai].story) != si {
			continue
		}
		moved[ai] = true
		switch _, was := e.storyIdx[id]; {
		case want > 0:
			if id == want {
				newID = id
			}
		case want == splitFresh && was:
		case newID == 0 || id < newID:
			newID = id
		}
	}
	if len(moved) == 0 || len(moved) == len(st.members) || newID == 0 {
		return 0
	}
	ni, taken := e.storyIdx[newID]
	switch {
	case !taken:
		ni = e.newStory(newID)
	case e.mergedTo[ni] >= 0 && len(e.stories[ni].members) == 0:
		// The story was merged away earlier: the split revives it.
		e.mergedTo[ni] = -1
	default:
		return 0
	}
	keep := st.members[:0:0]
	for _, ai := range st.members {
		if !moved[ai] {
			keep = append(keep, ai)
		}
	}
	// Rebuild the remaining story from its members, then fill the new one.
	st.members, st.lastArrival = nil, 0
	st.first, st.last = time.Time{}, time.Time{}
	st.years = yearSet{}
	st.names = nil
	for _, ai := range keep {
		e.rejoin(ai, si)
	}
	for _, ai := range keepOrder(moved) {
		e.rejoin(ai, ni)
	}
	e.apart[pairKey(si, ni)] = true
	return newID
}

// rejoin adds article ai, already in the engine, to story s, indexing the
// story under the article's strongest terms now. The article keeps the
// query terms of its arrival, as in an engine warmed from the store.
func (e *Engine) rejoin(ai, s int32) {
	a := &e.articles[ai]
	q := a.query
	a.query = nil
	e.join(ai, s, nil)
	a.query = q
}

// KeepApart records that two stories report different events, as a
// user's split decided: re-checks never merge them. Unknown stories are
// ignored.
func (e *Engine) KeepApart(a, b int64) {
	ai, ok1 := e.storyIdx[a]
	bi, ok2 := e.storyIdx[b]
	if ok1 && ok2 && ai != bi {
		e.apart[pairKey(e.resolve(ai), e.resolve(bi))] = true
	}
}

func keepOrder(m map[int32]bool) []int32 {
	out := make([]int32, 0, len(m))
	for ai := range m {
		out = append(out, ai)
	}
	slices.Sort(out)
	return out
}

func pairKey(a, b int32) [2]int32 {
	if a > b {
		a, b = b, a
	}
	return [2]int32{a, b}
}

// mergeSorted merges two ascending lists of article indexes.
func mergeSorted(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] <= b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// repost rewrites the posting lists under which story from may be
// indexed (its members' terms) to name story to instead, dropping an
// entry that repeats the one before it as join does.
func (e *Engine) repost(members []int32, from, to int32) {
	seen := map[uint32]bool{}
	for _, ai := range members {
		for _, t := range e.articles[ai].vec.terms {
			if seen[t.id] {
				continue
			}
			seen[t.id] = true
			p, ok := e.postings[t.id]
			if !ok || !slices.Contains(p, from) {
				continue
			}
			q := p[:0]
			for _, s := range p {
				if s == from {
					s = to
				}
				if n := len(q); n > 0 && q[n-1] == s {
					continue
				}
				q = append(q, s)
			}
			e.postings[t.id] = q
		}
	}
}
