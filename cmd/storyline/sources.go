package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/taxonomy"
)

func runSources(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "import":
			return runSourcesImport(ctx, e, args[1:])
		case "list":
			return runSourcesList(ctx, e, args[1:])
		case "set":
			return runSourcesSet(ctx, e, args[1:])
		}
	}
	return usagef("sources takes a subcommand: import FILE, list [--json], set SOURCE DIM=VALUE...")
}

func runSourcesImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sources import", "[flags] FILE.csv")
	db := dbFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("sources import takes one taxonomy file")
	}
	t, err := readTaxonomy(pos[0])
	if err != nil {
		return err
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.SaveTaxonomy(ctx, t); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %d sources on %d dimensions (%s)\n", len(t.Sources), len(t.Dimensions), dimensionList(t))
	return nil
}

// readTaxonomy reads and checks a taxonomy file.
func readTaxonomy(path string) (*news.Taxonomy, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, news.Errorf(news.EINVALID, "%v", err)
	}
	defer f.Close()
	return taxonomy.Parse(f, filepath.Base(path))
}

func dimensionList(t *news.Taxonomy) string {
	var out []string
	for _, d := range t.Dimensions {
		if d.Ordinal() {
			out = append(out, d.Name+": "+strings.Join(d.Order, " < "))
		} else {
			out = append(out, d.Name)
		}
	}
	return strings.Join(out, "; ")
}

// sourceJSON is an outlet as sources list --json prints it.
type sourceJSON struct {
	Name     string            `json:"name"`
	Articles int               `json:"articles"`
	Values   map[string]string `json:"values"`
	// Entry is the taxonomy entry that classifies it ("" when none).
	Entry string `json:"entry,omitempty"`
}

// sourcesListJSON is what sources list --json prints: the taxonomy and
// every stored outlet with its values.
type sourcesListJSON struct {
	Taxonomy *news.Taxonomy `json:"taxonomy"`
	Sources  []sourceJSON   `json:"sources"`
}

func runSourcesList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sources list", "[flags]")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON object: the taxonomy and the stored sources with their values")
	if _, err := parse(fs, args); err != nil {
		return err
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
	srcs, err := store.FindSources(ctx)
	if err != nil {
		return err
	}
	m := taxonomy.NewMatcher(t)
	out := sourcesListJSON{Taxonomy: t, Sources: []sourceJSON{}}
	for _, s := range srcs {
		sj := sourceJSON{Name: s.Name, Articles: s.Articles, Values: map[string]string{}}
		if sv, ok := m.Lookup(s.Name); ok {
			sj.Entry, sj.Values = sv.Name, sv.Values
		}
		out.Sources = append(out.Sources, sj)
	}
	if *asJSON {
		return writeJSON(e.stdout, out)
	}
	if len(t.Dimensions) == 0 {
		fmt.Fprintln(e.stdout, "No taxonomy: import one with storyline sources import FILE.csv")
	} else {
		fmt.Fprintf(e.stdout, "Dimensions: %s\n%d classified sources in the taxonomy\n\n", dimensionList(t), len(t.Sources))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	header := []string{"SOURCE", "ARTICLES"}
	for _, d := range t.Dimensions {
		header = append(header, strings.ToUpper(d.Name))
	}
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, s := range out.Sources {
		row := []string{s.Name, fmt.Sprint(s.Articles)}
		for _, d := range t.Dimensions {
			row = append(row, orDash(s.Values[d.Name]))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

func runSourcesSet(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "sources set", "[flags] SOURCE DIM=VALUE...  (DIM= removes a value)")
	db := dbFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usagef("sources set takes a source and one or more DIM=VALUE")
	}
	values := map[string]string{}
	for _, kv := range pos[1:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return usagef("sources set: %q is not DIM=VALUE", kv)
		}
		values[strings.ToLower(strings.TrimSpace(k))] = v
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.SetSourceValues(ctx, pos[0], values); err != nil {
		return err
	}
	t, err := store.FindTaxonomy(ctx)
	if err != nil {
		return err
	}
	if i := t.Source(pos[0]); i >= 0 {
		sv := t.Sources[i]
		var kv []string
		for _, d := range t.Dimensions {
			if v := sv.Values[d.Name]; v != "" {
				kv = append(kv, d.Name+"="+v)
			}
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", sv.Name, orDash(strings.Join(kv, " ")))
	}
	return nil
}
