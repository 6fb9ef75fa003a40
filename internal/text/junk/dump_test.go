package junk_test

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/benchmark"
	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/story/synthesis"
	"github.com/storyline-news/storyline/internal/text/sentence"
)

// TestDumpCandidates is a labelling aid, run once before the filter
// existed: it clusters benchmark files through the real pipeline and writes
// the claim and summary sentences of sampled stories, one per line as
// file, record id, sha256 and text, to $STORYLINE_JUNK_DUMP (outside the
// repository). The labels in testdata/labels.tsv were made from its output:
// the first set from the first stories of the order, the second (labelled
// after the rules were written) with STORYLINE_JUNK_DUMP_SKIP=100, the
// third with STORYLINE_JUNK_DUMP_SKIP=200 and STORYLINE_JUNK_DUMP_POOL=1
// (the filter's input rather than the comparison's output, which by then
// was filtered).
func TestDumpCandidates(t *testing.T) {
	dir, out := os.Getenv("STORYLINE_BENCH"), os.Getenv("STORYLINE_JUNK_DUMP")
	if dir == "" || out == "" {
		t.Skip("set STORYLINE_BENCH and STORYLINE_JUNK_DUMP")
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	for _, spec := range []struct {
		file    string
		stories int // stories sampled
		perArt  int // at most this many sentences per article
	}{
		{"gva-dev", 25, 12},
		{"ecbplus-dev", 8, 6},
		{"multinews-val-pool", 30, 3},
	} {
		recs, err := eval.ReadClusterFile(filepath.Join(dir, "cluster", spec.file+".jsonl.gz"))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := benchmark.ClusterRecords(t.Context(), recs, benchmark.ClusterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		byStory := map[string][]int{}
		for i, p := range rep.Predicted {
			byStory[p] = append(byStory[p], i)
		}
		var keys []string
		for k, v := range byStory {
			if len(v) >= 2 {
				keys = append(keys, k)
			}
		}
		// A fixed pseudo-random order of the stories.
		h := func(s string) uint64 { x := fnv.New64a(); x.Write([]byte(spec.file + s)); return x.Sum64() }
		slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(h(a), h(b)) })
		n := 0
		// STORYLINE_JUNK_DUMP_SKIP passes over the first stories of the
		// order, for a second sample of other stories.
		skip, _ := strconv.Atoi(os.Getenv("STORYLINE_JUNK_DUMP_SKIP"))
		for _, k := range keys[min(skip, len(keys)):] {
			if n >= spec.stories {
				break
			}
			var arts []*news.Article
			ext := map[int64]string{}
			for _, i := range byStory[k] {
				r := recs[i]
				a, err := pipeline.Prepare(ingest.Item{Origin: r.ID, ExternalID: r.ID, Title: r.Title, Text: r.Text, Date: r.Date, URL: r.URL, Source: r.Source})
				if err != nil {
					continue
				}
				a.ID = int64(i + 1)
				ext[a.ID] = r.ID
				arts = append(arts, a)
			}
			if len(arts) < 2 {
				continue
			}
			syn, err := (&synthesis.Synthesizer{}).Synthesize(t.Context(), nil, arts)
			if err != nil {
				t.Fatal(err)
			}
			var spans []news.Span
			for _, c := range append(syn.Comparison.Agreed, syn.Comparison.SingleSource...) {
				spans = append(spans, c.Spans[0])
			}
			for _, s := range syn.Summary {
				spans = append(spans, s.Span)
			}
			if pool := os.Getenv("STORYLINE_JUNK_DUMP_POOL") != ""; pool {
				// The filter's own input: the articles' sentences of four
				// words or more, unfiltered, in a fixed pseudo-random order.
				spans = spans[:0]
				for _, a := range arts {
					all := splitBody(a)
					all = slices.DeleteFunc(all, func(sp news.Span) bool { return len(strings.Fields(sp.Text)) < 4 })
					slices.SortFunc(all, func(x, y news.Span) int { return cmp.Compare(h(x.Text), h(y.Text)) })
					spans = append(spans, all[:min(len(all), spec.perArt)]...)
				}
			} else if len(syn.Comparison.Agreed)+len(syn.Comparison.SingleSource) == 0 {
				// One outlet (Multi-News has none): the claim pool is the
				// articles' sentences of eight words or more.
				for _, a := range arts {
					m := 0
					for _, sp := range splitBody(a) {
						if len(strings.Fields(sp.Text)) >= 8 && m < spec.perArt {
							spans = append(spans, sp)
							m++
						}
					}
				}
			}
			seen := map[string]bool{}
			for _, sp := range spans {
				sum := sha256.Sum256([]byte(sp.Text))
				key := hex.EncodeToString(sum[:])
				if seen[key] {
					continue
				}
				seen[key] = true
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", spec.file, ext[sp.ArticleID], key, strings.ReplaceAll(sp.Text, "\n", " "))
			}
			n++
		}
		t.Logf("%s: %d stories", spec.file, n)
	}

}

func splitBody(a *news.Article) []news.Span {
	spans := sentence.Split(a.Body)
	for i := range spans {
		spans[i].ArticleID = a.ID
	}
	return spans
}
