package benchmark

import (
	"testing"
)

// TestRunStream: a short simulated month reports every day, the engine's
// stories grow with the days, and reports of events of earlier weeks
// mostly rejoin their event's story.
func TestRunStream(t *testing.T) {
	t.Parallel()
	var days []StreamDay
	err := RunStream(t.Context(), StreamOptions{Days: 9, PerDay: 400, Seed: 1}, func(d StreamDay) error {
		days = append(days, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 9 {
		t.Fatalf("%d days reported, want 9", len(days))
	}
	resurfaced, rejoined := 0, 0
	for i, d := range days {
		if d.Day != i+1 || d.Articles != 400 || d.ArticlesPerSecond <= 0 || d.LiveHeapBytes == 0 {
			t.Errorf("day %d: %+v", i+1, d)
		}
		if i > 0 && d.StoriesInMemory <= days[i-1].StoriesInMemory {
			t.Errorf("day %d: %d stories in memory, not more than the day before (%d)", d.Day, d.StoriesInMemory, days[i-1].StoriesInMemory)
		}
		if d.Day < 8 && d.Resurfaced != 0 {
			t.Errorf("day %d: %d resurfaced reports before the second week", d.Day, d.Resurfaced)
		}
		resurfaced += d.Resurfaced
		rejoined += d.Rejoined
	}
	if resurfaced == 0 || float64(rejoined) < 0.6*float64(resurfaced) {
		t.Errorf("%d of %d reports of earlier weeks' events rejoined their story, want at least 60%%", rejoined, resurfaced)
	}
}

func TestRunStream_BadOptions(t *testing.T) {
	t.Parallel()
	if err := RunStream(t.Context(), StreamOptions{Days: 0, PerDay: 10}, func(StreamDay) error { return nil }); err == nil {
		t.Error("a stream of no days ran")
	}
}
