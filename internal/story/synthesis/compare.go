package synthesis

import (
	"cmp"
	"slices"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/text/textfeat"
)

// Claim matching. Two sentences of different sources state the same claim
// when they share at least minShared content terms (stems and numbers, a
// number counting twice) making up at least minOverlap of the shorter
// sentence's terms. The thresholds were set by reading matches in the
// bundled samples, not fitted to a benchmark.
const (
	minShared    = 4
	minOverlap   = 0.3
	minClaimTerm = 5  // sentences with fewer content terms are not claims
	maxSingle    = 12 // single-source claims listed per source
)

// claimSent is a sentence with its content terms.
type claimSent struct {
	sent
	source string
	terms  map[string]float64 // term -> weight (numbers 2, words 1)
	size   float64
}

// compare matches the sentences of the members' independent sources into
// claims. Near-copies are left out, and articles of one outlet are one
// source.
func compare(arts []*news.Article, sents [][]sent) news.Comparison {
	var stem textfeat.Stemmer
	bySource := map[string][]*claimSent{}
	var sources []string
	for i, a := range arts {
		if original(a, arts) != 0 {
			continue // a near-copy is not an independent voice
		}
		if _, ok := bySource[a.Source]; !ok {
			sources = append(sources, a.Source)
		}
		list := bySource[a.Source]
		for _, s := range sents[i] {
			cs := &claimSent{sent: s, source: a.Source, terms: map[string]float64{}}
			for _, t := range textfeat.Tokens(nil, s.span.Text) {
				if d, ok := textfeat.Number(t); ok && t.Num {
					cs.terms["#"+d] = 2
					continue
				}
				if len(t.Lower) < 3 || textfeat.IsStopword(t.Lower) {
					continue
				}
				cs.terms[stem.Stem(t.Lower)] = 1
			}
			for _, w := range cs.terms {
				cs.size += w
			}
			if len(cs.terms) >= minClaimTerm {
				list = append(list, cs)
			}
		}
		bySource[a.Source] = list
	}
	// Terms in a large share of the story's sentences ("Syria" in a
	// story about Syria) tell no claim from another: matching ignores them.
	sf := map[string]int{}
	total := 0
	for _, list := range bySource {
		for _, s := range list {
			total++
			for t := range s.terms {
				sf[t]++
			}
		}
	}
	common := max(3, total/5)
	for _, list := range bySource {
		for _, s := range list {
			for t, w := range s.terms {
				if sf[t] > common {
					delete(s.terms, t)
					s.size -= w
				}
			}
		}
	}
	var cmpOut news.Comparison
	cmpOut.Conflicts = append(conflicts(arts, sents), quoteConflicts(arts, sents)...)
	if len(sources) == 0 {
		return cmpOut
	}

	// Agreed: a sentence joined by matching sentences of other sources.
	matched := map[*claimSent]bool{}
	for si, src := range sources {
		for _, a := range bySource[src] {
			if matched[a] {
				continue
			}
			claim := news.Claim{Text: a.span.Text, Sources: []string{src}, ArticleIDs: []int64{a.art.ID}, Spans: []news.Span{a.span}}
			var group []*claimSent
			for _, other := range sources[si+1:] {
				if b := bestMatch(a, bySource[other], matched); b != nil {
					group = append(group, b)
					claim.Sources = append(claim.Sources, other)
					if !slices.Contains(claim.ArticleIDs, b.art.ID) {
						claim.ArticleIDs = append(claim.ArticleIDs, b.art.ID)
					}
					claim.Spans = append(claim.Spans, b.span)
				}
			}
			if len(group) == 0 {
				continue
			}
			matched[a] = true
			for _, b := range group {
				matched[b] = true
			}
			cmpOut.Agreed = append(cmpOut.Agreed, claim)
		}
	}
	slices.SortStableFunc(cmpOut.Agreed, func(x, y news.Claim) int { return cmp.Compare(len(y.Sources), len(x.Sources)) })

	// Single source: the unmatched sentences of each source that carry
	// most of the story's shared terms, when more than one source speaks.
	if len(sources) > 1 {
		df := map[string]int{}
		for _, src := range sources {
			seen := map[string]bool{}
			for _, s := range bySource[src] {
				for t := range s.terms {
					if !seen[t] {
						seen[t] = true
						df[t]++
					}
				}
			}
		}
		for _, src := range sources {
			var single []*claimSent
			for _, s := range bySource[src] {
				if !matched[s] {
					single = append(single, s)
				}
			}
			// Rank by how much of the sentence the other sources share in
			// vocabulary (it is about the story, not a side topic).
			score := func(s *claimSent) float64 {
				var n float64
				for t := range s.terms {
					if df[t] > 1 {
						n++
					}
				}
				return n / (1 + s.size/4)
			}
			slices.SortStableFunc(single, func(x, y *claimSent) int { return cmp.Compare(score(y), score(x)) })
			if len(single) > maxSingle {
				single = single[:maxSingle]
			}
			slices.SortStableFunc(single, func(x, y *claimSent) int { return cmp.Compare(x.pos, y.pos) })
			for _, s := range single {
				cmpOut.SingleSource = append(cmpOut.SingleSource, news.Claim{
					Text: s.span.Text, Sources: []string{src}, ArticleIDs: []int64{s.art.ID}, Spans: []news.Span{s.span},
				})
			}
		}
	}
	return cmpOut
}

// bestMatch returns the sentence of cands that best states the same claim
// as a, or nil.
func bestMatch(a *claimSent, cands []*claimSent, taken map[*claimSent]bool) *claimSent {
	var best *claimSent
	bestScore := 0.0
	for _, b := range cands {
		if taken[b] {
			continue
		}
		var shared float64
		for t, w := range a.terms {
			if _, ok := b.terms[t]; ok {
				shared += w
			}
		}
		overlap := shared / min(a.size, b.size)
		if shared >= minShared && overlap >= minOverlap && overlap > bestScore {
			best, bestScore = b, overlap
		}
	}
	return best
}
