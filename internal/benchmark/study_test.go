package benchmark

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster"
)

// TestClusterStudy is a development aid for parameter studies: with
// STORYLINE_DIAG set it runs every shared clustering file through the
// pipeline with DefaultConfig overridden by the JSON in
// STORYLINE_CLUSTER_CONFIG and logs the scores. Any change of the default
// must hold on all files (and on held-out data), not fit one.
func TestClusterStudy(t *testing.T) {
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" || os.Getenv("STORYLINE_DIAG") == "" {
		t.Skip("set STORYLINE_BENCH and STORYLINE_DIAG")
	}
	cfg := cluster.DefaultConfig()
	if s := os.Getenv("STORYLINE_CLUSTER_CONFIG"); s != "" {
		if err := json.Unmarshal([]byte(s), &cfg); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cluster", "*.jsonl.gz"))
	sum := 0.0
	for _, path := range files {
		rep, err := RunCluster(t.Context(), path, ClusterOptions{Config: &cfg})
		if err != nil {
			t.Fatal(err)
		}
		sum += rep.B3F1
		t.Logf("%-20s B3 P %.3f R %.3f F1 %.3f  pair F1 %.3f  clusters %d (%d)", strings.TrimSuffix(filepath.Base(path), ".jsonl.gz"),
			rep.B3Precision, rep.B3Recall, rep.B3F1, rep.PairF1, rep.Clusters, rep.GoldClusters)
	}
	t.Logf("mean B3 F1 %.4f", sum/float64(len(files)))
}
