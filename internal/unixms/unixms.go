// Package unixms encodes times as Unix milliseconds in UTC, the way both
// stores keep them in integer columns.
package unixms

import "time"

// From returns t in Unix milliseconds.
func From(t time.Time) int64 { return t.UnixMilli() }

// Time returns the UTC time of ms Unix milliseconds.
func Time(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// FromOrZero is From, with the zero time stored as 0.
func FromOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// TimeOrZero is Time, with 0 read back as the zero time.
func TimeOrZero(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return Time(ms)
}
