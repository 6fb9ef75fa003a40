package synthesis

import (
	"cmp"
	"slices"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/text/textfeat"
)

// Claim ranking. A claim's score blends three things, each in [0, 1]:
//
//   - centrality: how much of the claim's vocabulary the story's
//     independent sources share (a claim about the event itself, not a
//     side topic): for each of its content stems, the share of the other
//     sources that use it (one source is the speaker), averaged with a
//     prior that pulls short sentences down;
//   - agreement: the share of the story's other independent sources that
//     make the claim;
//   - lead: how early the claim comes in its report (news is written with
//     the most important first).
//
// The weights were chosen on one half of the summary benchmarks' sets and
// checked on the other (README, Quality): claims that reference summaries
// mention come first. An unranked comparison lists agreed claims by their
// number of sources and single-source claims by source and position.
// defaultWeights were chosen on the even-numbered sets of DUC 2004 and
// Multi-News validation (TestRankStudy), among weights that give agreement
// at least 0.25; the lead term did not help there (weight 0) and stays to
// be measured.
var defaultWeights = rankWeights{central: 0.75, agree: 0.25, lead: 0}

const (
	centralPrior = 3 // pseudo-terms of share 0 added to every claim
	leadScale    = 5 // sentence position at which the lead term halves
)

// rankWeights weigh the three parts of a claim's score; they sum to 1.
type rankWeights struct{ central, agree, lead float64 }

// rankClaims sets each claim's Score and sorts the agreed and the
// single-source claims by it, best first (ties keep their order).
func rankClaims(c *news.Comparison, arts []*news.Article, sents [][]sent) {
	rankClaimsWith(c, arts, sents, defaultWeights)
}

func rankClaimsWith(c *news.Comparison, arts []*news.Article, sents [][]sent, w rankWeights) {
	r := newRanker(arts, sents)
	r.w = w
	for _, list := range [][]news.Claim{c.Agreed, c.SingleSource} {
		for i := range list {
			list[i].Score = r.score(&list[i])
		}
		slices.SortStableFunc(list, func(x, y news.Claim) int { return cmp.Compare(y.Score, x.Score) })
	}
}

// ranker holds what scoring needs to know about a story.
type ranker struct {
	w       rankWeights
	stem    textfeat.Stemmer
	sources int                        // independent sources
	df      map[string]map[string]bool // content stem -> sources using it
	pos     map[[2]int64]int           // (article, span start) -> sentence index
}

func newRanker(arts []*news.Article, sents [][]sent) *ranker {
	r := &ranker{df: map[string]map[string]bool{}, pos: map[[2]int64]int{}}
	seen := map[string]bool{}
	for i, a := range arts {
		for _, s := range sents[i] {
			r.pos[[2]int64{a.ID, int64(s.span.Start)}] = s.pos
		}
		if original(a, arts) != 0 {
			continue // a near-copy is not an independent voice
		}
		if !seen[a.Source] {
			seen[a.Source] = true
			r.sources++
		}
		for _, t := range r.terms(a.Title + "\n" + a.Body) {
			if r.df[t] == nil {
				r.df[t] = map[string]bool{}
			}
			r.df[t][a.Source] = true
		}
	}
	return r
}

// terms returns the distinct content stems and numbers of text.
func (r *ranker) terms(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range textfeat.Tokens(nil, text) {
		var key string
		if d, ok := textfeat.Number(t); ok && t.Num {
			key = "#" + d
		} else if len(t.Lower) >= 3 && !textfeat.IsStopword(t.Lower) {
			key = r.stem.Stem(t.Lower)
		} else {
			continue
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, key)
		}
	}
	return out
}

// score returns the claim's rank score in [0, 1].
func (r *ranker) score(c *news.Claim) float64 {
	others := r.sources - 1
	if others < 1 {
		return 0
	}
	var central float64
	terms := r.terms(c.Text)
	for _, t := range terms {
		if n := len(r.df[t]); n > 1 {
			central += float64(n-1) / float64(others)
		}
	}
	central /= float64(len(terms) + centralPrior)
	agree := float64(len(c.Sources)-1) / float64(others)
	lead := 0.0
	for _, sp := range c.Spans {
		if p, ok := r.pos[[2]int64{sp.ArticleID, int64(sp.Start)}]; ok {
			lead = max(lead, 1/(1+float64(p)/leadScale))
		}
	}
	return r.w.central*central + r.w.agree*min(1, agree) + r.w.lead*lead
}
