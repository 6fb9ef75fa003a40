package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/samples"
	"github.com/storyline-news/storyline/internal/story/synthesis"
	"github.com/storyline-news/storyline/internal/taxonomy"
)

func runDemo(ctx context.Context, e *env, args []string) error {
	flags := newFlags(e, "demo", "[flags]")
	db := flags.String("db", "", "database to ingest the samples into (default: a temporary one, removed afterwards)")
	asJSON := flags.Bool("json", false, "print the stories as a JSON array")
	if _, err := parse(flags, args); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "storyline-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "samples")
	if err := os.CopyFS(dir, mustSub(samples.FS, samples.Dir)); err != nil {
		return fmt.Errorf("demo: write samples: %w", err)
	}
	path := *db
	if path == "" {
		path = filepath.Join(tmp, "demo.db")
	}
	store, err := openStore(ctx, e, path)
	if err != nil {
		return err
	}
	defer store.Close()
	res, err := ingestPaths(ctx, e, store, []string{dir}, true)
	if err != nil {
		return err
	}
	tax, err := taxonomy.Parse(bytes.NewReader(samples.Taxonomy), "taxonomy.csv")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := store.SaveTaxonomy(ctx, tax); err != nil {
		return err
	}
	stories, _, err := store.FindStories(ctx, news.StoryFilter{})
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]storyJSON, 0, len(stories))
		for _, st := range stories {
			members, _, err := store.FindArticles(ctx, news.ArticleFilter{StoryID: &st.ID})
			if err != nil {
				return err
			}
			out = append(out, storyJSON{Story: st, Members: members})
		}
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "Ingested %d sample articles (%d stored, %d duplicates) into %d stories.\n\n",
		res.Read, res.Created, res.Skipped, len(stories))
	for _, st := range stories {
		members, _, err := store.FindArticles(ctx, news.ArticleFilter{StoryID: &st.ID})
		if err != nil {
			return err
		}
		syn, err := (&synthesis.Synthesizer{Sentences: 1}).Synthesize(ctx, st, members)
		if err != nil {
			return err
		}
		headline := cmp.Or(st.Headline, syn.Headline)
		fmt.Fprintf(e.stdout, "Story %d: %s\n", st.ID, headline)
		fmt.Fprintf(e.stdout, "  %d articles, %d sources, %s to %s\n", st.Articles, st.Sources, day(st.FirstSeen), day(st.LastSeen))
		for _, s := range syn.Summary {
			fmt.Fprintf(e.stdout, "  %s [%s #%d]\n", s.Text, s.Source, s.ArticleID)
		}
		for _, a := range members {
			dup := ""
			if a.DuplicateOf != 0 {
				dup = fmt.Sprintf(" (near-copy of %d)", a.DuplicateOf)
			}
			fmt.Fprintf(e.stdout, "  - [%d] %s: %s%s\n", a.ID, a.Source, a.Title, dup)
		}
		fmt.Fprintln(e.stdout)
	}
	if *db != "" {
		fmt.Fprintf(e.stdout, "Explore with: storyline stories --db %s; storyline show ID --db %s; storyline blindspots --dim lean --db %s\n", *db, *db, *db)
	}
	return nil
}

// mustSub returns the subtree dir of an embedded FS; dir is a constant, so
// failure is a programming error.
func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
