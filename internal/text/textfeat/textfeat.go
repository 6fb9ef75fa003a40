// Package textfeat turns news text into the features that deduplication
// and clustering compare: word tokens, stems, named-entity phrases and
// numbers. It is pure and allocation-conscious; a [Stemmer] caches stems
// and is not safe for concurrent use.
package textfeat

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// Token is one word or number of a text.
type Token struct {
	Text  string // as written (a slice of the input)
	Lower string // lower-cased; numbers lose their thousands separators
	// Start is the byte offset of the token in the input.
	Start int
	// Cap is true when the token begins with an upper-case letter.
	Cap bool
	// SentenceStart is true for the first token of a sentence, line or text.
	SentenceStart bool
	// Num is true for numbers ("12", "1,200", "5.8").
	Num bool
	// Punct is true when punctuation other than an apostrophe or a hyphen
	// separates the token from the previous one.
	Punct bool
}

// Tokens splits s into words and numbers. Words are runs of letters and
// digits; an apostrophe inside a word ends it and drops a possessive "s"
// ("police's" -> "police"). Numbers keep inner separators ("1,200" ->
// "1200", "5.8"). Tokens are appended to dst, which may be nil.
func Tokens(dst []Token, s string) []Token {
	sentStart := true
	punct := false
	i := 0
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if !isWordRune(r) {
			if !unicode.IsSpace(r) && r != '\'' && r != '’' && r != '-' {
				punct = true
			}
			switch r {
			case '.', '!', '?', '\n', ':', ';', '"', '“', '”':
				if r != ':' && r != ';' && r != '"' && r != '“' && r != '”' {
					sentStart = true
				}
			}
			i += size
			continue
		}
		start := i
		num := isDigit(r)
		j := i + size
		for j < len(s) {
			r2, sz := rune(s[j]), 1
			if r2 >= utf8.RuneSelf {
				r2, sz = utf8.DecodeRuneInString(s[j:])
			}
			if isWordRune(r2) {
				if !isDigit(r2) {
					num = false
				}
				j += sz
				continue
			}
			// 1,200 and 5.8: a separator between digits stays in a number.
			if num && (r2 == ',' || r2 == '.') && j+1 < len(s) && isDigit(rune(s[j+1])) && isDigit(lastRune(s[start:j])) {
				j++
				continue
			}
			break
		}
		text := s[start:j]
		tok := Token{Text: text, Start: start, SentenceStart: sentStart, Num: num, Punct: punct}
		if num {
			tok.Lower = strings.ReplaceAll(text, ",", "")
		} else {
			tok.Lower = lower(text)
			tok.Cap = unicode.IsUpper(firstRune(text))
		}
		dst = append(dst, tok)
		sentStart, punct = false, false
		i = j
		// Possessive 's: skip it.
		if i+1 < len(s) && (s[i] == '\'') && (s[i+1] == 's' || s[i+1] == 'S') && (i+2 == len(s) || !isWordRune(rune(s[i+2]))) {
			i += 2
		} else if strings.HasPrefix(s[i:], "’s") && (i+4 == len(s) || !isWordRune(rune(s[i+4]))) {
			i += 4
		}
	}
	return dst
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// lower lower-cases s, without allocating when s is already lower-case ASCII.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// MixedCase reports whether the text uses capitals to mark names: some,
// but not most, of the tokens that do not start a sentence are capitalised.
// Lower-cased corpora (and all-caps text) return false, and callers should
// then not trust [Entities].
func MixedCase(toks []Token) bool {
	inner, caps := 0, 0
	for _, t := range toks {
		if t.SentenceStart || t.Num {
			continue
		}
		inner++
		if t.Cap {
			caps++
		}
	}
	if inner < 8 {
		return caps > 0 && caps*10 < inner*8
	}
	return caps*100 >= inner*3 && caps*100 <= inner*60
}

// entityJoin are the lower-case words allowed inside a name ("Bank of
// America", "Rio de Janeiro").
var entityJoin = map[string]bool{"of": true, "de": true, "la": true, "del": true, "van": true, "von": true, "da": true}

// Entities returns the capitalised phrases of toks, lower-cased and joined
// by single spaces, in order of appearance (repeats included). A
// capitalised word that starts a sentence counts only when it is not a
// stop word and does not occur in lower case elsewhere in toks, so
// "Police said" is not a name but "Tulsa police" is. Honorifics (Mr, Mrs,
// Dr…) are dropped from phrases.
func Entities(toks []Token) []string {
	spans := EntitySpans(toks)
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = s.Text
	}
	return out
}

// EntitySpan is one entity phrase: tokens [Start, End) of a token slice.
type EntitySpan struct {
	Start, End int
	Text       string // lower-cased words joined by spaces
}

// EntitySpans is [Entities] with the token positions of each phrase.
func EntitySpans(toks []Token) []EntitySpan {
	lowerSeen := map[string]bool{}
	for _, t := range toks {
		if !t.Cap && !t.Num {
			lowerSeen[t.Lower] = true
		}
	}
	var out []EntitySpan
	var cur []string
	start := 0
	flush := func(end int) {
		// A trailing joiner is not part of the name.
		for len(cur) > 0 && entityJoin[cur[len(cur)-1]] {
			cur = cur[:len(cur)-1]
			end--
		}
		if len(cur) > 0 {
			out = append(out, EntitySpan{Start: start, End: end, Text: strings.Join(cur, " ")})
		}
		cur = cur[:0]
	}
	for i, t := range toks {
		_, isNum := numberWords[t.Lower]
		name := t.Cap && !honorific[t.Lower] && !isNum
		if name && IsStopword(t.Lower) {
			// A capitalised stop word belongs to a name only inside one
			// ("Bank of America") or before one mid-sentence ("New York").
			name = len(cur) > 0 && !t.Punct || !t.SentenceStart && i+1 < len(toks) && toks[i+1].Cap && !toks[i+1].SentenceStart && !toks[i+1].Punct
		}
		if name && t.SentenceStart && lowerSeen[t.Lower] {
			name = false
		}
		// A sentence start or punctuation ends the previous phrase.
		if t.SentenceStart || t.Punct {
			flush(i)
		}
		switch {
		case name:
			if len(cur) == 0 {
				start = i
			}
			cur = append(cur, t.Lower)
		case len(cur) > 0 && !t.Cap && !t.Punct && entityJoin[t.Lower] && i+1 < len(toks) && toks[i+1].Cap && !toks[i+1].SentenceStart && !toks[i+1].Punct:
			cur = append(cur, t.Lower)
		default:
			flush(i)
		}
	}
	flush(len(toks))
	return out
}

var honorific = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "sen": true, "rep": true, "gov": true, "gen": true, "lt": true, "sgt": true}

// numberWords maps spelled-out numbers to digits so "four victims" and
// "4 victims" agree.
var numberWords = map[string]string{
	"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
	"seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
	"twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
	"sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
	"twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
}

// Number returns the digits of a numeric token or spelled-out number
// ("four" -> "4", "1,200" -> "1200"), and whether t is one.
func Number(t Token) (string, bool) {
	if t.Num {
		return t.Lower, true
	}
	d, ok := numberWords[t.Lower]
	return d, ok
}

// Numbers returns the numbers of toks, in order, as digits.
func Numbers(toks []Token) []string {
	var out []string
	for _, t := range toks {
		if d, ok := Number(t); ok {
			out = append(out, d)
		}
	}
	return out
}

// Stemmer reduces words to their English Snowball stems, caching results.
// The zero value is ready to use. A Stemmer is not safe for concurrent use.
type Stemmer struct {
	cache map[string]string
}

// maxStemCache bounds the cache; past it the cache starts afresh.
const maxStemCache = 1 << 18

// Stem returns the stem of the lower-case word w. Numbers and words of
// two letters or fewer are returned unchanged.
func (s *Stemmer) Stem(w string) string {
	if len(w) <= 2 || isDigit(firstRune(w)) {
		return w
	}
	if st, ok := s.cache[w]; ok {
		return st
	}
	st := english.Stem(w, true)
	if s.cache == nil || len(s.cache) >= maxStemCache {
		s.cache = make(map[string]string, 1024)
	}
	// Copy w so the cache does not pin the text it was sliced from.
	k := strings.Clone(w)
	if st == w {
		st = k
	}
	s.cache[k] = st
	return st
}
