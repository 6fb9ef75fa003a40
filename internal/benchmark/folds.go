package benchmark

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
)

// FoldOptions controls [CrossValidate].
type FoldOptions struct {
	// K is the number of folds (at least 2).
	K int
	// Base is the engine configuration whose tuned values the grid
	// varies; the zero value means cluster.DefaultConfig().
	Base *cluster.Config
	// Grid lists the engine configurations among which each fold's
	// training folds choose; nil means [DefaultGrid] of Base.
	Grid []Variant
	// Baseline lists the thresholds among which the training folds
	// choose the baseline's; nil means DefaultBaselineThresholds.
	Baseline []float64
	// Workers is the number of clusterings run at once; 0 means
	// GOMAXPROCS.
	Workers int
}

// Variant is one engine configuration of a grid, with a short name.
type Variant struct {
	Name   string         `json:"name"`
	Config cluster.Config `json:"-"`
}

// DefaultGrid is the grid [CrossValidate] tunes on the training folds:
// the join threshold and the re-check merge threshold around base's. The
// base's own pair comes first, so that training folds that cannot tell
// the options apart (ties go to the first) keep it.
func DefaultGrid(base cluster.Config) []Variant {
	out := []Variant{variant(base, base.Threshold, base.MergeThreshold)}
	for _, t := range []float64{0.07, 0.10, 0.13, 0.16, 0.20, 0.25} {
		for _, m := range []float64{0.10, 0.13, 0.16} {
			if t != base.Threshold || m != base.MergeThreshold {
				out = append(out, variant(base, t, m))
			}
		}
	}
	return out
}

func variant(base cluster.Config, join, merge float64) Variant {
	c := base
	c.Threshold, c.MergeThreshold = join, merge
	return Variant{Name: fmt.Sprintf("join %.2f merge %.2f", join, merge), Config: c}
}

// DefaultBaselineThresholds are the average-link thresholds the baseline
// chooses from.
var DefaultBaselineThresholds = []float64{0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60}

// Fold is one held-out fold's result.
type Fold struct {
	Fold      int         `json:"fold"`
	Articles  int         `json:"articles"`
	Events    int         `json:"events"`
	Chosen    string      `json:"chosen"`      // the engine variant the other folds chose
	TrainF1   float64     `json:"train_b3_f1"` // its mean B-cubed F1 on them
	Engine    eval.Scores `json:"engine"`      // on this fold
	BaselineT float64     `json:"baseline_threshold"`
	Baseline  eval.Scores `json:"baseline"`
}

// FoldReport is the result of [CrossValidate] on one file.
type FoldReport struct {
	File  string `json:"file"`
	K     int    `json:"k"`
	Split string `json:"split"` // how events were grouped into folds
	Folds []Fold `json:"folds"`
	// Mean and SD are over folds, of the held-out B-cubed F1.
	EngineMean   float64 `json:"engine_b3_f1_mean"`
	EngineSD     float64 `json:"engine_b3_f1_sd"`
	BaselineMean float64 `json:"baseline_b3_f1_mean"`
	BaselineSD   float64 `json:"baseline_b3_f1_sd"`
	// Pooled scores every held-out article at once (clusters never span
	// folds, since each fold is clustered on its own).
	EnginePooled   eval.Scores `json:"engine_pooled"`
	BaselinePooled eval.Scores `json:"baseline_pooled"`
}

// AssignFolds puts every record in one of k folds, keeping each event
// group whole. Records with a topic (ECB+) are grouped by topic, topics
// dealt round-robin in order of first appearance. Other records are
// grouped by event, and events, in order of their first article (the
// file's order, which is date order where there are dates), are cut into
// k consecutive ranges of about equal numbers of articles: each fold is a
// stretch of time, as dense with events as the file. It returns each
// record's fold and a description of the split.
func AssignFolds(recs []eval.ClusterRecord, k int) ([]int, string) {
	fold := make([]int, len(recs))
	if k < 2 || len(recs) == 0 {
		return fold, "one fold"
	}
	topics := true
	for _, r := range recs {
		if r.Topic == "" {
			topics = false
			break
		}
	}
	if topics {
		of := map[string]int{}
		for i, r := range recs {
			f, ok := of[r.Topic]
			if !ok {
				f = len(of) % k
				of[r.Topic] = f
			}
			fold[i] = f
		}
		return fold, "by topic"
	}
	// Events in order of first appearance, with their sizes.
	first := map[string]int{}
	var order []string
	size := map[string]int{}
	for _, r := range recs {
		if _, ok := first[r.Event]; !ok {
			first[r.Event] = len(order)
			order = append(order, r.Event)
		}
		size[r.Event]++
	}
	of := make(map[string]int, len(order))
	seen := 0
	for _, ev := range order {
		// The fold is set by how many articles came before the event's
		// own, so folds hold about len/k articles each.
		of[ev] = min(k-1, seen*k/len(recs))
		seen += size[ev]
	}
	for i, r := range recs {
		fold[i] = of[r.Event]
	}
	return fold, "by event, in file order"
}

// preparedRecord is a record prepared as `storyline ingest` would, once,
// so that many configurations can cluster it.
type preparedRecord struct {
	art  *news.Article // nil: nothing left after cleaning
	key  string        // content hash; a later record with the same key, or the same URL, is not stored again
	url  string
	text string // title and text as given, for the baseline
}

// prepareRecords prepares recs on up to workers goroutines.
func prepareRecords(ctx context.Context, recs []eval.ClusterRecord, workers int) ([]preparedRecord, error) {
	out := make([]preparedRecord, len(recs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				r := recs[i]
				p := preparedRecord{text: r.Title + "\n\n" + r.Text}
				a, err := pipeline.Prepare(ingest.Item{Origin: "record " + strconv.Itoa(i+1), ExternalID: strconv.Itoa(i),
					Title: r.Title, Text: r.Text, Date: r.Date, URL: r.URL, Source: r.Source})
				if err == nil {
					p.art, p.key, p.url = a, a.ContentHash, a.URL
				}
				out[i] = p
			}
		})
	}
	for i := range recs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return out, ctx.Err()
}

// engineLabels clusters the records idx (in that order) with a fresh
// engine, as the pipeline does: a record whose content or URL an earlier
// one already had joins that one's story, and stories are re-checked at
// the end. It returns each record's story label.
func engineLabels(cfg cluster.Config, prep []preparedRecord, idx []int) []string {
	e := cluster.New(cfg)
	same := make([]int, len(idx)) // position of the stored copy, or -1
	seen := map[string]int{}
	for p, i := range idx {
		same[p] = -1
		r := prep[i]
		if r.art == nil {
			continue
		}
		if j, ok := seen["h"+r.key]; ok {
			same[p] = j
			continue
		}
		if r.url != "" {
			if j, ok := seen["u"+r.url]; ok {
				same[p] = j
				continue
			}
			seen["u"+r.url] = p
		}
		seen["h"+r.key] = p
		a := r.art
		e.Add(cluster.Doc{ID: int64(p + 1), Title: a.Title, Body: a.Body, Published: a.Published, Source: a.Source, Language: a.Language})
	}
	e.Recheck()
	out := make([]string, len(idx))
	for p, i := range idx {
		q := p
		if same[p] >= 0 {
			q = same[p]
		}
		if s, ok := e.StoryOf(int64(q + 1)); ok && prep[i].art != nil {
			out[p] = strconv.FormatInt(s, 10)
		} else {
			out[p] = "unstored-" + strconv.Itoa(p)
		}
	}
	return out
}

// CrossValidate splits recs into opt.K folds of whole event groups (see
// [AssignFolds]) and, for each fold, chooses the engine variant of the
// grid and the baseline's threshold with the best mean B-cubed F1 on the
// other folds, then scores both on the held-out fold. Every fold is
// clustered on its own, in file order, so a fold's score never depends on
// another fold's articles; gold labels are read only for scoring.
func CrossValidate(ctx context.Context, recs []eval.ClusterRecord, opt FoldOptions) (FoldReport, error) {
	if opt.K < 2 {
		return FoldReport{}, fmt.Errorf("benchmark: cross-validate: need at least 2 folds, have %d", opt.K)
	}
	base := cluster.DefaultConfig()
	if opt.Base != nil {
		base = *opt.Base
	}
	grid := opt.Grid
	if grid == nil {
		grid = DefaultGrid(base)
	}
	bgrid := opt.Baseline
	if bgrid == nil {
		bgrid = DefaultBaselineThresholds
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	foldOf, split := AssignFolds(recs, opt.K)
	members := make([][]int, opt.K)
	for i, f := range foldOf {
		members[f] = append(members[f], i)
	}
	for f, m := range members {
		if len(m) == 0 {
			return FoldReport{}, fmt.Errorf("benchmark: cross-validate: fold %d is empty (%d event groups for %d folds?)", f+1, len(recs), opt.K)
		}
	}
	prep, err := prepareRecords(ctx, recs, workers)
	if err != nil {
		return FoldReport{}, fmt.Errorf("benchmark: cross-validate: %w", err)
	}
	gold := func(idx []int) []string {
		g := make([]string, len(idx))
		for p, i := range idx {
			g[p] = recs[i].Event
		}
		return g
	}

	// Every (fold, variant) clustering, and every fold's dendrogram.
	labels := make([][][]string, opt.K)    // fold, variant -> labels
	scores := make([][]eval.Scores, opt.K) // fold, variant
	bscores := make([][]eval.Scores, opt.K)
	blabels := make([][][]string, opt.K)
	for f := range opt.K {
		labels[f] = make([][]string, len(grid))
		scores[f] = make([]eval.Scores, len(grid))
		bscores[f] = make([]eval.Scores, len(bgrid))
		blabels[f] = make([][]string, len(bgrid))
	}
	type job struct{ f, v int } // v < 0: the baseline
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				idx := members[j.f]
				if j.v >= 0 {
					l := engineLabels(grid[j.v].Config, prep, idx)
					labels[j.f][j.v] = l
					scores[j.f][j.v] = eval.ClusterScores(gold(idx), l)
					continue
				}
				texts := make([]string, len(idx))
				for p, i := range idx {
					texts[p] = prep[i].text
				}
				ag := NewAgglomerative(texts)
				for b, t := range bgrid {
					cut := ag.Cut(t)
					l := make([]string, len(cut))
					for p, c := range cut {
						l[p] = strconv.Itoa(c)
					}
					blabels[j.f][b] = l
					bscores[j.f][b] = eval.ClusterScores(gold(idx), l)
				}
			}
		})
	}
	for f := range opt.K {
		for v := -1; v < len(grid); v++ {
			if ctx.Err() != nil {
				break
			}
			jobs <- job{f, v}
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return FoldReport{}, err
	}

	rep := FoldReport{K: opt.K, Split: split}
	pooledGold := make([]string, len(recs))
	enginePred := make([]string, len(recs))
	basePred := make([]string, len(recs))
	var ef, bf []float64
	for f := range opt.K {
		v, vf := chooseOnOthers(f, opt.K, len(grid), func(g, v int) float64 { return scores[g][v].B3F1 })
		b, _ := chooseOnOthers(f, opt.K, len(bgrid), func(g, b int) float64 { return bscores[g][b].B3F1 })
		fr := Fold{Fold: f + 1, Articles: len(members[f]), Events: scores[f][v].GoldClusters,
			Chosen: grid[v].Name, TrainF1: vf, Engine: scores[f][v], BaselineT: bgrid[b], Baseline: bscores[f][b]}
		rep.Folds = append(rep.Folds, fr)
		ef = append(ef, fr.Engine.B3F1)
		bf = append(bf, fr.Baseline.B3F1)
		for p, i := range members[f] {
			pooledGold[i] = recs[i].Event
			enginePred[i] = strconv.Itoa(f) + "/" + labels[f][v][p]
			basePred[i] = strconv.Itoa(f) + "/" + blabels[f][b][p]
		}
	}
	rep.EngineMean, rep.EngineSD = meanSD(ef)
	rep.BaselineMean, rep.BaselineSD = meanSD(bf)
	rep.EnginePooled = eval.ClusterScores(pooledGold, enginePred)
	rep.BaselinePooled = eval.ClusterScores(pooledGold, basePred)
	return rep, nil
}

// RunFolds is [CrossValidate] over a benchmark file.
func RunFolds(ctx context.Context, path string, opt FoldOptions) (FoldReport, error) {
	recs, err := eval.ReadClusterFile(path)
	if err != nil {
		return FoldReport{}, err
	}
	rep, err := CrossValidate(ctx, recs, opt)
	rep.File = strings.TrimSuffix(filepath.Base(path), ".jsonl.gz")
	return rep, err
}

// chooseOnOthers returns the option (of n) with the best mean score over
// the k folds but held, and that mean; ties go to the first option.
func chooseOnOthers(held, k, n int, score func(fold, option int) float64) (int, float64) {
	best, bestMean := 0, math.Inf(-1)
	for o := range n {
		var sum float64
		for f := range k {
			if f != held {
				sum += score(f, o)
			}
		}
		if m := sum / float64(k-1); m > bestMean {
			best, bestMean = o, m
		}
	}
	return best, bestMean
}

// meanSD returns the mean and the sample standard deviation of xs.
func meanSD(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	m := sum / float64(len(xs))
	if len(xs) < 2 {
		return m, 0
	}
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	return m, math.Sqrt(ss / float64(len(xs)-1))
}
