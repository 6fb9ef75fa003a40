package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/story/coverage"
	"github.com/storyline-news/storyline/internal/story/headline"
	"github.com/storyline-news/storyline/internal/story/synthesis"
	"github.com/storyline-news/storyline/internal/taxonomy"
)

func runStories(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "merge":
			return runStoriesMerge(ctx, e, args[1:])
		case "split":
			return runStoriesSplit(ctx, e, args[1:])
		}
	}
	fs := newFlags(e, "stories", "[flags] | merge SURVIVOR MERGED | split STORY ARTICLE...")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON array")
	limit := fs.Int("limit", 50, "show at most this many stories (0: all)")
	source := fs.String("source", "", "only stories with an article from this source")
	coveredBy := fs.String("covered-by", "", "only stories with an article from a source with this value, as DIM:VALUE (lean:left)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	filter := news.StoryFilter{Limit: *limit}
	if *source != "" {
		filter.Source = source
	}
	if *coveredBy != "" {
		if filter.AnySource, err = coveredBySources(ctx, store, *coveredBy); err != nil {
			return err
		}
	}
	stories, total, err := store.FindStories(ctx, filter)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, nonNil(stories))
	}
	printStories(e.stdout, stories)
	if len(stories) < total {
		fmt.Fprintf(e.stdout, "(%d of %d stories; --limit 0 shows all)\n", len(stories), total)
	}
	return nil
}

func printStories(w io.Writer, stories []*news.Story) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tARTICLES\tSOURCES\tFIRST SEEN\tLAST SEEN\tHEADLINE")
	for _, s := range stories {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s\t%s\n", s.ID, s.Articles, s.Sources, day(s.FirstSeen), day(s.LastSeen), s.Headline)
	}
	tw.Flush()
}

func runShow(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "show", "[flags] STORY | --storyline ID")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON object")
	line := fs.Int64("storyline", 0, "show this storyline: its synthesis and its stories in time order")
	debug := fs.Bool("debug", false, "also show what cleaning removed from each article")
	words := fs.Int("words", 100, "summary length in words")
	all := fs.Bool("all", false, "list every claim, not only the top few of each list")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *line != 0 {
		if len(pos) != 0 {
			return usagef("show --storyline ID takes no story ID")
		}
		if *line < 0 {
			return usagef("storyline ID %d is not a positive number", *line)
		}
		store, err := openStore(ctx, e, *db)
		if err != nil {
			return err
		}
		defer store.Close()
		return showStoryline(ctx, e, store, *line, *asJSON)
	}
	if len(pos) != 1 {
		return usagef("show takes one story ID")
	}
	id, err := parseID("story", pos[0])
	if err != nil {
		return err
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	st, err := store.FindStoryByID(ctx, id)
	if err != nil {
		return err
	}
	members, _, err := store.FindArticles(ctx, news.ArticleFilter{StoryID: &st.ID})
	if err != nil {
		return err
	}
	syn, err := (&synthesis.Synthesizer{Words: *words}).Synthesize(ctx, st, members)
	if err != nil {
		return err
	}
	t, err := store.FindTaxonomy(ctx)
	if err != nil {
		return err
	}
	cov := coverage.Of(taxonomy.NewMatcher(t), members)
	if *asJSON {
		return writeJSON(e.stdout, storyJSON{Story: st, Members: nonNil(members), Synthesis: syn, Coverage: cov})
	}
	w := e.stdout
	headline := st.Headline // the synthesized one, stored by ingestion
	if headline == "" {
		headline = syn.Headline
	}
	fmt.Fprintf(w, "Story %d: %s\n", st.ID, headline)
	if st.MergedInto != 0 {
		fmt.Fprintf(w, "merged into story %d\n", st.MergedInto)
	}
	if st.StorylineID != 0 {
		fmt.Fprintf(w, "part of storyline %d (show --storyline %d)\n", st.StorylineID, st.StorylineID)
	}
	fmt.Fprintf(w, "%d articles from %d sources (%s), %s to %s\n",
		st.Articles, st.Sources, strings.Join(st.SourceNames, ", "), day(st.FirstSeen), day(st.LastSeen))
	claims := showClaims
	if *all {
		claims = -1
	}
	printCoverage(w, t, cov)
	printSynthesis(w, syn, claims)
	for _, a := range members {
		fmt.Fprintln(w)
		printArticle(w, a, *debug)
	}
	return nil
}

func printArticle(w io.Writer, a *news.Article, debug bool) {
	fmt.Fprintf(w, "── article %d · %s · %s\n", a.ID, a.Source, day(a.Published))
	fmt.Fprintf(w, "%s\n", a.Title)
	if a.URL != "" {
		fmt.Fprintf(w, "%s\n", a.URL)
	}
	if a.DuplicateOf != 0 {
		fmt.Fprintf(w, "near-copy of article %d\n", a.DuplicateOf)
	}
	if a.Dateline != "" || a.Byline != "" {
		fmt.Fprintf(w, "dateline: %s  byline: %s\n", orDash(a.Dateline), orDash(a.Byline))
	}
	fmt.Fprintf(w, "\n%s\n", a.Body)
	if debug {
		fmt.Fprintf(w, "\nlanguage: %s (supported: %v)  origin: %s  raw URL: %s\n", a.Language, a.LanguageSupported, a.Origin, orDash(a.RawURL))
		if len(a.Removed) == 0 {
			fmt.Fprintln(w, "cleaning removed nothing")
		}
		for _, r := range a.Removed {
			fmt.Fprintf(w, "removed [%s]: %q\n", r.Reason, r.Text)
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runStoriesMerge(ctx context.Context, e *env, args []string) error {
	c := editCommand{name: "stories merge", usage: "[flags] SURVIVOR MERGED", what: "story", min: 2, max: 2,
		wrongCount: "stories merge takes two story IDs: the survivor and the story merged into it"}
	return c.run(ctx, e, args, func(store appStore, ids []int64) error {
		if err := store.MergeStories(ctx, ids[0], ids[1]); err != nil {
			return err
		}
		if _, err := headline.Refresh(ctx, store, ids[:1]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "merged story %d into story %d\n", ids[1], ids[0])
		return nil
	})
}

func runStoriesSplit(ctx context.Context, e *env, args []string) error {
	c := editCommand{name: "stories split", usage: "[flags] STORY ARTICLE...", what: "story or article", min: 2,
		wrongCount: "stories split takes a story ID and the IDs of the articles to move out"}
	return c.run(ctx, e, args, func(store appStore, ids []int64) error {
		story, moved := ids[0], ids[1:]
		newID := slices.Min(moved)
		if err := store.SplitStory(ctx, story, newID, moved); err != nil {
			return err
		}
		if _, err := headline.Refresh(ctx, store, []int64{story, newID}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "moved %d article(s) from story %d to new story %d\n", len(moved), story, newID)
		return nil
	})
}

// editCommand is a command that corrects the store by IDs (stories merge
// and split, storylines merge and split): it parses its flags and from min
// to max IDs (max 0: no limit), opens the store and calls do.
type editCommand struct {
	name, usage string
	what        string // what the IDs name, for errors
	wrongCount  string // the usage error when the count is wrong
	min, max    int
}

func (c editCommand) run(ctx context.Context, e *env, args []string, do func(store appStore, ids []int64) error) error {
	fs := newFlags(e, c.name, c.usage)
	db := dbFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < c.min || c.max > 0 && len(pos) > c.max {
		return usagef("%s", c.wrongCount)
	}
	ids, err := parseIDs(c.what, pos)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	return do(store, ids)
}

func parseIDs(what string, args []string) ([]int64, error) {
	ids := make([]int64, len(args))
	for i, a := range args {
		id, err := parseID(what, a)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return ids, nil
}

// Limits of the text synthesis; --json carries everything, --all every
// claim.
const (
	showEntities = 12
	showClaims   = 5 // the top claims of each list, by rank
)

// printSynthesis prints a story's synthesis; claims caps each list of
// claims (negative: no cap).
func printSynthesis(w io.Writer, syn *news.Synthesis, claims int) {
	fmt.Fprintln(w, "\nSummary")
	for _, s := range syn.Summary {
		fmt.Fprintf(w, "  %s [%s #%d]\n", s.Text, s.Source, s.ArticleID)
	}
	if len(syn.Entities) > 0 {
		fmt.Fprintln(w, "\nEntities")
		for _, e := range syn.Entities[:min(len(syn.Entities), showEntities)] {
			fmt.Fprintf(w, "  %-32s %-12s %d mentions, %d sources\n", e.Name, e.Kind, e.Count, len(e.Sources))
		}
	}
	if len(syn.Timeline) > 0 {
		fmt.Fprintln(w, "\nTimeline")
		for _, t := range syn.Timeline {
			date := t.Date.UTC().Format("2006-01-02")
			switch t.Granularity {
			case "time":
				date = day(t.Date)
			case "week":
				y, w := t.Date.UTC().ISOWeek()
				date = fmt.Sprintf("%04d-W%02d", y, w)
			case "month":
				date = t.Date.UTC().Format("2006-01")
			}
			fmt.Fprintf(w, "  %-16s %-9s %s [%s]\n", date, t.Kind, clip(t.Text, 90), strings.Join(t.Sources, ", "))
		}
	}
	c := syn.Comparison
	printClaims(w, "Agreed by independent sources", c.Agreed, claims)
	printClaims(w, "Reported by one source only", c.SingleSource, claims)
	if len(c.Conflicts) > 0 {
		fmt.Fprintln(w, "\nConflicts")
		for _, x := range c.Conflicts {
			what := x.What
			if x.Development {
				what += " (a development over time)"
			}
			fmt.Fprintf(w, "  %s:\n", what)
			for _, sd := range x.Sides {
				v := sd.Value
				if sd.Qualifier != "" {
					v = sd.Qualifier + " " + v
				}
				if sd.Update {
					v += ", updated"
				}
				if x.Development && !sd.Published.IsZero() {
					v += ", " + sd.Published.UTC().Format("2 Jan 15:04")
				}
				fmt.Fprintf(w, "    %s [%s]: %s\n", v, strings.Join(sd.Sources, ", "), clip(sd.Text, 90))
			}
		}
	}
}

// printClaims prints the first n claims of cs (all when n < 0), which
// come ranked, and counts the rest.
func printClaims(w io.Writer, title string, cs []news.Claim, n int) {
	if len(cs) == 0 {
		return
	}
	if n < 0 || n > len(cs) {
		n = len(cs)
	}
	fmt.Fprintf(w, "\n%s (%d)\n", title, len(cs))
	for _, c := range cs[:n] {
		fmt.Fprintf(w, "  %s [%s]\n", clip(c.Text, 140), strings.Join(c.Sources, ", "))
	}
	if rest := len(cs) - n; rest > 0 {
		fmt.Fprintf(w, "  (%d more; --all lists them)\n", rest)
	}
}

// clip shortens s to at most n runes, ending with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
