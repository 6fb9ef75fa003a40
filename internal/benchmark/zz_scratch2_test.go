package benchmark

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storyline"
)

func TestZZExplain(t *testing.T) {
	path := os.Getenv("ZZ_FILE")
	if path == "" {
		t.Skip()
	}
	recs, _ := eval.ReadClusterFile(path)
	ctx := context.Background()
	store, _ := sqlite.Open(ctx, ":memory:")
	defer store.Close()
	goldOf := map[int64]string{}
	pcfg := pipeline.DefaultConfig()
	pcfg.Stored = func(it ingest.Item, a *news.Article) {
		i, _ := strconv.Atoi(it.ExternalID)
		goldOf[a.ID] = recs[i].Event
	}
	var exps []storyline.Explanation
	pcfg.Events = nil
	p := pipeline.New(store, cluster.New(cluster.DefaultConfig()), slog.New(slog.NewTextHandler(io.Discard, nil)), pcfg)
	_ = exps
	if _, err := p.Ingest(ctx, recordItems(recs), nil, nil); err != nil {
		t.Fatal(err)
	}
	// gold of a story: majority of its articles
	cnt := map[int64]map[string]int{}
	store.WalkArticles(ctx, func(a *news.Article) error {
		if a.StoryID == 0 {
			return nil
		}
		if cnt[a.StoryID] == nil {
			cnt[a.StoryID] = map[string]int{}
		}
		cnt[a.StoryID][goldOf[a.ID]]++
		return nil
	})
	maj := func(s int64) string {
		b, bn := "", 0
		for g, n := range cnt[s] {
			if n > bn || n == bn && g < b {
				b, bn = g, n
			}
		}
		return b
	}
	for s := range cnt {
		ex, _ := p.StorylineExplain(s)
		if ex.Closest == 0 {
			continue
		}
		_ = json.Marshal
		// gold of closest line: majority over its stories
		lc := map[string]int{}
		for st := range cnt {
			if p.Storyline(st) == ex.Closest {
				for g, n := range cnt[st] {
					lc[g] += n
				}
			}
		}
		b, bn := "", 0
		for g, n := range lc {
			if n > bn || n == bn && g < b {
				b, bn = g, n
			}
		}
		fmt.Printf("STORY %v same=%v joined=%v n=%d score=%.3f cos=%.3f cov=%.3f gap=%.0f fu=%v\n", s, b == maj(s), ex.Joined, len(cnt[s]), ex.Score, ex.Cosine, ex.Cover, ex.GapDays, ex.FollowUp)
	}
}
