package eval

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testdata/timex.jsonl holds three invented articles in the benchmark's
// format: seven scored DATE values (one of them deliberately wrong, so
// the resolver must miss it), values that are not scored (a quarter, a
// season, a duration), and non-ASCII text before the spans, whose
// offsets count code points.
func TestRunTimex_Fixture(t *testing.T) {
	t.Parallel()
	var misses []TimexMiss
	rep, err := RunTimex(t.Context(), filepath.Join("testdata", "timex.jsonl"), TimexOptions{
		Misses: func(m TimexMiss) { misses = append(misses, m) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.File != "timex.jsonl" || rep.Dates != 7 || rep.Correct != 6 {
		t.Fatalf("report %+v, want file timex.jsonl, 7 dates, 6 correct", rep)
	}
	if len(misses) != 1 || misses[0].Text != "yesterday" || misses[0].Got != "1998-02-28" {
		t.Errorf("misses %+v, want only yesterday (got 1998-02-28)", misses)
	}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if !near(rep.Accuracy, 6.0/7) || !near(rep.AccuracyDay, 2.0/3) || rep.AccuracyMonth != 1 || rep.AccuracyYear != 1 || rep.AccuracyWeek != 1 {
		t.Errorf("accuracies %+v, want 6/7 overall, 2/3 day, 1 for month, year and week", rep.TimexScore)
	}
	if rep.FindSpans != 8 || rep.FindSpansTimex != 8 || rep.Found != 7 {
		t.Errorf("find spans %d, overlapping %d, scored found %d; want 8, 8 and 7", rep.FindSpans, rep.FindSpansTimex, rep.Found)
	}
	if rep.Dev.Dates+rep.Test.Dates != rep.Dates || rep.Dev.Correct+rep.Test.Correct != rep.Correct {
		t.Errorf("halves %+v and %+v do not add up to the whole", rep.Dev, rep.Test)
	}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"file"`, `"dates"`, `"correct"`, `"accuracy"`, `"accuracy_day"`, `"accuracy_month"`, `"accuracy_year"`, `"accuracy_week"`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("JSON %s lacks key %s", b, k)
		}
	}
}

func TestRunTimex_Errors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"id":"x","dct":"1998-03-01","text":"abc","timexes":[{"start":1,"end":9,"type":"DATE","value":"1998"}]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := RunTimex(t.Context(), bad, TimexOptions{}); err == nil {
		t.Error("a span outside the text was accepted")
	}
	if _, err := RunTimex(t.Context(), filepath.Join(dir, "missing.jsonl"), TimexOptions{}); err == nil {
		t.Error("a missing file was accepted")
	}
}

// TestRunTimex_Benchmark runs the real benchmark when STORYLINE_BENCH
// names the benchmarks folder.
func TestRunTimex_Benchmark(t *testing.T) {
	root := os.Getenv("STORYLINE_BENCH")
	if root == "" {
		t.Skip("set STORYLINE_BENCH to the benchmarks folder to run the timex benchmark")
	}
	path := filepath.Join(root, "timex", "timebank.jsonl.gz")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("no timex benchmark: %v", err)
	}
	rep, err := RunTimex(t.Context(), path, TimexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(rep)
	t.Logf("%s", j)
	if rep.Dates != 654 {
		t.Errorf("dates=%d, want 654 (the benchmark README's count)", rep.Dates)
	}
}
