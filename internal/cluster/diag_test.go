package cluster

import (
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/eval"
)

// devConfig returns DefaultConfig with overrides from the JSON in
// STORYLINE_CLUSTER_CONFIG, for parameter studies.
func devConfig(tb testing.TB) Config {
	cfg := DefaultConfig()
	if s := os.Getenv("STORYLINE_CLUSTER_CONFIG"); s != "" {
		if err := json.Unmarshal([]byte(s), &cfg); err != nil {
			tb.Fatal(err)
		}
	}
	return cfg
}

// diagFiles reads the shared clustering files for a development aid, or
// skips the test unless STORYLINE_BENCH and STORYLINE_DIAG are set. It
// yields each file's name and records.
func diagFiles(t *testing.T) iter.Seq2[string, []eval.ClusterRecord] {
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" || os.Getenv("STORYLINE_DIAG") == "" {
		t.Skip("set STORYLINE_BENCH and STORYLINE_DIAG")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cluster", "*.jsonl.gz"))
	return func(yield func(string, []eval.ClusterRecord) bool) {
		for _, path := range files {
			recs, err := eval.ReadClusterFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !yield(strings.TrimSuffix(filepath.Base(path), ".jsonl.gz"), recs) {
				return
			}
		}
	}
}

// TestScoreSeparation is a development aid: with gold stories restored, it
// reports how well the score separates an article's true story from the
// best wrong one.
func TestScoreSeparation(t *testing.T) {
	for name, recs := range diagFiles(t) {
		e := New(devConfig(t))
		first := map[string]int64{}
		var trueS, falseS []float64
		miss := 0
		for i, r := range recs {
			d := Doc{ID: int64(i + 1), Title: r.Title, Body: r.Text}
			if tm, err := time.Parse("2006-01-02", r.Date); err == nil {
				d.Published = tm
			}
			f := e.x.extract(&e.cfg, d)
			ai := e.addArticle(d, f)
			_, _ = e.dd.AddSketch(d.ID, f.sketch)
			// score all candidates
			e.rankTerms(ai)
			e.candidates(e.articles[ai].query, -1)
			gs, has := first[r.Event]
			bestT, bestF := 0.0, 0.0
			found := false
			for _, s := range e.acc.touched {
				if e.acc.v[s] == 0 {
					continue // folded into its survivor
				}
				sc := e.score(ai, s)
				if has && e.stories[s].id == gs {
					bestT, found = sc, true
				} else if sc > bestF {
					bestF = sc
				}
			}
			if has && !found {
				miss++
			}
			if has {
				trueS = append(trueS, bestT)
			}
			falseS = append(falseS, bestF)
			if !has {
				first[r.Event] = d.ID
				e.join(ai, e.newStory(d.ID), nil)
			} else {
				e.join(ai, e.storyIdx[gs], nil)
			}
		}
		slices.Sort(trueS)
		slices.Sort(falseS)
		q := func(x []float64) string {
			var b strings.Builder
			for _, p := range []float64{0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99} {
				if len(x) > 0 {
					fmt.Fprintf(&b, " %.2f", x[int(p*float64(len(x)-1))])
				}
			}
			return b.String()
		}
		t.Logf("%-20s true(n=%d, not-candidate=%d):%s", name, len(trueS), miss, q(trueS))
		t.Logf("%-20s bestwrong(n=%d):%s", name, len(falseS), q(falseS))
	}
}
