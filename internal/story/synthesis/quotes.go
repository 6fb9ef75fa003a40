package synthesis

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/text/textfeat"
)

// Quote matching: two quotes by one speaker in different sources conflict
// when they share at least minQuoteOverlap of their words (they render the
// same statement) but are not the same words (one source quotes it
// differently). Quotes of fewer than minQuoteWords words are ignored.
const (
	minQuoteWords   = 5
	minQuoteOverlap = 0.5
)

// quoteRE finds quoted passages in straight or curly double quotes.
var quoteRE = regexp.MustCompile(`["“]([^"“”]{10,400})["”]`)

// quote is one quoted passage with its speaker.
type quote struct {
	speaker string // the speaker's last name, lower-cased
	name    string // the speaker as written
	text    string
	words   map[string]bool
	art     *news.Article
}

// quoteConflicts finds statements one speaker is quoted as making in
// different words by different independent sources.
func quoteConflicts(arts []*news.Article, sents [][]sent) []news.Conflict {
	var quotes []quote
	for i, a := range arts {
		if original(a, arts) != 0 {
			continue
		}
		for _, s := range sents[i] {
			quotes = append(quotes, sentenceQuotes(a, s.span.Text)...)
		}
	}
	var out []news.Conflict
	used := map[int]bool{}
	for i := range quotes {
		if used[i] {
			continue
		}
		a := quotes[i]
		sides := []news.ConflictSide{{Value: a.text, Text: a.text, Sources: []string{a.art.Source}, ArticleIDs: []int64{a.art.ID}}}
		for j := i + 1; j < len(quotes); j++ {
			b := quotes[j]
			if used[j] || b.speaker != a.speaker || b.art.Source == a.art.Source {
				continue
			}
			if sameWords(a.words, b.words) {
				// The same words: this source backs the first version.
				used[j] = true
				if !slices.Contains(sides[0].Sources, b.art.Source) {
					sides[0].Sources = append(sides[0].Sources, b.art.Source)
					sides[0].ArticleIDs = append(sides[0].ArticleIDs, b.art.ID)
				}
				continue
			}
			if overlap(a.words, b.words) < minQuoteOverlap {
				continue
			}
			used[j] = true
			sides = append(sides, news.ConflictSide{Value: b.text, Text: b.text, Sources: []string{b.art.Source}, ArticleIDs: []int64{b.art.ID}})
		}
		if len(sides) > 1 {
			used[i] = true
			out = append(out, news.Conflict{What: "quote by " + a.name, Kind: "quote", Sides: sides})
		}
	}
	slices.SortStableFunc(out, func(x, y news.Conflict) int { return cmp.Compare(x.What, y.What) })
	return out
}

// sentenceQuotes returns the attributed quotes of one sentence: the
// speaker is a name right after the quote ("…," Varga said / said Varga)
// or right before it (Varga said: "…").
func sentenceQuotes(a *news.Article, s string) []quote {
	var out []quote
	for _, m := range quoteRE.FindAllStringSubmatchIndex(s, -1) {
		text := strings.TrimSpace(s[m[2]:m[3]])
		words := quoteWords(text)
		if len(words) < minQuoteWords {
			continue
		}
		name := speakerAfter(s[m[1]:])
		if name == "" {
			name = speakerBefore(s[:m[0]])
		}
		if name == "" {
			continue
		}
		f := strings.Fields(name)
		out = append(out, quote{speaker: strings.ToLower(f[len(f)-1]), name: name, text: text, words: words, art: a})
	}
	return out
}

// speakerAfter reads the speaker from the text after a quote: a name
// before or after a speech verb within its first words.
func speakerAfter(rest string) string {
	toks := textfeat.Tokens(nil, rest)
	if len(toks) > 6 {
		toks = toks[:6]
	}
	return speakerNear(toks, rest)
}

// speakerBefore reads the speaker from the text before a quote.
func speakerBefore(head string) string {
	toks := textfeat.Tokens(nil, head)
	if len(toks) > 6 {
		toks = toks[len(toks)-6:]
	}
	return speakerNear(toks, head)
}

// speakerNear returns the name among toks when a speech verb is there too.
func speakerNear(toks []textfeat.Token, text string) string {
	verb := false
	for _, t := range toks {
		if speechVerbs[t.Lower] {
			verb = true
		}
	}
	if !verb {
		return ""
	}
	for _, sp := range textfeat.EntitySpans(toks) {
		if first := toks[sp.Start].Lower; speechVerbs[first] || weekdayOrMonth[first] {
			continue
		}
		return text[toks[sp.Start].Start : toks[sp.End-1].Start+len(toks[sp.End-1].Text)]
	}
	return ""
}

func quoteWords(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range textfeat.Tokens(nil, s) {
		m[t.Lower] = true
	}
	return m
}

func sameWords(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for w := range a {
		if !b[w] {
			return false
		}
	}
	return true
}

// overlap is the share of the smaller word set found in the other.
func overlap(a, b map[string]bool) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	n := 0
	for w := range a {
		if b[w] {
			n++
		}
	}
	return float64(n) / float64(max(1, len(a)))
}
