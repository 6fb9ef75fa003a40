// Package timex resolves the date expressions of news text ("on Monday",
// "last week", "Sept. 30", "this year", "two years ago") to calendar values
// against the article's publish date, the document creation time (DCT).
//
// A value carries its granularity: "last week" in a report of Sunday
// 1 March 1998 is the ISO week 1998-W08, not a day, and "this year" is the
// year 1998. Weekdays and dates without a year are placed by the tense of
// the clause around them: "should face a judge on Monday" in a report of
// Friday 6 January 2017 is Monday 9 January, "was arrested on Monday" is
// Monday 2 January. [Find] locates expressions in text and [Resolve] gives
// one expression its value, so the two can be used apart (an evaluation
// gives Resolve the gold spans).
//
// The rules are linguistic (deictic words, "last/next/this", tense and
// weekday arithmetic); they hold no list of documents or dates.
package timex

import (
	"fmt"
	"time"
)

// Granularity is the unit a value names.
type Granularity int

// The granularities, finest first.
const (
	Day Granularity = iota + 1
	Week
	Month
	Year
	Decade
)

// String returns the granularity's name: "day", "week", "month", "year"
// or "decade".
func (g Granularity) String() string {
	switch g {
	case Day:
		return "day"
	case Week:
		return "week"
	case Month:
		return "month"
	case Year:
		return "year"
	case Decade:
		return "decade"
	}
	return "unknown"
}

// Value is a resolved date: the first day of the period it names, at
// midnight UTC, and the period's granularity.
type Value struct {
	Start time.Time
	Gran  Granularity
}

// IsZero reports whether v is the zero Value (no date).
func (v Value) IsZero() bool { return v.Gran == 0 }

// String formats v as a TimeML value: "2017-01-09", "1998-W08", "1998-03",
// "1998", or "199" for the 1990s; "" for the zero Value.
func (v Value) String() string {
	t := v.Start
	switch v.Gran {
	case Day:
		return t.Format(time.DateOnly)
	case Week:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Month:
		return t.Format("2006-01")
	case Year:
		return t.Format("2006")
	case Decade:
		return fmt.Sprintf("%03d", t.Year()/10)
	}
	return ""
}

// End returns the first instant after the period v names.
func (v Value) End() time.Time {
	switch v.Gran {
	case Day:
		return v.Start.AddDate(0, 0, 1)
	case Week:
		return v.Start.AddDate(0, 0, 7)
	case Month:
		return v.Start.AddDate(0, 1, 0)
	case Year:
		return v.Start.AddDate(1, 0, 0)
	case Decade:
		return v.Start.AddDate(10, 0, 0)
	}
	return v.Start
}

// dayOf returns t's calendar day at midnight UTC, keeping t's own date
// (a publish time of 23:30 at UTC-5 is still that day where it was written).
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func dayValue(t time.Time) Value { return Value{dayOf(t), Day} }

func monthValue(year int, m time.Month) Value {
	return Value{time.Date(year, m, 1, 0, 0, 0, 0, time.UTC), Month}
}

func yearValue(year int) Value {
	return Value{time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), Year}
}

// weekValue returns the ISO week (Monday to Sunday) holding t.
func weekValue(t time.Time) Value {
	d := dayOf(t)
	back := (int(d.Weekday()) + 6) % 7 // days since Monday
	return Value{d.AddDate(0, 0, -back), Week}
}
