package synthesis

import (
	"slices"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// The timeline resolves its dates with package timex: forward in the
// future tense, backward in the past, weeks as weeks, and without a
// publish date only dates with a written year.
func TestTimeline_Tense(t *testing.T) {
	t.Parallel()
	fri := time.Date(2017, 1, 6, 18, 0, 0, 0, time.UTC) // Friday 6 January 2017
	body := "Esteban Santiago, 26, should face a judge on Monday, officials said.\n\n" +
		"He was arrested on Friday after the shooting. Agents questioned him last week. " +
		"He had served in Iraq in 2010."
	arts := []*news.Article{article(1, "Wire", "Airport shooting", body, fri)}
	got := map[string]string{}
	for _, e := range timeline(arts) {
		if e.Kind == "mentioned" {
			got[e.Date.Format(time.DateOnly)+" "+e.Granularity] = e.Text
		}
	}
	for _, want := range []string{"2017-01-09 day", "2017-01-06 day", "2016-12-26 week"} {
		if _, ok := got[want]; !ok {
			t.Errorf("timeline lacks %s; got %v", want, got)
		}
	}
	if _, ok := got["2017-01-02 day"]; ok {
		t.Errorf("timeline places the hearing on Monday 2 January: %v", got)
	}
	if s := got["2017-01-09 day"]; s != "Esteban Santiago, 26, should face a judge on Monday, officials said." {
		t.Errorf("the hearing's entry quotes %q, want its sentence", s)
	}
	for k := range got {
		if k == "2010-01-01 year" {
			t.Errorf("timeline keeps a year: %v", got)
		}
	}
	// A sentence naming two dates is placed once, on the more specific.
	tue := time.Date(2026, 3, 17, 9, 0, 0, 0, time.UTC) // Tuesday 17 March 2026
	fire := []*news.Article{article(3, "Ledger", "Fire was arson", "Investigators said on Monday that the fire that destroyed the warehouse last week was started deliberately.", tue)}
	var placed []string
	for _, e := range timeline(fire) {
		if e.Kind == "mentioned" {
			placed = append(placed, e.Date.Format(time.DateOnly)+" "+e.Granularity)
		}
	}
	if !slices.Equal(placed, []string{"2026-03-16 day"}) {
		t.Errorf("a sentence with two dates placed at %v, want once, on Monday 2026-03-16", placed)
	}
	undated := []*news.Article{article(2, "Wire", "Airport shooting", body+" The trial opens on 3 April 2017.", time.Time{})}
	var days []string
	for _, e := range timeline(undated) {
		days = append(days, e.Date.Format(time.DateOnly)+" "+e.Granularity)
	}
	if !slices.Equal(days, []string{"2017-04-03 day"}) {
		t.Errorf("undated timeline = %v, want only 2017-04-03 day", days)
	}
}
