package benchmark

import (
	"cmp"
	"container/heap"
	"math"
	"slices"

	"github.com/storyline-news/storyline/internal/text/textfeat"
)

// Agglomerative is the plain baseline beside the engine: TF-IDF vectors
// (sublinear tf, English stop words dropped, smoothed IDF fitted on the
// texts clustered, L2-normalised, words not stemmed) clustered by
// average-link agglomerative clustering on cosine similarity, as
// scikit-learn's TfidfVectorizer and AgglomerativeClustering(linkage=
// "average", metric="cosine") do. Pairs less similar than
// baselineFloor count as 0, which keeps the similarity graph sparse.
//
// It records the merge heights once, so that [Agglomerative.Cut] gives the
// clustering at any threshold without clustering again.
type Agglomerative struct {
	n      int
	merges []aggMerge // in order of decreasing height
}

type aggMerge struct {
	a, b   int // cluster representatives (article indexes) merged
	height float64
}

// baselineFloor is the smallest pair similarity the baseline keeps.
const baselineFloor = 0.05

// NewAgglomerative clusters texts (title and body joined) and keeps the
// dendrogram.
func NewAgglomerative(texts []string) *Agglomerative {
	vecs := tfidf(texts)
	n := len(texts)
	// Pair similarities through an inverted index.
	post := map[int][]sparseEntry{}
	for i, v := range vecs {
		for _, t := range v {
			post[t.term] = append(post[t.term], sparseEntry{i, t.w})
		}
	}
	sims := make([]map[int]float64, n) // cluster rep -> neighbour rep -> sum of pair similarities
	for i := range sims {
		sims[i] = map[int]float64{}
	}
	acc := make([]float64, n)
	var touched []int
	for i, v := range vecs {
		touched = touched[:0]
		for _, t := range v {
			for _, o := range post[t.term] {
				if o.term <= i {
					continue
				}
				if acc[o.term] == 0 {
					touched = append(touched, o.term)
				}
				acc[o.term] += t.w * o.w
			}
		}
		for _, j := range touched {
			if s := acc[j]; s >= baselineFloor {
				sims[i][j] = s
				sims[j][i] = s
			}
			acc[j] = 0
		}
	}
	size := make([]int, n)
	version := make([]int, n)
	alive := make([]bool, n)
	h := &pairHeap{}
	for i := range n {
		size[i], alive[i] = 1, true
		for j, s := range sims[i] {
			if j > i {
				heap.Push(h, pairEntry{i, j, s, 0, 0})
			}
		}
	}
	ag := &Agglomerative{n: n}
	for h.Len() > 0 {
		p := heap.Pop(h).(pairEntry)
		if !alive[p.a] || !alive[p.b] || version[p.a] != p.va || version[p.b] != p.vb {
			continue
		}
		// Merge b into a: the sums of pair similarities add up.
		a, b := p.a, p.b
		ag.merges = append(ag.merges, aggMerge{a, b, p.avg})
		alive[b] = false
		delete(sims[a], b)
		for c, s := range sims[b] {
			if c == a {
				continue
			}
			sims[a][c] += s
			delete(sims[c], b)
			sims[c][a] = sims[a][c]
		}
		sims[b] = nil
		size[a] += size[b]
		version[a]++
		for c, s := range sims[a] {
			avg := s / float64(size[a]*size[c])
			if a < c {
				heap.Push(h, pairEntry{a, c, avg, version[a], version[c]})
			} else {
				heap.Push(h, pairEntry{c, a, avg, version[c], version[a]})
			}
		}
	}
	return ag
}

// Cut returns each text's cluster label when every merge of average
// similarity at least threshold is made. Average link never merges at a
// greater height than an earlier merge, so the merges made are a prefix.
func (ag *Agglomerative) Cut(threshold float64) []int {
	parent := make([]int, ag.n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, m := range ag.merges {
		if m.height < threshold {
			break
		}
		parent[find(m.b)] = find(m.a)
	}
	out := make([]int, ag.n)
	for i := range out {
		out[i] = find(i)
	}
	return out
}

type sparseEntry struct {
	term int
	w    float64
}

// tfidf returns each text's L2-normalised TF-IDF vector over word tokens
// that are not stop words: tf is 1+ln(count), idf ln((1+n)/(1+df))+1.
func tfidf(texts []string) [][]sparseEntry {
	ids := map[string]int{}
	var df []int
	counts := make([]map[int]int, len(texts))
	var toks []textfeat.Token
	for i, s := range texts {
		toks = textfeat.Tokens(toks[:0], s)
		c := map[int]int{}
		for _, t := range toks {
			if len(t.Lower) < 2 || t.Num || textfeat.IsStopword(t.Lower) {
				continue
			}
			id, ok := ids[t.Lower]
			if !ok {
				id = len(df)
				ids[t.Lower] = id
				df = append(df, 0)
			}
			if c[id] == 0 {
				df[id]++
			}
			c[id]++
		}
		counts[i] = c
	}
	n := float64(len(texts))
	out := make([][]sparseEntry, len(texts))
	for i, c := range counts {
		v := make([]sparseEntry, 0, len(c))
		var norm float64
		for id, k := range c {
			w := (1 + math.Log(float64(k))) * (math.Log((1+n)/(1+float64(df[id]))) + 1)
			v = append(v, sparseEntry{id, w})
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for j := range v {
			v[j].w /= norm
		}
		slices.SortFunc(v, func(a, b sparseEntry) int { return cmp.Compare(a.term, b.term) })
		out[i] = v
	}
	return out
}

// pairEntry is a candidate merge of clusters a < b with their average
// pair similarity, valid while both clusters keep the versions va, vb.
type pairEntry struct {
	a, b   int
	avg    float64
	va, vb int
}

// pairHeap pops the most similar pair first; ties go to the smallest
// indexes, so the dendrogram does not depend on map order.
type pairHeap []pairEntry

func (h pairHeap) Len() int { return len(h) }
func (h pairHeap) Less(i, j int) bool {
	if h[i].avg != h[j].avg {
		return h[i].avg > h[j].avg
	}
	if h[i].a != h[j].a {
		return h[i].a < h[j].a
	}
	return h[i].b < h[j].b
}
func (h pairHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *pairHeap) Push(x any)   { *h = append(*h, x.(pairEntry)) }
func (h *pairHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
