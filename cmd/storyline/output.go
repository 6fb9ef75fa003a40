package main

import (
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/text/dates"
)

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// day formats a time for tables; unknown times print as "-", and a
// publish date without a time of day as the date alone.
func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	if dates.DateOnly(t) {
		return t.UTC().Format(time.DateOnly)
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// parseID parses a positive story or article ID.
func parseID(what, s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%s ID %q is not a positive number", what, s)
	}
	return id, nil
}

// nonNil makes JSON print [] rather than null for empty lists.
func nonNil[T any](s []*T) []*T {
	if s == nil {
		return []*T{}
	}
	return s
}

// storyJSON is a story as the CLI prints it with --json.
type storyJSON struct {
	*news.Story
	Members []*news.Article `json:"members,omitempty"`
	// Synthesis is the headline, summary, entities, timeline and
	// comparison (show --json only).
	Synthesis *news.Synthesis `json:"synthesis,omitempty"`
	// Coverage is the story's independent sources by the outlet taxonomy
	// (show --json only).
	Coverage news.Coverage `json:"coverage,omitempty"`
}
