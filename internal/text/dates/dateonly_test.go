package dates

import (
	"testing"
	"time"
)

func TestDateOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"2015-11-01", true},
		{"November 1, 2015", true},
		{"2015-11-01T14:02:05Z", false},
		{"2015-11-01T00:00:00.5Z", false},
		{"2015-11-01T00:00:00+01:00", false}, // 23:00 UTC the day before
		{"Nov. 1, 2015 10:30 AM ET", false},
	}
	for _, tc := range tests {
		p, ok := Parse(tc.in)
		if !ok {
			t.Fatalf("Parse(%q) failed", tc.in)
		}
		if got := DateOnly(p); got != tc.want {
			t.Errorf("DateOnly(Parse(%q) = %v) = %v, want %v", tc.in, p, got, tc.want)
		}
	}
	if DateOnly(time.Time{}) {
		t.Error("DateOnly(zero time) = true, want false")
	}
}
