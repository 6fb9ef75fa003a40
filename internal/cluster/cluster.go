// Package cluster groups a stream of news articles into stories: one story
// per real-world event, not per topic. It is a single-pass, deterministic,
// in-memory clusterer whose cost per article does not grow with the number
// of stories.
//
// An article is described by a TF-IDF vector whose document frequencies
// are learned online from the stream: stemmed content words, pairs of
// adjacent words, named-entity phrases (when the text is mixed-case),
// numbers, and the headline weighted up. Sentences and headline parts that
// earlier articles repeated (site furniture, sign-up prompts, site names)
// are learned online too and ignored.
//
// Candidate stories come from an inverted index over each article's
// strongest terms, with posting lists capped to the most recent stories.
// A candidate's score blends the mean and the largest cosine between the
// article and the story's most recent members (average link keeps broad,
// topic-like stories from swallowing every article of their topic), and
// decays with the time between them when both have dates, or with the
// number of arrivals since the story was updated when they do not. An
// article joins the best story if its score reaches Config.Threshold, else
// it starts a new one. Exact and near-duplicate copies (package dedup) join
// their original's story. Periodic re-checks merge new stories into older
// ones that turn out to report the same event.
//
// Users correct the engine with [Engine.Merge] and [Engine.Split]; later
// articles follow their decisions.
package cluster

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/storyline-news/storyline/internal/dedup"
)

// Doc is an article as the engine sees it.
type Doc struct {
	ID        int64
	Title     string
	Body      string
	Published time.Time // zero = unknown
	Source    string
	Language  string
}

// Decision is where the engine put an article.
type Decision struct {
	// StoryID is the story the article joined; it equals the article's ID
	// when the article starts a new story.
	StoryID int64
	// DuplicateOf is the earliest article this one is a near copy of, or 0.
	DuplicateOf int64
	// Score is the similarity to the story joined (1 for copies), or to the
	// best candidate when the article starts a new story.
	Score float64
	// New is true when the article starts a new story.
	New bool
}

// Config tunes an [Engine]. The zero value is not useful; start from
// [DefaultConfig].
type Config struct {
	// Threshold is the smallest score for joining an existing story.
	Threshold float64
	// TitleWeight multiplies the term counts of the title.
	TitleWeight float64
	// EntityWeight is the count of a named-entity phrase relative to a
	// word; 0 disables entities.
	EntityWeight float64
	// BigramWeight is the count of a pair of adjacent content words
	// relative to a word; 0 disables pairs.
	BigramWeight float64
	// NumberWeight is the count of a number relative to a word.
	NumberWeight float64
	// MaxBodyTokens limits how much of the body is read (the lead carries
	// the event); 0 reads it all.
	MaxBodyTokens int
	// MaxDocTerms is the number of strongest terms kept per article.
	MaxDocTerms int
	// IndexTerms is the number of an article's strongest terms under
	// which its story is indexed.
	IndexTerms int
	// QueryTerms is the number of an article's strongest terms, among
	// those earlier articles used, by which candidate stories are found.
	QueryTerms int
	// MaxPostings caps each posting list; the oldest stories fall out.
	MaxPostings int
	// Candidates is the number of stories scored in full per article.
	Candidates int
	// TimeGrace is the time gap that costs nothing: the first reports of
	// an event spread over a few days.
	TimeGrace time.Duration
	// YearMismatch multiplies the score of a story when both the story
	// and the article date themselves with years in their headlines and
	// leads (LeadSentences), and no year is shared: two elections, 2008
	// and 2013. 1 disables the check.
	YearMismatch float64
	// LeadSentences is the number of leading body sentences (after the
	// headline) whose years date an article for YearMismatch.
	LeadSentences int
	// AnchorMismatch multiplies the score of a story when the article's
	// anchors, the named entities (people, organisations, places) of its
	// headline and lead (LeadSentences), are mostly missing from the
	// names the story's articles mention anywhere: two shootings in one city, one at a grocery store, one at a
	// nightclub, share the city but not the places. The factor rises
	// linearly from AnchorMismatch, when the story has none of the
	// article's anchors, to 1 when it has AnchorCover of them (by IDF
	// weight). Articles with fewer than two anchors (lower-cased text) are
	// not judged, nor are articles within AnchorGap of the story's span.
	// 1 disables the check.
	AnchorMismatch float64
	// AnchorGap is the time gap between a dated article and a dated
	// story's span beyond which AnchorMismatch applies: the first reports
	// of an event name different people, later ones are judged by them.
	// Undated articles and stories are never judged.
	AnchorGap time.Duration
	// AnchorCover is the IDF-weighted share of the article's anchors a
	// story needs for AnchorMismatch to cost nothing.
	AnchorCover float64
	// SingleLink blends the story score from the mean cosine to the
	// story's members (0) to the largest one (1).
	SingleLink float64
	// MaxLinks is the number of a story's most recent members compared.
	MaxLinks int
	// TimeScale sets how fast the score falls with the time gap between
	// an article and a story when both have dates: by 1/(1+ln(1+g/TimeScale))
	// for the part g of the gap beyond TimeGrace. 0 ignores dates.
	TimeScale time.Duration
	// ArrivalScale is the number of arrivals without an update that halves
	// a story's score when dates are missing; 0 ignores arrival order.
	ArrivalScale int
	// BoilerplateDocs: body sentences (of four tokens or more) already seen
	// in this many earlier articles are ignored; 0 keeps them all.
	BoilerplateDocs int
	// RecheckEvery is the number of arrivals between re-checks, which
	// merge stories that turned out to be one; 0 never re-checks.
	RecheckEvery int
	// RecheckNewOnly limits re-checks to the stories started since the
	// last one.
	RecheckNewOnly bool
	// MergeThreshold is the smallest mean similarity between the
	// articles of two stories for a re-check to merge them.
	MergeThreshold float64
	// PriorDocs is a number of pseudo-documents, containing none of the
	// terms, counted in IDF besides the stream's own documents: while the
	// stream is short, a term shared by two of three articles is still
	// informative. Its effect fades as the stream grows.
	PriorDocs float64
	// SplitThreshold is the average-link similarity below which a
	// re-check splits groups of a grown story's members into stories of
	// their own (see splitCheck); 0 never splits.
	SplitThreshold float64
	// SplitMaxMembers is the size beyond which a story is not split.
	SplitMaxMembers int
	// Dedup configures near-duplicate detection.
	Dedup dedup.Config
}

// DefaultConfig returns the configuration measured on the benchmark files.
func DefaultConfig() Config {
	return Config{
		Threshold:       0.13,
		TitleWeight:     2,
		EntityWeight:    1,
		NumberWeight:    0.5,
		BigramWeight:    0.5,
		MaxBodyTokens:   500,
		MaxDocTerms:     150,
		IndexTerms:      40,
		QueryTerms:      16,
		MaxPostings:     64,
		Candidates:      10,
		TimeScale:       10 * 24 * time.Hour,
		TimeGrace:       5 * 24 * time.Hour,
		SingleLink:      0.3,
		YearMismatch:    0.3,
		AnchorMismatch:  0.5,
		AnchorCover:     0.5,
		AnchorGap:       10 * 24 * time.Hour,
		LeadSentences:   2,
		MaxLinks:        8,
		ArrivalScale:    200,
		BoilerplateDocs: 2,
		RecheckEvery:    100,
		RecheckNewOnly:  true,
		MergeThreshold:  0.10,
		PriorDocs:       10,
		SplitThreshold:  0.14,
		SplitMaxMembers: 64,
		Dedup:           dedup.DefaultConfig(),
	}
}

// story is a group of articles about one event.
type story struct {
	id      int64
	members []int32 // article indexes
	first   time.Time
	last    time.Time
	// lastArrival is the arrival index of the newest member.
	lastArrival int32
	years       yearSet  // years its members mention
	names       []uint32 // the entity terms of its members' vectors, sorted (with AnchorMismatch)
}

// article is what the engine remembers of a document.
type article struct {
	id        int64
	story     int32
	published time.Time
	vec       docVector
	norm      float32 // cached articleNorm
	// bodyTokens counts the body tokens left after boilerplate removal.
	bodyTokens int32
	// titleTerms are the title's term IDs.
	titleTerms []uint32
	source     string   // interned
	query      []uint32 // strongest terms shared with earlier articles
	years      yearSet  // years the title and kept body mention
	anchors    []uint32 // entity term IDs of the title and lead, sorted
}

// Engine assigns articles to stories. It is not safe for concurrent use;
// articles must be added in arrival order.
type Engine struct {
	cfg       Config
	vocab     *vocab
	x         *extractor
	workers   []*extractor // AddBatch's, reused for their stem caches
	dd        *dedup.Index
	stories   []*story
	storyIdx  map[int64]int32 // story ID -> index
	articles  []article
	artIdx    map[int64]int32
	postings  map[uint32][]int32
	mergedTo  []int32                // by story index: the story it was merged into, or -1
	explain   map[int64]*Explanation // of the last explainKeep articles
	explained []int64                // their IDs, oldest first (a ring)
	nextOut   int                    // the ring's oldest slot once full
	apart     map[[2]int32]bool
	dirty     map[int32]bool  // stories changed since the last re-check
	merges    []Merge         // automatic merges not yet taken
	splits    []Split         // automatic splits not yet taken
	grown     map[int32]int32 // stories joined since the last re-check: their size before
	normNext  int             // vocab.docs at the next refresh of all norms

	acc        accumulator // scratch: candidate weights
	anchorBuf  []feat      // scratch: an article's anchor features
	sentences  counter     // body sentence hash -> articles seen in
	titleParts counter     // headline part hash -> headlines seen in
	counts     termCounts
	sources    map[string]string
	qw         []termWeight
	tw         []termWeight
	index      []uint32 // the last ranked article's index terms
	cands      []candidate
}

type candidate struct {
	s     int32
	score float64
}

// New returns an empty engine.
func New(cfg Config) *Engine {
	e := &Engine{
		cfg:        cfg,
		vocab:      newVocab(cfg.PriorDocs),
		dd:         dedup.New(cfg.Dedup),
		storyIdx:   map[int64]int32{},
		artIdx:     map[int64]int32{},
		postings:   map[uint32][]int32{},
		explain:    map[int64]*Explanation{},
		apart:      map[[2]int32]bool{},
		dirty:      map[int32]bool{},
		grown:      map[int32]int32{},
		sentences:  counter{},
		titleParts: counter{},
		counts:     termCounts{index: map[uint64]int32{}},
		sources:    map[string]string{},
		x:          &extractor{},
	}
	return e
}

// Len returns the number of articles added.
func (e *Engine) Len() int { return len(e.articles) }

// Stories returns the number of stories the engine holds in memory, live
// (not merged away) and with members.
func (e *Engine) Stories() int {
	n := 0
	for i, st := range e.stories {
		if e.mergedTo[i] < 0 && len(st.members) > 0 {
			n++
		}
	}
	return n
}

// Features are the parts of a document's analysis that do not depend on
// the stream (tokens, stems, entities, the near-duplicate sketch). Compute
// them ahead, in parallel, with a [Featurizer], and pass them to
// [Engine.AddWithFeatures].
type Features struct{ f *features }

// Featurizer computes Features. It is not safe for concurrent use: give each
// goroutine its own. Featurizers of one engine may run while the engine adds
// documents.
type Featurizer struct {
	cfg Config
	x   extractor
}

// NewFeaturizer returns a Featurizer for the engine's configuration.
func (e *Engine) NewFeaturizer() *Featurizer { return &Featurizer{cfg: e.cfg} }

// Features computes the stream-independent features of d (its ID is not
// read).
func (z *Featurizer) Features(d Doc) Features { return Features{z.x.extract(&z.cfg, d)} }

// AddWithFeatures is [Engine.Add] with features computed ahead for the same
// title and body; zero Features are computed here.
func (e *Engine) AddWithFeatures(d Doc, f Features) Decision {
	if i, ok := e.artIdx[d.ID]; ok {
		return Decision{StoryID: e.storyID(e.articles[i].story), Score: 1}
	}
	if f.f == nil {
		f.f = e.x.extract(&e.cfg, d)
	}
	return e.addFeatures(d, f.f)
}

// Add assigns d to a story and remembers it. Articles must arrive in
// order; Add never looks at later articles. An ID added twice returns the
// first decision's story.
func (e *Engine) Add(d Doc) Decision {
	if i, ok := e.artIdx[d.ID]; ok {
		return Decision{StoryID: e.storyID(e.articles[i].story), Score: 1}
	}
	return e.addFeatures(d, e.x.extract(&e.cfg, d))
}

// AddBatch adds docs in order and returns their decisions, then re-checks
// the stories the batch started (see [Engine.Recheck]). It reads the
// documents on up to workers goroutines (0 means GOMAXPROCS) while it
// assigns them in order, so its decisions are those of calling Add for
// each document and Recheck at the end.
func (e *Engine) AddBatch(docs []Doc, workers int) []Decision {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// Workers read documents ahead while this goroutine assigns them in
	// order as they become ready.
	feats := make([]*features, len(docs))
	ready := make([]chan struct{}, len(docs))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	for len(e.workers) < workers {
		e.workers = append(e.workers, &extractor{})
	}
	var wg sync.WaitGroup
	var next atomic.Int64
	for w := range min(workers, len(docs)) {
		x := e.workers[w]
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(docs) {
					return
				}
				feats[i] = x.extract(&e.cfg, docs[i])
				close(ready[i])
			}
		})
	}
	out := make([]Decision, len(docs))
	for i, d := range docs {
		<-ready[i]
		if ai, ok := e.artIdx[d.ID]; ok {
			out[i] = Decision{StoryID: e.storyID(e.articles[ai].story), Score: 1}
			continue
		}
		out[i] = e.addFeatures(d, feats[i])
		feats[i] = nil
	}
	wg.Wait()
	e.Recheck()
	return out
}

// Recheck merges stories started since the last re-check into older ones
// that turned out to be the same event. Add re-checks every RecheckEvery
// arrivals and AddBatch at the end of every batch; callers of Add may
// call Recheck at the end of their batches too. Use [Engine.TakeMerges]
// to learn what was merged.
func (e *Engine) Recheck() {
	if e.cfg.RecheckEvery > 0 && (len(e.dirty) > 0 || len(e.grown) > 0) {
		e.recheck()
	}
}

func (e *Engine) addFeatures(d Doc, f *features) Decision {
	dec := e.add(d, f)
	if s, ok := e.storyIdx[dec.StoryID]; ok && e.arrived(s, dec.New) {
		e.recheck()
	}
	return dec
}

// arrived marks story s, which an article joined or started (started), for
// the next re-check as the configuration asks, and reports whether a
// periodic re-check is due.
func (e *Engine) arrived(s int32, started bool) bool {
	if e.cfg.RecheckEvery <= 0 {
		return false
	}
	if started || !e.cfg.RecheckNewOnly {
		e.dirty[s] = true
	}
	if _, ok := e.grown[s]; !ok && e.cfg.SplitThreshold > 0 {
		e.grown[s] = int32(len(e.stories[s].members)) - 1
	}
	return len(e.articles)%e.cfg.RecheckEvery == 0
}

func (e *Engine) add(d Doc, f *features) Decision {
	dupOf, dupSim := e.dd.AddSketch(d.ID, f.sketch)
	ai := e.addArticle(d, f)
	index := e.rankTerms(ai)

	if dupOf != 0 && !e.trustCopy(ai, dupOf, f) {
		dupOf = 0
	}
	if dupOf != 0 {
		if di, ok := e.artIdx[dupOf]; ok {
			s := e.resolve(e.articles[di].story)
			e.join(ai, s, index)
			e.remember(&Explanation{ArticleID: d.ID, StoryID: e.stories[s].id, DuplicateOf: dupOf, Score: dupSim})
			return Decision{StoryID: e.stories[s].id, DuplicateOf: dupOf, Score: dupSim}
		}
	}

	best, runner := e.bestStory(ai)
	ex := &Explanation{ArticleID: d.ID, Threshold: e.cfg.Threshold}
	if runner.s >= 0 {
		ex.RunnerUp, ex.RunnerUpScore = e.stories[runner.s].id, runner.score
	}
	if best.s >= 0 && best.score >= e.cfg.Threshold {
		ex.terms = termsRef{ai: ai, s: best.s, members: int32(len(e.stories[best.s].members)), ok: true}
		e.join(ai, best.s, index)
		ex.StoryID, ex.Score = e.stories[best.s].id, best.score
		e.remember(ex)
		return Decision{StoryID: e.stories[best.s].id, Score: best.score}
	}
	s := e.newStory(d.ID)
	e.join(ai, s, index)
	ex.StoryID, ex.New = d.ID, true
	if best.s >= 0 {
		ex.Score = best.score
		// The best candidate fell short: it is the runner-up.
		ex.RunnerUp, ex.RunnerUpScore = e.stories[best.s].id, best.score
		ex.terms = termsRef{ai: ai, s: best.s, members: int32(len(e.stories[best.s].members)), ok: true}
	}
	e.remember(ex)
	return Decision{StoryID: d.ID, Score: ex.Score, New: true}
}

// Restore puts d into storyID without deciding, as a warm start from
// stored assignments; dupOf is its recorded original, or 0. Restore must
// be called in the original arrival order. The stories started since the
// last periodic re-check are re-checked by the next [Engine.Recheck], as
// they would have been without the restart.
//
// For the warm engine to be the one that ran on, storyID is the story the
// article joined when it arrived, and the re-checks' merges and splits
// are replayed ([Engine.Merge], [Engine.ReplaySplit]) right after the
// article that brought the engine to their Position. Restoring each
// article into its final story instead gives the same stories when
// re-checks only merged (a merge moves the merged story's postings as a
// warm start builds them), but not after a split.
func (e *Engine) Restore(d Doc, storyID, dupOf int64) {
	if _, ok := e.artIdx[d.ID]; ok {
		return
	}
	f := e.x.extract(&e.cfg, d)
	e.dd.AddSketch(d.ID, f.sketch)
	ai := e.addArticle(d, f)
	s, ok := e.storyIdx[storyID]
	if !ok {
		s = e.newStory(storyID)
	}
	s = e.resolve(s)
	e.join(ai, s, nil)
	e.remember(&Explanation{ArticleID: d.ID, StoryID: e.stories[s].id, DuplicateOf: dupOf, Restored: true})
	// The stories pending a re-check are those of the original run: the
	// periodic re-checks it made are in the stored assignments already.
	if e.arrived(s, !ok) {
		clear(e.dirty)
		clear(e.grown)
	}
}

// explainKeep is how many of the latest articles' explanations the engine
// keeps: the pipeline stores each with its article as it is assigned, so
// the engine need not keep a million of them.
const explainKeep = 10000

// remember keeps ex as its article's explanation, forgetting the oldest
// beyond explainKeep.
func (e *Engine) remember(ex *Explanation) {
	if _, ok := e.explain[ex.ArticleID]; !ok {
		if len(e.explained) < explainKeep {
			e.explained = append(e.explained, ex.ArticleID)
		} else {
			delete(e.explain, e.explained[e.nextOut])
			e.explained[e.nextOut] = ex.ArticleID
			e.nextOut = (e.nextOut + 1) % explainKeep
		}
	}
	e.explain[ex.ArticleID] = ex
}

// addArticle turns the features of d into its vector, under the document
// frequencies and boilerplate counts of the stream so far, and remembers
// the article (in no story yet).
func (e *Engine) addArticle(d Doc, f *features) int32 {
	e.counts.reset()
	var titleTerms []uint32
	var years yearSet
	anchors := e.anchorBuf[:0]
	if title := e.cleanTitle(f.title); title != "" {
		for _, ft := range e.x.titleFeats(&e.cfg, title) {
			e.counts.add(ft)
			years.addFeat(ft)
			if ft.kind == kindEntity {
				anchors = append(anchors, ft)
			}
			if ft.kind == kindWord {
				titleTerms = append(titleTerms, e.vocab.id(ft))
			}
		}
		slices.Sort(titleTerms)
		titleTerms = slices.Compact(titleTerms)
	}
	bodyTokens, kept := 0, 0
	for _, sent := range f.body {
		if e.cfg.MaxBodyTokens > 0 && bodyTokens >= e.cfg.MaxBodyTokens {
			break
		}
		if sent.hash != 0 && e.cfg.BoilerplateDocs > 0 && int(e.sentences[sent.hash]) >= e.cfg.BoilerplateDocs {
			continue // repeated by earlier articles: site furniture
		}
		bodyTokens += sent.tokens
		kept++
		for _, ft := range sent.feats {
			e.counts.add(ft)
			if kept <= e.cfg.LeadSentences {
				years.addFeat(ft)
				if ft.kind == kindEntity {
					anchors = append(anchors, ft)
				}
			}
		}
	}
	if e.cfg.BoilerplateDocs > 0 {
		for _, sent := range f.body {
			if sent.hash != 0 {
				e.sentences.add(sent.hash)
			}
		}
		e.sentences.prune()
	}
	vec := vectorize(e.vocab, &e.counts, e.cfg.MaxDocTerms)
	e.anchorBuf = anchors
	var anchorIDs []uint32
	if e.cfg.AnchorMismatch != 1 {
		for _, ft := range anchors {
			anchorIDs = append(anchorIDs, e.vocab.id(ft))
		}
		slices.Sort(anchorIDs)
		anchorIDs = slices.Clip(slices.Compact(anchorIDs))
	}
	ai := int32(len(e.articles))
	e.articles = append(e.articles, article{id: d.ID, story: -1, published: d.Published, vec: vec, bodyTokens: int32(bodyTokens), titleTerms: titleTerms, source: e.sourceName(d.Source), years: years, anchors: anchorIDs})
	e.artIdx[d.ID] = ai
	e.refreshNorms(ai)
	return ai
}

// sourceName interns a source name, so articles share its string.
func (e *Engine) sourceName(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := e.sources[s]; ok {
		return v
	}
	s = strings.Clone(s)
	e.sources[s] = s
	return s
}

// trustCopy reports whether article ai, which dedup found to be a copy
// of dupOf, should follow it into its story. A copy whose own content is
// all boilerplate (a placeholder page) or whose headline shares no word
// with the original's is a template page, not the same report.
func (e *Engine) trustCopy(ai int32, dupOf int64, f *features) bool {
	a := &e.articles[ai]
	if len(a.vec.terms) == 0 || f.bodyWords == 0 || a.bodyTokens == 0 && a.titleTerms == nil {
		return false
	}
	oi, ok := e.artIdx[dupOf]
	if !ok {
		return false
	}
	o := &e.articles[oi]
	if len(a.titleTerms) == 0 || len(o.titleTerms) == 0 {
		return a.bodyTokens > 0
	}
	min := minCopyTitleSim
	if a.source != "" && a.source == o.source {
		// One site's pages share its template: the same body under
		// another headline is more likely a template than a copy.
		min = minSameSiteTitleSim
	}
	return e.titleSimilarity(a.titleTerms, o.titleTerms) >= min
}

// minCopyTitleSim is the smallest headline similarity of a trusted copy;
// minSameSiteTitleSim that of a copy from the original's own site.
const (
	minCopyTitleSim     = 0.3
	minSameSiteTitleSim = 0.6
)

// titleSimilarity is the IDF-weighted cosine of two sorted term sets.
func (e *Engine) titleSimilarity(a, b []uint32) float64 {
	var na, nb, dot float64
	for _, t := range a {
		w := e.vocab.idf(t)
		na += w * w
		if _, ok := slices.BinarySearch(b, t); ok {
			dot += w * w
		}
	}
	for _, t := range b {
		w := e.vocab.idf(t)
		nb += w * w
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// titleSeparators split a headline from the site name glued to it.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " « ", " » "}

// cleanTitle drops the parts of a headline that earlier headlines repeated
// (site names such as "- KATV - Breaking News"), and remembers its parts.
func (e *Engine) cleanTitle(title string) string {
	title = strings.TrimSpace(title)
	if title == "" || e.cfg.BoilerplateDocs <= 0 {
		return title
	}
	parts := []string{title}
	for _, sep := range titleSeparators {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	if len(parts) == 1 {
		return title
	}
	var b strings.Builder
	for _, p := range parts {
		h := hashString(strings.ToLower(strings.TrimSpace(p)))
		if int(e.titleParts[h]) < e.cfg.BoilerplateDocs {
			b.WriteString(p)
			b.WriteString(" . ")
		}
		e.titleParts.add(h)
	}
	e.titleParts.prune()
	return b.String()
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func (e *Engine) newStory(id int64) int32 {
	s := int32(len(e.stories))
	e.stories = append(e.stories, &story{id: id})
	e.mergedTo = append(e.mergedTo, -1)
	e.storyIdx[id] = s
	return s
}

// resolve follows merges to the surviving story.
func (e *Engine) resolve(s int32) int32 {
	for e.mergedTo[s] >= 0 {
		s = e.mergedTo[s]
	}
	return s
}

// indexID is the ID of the story at index s (merged or not).
func (e *Engine) indexID(s int32) int64 { return e.stories[s].id }

func (e *Engine) storyID(s int32) int64 { return e.stories[e.resolve(s)].id }

// join adds article ai to story s: members, dates and postings under the
// index terms from rankTerms (nil ranks them now).
func (e *Engine) join(ai, s int32, index []uint32) {
	a := &e.articles[ai]
	a.story = s
	st := e.stories[s]
	st.members = append(st.members, ai)
	st.lastArrival = max(st.lastArrival, ai)
	st.years.union(a.years)
	if e.cfg.AnchorMismatch != 1 {
		for _, t := range a.vec.terms {
			if e.vocab.kinds[t.id] == kindEntity {
				st.names = unionSorted(st.names, []uint32{t.id})
			}
		}
	}
	if !a.published.IsZero() {
		if st.first.IsZero() || a.published.Before(st.first) {
			st.first = a.published
		}
		if a.published.After(st.last) {
			st.last = a.published
		}
	}
	if index == nil {
		index = e.rankTerms(ai)
	}
	for _, t := range index {
		p := e.postings[t]
		if n := len(p); n > 0 && p[n-1] == s {
			continue
		}
		if e.cfg.MaxPostings > 0 && len(p) >= 2*e.cfg.MaxPostings {
			p = append(p[:0], p[len(p)-e.cfg.MaxPostings:]...)
		}
		e.postings[t] = append(p, s)
	}
}

// rankTerms ranks article ai's terms by weight under the current document
// frequencies and remembers, for later lookups, its strongest terms that
// earlier articles used (a.query); terms no earlier article had cannot
// find candidates. It returns the strongest IndexTerms terms, under which
// the article's story is indexed. Pairs of words are left out of both:
// they are too specific to find candidates by.
func (e *Engine) rankTerms(ai int32) []uint32 {
	a := &e.articles[ai]
	tw := e.tw[:0]
	for _, t := range a.vec.terms {
		if e.vocab.kinds[t.id] == kindBigram {
			continue
		}
		tw = append(tw, termWeight{t.id, t.w * float32(e.vocab.idf(t.id))})
	}
	slices.SortFunc(tw, func(a, b termWeight) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	e.tw = tw
	a.query = a.query[:0]
	for _, t := range tw {
		if len(a.query) == e.cfg.QueryTerms {
			break
		}
		if e.vocab.df[t.id] >= 2 {
			a.query = append(a.query, t.id)
		}
	}
	a.query = slices.Clip(a.query)
	e.index = e.index[:0]
	for _, t := range tw[:min(len(tw), e.cfg.IndexTerms)] {
		e.index = append(e.index, t.id)
	}
	return e.index
}

// bestStory returns the best and second-best candidate stories for
// article ai (s = -1 when there is none).
func (e *Engine) bestStory(ai int32) (best, runner candidate) {
	best, runner = candidate{s: -1}, candidate{s: -1}
	e.candidates(e.articles[ai].query, -1)
	e.cands = e.acc.top(e.cands[:0], e.cfg.Candidates, e.indexID)
	for _, c := range e.cands {
		sc := e.score(ai, c.s)
		switch {
		case sc > best.score || best.s < 0:
			runner = best
			best = candidate{c.s, sc}
		case sc > runner.score || runner.s < 0:
			runner = candidate{c.s, sc}
		}
	}
	return best, runner
}

// score is the similarity of article ai to story s under current
// document frequencies, decayed by the time gap: a blend of the mean
// (average link) and the largest (single link) cosine between the article
// and the story's most recent members. Average link keeps broad,
// topic-like stories from attracting every article of their topic.
func (e *Engine) score(ai, s int32) float64 {
	a := &e.articles[ai]
	st := e.stories[s]
	an := e.articleNorm(ai)
	if an == 0 {
		return 0
	}
	// Weigh the article's terms once.
	e.qw = e.qw[:0]
	for _, t := range a.vec.terms {
		idf := e.vocab.idf(t.id)
		e.qw = append(e.qw, termWeight{t.id, float32(float64(t.w) * idf * idf / an)})
	}
	members := st.members
	if len(members) > e.cfg.MaxLinks {
		members = members[len(members)-e.cfg.MaxLinks:]
	}
	var sum, best float64
	for _, mi := range members {
		m := &e.articles[mi]
		mn := e.articleNorm(mi)
		if mn == 0 {
			continue
		}
		c := dotSorted(e.qw, m.vec.terms) / mn
		sum += c
		best = max(best, c)
	}
	if len(members) == 0 {
		return 0
	}
	avg := sum / float64(len(members))
	sim := (1-e.cfg.SingleLink)*avg + e.cfg.SingleLink*best
	tf := e.timeFactor(a.published, st)
	if gap, ok := spanGap(a.published, st.first, st.last); ok && gap > e.cfg.AnchorGap {
		// Dated well outside the story's span: a report naming none of
		// the story's people and places is another incident of its
		// kind, not a follow-up.
		tf *= e.anchorFactor(a.anchors, st.names)
	}
	return sim * tf * e.arrivalFactor(ai, st) * e.yearFactor(a.years, st.years)
}

// anchorFactor is 1 when the story's names s cover AnchorCover of the
// article's anchors a by IDF weight, falling linearly to AnchorMismatch
// when they cover none; it is 1 when a has fewer than two anchors or s
// none (text without capitals, or no names in the lead).
func (e *Engine) anchorFactor(a, s []uint32) float64 {
	if e.cfg.AnchorMismatch == 1 || len(a) < 2 || len(s) == 0 {
		return 1
	}
	var all, shared float64
	for _, t := range a {
		w := e.vocab.idf(t)
		all += w
		if _, ok := slices.BinarySearch(s, t); ok {
			shared += w
		}
	}
	if all == 0 || e.cfg.AnchorCover <= 0 {
		return 1
	}
	c := shared / all / e.cfg.AnchorCover
	if c >= 1 {
		return 1
	}
	return e.cfg.AnchorMismatch + (1-e.cfg.AnchorMismatch)*c
}

// unionSorted merges the sorted set b into the sorted set a.
func unionSorted(a, b []uint32) []uint32 {
	for _, t := range b {
		if i, ok := slices.BinarySearch(a, t); !ok {
			a = slices.Insert(a, i, t)
		}
	}
	return a
}

// yearFactor is YearMismatch when both sides mention years but none in
// common (two elections, 2008 and 2013), else 1: the years a report
// mentions date its event when the publish date is missing or misleading.
func (e *Engine) yearFactor(a, b yearSet) float64 {
	if a.empty() || b.empty() || a.intersects(b) {
		return 1
	}
	return e.cfg.YearMismatch
}

// arrivalFactor stands in for the time gap when dates are missing: the
// arrival order is the stream's clock, and a story that has not been
// updated for many arrivals is less likely to gain the article. It decays
// as 1/(1+gap/ArrivalScale) and is 1 when both sides have dates.
func (e *Engine) arrivalFactor(ai int32, st *story) float64 {
	if e.cfg.ArrivalScale <= 0 || (e.cfg.TimeScale > 0 && !e.articles[ai].published.IsZero() && !st.first.IsZero()) {
		return 1
	}
	gap := float64(ai - st.lastArrival)
	return 1 / (1 + gap/float64(e.cfg.ArrivalScale))
}

// articleNorm is the length of article ai's vector under the IDF of the
// last norm refresh (see refreshNorms).
func (e *Engine) articleNorm(ai int32) float64 { return float64(e.articles[ai].norm) }

// refreshNorms caches the norm of the article just added and, each time
// the stream has grown by a tenth, refreshes every article's norm under
// current IDF, because document frequencies drift slowly. The refresh
// points depend only on the number of documents, so an engine warmed
// from the store ([Engine.Restore]) holds the norms of the engine that
// added the same articles.
func (e *Engine) refreshNorms(ai int32) {
	if e.vocab.docs < e.normNext {
		e.articles[ai].norm = float32(e.norm(e.articles[ai].vec))
		return
	}
	for i := range e.articles {
		e.articles[i].norm = float32(e.norm(e.articles[i].vec))
	}
	e.normNext = e.vocab.docs + e.vocab.docs/10 + 1
}

// norm is the length of v weighted by current IDF.
func (e *Engine) norm(v docVector) float64 {
	var n float64
	for _, t := range v.terms {
		w := float64(t.w) * e.vocab.idf(t.id)
		n += w * w
	}
	return math.Sqrt(n)
}

// dotSorted is the dot product of two vectors sorted by term ID.
func dotSorted(a, b []termWeight) float64 {
	var d float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			d += float64(a[i].w) * float64(b[j].w)
			i++
			j++
		}
	}
	return d
}

// timeFactor is 1 when dates are unknown or within the story's span, and
// decays as 1/(1+gap/TimeScale) outside it.
func (e *Engine) timeFactor(t time.Time, st *story) float64 {
	if e.cfg.TimeScale <= 0 {
		return 1
	}
	gap, ok := spanGap(t, st.first, st.last)
	if !ok {
		return 1
	}
	return e.decay(float64(gap))
}

// spanGap is the time from t to the span first..last (0 inside it); ok is
// false when t or the span is undated.
func spanGap(t, first, last time.Time) (time.Duration, bool) {
	if t.IsZero() || first.IsZero() {
		return 0, false
	}
	switch {
	case t.Before(first):
		return first.Sub(t), true
	case t.After(last):
		return t.Sub(last), true
	}
	return 0, true
}

// decay is the time factor of a gap in nanoseconds: 1 within TimeGrace,
// then falling as 1/(1+ln(1+g/TimeScale)) for the excess g, slowly, so
// that a follow-up months later can still join on strong evidence.
func (e *Engine) decay(gap float64) float64 {
	gap -= float64(e.cfg.TimeGrace)
	if gap <= 0 {
		return 1
	}
	return 1 / (1 + math.Log1p(gap/float64(e.cfg.TimeScale)))
}

// sharedTerms lists the terms that contribute most to the similarity of
// article ai and the recent members of story s, with their shares.
func (e *Engine) sharedTerms(ref termsRef, n int) []TermScore {
	a := &e.articles[ref.ai]
	st := e.stories[ref.s]
	// The members the article was compared with, as far as merges and
	// splits since have left them.
	k := min(int(ref.members), len(st.members))
	members := st.members[max(0, k-e.cfg.MaxLinks):k]
	contrib := map[uint32]float64{}
	for _, mi := range members {
		m := &e.articles[mi]
		i, j := 0, 0
		for i < len(a.vec.terms) && j < len(m.vec.terms) {
			x, y := a.vec.terms[i], m.vec.terms[j]
			switch {
			case x.id < y.id:
				i++
			case x.id > y.id:
				j++
			default:
				idf := e.vocab.idf(x.id)
				contrib[x.id] += float64(x.w) * float64(y.w) * idf * idf
				i++
				j++
			}
		}
	}
	out := make([]TermScore, 0, len(contrib))
	for id, w := range contrib {
		// Pairs of words keep no text; they count in the total only.
		out = append(out, TermScore{Term: e.vocab.names[id], Kind: kindName(e.vocab.kinds[id]), Weight: w})
	}
	slices.SortFunc(out, func(a, b TermScore) int {
		if c := cmp.Compare(b.Weight, a.Weight); c != 0 {
			return c
		}
		if c := strings.Compare(a.Term, b.Term); c != 0 {
			return c
		}
		return strings.Compare(a.Kind, b.Kind)
	})
	var sum float64
	for _, t := range out {
		sum += t.Weight
	}
	out = slices.DeleteFunc(out, func(t TermScore) bool { return t.Term == "" })
	if len(out) > n {
		out = out[:n]
	}
	for i := range out {
		out[i].Weight /= max(sum, 1e-12)
	}
	return out
}

func kindName(k byte) string {
	switch k {
	case kindEntity:
		return "entity"
	case kindNumber:
		return "number"
	case kindBigram:
		return "phrase"
	}
	return "term"
}

// candidates accumulates in e.acc, by surviving story, the IDF of the
// query terms under which each story is indexed, leaving out story skip
// (or none when -1).
func (e *Engine) candidates(query []uint32, skip int32) {
	e.acc.reset()
	e.addCandidates(query)
	e.acc.fold(e.resolve, skip)
}

// addCandidates adds to e.acc the IDF of each query term to the stories
// indexed under it.
func (e *Engine) addCandidates(query []uint32) {
	for _, t := range query {
		idf := e.vocab.idf(t)
		p := e.postings[t]
		if len(p) > e.cfg.MaxPostings {
			p = p[len(p)-e.cfg.MaxPostings:]
		}
		for _, s := range p {
			e.acc.add(s, idf)
		}
	}
}
