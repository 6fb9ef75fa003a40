package extract_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/web/extract"
)

// studyFamilies are the extraction benchmark folders the study reads.
var studyFamilies = []string{"extract", "extract-wcxb"}

// half puts a page in half 0 or 1 by a hash of its id.
func half(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % 2)
}

// TestStudyRules measures each of Storyline's rules over go-trafilatura
// by removing it alone (or adding a candidate), on both benchmark
// families, whole and in two halves split by a hash of the page id. It
// is a study, not a check: it runs only when STORYLINE_STUDY is set (to
// a space-separated list of variants, or "1" for the standard list; see
// extract.WithRules) and STORYLINE_BENCH names the benchmarks folder.
//
//	STORYLINE_STUDY=1 STORYLINE_BENCH=../../../shared/benchmarks go test -run StudyRules -v -timeout 1h ./internal/web/extract
func TestStudyRules(t *testing.T) {
	study, root := os.Getenv("STORYLINE_STUDY"), os.Getenv("STORYLINE_BENCH")
	if study == "" || root == "" {
		t.Skip("set STORYLINE_STUDY and STORYLINE_BENCH to run the rule study")
	}
	variants := strings.Fields(study)
	if study == "1" {
		variants = []string{"baseline", "default", "-render", "-headlines", "-furnitureTail",
			"-fallback", "-allLinks", "-excludeComments", "precision", "linkParas", "dedupe", "alwaysFallback"}
	}
	type extractor interface {
		ExtractHTML(ctx context.Context, page []byte, pageURL, contentType string) (*extract.Page, error)
	}
	exs := make([]extractor, len(variants))
	for i, v := range variants {
		if v == "baseline" {
			exs[i] = extract.NewBaseline()
			continue
		}
		spec := v
		if v == "default" {
			spec = ""
		}
		ex, err := extract.WithRules(spec)
		if err != nil {
			t.Fatal(err)
		}
		exs[i] = ex
	}
	// scores[family][variant][half] holds per-page counts.
	fmt.Printf("%-40s", "variant")
	for _, fam := range studyFamilies {
		fmt.Printf(" | %-32s", fam+" P / R / F1")
		fmt.Printf(" %-6s %-6s", "F1 h0", "F1 h1")
	}
	fmt.Println()
	all := make([][][2][]eval.ShingleCounts, len(studyFamilies))
	for fi, fam := range studyFamilies {
		pages, err := eval.ReadExtractDir(filepath.Join(root, fam))
		if err != nil {
			t.Skipf("no benchmark: %v", err)
		}
		res := make([][2][]eval.ShingleCounts, len(variants))
		var mu sync.Mutex
		var wg sync.WaitGroup
		work := make(chan int)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for pi := range work {
					pg := pages[pi]
					for vi, ex := range exs {
						text := ""
						if p, err := ex.ExtractHTML(t.Context(), pg.HTML, pg.Truth.URL, ""); err == nil {
							text = p.Text
						}
						c := eval.ShingleMatch(pg.Truth.ArticleBody, text)
						mu.Lock()
						h := half(pg.ID)
						res[vi][h] = append(res[vi][h], c)
						mu.Unlock()
					}
				}
			})
		}
		for pi := range pages {
			work <- pi
		}
		close(work)
		wg.Wait()
		all[fi] = res
	}
	for vi, v := range variants {
		fmt.Printf("%-40s", v)
		for fi := range studyFamilies {
			r := all[fi][vi]
			p, rc, f := eval.ExtractScores(append(append([]eval.ShingleCounts(nil), r[0]...), r[1]...))
			_, _, f0 := eval.ExtractScores(r[0])
			_, _, f1 := eval.ExtractScores(r[1])
			fmt.Printf(" | %.4f / %.4f / %.4f      %.4f %.4f", p, rc, f, f0, f1)
		}
		fmt.Println()
	}
}
