package server

import (
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// A publish date without a time of day is shown as a date, never as
// "00:00 UTC"; a real time keeps its clock.
func TestUITimes_DateOnly(t *testing.T) {
	t.Parallel()
	date := time.Date(2017, 1, 6, 0, 0, 0, 0, time.UTC)
	clock := time.Date(2017, 1, 6, 18, 5, 0, 0, time.UTC)
	tests := []struct{ name, got, want string }{
		{"humanTime(date)", humanTime(date), "6 Jan 2017"},
		{"humanTime(clock)", humanTime(clock), "6 Jan 2017 18:05 UTC"},
		{"datetime(date)", datetime(date), "2017-01-06"},
		{"datetime(clock)", datetime(clock), "2017-01-06T18:05:00Z"},
		{"timeSpan(date, date)", timeSpan(date, date), "6 Jan 2017"},
		{"timeSpan(date, next date)", timeSpan(date, date.AddDate(0, 0, 2)), "6 Jan 2017 – 8 Jan 2017"},
		{"timeSpan(date, clock)", timeSpan(date, clock), "6 Jan 2017"}, // one day, only partly timed
		{"timelineDate(published date)", timelineDate(news.TimelineEntry{Date: date, Granularity: "time"}), "6 Jan 2017"},
		{"timelineDatetime(week)", timelineDatetime(news.TimelineEntry{Date: time.Date(2016, 12, 26, 0, 0, 0, 0, time.UTC), Granularity: "week"}), "2016-W52"},
		{"timelineDatetime(month)", timelineDatetime(news.TimelineEntry{Date: time.Date(2016, 11, 1, 0, 0, 0, 0, time.UTC), Granularity: "month"}), "2016-11"},
		{"timelineDatetime(published)", timelineDatetime(news.TimelineEntry{Date: clock, Granularity: "time"}), "2017-01-06T18:05:00Z"},
		{"timelineDate(week)", timelineDate(news.TimelineEntry{Date: time.Date(2016, 12, 26, 0, 0, 0, 0, time.UTC), Granularity: "week"}), "week of 26 Dec 2016"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}
