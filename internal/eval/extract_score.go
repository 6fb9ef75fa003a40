package eval

import (
	"strings"
	"unicode"
)

// ShingleCounts are the true positives, false positives and false negatives
// of one page's extracted body, normalised so that they sum to 1 (or all
// zero when neither text has a shingle), so long pages weigh no more than
// short ones.
type ShingleCounts struct {
	TP, FP, FN float64
}

// extractShingleN is the shingle length of the extraction benchmark.
const extractShingleN = 4

// ShingleMatch scores an extracted body against the true one the way the
// extraction benchmark does: both texts are split into tokens (runs of
// letters, digits and '_', lower-cased), tokens are joined into
// overlapping 4-gram shingles, and the shingle multisets are compared.
func ShingleMatch(truth, pred string) ShingleCounts {
	ts := shingles(truth, extractShingleN)
	ps := shingles(pred, extractShingleN)
	var c ShingleCounts
	for k, tn := range ts {
		pn := ps[k]
		c.TP += float64(min(tn, pn))
		c.FN += float64(max(0, tn-pn))
	}
	for k, pn := range ps {
		c.FP += float64(max(0, pn-ts[k]))
	}
	if s := c.TP + c.FP + c.FN; s > 0 {
		c.TP, c.FP, c.FN = c.TP/s, c.FP/s, c.FN/s
	}
	return c
}

// wordTokens splits s into runs of letters, numbers and '_' (Python's
// Unicode \w), lower-cased.
func wordTokens(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
	for i, t := range f {
		f[i] = strings.ToLower(t)
	}
	return f
}

func shingles(s string, n int) map[string]int {
	toks := wordTokens(s)
	m := make(map[string]int, max(0, len(toks)-n+1))
	for i := 0; i+n <= len(toks); i++ {
		m[strings.Join(toks[i:i+n], " ")]++
	}
	return m
}

// precision is a page's precision: 1 when there is neither a false
// positive nor a false negative, 0 when nothing was predicted correctly.
func (c ShingleCounts) precision() float64 {
	switch {
	case c.FP == 0 && c.FN == 0:
		return 1
	case c.TP == 0 && c.FP == 0:
		return 0
	}
	return c.TP / (c.TP + c.FP)
}

func (c ShingleCounts) recall() float64 {
	switch {
	case c.FP == 0 && c.FN == 0:
		return 1
	case c.TP == 0 && c.FN == 0:
		return 0
	}
	return c.TP / (c.TP + c.FN)
}

// ExtractScores averages per-page scores the way the benchmark does:
// precision is the mean over the pages with a predicted shingle
// (TP+FP > 0), recall the mean over the pages with a true shingle
// (TP+FN > 0), and F1 the harmonic mean of the two means.
func ExtractScores(pages []ShingleCounts) (precision, recall, f1v float64) {
	var ps, rs float64
	var np, nr int
	for _, c := range pages {
		if c.TP+c.FP > 0 {
			ps += c.precision()
			np++
		}
		if c.TP+c.FN > 0 {
			rs += c.recall()
			nr++
		}
	}
	if np > 0 {
		precision = ps / float64(np)
	}
	if nr > 0 {
		recall = rs / float64(nr)
	}
	return precision, recall, f1(precision, recall)
}
