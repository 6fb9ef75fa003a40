package benchmark

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/story/synthesis"
)

// Page furniture the Fort Lauderdale story used to list among its claims,
// told by patterns of their own, not by package junk's rules.
var (
	furnitureURL      = regexp.MustCompile(`(?i)https?://|\bwww\.|pic\.twitter\.com`)
	furniturePlaylist = regexp.MustCompile(`^\d{1,2}:\d{2}\s+\S|\sPause$`)
	furnitureSocial   = regexp.MustCompile(`(?i)facebook\s*\||\|\s*twitter|^follow\b|follow us|sign up for|subscribe`)
)

// TestFortLauderdale_NoFurniture clusters GVA dev through the real
// pipeline and checks the synthesis of the Fort Lauderdale airport
// shooting (gold event gva-743995, nine articles from eight outlets): no
// summary sentence or claim is a URL, a video-playlist line or a social
// prompt, and the claim lists come ranked.
//
//	STORYLINE_BENCH=../shared/benchmarks go test ./internal/benchmark -run FortLauderdale -v
func TestFortLauderdale_NoFurniture(t *testing.T) {
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" {
		t.Skip("set STORYLINE_BENCH to the benchmarks folder")
	}
	recs, err := eval.ReadClusterFile(filepath.Join(dir, "cluster", "gva-dev.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	store, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	event := map[string]bool{} // external IDs of the event's records
	for _, r := range recs {
		if r.Event == "gva-743995" {
			event[r.ID] = true
		}
	}
	var storyID int64
	pcfg := pipeline.DefaultConfig()
	pcfg.Stored = func(it ingest.Item, a *news.Article) {
		if event[it.ExternalID] && storyID == 0 {
			storyID = a.ID // found below by the article's story
		}
	}
	p := pipeline.New(store, cluster.New(cluster.DefaultConfig()), slog.New(slog.NewTextHandler(io.Discard, nil)), pcfg)
	if _, err := p.Ingest(ctx, func(fn pipeline.ItemFunc) error {
		for i, r := range recs {
			it := ingest.Item{Origin: fmt.Sprintf("record %d", i+1), ExternalID: r.ID, Title: r.Title, Text: r.Text, Date: r.Date, URL: r.URL, Source: r.Source}
			if err := fn(it); err != nil {
				return err
			}
		}
		return nil
	}, func(err error) {}, nil); err != nil {
		t.Fatal(err)
	}
	if storyID == 0 {
		t.Fatal("no article of gva-743995 was stored")
	}
	first, err := store.FindArticleByID(ctx, storyID)
	if err != nil {
		t.Fatal(err)
	}
	story, err := store.FindStoryByID(ctx, first.StoryID)
	if err != nil {
		t.Fatal(err)
	}
	members, _, err := store.FindArticles(ctx, news.ArticleFilter{StoryID: &story.ID})
	if err != nil {
		t.Fatal(err)
	}
	inEvent := 0
	for _, a := range members {
		if event[a.ExternalID] {
			inEvent++
		}
	}
	if inEvent < 8 {
		t.Fatalf("story %d holds %d of the event's articles, want the story of 9", story.ID, inEvent)
	}
	syn, err := (&synthesis.Synthesizer{}).Synthesize(ctx, story, members)
	if err != nil {
		t.Fatal(err)
	}
	c := syn.Comparison
	t.Logf("story %d: %d articles (%d of the event), %d agreed and %d single-source claims, %d summary sentences",
		story.ID, len(members), inEvent, len(c.Agreed), len(c.SingleSource), len(syn.Summary))
	check := func(what, s string) {
		for name, re := range map[string]*regexp.Regexp{"URL": furnitureURL, "playlist": furniturePlaylist, "social prompt": furnitureSocial} {
			if re.MatchString(strings.TrimSpace(s)) {
				t.Errorf("%s is a %s: %q", what, name, s)
			}
		}
	}
	for _, s := range syn.Summary {
		check("summary sentence", s.Text)
	}
	for _, cl := range c.Agreed {
		check("agreed claim", cl.Text)
	}
	for _, cl := range c.SingleSource {
		check("single-source claim", cl.Text)
	}
	if len(c.Agreed) == 0 || len(c.SingleSource) == 0 {
		t.Fatal("no claims")
	}
	for _, list := range [][]news.Claim{c.Agreed, c.SingleSource} {
		for i := 1; i < len(list); i++ {
			if list[i].Score > list[i-1].Score {
				t.Errorf("claims not ranked: %v after %v", list[i].Score, list[i-1].Score)
			}
		}
	}
	for i, cl := range c.Agreed[:min(3, len(c.Agreed))] {
		t.Logf("agreed #%d (%.3f, %d sources): %s", i+1, cl.Score, len(cl.Sources), cl.Text)
	}
	for i, cl := range c.SingleSource[:min(3, len(c.SingleSource))] {
		t.Logf("single #%d (%.3f): %s", i+1, cl.Score, cl.Text)
	}
}
