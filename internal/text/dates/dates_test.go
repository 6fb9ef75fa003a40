package dates

import (
	"testing"
	"time"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // RFC 3339; "" means not parsed
	}{
		{"2015-11-01T14:02:05Z", "2015-11-01T14:02:05Z"},
		{"2015-11-01T14:02:05+01:00", "2015-11-01T13:02:05Z"},
		{"2015-11-01T14:02:05.123-05:00", "2015-11-01T19:02:05.123Z"},
		{"2015-11-01T14:02:05+0100", "2015-11-01T13:02:05Z"},
		{"2015-11-01T14:02:05", "2015-11-01T14:02:05Z"},
		{"2015-11-01T14:02", "2015-11-01T14:02:00Z"},
		{"2015-11-01 14:02:05", "2015-11-01T14:02:05Z"},
		{"2015-11-01 14:02:05 +0200", "2015-11-01T12:02:05Z"},
		{"2015-11-01", "2015-11-01T00:00:00Z"},
		{"20151101", "2015-11-01T00:00:00Z"},
		{"Sun, 01 Nov 2015 14:02:00 GMT", "2015-11-01T14:02:00Z"},
		{"Sun, 01 Nov 2015 14:02:00 +0100", "2015-11-01T13:02:00Z"},
		{"Sun, 01 Nov 2015 14:02:00 -0500", "2015-11-01T19:02:00Z"},
		{"Sun, 01 Nov 2015 14:02:00 EST", "2015-11-01T19:02:00Z"},
		{"01 Nov 15 14:02 GMT", "2015-11-01T14:02:00Z"},
		{"Sunday, 01-Nov-15 14:02:00 GMT", "2015-11-01T14:02:00Z"},
		{"Sun Nov  1 14:02:00 2015", "2015-11-01T14:02:00Z"},
		{"Sun Nov  1 14:02:00 UTC 2015", "2015-11-01T14:02:00Z"},
		{"November 1, 2015", "2015-11-01T00:00:00Z"},
		{"Nov. 1, 2015 10:30 AM ET", "2015-11-01T15:30:00Z"},
		{"Oct. 1, 2015 10:30 AM ET", "2015-10-01T14:30:00Z"}, // EDT
		{"Jul 4, 2020 9:15 pm PT", "2020-07-05T04:15:00Z"},
		{"1 November 2015", "2015-11-01T00:00:00Z"},
		{"1st November 2015", "2015-11-01T00:00:00Z"},
		{"Sunday 1 Nov 2015 14:02 GMT", "2015-11-01T14:02:00Z"},
		{"Sunday 1 Nov 2015 14:02 BST", "2015-11-01T13:02:00Z"},
		{"1 Nov 2015 14:02 CET", "2015-11-01T13:02:00Z"},
		{"2015/11/01", "2015-11-01T00:00:00Z"},
		{"01.11.2015", "2015-11-01T00:00:00Z"},
		{"11/01/2015", "2015-11-01T00:00:00Z"},
		{"25/12/2015", "2015-12-25T00:00:00Z"},
		{"Updated 3:45 p.m. EST, Sun November 1, 2015", "2015-11-01T20:45:00Z"},
		{"Published: 12:00 a.m. UTC, 2 March 2016", "2016-03-02T00:00:00Z"},
		{"Posted on March 3rd, 2016 at 9:05pm", "2016-03-03T21:05:00Z"},
		{"Mar 3 2016 9:05 PM CST", "2016-03-04T03:05:00Z"},
		{"1446386520", "2015-11-01T14:02:00Z"},
		{"1446386520123", "2015-11-01T14:02:00.123Z"},
		{"2015-11-01T14:02:05 GMT+1", ""},
		{"1 Nov 2015 14:02 GMT+1", "2015-11-01T13:02:00Z"},
		{"", ""},
		{"yesterday", ""},
		{"The fire started on November 1, 2015", ""},
		{"February 30, 2015", ""},
		{"13/13/2015", ""},
		{"2015", ""},
		{"12345", ""},
		{"25:00 Nov 1 2015", ""},
		{"Nov 1 2015 13:00 PM", ""},
		{"1 Nov 0001", ""},
	}
	for _, tc := range tests {
		got, ok := Parse(tc.in)
		if tc.want == "" {
			if ok {
				t.Errorf("Parse(%q) = %v, want no date", tc.in, got)
			}
			continue
		}
		if !ok {
			t.Errorf("Parse(%q) failed, want %s", tc.in, tc.want)
			continue
		}
		if s := got.UTC().Format(time.RFC3339Nano); s != tc.want {
			t.Errorf("Parse(%q) = %s, want %s", tc.in, s, tc.want)
		}
	}
}

func TestIsUSDST(t *testing.T) {
	t.Parallel()
	tests := []struct {
		y, m, d, h int
		want       bool
	}{
		{2015, 3, 8, 1, false}, {2015, 3, 8, 2, true}, {2015, 3, 7, 12, false},
		{2015, 11, 1, 1, true}, {2015, 11, 1, 2, false}, {2015, 7, 1, 0, true},
		{2015, 1, 1, 0, false}, {2015, 12, 1, 0, false}, {2015, 10, 31, 23, true},
	}
	for _, tc := range tests {
		if got := isUSDST(tc.y, time.Month(tc.m), tc.d, tc.h); got != tc.want {
			t.Errorf("isUSDST(%d-%02d-%02d %02dh) = %v, want %v", tc.y, tc.m, tc.d, tc.h, got, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"2015-11-01T14:02:05Z", "Sun, 01 Nov 2015 14:02:00 GMT", "Nov. 1, 2015 10:30 AM ET",
		"Updated 3:45 p.m. EST, Sun November 1, 2015", "01.11.2015", "1446386520", "01-Nov-15 14:02:00+01:00",
		"2015-11-01T14:02:05.999999999-23:59",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Parse(s)
		if !ok {
			if !got.IsZero() {
				t.Fatalf("Parse(%q) = %v, false; want zero time", s, got)
			}
			return
		}
		if !utf8.ValidString(s) {
			t.Fatalf("Parse(%q) accepted invalid UTF-8", s)
		}
		out := got.Format(time.RFC3339Nano)
		back, ok := Parse(out)
		if !ok || !back.Equal(got) {
			t.Fatalf("Parse(%q) = %s, which parses back to %v, %v", s, out, back, ok)
		}
	})
}
