// Package taxonomy reads the user's outlet taxonomy from a CSV file and
// matches stored source names against it.
//
// The file has a header "source,DIM1,DIM2,…" naming the dimensions, then
// one outlet per line: its source name (a host name or the input's source
// field), with aliases separated by "|" and wildcards such as
// "*.example.com", followed by its value on each dimension (empty: none).
// A line "#order DIM=v1,v2,…" makes DIM an ordinal scale with that order;
// every value given on it must be one of those. Other lines starting with
// "#" and blank lines are ignored. Every error names the file and line.
package taxonomy

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// LineError is an error at one line of a taxonomy file.
type LineError struct {
	File string
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// maxErrors caps the errors Parse reports at once.
const maxErrors = 20

// Parse reads a taxonomy from r; name is the file's name in errors. It
// reports every invalid line (up to 20), joined, each a *LineError
// wrapped in a news EINVALID error.
func Parse(r io.Reader, name string) (*news.Taxonomy, error) {
	p := &parser{file: name, t: &news.Taxonomy{}, seen: map[string]int{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	type order struct {
		line   int
		values string
	}
	orders := map[string]order{}
	var orderNames []string
	var rows []int // line numbers of source rows
	var cells [][]string
	header := false
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "#order"):
			spec := strings.TrimSpace(strings.TrimPrefix(line, "#order"))
			dim, values, ok := strings.Cut(spec, "=")
			dim = strings.ToLower(strings.TrimSpace(dim))
			if !ok || dim == "" {
				p.errorf(n, "#order wants DIM=v1,v2,…, not %q", spec)
				continue
			}
			if prev, dup := orders[dim]; dup {
				p.errorf(n, "second #order for %q (first at line %d)", dim, prev.line)
				continue
			}
			orders[dim] = order{n, values}
			orderNames = append(orderNames, dim)
			continue
		case strings.HasPrefix(line, "#"):
			continue
		}
		rec, err := readRecord(line)
		if err != nil {
			p.errorf(n, "%v", err)
			continue
		}
		if !header {
			header = true
			p.header(n, rec)
			continue
		}
		rows, cells = append(rows, n), append(cells, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("taxonomy: read %s: %w", name, err)
	}
	if !header {
		p.errorf(1, "no header line (source,DIM1,DIM2,…)")
	}
	for _, dim := range orderNames {
		o := orders[dim]
		i := slices.IndexFunc(p.t.Dimensions, func(d news.Dimension) bool { return d.Name == dim })
		if i < 0 {
			if header {
				p.errorf(o.line, "#order for %q, which is not a column of the header", dim)
			}
			continue
		}
		var scale []string
		for v := range strings.SplitSeq(o.values, ",") {
			v = strings.TrimSpace(v)
			switch {
			case v == "":
				p.errorf(o.line, "#order %s has an empty value", dim)
			case slices.ContainsFunc(scale, func(w string) bool { return strings.EqualFold(v, w) }):
				p.errorf(o.line, "#order %s lists %q twice", dim, v)
			default:
				scale = append(scale, v)
			}
		}
		p.t.Dimensions[i].Order = scale
	}
	for i, rec := range cells {
		p.row(rows[i], rec)
	}
	if len(p.errs) > 0 {
		return nil, news.Errorf(news.EINVALID, "%s", errors.Join(p.errs...).Error())
	}
	return p.t, nil
}

// readRecord reads one CSV record from a line.
func readRecord(line string) ([]string, error) {
	cr := csv.NewReader(strings.NewReader(line))
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil {
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			return nil, pe.Err
		}
		return nil, err
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	return rec, nil
}

type parser struct {
	file string
	t    *news.Taxonomy
	errs []error
	seen map[string]int // lower-cased source names and aliases -> line
}

func (p *parser) errorf(line int, format string, args ...any) {
	if len(p.errs) < maxErrors {
		p.errs = append(p.errs, &LineError{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
}

func (p *parser) header(n int, rec []string) {
	if !strings.EqualFold(rec[0], "source") {
		p.errorf(n, "the header's first column must be \"source\", not %q", rec[0])
	}
	if len(rec) < 2 {
		p.errorf(n, "the header names no dimension (source,DIM1,DIM2,…)")
	}
	for _, name := range rec[1:] {
		name = strings.ToLower(name)
		switch {
		case name == "":
			p.errorf(n, "the header has an empty dimension name")
		case strings.ContainsAny(name, ":=,| \t"):
			p.errorf(n, "dimension name %q may not contain spaces or any of : = , |", name)
		case slices.ContainsFunc(p.t.Dimensions, func(d news.Dimension) bool { return d.Name == name }):
			p.errorf(n, "dimension %q named twice in the header", name)
		default:
			p.t.Dimensions = append(p.t.Dimensions, news.Dimension{Name: name})
		}
	}
}

func (p *parser) row(n int, rec []string) {
	if want := len(p.t.Dimensions) + 1; len(rec) != want {
		p.errorf(n, "%d fields, want %d (source and %d dimensions)", len(rec), want, want-1)
		return
	}
	var names []string
	for name := range strings.SplitSeq(rec[0], "|") {
		name = strings.TrimSpace(name)
		if err := checkName(name); err != nil {
			p.errorf(n, "%v", err)
			return
		}
		key := strings.ToLower(name)
		if prev, dup := p.seen[key]; dup {
			p.errorf(n, "source %q already classified at line %d", name, prev)
			return
		}
		p.seen[key] = n
		names = append(names, name)
	}
	sv := news.SourceValues{Name: names[0], Aliases: names[1:], Values: map[string]string{}}
	if len(sv.Aliases) == 0 {
		sv.Aliases = nil
	}
	for i, v := range rec[1:] {
		if v == "" {
			continue
		}
		d, v, err := p.t.Value(p.t.Dimensions[i].Name, v)
		if err != nil {
			p.errorf(n, "%s", news.ErrorMessage(err))
			continue
		}
		sv.Values[d.Name] = v
	}
	p.t.Sources = append(p.t.Sources, sv)
}

// checkName checks a source name or alias: not empty, and "*" only as a
// leading "*." of a wildcard.
func checkName(name string) error {
	switch {
	case name == "":
		return errors.New("empty source name or alias")
	case strings.HasPrefix(name, "*."):
		rest := name[2:]
		if rest == "" || strings.Contains(rest, "*") || strings.HasPrefix(rest, ".") {
			return fmt.Errorf("bad wildcard %q: use *.example.com", name)
		}
	case strings.Contains(name, "*"):
		return fmt.Errorf("bad wildcard %q: \"*\" may only start a name, as in *.example.com", name)
	}
	return nil
}

// Format writes t in the file format Parse reads.
func Format(w io.Writer, t *news.Taxonomy) error {
	bw := bufio.NewWriter(w)
	for _, d := range t.Dimensions {
		if d.Ordinal() {
			fmt.Fprintf(bw, "#order %s=%s\n", d.Name, strings.Join(d.Order, ","))
		}
	}
	cw := csv.NewWriter(bw)
	header := []string{"source"}
	for _, d := range t.Dimensions {
		header = append(header, d.Name)
	}
	cw.Write(header)
	for _, s := range t.Sources {
		rec := []string{strings.Join(append([]string{s.Name}, s.Aliases...), "|")}
		for _, d := range t.Dimensions {
			rec = append(rec, s.Values[d.Name])
		}
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
