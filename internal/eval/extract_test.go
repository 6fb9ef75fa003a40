package eval

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/web/extract"
)

func extractBench(tb testing.TB, family string) string {
	tb.Helper()
	root := os.Getenv("STORYLINE_BENCH")
	if root == "" {
		tb.Skip("set STORYLINE_BENCH to the benchmarks folder to run the extraction benchmark")
	}
	dir := filepath.Join(root, family)
	if _, err := os.Stat(filepath.Join(dir, "ground-truth.json")); err != nil {
		tb.Skipf("no extraction benchmark: %v", err)
	}
	return dir
}

func TestRunExtract(t *testing.T) {
	// minF1 is the reached figure (README, Quality) minus 0.005.
	tests := []struct {
		family string
		pages  int
		minF1  float64
	}{
		{"extract", 181, extractFloor},
		{"extract-wcxb", 300, extractWCXBFloor},
	}
	for _, tc := range tests {
		t.Run(tc.family, func(t *testing.T) {
			dir := extractBench(t, tc.family)
			var out bytes.Buffer
			rep, err := RunExtract(t.Context(), dir, ExtractOptions{Write: &out})
			if err != nil {
				t.Fatal(err)
			}
			j, _ := json.Marshal(rep)
			t.Logf("%s", j)
			if rep.Pages != tc.pages || rep.Folder != tc.family || rep.System != "storyline" {
				t.Errorf("pages=%d folder=%q system=%q, want %d %q storyline", rep.Pages, rep.Folder, rep.System, tc.pages, tc.family)
			}
			if lines := bytes.Count(out.Bytes(), []byte("\n")); lines != rep.Pages {
				t.Errorf("wrote %d lines, want %d", lines, rep.Pages)
			}
			if rep.F1 < tc.minF1 {
				t.Errorf("F1=%.4f, want >= %.4f", rep.F1, tc.minF1)
			}
		})
	}
}

// stubExtractor returns a fixed text for every page.
type stubExtractor struct{ text string }

func (s stubExtractor) ExtractHTML(ctx context.Context, page []byte, pageURL, contentType string) (*extract.Page, error) {
	if s.text == "" {
		return nil, extract.ErrNoArticle
	}
	return &extract.Page{Text: s.text}, nil
}

// TestRunExtract_Fixture runs RunExtract over a two-page folder written
// here, with stub extractors.
func TestRunExtract_Fixture(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "fam")
	if err := os.MkdirAll(filepath.Join(dir, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	truth := map[string]ExtractTruth{
		"a": {ArticleBody: "one two three four five"},
		"b": {ArticleBody: "six seven eight nine ten"},
	}
	tb, _ := json.Marshal(truth)
	if err := os.WriteFile(filepath.Join(dir, "ground-truth.json"), tb, 0o644); err != nil {
		t.Fatal(err)
	}
	for id := range truth {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte("<p>page " + id + "</p>"))
		zw.Close()
		if err := os.WriteFile(filepath.Join(dir, "html", id+".html.gz"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		system       string
		text         string
		failed       int
		wantP, wantR float64
	}{
		// Page a is found exactly, page b not at all.
		{"stub", "one two three four five", 0, 0.5, 0.5},
		{"", "", 2, 0, 0},
	}
	for _, tc := range tests {
		rep, err := RunExtract(t.Context(), dir, ExtractOptions{System: tc.system, Extractor: stubExtractor{tc.text}})
		if err != nil {
			t.Fatal(err)
		}
		wantSystem := tc.system
		if wantSystem == "" {
			wantSystem = "storyline"
		}
		if rep.Folder != "fam" || rep.System != wantSystem || rep.Pages != 2 || rep.Failed != tc.failed {
			t.Errorf("report %+v, want folder fam, system %q, 2 pages, %d failed", rep, wantSystem, tc.failed)
		}
		if rep.Precision != tc.wantP || rep.Recall != tc.wantR {
			t.Errorf("%q: P=%v R=%v, want %v %v", tc.system, rep.Precision, rep.Recall, tc.wantP, tc.wantR)
		}
	}
}

// Floors of TestRunExtract: the F1 reached (README, Quality) minus 0.005.
const (
	extractFloor     = 0.9624
	extractWCXBFloor = 0.9382
)

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
