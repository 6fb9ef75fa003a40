// Package dates parses the publish dates that news inputs carry: ISO 8601
// and RFC 3339, the RFC 1123/822/850 forms of RSS feeds, the free-form
// dates printed on news pages ("Nov. 1, 2015 10:30 AM ET", "Updated 3:45
// p.m. EST, Sun November 1, 2015", "01.11.2015") and unix timestamps.
//
// Parsing is strict in one way: every word of the input must be understood
// (a small list of filler words such as "Updated" or "Published on" is
// skipped), so prose that merely contains a date is rejected rather than
// guessed at. A time without a zone, or with an unknown one, is taken as
// UTC. US zone names without a season ("ET", "PT") follow US daylight
// saving rules.
package dates

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Years outside this range are rejected: they are never publish dates and
// they would not round-trip through RFC 3339.
const (
	minYear = 1800
	maxYear = 2200
)

// isoLayouts are tried in order with time.Parse before the free-form parser.
// They only hold layouts with numeric zones or none, because time.Parse
// gives unknown zone abbreviations a zero offset.
var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999Z07",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 Z07:00",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
	"20060102T150405Z0700",
	"20060102T150405",
	"20060102",
}

// Parse returns the instant s names and true, or the zero time and false
// when s is not a date it understands. The result keeps the offset given in
// s (UTC when none was given).
func Parse(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 200 || !utf8.ValidString(s) {
		return time.Time{}, false
	}
	if t, ok := parseUnix(s); ok {
		return t, true
	}
	for _, layout := range isoLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return check(t)
		}
	}
	return parseWords(s)
}

// check rejects years outside the plausible range.
func check(t time.Time) (time.Time, bool) {
	if y := t.Year(); y < minYear || y > maxYear {
		return time.Time{}, false
	}
	if y := t.UTC().Year(); y < minYear || y > maxYear {
		return time.Time{}, false
	}
	return t, true
}

// parseUnix reads unix seconds (9–10 digits) or milliseconds (12–13
// digits), optionally with a fraction of seconds.
func parseUnix(s string) (time.Time, bool) {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if !allDigits(intPart) || (hasFrac && !allDigits(frac)) {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	switch {
	case len(intPart) >= 9 && len(intPart) <= 10:
		var nsec int64
		if hasFrac {
			if len(frac) > 9 {
				frac = frac[:9]
			}
			f, _ := strconv.ParseInt(frac+strings.Repeat("0", 9-len(frac)), 10, 64)
			nsec = f
		}
		return check(time.Unix(n, nsec).UTC())
	case len(intPart) >= 12 && len(intPart) <= 13 && !hasFrac:
		return check(time.UnixMilli(n).UTC())
	}
	return time.Time{}, false
}

func allDigits(s string) bool {
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

// MonthName returns the month a lower-case English month name or its
// abbreviation ("sept", "december") names.
func MonthName(name string) (time.Month, bool) {
	m, ok := months[name]
	return m, ok
}

var months = map[string]time.Month{
	"jan": time.January, "january": time.January,
	"feb": time.February, "february": time.February,
	"mar": time.March, "march": time.March,
	"apr": time.April, "april": time.April,
	"may": time.May,
	"jun": time.June, "june": time.June,
	"jul": time.July, "july": time.July,
	"aug": time.August, "august": time.August,
	"sep": time.September, "sept": time.September, "september": time.September,
	"oct": time.October, "october": time.October,
	"nov": time.November, "november": time.November,
	"dec": time.December, "december": time.December,
}

var weekdays = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true,
	"wed": true, "wednesday": true, "thu": true, "thur": true, "thurs": true, "thursday": true,
	"fri": true, "friday": true, "sat": true, "saturday": true, "sun": true, "sunday": true,
}

// fillers are words that may surround a date on a news page.
var fillers = map[string]bool{
	"updated": true, "update": true, "published": true, "posted": true, "last": true,
	"modified": true, "on": true, "at": true, "the": true, "of": true, "created": true,
	"first": true, "date": true, "time": true, "and": true, "|": true, "-": true,
}

// fixedZones maps zone abbreviations to their offset in seconds.
var fixedZones = map[string]int{
	"z": 0, "ut": 0, "utc": 0, "gmt": 0, "wet": 0,
	"bst": 3600, "ist": 3600, "cet": 3600, "wat": 3600, "west": 3600,
	"cest": 7200, "eet": 7200, "sast": 7200, "cat": 7200,
	"eest": 3 * 3600, "msk": 3 * 3600, "eat": 3 * 3600,
	"est": -5 * 3600, "edt": -4 * 3600,
	"cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600,
	"pst": -8 * 3600, "pdt": -7 * 3600,
	"akst": -9 * 3600, "akdt": -8 * 3600,
	"hst": -10 * 3600,
	"jst": 9 * 3600, "kst": 9 * 3600, "hkt": 8 * 3600, "sgt": 8 * 3600,
	"aest": 10 * 3600, "aedt": 11 * 3600, "nzst": 12 * 3600, "nzdt": 13 * 3600,
}

// usZones maps season-less US zone names to their standard offset; daylight
// saving adds an hour.
var usZones = map[string]int{
	"et": -5 * 3600, "ct": -6 * 3600, "mt": -7 * 3600, "pt": -8 * 3600,
}

// fields collects what the word parser has found.
type fields struct {
	year, month, day    int
	hour, min, sec      int
	nsec                int
	hasDate, hasTime    bool
	pm, am              bool
	zoneSet             bool
	offset              int  // seconds east of UTC
	usZone              bool // offset is a US standard offset, apply DST
	pendingNumber       []int
	pendingNumberDigits []int
}

// parseWords is the free-form parser: it splits s into words and assigns
// each to a part of the date.
func parseWords(s string) (time.Time, bool) {
	var f fields
	for _, w := range split(s) {
		if !f.word(w) {
			return time.Time{}, false
		}
	}
	if !f.resolveNumbers() || f.month == 0 || f.day == 0 || f.year == 0 {
		return time.Time{}, false
	}
	if f.pm || f.am {
		if f.hour < 1 || f.hour > 12 {
			return time.Time{}, false
		}
		if f.pm && f.hour != 12 {
			f.hour += 12
		}
		if f.am && f.hour == 12 {
			f.hour = 0
		}
	}
	if f.day > daysIn(time.Month(f.month), f.year) {
		return time.Time{}, false
	}
	if f.usZone && isUSDST(f.year, time.Month(f.month), f.day, f.hour) {
		f.offset += 3600
	}
	loc := time.UTC
	if f.offset != 0 {
		loc = time.FixedZone("", f.offset)
	}
	return check(time.Date(f.year, time.Month(f.month), f.day, f.hour, f.min, f.sec, f.nsec, loc))
}

// split breaks s into words at spaces and commas, keeping signs of numeric
// zones attached and separating "(GMT)" parentheses.
func split(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '(' || r == ')' || r == ';'
	})
}

// word assigns one word; it reports false when w is not understood.
func (f *fields) word(w string) bool {
	lw := strings.ToLower(w)
	lw = strings.TrimSuffix(lw, ":") // "Updated:"
	if lw == "" {
		return true
	}
	if fillers[lw] {
		return true
	}
	if t := strings.TrimSuffix(lw, "."); weekdays[t] {
		return true
	}
	if m, ok := months[strings.TrimSuffix(lw, ".")]; ok {
		if f.month != 0 {
			return false
		}
		f.month = int(m)
		return true
	}
	switch strings.ReplaceAll(lw, ".", "") {
	case "am":
		f.am = true
		return !f.pm
	case "pm":
		f.pm = true
		return !f.am
	}
	if f.zone(lw) {
		return true
	}
	if strings.Contains(lw, ":") {
		return f.clock(lw)
	}
	if d, ok := ordinal(lw); ok {
		return f.number(d, 2)
	}
	if allDigits(lw) {
		n, err := strconv.Atoi(lw)
		if err != nil {
			return false
		}
		return f.number(n, len(lw))
	}
	if lw[len(lw)-1] == '.' && allDigits(lw[:len(lw)-1]) { // "1." (German day)
		n, _ := strconv.Atoi(lw[:len(lw)-1])
		return f.number(n, len(lw)-1)
	}
	return f.numericDate(lw)
}

// ordinal reads "1st", "22nd", "3rd", "4th".
func ordinal(w string) (int, bool) {
	if len(w) < 3 || len(w) > 4 {
		return 0, false
	}
	switch w[len(w)-2:] {
	case "st", "nd", "rd", "th":
	default:
		return 0, false
	}
	n, err := strconv.Atoi(w[:len(w)-2])
	if err != nil || n < 1 || n > 31 || !allDigits(w[:len(w)-2]) {
		return 0, false
	}
	return n, true
}

// zone reads zone names and numeric offsets.
func (f *fields) zone(w string) bool {
	if off, ok := fixedZones[w]; ok {
		return f.setZone(off, false)
	}
	if off, ok := usZones[w]; ok {
		return f.setZone(off, true)
	}
	// "gmt+1", "utc+05:30"
	for _, p := range []string{"gmt", "utc"} {
		if rest, ok := strings.CutPrefix(w, p); ok && rest != "" && (rest[0] == '+' || rest[0] == '-') {
			off, ok := numericOffset(rest)
			if !ok {
				return false
			}
			return f.setZone(off, false)
		}
	}
	if w[0] == '+' || (w[0] == '-' && f.hasTime) {
		off, ok := numericOffset(w)
		if !ok {
			return false
		}
		return f.setZone(off, false)
	}
	return false
}

func (f *fields) setZone(off int, us bool) bool {
	if f.zoneSet {
		// "GMT+0100" style repeats are rare; a second zone is ambiguous.
		return false
	}
	f.zoneSet, f.offset, f.usZone = true, off, us
	return true
}

// numericOffset reads "+1", "+01", "+0100", "+01:00".
func numericOffset(w string) (int, bool) {
	sign := 1
	switch w[0] {
	case '-':
		sign = -1
	case '+':
	default:
		return 0, false
	}
	w = w[1:]
	h, m := w, ""
	if a, b, ok := strings.Cut(w, ":"); ok {
		h, m = a, b
	} else if len(w) == 4 {
		h, m = w[:2], w[2:]
	}
	if !allDigits(h) || len(h) > 2 || (m != "" && (!allDigits(m) || len(m) != 2)) {
		return 0, false
	}
	hh, _ := strconv.Atoi(h)
	mm := 0
	if m != "" {
		mm, _ = strconv.Atoi(m)
	}
	if hh > 14 || mm > 59 {
		return 0, false
	}
	return sign * (hh*3600 + mm*60), true
}

// clock reads "10:30", "14:02:05", "14:02:05.123", "3:45pm".
func (f *fields) clock(w string) bool {
	if f.hasTime {
		return false
	}
	if rest, ok := strings.CutSuffix(w, "pm"); ok {
		f.pm, w = true, rest
	} else if rest, ok := strings.CutSuffix(w, "am"); ok {
		f.am, w = true, rest
	}
	// A zone glued on: "14:02:05z", "14:02:05+01:00".
	if i := strings.IndexAny(w, "+-z"); i > 0 {
		if !f.zone(w[i:]) && !(w[i] == '-' && f.zoneNumeric(w[i:])) {
			return false
		}
		w = w[:i]
	}
	parts := strings.Split(w, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	var v [3]int
	for i, p := range parts {
		if i == 2 {
			if sec, frac, ok := strings.Cut(p, "."); ok {
				if !allDigits(frac) || len(frac) > 9 {
					return false
				}
				n, _ := strconv.Atoi(frac + strings.Repeat("0", 9-len(frac)))
				f.nsec = n
				p = sec
			}
		}
		if !allDigits(p) || len(p) > 2 || (i > 0 && len(p) != 2) {
			return false
		}
		v[i], _ = strconv.Atoi(p)
	}
	if v[0] > 23 || v[1] > 59 || v[2] > 60 {
		return false
	}
	if v[2] == 60 {
		v[2] = 59 // leap second: close enough for a publish date
	}
	f.hour, f.min, f.sec, f.hasTime = v[0], v[1], v[2], true
	return true
}

func (f *fields) zoneNumeric(w string) bool {
	off, ok := numericOffset(w)
	if !ok {
		return false
	}
	return f.setZone(off, false)
}

// number holds a bare number until all words are seen: it may be a day or
// a year.
func (f *fields) number(n, digits int) bool {
	if len(f.pendingNumber) >= 2 {
		return false
	}
	f.pendingNumber = append(f.pendingNumber, n)
	f.pendingNumberDigits = append(f.pendingNumberDigits, digits)
	return true
}

// resolveNumbers turns the bare numbers into day and year.
func (f *fields) resolveNumbers() bool {
	for i, n := range f.pendingNumber {
		digits := f.pendingNumberDigits[i]
		switch {
		case digits == 4 && f.year == 0:
			f.year = n
		case digits <= 2 && f.day == 0 && n >= 1 && n <= 31 && !f.hasDate:
			f.day = n
		case digits == 2 && f.year == 0 && f.day != 0:
			f.year = twoDigitYear(n)
		default:
			return false
		}
	}
	return true
}

func twoDigitYear(n int) int {
	if n < 70 {
		return 2000 + n
	}
	return 1900 + n
}

// numericDate reads "2015/11/01", "01.11.2015", "11/01/2015", "01-Nov-15"
// and "2015-11-01".
func (f *fields) numericDate(w string) bool {
	if f.hasDate {
		return false
	}
	var sep byte
	for _, c := range []byte{'/', '.', '-'} {
		if strings.IndexByte(w, c) > 0 {
			sep = c
			break
		}
	}
	if sep == 0 {
		return false
	}
	parts := strings.Split(strings.TrimSuffix(w, string(sep)), string(sep))
	if len(parts) != 3 {
		return false
	}
	// "01-Nov-15", "1-nov-2015"
	if m, ok := months[parts[1]]; ok && f.month == 0 {
		d, err1 := strconv.Atoi(parts[0])
		y, err2 := strconv.Atoi(parts[2])
		if err1 != nil || err2 != nil || !allDigits(parts[0]) || !allDigits(parts[2]) {
			return false
		}
		switch len(parts[2]) {
		case 2:
			y = twoDigitYear(y)
		case 4:
		default:
			return false
		}
		f.day, f.month, f.year, f.hasDate = d, int(m), y, true
		return d >= 1 && d <= 31
	}
	var v [3]int
	for i, p := range parts {
		if !allDigits(p) || len(p) > 4 {
			return false
		}
		v[i], _ = strconv.Atoi(p)
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4: // y/m/d
		y, m, d = v[0], v[1], v[2]
	case len(parts[2]) == 4 || len(parts[2]) == 2:
		y = v[2]
		if len(parts[2]) == 2 {
			y = twoDigitYear(y)
		}
		if sep == '/' { // US order: m/d/y, unless that cannot be.
			m, d = v[0], v[1]
			if m > 12 && d <= 12 {
				m, d = d, m
			}
		} else { // European order: d.m.y
			d, m = v[0], v[1]
			if m > 12 && d <= 12 {
				m, d = d, m
			}
		}
	default:
		return false
	}
	if m < 1 || m > 12 || d < 1 || d > 31 || f.month != 0 {
		return false
	}
	f.year, f.month, f.day, f.hasDate = y, m, d, true
	return true
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// isUSDST reports whether local time on the given day and hour falls in US
// daylight saving time: from 2 a.m. on the second Sunday in March to 2 a.m.
// on the first Sunday in November (the rules since 2007, applied to all
// years).
func isUSDST(year int, m time.Month, day, hour int) bool {
	if m < time.March || m > time.November {
		return false
	}
	if m > time.March && m < time.November {
		return true
	}
	first := time.Date(year, m, 1, 0, 0, 0, 0, time.UTC).Weekday()
	firstSunday := 1 + (7-int(first))%7
	if m == time.March {
		start := firstSunday + 7
		return day > start || (day == start && hour >= 2)
	}
	return day < firstSunday || (day == firstSunday && hour < 2)
}
