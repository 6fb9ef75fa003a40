package dates

import "time"

// DateOnly reports whether t carries a date without a time of day: it is
// exactly midnight UTC, which is what [Parse] returns for "2015-11-01" or
// "November 1, 2015". Such a time is printed as a date, not as
// "00:00 UTC" (a real publish time that falls on the midnight second is
// printed as a date too, losing nothing that matters).
func DateOnly(t time.Time) bool {
	if t.IsZero() {
		return false
	}
	u := t.UTC()
	return u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0
}
