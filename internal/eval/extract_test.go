package eval

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func extractBench(tb testing.TB) string {
	tb.Helper()
	root := os.Getenv("STORYLINE_BENCH")
	if root == "" {
		tb.Skip("set STORYLINE_BENCH to the benchmarks folder to run the extraction benchmark")
	}
	dir := filepath.Join(root, "extract")
	if _, err := os.Stat(filepath.Join(dir, "ground-truth.json")); err != nil {
		tb.Skipf("no extraction benchmark: %v", err)
	}
	return dir
}

func TestRunExtract(t *testing.T) {
	dir := extractBench(t)
	var out bytes.Buffer
	rep, err := RunExtract(t.Context(), dir, ExtractOptions{Write: &out})
	if err != nil {
		t.Fatal(err)
	}
	j, _ := json.Marshal(rep)
	t.Logf("%s", j)
	if rep.Pages != 181 {
		t.Errorf("pages=%d, want 181", rep.Pages)
	}
	if lines := bytes.Count(out.Bytes(), []byte("\n")); lines != rep.Pages {
		t.Errorf("wrote %d lines, want %d", lines, rep.Pages)
	}
	if os.Getenv("STORYLINE_EXTRACT_OUT") != "" {
		os.WriteFile(os.Getenv("STORYLINE_EXTRACT_OUT"), out.Bytes(), 0o644)
	}
	// The reached figure is 0.9729; fail when it drops by more than 0.005.
	const minF1 = 0.968
	if rep.F1 < minF1 {
		t.Errorf("F1=%.4f, want >= %.3f", rep.F1, minF1)
	}
}

func TestShingleMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		truth, pred string
		want        ShingleCounts
	}{
		{"a b c d e", "A, b. c d e!", ShingleCounts{TP: 1}},
		{"a b c d e", "", ShingleCounts{FN: 1}},
		{"", "a b c d", ShingleCounts{FP: 1}},
		{"a b c", "x y z", ShingleCounts{}}, // fewer than 4 tokens: no shingles
		{"a b c d e", "a b c d x", ShingleCounts{TP: 1.0 / 3, FP: 1.0 / 3, FN: 1.0 / 3}},
	}
	for _, tc := range tests {
		if got := ShingleMatch(tc.truth, tc.pred); got != tc.want {
			t.Errorf("ShingleMatch(%q, %q) = %+v, want %+v", tc.truth, tc.pred, got, tc.want)
		}
	}
	// Precision averages over pages with a prediction, recall over pages
	// with a truth; F1 is their harmonic mean.
	p, r, f := ExtractScores([]ShingleCounts{{TP: 1}, {FN: 1}, {TP: 0.5, FP: 0.5}})
	if p != 0.75 || r != 2.0/3 || f < 0.7058 || f > 0.7059 {
		t.Errorf("ExtractScores = %v, %v, %v; want 0.75, 0.667, 0.706", p, r, f)
	}
}
