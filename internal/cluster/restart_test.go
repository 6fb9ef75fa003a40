package cluster

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/eval"
)

// partition maps each article to its current story.
func partition(e *Engine, docs []Doc) map[int64]int64 {
	out := make(map[int64]int64, len(docs))
	for _, d := range docs {
		s, _ := e.StoryOf(d.ID)
		out[d.ID] = s
	}
	return out
}

// runWithRestart adds docs in batches of batch articles, as the pipeline
// commits them, and re-checks after the last; after the batch that ends
// at cut it throws the engine away and warms a new one from what was
// committed, as a process killed there and run again does: each article
// restored into the story it joined on arrival, with its original, and
// the re-checks' merges and splits replayed at their positions. cut 0
// means no restart.
func runWithRestart(cfg Config, docs []Doc, batch, cut int) map[int64]int64 {
	e := New(cfg)
	dup := map[int64]int64{}
	joined := map[int64]int64{}
	type op struct {
		pos   int
		merge *Merge
		split *Split
	}
	var ops []op
	take := func() {
		ms, ss := e.TakeMerges(), e.TakeSplits()
		// Splits come before the merges after them (Split.After).
		next := 0
		for i := range ms {
			for ; next < len(ss) && ss[next].After <= i; next++ {
				ops = append(ops, op{pos: ss[next].Position, split: &ss[next]})
			}
			ops = append(ops, op{pos: ms[i].Position, merge: &ms[i]})
		}
		for ; next < len(ss); next++ {
			ops = append(ops, op{pos: ss[next].Position, split: &ss[next]})
		}
	}
	for i := 0; i < len(docs); i += batch {
		end := min(len(docs), i+batch)
		for _, d := range docs[i:end] {
			dec := e.Add(d)
			dup[d.ID], joined[d.ID] = dec.DuplicateOf, dec.StoryID
		}
		if end == len(docs) {
			e.Recheck()
		}
		take()
		if end == cut {
			e = New(cfg)
			next := 0
			for k, d := range docs[:end] {
				e.Restore(d, joined[d.ID], dup[d.ID])
				for ; next < len(ops) && ops[next].pos <= k+1; next++ {
					if m := ops[next].merge; m != nil {
						e.Merge(m.Survivor, m.Merged)
					} else if sp := ops[next].split; !e.ReplaySplit(sp.Story, sp.New, sp.Articles) {
						panic(fmt.Sprintf("replay of split %+v failed", sp))
					}
				}
			}
		}
	}
	return partition(e, docs)
}

// syntheticStream is a deterministic undated stream of n articles about
// many small events, each of one of a few topics whose reports share a
// vocabulary, interleaved as a news feed interleaves them: enough
// near-misses that re-checks merge stories and posting lists overflow.
func syntheticStream(n int, seed uint64) []Doc {
	r := rand.New(rand.NewPCG(seed, 1))
	word := func(prefix string, i int) string {
		syl := []string{"ka", "lo", "mi", "ra", "tu", "ne", "so", "vi", "da", "pe", "gu", "ha"}
		var b strings.Builder
		b.WriteString(prefix)
		for i > 0 || b.Len() == len(prefix) {
			b.WriteString(syl[i%len(syl)])
			i /= len(syl)
		}
		return b.String()
	}
	type event struct {
		topic int
		names []string
	}
	var events []event
	docs := make([]Doc, n)
	for i := range docs {
		// An article reports one of the last dozen events, or starts one.
		if len(events) == 0 || r.IntN(3) == 0 {
			ev := event{topic: r.IntN(15)}
			for k := range 6 {
				ev.names = append(ev.names, word("n", len(events)*6+k))
			}
			events = append(events, ev)
		}
		ev := events[max(0, len(events)-1-r.IntN(12))]
		pick := func() string {
			switch x := r.IntN(20); {
			case x < 4:
				return ev.names[r.IntN(len(ev.names))]
			case x < 11:
				return word("t", ev.topic*40+r.IntN(40))
			default:
				return word("c", r.IntN(400))
			}
		}
		var title, body []string
		for range 7 {
			title = append(title, pick())
		}
		for range 90 {
			body = append(body, pick())
		}
		docs[i] = Doc{ID: int64(i + 1), Title: strings.Join(title, " "), Body: strings.Join(body, " ") + ".",
			Source: fmt.Sprintf("outlet%d", r.IntN(30))}
	}
	return docs
}

// TestRestore_SameStories: an engine warmed from the stories committed
// up to any batch, given the rest of the stream, ends with the stories of
// the engine that saw the whole stream (a crashed ingest, re-run, equals
// one clean run), with and without the re-checks' splits.
func TestRestore_SameStories(t *testing.T) {
	t.Parallel()
	docs := syntheticStream(3000, 1)
	noSplit := DefaultConfig()
	noSplit.SplitThreshold = 0
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"without splits", noSplit},
		{"with splits", DefaultConfig()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clean := runWithRestart(tc.cfg, docs, 150, 0)
			if s := count(clean); s < 100 || s > 2900 {
				t.Fatalf("%d stories of %d articles: the fixture does not exercise clustering", s, len(docs))
			}
			for _, cut := range []int{300, 1050, 1500, 2100, 2700} {
				got := runWithRestart(tc.cfg, docs, 150, cut)
				diff := 0
				for id, s := range clean {
					if got[id] != s {
						diff++
					}
				}
				if diff > 0 {
					t.Errorf("restarted after %d articles: %d of %d articles in another story than in one run (%d stories, want %d)",
						cut, diff, len(docs), count(got), count(clean))
				}
			}
		})
	}
}

// TestRestore_SameStoriesBench is TestRestore_SameStories on the
// Multi-News pool, a development aid run when STORYLINE_BENCH and
// STORYLINE_DIAG are set.
func TestRestore_SameStoriesBench(t *testing.T) {
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" || os.Getenv("STORYLINE_DIAG") == "" {
		t.Skip("set STORYLINE_BENCH and STORYLINE_DIAG")
	}
	recs, err := eval.ReadClusterFile(filepath.Join(dir, "cluster", "multinews-val-pool.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]Doc, len(recs))
	for i, r := range recs {
		docs[i] = Doc{ID: int64(i + 1), Title: r.Title, Body: r.Text, Source: r.Source}
		if tm, err := time.Parse("2006-01-02", r.Date); err == nil {
			docs[i].Published = tm
		}
	}
	cfg := DefaultConfig()
	clean := runWithRestart(cfg, docs, 500, 0)
	for _, cut := range []int{1000, 2500, 4000} {
		got := runWithRestart(cfg, docs, 500, cut)
		diff := 0
		for id, s := range clean {
			if got[id] != s {
				diff++
			}
		}
		if diff > 0 {
			t.Errorf("restarted after %d articles: %d articles in another story (%d stories, want %d)", cut, diff, count(got), count(clean))
		}
	}
}

func count(p map[int64]int64) int {
	m := map[int64]bool{}
	for _, s := range p {
		m[s] = true
	}
	return len(m)
}
