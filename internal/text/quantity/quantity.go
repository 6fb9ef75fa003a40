// Package quantity finds the quantities a news text states, each tied to
// what it counts: people killed, injured, shot, arrested, missing,
// evacuated or rescued; the age of a named or described person; sums of
// money; earthquake magnitudes and other measures with units. Numbers may
// be digits or words, and hedges ("at least 12", "more than 20", "about
// 30") become ranges, so that two statements can be tested for
// compatibility rather than equality. Updates over time ("the toll rose to
// 15") are marked. The package is pure: rules over tokens, no model.
package quantity

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of quantity.
const (
	Killed    = "killed"
	Injured   = "injured"
	Shot      = "shot"
	Arrested  = "arrested"
	Missing   = "missing"
	Evacuated = "evacuated"
	Rescued   = "rescued"
	Age       = "age"
	Money     = "money"
	Magnitude = "magnitude"
	Measure   = "measure"
	Duration  = "duration"
)

// Mention is one quantity stated in a text.
type Mention struct {
	Kind string
	// Subject says whose quantity it is: for counts a group ("officers",
	// "children", "suspects"; "" for people in general), for ages a
	// surname or a person word ("smith", "man"; "" when unknown), for
	// money what it pays ("bail", "reward"; "" when unknown).
	Subject string
	// Unit is the currency of money ("USD") or the unit of a measure.
	Unit string
	// Value is the number as stated; Min and Max bound what the statement
	// allows (equal to Value unless hedged, Max may be +Inf).
	Value, Min, Max float64
	// Hedge is the qualifier as written, lower-cased ("at least").
	Hedge string
	// Update is true when the text reports a change ("rose to 15").
	Update bool
	// Start and End are byte offsets of the phrase in the text.
	Start, End int
}

// Key identifies what a mention counts: two mentions with the same key
// are statements about the same quantity.
func (m Mention) Key() string { return m.Kind + "|" + m.Subject + "|" + m.Unit }

// Compatible reports whether two statements of one quantity can both be
// true: their ranges meet.
func Compatible(a, b Mention) bool {
	const eps = 1e-9
	return a.Min <= b.Max+eps && b.Min <= a.Max+eps
}

// Format writes a value the way it is compared: digits without trailing
// zeros ("12", "6.1", "200000000").
func Format(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// token is a word, a number or one punctuation mark.
type token struct {
	text, low  string
	start, end int
	num        bool // digits
	punct      bool
	cap        bool
}

func tokenize(s string) []token {
	var out []token
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			out = append(out, token{text: s[i : i+size], low: s[i : i+size], start: i, end: i + size, punct: true})
			i += size
			continue
		}
		j := i
		digits := true
		for j < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[j:])
			if unicode.IsLetter(r2) || unicode.IsDigit(r2) {
				if !unicode.IsDigit(r2) {
					digits = false
				}
				j += sz
				continue
			}
			if digits && (r2 == ',' || r2 == '.') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' && j > i {
				j++
				continue
			}
			break
		}
		t := token{text: s[i:j], start: i, end: j, num: digits}
		if digits {
			t.low = strings.ReplaceAll(t.text, ",", "")
		} else {
			t.low = strings.ToLower(t.text)
			t.cap = unicode.IsUpper(r)
		}
		out = append(out, t)
		i = j
	}
	return out
}

var units = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var tens = map[string]float64{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

var scales = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mln": 1e6, "bln": 1e9, "bn": 1e9,
}

// number reads a number at toks[i]: digits, words ("twenty-two", "a
// dozen") and a scale ("1.2 million"). It returns the value and the index
// after the number.
func number(toks []token, i int) (float64, int, bool) {
	t := toks[i]
	var v float64
	j := i + 1
	switch {
	case t.num:
		if strings.Count(t.low, ".") > 1 {
			return 0, i, false
		}
		f, err := strconv.ParseFloat(t.low, 64)
		if err != nil {
			return 0, i, false
		}
		v = f
	case units[t.low] != 0 || t.low == "zero":
		v = units[t.low]
	case tens[t.low] != 0:
		v = tens[t.low]
		if j+1 < len(toks) && toks[j].text == "-" && units[toks[j+1].low] > 0 {
			v += units[toks[j+1].low]
			j += 2
		}
	case t.low == "dozen" || t.low == "a" && j < len(toks) && toks[j].low == "dozen":
		if t.low == "a" {
			j++
		}
		return 12, j, true
	default:
		return 0, i, false
	}
	if j < len(toks) {
		if s, ok := scales[toks[j].low]; ok {
			v *= s
			j++
		}
	}
	return v, j, true
}

// hedges before a number, longest first, with the range they give.
var hedges = []struct {
	words string
	rng   func(v float64) (float64, float64)
}{
	{"at least", func(v float64) (float64, float64) { return v, math.Inf(1) }},
	{"no fewer than", func(v float64) (float64, float64) { return v, math.Inf(1) }},
	{"more than", func(v float64) (float64, float64) { return v + 1e-6, math.Inf(1) }},
	{"upwards of", func(v float64) (float64, float64) { return v, math.Inf(1) }},
	{"over", func(v float64) (float64, float64) { return v + 1e-6, math.Inf(1) }},
	{"as many as", func(v float64) (float64, float64) { return 0, v }},
	{"up to", func(v float64) (float64, float64) { return 0, v }},
	{"fewer than", func(v float64) (float64, float64) { return 0, v - 1e-6 }},
	{"less than", func(v float64) (float64, float64) { return 0, v - 1e-6 }},
	{"nearly", func(v float64) (float64, float64) { return v * 0.8, v }},
	{"almost", func(v float64) (float64, float64) { return v * 0.8, v }},
	{"close to", func(v float64) (float64, float64) { return v * 0.8, v }},
	{"about", approx}, {"around", approx}, {"approximately", approx}, {"roughly", approx},
	{"some", approx}, {"an estimated", approx}, {"estimated", approx}, {"possibly", approx},
}

func approx(v float64) (float64, float64) { return v * 0.85, v * 1.15 }

// hedgeBefore returns the hedge ending right before toks[i] and the index
// where it starts.
func hedgeBefore(toks []token, i int) (string, int, func(float64) (float64, float64)) {
	for _, h := range hedges {
		ws := strings.Fields(h.words)
		if i < len(ws) {
			continue
		}
		ok := true
		for k, w := range ws {
			if toks[i-len(ws)+k].low != w {
				ok = false
				break
			}
		}
		if ok {
			return h.words, i - len(ws), h.rng
		}
	}
	return "", i, nil
}

// Extract returns the quantities s states, in text order.
func Extract(s string) []Mention {
	toks := tokenize(s)
	var out []Mention
	for i := 0; i < len(toks); i++ {
		v, j, ok := number(toks, i)
		if !ok || i > 0 && isNumberWordContinuation(toks, i) || toks[i].low == "dozen" && at(toks, i-1) == "a" {
			continue
		}
		if m, ok := extractAt(toks, i, j, v); ok {
			m.Value = v
			if m.Hedge == "" {
				m.Min, m.Max = v, v
				if lo, k, ok := rangeBefore(toks, i, v); ok {
					// "9 or 10 years old", "20 to 25 people were hurt".
					m.Min, m.Hedge = lo, strings.ToLower(toks[k].text+" "+toks[i-1].text)
					m.Start = min(m.Start, toks[k].start)
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// rangeBefore reads the low end of a range ending at the number toks[i]
// of value v: "9 or 10", "20 to 25", "between 5 and 7", but not "rose
// from 5 to 10", a change. It returns the low value and its index.
func rangeBefore(toks []token, i int, v float64) (float64, int, bool) {
	if i < 2 {
		return 0, 0, false
	}
	switch toks[i-1].low {
	case "or", "to":
	case "and":
		if at(toks, i-3) != "between" {
			return 0, 0, false
		}
	default:
		return 0, 0, false
	}
	k := i - 2
	if !toks[k].num && units[toks[k].low] == 0 && tens[toks[k].low] == 0 {
		return 0, 0, false
	}
	lo, end, ok := number(toks, k)
	if !ok || end != i-1 || lo >= v || at(toks, k-1) == "from" {
		return 0, 0, false
	}
	return lo, k, true
}

// isNumberWordContinuation tells the "two" of "twenty-two", already read.
func isNumberWordContinuation(toks []token, i int) bool {
	return i >= 2 && toks[i-1].text == "-" && tens[toks[i-2].low] != 0 && units[toks[i].low] > 0
}

// extractAt tries every pattern on the number toks[i:j] of value v.
func extractAt(toks []token, i, j int, v float64) (Mention, bool) {
	if isDateOrTime(toks, i, j, v) {
		return Mention{}, false
	}
	for _, f := range []func([]token, int, int, float64) (Mention, bool){ageAt, moneyAt, magnitudeAt, durationAt, countAt, measureAt} {
		if m, ok := f(toks, i, j, v); ok {
			if m.End < toks[j-1].end {
				m.End = toks[j-1].end
			}
			return m, true
		}
	}
	return Mention{}, false
}

// monthNames are the words a day of a month stands beside ("Jan. 5",
// "5 March"); months adds the weekdays, which are no names either.
var (
	monthNames = set(`january february march april may june july august september october november december
	jan feb mar apr jun jul aug sep sept oct nov dec`)
	months = set(`january february march april may june july august september october november december
	jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday`)
)

// isDateOrTime tells a year, a day of a month or a clock time. A weekday
// beside a number makes no date ("on Sunday. Five people were shot",
// "injured five Saturday night").
func isDateOrTime(toks []token, i, j int, v float64) bool {
	t := toks[i]
	if t.num && len(t.low) == 4 && v >= 1800 && v <= 2100 && !strings.Contains(t.low, ".") {
		return true
	}
	if i > 0 && monthNames[toks[i-1].low] || i > 1 && toks[i-1].text == "." && monthNames[toks[i-2].low] {
		return true
	}
	if j < len(toks) && (monthNames[toks[j].low] || toks[j].text == ":" || toks[j].low == "a" || toks[j].low == "p" || toks[j].low == "am" || toks[j].low == "pm" || toks[j].low == "o") {
		return true
	}
	if i > 1 && toks[i-1].text == ":" && toks[i-2].num {
		return true
	}
	return false
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func at(toks []token, k int) string {
	if k < 0 || k >= len(toks) {
		return ""
	}
	return toks[k].low
}
