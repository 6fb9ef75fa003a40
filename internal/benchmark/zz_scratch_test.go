package benchmark

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/storyline-news/storyline/internal/eval"
)

func TestZZScratch(t *testing.T) {
	path := os.Getenv("ZZ_FILE")
	if path == "" {
		t.Skip()
	}
	recs, _ := eval.ReadClusterFile(path)
	rep, err := ClusterRecords(context.Background(), recs, ClusterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	comp := map[string]map[string]int{}
	for i, r := range recs {
		p := rep.Predicted[i]
		if comp[p] == nil {
			comp[p] = map[string]int{}
		}
		comp[p][r.Event]++
	}
	var keys []string
	for k := range comp {
		if len(comp[k]) > 1 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k, comp[k])
	}
	fmt.Println(rep.Scores)
	maj := map[string]string{}
	for k, m := range comp {
		best, bn := "", -1
		for g, n := range m {
			if n > bn || (n == bn && g < best) {
				best, bn = g, n
			}
		}
		maj[k] = best
	}
	gold := make([]string, len(recs))
	or := make([]string, len(recs))
	for i, r := range recs {
		gold[i] = r.Event
		or[i] = maj[rep.Predicted[i]]
	}
	fmt.Println("oracle", eval.ClusterScores(gold, or))
}
