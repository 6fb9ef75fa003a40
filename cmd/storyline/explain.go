package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/storyline-news/storyline/internal/cluster"
)

func runExplain(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "explain", "[flags] ARTICLE")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON object")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("explain takes one article ID")
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
	// The story's storyline, the second level.
	var storylineID int64
	var lineEx json.RawMessage
	if a.StoryID != 0 {
		st, err := store.FindStoryByID(ctx, a.StoryID)
		if err != nil {
			return err
		}
		storylineID = st.StorylineID
		if lineEx, err = store.FindStorylineExplanation(ctx, a.StoryID); err != nil {
			return err
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, struct {
			Article              int64           `json:"article"`
			Story                int64           `json:"story"`
			DuplicateOf          int64           `json:"duplicate_of,omitempty"`
			Explanation          json.RawMessage `json:"explanation,omitempty"`
			Storyline            int64           `json:"storyline,omitempty"`
			StorylineExplanation json.RawMessage `json:"storyline_explanation,omitempty"`
		}{a.ID, a.StoryID, a.DuplicateOf, a.Explanation, storylineID, lineEx})
	}
	defer func() {
		if a.StoryID != 0 {
			printStorylineExplanation(e.stdout, a.StoryID, storylineID, lineEx)
		}
	}()
	fmt.Fprintf(e.stdout, "article %d (%s: %s)\nstory %d\n", a.ID, a.Source, a.Title, a.StoryID)
	if a.DuplicateOf != 0 {
		fmt.Fprintf(e.stdout, "near-copy of article %d, so it joins that article's story\n", a.DuplicateOf)
	}
	if len(a.Explanation) == 0 {
		fmt.Fprintln(e.stdout, "no explanation recorded")
		return nil
	}
	return printExplanation(e.stdout, a.Explanation)
}

// printExplanation writes a recorded cluster explanation for people.
func printExplanation(w io.Writer, raw json.RawMessage) error {
	var ex cluster.Explanation
	if err := json.Unmarshal(raw, &ex); err != nil {
		return fmt.Errorf("explain: decode explanation: %w", err)
	}
	switch {
	case ex.DuplicateOf != 0:
		fmt.Fprintf(w, "joined story %d as a near-copy of article %d\n", ex.StoryID, ex.DuplicateOf)
	case ex.Restored:
		fmt.Fprintf(w, "placed in story %d by a stored decision\n", ex.StoryID)
	case ex.New:
		fmt.Fprintf(w, "started story %d: best score %.3f was below the threshold %.3f\n", ex.StoryID, ex.Score, ex.Threshold)
	default:
		fmt.Fprintf(w, "joined story %d with score %.3f (threshold %.3f)\n", ex.StoryID, ex.Score, ex.Threshold)
	}
	if ex.RunnerUp != 0 {
		fmt.Fprintf(w, "runner-up: story %d with score %.3f\n", ex.RunnerUp, ex.RunnerUpScore)
	} else {
		fmt.Fprintln(w, "runner-up: none")
	}
	if len(ex.Terms) > 0 {
		fmt.Fprintln(w, "shared features that weighed most:")
		for _, t := range ex.Terms {
			fmt.Fprintf(w, "  %5.1f%%  %-7s %s\n", 100*t.Weight, t.Kind, t.Term)
		}
	}
	return nil
}
