package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/samples"
)

// TestStorylines_CLI: every demo story has a storyline; the two shootings
// in one town 17 days apart stay in storylines of their own; the commands
// list, show and explain them.
func TestStorylines_CLI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, "demo", "--db", db)
	stories := storiesJSON(t, db)
	lineOf := map[int64]int64{}
	for _, s := range stories {
		if s.StorylineID == 0 {
			t.Errorf("story %d (%s) has no storyline_id", s.ID, s.Headline)
		}
		lineOf[s.ID] = s.StorylineID
	}
	var lines []news.Storyline
	if err := json.Unmarshal([]byte(mustRun(t, "storylines", "--db", db, "--json")), &lines); err != nil {
		t.Fatal(err)
	}
	distinct := map[int64]bool{}
	for _, l := range lineOf {
		distinct[l] = true
	}
	if len(lines) != len(distinct) || len(lines) == 0 {
		t.Fatalf("storylines lists %d, stories name %d", len(lines), len(distinct))
	}
	// The samples' FreshWay store and nightclub shootings (stories 10 and
	// 12) are two incidents, not one "Riverton shootings" storyline.
	if lineOf[10] == 0 || lineOf[10] == lineOf[12] {
		t.Errorf("the two Riverton shootings share storyline %d", lineOf[10])
	}
	first := lines[0]
	var shown storylineJSON
	if err := json.Unmarshal([]byte(mustRun(t, "show", "--storyline", fmt.Sprint(first.ID), "--db", db, "--json")), &shown); err != nil {
		t.Fatal(err)
	}
	if shown.ID != first.ID || len(shown.Members) != first.Stories || shown.Synthesis == "" {
		t.Errorf("show --storyline = %+v, want storyline %d with %d stories and a synthesis", shown, first.ID, first.Stories)
	}
	out := mustRun(t, "show", "--storyline", fmt.Sprint(first.ID), "--db", db)
	if !strings.Contains(out, fmt.Sprintf("Storyline %d: %s", first.ID, first.Headline)) {
		t.Errorf("show --storyline printed:\n%s", out)
	}
	if code, _, _ := run(t, "", "show", "--storyline", "999999", "--db", db); code != 1 {
		t.Errorf("show of an unknown storyline: exit %d, want 1", code)
	}
	if code, _, _ := run(t, "", "show", "--storyline", "1", "3", "--db", db); code != 2 {
		t.Errorf("show --storyline with a story ID: exit %d, want 2", code)
	}
	if out := mustRun(t, "explain", "1", "--db", db); !strings.Contains(out, fmt.Sprintf("storyline %d: ", lineOf[1])) {
		t.Errorf("explain does not give the storyline:\n%s", out)
	}
	var ex struct {
		Storyline            int64           `json:"storyline"`
		StorylineExplanation json.RawMessage `json:"storyline_explanation"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "explain", "1", "--db", db, "--json")), &ex); err != nil {
		t.Fatal(err)
	}
	if ex.Storyline != lineOf[1] || len(ex.StorylineExplanation) == 0 {
		t.Errorf("explain --json = %+v", ex)
	}
}

// TestStorylines_MergeSplit: a user merges two storylines and splits one
// back; a later ingest keeps the decision (the stories stay where the
// user put them).
func TestStorylines_MergeSplit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, "demo", "--db", db)
	lineOf := map[int64]int64{}
	for _, s := range storiesJSON(t, db) {
		lineOf[s.ID] = s.StorylineID
	}
	a, b := lineOf[1], lineOf[5]
	if a == b {
		t.Fatalf("stories 1 and 5 share storyline %d already", a)
	}
	if out := mustRun(t, "storylines", "merge", fmt.Sprint(a), fmt.Sprint(b), "--db", db); !strings.Contains(out, "merged storyline") {
		t.Errorf("merge printed %q", out)
	}
	// Ingest the samples again (nothing new is stored, the engine warms
	// from the store): the merge holds.
	mustRun(t, "ingest", "--quiet", "--db", db, sampleDirCopy(t))
	for _, s := range storiesJSON(t, db) {
		if lineOf[s.ID] == b && s.StorylineID != a {
			t.Errorf("story %d in storyline %d after the merge and an ingest, want %d", s.ID, s.StorylineID, a)
		}
	}
	if code, _, _ := run(t, "", "storylines", "split", fmt.Sprint(a), fmt.Sprint(a), "--db", db); code != 1 {
		t.Errorf("split of the storyline's first story: exit %d, want 1", code)
	}
	if out := mustRun(t, "storylines", "split", fmt.Sprint(a), "5", "--db", db); !strings.Contains(out, "into storyline 5") {
		t.Errorf("split printed %q", out)
	}
	for _, s := range storiesJSON(t, db) {
		if s.ID == 5 && s.StorylineID != 5 {
			t.Errorf("story 5 in storyline %d after the split, want 5", s.StorylineID)
		}
	}
	if code, _, _ := run(t, "", "storylines", "merge", "1", "--db", db); code != 2 {
		t.Errorf("merge with one ID: exit %d, want 2", code)
	}
}

// sampleDirCopy writes the bundled samples to a folder.
func sampleDirCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	sub, err := fs.Sub(samples.FS, samples.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, sub); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestStories_MergeSplit corrects event stories from the command line:
// a split moves articles into a story named by the oldest of them, a merge
// brings them back, and a wrong number of IDs is a usage error.
func TestStories_MergeSplit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, "demo", "--db", db)
	members := func(story int64) int {
		n := 0
		for _, s := range storiesJSON(t, db) {
			if s.ID == story {
				n = s.Articles
			}
		}
		return n
	}
	if n := members(5); n != 3 {
		t.Fatalf("the demo's story 5 has %d articles, want 3", n)
	}
	if out := mustRun(t, "stories", "split", "5", "7", "--db", db); !strings.Contains(out, "moved 1 article(s) from story 5 to new story 7") {
		t.Errorf("split printed %q", out)
	}
	if a, b := members(5), members(7); a != 2 || b != 1 {
		t.Errorf("after the split: story 5 has %d articles, story 7 %d; want 2 and 1", a, b)
	}
	if out := mustRun(t, "stories", "merge", "5", "7", "--db", db); !strings.Contains(out, "merged story 7 into story 5") {
		t.Errorf("merge printed %q", out)
	}
	if n := members(5); n != 3 {
		t.Errorf("after the merge: story 5 has %d articles, want 3", n)
	}
	for _, args := range [][]string{{"stories", "merge", "5"}, {"stories", "merge", "1", "5", "8"}, {"stories", "split", "5"}} {
		if code, _, stderr := run(t, "", append(args, "--db", db)...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error (exit 2)", args, code, stderr)
		}
	}
}
