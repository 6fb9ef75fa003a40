// Package benchmark runs Storyline's real pipeline over labelled benchmark
// files and scores the result with package eval. It exists apart from eval
// so that the stage packages' own tests can use eval's readers and scorers.
package benchmark

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/storyline"
)

// ClusterReport is the result of [RunCluster] on one file.
type ClusterReport struct {
	File string `json:"file"`
	// Level is "event" (stories) or "storyline".
	Level string `json:"level"`
	eval.Scores
	Seconds           float64 `json:"seconds"`
	ArticlesPerSecond float64 `json:"articles_per_second"`
	// Predicted is each record's story, in file order, for error studies.
	Predicted []string `json:"-"`
}

// ClusterOptions controls [RunCluster].
type ClusterOptions struct {
	// Config is the clustering configuration; the zero value means
	// cluster.DefaultConfig().
	Config *cluster.Config
	// Limit, if positive, reads only the first Limit records.
	Limit int
	// Level is what is scored: "event" (the default) scores stories,
	// "storyline" scores the storylines the stories were linked into.
	Level string
	// Storyline configures the storyline level; nil means
	// storyline.DefaultConfig().
	Storyline *storyline.Config
	// NoStorylines turns the storyline level off (event level only).
	NoStorylines bool
}

// Levels of [ClusterOptions.Level].
const (
	LevelEvent     = "event"
	LevelStoryline = "storyline"
)

// RunCluster feeds the records of a clustering benchmark file, in file
// order, through the same pipeline as `storyline ingest` (prepare, clean,
// store, deduplicate, cluster) into a private in-memory SQLite store, and
// scores the stories against the gold events. Gold labels are read only for
// scoring. The time covers the whole pipeline, storage included.
func RunCluster(ctx context.Context, path string, opt ClusterOptions) (ClusterReport, error) {
	recs, err := eval.ReadClusterFile(path)
	if err != nil {
		return ClusterReport{}, err
	}
	if opt.Limit > 0 && len(recs) > opt.Limit {
		recs = recs[:opt.Limit]
	}
	rep, err := ClusterRecords(ctx, recs, opt)
	rep.File = strings.TrimSuffix(filepath.Base(path), ".jsonl.gz")
	return rep, err
}

// ClusterRecords is [RunCluster] over records already read.
func ClusterRecords(ctx context.Context, recs []eval.ClusterRecord, opt ClusterOptions) (ClusterReport, error) {
	cfg := cluster.DefaultConfig()
	if opt.Config != nil {
		cfg = *opt.Config
	}
	store, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		return ClusterReport{}, err
	}
	defer store.Close()

	articleOf := make([]int64, len(recs)) // record index -> article ID
	level := opt.Level
	if level == "" {
		level = LevelEvent
	}
	if level != LevelEvent && level != LevelStoryline {
		return ClusterReport{}, fmt.Errorf("benchmark: cluster: unknown level %q (event or storyline)", level)
	}
	if level == LevelStoryline && opt.NoStorylines {
		return ClusterReport{}, fmt.Errorf("benchmark: cluster: the storyline level is off")
	}
	pcfg := pipeline.DefaultConfig()
	pcfg.Storyline, pcfg.NoStorylines = opt.Storyline, opt.NoStorylines
	pcfg.Stored = func(it ingest.Item, a *news.Article) {
		if i, err := strconv.Atoi(it.ExternalID); err == nil && i >= 0 && i < len(recs) {
			articleOf[i] = a.ID
		}
	}
	p := pipeline.New(store, cluster.New(cfg), slog.New(slog.NewTextHandler(io.Discard, nil)), pcfg)
	start := time.Now()
	var failed []string
	_, err = p.Ingest(ctx, recordItems(recs), func(err error) { failed = append(failed, err.Error()) }, nil)
	if err != nil {
		return ClusterReport{}, fmt.Errorf("benchmark: cluster: %w", err)
	}
	secs := time.Since(start).Seconds()

	storyOf := map[int64]int64{}
	if err := store.WalkArticles(ctx, func(a *news.Article) error {
		storyOf[a.ID] = a.StoryID
		return nil
	}); err != nil {
		return ClusterReport{}, fmt.Errorf("benchmark: cluster: %w", err)
	}
	gold := make([]string, len(recs))
	pred := make([]string, len(recs))
	for i, r := range recs {
		gold[i] = r.Event
		if id := articleOf[i]; id != 0 && storyOf[id] != 0 {
			pred[i] = strconv.FormatInt(storyOf[id], 10)
			if level == LevelStoryline {
				pred[i] = "line-" + strconv.FormatInt(p.Storyline(storyOf[id]), 10)
			}
		} else if id != 0 {
			// Stored but in no story (a placeholder page): a singleton,
			// one per stored article.
			pred[i] = "unclustered-" + strconv.FormatInt(id, 10)
		} else {
			// Not stored (empty after cleaning): a singleton.
			pred[i] = "unstored-" + strconv.Itoa(i)
		}
	}
	rep := ClusterReport{Level: level, Scores: eval.ClusterScores(gold, pred), Seconds: secs, Predicted: pred}
	if secs > 0 {
		rep.ArticlesPerSecond = float64(len(recs)) / secs
	}
	return rep, nil
}

// recordItems is a pipeline source of benchmark records in file order.
// The record's index stands in for its id (ExternalID), to map articles
// back to records; gold labels stay out of the pipeline.
func recordItems(recs []eval.ClusterRecord) func(pipeline.ItemFunc) error {
	return func(fn pipeline.ItemFunc) error {
		for i, r := range recs {
			it := ingest.Item{
				Origin: fmt.Sprintf("record %d (%s)", i+1, r.ID), ExternalID: strconv.Itoa(i),
				Title: r.Title, Text: r.Text, Date: r.Date, URL: r.URL, Source: r.Source,
			}
			if err := fn(it); err != nil {
				return err
			}
		}
		return nil
	}
}
