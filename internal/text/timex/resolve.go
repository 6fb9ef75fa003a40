package timex

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/text/dates"
)

// parts is what the words of one expression say.
type parts struct {
	year      int // a written year, 0 when none
	decade    int // 199 for "the 1990s", 0 when none
	month     time.Month
	day       int
	weekday   time.Weekday
	hasWD     bool
	unit      Granularity // "day", "week", "month", "year" words
	count     int         // "two" in "two years ago"; 0 when none
	rel       int         // -1 last, +1 next, 0 none or this
	this      bool        // "this", "current", "present"
	ago       bool        // "ago", "earlier", "before", "back"
	later     bool        // "later", "from now", "hence"
	anaphoric bool        // "that", "the following", "the previous", "the same"
	deictic   int         // days from the DCT of today/yesterday/tomorrow
	hasDeixis bool
	unknown   bool // a unit the resolver cannot give a value (quarter, weekend, season)
	then      bool // "then": the time the text spoke of last
}

// Resolve returns the value of the date expression text[start:end] (byte
// offsets into text), read in its context, against the publish date dct.
// It reports false when the expression names no date it can resolve
// (durations, quarters, seasons, "then").
func Resolve(text string, start, end int, dct time.Time) (Value, bool) {
	return Resolver{}.Resolve(text, start, end, dct)
}

// Resolver resolves expressions; its zero value is the full resolver.
type Resolver struct {
	// NoTense ignores the tense of the context: weekdays and months
	// without a year are always placed backward (an ablation, the
	// baseline of the evaluation).
	NoTense bool
}

// Resolve is [Resolve] with r's settings.
func (r Resolver) Resolve(text string, start, end int, dct time.Time) (Value, bool) {
	return r.resolve(text, start, end, dct, true)
}

// resolve resolves one expression; with anaphora, "then", "that year"
// and "the following day" take the last date the text gave before them
// as their reference.
func (r Resolver) resolve(text string, start, end int, dct time.Time, anaphora bool) (Value, bool) {
	if start < 0 || end > len(text) || start >= end {
		return Value{}, false
	}
	p := read(tokens(text[start:end]))
	if dct.IsZero() {
		return absolute(p)
	}
	ref := dayOf(dct)
	tenseOf := func() tense {
		if r.NoTense {
			return noTense
		}
		return tenseAt(text, start, end)
	}
	switch {
	case p.unknown:
		return Value{}, false
	case p.then:
		if !anaphora {
			return Value{}, false
		}
		return r.anchor(text, start, dct)
	case p.hasDeixis:
		return dayValue(ref.AddDate(0, 0, p.deictic)), true
	case p.month != 0 && p.day != 0:
		if p.year != 0 {
			return date(p.year, p.month, p.day)
		}
		var t tense
		if !r.NoTense {
			t = tenseWithin(text, start, end, dateCueWords, 0)
		}
		return monthDay(ref, p.month, p.day, t)
	case p.month != 0:
		switch {
		case p.year != 0:
			return monthValue(p.year, p.month), true
		case p.unit == Year: // "June last year", "January this year"
			return monthValue(ref.Year()+p.rel, p.month), true
		}
		return month(ref, p.month, p.rel, p.this, tenseOf()), true
	case p.hasWD:
		return weekday(ref, p, tenseOf()), true
	case p.decade != 0:
		return Value{time.Date(p.decade*10, 1, 1, 0, 0, 0, 0, time.UTC), Decade}, true
	case p.year != 0:
		return yearValue(p.year), true
	case p.unit != 0:
		n := p.rel
		switch {
		case p.count > 0 && p.ago:
			n = -p.count
		case p.count > 0 && p.later:
			n = p.count
		case p.ago && !p.this && p.rel == 0: // "year-earlier", "year ago"
			n = -1
		case p.later && !p.this && p.rel == 0:
			n = 1
		case p.anaphoric && anaphora:
			if a, ok := r.anchor(text, start, dct); ok && a.Gran <= Year {
				return shift(a.Start, p.unit, p.rel), true
			}
			if y, ok := anchorYear(text[:start]); ok && p.unit == Year {
				return yearValue(y + p.rel), true
			}
		}
		return shift(ref, p.unit, n), true
	}
	return Value{}, false
}

// absolute resolves an expression that needs no reference (a written
// year, a full date); it is used when the publish date is unknown.
func absolute(p parts) (Value, bool) {
	switch {
	case p.unknown || p.hasDeixis || p.hasWD && p.year == 0:
		return Value{}, false
	case p.month != 0 && p.day != 0 && p.year != 0:
		return date(p.year, p.month, p.day)
	case p.month != 0 && p.year != 0:
		return monthValue(p.year, p.month), true
	case p.month == 0 && p.year != 0:
		return yearValue(p.year), true
	case p.decade != 0:
		return Value{time.Date(p.decade*10, 1, 1, 0, 0, 0, 0, time.UTC), Decade}, true
	}
	return Value{}, false
}

func date(y int, m time.Month, d int) (Value, bool) {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return Value{}, false // 30 February
	}
	return Value{t, Day}, true
}

// read collects what the words say.
func read(toks []string) parts {
	var p parts
	for i := 0; i < len(toks); i++ {
		w := toks[i]
		if y, k := spelledYear(toks, i); k > 0 {
			p.year = y
			i += k - 1
			continue
		}
		switch w {
		case "then":
			p.then = len(toks) == 1
		case "today", "tonight", "now":
			p.hasDeixis = true
		case "yesterday":
			p.hasDeixis, p.deictic = true, -1
		case "tomorrow":
			p.hasDeixis, p.deictic = true, 1
		case "last", "past", "previous", "preceding", "prior":
			p.rel = -1
			if w != "last" && w != "past" {
				p.anaphoric = true
			}
		case "next", "coming", "following", "upcoming":
			p.rel = 1
			if w == "following" {
				p.anaphoric = true
			}
		case "this", "current", "present", "latest":
			p.this = true
		case "that", "same":
			p.anaphoric = true
		case "ago", "earlier", "before", "back":
			// "a year earlier" shifts; "earlier this year", "earlier in
			// the year" only narrow the period.
			if !withinPeriod(toks, i) {
				p.ago = true
			}
		case "later", "hence":
			if !withinPeriod(toks, i) {
				p.later = true
			}
		case "day", "days":
			p.unit = Day
		case "week", "weeks":
			p.unit = Week
		case "month", "months":
			p.unit = Month
		case "year", "years":
			p.unit = Year
		case "a", "an":
			if i+1 < len(toks) && isUnitWord(toks[i+1]) {
				p.count = 1
			}
		case "quarter", "quarters", "half", "weekend", "weekends", "spring", "summer", "autumn", "fall", "winter",
			"season", "decade", "century", "morning", "afternoon", "evening", "night", "hour", "hours":
			if w == "morning" || w == "afternoon" || w == "evening" || w == "night" {
				// "Friday night", "this morning": a part of a day.
				if !p.hasWD && !p.hasDeixis && !p.this && p.rel == 0 {
					p.unknown = true
				}
				if p.this || w == "night" && p.rel == -1 { // "this morning", "last night"
					p.hasDeixis = true
					if w == "night" && p.rel == -1 {
						p.deictic = -1
					}
				}
				continue
			}
			p.unknown = true
		default:
			if m, ok := dates.MonthName(w); ok && !(w == "may" && !monthContext(toks, i)) {
				p.month = m
				if i+1 < len(toks) {
					if d, ok := dayNumber(toks, i+1); ok {
						p.day = d
						i++
						if toks[i] == "twenty" || toks[i] == "thirty" {
							if _, ok := ordinalWords[toks[i+1]]; ok {
								i++ // "twenty first"
							}
						}
					}
				}
				continue
			}
			if d, ok := weekdayNames[w]; ok {
				p.weekday, p.hasWD = d, true
				continue
			}
			if y, ok := apostropheYear(w); ok {
				p.year = y
				continue
			}
			if dec, ok := decadeWord(w); ok {
				p.decade = dec
				continue
			}
			if isDigits(w) && len(w) == 4 {
				if y, _ := strconv.Atoi(w); y >= 1000 && y < 3000 {
					p.year = y
					continue
				}
			}
			if p.day == 0 && p.month != 0 {
				if d, ok := dayNumber(toks, i); ok { // "the 5th of May" read out of order
					p.day = d
					continue
				}
			}
			if n, ok := cardinal(w); ok && p.count == 0 {
				if d, ok := dayNumber(toks, i); ok && i+2 < len(toks) && toks[i+1] == "of" {
					if m, ok := dates.MonthName(toks[i+2]); ok { // "5 of May"
						p.day, p.month = d, m
						i += 2
						continue
					}
				}
				if i+1 < len(toks) {
					if m, ok := dates.MonthName(toks[i+1]); ok && n >= 1 && n <= 31 { // "5 May"
						p.day, p.month = n, m
						i++
						continue
					}
				}
				if v, k := smallNumber(toks, i); k == 2 {
					n = v
					i++
				}
				p.count = n
				continue
			}
			if d, ok := ordinal(w); ok {
				if i+2 < len(toks) && toks[i+1] == "of" {
					if m, ok := dates.MonthName(toks[i+2]); ok {
						p.day, p.month = d, m
						i += 2
						continue
					}
				}
				if i+1 < len(toks) {
					if m, ok := dates.MonthName(toks[i+1]); ok {
						p.day, p.month = d, m
						i++
						continue
					}
				}
				// "the second day": an ordinal count of days, relative to
				// something the text set up.
				p.unknown = true
			}
		}
	}
	return p
}

// withinPeriod tells whether the word at toks[i] ("earlier", "later")
// narrows the period that follows it ("earlier this year", "later in the
// week") rather than shifting one before it ("a year earlier").
func withinPeriod(toks []string, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	switch toks[i+1] {
	case "this", "in", "that", "the", "today", "yesterday", "tonight", "tomorrow":
		return true
	}
	return false
}

func isUnitWord(w string) bool {
	switch w {
	case "day", "week", "month", "year", "decade":
		return true
	}
	return false
}

// monthContext tells whether "may" at toks[i] is the month: it is when a
// number, a year or a date word stands next to it, or when it is the
// whole expression.
func monthContext(toks []string, i int) bool {
	if len(toks) == 1 {
		return true
	}
	for _, j := range []int{i - 1, i + 1} {
		if j < 0 || j >= len(toks) {
			continue
		}
		w := toks[j]
		if isDigits(w) || w == "last" || w == "next" || w == "this" || w == "early" || w == "late" || w == "mid" || w == "in" || w == "of" {
			return true
		}
		if _, ok := ordinal(w); ok {
			return true
		}
	}
	return false
}

// dayNumber reads a day of the month at toks[i]: "5", "5th", "fifth",
// "twenty first".
func dayNumber(toks []string, i int) (int, bool) {
	w := toks[i]
	if isDigits(w) && len(w) <= 2 {
		n, _ := strconv.Atoi(w)
		return n, n >= 1 && n <= 31
	}
	if n, ok := ordinal(w); ok {
		return n, true
	}
	if (w == "twenty" || w == "thirty") && i+1 < len(toks) {
		if n, ok := ordinalWords[toks[i+1]]; ok && n < 10 {
			return numberWords[w] + n, true
		}
	}
	return 0, false
}

// apostropheYear reads "'89" as 1989 and "'05" as 2005.
func apostropheYear(w string) (int, bool) {
	d, ok := strings.CutPrefix(w, "'")
	if !ok || len(d) != 2 || !isDigits(d) {
		return 0, false
	}
	n, _ := strconv.Atoi(d)
	if n < 30 {
		return 2000 + n, true
	}
	return 1900 + n, true
}

// decadeWord reads "1990s", "'90s" and "nineties" as a decade (199).
func decadeWord(w string) (int, bool) {
	d, ok := strings.CutSuffix(w, "s")
	if !ok {
		return 0, false
	}
	if isDigits(d) && len(d) == 4 && d[3] == '0' {
		n, _ := strconv.Atoi(d)
		return n / 10, true
	}
	if y, ok := apostropheYear(d); ok && y%10 == 0 {
		return y / 10, true
	}
	switch w {
	case "twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties":
		n := numberWords[strings.TrimSuffix(w, "ies")+"y"]
		return 190 + n/10, true
	}
	return 0, false
}

// shift moves the DCT n units and returns the period holding the result.
func shift(ref time.Time, unit Granularity, n int) Value {
	switch unit {
	case Day:
		return dayValue(ref.AddDate(0, 0, n))
	case Week:
		return weekValue(ref.AddDate(0, 0, 7*n))
	case Month:
		first := time.Date(ref.Year(), ref.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, n, 0)
		return Value{first, Month}
	}
	return yearValue(ref.Year() + n)
}

// dateCueWords is how far before a day of a month its tense cue may be.
const dateCueWords = 3

// monthDay places a day of a month without a written year: a tense cue
// right before it (its verb: "ended March 31", "will meet on Jan. 5")
// picks the latest such day up to the DCT or the first from it; otherwise
// it is the one nearest the DCT.
func monthDay(ref time.Time, m time.Month, d int, t tense) (Value, bool) {
	var best Value
	var bestDist time.Duration = -1
	for _, y := range []int{ref.Year() - 1, ref.Year(), ref.Year() + 1} {
		v, ok := date(y, m, d)
		if !ok || t == past && v.Start.After(ref) || t == future && v.Start.Before(ref) {
			continue
		}
		dist := v.Start.Sub(ref)
		if dist < 0 {
			dist = -dist
		}
		if bestDist < 0 || dist < bestDist {
			best, bestDist = v, dist
		}
	}
	return best, bestDist >= 0
}

// month places a month without a written year: "last April" is the latest
// April before the DCT's month, "next June" the first June after it,
// "this September" the DCT's year; a bare month follows the tense, and
// without one is the such month nearest the DCT's (the earlier one when
// both are six months away).
func month(ref time.Time, m time.Month, rel int, this bool, t tense) Value {
	cur := ref.Month()
	y := ref.Year()
	switch {
	case rel < 0:
		if m >= cur {
			y--
		}
	case rel > 0:
		if m <= cur {
			y++
		}
	case this:
	case t == future:
		if m < cur {
			y++
		}
	case t == past:
		if m > cur {
			y--
		}
	default:
		switch d := int(m) - int(cur); {
		case d >= 6:
			y--
		case d < -6:
			y++
		}
	}
	return monthValue(y, m)
}

// weekday places a day of the week: "last Monday" is the latest Monday
// before the DCT, "next Monday" the first after it; otherwise the tense
// decides: forward (the DCT's own day included) in the future, backward
// (included) in the past and by default.
func weekday(ref time.Time, p parts, t tense) Value {
	back := (int(ref.Weekday()) - int(p.weekday) + 7) % 7 // days back to the latest such day
	ahead := (int(p.weekday) - int(ref.Weekday()) + 7) % 7
	switch {
	case p.rel < 0 && !p.ago:
		if back == 0 {
			back = 7
		}
		return dayValue(ref.AddDate(0, 0, -back))
	case p.rel > 0:
		if ahead == 0 {
			ahead = 7
		}
		return dayValue(ref.AddDate(0, 0, ahead))
	case p.ago:
		return dayValue(ref.AddDate(0, 0, -back))
	case p.later || p.this || t == future:
		return dayValue(ref.AddDate(0, 0, ahead))
	}
	return dayValue(ref.AddDate(0, 0, -back))
}

// anchorBytes is how far back an anaphoric expression looks for its
// reference.
const anchorBytes = 600

// anchor returns the value of the last date expression [Find] finds in
// the text before start (at most anchorBytes back): the reference of
// "then", "that year", "the following day".
func (r Resolver) anchor(text string, start int, dct time.Time) (Value, bool) {
	lo := max(0, start-anchorBytes)
	for lo < start && !utf8.RuneStart(text[lo]) {
		lo++
	}
	window := text[lo:start]
	spans := Find(window)
	for i := len(spans) - 1; i >= 0; i-- {
		if v, ok := r.resolve(window, spans[i].Start, spans[i].End, dct, false); ok && v.Gran != Decade {
			return v, true
		}
	}
	return Value{}, false
}

var yearRE = regexp.MustCompile(`\b(1[6-9]\d\d|20\d\d)\b`)

// anchorYear returns the last year written in the text before an
// anaphoric expression ("In 1995 ... the following year"), looking back at
// most 600 bytes.
func anchorYear(before string) (int, bool) {
	if len(before) > 600 {
		before = before[len(before)-600:]
	}
	m := yearRE.FindAllString(before, -1)
	if len(m) == 0 {
		return 0, false
	}
	y, _ := strconv.Atoi(m[len(m)-1])
	return y, true
}
