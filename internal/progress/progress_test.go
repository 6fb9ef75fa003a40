package progress

import (
	"strings"
	"testing"
	"time"
)

func TestReporter_PlainLines(t *testing.T) {
	var b strings.Builder
	r := New(&b, "ingest", false)
	clock := r.start
	r.now = func() time.Time { return clock }
	r.Update(100, 1000, 10) // too soon: no line
	clock = clock.Add(5 * time.Second)
	r.Update(500, 1000, 50)
	r.Finish()
	got := b.String()
	if strings.Count(got, "\n") != 1 {
		t.Fatalf("got %q, want exactly one line", got)
	}
	for _, want := range []string{"ingest: 50 articles", "10 articles/s", "50%", "ETA 5s"} {
		if !strings.Contains(got, want) {
			t.Errorf("line %q lacks %q", got, want)
		}
	}
}

func TestReporter_Quiet(t *testing.T) {
	var b strings.Builder
	r := New(&b, "ingest", true)
	r.now = func() time.Time { return time.Now().Add(time.Hour) }
	r.Update(5, 10, 5)
	r.Finish()
	if b.Len() != 0 {
		t.Errorf("quiet reporter wrote %q", b.String())
	}
}
