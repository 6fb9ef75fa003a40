package timex

import (
	"strings"
	"unicode"
)

// tense is the time an expression's clause points to.
type tense int

const (
	noTense tense = iota
	past
	future
	boundary // not a tense: the start of the expression's clause
)

// clauseBoundary are words that open a clause; a tense cue beyond them
// belongs to another clause ("He added that guidelines to be published
// in early November will ...").
var clauseBoundary = map[string]bool{
	"that": true, "which": true, "who": true, "whom": true, "because": true,
	"while": true, "whether": true, "if": true, "but": true, "although": true,
}

// futureCues are words that put a clause after the time of writing:
// "will", modals ("should face a judge on Monday"), "scheduled to".
var futureCues = map[string]bool{
	"will": true, "shall": true, "'ll": true, "won't": true, "wo": true,
	"should": true, "must": true, "may": true, "might": true, "could": true,
	"scheduled": true, "slated": true, "expected": true, "expects": true, "due": true,
	"plans": true, "plan": true, "planned": true, "intends": true, "going": true,
	"upcoming": true, "until": true, "till": true,
}

// needsTo are future cues only before "to" or "for" ("plans to", "going
// to", "planned for").
var needsTo = map[string]bool{"going": true, "plan": true, "plans": true, "planned": true, "intends": true}

// pastCues are irregular past forms; regular ones are read by their
// "-ed" ending.
var pastCues = map[string]bool{
	"was": true, "were": true, "had": true, "did": true, "said": true, "told": true,
	"ago": true, "since": true, "went": true, "came": true, "made": true, "took": true, "gave": true,
	"got": true, "began": true, "fell": true, "rose": true, "won": true, "lost": true,
	"left": true, "met": true, "held": true, "sent": true, "paid": true, "sold": true,
	"bought": true, "thought": true, "brought": true, "found": true, "saw": true,
	"struck": true, "spoke": true, "wrote": true, "ran": true, "became": true,
	"kept": true, "led": true, "knew": true, "flew": true, "drove": true, "stood": true,
	"broke": true, "chose": true, "fled": true, "fought": true, "shot": true,
	"caught": true, "taught": true, "threw": true, "grew": true, "drew": true,
	"spent": true, "built": true, "felt": true, "heard": true, "meant": true,
	"sought": true, "slid": true, "sank": true, "swung": true, "fed": true,
	"hid": true, "bore": true, "wore": true, "tore": true, "woke": true, "arose": true,
}

// participleBefore are words after which an "-ed" word is a passive
// participle or an adjective, not a past tense.
var participleBefore = map[string]bool{
	"be": true, "being": true, "is": true, "are": true, "am": true, "a": true,
	"an": true, "the": true, "still": true, "its": true, "his": true, "her": true,
	"their": true, "our": true, "very": true, "newly": true, "recently": true,
	"yet": true, "as": true, "fully": true, "not": true,
}

// notPast are "-ed" words that are not past verbs, or that point ahead.
var notPast = map[string]bool{
	"need": true, "indeed": true, "speed": true, "proceed": true, "exceed": true,
	"succeed": true, "feed": true, "seed": true, "deed": true, "breed": true,
	"bleed": true, "greed": true, "hundred": true, "red": true, "bed": true,
	"shed": true, "wed": true, "united": true, "limited": true, "based": true,
	"related": true, "scheduled": true, "expected": true, "planned": true,
	"proposed": true, "interested": true, "preferred": true, "detailed": true, "advanced": true,
	"red-handed": true, "sized": true, "listed": true, "named": true, "called": true,
}

// A tense cue counts when it is at most maxBefore words before the
// expression or maxAfter words after it.
const (
	maxBefore = 8
	maxAfter  = 6
)

// tenseAt reads the tense of the clause around text[start:end]: the
// nearest cue before the expression in its sentence, else the nearest
// after it.
func tenseAt(text string, start, end int) tense {
	return tenseWithin(text, start, end, maxBefore, maxAfter)
}

// tenseWithin is tenseAt with a cue at most nBefore words before the
// expression or nAfter words after it.
func tenseWithin(text string, start, end, nBefore, nAfter int) tense {
	before := sentenceBefore(text[:start])
	ws := clauseWords(before)
	for i := len(ws) - 1; i >= 0 && i >= len(ws)-nBefore; i-- {
		if t := cue(ws, i); t == boundary {
			break
		} else if t != noTense {
			return t
		}
	}
	after := sentenceAfter(text[end:])
	ws = clauseWords(after)
	for i := 0; i < len(ws) && i < nAfter; i++ {
		if t := cue(ws, i); t == boundary {
			break
		} else if t != noTense {
			return t
		}
	}
	return noTense
}

func cue(ws []string, i int) tense {
	w := ws[i]
	if futureCues[w] || strings.HasSuffix(w, "'ll") {
		if needsTo[w] && (i+1 >= len(ws) || ws[i+1] != "to" && (ws[i+1] != "for" || w == "going")) {
			return noTense // "the plan", "going home"; but "plans to", "planned for"
		}
		if w == "may" && i > 0 && ws[i-1] == "in" {
			return noTense
		}
		if i+1 < len(ws) && ws[i+1] == "have" { // "may have been": a past guess
			return past
		}
		return future
	}
	if clauseBoundary[w] {
		return boundary
	}
	if pastCues[w] || len(w) >= 5 && strings.HasSuffix(w, "ed") && !notPast[w] && !strings.ContainsRune(w, '\'') {
		if i > 0 && participleBefore[ws[i-1]] {
			return noTense // "to be published", "would be paid", "a still unspecified date"
		}
		return past
	}
	return noTense
}

// clauseWords splits a context into lower-case words.
func clauseWords(s string) []string {
	s = strings.ToLower(strings.ReplaceAll(s, "’", "'"))
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'')
	})
}

// sentenceBefore returns the part of the sentence before an expression:
// text back to the last sentence end (". " before a capital, "?", "!",
// a blank line), at most 300 bytes.
func sentenceBefore(s string) string {
	if len(s) > 300 {
		s = s[len(s)-300:]
	}
	if i := strings.LastIndex(s, "\n\n"); i >= 0 {
		s = s[i+2:]
	}
	for i := len(s) - 2; i > 0; i-- {
		if isSentenceEnd(s, i) {
			return s[i+1:]
		}
	}
	return s
}

// sentenceAfter returns the rest of the sentence after an expression, at
// most 300 bytes.
func sentenceAfter(s string) string {
	if len(s) > 300 {
		s = s[:300]
	}
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	for i := 0; i < len(s)-1; i++ {
		if isSentenceEnd(s, i) {
			return s[:i]
		}
	}
	return s
}

// isSentenceEnd tells whether s[i] ends a sentence: "?" or "!", or a full
// stop followed by space that does not close an abbreviation ("Sept.",
// "Mr.", "U.S.").
func isSentenceEnd(s string, i int) bool {
	switch s[i] {
	case '?', '!':
		return i+1 < len(s) && s[i+1] == ' '
	case '.':
	default:
		return false
	}
	if i+1 >= len(s) || (s[i+1] != ' ' && s[i+1] != '\n') {
		return false
	}
	j := i
	for j > 0 && s[j-1] != ' ' && s[j-1] != '\n' {
		j--
	}
	word := s[j:i]
	if len(word) <= 4 && len(word) > 0 && unicode.IsUpper(rune(word[0])) {
		return false // "Sept.", "Mr.", "Jan."
	}
	if strings.Contains(word, ".") {
		return false // "U.S."
	}
	return true
}
