package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestBenchStream_JSON: bench stream --json prints one object per
// simulated day with the keys the issue names.
func TestBenchStream_JSON(t *testing.T) {
	out := mustRun(t, "bench", "stream", "--days", "2", "--per-day", "40", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want one per day:\n%s", len(lines), out)
	}
	for i, line := range lines {
		var day map[string]any
		if err := json.Unmarshal([]byte(line), &day); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, line)
		}
		for _, key := range []string{"day", "articles", "articles_per_second", "live_heap_bytes", "rss_bytes", "stories_in_memory"} {
			if _, ok := day[key]; !ok {
				t.Errorf("line %d lacks %q: %s", i+1, key, line)
			}
		}
		if day["day"] != float64(i+1) || day["articles"] != float64(40) {
			t.Errorf("line %d: %s", i+1, line)
		}
	}
	if code, _, _ := run(t, "", "bench", "stream", "--days", "0"); code != 2 {
		t.Errorf("bench stream --days 0: exit %d, want 2", code)
	}
}
