package main

import (
	"context"
	"fmt"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/story/headline"
)

// runMigrate opens the store, which applies pending migrations, and exits.
// With --headlines it also recomputes every story's stored headline, for
// stores ingested before headlines were synthesized at ingest.
func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "[flags]")
	db := dbFlag(fs)
	headlines := fs.Bool("headlines", false, "also recompute every story's synthesized headline")
	storylines := fs.Bool("storylines", false, "also place every story stored before storylines in one now, rather than at the next ingest")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	if *headlines {
		n, err := refreshAllHeadlines(ctx, store)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "recomputed the headlines of %d stories\n", n)
	}
	if *storylines {
		// A batch of no articles: the pipeline warms from the store,
		// places the stories without a storyline and stores them.
		p := pipeline.New(store, cluster.New(cluster.DefaultConfig()), e.log, pipeline.DefaultConfig())
		if _, err := p.StorePrepared(ctx, nil, false); err != nil {
			return err
		}
		_, total, err := store.FindStorylines(ctx, news.StorylineFilter{Limit: 1})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "every story is in a storyline: %d storylines\n", total)
	}
	fmt.Fprintln(e.stdout, "database is up to date")
	return nil
}

// refreshAllHeadlines recomputes the headline of every live story, a page
// of stories at a time.
func refreshAllHeadlines(ctx context.Context, store news.Store) (int, error) {
	n := 0
	var after *news.StoryCursor
	for {
		page, _, err := store.FindStories(ctx, news.StoryFilter{Limit: 500, After: after})
		if err != nil {
			return n, err
		}
		if len(page) == 0 {
			return n, nil
		}
		ids := make([]int64, len(page))
		for i, st := range page {
			ids[i] = st.ID
		}
		if _, err := headline.Refresh(ctx, store, ids); err != nil {
			return n, err
		}
		n += len(page)
		c := news.CursorOf(page[len(page)-1])
		after = &c
	}
}
