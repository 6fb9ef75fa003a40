// Package rouge scores summaries against reference summaries with ROUGE-N
// as ROUGE-1.5.5 computes it, so that figures can be compared with
// published ones. The defaults follow the DUC 2004 task 2 protocol,
// ROUGE-1.5.5 -n 4 -m -l 100 -c 95 -r 1000 -f A -p 0.5 -t 0 -a:
// Porter stemming, stop words kept, summaries cut to their first 100
// words, model-average scoring, and per-set scores averaged over sets.
//
// Confidence intervals (the -c and -r bootstrap) are not computed; the
// point estimate is the mean over sets.
package rouge

import (
	"math"
	"strings"
)

// Options controls scoring. The zero value is not useful; start from
// [DefaultOptions].
type Options struct {
	// MaxN is the largest n-gram length scored (-n).
	MaxN int
	// WordLimit keeps only the first WordLimit whitespace-separated words
	// of every summary, peer and model alike (-l); 0 means no limit.
	WordLimit int
	// Stem maps tokens longer than three bytes to a base form (-m): the
	// WordNet exception list, else the Porter stemmer.
	Stem bool
	// Alpha weighs precision against recall in F (-p); 0.5 is the
	// harmonic mean.
	Alpha float64
	// Best scores against the best-matching model only (-f B) instead of
	// pooling the counts of all models (-f A).
	Best bool
}

// DefaultOptions returns the DUC 2004 protocol: -n 4 -m -l 100 -p 0.5 -f A.
func DefaultOptions() Options {
	return Options{MaxN: 4, WordLimit: 100, Stem: true, Alpha: 0.5}
}

// Score is ROUGE recall, precision and F for one n-gram length, as
// fractions in [0, 1].
type Score struct {
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
	F         float64 `json:"f"`
}

// Counts are the raw n-gram counts behind a [Score]: n-grams in the
// models, in the peer (once per model), and matches clipped per model.
type Counts struct {
	Model, Peer, Hit int
}

// Tokens returns the tokens ROUGE-1.5.5 scores for text: the text is cut
// to its first wordLimit words (0 means no cut; lines are SPL sentences
// and empty lines are skipped), lower-cased, every byte that is not an
// ASCII letter or digit becomes a separator, and with stem set tokens
// longer than three bytes are stemmed.
func Tokens(text string, wordLimit int, stem bool) []string {
	text = truncate(text, wordLimit)
	var toks []string
	start := -1
	for i := 0; i <= len(text); i++ {
		if i < len(text) && isAlnum(text[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			toks = append(toks, Normalize(text[start:i], stem))
			start = -1
		}
	}
	return toks
}

// Normalize lower-cases an alphanumeric token and, with stem set and the
// token longer than three bytes, maps it to its base form as ROUGE-1.5.5's
// MorphStem does: the WordNet exception list first ("said" -> "say"),
// else the Porter stemmer.
func Normalize(tok string, stem bool) string {
	tok = lowerASCII(tok)
	if stem && len(tok) > 3 {
		if base, ok := exceptions()[tok]; ok {
			return base
		}
		return Stem(tok)
	}
	return tok
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// truncate keeps the first limit words of text the way ROUGE-1.5.5's
// readText does for SPL input: each non-empty line is split on
// whitespace (a line that starts with whitespace counts an extra empty
// word, as Perl's split does) and the words are joined with spaces.
func truncate(text string, limit int) string {
	if limit <= 0 {
		return text
	}
	var b strings.Builder
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		if line == "" {
			continue
		}
		fields := strings.FieldsFunc(line, func(r rune) bool { return r < 0x80 && isSpace(byte(r)) })
		if len(fields) > 0 && isSpace(line[0]) {
			fields = append([]string{""}, fields...)
		}
		if n+len(fields) < limit {
			b.WriteString(" ")
			b.WriteString(strings.Join(fields, " "))
			n += len(fields)
			continue
		}
		b.WriteString(" ")
		b.WriteString(strings.Join(fields[:limit-n], " "))
		break
	}
	return b.String()
}

// ngrams counts the n-grams of toks.
func ngrams(toks []string, n int) (map[string]int, int) {
	m := make(map[string]int)
	count := 0
	for i := 0; i+n <= len(toks); i++ {
		m[strings.Join(toks[i:i+n], " ")]++
		count++
	}
	return m, count
}

// Evaluate scores peer against models and returns one [Score] per n-gram
// length 1..opt.MaxN. Like ROUGE-1.5.5, each score is rounded to five
// decimals, and with several models the counts are pooled (-f A): recall
// is the sum of clipped hits over the sum of model n-grams.
func Evaluate(peer string, models []string, opt Options) []Score {
	counts := EvaluateCounts(peer, models, opt)
	scores := make([]Score, len(counts))
	for i, c := range counts {
		scores[i] = c.Score(opt.Alpha)
	}
	return scores
}

// EvaluateCounts returns the counts behind [Evaluate], one per n-gram
// length.
func EvaluateCounts(peer string, models []string, opt Options) []Counts {
	ptoks := Tokens(peer, opt.WordLimit, opt.Stem)
	mtoks := make([][]string, len(models))
	for i, m := range models {
		mtoks[i] = Tokens(m, opt.WordLimit, opt.Stem)
	}
	out := make([]Counts, opt.MaxN)
	for n := 1; n <= opt.MaxN; n++ {
		pg, pc := ngrams(ptoks, n)
		var total Counts
		best := -1.0
		for _, mt := range mtoks {
			mg, mc := ngrams(mt, n)
			hit := 0
			for g, c := range mg {
				hit += min(c, pg[g])
			}
			if opt.Best {
				score := 0.0
				if mc > 0 {
					score = round5(float64(hit) / float64(mc))
				}
				if score > best {
					best = score
					total = Counts{Model: mc, Peer: pc, Hit: hit}
				}
				continue
			}
			total.Model += mc
			total.Peer += pc
			total.Hit += hit
		}
		out[n-1] = total
	}
	return out
}

// Score turns counts into recall, precision and F with ROUGE-1.5.5's
// rounding to five decimals.
func (c Counts) Score(alpha float64) Score {
	var s Score
	if c.Model > 0 {
		s.Recall = round5(float64(c.Hit) / float64(c.Model))
	}
	if c.Peer > 0 {
		s.Precision = round5(float64(c.Hit) / float64(c.Peer))
	}
	if d := (1-alpha)*s.Precision + alpha*s.Recall; d > 0 {
		s.F = round5(s.Precision * s.Recall / d)
	}
	return s
}

func round5(x float64) float64 { return math.Round(x*1e5) / 1e5 }

// Mean averages per-set scores (ROUGE-1.5.5 -t 0). scores[i] holds the
// per-n scores of set i; all must have the same length.
func Mean(scores [][]Score) []Score {
	if len(scores) == 0 {
		return nil
	}
	out := make([]Score, len(scores[0]))
	for _, s := range scores {
		for n := range out {
			out[n].Recall += s[n].Recall
			out[n].Precision += s[n].Precision
			out[n].F += s[n].F
		}
	}
	k := float64(len(scores))
	for n := range out {
		out[n].Recall /= k
		out[n].Precision /= k
		out[n].F /= k
	}
	return out
}
