// Package summarize builds extractive summaries and headlines of stories:
// groups of news articles about one event.
//
// The summary maximises the coverage of the story's concepts, in the manner
// of Gillick and Favre's ICSI summariser: concepts are stemmed word bigrams
// that are not made only of stop words, weighted by the number of
// independent sources that mention them (near-copies and articles of one
// outlet count once), with a bonus for those the articles put in their
// opening sentences. Concepts fewer than three in ten sources share keep a
// tenth of their weight, so they only break ties and fill the budget, and
// single content words count a little too. The chosen sentences cover the
// most concept weight that fits in the word budget, each concept counting
// once, which keeps the summary free of repetition; the search is greedy
// on gain per word followed by local search (additions and swaps).
// Fragments, captions, headings, questions, bare quotations, boilerplate
// and very long sentences are never chosen. Every sentence keeps its
// provenance: the article, the byte offsets into its text, the source, and
// the other articles that say the same thing.
//
// Everything here is deterministic and pure: no I/O, no globals.
package summarize

import (
	"cmp"
	"slices"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/rouge"
	"github.com/storyline-news/storyline/internal/text/junk"
	"github.com/storyline-news/storyline/internal/text/sentence"
)

// DefaultWords is the word budget used when [Options] sets none.
const DefaultWords = 100

// Document is one article of a story.
type Document struct {
	ID     int64
	Source string // outlet; articles with the same source count as one voice
	Title  string
	// Text is the article body; summary offsets refer to it.
	Text string
	// DuplicateOf is the ID of the article this one is a near-copy of, or
	// 0. A copy adds no weight and is never quoted, but it does support
	// the sentences it repeats.
	DuplicateOf int64
}

// Options sets the size of a summary.
type Options struct {
	// Words is the most words (white-space separated) the summary may
	// have. 0 means DefaultWords, unless Sentences is set.
	Words int
	// Sentences, if positive, is the most sentences the summary may have.
	Sentences int
}

// Sentence is one sentence of a summary.
type Sentence struct {
	// Span is where the sentence is: ArticleID and byte offsets into that
	// article's Text, and the text itself.
	news.Span
	Source string `json:"source,omitempty"`
	// Supporting lists the other articles that say the same thing.
	Supporting []int64 `json:"supporting,omitempty"`
}

// Summary is an extractive summary: sentences in reading order.
type Summary struct {
	Sentences []Sentence `json:"sentences"`
	Words     int        `json:"words"`
}

// Text returns the summary's sentences, one per line.
func (s Summary) Text() string {
	var b strings.Builder
	for i, x := range s.Sentences {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(x.Text)
	}
	return b.String()
}

// Tuning. These were set once for news stories in general (on DUC 2004
// and the first 500 Multi-News validation sets), not per data set.
const (
	minWords      = 8    // shorter sentences are fragments, captions, headings
	maxWords      = 60   // longer ones are usually run-ons or lists
	leadSentences = 3    // an article's opening sentences
	leadBonus     = 2.0  // extra weight of a concept in an article's first sentence, fading to 0 by sentence leadSentences
	unigramWeight = 0.05 // content words are concepts too, with this share of a bigram's weight
	fillWeight    = 0.1  // share of weight kept by concepts too rare to count, which fill the budget
	supportShare  = 0.4  // share of a sentence's content words another article must repeat
	supportMin    = 3    // and at least this many of them
)

// Summarize returns the summary of the story told by docs.
func Summarize(docs []Document, opt Options) Summary {
	words := opt.Words
	if words <= 0 && opt.Sentences <= 0 {
		words = DefaultWords
	}
	if words <= 0 {
		words = 1 << 30
	}
	st := analyse(docs)
	chosen := st.selectSentences(words, opt.Sentences)
	// Reading order: the articles' opening sentences first (they state the
	// event), then later ones; each article's sentences keep their order.
	slices.SortFunc(chosen, func(a, b int) int {
		sa, sb := &st.sents[a], &st.sents[b]
		return cmp.Or(cmp.Compare(sa.pos, sb.pos), cmp.Compare(sa.doc, sb.doc))
	})
	var sum Summary
	for _, i := range chosen {
		s := &st.sents[i]
		d := &docs[s.doc]
		span := s.span
		span.ArticleID = d.ID
		sum.Sentences = append(sum.Sentences, Sentence{Span: span, Source: d.Source, Supporting: st.supporting(i)})
		sum.Words += s.words
	}
	return sum
}

// sent is one sentence of one article with what scoring needs.
type sent struct {
	doc      int // index into story.docs
	pos      int // position among the article's sentences
	span     news.Span
	words    int
	content  []string // distinct content-word stems
	concepts []int32  // distinct concept IDs
	cand     bool     // may be put in a summary
}

// story is the analysed input.
type story struct {
	stem    stemmer
	docs    []Document
	dup     []bool // a near-copy of an earlier document
	sents   []sent
	byDoc   [][]int // sentence indexes per document
	weight  []float64
	unigram []bool // concept is a single content word
	nGroups int
}

// analyse splits and tokenises the documents and weighs the concepts.
func analyse(docs []Document) *story {
	st := &story{docs: docs, dup: make([]bool, len(docs)), byDoc: make([][]int, len(docs))}
	ids := make(map[int64]bool, len(docs))
	seenText := make(map[string]bool, len(docs))
	for i, d := range docs {
		ids[d.ID] = true
		key := strings.Join(strings.Fields(strings.ToLower(d.Text)), " ")
		st.dup[i] = seenText[key]
		seenText[key] = true
	}
	for i, d := range docs {
		if d.DuplicateOf != 0 && d.DuplicateOf != d.ID && ids[d.DuplicateOf] {
			st.dup[i] = true
		}
	}

	// Independent voices: one per source, or one per article when the
	// source is unknown.
	group := make([]int, len(docs))
	groups := map[string]int{}
	next := 0
	for i, d := range docs {
		g, ok := groups[d.Source]
		if !ok || d.Source == "" {
			g = next
			next++
			if d.Source != "" {
				groups[d.Source] = g
			}
		}
		group[i] = g
	}

	stem := stemmer{}
	conceptID := map[string]int32{}
	var firstPos []map[int]int // concept -> group -> earliest sentence position
	indep := map[int]bool{}
	for di, d := range docs {
		for pos, sp := range sentence.Split(d.Text) {
			if k := sentence.DatelineEnd(sp.Text); k > 0 && k < len(sp.Text) {
				sp.Start += k
				sp.Text = sp.Text[k:]
			}
			s := sent{doc: di, pos: pos, span: sp, words: len(strings.Fields(sp.Text))}
			stems, stop := stem.tokens(sp.Text)
			s.content = contentSet(stems, stop)
			for _, w := range s.content {
				id := intern(conceptID, &firstPos, "\x00"+w)
				s.concepts = append(s.concepts, id)
				if !st.dup[di] {
					mention(firstPos[id], group[di], pos)
				}
			}
			for k := 0; k+1 < len(stems); k++ {
				if stop[k] && stop[k+1] {
					continue
				}
				id := intern(conceptID, &firstPos, stems[k]+" "+stems[k+1])
				if !slices.Contains(s.concepts, id) {
					s.concepts = append(s.concepts, id)
				}
				if !st.dup[di] {
					mention(firstPos[id], group[di], pos)
				}
			}
			s.cand = !st.dup[di] && candidate(sp.Text, s.words)
			st.byDoc[di] = append(st.byDoc[di], len(st.sents))
			st.sents = append(st.sents, s)
		}
		if !st.dup[di] {
			indep[group[di]] = true
		}
	}
	st.nGroups = len(indep)
	st.stem = stem

	// A concept counts when enough independent articles mention it: three
	// of ten, at least two. A story with one voice falls back to concepts
	// that voice repeats.
	minDF := max(2, (3*st.nGroups+5)/10)
	if st.nGroups < 2 {
		minDF = 1
	}
	st.weight = make([]float64, len(conceptID))
	st.unigram = make([]bool, len(conceptID))
	for key, id := range conceptID {
		st.unigram[id] = key[0] == 0
	}
	for id := range st.weight {
		df := len(firstPos[id])
		w := float64(df)
		for _, p := range firstPos[id] {
			w += leadBonus * max(0, 1-float64(p)/float64(leadSentences))
		}
		if df < minDF {
			// Concepts too rare to count still break ties and fill the
			// budget once the shared ones are covered.
			w *= fillWeight
		}
		if st.unigram[id] {
			w *= unigramWeight
		}
		st.weight[id] = w
	}
	if st.nGroups < 2 {
		st.singleVoiceWeights()
	}
	return st
}

// intern returns the ID of concept key, adding it if new.
func intern(ids map[string]int32, firstPos *[]map[int]int, key string) int32 {
	id, ok := ids[key]
	if !ok {
		id = int32(len(ids))
		ids[key] = id
		*firstPos = append(*firstPos, map[int]int{})
	}
	return id
}

// mention records that group g mentions a concept in sentence pos.
func mention(first map[int]int, g, pos int) {
	if p, ok := first[g]; !ok || pos < p {
		first[g] = pos
	}
}

// singleVoiceWeights weighs concepts by how often they occur when there is
// only one independent article: document frequency says nothing then.
func (st *story) singleVoiceWeights() {
	tf := make([]float64, len(st.weight))
	for _, s := range st.sents {
		if st.dup[s.doc] {
			continue
		}
		for _, c := range s.concepts {
			tf[c]++
			if s.pos < leadSentences {
				tf[c] += leadBonus
			}
		}
	}
	for c := range st.weight {
		st.weight[c] = tf[c]
		if st.unigram[c] {
			st.weight[c] *= unigramWeight
		}
	}
}

// stemmer memoises rouge.Normalize, which dominates the cost of analysis.
type stemmer map[string]string

func (m stemmer) stem(low string) string {
	s, ok := m[low]
	if !ok {
		s = rouge.Normalize(low, true)
		m[low] = s
	}
	return s
}

// tokens returns the stemmed tokens of text, tokenised and stemmed the way
// ROUGE does, and which of them are stop words.
func (m stemmer) tokens(text string) (stems []string, stop []bool) {
	start := -1
	for i := 0; i <= len(text); i++ {
		if i < len(text) && isAlnum(text[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			low := strings.ToLower(text[start:i])
			stems = append(stems, m.stem(low))
			stop = append(stop, stopwords[low])
			start = -1
		}
	}
	return stems, stop
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func contentSet(stems []string, stop []bool) []string {
	var out []string
	for i, s := range stems {
		if !stop[i] && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// boilerplate holds lower-case fragments of text that are not news.
var boilerplate = []string{
	"leave a comment", "email address will not be published", "all rights reserved",
	"copyright", "click here", "subscribe", "sign up", "newsletter", "follow us",
	"share this", "read more", "image copyright", "image caption", "getty images",
	"contributed to this report", "cookies", "terms of use", "privacy policy",
	"javascript", "your browser", "advertisement", "http://", "https://", "www.",
	"related coverage", "this article", "this story", "reporting by", "editing by",
	"(photo", "photo:", "@", "please enable",
}

// candidate reports whether a sentence may go into a summary: a complete
// sentence of reasonable length that is not boilerplate, a question, or a
// bare quotation.
func candidate(text string, words int) bool {
	if words < minWords || words > maxWords {
		return false
	}
	t := strings.TrimRight(text, `"'”’)] `)
	if t == "" {
		return false
	}
	switch t[len(t)-1] {
	case '.', '!':
	default:
		return false // headings, captions, questions, cut-off text
	}
	low := strings.ToLower(text)
	for _, b := range boilerplate {
		if strings.Contains(low, b) {
			return false
		}
	}
	// A quotation with no attribution outside it.
	if (strings.HasPrefix(text, `"`) || strings.HasPrefix(text, "“")) && !strings.ContainsAny(text[1:], `"”`) {
		return false
	}
	return !junk.Is(text) // page furniture, cut sentences
}

// supporting returns the IDs of the other articles that say what sentence
// i says: one of their sentences repeats at least supportShare of its
// content words.
func (st *story) supporting(i int) []int64 {
	s := &st.sents[i]
	if len(s.content) == 0 {
		return nil
	}
	var out []int64
	for d := range st.docs {
		if d == s.doc || st.docs[d].ID == st.docs[s.doc].ID {
			continue
		}
		for _, j := range st.byDoc[d] {
			shared := 0
			for _, w := range st.sents[j].content {
				if slices.Contains(s.content, w) {
					shared++
				}
			}
			if shared >= min(supportMin, len(s.content)) && float64(shared) >= supportShare*float64(len(s.content)) {
				out = append(out, st.docs[d].ID)
				break
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
