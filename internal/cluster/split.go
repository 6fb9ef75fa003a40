package cluster

import (
	"slices"
	"time"
)

// Split is a story that a re-check found to report two events: Articles
// moved out of Story into the new story New. After is the number of the
// engine's merges (see [Engine.TakeMerges]) made before it, so a caller
// applies merges and splits in the order they happened; Position is the
// number of articles the engine held then, as for a [Merge].
type Split struct {
	Story, New int64
	Articles   []int64
	After      int
	Position   int
}

// TakeSplits returns the splits that re-checks made since the last call,
// in the order they happened; take them together with the merges.
func (e *Engine) TakeSplits() []Split {
	s := e.splits
	e.splits = nil
	return s
}

// ReplaySplit repeats a split a re-check made ([Split]) in an engine
// warmed from the store, at its Position: the same articles move out of
// story into a story with the same ID, kept apart from it. It reports
// whether the split could be made.
func (e *Engine) ReplaySplit(story, newID int64, articleIDs []int64) bool {
	return e.split(story, articleIDs, newID) == newID
}

// splitCheck looks again at story s, which grew since the last re-check,
// for two events that single-pass joining put together: twin events of
// one kind (two Oscar hosts, two fights of one boxer) whose reports share
// the topic's words. It clusters the story's members by average link on
// their pairwise similarity (cosine times the year check, as in scoring)
// and stops where the best link falls below SplitThreshold. Every
// resulting group of at least two articles other than the one holding the
// story's first article moves to a story of its own, kept apart from s; a
// single article left apart stays. When the members are dated, a group
// moves only if its dates are more than TimeGrace apart from the rest: one
// event's reports spread over days, and a story whose parts interleave in
// time is a broad event, not two. Stories of fewer than four or more than
// SplitMaxMembers articles are not looked at. It returns the new stories.
func (e *Engine) splitCheck(s int32) []int32 {
	st := e.stories[s]
	n := len(st.members)
	if e.cfg.SplitThreshold <= 0 || n < 4 || n > e.cfg.SplitMaxMembers {
		return nil
	}
	members := slices.Clone(st.members)
	groups := e.averageLink(members, e.cfg.SplitThreshold)
	if len(groups) == 1 {
		return nil
	}
	var out []int32
	for _, g := range groups {
		if len(g) < minSplitGroup || slices.Contains(g, 0) || !e.apartInTime(members, g) {
			continue
		}
		ids := make([]int64, len(g))
		for k, i := range g {
			ids[k] = e.articles[members[i]].id
		}
		if id := e.split(st.id, ids, splitFresh); id != 0 {
			out = append(out, e.storyIdx[id])
			e.splits = append(e.splits, Split{Story: st.id, New: id, Articles: ids, After: len(e.merges), Position: len(e.articles)})
		}
	}
	return out
}

// averageLink groups the articles by average-link agglomeration, joining
// the two groups of the largest mean pairwise similarity until it falls
// below min. Groups hold positions in members; ties go to the earliest
// pair, so the result depends only on the order of members.
func (e *Engine) averageLink(members []int32, min float64) [][]int {
	n := len(members)
	sim := make([]float64, n*n)
	for i, ai := range members {
		x := &e.articles[ai]
		xn := e.articleNorm(ai)
		if xn == 0 {
			continue
		}
		e.qw = e.qw[:0]
		for _, t := range x.vec.terms {
			idf := e.vocab.idf(t.id)
			e.qw = append(e.qw, termWeight{t.id, float32(float64(t.w) * idf * idf / xn)})
		}
		for j := i + 1; j < n; j++ {
			bi := members[j]
			yn := e.articleNorm(bi)
			if yn == 0 {
				continue
			}
			y := &e.articles[bi]
			c := dotSorted(e.qw, y.vec.terms) / yn * e.yearFactor(x.years, y.years)
			sim[i*n+j], sim[j*n+i] = c, c
		}
	}
	// link[i*n+j] holds the summed similarity between groups i and j, so
	// a join updates the sums instead of recomputing them.
	link := slices.Clone(sim)
	size := make([]int, n)
	groups := make([][]int, n)
	for i := range groups {
		groups[i] = []int{i}
		size[i] = 1
	}
	live := n
	for live > 1 {
		bi, bj, best := -1, -1, -1.0
		for i := range n {
			if size[i] == 0 {
				continue
			}
			for j := i + 1; j < n; j++ {
				if size[j] == 0 {
					continue
				}
				if l := link[i*n+j] / float64(size[i]*size[j]); l > best {
					bi, bj, best = i, j, l
				}
			}
		}
		if best < min {
			break
		}
		for k := range n {
			link[bi*n+k] += link[bj*n+k]
			link[k*n+bi] = link[bi*n+k]
		}
		groups[bi] = append(groups[bi], groups[bj]...)
		size[bi] += size[bj]
		groups[bj], size[bj] = nil, 0
		live--
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// apartInTime reports whether the members at positions g can be another
// event than the rest by their dates: true when any member is undated,
// else when the two date spans are more than TimeGrace apart.
func (e *Engine) apartInTime(members []int32, g []int) bool {
	var in, out [2]time.Time
	for i, ai := range members {
		t := e.articles[ai].published
		if t.IsZero() {
			return true
		}
		sp := &out
		if slices.Contains(g, i) {
			sp = &in
		}
		if sp[0].IsZero() || t.Before(sp[0]) {
			sp[0] = t
		}
		if t.After(sp[1]) {
			sp[1] = t
		}
	}
	gap := max(in[0].Sub(out[1]), out[0].Sub(in[1]))
	return gap > e.cfg.TimeGrace
}

// minSplitGroup is the fewest articles a group needs to be split off: a
// single article left apart by average link stays where it joined.
const minSplitGroup = 2
