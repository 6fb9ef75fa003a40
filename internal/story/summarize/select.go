package summarize

import "slices"

// selection is a set of sentences and the concepts they cover.
type selection struct {
	st      *story
	covered []int // per concept: how many chosen sentences contain it
	chosen  []int
	mark    []bool // scratch for swapGain
	words   int
	value   float64
}

func (st *story) newSelection() *selection {
	return &selection{st: st, covered: make([]int, len(st.weight)), mark: make([]bool, len(st.weight))}
}

func (s *selection) gain(i int) float64 {
	g := 0.0
	for _, c := range s.st.sents[i].concepts {
		if s.covered[c] == 0 {
			g += s.st.weight[c]
		}
	}
	return g
}

// loss is the value lost by dropping chosen sentence i.
func (s *selection) loss(i int) float64 {
	l := 0.0
	for _, c := range s.st.sents[i].concepts {
		if s.covered[c] == 1 {
			l += s.st.weight[c]
		}
	}
	return l
}

func (s *selection) add(i int) {
	s.value += s.gain(i)
	for _, c := range s.st.sents[i].concepts {
		s.covered[c]++
	}
	s.chosen = append(s.chosen, i)
	s.words += s.st.sents[i].words
}

func (s *selection) remove(i int) {
	s.value -= s.loss(i)
	for _, c := range s.st.sents[i].concepts {
		s.covered[c]--
	}
	k := slices.Index(s.chosen, i)
	s.chosen = slices.Delete(s.chosen, k, k+1)
	s.words -= s.st.sents[i].words
}

// maxRedundancy is the largest share of a sentence's content words that
// another chosen sentence may repeat: past it the two say the same thing
// (two outlets' versions of one sentence), and the second adds nothing a
// reader needs even when its other words add concepts.
const maxRedundancy = 0.6

// redundant reports whether sentence i repeats a chosen sentence other
// than except (-1 for none).
func (s *selection) redundant(i, except int) bool {
	a := s.st.sents[i].concepts
	for _, j := range s.chosen {
		if j == except {
			continue
		}
		b := s.st.sents[j].concepts
		na, nb, shared := 0, 0, 0
		for _, c := range a {
			if s.st.unigram[c] {
				na++
				if slices.Contains(b, c) {
					shared++
				}
			}
		}
		for _, c := range b {
			if s.st.unigram[c] {
				nb++
			}
		}
		if m := min(na, nb); m > 0 && float64(shared) >= maxRedundancy*float64(m) {
			return true
		}
	}
	return false
}

// swapGain is the change in value from replacing chosen sentence out with
// sentence in.
func (s *selection) swapGain(out, in int) float64 {
	d := -s.loss(out)
	outC := s.st.sents[out].concepts
	for _, c := range outC {
		s.mark[c] = true
	}
	for _, c := range s.st.sents[in].concepts {
		n := s.covered[c]
		if s.mark[c] {
			n--
		}
		if n == 0 {
			d += s.st.weight[c]
		}
	}
	for _, c := range outC {
		s.mark[c] = false
	}
	return d
}

// selectSentences picks the candidate sentences that cover the most
// concept weight within the budgets: a greedy start (best gain per word,
// with lazy evaluation, since gains only shrink) improved by local search
// (single additions and one-for-one swaps) until no move helps.
func (st *story) selectSentences(words, sents int) []int {
	var cands []int
	for i := range st.sents {
		s := &st.sents[i]
		if s.cand && s.words <= words && len(s.concepts) > 0 {
			cands = append(cands, i)
		}
	}
	if sents <= 0 {
		sents = len(cands)
	}
	sel := st.newSelection()
	st.greedy(sel, cands, words, sents)
	st.improve(sel, cands, words, sents)
	if len(sel.chosen) == 0 {
		st.lead(sel, words, sents)
	}
	return slices.Clone(sel.chosen)
}

// greedy adds the sentence with the best gain per word until nothing fits.
func (st *story) greedy(sel *selection, cands []int, words, sents int) {
	type entry struct {
		i     int
		bound float64 // gain per word when last computed: an upper bound
	}
	heap := make([]entry, 0, len(cands))
	for _, i := range cands {
		if g := sel.gain(i); g > 0 {
			heap = append(heap, entry{i, g / float64(st.sents[i].words)})
		}
	}
	better := func(a, b entry) bool { return a.bound > b.bound || a.bound == b.bound && a.i < b.i }
	for len(heap) > 0 && len(sel.chosen) < sents {
		// Lazy greedy: re-evaluate the best bound until it stays on top.
		best := 0
		for k := range heap {
			if better(heap[k], heap[best]) {
				best = k
			}
		}
		e := heap[best]
		if st.sents[e.i].words+sel.words > words || sel.redundant(e.i, -1) {
			heap = slices.Delete(heap, best, best+1)
			continue
		}
		fresh := sel.gain(e.i) / float64(st.sents[e.i].words)
		if fresh < e.bound {
			heap[best].bound = fresh
			if fresh <= 0 {
				heap = slices.Delete(heap, best, best+1)
			}
			continue
		}
		sel.add(e.i)
		heap = slices.Delete(heap, best, best+1)
	}
}

// improve applies the best improving addition or swap until none is left.
func (st *story) improve(sel *selection, cands []int, words, sents int) {
	const eps = 1e-9
	for iter := 0; iter < 100; iter++ {
		bestGain, bestOut, bestIn := eps, -1, -1
		for _, in := range cands {
			if slices.Contains(sel.chosen, in) {
				continue
			}
			w := st.sents[in].words
			if sel.words+w <= words && len(sel.chosen) < sents && !sel.redundant(in, -1) {
				if g := sel.gain(in); g > bestGain {
					bestGain, bestOut, bestIn = g, -1, in
				}
			}
			for _, out := range sel.chosen {
				if sel.words-st.sents[out].words+w > words || sel.redundant(in, out) {
					continue
				}
				if g := sel.swapGain(out, in); g > bestGain {
					bestGain, bestOut, bestIn = g, out, in
				}
			}
		}
		if bestIn < 0 {
			return
		}
		if bestOut >= 0 {
			sel.remove(bestOut)
		}
		sel.add(bestIn)
	}
}

// lead falls back to the opening sentences of the first articles when no
// sentence covers any concept.
func (st *story) lead(sel *selection, words, sents int) {
	for _, idx := range st.byDoc {
		for _, i := range idx {
			s := &st.sents[i]
			if s.cand && sel.words+s.words <= words && len(sel.chosen) < sents {
				sel.add(i)
			}
		}
		if len(sel.chosen) > 0 {
			return
		}
	}
}
