package cluster_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/eval"
)

// synthStream generates a deterministic stream of n articles about n/4
// events. Events belong to 40 topics (shared vocabulary), and each has its
// own people, place, numbers and rare words; its articles arrive over a
// few days, interleaved with other events. It returns the documents in
// arrival order and their gold events.
func synthStream(n int, seed uint64) ([]cluster.Doc, []string) {
	r := rand.New(rand.NewPCG(seed, 99))
	syll := []string{"ka", "lo", "mi", "ra", "tu", "ne", "so", "vi", "da", "pe", "gu", "ha", "zo", "li", "be", "fa", "ti", "mo", "ru", "se"}
	word := func(parts int) string {
		var b strings.Builder
		for range parts {
			b.WriteString(syll[r.IntN(len(syll))])
		}
		return b.String()
	}
	name := func() string {
		w := word(2 + r.IntN(2))
		return strings.ToUpper(w[:1]) + w[1:]
	}
	filler := strings.Fields("the a of to in and said on for with was at by from that have has it its after officials people reported local according new also about more than two three")
	common := make([]string, 300)
	for i := range common {
		common[i] = word(3)
	}
	topics := make([][]string, 40)
	for i := range topics {
		topics[i] = make([]string, 25)
		for j := range topics[i] {
			topics[i][j] = word(3)
		}
	}
	type event struct {
		topic  int
		people []string
		place  string
		nums   []int
		words  []string
		start  time.Time
	}
	nEvents := max(1, n/4)
	events := make([]event, nEvents)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range events {
		ev := event{topic: r.IntN(len(topics)), place: name(), start: t0.Add(time.Duration(i) * 10 * time.Minute)}
		for range 2 {
			ev.people = append(ev.people, name()+" "+name())
		}
		for range 3 {
			ev.nums = append(ev.nums, 2+r.IntN(500))
		}
		for range 12 {
			ev.words = append(ev.words, word(4))
		}
		events[i] = ev
	}
	type item struct {
		at  time.Time
		doc cluster.Doc
		ev  int
	}
	items := make([]item, 0, n)
	for len(items) < n {
		e := r.IntN(nEvents)
		ev := events[e]
		var b strings.Builder
		for s := range 6 + r.IntN(5) {
			for range 8 + r.IntN(8) {
				switch k := r.IntN(20); {
				case k < 7:
					b.WriteString(filler[r.IntN(len(filler))])
				case k < 10:
					b.WriteString(common[r.IntN(len(common))])
				case k < 13:
					b.WriteString(topics[ev.topic][r.IntN(len(topics[ev.topic]))])
				case k < 17:
					b.WriteString(ev.words[r.IntN(len(ev.words))])
				case k < 19:
					b.WriteString(ev.people[r.IntN(len(ev.people))])
				default:
					b.WriteString(strconv.Itoa(ev.nums[r.IntN(len(ev.nums))]))
				}
				b.WriteByte(' ')
			}
			if s == 0 {
				b.WriteString("in " + ev.place)
			}
			b.WriteString(". ")
		}
		body := b.String()
		body = strings.ToUpper(body[:1]) + body[1:]
		at := ev.start.Add(time.Duration(r.IntN(72)) * time.Hour)
		title := fmt.Sprintf("%s %s %s in %s", ev.people[0], topics[ev.topic][0], ev.words[0], ev.place)
		items = append(items, item{at, cluster.Doc{Title: title, Body: body, Published: at, Source: "synth"}, e})
	}
	// Arrival order is publication order.
	slices.SortStableFunc(items, func(a, b item) int { return a.at.Compare(b.at) })
	docs := make([]cluster.Doc, n)
	gold := make([]string, n)
	for i, it := range items {
		it.doc.ID = int64(i + 1)
		docs[i] = it.doc
		gold[i] = strconv.Itoa(it.ev)
	}
	return docs, gold
}

func runEngine(docs []cluster.Doc) (*cluster.Engine, []string) {
	return runEngineWith(cluster.DefaultConfig(), docs)
}

func runEngineWith(cfg cluster.Config, docs []cluster.Doc) (*cluster.Engine, []string) {
	e := cluster.New(cfg)
	for i := 0; i < len(docs); i += benchBatch {
		e.AddBatch(docs[i:min(i+benchBatch, len(docs))], 0)
	}
	pred := make([]string, len(docs))
	for i, d := range docs {
		s, _ := e.StoryOf(d.ID)
		pred[i] = strconv.FormatInt(s, 10)
	}
	return e, pred
}

func TestSynthStream(t *testing.T) {
	t.Parallel()
	docs, gold := synthStream(2000, 1)
	_, pred := runEngine(docs)
	s := eval.ClusterScores(gold, pred)
	t.Logf("synthetic stream: %s", s)
	if s.B3F1 < 0.9 {
		t.Errorf("synthetic stream B3 F1 = %.3f, want >= 0.9", s.B3F1)
	}
}

// BenchmarkEngine clusters synthetic streams of 10,000 and 100,000
// articles (and 1,000,000 with STORYLINE_BENCH_1M set), reporting
// articles per second and the live heap after the run; the "nosplit"
// runs leave the re-checks' split out, to show what it costs.
//
//	go test ./internal/cluster -run XXX -bench Engine -benchtime 1x
func BenchmarkEngine(b *testing.B) {
	// Check the answer first.
	docs, gold := synthStream(2000, 1)
	if _, pred := runEngine(docs); eval.ClusterScores(gold, pred).B3F1 < 0.9 {
		b.Fatalf("synthetic stream clustered badly: %s", eval.ClusterScores(gold, pred))
	}
	sizes := []int{10_000, 100_000}
	if os.Getenv("STORYLINE_BENCH_1M") != "" {
		sizes = append(sizes, 1_000_000)
	}
	noSplit := cluster.DefaultConfig()
	noSplit.SplitThreshold = 0
	type run struct {
		name string
		n    int
		cfg  cluster.Config
	}
	var runs []run
	for _, n := range sizes {
		runs = append(runs, run{fmt.Sprintf("n=%d", n), n, cluster.DefaultConfig()})
		if n <= 100_000 {
			runs = append(runs, run{fmt.Sprintf("n=%d/nosplit", n), n, noSplit})
		}
	}
	for _, r := range runs {
		n := r.n
		b.Run(r.name, func(b *testing.B) {
			docs, _ := synthStream(n, 2)
			b.ReportAllocs()
			var e *cluster.Engine
			start := time.Now()
			runs := 0
			for b.Loop() {
				e, _ = runEngineWith(r.cfg, docs)
				runs++
			}
			elapsed := time.Since(start)
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(n*runs)/elapsed.Seconds(), "articles/s")
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB")
			runtime.KeepAlive(e)
			runtime.KeepAlive(docs)
		})
	}
}

// TestRestore_PendingRecheck checks that an engine warmed from stored
// assignments re-checks the stories a stopped engine had not re-checked
// yet, and ends with the same stories. Articles join only near-copies here
// (a high join threshold), so that re-checks have stories to merge.
func TestRestore_PendingRecheck(t *testing.T) {
	t.Parallel()
	cfg := cluster.DefaultConfig()
	cfg.Threshold = 0.9
	docs, _ := synthStream(1000, 3)
	docs = docs[:950] // not a multiple of the re-check period
	a := cluster.New(cfg)
	dup := map[int64]int64{}
	for _, d := range docs {
		dup[d.ID] = a.Add(d).DuplicateOf
	}
	if len(a.TakeMerges()) == 0 {
		t.Fatal("periodic re-checks merged nothing")
	}
	story := map[int64]int64{}
	for _, d := range docs {
		story[d.ID], _ = a.StoryOf(d.ID)
	}
	a.Recheck()
	if len(a.TakeMerges()) == 0 {
		t.Fatal("the final re-check merged nothing")
	}

	b := cluster.New(cfg)
	for _, d := range docs {
		b.Restore(d, story[d.ID], dup[d.ID])
	}
	b.Recheck()
	if len(b.TakeMerges()) == 0 {
		t.Fatal("the restored engine's final re-check merged nothing")
	}
	// The merges may come in another order (the restored postings do
	// not hold merged stories), but the stories must be the same.
	diff := 0
	for _, d := range docs {
		sa, _ := a.StoryOf(d.ID)
		sb, _ := b.StoryOf(d.ID)
		if sa != sb {
			diff++
		}
	}
	if diff > 0 {
		t.Errorf("%d of %d articles in another story after the restored engine's final re-check", diff, len(docs))
	}
}
