package synthesis

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/rouge"
)

// TestRankStudy measures claim ranking on the summarization benchmarks:
// each set's documents are one story, each document its own source; the
// first 100 words of each ranked list (agreed, single-source) are scored
// with ROUGE recall against the reference summaries, so a ranking that puts
// what the references say first scores higher. Weights are chosen on the
// even-numbered sets and reported on the odd ones, beside the order the
// comparison gives without ranking.
//
//	STORYLINE_BENCH=../shared/benchmarks STORYLINE_RANK_STUDY=1 go test ./internal/story/synthesis -run RankStudy -v
func TestRankStudy(t *testing.T) {
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" || os.Getenv("STORYLINE_RANK_STUDY") == "" {
		t.Skip("set STORYLINE_BENCH and STORYLINE_RANK_STUDY")
	}
	limit := 400
	if s := os.Getenv("STORYLINE_RANK_STUDY_SETS"); s != "" {
		limit, _ = strconv.Atoi(s)
	}
	configs := []rankWeights{}
	for _, c := range []float64{0, 0.25, 0.5, 0.75, 1} {
		for _, a := range []float64{0, 0.25, 0.5, 0.75, 1} {
			if l := 1 - c - a; l >= -1e-9 {
				configs = append(configs, rankWeights{central: c, agree: a, lead: max(0, l)})
			}
		}
	}
	ropt := rouge.Options{MaxN: 2, WordLimit: 100, Stem: true, Alpha: 0.5}
	for _, file := range []string{"duc2004", "multinews-val"} {
		sets := readSets(t, filepath.Join(dir, "summarize", file+".jsonl.gz"), limit)
		// sums[half][config][list][n]: ROUGE-n recall summed; config -1 is the unranked order.
		type acc struct {
			r      [2][2]float64
			sets   [2]int
			scored [2]int
		}
		results := make([][2]acc, len(configs)+1)
		for si, set := range sets {
			half := si % 2
			var arts []*news.Article
			for j, d := range eval.SummarizeDocs(set, true) {
				arts = append(arts, &news.Article{ID: int64(j + 1), Source: fmt.Sprintf("doc-%d", j+1), Body: d.Text})
			}
			if len(arts) < 2 {
				continue
			}
			sents := splitAll(arts)
			cmp := compare(arts, sents)
			r := newRanker(arts, sents)
			score := func(k int, lists [2][]news.Claim) {
				for li, list := range lists {
					if len(list) == 0 {
						continue
					}
					var b strings.Builder
					for _, c := range list {
						b.WriteString(c.Text)
						b.WriteString("\n")
					}
					sc := rouge.Evaluate(b.String(), set.References, ropt)
					a := &results[k][half]
					a.r[li][0] += sc[0].Recall
					a.r[li][1] += sc[1].Recall
					a.scored[li]++
				}
			}
			score(0, [2][]news.Claim{cmp.Agreed, cmp.SingleSource})
			for ci, w := range configs {
				r.w = w
				var lists [2][]news.Claim
				for li, l := range [][]news.Claim{cmp.Agreed, cmp.SingleSource} {
					l = slices.Clone(l)
					for i := range l {
						l[i].Score = r.score(&l[i])
					}
					slices.SortStableFunc(l, func(x, y news.Claim) int {
						switch {
						case x.Score > y.Score:
							return -1
						case x.Score < y.Score:
							return 1
						}
						return 0
					})
					lists[li] = l
				}
				score(ci+1, lists)
			}
		}
		name := func(k int) string {
			if k == 0 {
				return "unranked (comparison order)"
			}
			w := configs[k-1]
			return fmt.Sprintf("central %.2f agree %.2f lead %.2f", w.central, w.agree, w.lead)
		}
		mean := func(a acc) (ag1, ag2, si1, si2 float64) {
			f := func(s float64, n int) float64 {
				if n == 0 {
					return 0
				}
				return 100 * s / float64(n)
			}
			return f(a.r[0][0], a.scored[0]), f(a.r[0][1], a.scored[0]), f(a.r[1][0], a.scored[1]), f(a.r[1][1], a.scored[1])
		}
		// Choose on the even sets by the sum of the two lists' R-2, among
		// the weights that give agreement a say (at least 0.25: readers
		// are promised claims ranked by their number of sources too).
		best := defaultIndex(configs) + 1
		for k := 1; k < len(results); k++ {
			if configs[k-1].agree < 0.25 {
				continue
			}
			_, a2, _, s2 := mean(results[k][0])
			_, b2, _, t2 := mean(results[best][0])
			if a2+s2 > b2+t2 {
				best = k
			}
		}
		for _, k := range []int{0, best, defaultIndex(configs) + 1} {
			for half, hn := range []string{"choose (even sets)", "report (odd sets)"} {
				a1, a2, s1, s2 := mean(results[k][half])
				t.Logf("%-14s %-19s %-36s agreed R-1 %.2f R-2 %.2f (%d sets)  single R-1 %.2f R-2 %.2f (%d sets)",
					file, hn, name(k), a1, a2, results[k][half].scored[0], s1, s2, results[k][half].scored[1])
			}
		}
		if os.Getenv("STORYLINE_RANK_STUDY") == "all" {
			for k := range results {
				a1, a2, s1, s2 := mean(results[k][0])
				t.Logf("%s even %-36s %.2f %.2f %.2f %.2f", file, name(k), a1, a2, s1, s2)
			}
		}
	}
}

// defaultIndex returns the index of defaultWeights in configs, or -1.
func defaultIndex(configs []rankWeights) int {
	for i, w := range configs {
		if w == defaultWeights {
			return i
		}
	}
	return -1
}

func readSets(tb testing.TB, path string, limit int) []eval.SummarizeSet {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	var out []eval.SummarizeSet
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for sc.Scan() && (limit <= 0 || len(out) < limit) {
		var s eval.SummarizeSet
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			tb.Fatal(err)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
