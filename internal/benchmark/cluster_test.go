package benchmark

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/eval"
)

// TestClusterRecords runs the pipeline over a small labelled stream of two
// events, a syndicated copy and an unrelated report.
func TestClusterRecords(t *testing.T) {
	recs := []eval.ClusterRecord{
		{ID: "a", Event: "bridge", Title: "Bridge collapse in Port Averin kills 12", Date: "2026-03-10", Source: "A",
			Text: "A section of the Kessel Street Bridge in Port Averin collapsed into the Averin River on Tuesday, killing 12 people, Mayor Elena Varga said. Divers pulled 31 people from the water."},
		{ID: "b", Event: "bridge", Title: "Port Averin bridge toll rises as divers search the Averin River", Date: "2026-03-11", Source: "B",
			Text: "Divers searching the Averin River after the Kessel Street Bridge collapse in Port Averin recovered more bodies, Mayor Elena Varga said. The bridge collapsed on Tuesday."},
		{ID: "c", Event: "bridge", Title: "Bridge collapse in Port Averin kills 12", Date: "2026-03-10", Source: "C",
			Text: "A section of the Kessel Street Bridge in Port Averin collapsed into the Averin River on Tuesday, killing 12 people, Mayor Elena Varga said. Divers pulled 31 people from the water."},
		{ID: "d", Event: "rates", Title: "Halvard central bank raises interest rates to 4.25%", Date: "2026-03-12", Source: "A",
			Text: "The Central Bank of Halvard raised its main interest rate to 4.25% on Thursday, Governor Ilse Marquand said, citing inflation of 5.1% in February."},
	}
	rep, err := ClusterRecords(t.Context(), recs, ClusterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Articles != 4 || rep.GoldClusters != 2 {
		t.Fatalf("report %+v, want 4 articles in 2 events", rep)
	}
	if rep.B3F1 != 1 || rep.Clusters != 2 {
		t.Errorf("B3 F1 %.3f with %d clusters, want 1.0 with 2", rep.B3F1, rep.Clusters)
	}
}

// TestRunCluster_Bench scores the shared newswcl50 file when present.
func TestRunCluster_Bench(t *testing.T) {
	dir := os.Getenv("STORYLINE_BENCH")
	path := filepath.Join(dir, "cluster", "newswcl50.jsonl.gz")
	if _, err := os.Stat(path); dir == "" || err != nil {
		t.Skip("set STORYLINE_BENCH to the shared benchmarks folder to run this test")
	}
	rep, err := RunCluster(t.Context(), path, ClusterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.File != "newswcl50" || rep.Articles != 50 || rep.GoldClusters != 10 {
		t.Errorf("report %+v, want 50 articles in 10 events of newswcl50", rep)
	}
	if rep.B3F1 < 0.9 {
		t.Errorf("B3 F1 %.3f on newswcl50, want at least 0.9", rep.B3F1)
	}
}
