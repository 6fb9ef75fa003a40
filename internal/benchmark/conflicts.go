package benchmark

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/story/synthesis"
)

// ConflictKind is the recall of one kind of injected quantity.
type ConflictKind struct {
	Kind     string  `json:"kind"`
	Injected int     `json:"injected"`
	Found    int     `json:"found"`
	Recall   float64 `json:"recall"`
}

// ConflictReport is the result of [RunConflicts] on one half of one file.
type ConflictReport struct {
	File string `json:"file"`
	Half string `json:"half"` // "dev", "test" or "all"
	// Injected stories and those whose synthesis lists a conflict with
	// both the original and the changed value.
	Injected int            `json:"injected"`
	Found    int            `json:"found"`
	Recall   float64        `json:"recall"`
	Kinds    []ConflictKind `json:"kinds"`
	// Reachable counts injected stories where the changed article and an
	// article of another outlet giving the original value ended in one
	// story, both originals (not near-copies): the comparison's share.
	Reachable      int     `json:"reachable"`
	FoundReachable int     `json:"found_reachable"`
	RecallReach    float64 `json:"recall_reachable"`
	// Controls are the unchanged stories; Agreeing those whose outlets
	// give the same numbers; Flagged the agreeing ones with a quantity
	// conflict, and FlaggedAll the controls with one.
	Controls    int     `json:"controls"`
	Agreeing    int     `json:"agreeing"`
	Flagged     int     `json:"flagged"`
	ControlRate float64 `json:"control_rate"`
	FlaggedAll  int     `json:"flagged_all"`
	// Cases are the stories with what the synthesis said, for studies.
	Cases []ConflictCase `json:"-"`
}

// ConflictCase is one story of the set and its outcome.
type ConflictCase struct {
	Story     eval.ConflictStory
	Found     bool // injected: the conflict was listed
	Reachable bool
	Flagged   bool            // control: some quantity conflict was listed
	Conflicts []news.Conflict // quantity conflicts of every story
}

// ConflictOptions controls [RunConflicts].
type ConflictOptions struct {
	Seed uint64
	// Split cuts events of more than six articles into parts (for ECB+,
	// whose events are large).
	Split bool
}

// RunConflicts builds the injected-conflict set of a clustering file,
// ingests each story alone into a fresh in-memory store through the real
// pipeline, synthesizes every resulting story as `show --json` does, and
// scores it: one report per half of the events and one for the whole.
func RunConflicts(ctx context.Context, path string, opt ConflictOptions) ([]ConflictReport, error) {
	recs, err := eval.ReadClusterFile(path)
	if err != nil {
		return nil, err
	}
	file := strings.TrimSuffix(filepath.Base(path), ".jsonl.gz")
	set := eval.BuildConflictSet(recs, file, eval.ConflictSetOptions{Seed: opt.Seed, Split: opt.Split, Prepare: prepared})
	byHalf := map[string]*ConflictReport{}
	for _, h := range []string{"dev", "test", "all"} {
		byHalf[h] = &ConflictReport{File: file, Half: h}
	}
	for _, st := range set {
		c, err := runConflictStory(ctx, st)
		if err != nil {
			return nil, fmt.Errorf("benchmark: conflicts: %s: %w", st.ID, err)
		}
		for _, h := range []string{st.Half, "all"} {
			r := byHalf[h]
			r.Cases = append(r.Cases, c)
		}
	}
	var out []ConflictReport
	for _, h := range []string{"dev", "test", "all"} {
		out = append(out, scoreConflicts(*byHalf[h]))
	}
	return out, nil
}

func scoreConflicts(r ConflictReport) ConflictReport {
	kinds := map[string]*ConflictKind{}
	for _, c := range r.Cases {
		if !c.Story.Injected {
			r.Controls++
			if c.Flagged {
				r.FlaggedAll++
			}
			if c.Story.Agreeing {
				r.Agreeing++
				if c.Flagged {
					r.Flagged++
				}
			}
			continue
		}
		r.Injected++
		k := kinds[c.Story.Kind]
		if k == nil {
			k = &ConflictKind{Kind: c.Story.Kind}
			kinds[c.Story.Kind] = k
		}
		k.Injected++
		if c.Found {
			r.Found++
			k.Found++
		}
		if c.Reachable {
			r.Reachable++
			if c.Found {
				r.FoundReachable++
			}
		}
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	r.Recall = ratio(r.Found, r.Injected)
	r.RecallReach = ratio(r.FoundReachable, r.Reachable)
	r.ControlRate = ratio(r.Flagged, r.Agreeing)
	for _, k := range kinds {
		k.Recall = ratio(k.Found, k.Injected)
		r.Kinds = append(r.Kinds, *k)
	}
	slices.SortFunc(r.Kinds, func(a, b ConflictKind) int {
		return cmp.Or(cmp.Compare(b.Injected, a.Injected), strings.Compare(a.Kind, b.Kind))
	})
	return r
}

// runConflictStory ingests one story into a fresh store and reads what
// the synthesis of each resulting story lists as conflicts.
func runConflictStory(ctx context.Context, st eval.ConflictStory) (ConflictCase, error) {
	c := ConflictCase{Story: st}
	store, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		return c, err
	}
	defer store.Close()
	articleOf := make([]int64, len(st.Recs))
	pcfg := pipeline.DefaultConfig()
	pcfg.Stored = func(it ingest.Item, a *news.Article) {
		if i, err := strconv.Atoi(it.ExternalID); err == nil && i >= 0 && i < len(st.Recs) {
			articleOf[i] = a.ID
		}
	}
	p := pipeline.New(store, cluster.New(cluster.DefaultConfig()), slog.New(slog.NewTextHandler(io.Discard, nil)), pcfg)
	if _, err := p.Ingest(ctx, recordItems(st.Recs), func(error) {}, nil); err != nil {
		return c, err
	}
	stories, _, err := store.FindStories(ctx, news.StoryFilter{})
	if err != nil {
		return c, err
	}
	byID := map[int64]*news.Article{}
	for _, s := range stories {
		members, _, err := store.FindArticles(ctx, news.ArticleFilter{StoryID: &s.ID})
		if err != nil {
			return c, err
		}
		for _, a := range members {
			byID[a.ID] = a
		}
		syn, err := (&synthesis.Synthesizer{}).Synthesize(ctx, s, members)
		if err != nil {
			return c, err
		}
		for _, x := range syn.Comparison.Conflicts {
			if strings.HasPrefix(x.What, "quote by") {
				continue
			}
			c.Conflicts = append(c.Conflicts, x)
			if st.Injected && hasValues(x, st.Old, st.New) {
				c.Found = true
			}
		}
	}
	c.Flagged = !st.Injected && len(c.Conflicts) > 0
	if st.Injected {
		// Reachable: the changed article and a witness share a story, and
		// neither is a near-copy of a member.
		independent := func(a *news.Article) bool {
			if a == nil || a.DuplicateOf == 0 {
				return a != nil
			}
			o := byID[a.DuplicateOf]
			return o == nil || o.StoryID != a.StoryID
		}
		changed := byID[articleOf[st.Article]]
		for _, w := range st.Witnesses {
			wa := byID[articleOf[w]]
			if independent(changed) && independent(wa) && wa.StoryID == changed.StoryID {
				c.Reachable = true
			}
		}
	}
	return c, nil
}

// hasValues tells whether a conflict lists both values among its sides.
func hasValues(x news.Conflict, a, b float64) bool {
	var gotA, gotB bool
	for _, sd := range x.Sides {
		v, err := strconv.ParseFloat(sd.Value, 64)
		if err != nil {
			continue
		}
		gotA = gotA || math.Abs(v-a) <= 1e-6*math.Max(1, math.Abs(a))
		gotB = gotB || math.Abs(v-b) <= 1e-6*math.Max(1, math.Abs(b))
	}
	return gotA && gotB
}

// prepared gives a record's title and body as the pipeline stores them.
func prepared(r eval.ClusterRecord) (string, string) {
	a, err := pipeline.Prepare(ingest.Item{Title: r.Title, Text: r.Text, Date: r.Date, URL: r.URL, Source: r.Source})
	if err != nil {
		return "", ""
	}
	return a.Title, a.Body
}
