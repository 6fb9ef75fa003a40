package benchmark

import (
	"context"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/pipeline"
)

func day(t *testing.T, n int, seed uint64) []ingest.Item {
	t.Helper()
	var items []ingest.Item
	if err := SyntheticDay(context.Background(), n, seed, func(it ingest.Item) error {
		items = append(items, it)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return items
}

func TestSyntheticDay(t *testing.T) {
	a, b := day(t, 2000, 1), day(t, 2000, 1)
	if len(a) != 2000 {
		t.Fatalf("%d items, want 2000", len(a))
	}
	titles := map[string]int{}
	copies := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("item %d differs between two runs of one seed", i)
		}
		if i > 0 && a[i].Date < a[i-1].Date {
			t.Errorf("item %d published before item %d", i, i-1)
		}
		if strings.HasSuffix(a[i].Text, "reporters contributed.") {
			copies++
		}
		titles[a[i].Title]++
		if n := len(a[i].Text); n < 1200 || n > 4000 {
			t.Errorf("item %d has %d bytes of text, want about 2 KB", i, n)
		}
	}
	if copies < 120 || copies > 300 {
		t.Errorf("%d syndicated copies in 2000, want about 10%%", copies)
	}
	// About four reports per event: titles repeat within an event.
	if events := len(titles); events < 300 || events > 700 {
		t.Errorf("%d distinct titles for 2000 articles, want about 500 events", events)
	}
	if c := day(t, 50, 2); c[0] == a[0] {
		t.Error("another seed gave the same first item")
	}
	// The articles go through preparation as English.
	for _, it := range a[:20] {
		art, err := pipeline.Prepare(it)
		if err != nil {
			t.Fatal(err)
		}
		if art.Language != "en" {
			t.Errorf("%s detected as %q, want en", it.Origin, art.Language)
		}
	}
}
