package synthesis

import (
	"cmp"
	"slices"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/textfeat"
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

// Quantities whose values sources may disagree on, by the words that name
// them.
var quantities = map[string]string{
	"killed": "killed", "dead": "killed", "died": "killed", "deaths": "killed", "death": "killed", "lives": "killed", "bodies": "killed",
	"wounded": "injured", "injured": "injured", "hurt": "injured", "injuries": "injured", "hospitalised": "injured", "hospitalized": "injured",
	"arrested": "arrested", "detained": "arrested", "arrests": "arrested",
	"missing": "missing", "evacuated": "evacuated", "rescued": "rescued", "displaced": "displaced",
}

// fillers may stand between a number and the word naming its quantity
// ("12 people were killed", "killing at least 12 people").
var fillers = set(`people persons civilians others of them were have been had are was is
	at least more than about around nearly some up to to rose risen has reached`)

var changeVerbs = set(`rose risen rises rising climbed climbs increased jumped reached grew`)

// conflicts finds quantities (killed, injured, arrested…) that independent
// sources give different values for. Each source's values are the numbers
// it attaches to the quantity; a value every source shares is agreed.
func conflicts(arts []*news.Article, sents [][]sent) []news.Conflict {
	type side struct {
		text    string
		sources []string
		ids     []int64
	}
	values := map[string]map[string]*side{} // quantity -> value -> side
	srcVals := map[string]map[string]map[string]bool{}
	for i, a := range arts {
		if original(a, arts) != 0 {
			continue
		}
		spans := []news.Span{{ArticleID: a.ID, Text: a.Title}}
		for _, s := range sents[i] {
			spans = append(spans, s.span)
		}
		for _, sp := range spans {
			toks := textfeat.Tokens(nil, sp.Text)
			for j, t := range toks {
				v, ok := textfeat.Number(t)
				if !ok || v == "" || isYearOld(toks, j) || len(v) == 4 && (v[0] == '1' || v[0] == '2') {
					continue
				}
				q := quantityNear(toks, j)
				if q == "" {
					continue
				}
				if values[q] == nil {
					values[q] = map[string]*side{}
					srcVals[q] = map[string]map[string]bool{}
				}
				sd := values[q][v]
				if sd == nil {
					sd = &side{text: sp.Text}
					values[q][v] = sd
				}
				if !slices.Contains(sd.sources, a.Source) {
					sd.sources = append(sd.sources, a.Source)
				}
				if !slices.Contains(sd.ids, a.ID) {
					sd.ids = append(sd.ids, a.ID)
				}
				if srcVals[q][a.Source] == nil {
					srcVals[q][a.Source] = map[string]bool{}
				}
				srcVals[q][a.Source][v] = true
			}
		}
	}
	var out []news.Conflict
	qs := make([]string, 0, len(values))
	for q := range values {
		qs = append(qs, q)
	}
	slices.Sort(qs)
	for _, q := range qs {
		if len(srcVals[q]) < 2 {
			continue // one source: nothing to disagree with
		}
		// Values that some source gives but another source, which gives
		// values for this quantity, does not.
		var sides []news.ConflictSide
		vals := make([]string, 0, len(values[q]))
		for v := range values[q] {
			vals = append(vals, v)
		}
		slices.SortFunc(vals, func(a, b string) int { return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b)) })
		disputed := false
		for _, v := range vals {
			sd := values[q][v]
			if len(sd.sources) < len(srcVals[q]) {
				disputed = true
			}
			sides = append(sides, news.ConflictSide{Value: v, Text: sd.text, Sources: sd.sources, ArticleIDs: sd.ids})
		}
		if disputed && len(sides) > 1 {
			out = append(out, news.Conflict{What: q, Sides: sides})
		}
	}
	return out
}

// quantityNear returns the quantity that the number at toks[j] counts, if
// a quantity word stands right after it (fillers allowed) or right before
// it ("killing at least 12", "death toll rose to 15").
func quantityNear(toks []textfeat.Token, j int) string {
	for k := j + 1; k < len(toks) && k <= j+4; k++ {
		if toks[k].Punct || toks[k].Num {
			break
		}
		if q, ok := quantities[toks[k].Lower]; ok {
			return q
		}
		if w := toks[k].Lower; (w == "more" || w == "other" || w == "additional") && (k+1 == len(toks) || toks[k+1].Lower != "than") {
			break // "three more bodies" counts an increment, not a total
		}
		if !fillers[toks[k].Lower] {
			break
		}
	}
	for k := j - 1; k >= 0 && k >= j-4; k-- {
		w := toks[k].Lower
		if q, ok := quantities[strings.TrimSuffix(w, "ing")+"ed"]; ok && strings.HasSuffix(w, "ing") {
			return q // "killing at least 12"
		}
		if w == "toll" && k > 0 && quantities[toks[k-1].Lower] == "killed" {
			return "killed" // "death toll rose to 15"
		}
		if w == "to" && k > 0 && changeVerbs[toks[k-1].Lower] {
			// "the number of people killed has risen to 15": the
			// quantity is named earlier in the sentence.
			for m := k - 2; m >= 0 && m >= k-14; m-- {
				if q, ok := quantities[toks[m].Lower]; ok {
					return q
				}
				if toks[m].Num || toks[m+1].SentenceStart {
					break
				}
			}
		}
		if toks[k+1].Punct || !fillers[w] {
			break
		}
	}
	return ""
}

// isYearOld tells an age ("24-year-old", "aged 24"), which counts no one.
func isYearOld(toks []textfeat.Token, j int) bool {
	if j+1 < len(toks) && (toks[j+1].Lower == "year" || toks[j+1].Lower == "years") {
		return true
	}
	return j > 0 && toks[j-1].Lower == "aged"
}
