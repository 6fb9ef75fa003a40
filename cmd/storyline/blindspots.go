package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/story/coverage"
	"github.com/storyline-news/storyline/internal/taxonomy"
)

// blindspotsJSON is what blindspots --json prints.
type blindspotsJSON struct {
	Dimension  string                    `json:"dimension"`
	MinSources int                       `json:"min_sources"`
	MinShare   float64                   `json:"min_share"`
	Examined   int                       `json:"examined"` // stories looked at
	Blindspots []coverage.StoryBlindspot `json:"blindspots"`
}

func runBlindspots(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "blindspots", "--dim DIM [flags]")
	db := dbFlag(fs)
	dim := fs.String("dim", "", "the taxonomy dimension to judge coverage on (required), such as lean")
	asJSON := fs.Bool("json", false, "print a JSON object")
	minSources := fs.Int("min-sources", coverage.DefaultMinSources, "least number of classified independent sources a story needs to be judged")
	minShare := fs.Float64("min-share", coverage.DefaultMinShare, "least share of them one side must have")
	limit := fs.Int("limit", 500, "examine this many most recent stories (0: all)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *dim == "" {
		return usagef("blindspots needs --dim, such as --dim lean")
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	t, err := store.FindTaxonomy(ctx)
	if err != nil {
		return err
	}
	th := coverage.Thresholds{MinSources: *minSources, MinShare: *minShare}
	found, examined, err := coverage.FindBlindspots(ctx, store, taxonomy.NewMatcher(t), *dim, th, news.StoryFilter{Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		d, _ := t.Dimension(*dim)
		return writeJSON(e.stdout, blindspotsJSON{Dimension: d.Name, MinSources: th.MinSources, MinShare: th.MinShare, Examined: examined, Blindspots: found})
	}
	fmt.Fprintf(e.stdout, "%d of %d stories covered on %s by at least %d classified sources, %.0f%% or more from one side\n",
		len(found), examined, *dim, th.MinSources, th.MinShare*100)
	if len(found) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSIDE\tSHARE\tMISSING\tHEADLINE")
	for _, b := range found {
		fmt.Fprintf(tw, "%d\t%s\t%d of %d\t%s\t%s\n", b.Story.ID, strings.Join(b.Side, ", "), len(b.SideSources), b.Sources,
			orDash(strings.Join(b.Missing, ", ")), b.Story.Headline)
	}
	return tw.Flush()
}

// coveredBySources resolves a DIM:VALUE filter to the stored sources with
// that value.
func coveredBySources(ctx context.Context, store appStore, spec string) ([]string, error) {
	t, err := store.FindTaxonomy(ctx)
	if err != nil {
		return nil, err
	}
	dim, value, err := coverage.ParseCoveredBy(t, spec)
	if err != nil {
		return nil, err
	}
	srcs, err := store.FindSources(ctx)
	if err != nil {
		return nil, err
	}
	return coverage.SourcesWith(taxonomy.NewMatcher(t), srcs, dim, value), nil
}

// printCoverage prints a story's coverage on each dimension.
func printCoverage(w io.Writer, t *news.Taxonomy, cov news.Coverage) {
	if len(t.Dimensions) == 0 {
		return
	}
	fmt.Fprintln(w, "\nCoverage (independent sources)")
	for _, d := range t.Dimensions {
		c := cov[d.Name]
		if c == nil {
			continue
		}
		var parts []string
		for _, v := range c.Values {
			parts = append(parts, fmt.Sprintf("%s %d (%s)", v.Value, v.Count, strings.Join(v.Sources, ", ")))
		}
		line := orDash(strings.Join(parts, "; "))
		if len(c.Missing) > 0 {
			line += "; none: " + strings.Join(c.Missing, ", ")
		}
		if len(c.Unclassified) > 0 {
			line += fmt.Sprintf("; unclassified: %d", len(c.Unclassified))
		}
		fmt.Fprintf(w, "  %-10s %s\n", d.Name+":", line)
	}
}
