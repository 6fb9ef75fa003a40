package summarize

import (
	"math"
	"strings"
	"unicode"
)

// MaxHeadlineWords is the longest headline [Headline] returns.
const MaxHeadlineWords = 14

// Headline returns a headline for the story told by docs: the member title
// closest to the story's concept centroid, or, when no article has a usable
// title, the most central opening sentence cut to MaxHeadlineWords words.
// Boilerplate titles ("Home", "Live updates", site names) are never chosen.
// It returns "" when docs hold no text.
func Headline(docs []Document) string {
	st := analyse(docs)
	centroid := st.centroid()
	cases := newCaseMap(docs)

	best, bestScore, bestDoc := "", -1.0, -1
	for i, d := range docs {
		if st.dup[i] {
			continue
		}
		title := polish(cleanTitle(d.Title))
		n := len(strings.Fields(title))
		if n < 3 || n > 2*MaxHeadlineWords || boilerplateTitle(title) || fragment(title) {
			continue
		}
		s := cosine(centroid, st.vector(title))
		if n > MaxHeadlineWords {
			s *= overlongFactor // it would have to be cut
		}
		if s > bestScore {
			best, bestScore, bestDoc = title, s, i
		}
	}
	if best != "" && bestScore > 0 {
		return cases.restoreFrom(bestDoc, dropStop(trimWords(best, MaxHeadlineWords)))
	}

	// No usable title: the most central of the articles' opening
	// sentences (their first few complete ones).
	bestScore = -1
	for d, idx := range st.byDoc {
		if st.dup[d] {
			continue
		}
		rank := 0
		for _, i := range idx {
			s := &st.sents[i]
			if !candidate(s.span.Text, s.words) {
				continue
			}
			text := polish(s.span.Text)
			if fragment(text) {
				continue
			}
			// Judge what the headline would say, not the whole sentence;
			// a sentence that fits whole reads better than a cut one.
			h := trimWords(text, MaxHeadlineWords)
			score := cosine(centroid, st.vector(h)) / (1 + 0.25*float64(rank))
			if len(strings.Fields(text)) > MaxHeadlineWords {
				score *= overlongFactor
			}
			if score > bestScore {
				best, bestScore, bestDoc = h, score, d
			}
			if rank++; rank >= leadSentences {
				break
			}
		}
	}
	if best == "" {
		for i, d := range docs {
			if t := polish(d.Text); t != "" {
				best, bestDoc = t, i
				break
			}
		}
	}
	return cases.restoreFrom(bestDoc, dropStop(trimWords(best, MaxHeadlineWords)))
}

// dropStop removes the full stop that ends a sentence used as a headline,
// not the one of an abbreviation.
func dropStop(h string) string {
	words := strings.Fields(h)
	if len(words) == 0 || !strings.HasSuffix(h, ".") || strings.HasSuffix(h, "..") || abbrevEnd[strings.ToLower(words[len(words)-1])] {
		return h
	}
	return strings.TrimSuffix(h, ".")
}

// overlongFactor discounts a headline candidate longer than
// MaxHeadlineWords, which must be cut.
const overlongFactor = 0.8

// centroid is the story's concept vector: each content-word stem weighted
// by the number of independent articles that use it.
func (st *story) centroid() map[string]float64 {
	c := make(map[string]float64)
	for d, idx := range st.byDoc {
		if st.dup[d] {
			continue
		}
		seen := map[string]bool{}
		for _, i := range idx {
			for _, w := range st.sents[i].content {
				if !seen[w] {
					seen[w] = true
					c[w]++
				}
			}
		}
	}
	return c
}

// vector returns the content-word vector of text.
func (st *story) vector(text string) map[string]float64 {
	stems, stop := st.stem.tokens(text)
	v := make(map[string]float64)
	for i, w := range stems {
		if !stop[i] {
			v[w]++
		}
	}
	return v
}

func cosine(a, b map[string]float64) float64 {
	var dot, na, nb float64
	for k, x := range a {
		na += x * x
		if y, ok := b[k]; ok {
			dot += x * y
		}
	}
	for _, y := range b {
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// titleSeparators set off the site names that feeds append to titles.
var titleSeparators = []string{" | ", " - ", " — ", " – ", " :: "}

// cleanTitle removes a trailing site name ("Storm hits coast - BBC News")
// and collapses white space.
func cleanTitle(t string) string {
	t = strings.Join(strings.Fields(t), " ")
	// "Man shot - WMC Action News 5 - Memphis, Tennessee": one tail at a
	// time, from the end.
	for changed := true; changed; {
		changed = false
		for _, sep := range titleSeparators {
			if i := strings.LastIndex(t, sep); i > 0 {
				tail := t[i+len(sep):]
				if n := len(strings.Fields(tail)); (n <= 4 || n <= 8 && siteName(tail)) && len(strings.Fields(t[:i])) >= 3 {
					t, changed = t[:i], true
				}
			}
		}
	}
	return t
}

// siteName reports whether a title's tail names a site: a domain, a word
// like "News", or call letters ("WSVN-TV", "7NEWS").
func siteName(tail string) bool {
	for w := range strings.FieldsSeq(tail) {
		w = strings.Trim(w, ",.:;")
		low := strings.ToLower(w)
		if strings.Contains(low, ".com") || strings.Contains(low, "news") || low == "tv" {
			return true
		}
		letters := 0
		for _, r := range w {
			if unicode.IsLetter(r) {
				letters++
				if !unicode.IsUpper(r) {
					letters = -100
				}
			}
		}
		if letters >= 3 {
			return true
		}
	}
	return false
}

var boilerplateTitles = []string{
	"home", "homepage", "news", "live", "live updates", "latest news", "breaking news",
	"top stories", "video", "photos", "page not found", "404", "access denied", "subscribe",
	"sign in", "log in", "untitled", "index",
}

// boilerplateHeadline are fragments of page chrome that scrapers take for
// titles.
var boilerplateHeadline = []string{
	"{*", "*}", "confirmation email", "page not found", "404 error",
	"alexa internet", "crawl data", "enable javascript", "access denied",
}

func boilerplateTitle(t string) bool {
	low := strings.ToLower(strings.TrimSpace(t))
	for _, b := range boilerplateHeadline {
		if strings.Contains(low, b) {
			return true
		}
	}
	for _, b := range boilerplateTitles {
		if low == b || strings.HasPrefix(low, b+":") {
			return true
		}
	}
	for _, b := range boilerplate {
		if strings.Contains(low, b) {
			return true
		}
	}
	return false
}

// weakEnd are words a cut headline must not end with.
var weakEnd = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "in": true, "on": true, "at": true,
	"to": true, "for": true, "and": true, "or": true, "but": true, "with": true, "by": true,
	"from": true, "as": true, "that": true, "which": true, "who": true, "its": true,
	"his": true, "her": true, "their": true, "is": true, "was": true, "were": true, "are": true,
}

// trimWords cuts text to at most n words. A longer text is cut at the last
// clause boundary (a comma, semicolon or dash) that keeps at least half of
// the words, else after n words, and weak trailing words and punctuation
// are dropped.
func trimWords(text string, n int) string {
	words := strings.Fields(text)
	if len(words) <= n {
		return strings.Join(words, " ")
	}
	cut, clause := n, false
	for k := n; k >= n/2; k-- {
		w := words[k-1]
		if strings.HasSuffix(w, ",") || strings.HasSuffix(w, ";") || strings.HasSuffix(w, ":") ||
			k < len(words) && (words[k] == "-" || words[k] == "—" || words[k] == "–" || words[k] == "--") {
			cut, clause = k, true
			break
		}
	}
	words = words[:cut]
	for len(words) > 1 && weakEnd[strings.ToLower(strings.TrimFunc(words[len(words)-1], unicode.IsPunct))] {
		words = words[:len(words)-1]
	}
	out := strings.Join(words, " ")
	out = strings.TrimRightFunc(out, func(r rune) bool { return unicode.IsPunct(r) && r != ')' && r != '"' })
	if !clause {
		// Cut mid-clause: say so rather than pass the rest off as whole.
		out += "…"
	}
	return out
}
