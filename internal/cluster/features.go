package cluster

import (
	"math"
	"slices"
	"strings"

	"github.com/storyline-news/storyline/internal/dedup"
	"github.com/storyline-news/storyline/internal/text/textfeat"
)

// Term kinds, as the first byte of a vocabulary entry.
const (
	kindWord   = 'w'
	kindEntity = 'e'
	kindNumber = 'n'
	kindBigram = 'b'
)

// vocab maps terms (by hash) to dense IDs and keeps their document
// frequencies, learned from the stream.
type vocab struct {
	ids   map[uint64]uint32
	kinds []byte
	names map[uint32]string // for explanations; pairs of words have none
	df    []uint32
	logDF []float32 // log(df+0.5)
	docs  int       // documents counted in df
	logN  float64   // log(docs+prior+1)
	// prior is a number of pseudo-documents, containing none of the
	// terms, added to the count of documents: it keeps IDF from treating
	// every shared term as common while the stream is still short.
	prior float64
	// pruned is the first ID created since the last prune.
	pruned uint32
}

func newVocab(prior float64) *vocab {
	v := &vocab{ids: map[uint64]uint32{}, names: map[uint32]string{}, prior: prior}
	v.logN = math.Log(prior + 1)
	return v
}

func (v *vocab) id(f feat) uint32 {
	if id, ok := v.ids[f.h]; ok {
		return id
	}
	id := uint32(len(v.kinds))
	v.ids[f.h] = id
	v.kinds = append(v.kinds, f.kind)
	if f.name != "" {
		v.names[id] = strings.Clone(f.name)
	}
	v.df = append(v.df, 0)
	v.logDF = append(v.logDF, float32(math.Log(0.5)))
	return id
}

// idf is a smoothed inverse document frequency over the documents seen
// and the prior pseudo-documents: log((N+prior+1)/(df+0.5)), from cached
// logarithms.
func (v *vocab) idf(id uint32) float64 {
	return v.logN - float64(v.logDF[id])
}

// pruneEvery is the number of documents between two prunes of the
// vocabulary.
const pruneEvery = 100_000

// countDoc counts a document; countTerm counts a term of it: the terms it contains, each once.
func (v *vocab) countDoc() {
	v.docs++
	v.logN = math.Log(float64(v.docs) + v.prior + 1)
	if v.docs%pruneEvery == 0 {
		v.prune()
	}
}

// prune forgets the terms that have been seen in one document only since
// before the previous prune, at least pruneEvery documents ago: most
// terms (four in five: word pairs, typos, rare names) are never seen
// again, and a long stream would otherwise keep every one of them. If a
// forgotten term comes back it is a new term; the old document that had
// it is too old by then to gain from the match. Their frequency slots stay
// (IDs are indexes), only the lookup map shrinks.
func (v *vocab) prune() {
	keep := make(map[uint64]uint32, len(v.ids)/2)
	for h, id := range v.ids {
		if id >= v.pruned || v.df[id] > 1 {
			keep[h] = id
		} else {
			delete(v.names, id)
		}
	}
	v.ids = keep
	v.pruned = uint32(len(v.kinds))
}

func (v *vocab) countTerm(id uint32) {
	v.df[id]++
	v.logDF[id] = float32(math.Log(float64(v.df[id]) + 0.5))
}

// termWeight is one entry of a sparse vector.
type termWeight struct {
	id uint32
	w  float32
}

// feat is a weighted count of one term: a stem, an entity phrase, a
// number or a pair of stems, identified by a hash of its kind and text.
type feat struct {
	h    uint64
	kind byte
	name string // the text, kept for explanations; "" for pairs
	w    float32
}

func newFeat(kind byte, name string, w float64) feat {
	return feat{h: termHash(kind, name), kind: kind, name: name, w: float32(w)}
}

// termHash hashes a term's kind and text.
func termHash(kind byte, name string) uint64 {
	h := uint64(14695981039346656037)
	h ^= uint64(kind)
	h *= 1099511628211
	return fnv(h, name)
}

// sentence is the features of one body sentence.
type sentence struct {
	hash   uint64 // of its lower-cased tokens; 0 when too short to track
	tokens int
	feats  []feat
}

// features is everything the engine needs from a document that does not
// depend on the stream: computing it is pure, so [Engine.AddBatch] does it
// concurrently.
type features struct {
	title     string // headline as given, cleaned later
	sketch    *dedup.Sketch
	body      []sentence
	bodyWords int
}

// extractor computes features. It holds a stem cache and is not safe for
// concurrent use; use one per goroutine.
type extractor struct {
	stem textfeat.Stemmer
	toks []textfeat.Token
	buf  []byte
}

// extract computes the stream-independent features of d: the dedup sketch
// and the body's sentences with their terms.
func (x *extractor) extract(cfg *Config, d Doc) *features {
	f := &features{title: d.Title}
	// The copy detector reads the headline and the body.
	x.toks = textfeat.Tokens(x.toks[:0], d.Title)
	nt := len(x.toks)
	x.toks = textfeat.Tokens(x.toks, d.Body)
	f.sketch = dedup.NewSketchTokens(x.toks)
	toks := x.toks[nt:]
	// Boilerplate removal drops sentences later, so read some way past
	// the part of the body that is used.
	if cfg.MaxBodyTokens > 0 && len(toks) > 4*cfg.MaxBodyTokens {
		toks = toks[:4*cfg.MaxBodyTokens]
	}
	var spans []textfeat.EntitySpan
	if cfg.EntityWeight > 0 && textfeat.MixedCase(toks) {
		spans = textfeat.EntitySpans(toks)
	}
	for i := 0; i < len(toks); {
		j := i + 1
		for j < len(toks) && !toks[j].SentenceStart {
			j++
		}
		sent := sentence{tokens: j - i}
		if j-i >= minBoilerplateTokens {
			h := uint64(14695981039346656037)
			for _, t := range toks[i:j] {
				h = fnv(h, t.Lower)
			}
			sent.hash = h | 1
		}
		sent.feats = x.termFeats(cfg, toks[i:j], 1, nil)
		for len(spans) > 0 && spans[0].Start < j {
			sent.feats = append(sent.feats, newFeat(kindEntity, spans[0].Text, cfg.EntityWeight))
			spans = spans[1:]
		}
		f.body = append(f.body, sent)
		f.bodyWords += j - i
		i = j
	}
	return f
}

// titleFeats returns the terms of a (cleaned) headline.
func (x *extractor) titleFeats(cfg *Config, title string) []feat {
	x.toks = textfeat.Tokens(x.toks[:0], title)
	out := x.termFeats(cfg, x.toks, cfg.TitleWeight, nil)
	if cfg.EntityWeight > 0 && textfeat.MixedCase(x.toks) {
		for _, e := range textfeat.Entities(x.toks) {
			out = append(out, newFeat(kindEntity, e, cfg.TitleWeight*cfg.EntityWeight))
		}
	}
	return out
}

// termFeats appends the stems, pairs of adjacent stems and numbers of
// toks, each with weight w.
func (x *extractor) termFeats(cfg *Config, toks []textfeat.Token, w float64, dst []feat) []feat {
	var prevH uint64
	for _, t := range toks {
		if t.SentenceStart {
			prevH = 0
		}
		if d, ok := textfeat.Number(t); ok {
			if cfg.NumberWeight > 0 {
				dst = append(dst, newFeat(kindNumber, d, w*cfg.NumberWeight))
			}
			prevH = 0
			continue
		}
		if len(t.Lower) < 2 || textfeat.IsStopword(t.Lower) {
			prevH = 0
			continue
		}
		st := x.stem.Stem(t.Lower)
		f := newFeat(kindWord, st, w)
		dst = append(dst, f)
		if prevH != 0 && cfg.BigramWeight > 0 {
			h := mix64(prevH*31 + f.h)
			dst = append(dst, feat{h: h, kind: kindBigram, w: float32(w * cfg.BigramWeight)})
		}
		prevH = f.h
	}
	return dst
}

// minBoilerplateTokens is the shortest sentence tracked as boilerplate.
const minBoilerplateTokens = 4

// maxSentences bounds the boilerplate tables; past it, entries seen once
// are forgotten.
const maxSentences = 1 << 22

// counter counts how many documents repeated a sentence or headline part.
type counter map[uint64]uint8

func (c counter) add(h uint64) {
	if n := c[h]; n < 255 {
		c[h] = n + 1
	}
}

func (c counter) prune() {
	if len(c) > maxSentences {
		for h, n := range c {
			if n <= 1 {
				delete(c, h)
			}
		}
	}
}

// termCounts sums the weights of a document's terms, remembering the
// order in which terms first appeared so that term IDs, and with them
// every later float sum, do not depend on map iteration order.
type termCounts struct {
	index  map[uint64]int32
	feats  []feat
	counts []float64
}

func (c *termCounts) reset() {
	clear(c.index)
	c.feats = c.feats[:0]
	c.counts = c.counts[:0]
}

func (c *termCounts) add(f feat) {
	if i, ok := c.index[f.h]; ok {
		c.counts[i] += float64(f.w)
		return
	}
	c.index[f.h] = int32(len(c.feats))
	c.feats = append(c.feats, f)
	c.counts = append(c.counts, float64(f.w))
}

// docVector is a document's features: term IDs with sublinear weighted
// frequencies, normalised with the IDF known when it arrived, keeping the
// strongest terms.
type docVector struct {
	terms []termWeight // sorted by id
}

// vectorize converts counted features into a vector of at most maxTerms
// terms, and records the document in the frequencies. The stored weights
// exclude IDF (applied at scoring time with the then current frequencies)
// but are scaled so the IDF-weighted vector has unit length now.
func vectorize(v *vocab, counts *termCounts, maxTerms int) docVector {
	type tw struct {
		id  uint32
		tf  float64
		tfi float64
	}
	all := make([]tw, 0, len(counts.feats))
	v.countDoc()
	for i, f := range counts.feats {
		c := counts.counts[i]
		id := v.id(f)
		v.countTerm(id)
		tf := 1 + math.Log(c)
		if c < 1 {
			tf = c
		}
		all = append(all, tw{id, tf, 0})
	}
	for i := range all {
		all[i].tfi = all[i].tf * v.idf(all[i].id)
	}
	slices.SortFunc(all, func(a, b tw) int {
		if a.tfi != b.tfi {
			if a.tfi > b.tfi {
				return -1
			}
			return 1
		}
		return int(a.id) - int(b.id)
	})
	if len(all) > maxTerms {
		all = all[:maxTerms]
	}
	var norm float64
	for _, t := range all {
		norm += t.tfi * t.tfi
	}
	norm = math.Sqrt(norm)
	out := docVector{terms: make([]termWeight, len(all))}
	for i, t := range all {
		w := 0.0
		if norm > 0 {
			w = t.tf / norm
		}
		out.terms[i] = termWeight{t.id, float32(w)}
	}
	slices.SortFunc(out.terms, func(a, b termWeight) int { return int(a.id) - int(b.id) })
	return out
}

// fnv folds s and a separator into the FNV-1a hash h.
func fnv(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	h ^= ' '
	return h * 1099511628211
}

// mix64 is the SplitMix64 finaliser.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// yearSet is a set of years from 1950 to 2077.
type yearSet [2]uint64

const firstYear = 1950

// addFeat adds the year a number feature names, if it is one.
func (y *yearSet) addFeat(f feat) {
	if f.kind != kindNumber || len(f.name) != 4 {
		return
	}
	n := 0
	for i := 0; i < 4; i++ {
		c := f.name[i]
		if c < '0' || c > '9' {
			return
		}
		n = n*10 + int(c-'0')
	}
	if n -= firstYear; n >= 0 && n < 128 {
		y[n/64] |= 1 << (n % 64)
	}
}

func (y *yearSet) union(o yearSet)          { y[0] |= o[0]; y[1] |= o[1] }
func (y yearSet) empty() bool               { return y[0] == 0 && y[1] == 0 }
func (y yearSet) intersects(o yearSet) bool { return y[0]&o[0] != 0 || y[1]&o[1] != 0 }
