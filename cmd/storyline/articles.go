package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/news"
)

func runArticles(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "articles", "[flags]")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON array")
	limit := fs.Int("limit", 100, "show at most this many articles (0: all)")
	story := fs.Int64("story", 0, "only articles of this story")
	source := fs.String("source", "", "only articles from this source")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	filter := news.ArticleFilter{Limit: *limit}
	if *story != 0 {
		filter.StoryID = story
	}
	if *source != "" {
		filter.Source = source
	}
	arts, total, err := store.FindArticles(ctx, filter)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, nonNil(arts))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTORY\tSOURCE\tPUBLISHED\tLANG\tTITLE")
	for _, a := range arts {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\n", a.ID, a.StoryID, a.Source, day(a.Published), a.Language, a.Title)
	}
	tw.Flush()
	if len(arts) < total {
		fmt.Fprintf(e.stdout, "(%d of %d articles; --limit 0 shows all)\n", len(arts), total)
	}
	return nil
}

func runArticle(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "article", "[flags] ARTICLE")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON object")
	debug := fs.Bool("debug", false, "also show what cleaning removed")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("article takes one article ID")
	}
	id, err := parseID("article", pos[0])
	if err != nil {
		return err
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	a, err := store.FindArticleByID(ctx, id)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, a)
	}
	printArticle(e.stdout, a, *debug)
	return nil
}
