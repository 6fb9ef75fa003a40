package unixms

import (
	"testing"
	"time"
)

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		in   time.Time
		zero int64 // FromOrZero
	}{
		{time.Time{}, 0},
		{time.Date(2026, 3, 2, 10, 4, 5, 6_000_000, time.FixedZone("x", 3600)), 1772442245006},
		{time.UnixMilli(0), 0},
	} {
		if got := FromOrZero(tc.in); got != tc.zero {
			t.Errorf("FromOrZero(%v) = %d, want %d", tc.in, got, tc.zero)
		}
		if !tc.in.IsZero() {
			if back := Time(From(tc.in)); !back.Equal(tc.in) || back.Location() != time.UTC {
				t.Errorf("Time(From(%v)) = %v, want the same instant in UTC", tc.in, back)
			}
		}
		if back := TimeOrZero(FromOrZero(tc.in)); tc.zero != 0 && !back.Equal(tc.in) || tc.zero == 0 && !back.IsZero() {
			t.Errorf("TimeOrZero(FromOrZero(%v)) = %v", tc.in, back)
		}
	}
}
