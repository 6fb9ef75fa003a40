package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/storyline"
)

func runStorylines(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "merge":
			return runStorylinesMerge(ctx, e, args[1:])
		case "split":
			return runStorylinesSplit(ctx, e, args[1:])
		}
	}
	fs := newFlags(e, "storylines", "[flags] | merge SURVIVOR MERGED | split STORYLINE STORY...")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON array")
	limit := fs.Int("limit", 50, "show at most this many storylines (0: all)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	lines, total, err := store.FindStorylines(ctx, news.StorylineFilter{Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, nonNil(lines))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTORIES\tARTICLES\tFIRST SEEN\tLAST SEEN\tHEADLINE")
	for _, l := range lines {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s\t%s\n", l.ID, l.Stories, l.Articles, day(l.FirstSeen), day(l.LastSeen), l.Headline)
	}
	tw.Flush()
	if len(lines) < total {
		fmt.Fprintf(e.stdout, "(%d of %d storylines; --limit 0 shows all)\n", len(lines), total)
	}
	return nil
}

// storylineJSON is a storyline as `show --storyline --json` prints it.
type storylineJSON struct {
	*news.Storyline
	Synthesis string `json:"synthesis"`
}

// showStoryline prints a storyline: its synthesis and its stories in time
// order.
func showStoryline(ctx context.Context, e *env, store news.Store, id int64, asJSON bool) error {
	l, err := store.FindStorylineByID(ctx, id)
	if err != nil {
		return err
	}
	syn := storyline.Synthesis(l)
	if asJSON {
		return writeJSON(e.stdout, storylineJSON{Storyline: l, Synthesis: syn})
	}
	w := e.stdout
	fmt.Fprintf(w, "Storyline %d: %s\n%s\n\n", l.ID, l.Headline, syn)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STORY\tARTICLES\tSOURCES\tFIRST SEEN\tLAST SEEN\tHEADLINE")
	for _, s := range l.Members {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\n", s.ID, s.Articles, strings.Join(s.SourceNames, ", "), day(s.FirstSeen), day(s.LastSeen), s.Headline)
	}
	return tw.Flush()
}

// printStorylineExplanation writes why a story is in its storyline.
func printStorylineExplanation(w io.Writer, storyID, storylineID int64, raw []byte) error {
	if storylineID == 0 {
		fmt.Fprintf(w, "story %d has no storyline yet (the next ingest places it)\n", storyID)
		return nil
	}
	if len(raw) == 0 {
		fmt.Fprintf(w, "storyline %d: no explanation recorded\n", storylineID)
		return nil
	}
	var ex storyline.Explanation
	if err := json.Unmarshal(raw, &ex); err != nil {
		return fmt.Errorf("explain: decode storyline explanation: %w", err)
	}
	fmt.Fprintf(w, "storyline %d: %s\n", storylineID, ex.Reason)
	if ex.RunnerUp != 0 {
		fmt.Fprintf(w, "runner-up storyline: %d with score %.3f\n", ex.RunnerUp, ex.RunnerUpScore)
	}
	return nil
}

func runStorylinesMerge(ctx context.Context, e *env, args []string) error {
	c := editCommand{name: "storylines merge", usage: "[flags] SURVIVOR MERGED", what: "storyline", min: 2, max: 2,
		wrongCount: "storylines merge takes two storyline IDs: the survivor and the storyline merged into it"}
	return c.run(ctx, e, args, func(store appStore, ids []int64) error {
		if err := store.MergeStorylines(ctx, ids[0], ids[1]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "merged storyline %d into storyline %d\n", ids[1], ids[0])
		return nil
	})
}

func runStorylinesSplit(ctx context.Context, e *env, args []string) error {
	c := editCommand{name: "storylines split", usage: "[flags] STORYLINE STORY...", what: "storyline or story", min: 2,
		wrongCount: "storylines split takes a storyline ID and the IDs of the stories to move out"}
	return c.run(ctx, e, args, func(store appStore, ids []int64) error {
		newID, err := store.SplitStoryline(ctx, ids[0], ids[1:])
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "moved %d stories out of storyline %d into storyline %d\n", len(ids)-1, ids[0], newID)
		return nil
	})
}
