package main

import (
	"context"
	"encoding/json"
	"fmt"
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
	if *asJSON {
		return writeJSON(e.stdout, struct {
			Article     int64           `json:"article"`
			Story       int64           `json:"story"`
			DuplicateOf int64           `json:"duplicate_of,omitempty"`
			Explanation json.RawMessage `json:"explanation,omitempty"`
		}{a.ID, a.StoryID, a.DuplicateOf, a.Explanation})
	}
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
