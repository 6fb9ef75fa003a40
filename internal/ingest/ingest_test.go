package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// writeFiles creates files (path relative to dir -> content) under dir.
func writeFiles(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func gz(tb testing.TB, s string) string {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.String()
}

// collect reads paths and returns the items and error strings, with dir
// removed from both.
func collect(tb testing.TB, r *Reader, dir string, paths ...string) (items []Item, errs []string) {
	tb.Helper()
	err := r.Read(tb.Context(), paths, func(it Item) error {
		it.Origin = strings.TrimPrefix(filepath.ToSlash(it.Origin), filepath.ToSlash(dir)+"/")
		items = append(items, it)
		return nil
	}, func(e *ItemError) {
		errs = append(errs, strings.TrimPrefix(filepath.ToSlash(e.Error()), filepath.ToSlash(dir)+"/"))
	})
	if err != nil {
		tb.Fatalf("Read: %v", err)
	}
	return items, errs
}

func origins(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Origin)
	}
	return out
}

func TestReader_Folder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b.jsonl":             `{"id":"b1","title":"Tram line opens","text":"The new tram line opened.","date":"2026-01-05","url":"https://x.example/t","source":"X"}` + "\n\n" + `{"id":2,"headline":"Second","body":"Body two."}` + "\n",
		"a.txt":               "Storm closes ferry\n\nThe ferry was closed on Monday.\n",
		"sub/c.html":          `<html lang="en"><head><title>Dam opens</title></head><body><main><p>Water flowed.</p></main></body></html>`,
		"sub/d.json":          `[{"title":"One","content":"First."},{"title":"Two","maintext":"Second."}]`,
		"sub/e.ndjson.gz":     gz(t, `{"title":"Zipped","text":"Compressed text."}`+"\n"),
		"sub/f.data":          `{"title":"Sniffed","text":"JSON without extension."}`,
		"sub/g":               "<p>Sniffed HTML</p>",
		"sub/h.bin":           gz(t, "plain text, gzipped, no gz extension"),
		".hidden/x.txt":       "hidden folder",
		"sub/.hidden.txt":     "hidden file",
		"sub/z.md":            "# Notes\n\nMarkdown is text.",
		"sub/w.json":          "{\n  \"title\": \"Pretty\",\n  \"text\": \"Printed.\"\n}\n",
		"sub/v.json":          `{"title":"One line","text":"A single object on one line."}`,
		"sub/u.json":          `{"title":"L1","text":"a"}` + "\n" + `{"title":"L2","text":"b"}` + "\n",
		"sub/deeper/y.jsonl":  `{"title":"Deep","text":"Deep text."}`,
		"sub/deeper/.git/obj": "git object",
	})
	r := NewReader(Options{})
	items, errs := collect(t, r, dir, dir)
	want := []string{
		"a.txt", "b.jsonl:1", "b.jsonl:3", "sub/c.html", "sub/d.json:1", "sub/d.json:2",
		"sub/deeper/y.jsonl:1", "sub/e.ndjson.gz:1", "sub/f.data", "sub/g", "sub/h.bin",
		"sub/u.json:1", "sub/u.json:2", "sub/v.json", "sub/w.json", "sub/z.md",
	}
	if got := origins(items); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("origins\n got %v\nwant %v", got, want)
	}
	if len(errs) != 0 {
		t.Errorf("errors: %v", errs)
	}
	byOrigin := map[string]Item{}
	for _, it := range items {
		byOrigin[it.Origin] = it
	}
	checks := []struct {
		origin string
		want   Item
	}{
		{"b.jsonl:1", Item{Format: "jsonl", ExternalID: "b1", Title: "Tram line opens", Text: "The new tram line opened.", Date: "2026-01-05", URL: "https://x.example/t", Source: "X"}},
		{"b.jsonl:3", Item{Format: "jsonl", ExternalID: "2", Title: "Second", Text: "Body two."}},
		{"a.txt", Item{Format: "text", Text: "Storm closes ferry\n\nThe ferry was closed on Monday.\n"}},
		{"sub/c.html", Item{Format: "html", Title: "Dam opens", Text: "Water flowed.", Language: "en"}},
		{"sub/d.json:2", Item{Format: "json", Title: "Two", Text: "Second."}},
		{"sub/e.ndjson.gz:1", Item{Format: "jsonl", Title: "Zipped", Text: "Compressed text."}},
		{"sub/f.data", Item{Format: "json", Title: "Sniffed", Text: "JSON without extension."}},
		{"sub/g", Item{Format: "html", Text: "Sniffed HTML"}},
		{"sub/h.bin", Item{Format: "text", Text: "plain text, gzipped, no gz extension"}},
		{"sub/w.json", Item{Format: "json", Title: "Pretty", Text: "Printed."}},
		{"sub/v.json", Item{Format: "json", Title: "One line", Text: "A single object on one line."}},
		{"sub/u.json:2", Item{Format: "jsonl", Title: "L2", Text: "b"}},
	}
	for _, c := range checks {
		got := byOrigin[c.origin]
		got.Origin = ""
		if got != c.want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.origin, got, c.want)
		}
	}
	done, total := r.Progress()
	if total == 0 || done != total {
		t.Errorf("Progress() = %d, %d; want done == total > 0", done, total)
	}
}

func TestReader_Errors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"bad.jsonl":   `{"title":"ok 1","text":"x"}` + "\n{not json\n" + `["array"]` + "\n" + `{"title":"","text":"  "}` + "\n" + `{"title":"ok 5","text":"x"}` + "\n" + `{"title":"ok 6"} trailing` + "\n",
		"arr.json":    `[{"title":"a","text":"x"}, 42, {"text":""}, {"title":"d","text":"x"}]`,
		"broken.json": `{"title": "unterminated`,
		"trunc.json":  `[{"title":"a","text":"x"}, {"tit`,
		"empty.txt":   " \n\n ",
		"empty.json":  "",
		"bad.gz":      "\x1f\x8bnot really gzip",
		"scalar.json": `"just a string"`,
	})
	items, errs := collect(t, NewReader(Options{}), dir,
		filepath.Join(dir, "bad.jsonl"), filepath.Join(dir, "arr.json"), filepath.Join(dir, "missing.txt"),
		filepath.Join(dir, "broken.json"), filepath.Join(dir, "trunc.json"), filepath.Join(dir, "empty.txt"),
		filepath.Join(dir, "empty.json"), filepath.Join(dir, "bad.gz"), filepath.Join(dir, "scalar.json"), "-")
	wantItems := []string{"bad.jsonl:1", "bad.jsonl:5", "arr.json:1", "arr.json:4", "trunc.json:1"}
	if got := origins(items); strings.Join(got, " ") != strings.Join(wantItems, " ") {
		t.Errorf("items %v, want %v", got, wantItems)
	}
	wantErrs := []string{
		"bad.jsonl:2: invalid JSON",
		"bad.jsonl:3: not a JSON object but an array",
		"bad.jsonl:4: empty article",
		"bad.jsonl:6: invalid JSON: data after the object",
		"arr.json:2: not a JSON object but a number",
		"arr.json:3: empty article",
		"missing.txt: stat:",
		"broken.json: invalid JSON",
		"trunc.json:2: invalid JSON",
		"empty.txt: empty article",
		"empty.json: empty article",
		"bad.gz: gzip:",
		"scalar.json: not a JSON object but a string",
		"stdin: no standard input",
	}
	if len(errs) != len(wantErrs) {
		t.Errorf("got %d errors, want %d:\n%s", len(errs), len(wantErrs), strings.Join(errs, "\n"))
	}
	for i := range min(len(errs), len(wantErrs)) {
		if !strings.HasPrefix(errs[i], wantErrs[i]) {
			t.Errorf("error %d = %q, want prefix %q", i, errs[i], wantErrs[i])
		}
	}
}

func TestReader_Stdin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string // origin|format|title|text
	}{
		{"jsonl", `{"title":"A","text":"a"}` + "\n" + `{"title":"B","text":"b"}` + "\n", []string{"stdin:1|jsonl|A|a", "stdin:2|jsonl|B|b"}},
		{"jsonl leading blank", "\n" + `{"title":"A","text":"a"}` + "\n" + `{"title":"B","text":"b"}`, []string{"stdin:2|jsonl|A|a", "stdin:3|jsonl|B|b"}},
		{"json object", `{"title":"A","text":"a"}`, []string{"stdin|json|A|a"}},
		{"json array", ` [{"title":"A","text":"a"}]`, []string{"stdin:1|json|A|a"}},
		{"html", "<!doctype html><title>T</title><p>P</p>", []string{"stdin|html|T|P"}},
		{"text", "Plain words.\r\nSecond line.", []string{"stdin|text||Plain words.\nSecond line."}},
		{"gzip jsonl", gz(t, `{"title":"Z","text":"z"}`+"\n"+`{"title":"Y","text":"y"}`), []string{"stdin:1|jsonl|Z|z", "stdin:2|jsonl|Y|y"}},
		{"bom", "\xef\xbb\xbf" + `{"title":"A","text":"a"}` + "\n" + `{"title":"B","text":"b"}`, []string{"stdin:1|jsonl|A|a", "stdin:2|jsonl|B|b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(Options{Stdin: strings.NewReader(tc.in)})
			items, errs := collect(t, r, "", "-")
			var got []string
			for _, it := range items {
				got = append(got, strings.Join([]string{it.Origin, it.Format, it.Title, it.Text}, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") || len(errs) > 0 {
				t.Errorf("got %q (errors %v), want %q", got, errs, tc.want)
			}
		})
	}
}

func TestDecodeObject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Item
	}{
		{`{"id":123,"title":"T","text":"x"}`, Item{ExternalID: "123", Title: "T", Text: "x"}},
		{`{"ID":"a","Title":"T","Body":"x","Published":"2026-01-01","Link":"https://a.example","Outlet":"O","Lang":"en"}`,
			Item{ExternalID: "a", Title: "T", Text: "x", Date: "2026-01-01", URL: "https://a.example", Source: "O", Language: "en"}},
		{`{"headline":"H","maintext":"m","date_publish":"2026-01-01 10:00:00","site":"S","language":"de"}`,
			Item{Title: "H", Text: "m", Date: "2026-01-01 10:00:00", Source: "S", Language: "de"}},
		{`{"title":"T","text":"","description":"fallback","publish_date":1767225600}`, Item{Title: "T", Text: "fallback", Date: "1767225600"}},
		{`{"title":"T","content":["p1"," p2 "],"source":{"id":"x","name":"Named"}}`, Item{Title: "T", Text: "p1\n\np2", Source: "Named"}},
		{`{"title":"T","text":"x","date":null,"event":"e1","topic":"t"}`, Item{Title: "T", Text: "x"}},
		{`{"title":"T","text":"bad \udc00 surrogate"}`, Item{Title: "T", Text: "bad \ufffd surrogate"}},
	}
	for _, tc := range tests {
		got, err := decodeObject([]byte(tc.in))
		if err != nil {
			t.Errorf("decodeObject(%s): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("decodeObject(%s)\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
	}
}

func TestReader_LongLines(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	long := `{"title":"Long","text":"` + strings.Repeat("word ", 40000) + `"}` // ~200 KB, beyond bufio's buffer
	writeFiles(t, dir, map[string]string{
		"long.jsonl": long + "\n" + `{"title":"` + strings.Repeat("x", 2000) + `","text":"too long"}` + "\n" + `{"title":"After","text":"a"}`,
	})
	r := NewReader(Options{MaxLineBytes: 1000})
	items, errs := collect(t, r, dir, filepath.Join(dir, "long.jsonl"))
	if got := origins(items); strings.Join(got, " ") != "long.jsonl:3" {
		t.Errorf("items %v, want [long.jsonl:3]", got)
	}
	if len(errs) != 2 || !strings.Contains(errs[0], "long.jsonl:1: line too long") || !strings.Contains(errs[1], "long.jsonl:2: line too long") {
		t.Errorf("errors %v, want lines 1 and 2 too long", errs)
	}
	items, errs = collect(t, NewReader(Options{}), dir, filepath.Join(dir, "long.jsonl"))
	if len(items) != 3 || len(errs) != 0 || len(items[0].Text) != 200000 {
		t.Errorf("default cap: %d items, errors %v", len(items), errs)
	}
}

func TestReader_Legacy(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"l.txt": "Caf\xe9 \x93quoted\x94"})
	items, _ := collect(t, NewReader(Options{}), dir, filepath.Join(dir, "l.txt"))
	if len(items) != 1 || items[0].Text != "Café \u201cquoted\u201d" {
		t.Errorf("items %+v, want windows-1252 decoded", items)
	}
}

func TestReader_Stop(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var lines strings.Builder
	for i := range 10 {
		fmt.Fprintf(&lines, `{"title":"T%d","text":"x"}`+"\n", i)
	}
	writeFiles(t, dir, map[string]string{"a.jsonl": lines.String(), "b.txt": "b"})

	stop := errors.New("stop")
	n := 0
	err := NewReader(Options{}).Read(t.Context(), []string{dir}, func(Item) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	}, nil)
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("fn error: Read returned %v after %d items, want stop after 3", err, n)
	}

	ctx, cancel := context.WithCancel(t.Context())
	n = 0
	err = NewReader(Options{}).Read(ctx, []string{dir}, func(Item) error {
		n++
		if n == 2 {
			cancel()
		}
		return nil
	}, nil)
	if !errors.Is(err, context.Canceled) || n != 2 {
		t.Errorf("cancel: Read returned %v after %d items, want context.Canceled after 2", err, n)
	}
}

func TestReader_ProgressConcurrent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var lines strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&lines, `{"title":"T%d","text":"some text for line %d"}`+"\n", i, i)
	}
	writeFiles(t, dir, map[string]string{"a.jsonl": lines.String(), "b.jsonl.gz": gz(t, lines.String())})
	r := NewReader(Options{})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				if done, total := r.Progress(); done > total && total > 0 {
					t.Errorf("done %d > total %d", done, total)
					return
				}
			}
		}
	})
	items, _ := collect(t, r, dir, dir)
	close(stop)
	wg.Wait()
	if len(items) != 4000 {
		t.Errorf("%d items, want 4000", len(items))
	}
	if done, total := r.Progress(); done != total {
		t.Errorf("Progress() = %d, %d at the end", done, total)
	}
}

func TestItemError(t *testing.T) {
	t.Parallel()
	e := &ItemError{Path: "a.jsonl", Line: 3, Err: ErrEmpty}
	if e.Error() != "a.jsonl:3: empty article" || !errors.Is(e, ErrEmpty) {
		t.Errorf("Error() = %q", e.Error())
	}
	if e := (&ItemError{Path: "b.txt", Err: ErrEmpty}); e.Error() != "b.txt: empty article" {
		t.Errorf("Error() = %q", e.Error())
	}
}
