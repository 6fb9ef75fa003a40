// Package dedup finds exact and near-duplicate news articles: syndicated
// copies under another header or footer, lightly edited copies, and copies
// with sentences deleted or reordered.
//
// Exact copies are found by a hash of the normalised text. Near copies are
// found with MinHash signatures of word 3-shingles and locality-sensitive
// hashing (LSH) over bands of the signature, then confirmed with the
// estimated containment of the shorter text in the longer one. The index
// is in memory, deterministic and not safe for concurrent use.
package dedup

import (
	"math"
	"slices"

	"github.com/storyline-news/storyline/internal/text/textfeat"
)

// Signature parameters: numHashes MinHash values in bands of rows.
const (
	numHashes = 126
	rows      = 3
	bands     = numHashes / rows
	shingleK  = 3
)

// Config tunes an [Index].
type Config struct {
	// Threshold is the smallest estimated containment (the share of the
	// shorter text's shingles found in the longer one) for a near copy.
	Threshold float64
	// MinLengthRatio is the smallest ratio of the shorter text's shingle
	// count to the longer one's: a brief is not a copy of a long feature
	// that quotes it.
	MinLengthRatio float64
	// MinShingles is the fewest shingles a text needs for near-copy
	// detection; shorter texts are only matched exactly.
	MinShingles int
	// MaxBucket caps each LSH bucket; the oldest entries are dropped.
	MaxBucket int
	// Window is the number of most recent texts kept for near-copy
	// detection, which bounds memory (copies are published within days
	// of their original); 0 keeps them all. Exact copies are found at
	// any distance.
	Window int
}

// DefaultConfig returns the configuration measured in dedup_test.go.
func DefaultConfig() Config {
	return Config{Threshold: 0.6, MinLengthRatio: 0.3, MinShingles: 8, MaxBucket: 32, Window: 200_000}
}

type entry struct {
	id   int64
	root int64 // the earliest article this one copies, or id
	n    int32 // shingle count
	sig  [numHashes]uint32
}

// Index remembers the articles added to it.
type Index struct {
	cfg     Config
	exact   map[uint64]int64
	buckets bucketMap // band hash -> entry indexes
	entries []entry   // entries[i] has sequence number base+i
	base    int32
	byID    map[int64]int32
	cands   []int32
}

// New returns an empty index.
func New(cfg Config) *Index {
	return &Index{
		cfg:     cfg,
		exact:   map[uint64]int64{},
		buckets: newBucketMap(0),
		byID:    map[int64]int32{},
	}
}

// seeds are the fixed odd multipliers of the MinHash functions, from a
// SplitMix64 sequence, so results are identical from run to run.
var seeds = func() (s [numHashes]uint64) {
	x := uint64(0x9E3779B97F4A7C15)
	for i := range s {
		x += 0x9E3779B97F4A7C15
		s[i] = mix64(x) | 1
	}
	return s
}()

// Len returns the number of texts held for near-copy detection.
func (ix *Index) Len() int { return len(ix.entries) }

// maxSketchTokens is how much of a text its MinHash signature covers.
const maxSketchTokens = 5000

// Sketch is the fingerprint of a text: its exact hash and, for texts long
// enough, its MinHash signature. Computing it is the costly part of
// [Index.Add] and needs no index, so callers may compute sketches
// concurrently and add them in order with [Index.AddSketch].
type Sketch struct {
	exact uint64 // 0 for an empty text
	n     int32  // distinct shingles
	sig   [numHashes]uint32
}

// NewSketch computes the sketch of text.
func NewSketch(text string) *Sketch {
	return NewSketchTokens(textfeat.Tokens(nil, text))
}

// NewSketchTokens computes the sketch of a text from its tokens, for
// callers that tokenized it already.
func NewSketchTokens(toks []textfeat.Token) *Sketch {
	sk := &Sketch{exact: exactHash(toks)}
	// The opening of a long text identifies it; a copy shares it.
	sh := shingles(toks[:min(len(toks), maxSketchTokens)])
	sk.n = int32(len(sh))
	for h := range sk.sig {
		sk.sig[h] = math.MaxUint32
	}
	for _, s := range sh {
		for h, m := range seeds {
			v := uint32((s * m) >> 32)
			if v < sk.sig[h] {
				sk.sig[h] = v
			}
		}
	}
	return sk
}

// Add indexes the article id with the given text and returns the earliest
// added article it is an exact or near copy of (a copy of a copy counts as
// a copy of the original), with the similarity
// (estimated containment, 1 for exact copies), or 0 and the best
// similarity seen below the threshold.
func (ix *Index) Add(id int64, text string) (dupOf int64, sim float64) {
	return ix.AddSketch(id, NewSketch(text))
}

// Check is Add without indexing the text.
func (ix *Index) Check(text string) (dupOf int64, sim float64) {
	d, s, _ := ix.match(NewSketch(text))
	return d, s
}

// AddSketch is Add with a precomputed sketch.
func (ix *Index) AddSketch(id int64, sk *Sketch) (dupOf int64, sim float64) {
	dupOf, sim, bands := ix.match(sk)
	ix.insert(id, dupOf, sk, dupOf != 0 && sim == 1 && bands == nil, bands)
	return dupOf, sim
}

// match finds the copy of the sketched text. It returns the band hashes
// of a sketch that can be indexed for near copies, else nil.
func (ix *Index) match(sk *Sketch) (int64, float64, []uint64) {
	if sk.exact == 0 {
		return 0, 0, nil
	}
	if id, ok := ix.exact[sk.exact]; ok {
		return id, 1, nil
	}
	if int(sk.n) < ix.cfg.MinShingles {
		return 0, 0, nil
	}
	bh := make([]uint64, bands)
	ix.cands = ix.cands[:0]
	for b := range bands {
		bh[b] = bandHash(b, sk.sig[b*rows:(b+1)*rows])
		ix.cands = ix.buckets.appendTo(ix.cands, bh[b])
	}
	slices.Sort(ix.cands)
	best, bestSim := int32(-1), 0.0
	for i, c := range ix.cands {
		if i > 0 && ix.cands[i-1] == c || c < ix.base {
			continue
		}
		// Candidates are in insertion order, so ties keep the earliest.
		if s := ix.similarity(sk.n, &sk.sig, &ix.entries[c-ix.base]); s > bestSim+1e-12 {
			best, bestSim = c, s
		}
	}
	if best >= 0 && bestSim >= ix.cfg.Threshold {
		return ix.entries[best-ix.base].root, bestSim, bh
	}
	return 0, bestSim, bh
}

func (ix *Index) insert(id, dupOf int64, sk *Sketch, exactCopy bool, bh []uint64) {
	if sk.exact == 0 || exactCopy {
		return
	}
	root := id
	if dupOf != 0 {
		root = dupOf
	}
	if _, ok := ix.exact[sk.exact]; !ok {
		ix.exact[sk.exact] = root
	}
	if bh == nil {
		return
	}
	if _, ok := ix.byID[id]; ok {
		return
	}
	if ix.cfg.Window > 0 && len(ix.entries) >= 2*ix.cfg.Window {
		ix.forget(len(ix.entries) - ix.cfg.Window + 1)
	}
	idx := ix.base + int32(len(ix.entries))
	ix.entries = append(ix.entries, entry{id: id, root: root, n: sk.n, sig: sk.sig})
	ix.byID[id] = idx
	for _, h := range bh {
		ix.buckets.add(h, idx, ix.cfg.MaxBucket)
	}
}

// bucketMap maps band hashes to entry indexes. Nearly every bucket holds a
// single entry, so those live in a map of single values, and only buckets
// with more entries pay for a slice: this halves the index's memory.
type bucketMap struct {
	one  map[uint64]int32
	many map[uint64][]int32
}

func newBucketMap(size int) bucketMap {
	return bucketMap{one: make(map[uint64]int32, size), many: map[uint64][]int32{}}
}

// appendTo appends the entries of bucket h to dst.
func (m *bucketMap) appendTo(dst []int32, h uint64) []int32 {
	if v, ok := m.one[h]; ok {
		return append(dst, v)
	}
	return append(dst, m.many[h]...)
}

// add appends idx to bucket h. A bucket at max entries keeps its first
// entry (the original of a copied text) and the most recent ones.
func (m *bucketMap) add(h uint64, idx int32, max int) {
	if bk, ok := m.many[h]; ok {
		if max > 0 && len(bk) >= max {
			copy(bk[1:], bk[2:])
			bk = bk[:len(bk)-1]
		}
		m.many[h] = append(bk, idx)
		return
	}
	if v, ok := m.one[h]; ok {
		delete(m.one, h)
		m.many[h] = []int32{v, idx}
		return
	}
	m.one[h] = idx
}

// without returns the buckets without entries before base, in new maps
// (Go maps do not shrink).
func (m *bucketMap) without(base int32) bucketMap {
	out := newBucketMap(len(m.one) / 2)
	for h, v := range m.one {
		if v >= base {
			out.one[h] = v
		}
	}
	for h, bk := range m.many {
		keep := slices.DeleteFunc(bk, func(i int32) bool { return i < base })
		switch len(keep) {
		case 0:
		case 1:
			out.one[h] = keep[0]
		default:
			out.many[h] = slices.Clip(keep)
		}
	}
	return out
}

// forget drops the n oldest entries and rebuilds the buckets without
// them (Go maps do not shrink). Called every Window insertions, it costs
// O(1) per insertion.
func (ix *Index) forget(n int) {
	for _, e := range ix.entries[:n] {
		delete(ix.byID, e.id)
	}
	ix.entries = slices.Clone(ix.entries[n:])
	ix.base += int32(n)
	ix.buckets = ix.buckets.without(ix.base)
	byID := make(map[int64]int32, len(ix.byID))
	for id, i := range ix.byID {
		byID[id] = i
	}
	ix.byID = byID
}

// similarity estimates the containment of the shorter text in the longer
// from the Jaccard similarity of their signatures.
func (ix *Index) similarity(n int32, sig *[numHashes]uint32, e *entry) float64 {
	small, large := float64(n), float64(e.n)
	if small > large {
		small, large = large, small
	}
	if small < ix.cfg.MinLengthRatio*large {
		return 0
	}
	eq := 0
	for h := range sig {
		if sig[h] == e.sig[h] {
			eq++
		}
	}
	j := float64(eq) / numHashes
	// |A∩B| = J(|A|+|B|)/(1+J)
	inter := j * (small + large) / (1 + j)
	return min(inter/small, 1)
}

// shingles returns the hashes of the word 3-shingles of toks, without
// repeats, over lower-cased tokens.
func shingles(toks []textfeat.Token) []uint64 {
	if len(toks) < shingleK {
		return nil
	}
	out := make([]uint64, 0, len(toks))
	for i := 0; i+shingleK <= len(toks); i++ {
		h := uint64(14695981039346656037)
		for _, t := range toks[i : i+shingleK] {
			h = fnv(h, t.Lower)
		}
		out = append(out, mix64(h))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// fnv folds s and a separator into the FNV-1a hash h.
func fnv(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	h ^= 0xff
	return h * 1099511628211
}

// mix64 is the SplitMix64 finaliser: it spreads FNV's weak low bits.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func bandHash(b int, v []uint32) uint64 {
	h := uint64(b+1) * 0x9E3779B97F4A7C15
	for _, x := range v {
		h ^= uint64(x)
		h *= 0x100000001B3
		h ^= h >> 29
	}
	return h
}

// exactHash is a hash of the lower-cased token sequence: punctuation,
// spacing and case do not matter. It is 0 for an empty text.
func exactHash(toks []textfeat.Token) uint64 {
	if len(toks) == 0 {
		return 0
	}
	h := uint64(14695981039346656037)
	for _, t := range toks {
		h = fnv(h, t.Lower)
	}
	return h | 1
}
