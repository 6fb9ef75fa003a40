package cluster_test

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/eval"
)

// benchDir returns the benchmark folder named by STORYLINE_BENCH, or skips.
func benchDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" {
		tb.Skip("set STORYLINE_BENCH to the benchmarks folder to run")
	}
	return dir
}

// recordDocs converts benchmark records to engine documents with IDs 1..n.
func recordDocs(recs []eval.ClusterRecord) []cluster.Doc {
	docs := make([]cluster.Doc, len(recs))
	for i, r := range recs {
		d := cluster.Doc{ID: int64(i + 1), Title: r.Title, Body: r.Text, Source: r.Source, Language: "en"}
		if t, err := time.Parse("2006-01-02", r.Date); err == nil {
			d.Published = t
		}
		docs[i] = d
	}
	return docs
}

// benchBatch is the number of articles handed to AddBatch at a time, as a
// pipeline batch would.
const benchBatch = 256

// TestBenchmarkFiles clusters every file of $STORYLINE_BENCH/cluster with
// the default configuration and logs the scores:
//
//	STORYLINE_BENCH=/work/shared/benchmarks go test ./internal/cluster -run TestBenchmarkFiles -v
func TestBenchmarkFiles(t *testing.T) {
	dir := benchDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "cluster", "*.jsonl.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cluster files in %s: %v", dir, err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".jsonl.gz")
		t.Run(name, func(t *testing.T) {
			recs, err := eval.ReadClusterFile(path)
			if err != nil {
				t.Fatal(err)
			}
			docs := recordDocs(recs)
			gold := make([]string, len(recs))
			for i, r := range recs {
				gold[i] = r.Event
			}
			e := cluster.New(cluster.DevConfig(t))
			start := time.Now()
			firstOf := map[string]int{}
			var decs []cluster.Decision
			for i := 0; i < len(docs); i += benchBatch {
				decs = append(decs, e.AddBatch(docs[i:min(i+benchBatch, len(docs))], 0)...)
			}
			elapsed := time.Since(start)
			for i, d := range docs {
				dec := decs[i]
				if os.Getenv("STORYLINE_DIAG") == "3" {
					ev := recs[i].Event
					if f, ok := firstOf[ev]; ok && dec.New {
						ex, _ := e.Explain(d.ID)
						t.Logf("MISS %.3f (runner %d %.3f) %.70q\n        want %.70q", dec.Score, ex.RunnerUp, ex.RunnerUpScore, d.Title+" | "+d.Body, docs[f].Title+" | "+docs[f].Body)
					} else if !dec.New && recs[dec.StoryID-1].Event != ev {
						t.Logf("WRONG %.3f dup=%d %.70q\n        got %.70q", dec.Score, dec.DuplicateOf, d.Title+" | "+d.Body, docs[dec.StoryID-1].Title+" | "+docs[dec.StoryID-1].Body)
					}
					if _, ok := firstOf[ev]; !ok {
						firstOf[ev] = i
					}
				}
			}
			pred := make([]string, len(docs))
			for i, d := range docs {
				s, _ := e.StoryOf(d.ID)
				pred[i] = strconv.FormatInt(s, 10)
			}
			s := eval.ClusterScores(gold, pred)
			t.Logf("%-20s %s articles/s=%.0f", name, s, float64(len(docs))/elapsed.Seconds())
			// The same without the re-checks' later merges: each article
			// labelled with the story it was given on arrival.
			arrival := make([]string, len(docs))
			for i, d := range decs {
				arrival[i] = strconv.FormatInt(d.StoryID, 10)
			}
			t.Logf("%-20s at arrival: %s", name, eval.ClusterScores(gold, arrival))
			if os.Getenv("STORYLINE_DIAG") != "" {
				logBigClusters(t, recs, pred)
			}
		})
	}
}

// logBigClusters logs the largest predicted clusters with their gold
// events, for error analysis.
func logBigClusters(t *testing.T, recs []eval.ClusterRecord, pred []string) {
	members := map[string][]int{}
	for i, p := range pred {
		members[p] = append(members[p], i)
	}
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return len(members[b]) - len(members[a]) })
	for _, k := range keys[:min(8, len(keys))] {
		ev := map[string]int{}
		for _, i := range members[k] {
			ev[recs[i].Event]++
		}
		i := members[k][0]
		t.Logf("  cluster %s: %d articles, %d events; first: %.80q", k, len(members[k]), len(ev), recs[i].Title+" | "+recs[i].Text)
		if os.Getenv("STORYLINE_DIAG") == "2" {
			for _, i := range members[k][:min(12, len(members[k]))] {
				t.Logf("      %s %.100q", recs[i].Event, recs[i].Title+" | "+recs[i].Text)
			}
		}
	}
}
