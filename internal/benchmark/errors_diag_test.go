package benchmark

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/storyline-news/storyline/internal/eval"
)

// TestClusterErrors is a development aid: it prints, for the file named in
// STORYLINE_DIAG_FILE, every predicted story that mixes gold events and
// every gold event split over stories, with the articles' headlines.
func TestClusterErrors(t *testing.T) {
	dir, name := os.Getenv("STORYLINE_BENCH"), os.Getenv("STORYLINE_DIAG_FILE")
	if dir == "" || name == "" {
		t.Skip("set STORYLINE_BENCH and STORYLINE_DIAG_FILE")
	}
	recs, err := eval.ReadClusterFile(filepath.Join(dir, "cluster", name+".jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ClusterRecords(t.Context(), recs, ClusterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	byPred := map[string][]int{}
	byGold := map[string][]int{}
	for i, r := range recs {
		byPred[rep.Predicted[i]] = append(byPred[rep.Predicted[i]], i)
		byGold[r.Event] = append(byGold[r.Event], i)
	}
	head := func(i int) string {
		r := recs[i]
		s := r.Title
		if s == "" {
			s = r.Text
		}
		if len(s) > 90 {
			s = s[:90]
		}
		return fmt.Sprintf("%5d %-22s %s %q", i, r.Event, r.Date, s)
	}
	keys := func(m map[string][]int) []string {
		var k []string
		for x := range m {
			k = append(k, x)
		}
		slices.SortFunc(k, func(a, b string) int { return m[a][0] - m[b][0] })
		return k
	}
	fmt.Println("== mixed stories")
	for _, p := range keys(byPred) {
		ev := map[string]bool{}
		for _, i := range byPred[p] {
			ev[recs[i].Event] = true
		}
		if len(ev) < 2 {
			continue
		}
		fmt.Printf("story %s (%d articles, %d events)\n", p, len(byPred[p]), len(ev))
		for _, i := range byPred[p] {
			fmt.Println("   ", head(i), rep.Predicted[i])
		}
	}
	fmt.Println("== split events")
	for _, g := range keys(byGold) {
		st := map[string]bool{}
		for _, i := range byGold[g] {
			st[rep.Predicted[i]] = true
		}
		if len(st) < 2 {
			continue
		}
		fmt.Printf("event %s (%d articles, %d stories)\n", g, len(byGold[g]), len(st))
		for _, i := range byGold[g] {
			fmt.Println("   ", head(i), rep.Predicted[i])
		}
	}
}
