package cluster

import "slices"

// accumulator sums candidate weights by story index in a dense array,
// remembering which stories it touched: at a million articles a map of
// candidates cost a hash probe into cold memory per posting.
type accumulator struct {
	v       []float64 // by story index; 0 = untouched
	touched []int32
}

// add adds w (> 0) to story s.
func (a *accumulator) add(s int32, w float64) {
	if int(s) >= len(a.v) {
		a.v = append(a.v, make([]float64, int(s)+1-len(a.v)+len(a.v)/2)...)
	}
	if a.v[s] == 0 {
		a.touched = append(a.touched, s)
	}
	a.v[s] += w
}

// fold moves the weight of every touched story that was merged into its
// survivor, so each story is counted once, under the survivor's index,
// and leaves out skip (a story's own index, or -1).
func (a *accumulator) fold(resolve func(int32) int32, skip int32) {
	n := len(a.touched)
	for i := 0; i < n; i++ {
		s := a.touched[i]
		r := resolve(s)
		if r == s {
			continue
		}
		a.add(r, a.v[s])
		a.v[s] = 0
	}
	if skip >= 0 && int(skip) < len(a.v) {
		a.v[skip] = 0
	}
}

// top appends to dst the n stories with the highest sums, highest first,
// ties broken by story ID (id maps a story index to it): IDs, unlike
// indexes, are the same in an engine warmed from the store.
func (a *accumulator) top(dst []candidate, n int, id func(int32) int64) []candidate {
	better := func(x, y candidate) bool {
		return x.score > y.score || x.score == y.score && id(x.s) < id(y.s)
	}
	// Keep a small min-heap of the best n.
	h := dst[:0]
	for _, s := range a.touched {
		v := a.v[s]
		if v == 0 {
			continue // folded into its survivor, or skipped
		}
		c := candidate{s, v}
		if len(h) < n {
			h = append(h, c)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !better(h[p], h[i]) {
					break
				}
				h[p], h[i] = h[i], h[p]
				i = p
			}
			continue
		}
		if n == 0 || !better(c, h[0]) {
			continue
		}
		h[0] = c
		for i := 0; ; {
			l, r, m := 2*i+1, 2*i+2, i
			if l < len(h) && better(h[m], h[l]) {
				m = l
			}
			if r < len(h) && better(h[m], h[r]) {
				m = r
			}
			if m == i {
				break
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	slices.SortFunc(h, func(x, y candidate) int {
		if better(x, y) {
			return -1
		}
		if better(y, x) {
			return 1
		}
		return 0
	})
	return h
}

// reset empties the accumulator.
func (a *accumulator) reset() {
	for _, s := range a.touched {
		a.v[s] = 0
	}
	a.touched = a.touched[:0]
}
