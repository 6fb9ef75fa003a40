package timex

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

var weekdayNames = map[string]time.Weekday{
	"sunday": time.Sunday, "sun": time.Sunday,
	"monday": time.Monday, "mon": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday,
	"friday": time.Friday, "fri": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday,
}

// numberWords are cardinal number words; "a" and "an" count one only
// before a unit ("a year ago").
var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90,
}

// ordinalWords are the ordinals a day of the month is written with.
var ordinalWords = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
	"seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
	"twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
	"sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
	"twentieth": 20, "thirtieth": 30,
}

// tokens splits an expression into lower-case words: punctuation goes,
// hyphenated words split ("mid-November", "ninety-six"), a possessive
// "'s" is dropped, and an apostrophe year ("'89") keeps its apostrophe.
func tokens(s string) []string {
	s = strings.ToLower(strings.ReplaceAll(s, "’", "'"))
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '–' || r == ',' || r == '/' || r == '(' || r == ')' || r == '"'
	}) {
		f = strings.TrimRight(f, ".:;!?")
		f = strings.TrimSuffix(f, "'s")
		f = strings.TrimSuffix(f, "'")
		if f != "" && f != "'" {
			out = append(out, f)
		}
	}
	return out
}

// cardinal reads a digit string or a number word ("twenty one" is read by
// the caller as two words).
func cardinal(w string) (int, bool) {
	if n, ok := numberWords[w]; ok {
		return n, true
	}
	if isDigits(w) && len(w) <= 4 {
		n, err := strconv.Atoi(w)
		return n, err == nil
	}
	return 0, false
}

// ordinal reads "8th", "22nd" or "eighth", "twenty-first" (as one word
// "first" after "twenty", handled by the caller).
func ordinal(w string) (int, bool) {
	if n, ok := ordinalWords[w]; ok {
		return n, true
	}
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if d, ok := strings.CutSuffix(w, suf); ok && isDigits(d) && len(d) <= 2 {
			n, _ := strconv.Atoi(d)
			return n, n >= 1 && n <= 31
		}
	}
	return 0, false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// spelledYear reads a year written in words from toks[i:]: "nineteen
// ninety six", "nineteen seventy nine", "two thousand", "two thousand
// and one". It returns the year and the number of words read.
func spelledYear(toks []string, i int) (int, int) {
	if i+1 < len(toks) && toks[i] == "two" && toks[i+1] == "thousand" {
		n, j := 2000, i+2
		if j < len(toks) && toks[j] == "and" {
			j++
		}
		if v, k := smallNumber(toks, j); k > 0 && v < 100 {
			return n + v, j + k - i
		}
		return n, 2
	}
	hundreds, ok := numberWords[toks[i]]
	if !ok || hundreds < 10 || hundreds > 20 || i+1 >= len(toks) {
		return 0, 0
	}
	v, k := smallNumber(toks, i+1)
	if k == 0 || v < 10 {
		return 0, 0
	}
	return hundreds*100 + v, 1 + k
}

// smallNumber reads a number below 100 written as one or two words
// ("ninety six", "twelve") from toks[i:].
func smallNumber(toks []string, i int) (int, int) {
	if i >= len(toks) {
		return 0, 0
	}
	n, ok := numberWords[toks[i]]
	if !ok {
		return 0, 0
	}
	if n >= 20 && n%10 == 0 && i+1 < len(toks) {
		if u, ok := numberWords[toks[i+1]]; ok && u > 0 && u < 10 {
			return n + u, 2
		}
	}
	return n, 1
}
