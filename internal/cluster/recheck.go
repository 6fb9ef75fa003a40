package cluster

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// recheckMembers is the number of most recent members of each story that
// a re-check compares; recheckCandidates the stories compared with each.
const (
	recheckMembers    = 4
	recheckCandidates = 6
)

// recheck splits each story that grew since the last re-check when it
// turns out to hold two events (splitCheck), then merges each story
// started since into the most similar older story when the mean
// similarity of their articles reaches MergeThreshold. Stories are
// visited in story ID order, so the result depends only on the arrival
// order.
func (e *Engine) recheck() {
	// Splits first: a group split off a story is then re-checked like a
	// new story, and may belong to another one.
	for _, s := range sortedByStoryID(e, e.grown) {
		if e.mergedTo[s] >= 0 || !crossesCheckpoint(int(e.grown[s]), len(e.stories[s].members)) {
			continue
		}
		for _, ns := range e.splitCheck(s) {
			e.dirty[ns] = true
		}
	}
	clear(e.grown) // splits do not grow stories: nothing was added meanwhile
	dirty := sortedByStoryID(e, e.dirty)
	clear(e.dirty)
	for _, s := range dirty {
		s = e.resolve(s)
		st := e.stories[s]
		if len(st.members) == 0 {
			continue
		}
		best, bestSim := int32(-1), 0.0
		for _, c := range e.storyCandidates(s) {
			if e.apart[pairKey(s, c)] {
				continue
			}
			if sim := e.storySimilarity(s, c); sim > bestSim {
				best, bestSim = c, sim
			}
		}
		if best < 0 || bestSim < e.cfg.MergeThreshold {
			continue
		}
		survivor, merged := s, best
		if e.stories[best].id < e.stories[s].id {
			survivor, merged = best, s
		}
		e.merges = append(e.merges, Merge{Survivor: e.stories[survivor].id, Merged: e.stories[merged].id, Position: len(e.articles)})
		e.Merge(e.stories[survivor].id, e.stories[merged].id)
	}
}

// sortedByStoryID returns the set's story indexes sorted by story ID. Stories are visited in that order, and the older ID
// survives a merge: IDs, unlike indexes, are the same in an engine warmed
// from the store (a story split off another takes one of its articles'
// IDs, and its index in a warmed engine is earlier than in the engine
// that split it).
func sortedByStoryID[V any](e *Engine, set map[int32]V) []int32 {
	out := make([]int32, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b int32) int { return cmp.Compare(e.stories[a].id, e.stories[b].id) })
	return out
}

// crossesCheckpoint reports whether a story that grew from before to now
// members passed one of the sizes at which it is looked at again for a
// split: 4, then each about a quarter larger (5, 6, 8, 10, 13, 16, 20,
// 25, …), so a growing story is split-checked a few times, not at every
// re-check.
func crossesCheckpoint(before, now int) bool {
	for c := 4.0; int(c) <= now; c = math.Ceil(c * 1.25) {
		if int(c) > before {
			return true
		}
	}
	return false
}

// storyCandidates finds the stories sharing the strongest terms of story
// s's most recent members.
func (e *Engine) storyCandidates(s int32) []int32 {
	st := e.stories[s]
	members := st.members[max(0, len(st.members)-recheckMembers):]
	e.acc.reset()
	for _, ai := range members {
		e.addCandidates(e.articles[ai].query)
	}
	e.acc.fold(e.resolve, s)
	e.cands = e.acc.top(e.cands[:0], recheckCandidates, e.indexID)
	out := make([]int32, 0, recheckCandidates)
	for _, c := range e.cands {
		out = append(out, c.s)
	}
	return out
}

// storySimilarity is the mean cosine between the recent members of two
// stories, decayed by the time (or arrival) gap between them.
func (e *Engine) storySimilarity(s, c int32) float64 {
	a, b := e.stories[s], e.stories[c]
	am := a.members[max(0, len(a.members)-recheckMembers):]
	bm := b.members[max(0, len(b.members)-recheckMembers):]
	var sum float64
	n := 0
	for _, ai := range am {
		x := &e.articles[ai]
		xn := e.articleNorm(ai)
		if xn == 0 {
			n += len(bm)
			continue
		}
		e.qw = e.qw[:0]
		for _, t := range x.vec.terms {
			idf := e.vocab.idf(t.id)
			e.qw = append(e.qw, termWeight{t.id, float32(float64(t.w) * idf * idf / xn)})
		}
		for _, bi := range bm {
			n++
			y := &e.articles[bi]
			if yn := e.articleNorm(bi); yn > 0 {
				sum += dotSorted(e.qw, y.vec.terms) / yn
			}
		}
	}
	if n == 0 {
		return 0
	}
	sim := sum / float64(n) * e.yearFactor(a.years, b.years)
	// Time: the gap between the stories' date spans, else arrivals.
	if e.cfg.TimeScale > 0 && !a.first.IsZero() && !b.first.IsZero() {
		var gap time.Duration
		if b.first.After(a.last) {
			gap = b.first.Sub(a.last)
		} else if a.first.After(b.last) {
			gap = a.first.Sub(b.last)
		}
		d := e.decay(float64(gap))
		if gap > e.cfg.AnchorGap {
			// As in scoring: far apart in time, the anchors of the
			// newer story's articles are judged against the names
			// of the older one's.
			newer, older := a, b
			if s < c {
				newer, older = b, a
			}
			var anchors []uint32
			for _, ai := range newer.members {
				anchors = unionSorted(anchors, e.articles[ai].anchors)
			}
			d *= e.anchorFactor(anchors, older.names)
		}
		return sim * d
	}
	if e.cfg.ArrivalScale > 0 {
		gap := math.Abs(float64(a.lastArrival - b.lastArrival))
		sim /= 1 + gap/float64(e.cfg.ArrivalScale)
	}
	return sim
}

// Merge is a merge a re-check made: every article of Merged moved to
// Survivor. Position is the number of articles the engine held then: an
// engine warmed from the store replays it right after restoring that many
// articles (see [Engine.Restore]).
type Merge struct {
	Survivor, Merged int64
	Position         int
}

// TakeMerges returns the merges that re-checks made since the last call,
// in the order they happened, so a caller that stores stories can apply
// them.
func (e *Engine) TakeMerges() []Merge {
	m := e.merges
	e.merges = nil
	return m
}
