// Package storyline links event stories into storylines: the long-running
// subjects (a hurricane's approach, landfall and aftermath; an arrest, a
// trial and a verdict) that run for weeks through many events.
//
// It is a second streaming level above package cluster. Every event story
// belongs to exactly one storyline. A new story starts its own storyline or
// joins an existing one as its articles arrive, without looking ahead: the
// engine compares the story's profile (the people, organisations and places
// its headlines and leads name, and its vocabulary) with storylines found
// through an inverted index, never a scan, and joins the best one when the
// similarity, decayed by the time gap, passes a threshold and the storyline
// already knows enough of the story's names. A storyline's ID is the ID of
// the story that started it. The engine only reads the event level's
// decisions; it never changes them. It is deterministic: the same articles
// in the same order with the same stories give the same storylines.
package storyline

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/text/textfeat"
)

// Config tunes the engine.
type Config struct {
	// Threshold is the least score, a cosine decayed by time, with which
	// a story joins a storyline.
	Threshold float64
	// EntityCover is the least share (by IDF weight) of a story's names
	// that the storyline must already mention. A story that names
	// nothing joins no storyline.
	EntityCover float64
	// EntityWeight multiplies names against words.
	EntityWeight float64
	// TitleWeight multiplies the headline's terms.
	TitleWeight float64
	// LeadTokens is how much of each body is read.
	LeadTokens int
	// Window is the time gap within which the time factor is 1; beyond it
	// the score decays by exp(-(gap-Window)/Window).
	Window time.Duration
	// FollowUpWindow replaces Window for a story whose articles use
	// follow-up language ("the trial of", "a week after").
	FollowUpWindow time.Duration
	// Reconsider is the number of articles up to which a story alone in
	// its storyline is looked at again as it grows.
	Reconsider int
	// QueryTerms, MaxPostings and Candidates bound the index lookups: the
	// story's strongest terms are looked up, each term lists at most
	// MaxPostings storylines (the most recent), and at most Candidates
	// storylines, those sharing the most terms, are scored.
	QueryTerms, MaxPostings, Candidates int
	// IndexTerms is the number of each article's strongest terms that
	// index its storyline.
	IndexTerms int
	// Undated multiplies the score when the story or the storyline has no
	// dates: time continuity cannot be told, so the words must say more.
	Undated float64
	// Members is the number of a storyline's latest stories the story is
	// also compared with one by one; the best of those cosines and the
	// one with the whole storyline counts. 0 compares with the whole only.
	Members int
	// PriorDocs is a number of empty pseudo-documents that keep IDF from
	// treating every shared term as common early in a stream.
	PriorDocs float64
}

// DefaultConfig returns the configuration the pipeline uses. Its
// threshold and cover were chosen on fold 0 of two (internal/benchmark
// AssignFolds) of gva-dev and duc2004-events; see the README.
func DefaultConfig() Config {
	return Config{
		Threshold:      0.20,
		EntityCover:    0.20,
		EntityWeight:   2,
		TitleWeight:    2,
		LeadTokens:     250,
		Window:         10 * 24 * time.Hour,
		FollowUpWindow: 45 * 24 * time.Hour,
		Reconsider:     3,
		QueryTerms:     12,
		MaxPostings:    64,
		Candidates:     8,
		IndexTerms:     12,
		PriorDocs:      10,
		Members:        4,
		Undated:        1,
	}
}

// Doc is one article as the engine reads it, with the story the event
// level put it in.
type Doc struct {
	ID        int64
	StoryID   int64
	Title     string
	Body      string
	Published time.Time // zero = unknown
}

// Explanation says why a story is in its storyline.
type Explanation struct {
	Story     int64 `json:"story"`
	Storyline int64 `json:"storyline"`
	// Joined is false when the story started the storyline.
	Joined bool `json:"joined"`
	// Closest is the best-scoring other storyline, chosen or not.
	Closest   int64   `json:"closest,omitempty"`
	Score     float64 `json:"score"` // of the storyline chosen, or the best refused
	Cosine    float64 `json:"cosine"`
	Time      float64 `json:"time_factor"`
	GapDays   float64 `json:"gap_days"`
	Cover     float64 `json:"entity_cover"`
	FollowUp  bool    `json:"follow_up,omitempty"`
	Threshold float64 `json:"threshold"`
	// Shared lists the names and words that weighed most in the match.
	Shared []string `json:"shared,omitempty"`
	// RunnerUp is the next best storyline, if any, and its score.
	RunnerUp      int64   `json:"runner_up,omitempty"`
	RunnerUpScore float64 `json:"runner_up_score,omitempty"`
	// Reason is one sentence for people.
	Reason string `json:"reason"`
}

// Change is a story whose storyline was set or changed.
type Change struct {
	Story, Storyline int64
	Explanation      Explanation
}

type term struct {
	h uint64
	w float32
}

type story struct {
	id, line    int64
	vec         map[uint64]float32
	first, last time.Time
	n           int
	followUp    bool
	settled     bool
	explanation Explanation
}

type line struct {
	id          int64
	vec         map[uint64]float32
	first, last time.Time
	stories     []int64 // in joining order
	norm        float64
	normDocs    int // docs when norm was computed; 0 = stale
}

// Engine assigns stories to storylines. It is not safe for concurrent use.
type Engine struct {
	cfg     Config
	z       *Featurizer
	df      map[uint64]df
	logN    float64  // log(docs+PriorDocs+1)
	cur     Features // the article being added, for the names in explanations
	docs    int
	stories map[int64]*story
	lines   map[int64]*line
	index   map[uint64][]int64
	changed map[int64]bool
	// articles keeps each article's strongest terms, so that a story
	// split at the event level can be placed afresh.
	articles  map[int64][]term
	keptOrder []int64 // articles' IDs in the order kept
}

// New returns an empty engine.
func New(cfg Config) *Engine {
	return &Engine{cfg: cfg, z: NewFeaturizer(cfg), df: map[uint64]df{}, logN: math.Log(cfg.PriorDocs + 1),
		stories: map[int64]*story{}, lines: map[int64]*line{}, index: map[uint64][]int64{}, changed: map[int64]bool{}, articles: map[int64][]term{}}
}

// NewFeaturizer returns a featurizer of the engine's configuration, for
// [Engine.AddFeatures].
func (e *Engine) NewFeaturizer() *Featurizer { return NewFeaturizer(e.cfg) }

// Storyline returns the storyline of story, or 0 if the engine has not
// seen it.
func (e *Engine) Storyline(storyID int64) int64 {
	if s := e.stories[storyID]; s != nil {
		return s.line
	}
	return 0
}

// Explain returns why story is in its storyline.
func (e *Engine) Explain(storyID int64) (Explanation, bool) {
	s := e.stories[storyID]
	if s == nil {
		return Explanation{}, false
	}
	return s.explanation, true
}

// Add reads one article of its story, in arrival order, and assigns a new
// story to a storyline; a story still alone in its storyline is looked at
// again while it has at most Config.Reconsider articles.
func (e *Engine) Add(d Doc) int64 {
	return e.AddFeatures(d, e.z.Features(d))
}

// AddFeatures is Add with the article's features computed ahead, by a
// [Featurizer] of the same configuration.
func (e *Engine) AddFeatures(d Doc, f Features) int64 {
	vec, follow := f.vec, f.follow
	e.learn(f)
	// The article's names explain the decisions it brings about.
	e.cur = f
	defer func() { e.cur = Features{} }()
	kept := e.strongest(vec, max(keptTerms, e.cfg.IndexTerms))
	e.keep(d.ID, kept)
	s := e.stories[d.StoryID]
	if s == nil {
		s = &story{id: d.StoryID, vec: map[uint64]float32{}}
		e.stories[d.StoryID] = s
	}
	s.n++
	s.followUp = s.followUp || follow
	e.addTo(s.vec, vec, maxStoryTerms)
	stretch(&s.first, &s.last, d.Published)
	if s.line == 0 {
		e.decide(s, vec)
		return s.line
	}
	l := e.lines[s.line]
	e.addTo(l.vec, vec, maxLineTerms)
	l.normDocs = 0
	stretch(&l.first, &l.last, d.Published)
	e.post(l, kept[:min(len(kept), e.cfg.IndexTerms)])
	if !s.settled {
		if len(l.stories) == 1 && s.n <= e.cfg.Reconsider {
			e.reconsider(s, vec)
		} else {
			s.settled = true
		}
	}
	return s.line
}

// Restore puts a stored article back with its story's stored storyline,
// as a warm start does; it decides nothing. A storyline of 0 (a story
// stored before storylines) makes it an Add.
func (e *Engine) Restore(d Doc, storylineID int64) {
	if storylineID == 0 {
		e.Add(d)
		return
	}
	f := e.z.Features(d)
	vec, follow := f.vec, f.follow
	e.learn(f)
	kept := e.strongest(vec, max(keptTerms, e.cfg.IndexTerms))
	e.keep(d.ID, kept)
	s := e.stories[d.StoryID]
	if s == nil {
		s = &story{id: d.StoryID, vec: map[uint64]float32{}, line: storylineID, settled: true}
		e.stories[d.StoryID] = s
		l := e.lines[storylineID]
		if l == nil {
			l = &line{id: storylineID, vec: map[uint64]float32{}}
			e.lines[storylineID] = l
		}
		l.stories = append(l.stories, s.id)
		s.explanation = Explanation{Story: s.id, Storyline: storylineID, Joined: s.id != storylineID, Threshold: e.cfg.Threshold,
			Reason: "restored from the store"}
	}
	s.n++
	s.followUp = s.followUp || follow
	e.addTo(s.vec, vec, maxStoryTerms)
	stretch(&s.first, &s.last, d.Published)
	l := e.lines[s.line]
	e.addTo(l.vec, vec, maxLineTerms)
	l.normDocs = 0
	stretch(&l.first, &l.last, d.Published)
	e.post(l, kept[:min(len(kept), e.cfg.IndexTerms)])
}

// Merge follows an event-level merge: merged's articles now belong to
// survivor, which keeps its storyline; merged leaves its own.
func (e *Engine) Merge(survivor, merged int64) {
	m := e.stories[merged]
	if m == nil {
		return
	}
	s := e.stories[survivor]
	if s == nil {
		// The survivor is unknown (clustered before the engine started):
		// it takes over merged's place.
		delete(e.stories, merged)
		m.id = survivor
		e.stories[survivor] = m
		if l := e.lines[m.line]; l != nil {
			l.stories = replace(l.stories, merged, survivor)
		}
		e.changed[survivor] = true
		return
	}
	e.addTo(s.vec, mapTerms(m.vec), maxStoryTerms)
	s.n += m.n
	s.followUp = s.followUp || m.followUp
	stretch(&s.first, &s.last, m.first)
	stretch(&s.first, &s.last, m.last)
	e.leave(m)
	delete(e.stories, merged)
	if sl := e.lines[s.line]; sl != nil {
		e.addTo(sl.vec, mapTerms(m.vec), maxLineTerms)
		sl.normDocs = 0
		stretch(&sl.first, &sl.last, m.first)
		stretch(&sl.first, &sl.last, m.last)
	}
	delete(e.changed, merged)
}

// Split follows an event-level split: the articles (IDs) moved out of
// story into the new story newID. The new story is placed afresh, from
// the strongest terms of its articles, as a new story is; it may well
// stay in the old story's storyline.
func (e *Engine) Split(storyID, newID int64, articles []int64) {
	s := e.stories[storyID]
	if s == nil || e.stories[newID] != nil {
		return
	}
	n := &story{id: newID, vec: map[uint64]float32{}, settled: true}
	var moved []term
	for _, id := range articles {
		v := e.articles[id]
		addVec(n.vec, v)
		moved = append(moved, v...)
		n.n++
	}
	n.first, n.last = s.first, s.last
	e.stories[newID] = n
	// The old story and its storyline keep the moved terms out of
	// their profiles from now on.
	subVec(s.vec, n.vec)
	s.n = max(s.n-n.n, 1)
	if l := e.lines[s.line]; l != nil {
		subVec(l.vec, n.vec)
		l.normDocs = 0
	}
	e.decide(n, moved)
	n.explanation.Reason = "split by clustering out of story " + itoa(storyID) + "; " + n.explanation.Reason
}

// keptTerms is the number of each article's strongest terms kept for
// splits, for the latest maxKeptArticles articles; an older article split
// off adds nothing to its new story's profile.
const (
	keptTerms       = 24
	maxKeptArticles = 200_000
)

// Profiles keep at most this many terms (the heaviest), so that memory
// per story and storyline is bounded on a long stream.
const (
	maxStoryTerms = 2000
	maxLineTerms  = 4000
)

// keep remembers an article's strongest terms, forgetting the oldest
// article's past maxKeptArticles.
func (e *Engine) keep(id int64, terms []term) {
	e.articles[id] = terms
	e.keptOrder = append(e.keptOrder, id)
	if len(e.keptOrder) > maxKeptArticles+maxKeptArticles/4 {
		drop := len(e.keptOrder) - maxKeptArticles
		for _, old := range e.keptOrder[:drop] {
			delete(e.articles, old)
		}
		e.keptOrder = slices.Clone(e.keptOrder[drop:])
	}
}

// addTo adds vec to the profile dst and, when dst has grown past twice
// limit, keeps its limit heaviest terms (ties by hash).
func (e *Engine) addTo(dst map[uint64]float32, vec []term, limit int) {
	addVec(dst, vec)
	if len(dst) <= 2*limit {
		return
	}
	all := mapTerms(dst)
	slices.SortFunc(all, func(a, b term) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return cmp.Compare(a.h, b.h)
	})
	for _, t := range all[limit:] {
		delete(dst, t.h)
	}
}

// TakeChanges returns the stories whose storyline was set or changed since
// the last call, in story ID order.
func (e *Engine) TakeChanges() []Change {
	ids := make([]int64, 0, len(e.changed))
	for id := range e.changed {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]Change, 0, len(ids))
	for _, id := range ids {
		if s := e.stories[id]; s != nil {
			out = append(out, Change{Story: id, Storyline: s.line, Explanation: s.explanation})
		}
	}
	clear(e.changed)
	return out
}

// decide places a story that has no storyline yet.
func (e *Engine) decide(s *story, vec []term) {
	best, runner := e.best(s, vec)
	if best.line != nil && best.ok {
		e.join(s, best.line)
	} else {
		l := &line{id: s.id, vec: map[uint64]float32{}}
		e.lines[s.id] = l
		s.line = s.id
		l.stories = []int64{s.id}
		e.addTo(l.vec, mapTerms(s.vec), maxLineTerms)
		l.first, l.last = s.first, s.last
		e.indexTerms(l, vec)
	}
	s.explanation = e.explain(s, best, runner)
	e.changed[s.id] = true
}

// reconsider moves a story alone in its storyline into another one that
// now matches it.
func (e *Engine) reconsider(s *story, vec []term) {
	best, runner := e.best(s, vec)
	if best.line == nil || !best.ok {
		return
	}
	e.leave(s)
	e.join(s, best.line)
	s.explanation = e.explain(s, best, runner)
	e.changed[s.id] = true
}

// join adds s to l.
func (e *Engine) join(s *story, l *line) {
	s.line = l.id
	l.stories = append(l.stories, s.id)
	e.addTo(l.vec, mapTerms(s.vec), maxLineTerms)
	l.normDocs = 0
	stretch(&l.first, &l.last, s.first)
	stretch(&l.first, &l.last, s.last)
	e.indexTerms(l, mapTerms(s.vec))
}

// leave takes s out of its storyline; an emptied storyline is dropped.
// The storyline's profile keeps s's terms only if other stories remain.
func (e *Engine) leave(s *story) {
	l := e.lines[s.line]
	if l == nil {
		return
	}
	l.stories = slices.DeleteFunc(l.stories, func(id int64) bool { return id == s.id })
	if len(l.stories) == 0 {
		delete(e.lines, l.id) // postings to it are skipped when read
		return
	}
	subVec(l.vec, s.vec)
	l.normDocs = 0
}

type match struct {
	line                *line
	score, cos, tf, cov float64
	gap                 float64 // days; -1 when undated
	ok                  bool
	shared              []string
}

// best scores the candidate storylines of s, other than its own.
func (e *Engine) best(s *story, vec []term) (best, runner match) {
	q := e.queryTerms(s)
	hits := map[int64]int{}
	for _, t := range q {
		for _, id := range e.index[t.h] {
			if id != s.line {
				hits[id]++
			}
		}
	}
	type cand struct {
		id   int64
		hits int
	}
	cands := make([]cand, 0, len(hits))
	for id, n := range hits {
		if e.lines[id] != nil {
			cands = append(cands, cand{id, n})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(b.hits, a.hits); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	if len(cands) > e.cfg.Candidates {
		cands = cands[:e.cfg.Candidates]
	}
	for _, c := range cands {
		m := e.score(s, e.lines[c.id])
		switch {
		case best.line == nil || m.score > best.score || (m.score == best.score && m.line.id < best.line.id):
			runner, best = best, m
		case runner.line == nil || m.score > runner.score:
			runner = m
		}
	}
	return best, runner
}

// score compares story s with storyline l.
func (e *Engine) score(s *story, l *line) match {
	m := match{line: l, gap: -1}
	var dot, sn float64
	type contrib struct {
		h uint64
		v float64
	}
	var top []contrib
	var entAll, entIn float64
	for h, w := range s.vec {
		idf := e.idf(h)
		a := e.weight(h, w, idf)
		sn += a * a
		if isEntity(h) {
			entAll += idf
		}
		lw, ok := l.vec[h]
		if !ok || lw <= 0 {
			continue
		}
		if isEntity(h) {
			entIn += idf
		}
		v := a * e.weight(h, lw, idf)
		dot += v
		top = append(top, contrib{h, v})
	}
	ln := e.lineNorm(l)
	if sn > 0 && ln > 0 {
		m.cos = dot / math.Sqrt(sn) / ln
	}
	if e.cfg.Members > 0 && sn > 0 {
		ids := l.stories[max(0, len(l.stories)-e.cfg.Members):]
		for _, id := range ids {
			if o := e.stories[id]; o != nil && o != s {
				m.cos = max(m.cos, e.cosine(s.vec, math.Sqrt(sn), o.vec))
			}
		}
	}
	// A story that names no one (lower-cased text, say) shows no
	// participants to share: vocabulary alone does not make a subject.
	if entAll > 0 {
		m.cov = entIn / entAll
	}
	m.tf = e.cfg.Undated
	if !s.first.IsZero() && !l.first.IsZero() {
		m.tf = 1
		gap := max(s.first.Sub(l.last), l.first.Sub(s.last), 0)
		m.gap = gap.Hours() / 24
		w := e.cfg.Window
		if s.followUp {
			w = e.cfg.FollowUpWindow
		}
		if gap > w && w > 0 {
			m.tf = math.Exp(-float64(gap-w) / float64(w))
		}
	}
	m.score = m.cos * m.tf
	m.ok = m.score >= e.cfg.Threshold && m.cov >= e.cfg.EntityCover
	slices.SortFunc(top, func(a, b contrib) int {
		if c := cmp.Compare(b.v, a.v); c != 0 {
			return c
		}
		return cmp.Compare(a.h, b.h)
	})
	for _, c := range top[:min(6, len(top))] {
		if n, ok := e.cur.name(c.h); ok {
			m.shared = append(m.shared, n)
		}
	}
	return m
}

// cosine is the TF-IDF cosine of a (whose norm is an) and b.
func (e *Engine) cosine(a map[uint64]float32, an float64, b map[uint64]float32) float64 {
	var dot, bn float64
	for h, w := range b {
		idf := e.idf(h)
		x := e.weight(h, w, idf)
		bn += x * x
		if aw, ok := a[h]; ok {
			dot += x * e.weight(h, aw, idf)
		}
	}
	if an == 0 || bn == 0 {
		return 0
	}
	return dot / an / math.Sqrt(bn)
}

func (e *Engine) explain(s *story, best, runner match) Explanation {
	ex := Explanation{Story: s.id, Storyline: s.line, Joined: s.line != s.id, Threshold: e.cfg.Threshold, FollowUp: s.followUp}
	if best.line != nil {
		ex.Closest = best.line.id
		ex.Score, ex.Cosine, ex.Time, ex.GapDays, ex.Cover, ex.Shared = round(best.score), round(best.cos), round(best.tf), round(best.gap), round(best.cov), best.shared
	}
	if ex.Joined {
		if runner.line != nil {
			ex.RunnerUp, ex.RunnerUpScore = runner.line.id, round(runner.score)
		}
		ex.Reason = "joined storyline " + itoa(s.line) + ": similarity " + ftoa(best.cos) + " × time " + ftoa(best.tf) +
			" = " + ftoa(best.score) + " ≥ " + ftoa(e.cfg.Threshold) + ", and the storyline names " + ftoa(best.cov) + " of the story's names"
		if len(best.shared) > 0 {
			ex.Reason += " (shared: " + strings.Join(best.shared, ", ") + ")"
		}
		return ex
	}
	switch {
	case best.line == nil:
		ex.Reason = "started a storyline: no storyline shares its strongest terms"
	case best.score < e.cfg.Threshold:
		ex.Reason = "started a storyline: the closest, " + itoa(best.line.id) + ", scored " + ftoa(best.score) + " < " + ftoa(e.cfg.Threshold)
	default:
		ex.Reason = "started a storyline: the closest, " + itoa(best.line.id) + ", names only " + ftoa(best.cov) + " of the story's names (< " + ftoa(e.cfg.EntityCover) + ")"
	}
	return ex
}

// queryTerms are a story's strongest terms by TF-IDF.
func (e *Engine) queryTerms(s *story) []term {
	return e.strongest(mapTerms(s.vec), e.cfg.QueryTerms)
}

func (e *Engine) strongest(vec []term, k int) []term {
	type tw struct {
		t term
		v float64
	}
	ws := make([]tw, len(vec))
	for i, t := range vec {
		ws[i] = tw{t, e.weight(t.h, t.w, e.idf(t.h))}
	}
	slices.SortFunc(ws, func(a, b tw) int {
		if c := cmp.Compare(b.v, a.v); c != 0 {
			return c
		}
		return cmp.Compare(a.t.h, b.t.h)
	})
	out := make([]term, 0, min(k, len(ws)))
	for _, w := range ws[:min(k, len(ws))] {
		out = append(out, w.t)
	}
	return out
}

// indexTerms posts l under the strongest terms of vec. A posting list
// keeps its most recent MaxPostings storylines.
func (e *Engine) indexTerms(l *line, vec []term) {
	e.post(l, e.strongest(vec, e.cfg.IndexTerms))
}

// post posts l under terms.
func (e *Engine) post(l *line, terms []term) {
	for _, t := range terms {
		p := e.index[t.h]
		if i := slices.Index(p, l.id); i >= 0 {
			if i == len(p)-1 {
				continue
			}
			p = slices.Delete(p, i, i+1)
		}
		p = append(p, l.id)
		if len(p) > e.cfg.MaxPostings {
			p = slices.Delete(p, 0, len(p)-e.cfg.MaxPostings)
		}
		e.index[t.h] = p
	}
}

func (e *Engine) lineNorm(l *line) float64 {
	if l.normDocs != 0 && e.docs < l.normDocs+l.normDocs/10+1 {
		return l.norm
	}
	var n float64
	for h, w := range l.vec {
		if w > 0 {
			a := e.weight(h, w, e.idf(h))
			n += a * a
		}
	}
	l.norm, l.normDocs = math.Sqrt(n), max(e.docs, 1)
	return l.norm
}

// weight is a term's sublinear TF-IDF weight, names weighted up.
func (e *Engine) weight(h uint64, tf float32, idf float64) float64 {
	if tf <= 0 {
		return 0
	}
	w := (1 + math.Log(float64(tf))) * idf
	if isEntity(h) {
		w *= e.cfg.EntityWeight
	}
	return w
}

// df is a term's document frequency and the logarithm of it plus a half.
type df struct {
	n   int32
	log float32
}

// idf is log((N+PriorDocs+1)/(df+0.5)), from cached logarithms.
func (e *Engine) idf(h uint64) float64 {
	d, ok := e.df[h]
	if !ok {
		return e.logN - math.Log(0.5)
	}
	return e.logN - float64(d.log)
}

// learn counts a document's terms and remembers their names.
func (e *Engine) learn(f Features) {
	e.docs++
	e.logN = math.Log(float64(e.docs) + e.cfg.PriorDocs + 1)
	for _, t := range f.vec {
		d := e.df[t.h]
		d.n++
		d.log = float32(math.Log(float64(d.n) + 0.5))
		e.df[t.h] = d
	}
}

// Features is what the engine reads from one article: the names
// (hashes with the low bit set) and word stems of its headline and lead,
// each once with its weighted count, and whether it uses follow-up
// language.
type Features struct {
	vec    []term
	names  []string // names[i] is vec[i]'s text
	follow bool
}

// name returns the text of the term h, if f has it.
func (f *Features) name(h uint64) (string, bool) {
	i, ok := slices.BinarySearchFunc(f.vec, h, func(t term, h uint64) int { return cmp.Compare(t.h, h) })
	if !ok || i >= len(f.names) {
		return "", false
	}
	return f.names[i], true
}

// Featurizer computes Features. It is pure but holds a stem cache: use
// one per goroutine.
type Featurizer struct {
	cfg  Config
	stem textfeat.Stemmer
	toks []textfeat.Token
}

// NewFeaturizer returns a featurizer for cfg.
func NewFeaturizer(cfg Config) *Featurizer { return &Featurizer{cfg: cfg} }

// Features reads d.
func (z *Featurizer) Features(d Doc) Features {
	type entry struct {
		w    float32
		name string
	}
	counts := map[uint64]entry{}
	add := func(kind byte, s string, w float32) {
		h := hash(kind, s)
		c := counts[h]
		c.w += w
		c.name = s
		counts[h] = c
	}
	tw := float32(z.cfg.TitleWeight)
	read := func(text string, w float32, limit int) {
		z.toks = textfeat.Tokens(z.toks[:0], text)
		if limit > 0 && len(z.toks) > limit {
			z.toks = z.toks[:limit]
		}
		for _, t := range z.toks {
			if t.Num || len(t.Lower) < 3 || textfeat.IsStopword(t.Lower) {
				continue
			}
			add('w', z.stem.Stem(t.Lower), w)
		}
		if textfeat.MixedCase(z.toks) {
			for _, n := range textfeat.Entities(z.toks) {
				if len(n) >= 3 {
					add('e', n, w)
				}
			}
		}
	}
	read(d.Title, tw, 0)
	read(d.Body, 1, z.cfg.LeadTokens)
	f := Features{vec: make([]term, 0, len(counts)), names: make([]string, 0, len(counts))}
	for h, c := range counts {
		f.vec = append(f.vec, term{h, c.w})
	}
	slices.SortFunc(f.vec, func(a, b term) int { return cmp.Compare(a.h, b.h) })
	for _, t := range f.vec {
		f.names = append(f.names, counts[t.h].name)
	}
	f.follow = followUp(d.Title + "\n" + lead(d.Body, 1500))
	return f
}

// followUps are phrases that tell a report follows earlier events.
var followUps = []string{
	"a day after", "days after", "a week after", "weeks after", "months after", "the day after",
	"in the wake of", "the aftermath", "aftermath of", "the trial of", "trial of", "verdict",
	"sentenced", "pleaded guilty", "pleaded not guilty", "indicted", "charged with", "anniversary",
	"last month", "earlier this month", "weeks of", "months of", "resumed", "the latest in",
}

func followUp(s string) bool {
	s = strings.ToLower(s)
	for _, p := range followUps {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func lead(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// hash is FNV-1a of kind and text; names get the low bit set, words not.
func hash(kind byte, s string) uint64 {
	h := uint64(14695981039346656037)
	h ^= uint64(kind)
	h *= 1099511628211
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	if kind == 'e' {
		return h | 1
	}
	return h &^ 1
}

func isEntity(h uint64) bool { return h&1 == 1 }

func addVec(dst map[uint64]float32, vec []term) {
	for _, t := range vec {
		dst[t.h] += t.w
	}
}

func subVec(dst, vec map[uint64]float32) {
	for h, w := range vec {
		if v := dst[h] - w; v > 1e-6 {
			dst[h] = v
		} else {
			delete(dst, h)
		}
	}
}

func mapTerms(m map[uint64]float32) []term {
	out := make([]term, 0, len(m))
	for h, w := range m {
		out = append(out, term{h, w})
	}
	slices.SortFunc(out, func(a, b term) int { return cmp.Compare(a.h, b.h) })
	return out
}

func stretch(first, last *time.Time, t time.Time) {
	if t.IsZero() {
		return
	}
	if first.IsZero() || t.Before(*first) {
		*first = t
	}
	if last.IsZero() || t.After(*last) {
		*last = t
	}
}

func replace(ids []int64, old, repl int64) []int64 {
	for i, id := range ids {
		if id == old {
			ids[i] = repl
		}
	}
	return ids
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

func round(f float64) float64 { return math.Round(f*1000) / 1000 }
