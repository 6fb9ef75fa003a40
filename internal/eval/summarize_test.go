package eval

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// summarizeBench returns the path of a summarization benchmark file, or
// skips the test when it is absent.
func summarizeBench(tb testing.TB, name string) string {
	tb.Helper()
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "benchmarks")
	}
	path := filepath.Join(dir, "summarize", name)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("benchmark file absent: %v", err)
	}
	return path
}

func TestSummarizeDocs(t *testing.T) {
	t.Parallel()
	var set SummarizeSet
	if err := json.Unmarshal([]byte(`{"id":"s1","docs":[{"id":"a","text":"One."},{"id":"b","text":"  "},{"id":"c","text":"Three."}],"clean_docs":["Clean."],"references":["r"]}`), &set); err != nil {
		t.Fatal(err)
	}
	docs := SummarizeDocs(set, false)
	if len(docs) != 2 || docs[0].ID != 1 || docs[1].ID != 3 || docs[1].Text != "Three." {
		t.Errorf("SummarizeDocs = %+v, want docs 1 and 3", docs)
	}
	if docs := SummarizeDocs(set, true); len(docs) != 1 || docs[0].Text != "Clean." {
		t.Errorf("SummarizeDocs(clean) = %+v, want the clean doc", docs)
	}
}

func TestRunSummarize_DUC2004Peers(t *testing.T) {
	path := summarizeBench(t, "duc2004.jsonl.gz")
	reports, err := RunSummarize(t.Context(), path, SummarizeOptions{Peers: true})
	if err != nil {
		t.Fatal(err)
	}
	published := map[string][2]float64{"ICSISumm": {38.44, 9.81}, "Lead": {31.46, 6.13}, "DPP": {39.84, 9.62}}
	for _, r := range reports {
		want, ok := published[r.System]
		if !ok {
			continue
		}
		if math.Abs(r.Rouge1Recall-want[0]) > 0.05 || math.Abs(r.Rouge2Recall-want[1]) > 0.05 {
			t.Errorf("%s: R-1 %.2f R-2 %.2f, published %v", r.System, r.Rouge1Recall, r.Rouge2Recall, want)
		}
	}
}

func TestRunSummarize_DUC2004(t *testing.T) {
	path := summarizeBench(t, "duc2004.jsonl.gz")
	var out bytes.Buffer
	reports, err := RunSummarize(t.Context(), path, SummarizeOptions{Write: &out})
	if err != nil {
		t.Fatal(err)
	}
	r := reports[0]
	t.Logf("%+v", r)
	if r.Sets != 50 || bytes.Count(out.Bytes(), []byte("\n")) != 50 {
		t.Errorf("sets = %d, lines = %d, want 50", r.Sets, bytes.Count(out.Bytes(), []byte("\n")))
	}
	// A floor well above the Lead baseline (R-2 6.13) that catches
	// regressions.
	if r.Rouge2Recall < 9 || r.Rouge1Recall < 37 {
		t.Errorf("R-1 %.2f R-2 %.2f: below the regression floor (37, 9)", r.Rouge1Recall, r.Rouge2Recall)
	}
}

func TestRunSummarize_MultiNews(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping Multi-News in short mode")
	}
	path := summarizeBench(t, "multinews-val.jsonl.gz")
	limit := 500
	if s := os.Getenv("STORYLINE_MULTINEWS_SETS"); s != "" {
		limit, _ = strconv.Atoi(s)
	}
	reports, err := RunSummarize(t.Context(), path, SummarizeOptions{Words: 300, Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	r := reports[0]
	t.Logf("%+v", r)
	if r.Rouge2F < 12 {
		t.Errorf("R-2 F %.2f below the regression floor 12", r.Rouge2F)
	}
}
