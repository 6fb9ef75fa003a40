package timex

import (
	"regexp"
	"slices"
	"strings"

	"github.com/storyline-news/storyline/internal/text/dates"
)

// Span is the place of an expression in a text, in byte offsets.
type Span struct {
	Start, End int
}

const (
	monthRE   = `(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)`
	weekdayRE = `(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)`
	dayRE     = `(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?`
	yearRE4   = `(?:1[6-9]\d\d|20\d\d)`
	countRE   = `(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|\d{1,3})`
)

// finders are the expression patterns Find looks for, case-insensitive
// except for month and weekday names, which must be capitalised (so "may"
// and "march" the verbs are not read as months).
var finders = []*regexp.Regexp{
	// "Saturday, April 25, 2015", "Sept. 30", "April 25th"
	regexp.MustCompile(`\b(?:` + weekdayRE + `,? )?` + monthRE + ` ` + dayRE + `\b(?:,? ` + yearRE4 + `\b)?`),
	// "25 April 2015", "the 5th of May"
	regexp.MustCompile(`\b` + dayRE + ` (?:of )?` + monthRE + `(?:,? ` + yearRE4 + `)?\b`),
	// "last April", "early November", "mid-November", "June last year", "August 1988"
	regexp.MustCompile(`\b(?:(?i:last|next|this|early|late|mid|the end of|the beginning of|the middle of)[ -])?` + monthRE + `(?: ` + yearRE4 + `\b|(?i: (?:last|this|next) year\b))?`),
	// "last Friday", "this coming Sunday", "earlier Sunday", "Friday"
	regexp.MustCompile(`\b(?:(?i:last|next|this|this coming|this past|the previous|the following|earlier|early|late|later) )?` + weekdayRE + `\b`),
	// "today", "late yesterday", "last night", "this morning"
	regexp.MustCompile(`(?i)\b(?:(?:late|early|earlier|later) )?(?:today|tonight|yesterday|tomorrow)\b|\b(?:last night|this (?:morning|afternoon|evening))\b`),
	// "last week", "earlier this month", "the following year", "next year"
	regexp.MustCompile(`(?i)\b(?:(?:earlier|later|early|late) )?(?:last|next|this|the past|the previous|the following|the coming|the current|that) (?:week|month|year)\b`),
	// "two years ago", "a week earlier", "10 days ago"
	regexp.MustCompile(`(?i)\b(?:nearly |about |some |almost |more than )?` + countRE + ` (?:day|week|month|year)s? (?:ago|earlier|later)\b`),
	// "the fiscal year", "the end of the month", "year-end", "earlier in the year", "a year-earlier"
	regexp.MustCompile(`(?i)\b(?:(?:the (?:end|beginning|middle) of|(?:earlier|later) in) )?the (?:(?:full|fiscal|current|calendar) )?(?:year|month|week)\b|\byear[- ](?:end|earlier|ago)\b`),
	// "nineteen seventy-nine", "the year two thousand"
	regexp.MustCompile(`(?i)\b(?:nineteen|eighteen) (?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?\b|\b(?:the year )?two thousand(?: and (?:one|two|three|four|five|six|seven|eight|nine|ten))?\b`),
	// "in 1995", "since 2001", "fiscal 1989", "mid-1996"
	regexp.MustCompile(`\b(?:(?i:fiscal|mid-|early|late|the end of) )?` + yearRE4 + `\b`),
	// "the 1990s"
	regexp.MustCompile(`(?i)\bthe (?:(?:1[6-9]|20)\d0s|'\d0s)\b`),
}

// The finders that need a context: a bare month name ("May" the name) and
// a bare year (a number).
const (
	monthFinder = 2
	yearFinder  = 9
)

var bareMonth = regexp.MustCompile(`^` + monthRE + `$`)

// Find returns the date expressions of text in order, without overlaps
// (the longest wins). Bare numbers that look like years are kept only
// where a year reads naturally: after "in", "since", "until", "by",
// "from", "to", "of", "during", "before", "after" or a modifier; so are
// bare month names ("in May", not "Theresa May").
//
// Every expression holds a trigger word (a month or weekday name, "today",
// "week", a year-like number), so the patterns run only on windows of text
// around triggers: most sentences of a story hold none.
func Find(text string) []Span {
	var all []Span
	for _, w := range windows(text) {
		all = findIn(text, w, all)
	}
	return longest(all)
}

// findAll is Find over the whole text at once, without windows (the
// reference the windows are tested against).
func findAll(text string) []Span {
	return longest(findIn(text, Span{0, len(text)}, nil))
}

// findIn appends the matches of every finder inside text[w.Start:w.End].
func findIn(text string, w Span, all []Span) []Span {
	chunk := text[w.Start:w.End]
	for i, re := range finders {
		for _, m := range re.FindAllStringIndex(chunk, -1) {
			a, b := w.Start+m[0], w.Start+m[1]
			if i == yearFinder && !yearContext(text, a, b) ||
				i == monthFinder && bareMonth.MatchString(text[a:b]) && !prepositionBefore(text, a) {
				continue
			}
			all = append(all, Span{a, b})
		}
	}
	return all
}

// The text a window keeps before and after a trigger word: more than the
// longest modifier before one ("more than twenty " years ago, "the
// beginning of " May) and the longest tail after one (" 30, 1989").
const (
	windowBefore = 48
	windowAfter  = 24
)

// windows returns the merged stretches of text around trigger words,
// widened to whitespace so that no word is cut.
func windows(text string) []Span {
	var out []Span
	for i := 0; i < len(text); {
		c := text[i]
		if !isWordByte(c) {
			i++
			continue
		}
		j := i
		for j < len(text) && isWordByte(text[j]) {
			j++
		}
		if triggerWord(text[i:j]) {
			lo, hi := max(0, i-windowBefore), min(len(text), j+windowAfter)
			for lo > 0 && text[lo-1] != ' ' && text[lo-1] != '\n' {
				lo--
			}
			for hi < len(text) && text[hi] != ' ' && text[hi] != '\n' {
				hi++
			}
			if n := len(out); n > 0 && lo <= out[n-1].End {
				out[n-1].End = max(out[n-1].End, hi)
			} else {
				out = append(out, Span{lo, hi})
			}
		}
		i = j
	}
	return out
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '\''
}

// triggerWord tells whether a run of word bytes holds a trigger: the run
// itself ("today's") or a part of it between apostrophes ("on'Monday",
// where the expression finders see "Monday" on its own).
func triggerWord(word string) bool {
	if trigger(word) {
		return true
	}
	for p := range strings.SplitSeq(word, "'") {
		if p != "" && p != word && trigger(p) {
			return true
		}
	}
	return false
}

// trigger tells whether word can anchor a date expression.
func trigger(word string) bool {
	w := strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(word, "'"), "'s")) // "today's"
	if _, ok := dates.MonthName(w); ok {
		return true
	}
	if _, ok := weekdayNames[w]; ok {
		return true
	}
	switch w {
	case "today", "tonight", "yesterday", "tomorrow", "night", "morning", "afternoon", "evening",
		"day", "days", "week", "weeks", "month", "months", "year", "years", "nineteen", "eighteen", "thousand":
		return true
	}
	d := strings.TrimSuffix(w, "s")
	return isDigits(d) && (len(d) == 4 || len(d) == 2 && len(w) == 3)
}

// longest sorts spans and drops overlaps, keeping the longer span.
func longest(all []Span) []Span {
	slices.SortFunc(all, func(a, b Span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	var out []Span
	for _, s := range all {
		if n := len(out); n > 0 && s.Start < out[n-1].End {
			if s.End-s.Start > out[n-1].End-out[n-1].Start {
				out[n-1] = s
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// yearPrepositions are the words after which a bare year or month name
// reads as a date: prepositions, and determiners before a year used as
// an adjective ("the 1987 crash", "a June agreement").
var yearPrepositions = map[string]bool{
	"in": true, "since": true, "until": true, "by": true, "from": true, "to": true,
	"of": true, "during": true, "before": true, "after": true, "through": true,
	"for": true, "due": true, "between": true, "the": true, "a": true, "its": true,
	"his": true, "her": true, "their": true, "our": true,
}

// yearContext tells whether the year-like number at text[start:end] is a
// year: it has a modifier, or a preposition stands before it.
func yearContext(text string, start, end int) bool {
	if len(text[start:end]) > 4 {
		return true // "fiscal 1989", "mid-1996"
	}
	before := strings.TrimRight(text[:start], " ")
	if strings.HasSuffix(before, "$") || strings.HasSuffix(before, "#") {
		return false
	}
	return prepositionBefore(text, start)
}

// prepositionBefore tells whether the word before text[start:] is a
// preposition that takes a date.
func prepositionBefore(text string, start int) bool {
	before := strings.TrimRight(text[:start], " ")
	i := strings.LastIndexAny(before, " \n(")
	return yearPrepositions[strings.ToLower(before[i+1:])]
}
