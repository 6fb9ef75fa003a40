package ingest

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReader_WrongJSONTypes: a field of the wrong JSON type is an error
// naming the field, not a value coerced into text.
func TestReader_WrongJSONTypes(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, field string }{
		{`{"title": 5, "text": "Body."}`, `"title"`},
		{`{"title": "T", "text": "Body.", "source": ["a", "b"]}`, `"source"`},
		{`{"title": "T", "text": "Body.", "url": 123}`, `"url"`},
		{`{"title": "T", "text": {"a": 1}}`, `"text"`},
		{`{"title": "T", "text": ["p", 3]}`, `"text"`},
		{`{"title": true, "text": "Body."}`, `"title"`},
		{`{"title": "T", "text": "Body.", "language": ["en"]}`, `"language"`},
		{`{"title": "T", "text": "Body.", "date": {"y": 2026}}`, `"date"`},
	}
	for _, tc := range tests {
		items, errs := collect(t, NewReader(Options{Stdin: strings.NewReader(tc.in + "\n" + tc.in + "\n")}), "", "-")
		if len(items) != 0 || len(errs) != 2 || !strings.Contains(errs[0], "field "+tc.field) || !strings.HasPrefix(errs[0], "stdin:1: ") {
			t.Errorf("%s: items %d, errors %q; want two errors naming field %s", tc.in, len(items), errs, tc.field)
		}
	}
}

// TestReader_ReportsEmptyInputs: an input that yields nothing says so,
// once, whatever its format.
func TestReader_ReportsEmptyInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.jsonl":     "",
		"b.jsonl":     "\n\n  \n",
		"c.warc":      "",
		"d.jsonl.gz":  gz(t, ""),
		"e.json":      "[]",
		"f.txt":       "",
		"g.warc":      warcResponse("https://news.example/logo.png", "image/png", "\x89PNG"),
		"h.ndjson.gz": gz(t, "\n"),
	})
	items, errs := collect(t, NewReader(Options{}), dir, dir)
	if len(items) != 0 || len(errs) != 8 {
		t.Fatalf("items %d, errors %q; want one error per file", len(items), errs)
	}
	for _, e := range errs {
		if !strings.Contains(e, ErrNothing.Error()) && !strings.Contains(e, ErrEmpty.Error()) {
			t.Errorf("error %q does not say the input was empty", e)
		}
	}
}

// TestReader_BrokenGzipLineOnce: a gzip stream cut in a line reports that
// line once.
func TestReader_BrokenGzipLineOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(3, 4))
	var noise strings.Builder
	for range 400 {
		noise.WriteString(string(rune('a' + r.IntN(26))))
	}
	whole := gz(t, `{"title":"A","text":"One."}`+"\n"+`{"title":"B","text":"`+noise.String()+`"}`+"\n")
	writeFiles(t, dir, map[string]string{"cut.jsonl.gz": whole[:len(whole)-200]})
	items, errs := collect(t, NewReader(Options{}), dir, filepath.Join(dir, "cut.jsonl.gz"))
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "cut.jsonl.gz:2: ") || len(items) != 1 {
		t.Errorf("items %d, errors %q; want the first line and one error for the cut line 2", len(items), errs)
	}
}

// TestReader_WARCRecordNumbers: errors name the record they are about,
// counting every record, and a record cut short is not read as a page.
func TestReader_WARCRecordNumbers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	info := "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\ninfo\r\n\r\n"
	good := warcResponse("https://news.example/a", "text/html", `<p>Dam opens on Tuesday.</p>`)
	cut := warcResponse("https://news.example/b", "text/html", `<p>Ferry returns on Friday after a long winter.</p>`)
	writeFiles(t, dir, map[string]string{
		"bad.warc": info + good + "WARC/1.0\r\nContent-Length: nope\r\n\r\n",
		"cut.warc": info + good + cut[:len(cut)-20],
	})
	items, errs := collect(t, NewReader(Options{}), dir, filepath.Join(dir, "bad.warc"))
	if len(items) != 1 || !strings.HasSuffix(items[0].Origin, "bad.warc:2") || len(errs) != 1 || !strings.HasPrefix(errs[0], "bad.warc:3: ") {
		t.Errorf("bad.warc: items %+v, errors %q; want the page of record 2 and an error naming record 3", items, errs)
	}
	items, errs = collect(t, NewReader(Options{}), dir, filepath.Join(dir, "cut.warc"))
	if len(items) != 1 || len(errs) != 1 || !strings.HasPrefix(errs[0], "cut.warc:3: ") {
		t.Errorf("cut.warc: %d items, errors %q; want one page and record 3 reported cut", len(items), errs)
	}
}

// TestReader_Symlinks: symbolic links to files and folders are read,
// a link loop and a broken link are reported.
func TestReader_Symlinks(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"real/a.txt": "Dam opens\n\nThe dam opened on Tuesday.", "other/b.txt": "Ferry returns\n\nThe ferry is back."})
	in := filepath.Join(dir, "in")
	must(t, os.Mkdir(in, 0o755))
	must(t, os.Symlink(filepath.Join(dir, "real", "a.txt"), filepath.Join(in, "link.txt")))
	must(t, os.Symlink(filepath.Join(dir, "other"), filepath.Join(in, "linkdir")))
	must(t, os.Symlink(in, filepath.Join(in, "loop")))
	must(t, os.Symlink(filepath.Join(dir, "missing"), filepath.Join(in, "broken.txt")))
	items, errs := collect(t, NewReader(Options{}), dir, in)
	if len(items) != 2 || len(errs) != 2 {
		t.Fatalf("items %d, errors %q; want 2 items (file and folder links), the loop and the broken link reported", len(items), errs)
	}
	if !strings.Contains(errs[0], "broken.txt: broken symbolic link") || !strings.Contains(errs[1], "in/loop: symbolic link loop") {
		t.Errorf("errors %q", errs)
	}
}

// TestReader_SpecialFiles: a named pipe or a device given as a path is an
// error naming it, at once: reading never blocks on it.
func TestReader_SpecialFiles(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("named pipes")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	writeFiles(t, dir, map[string]string{"sub/ok.txt": "Dam opens\n\nThe dam opened."})
	must(t, syscall.Mkfifo(filepath.Join(dir, "sub", "p2"), 0o644))
	done := make(chan struct{})
	var items []Item
	var errs []string
	go func() {
		defer close(done)
		items, errs = collect(t, NewReader(Options{}), dir, fifo, "/dev/null", filepath.Join(dir, "sub"))
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("reading a named pipe blocked")
	}
	if len(items) != 1 || len(errs) != 3 {
		t.Fatalf("items %d, errors %q", len(items), errs)
	}
	for i, want := range []string{"pipe.txt: not a regular file (named pipe)", "/dev/null: not a regular file (character device)", "sub/p2: not a regular file (named pipe)"} {
		if !strings.Contains(errs[i], want) {
			t.Errorf("error %d = %q, want %q", i, errs[i], want)
		}
	}
}

// TestReader_StdinCancel: a read of standard input that blocks ends when
// the context is cancelled.
func TestReader_StdinCancel(t *testing.T) {
	t.Parallel()
	pr, pw, err := os.Pipe()
	must(t, err)
	defer pw.Close()
	defer pr.Close()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- NewReader(Options{Stdin: pr}).Read(ctx, []string{"-"}, func(Item) error { return nil }, nil)
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if err == nil {
			t.Error("Read returned nil after cancel, want the context's error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Read of a silent stdin did not end on cancel")
	}
}

// TestReader_Garbage: binary content and broken UTF-8 are refused; legacy
// windows-1252 text is read.
func TestReader_Garbage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	files := map[string]string{
		"legacy.txt": "Caf\xe9 opens\n\nThe caf\xe9 opened on Tuesday, na\xefve as it was.",
		"broken.txt": "Caf\xc3\xa9 opens\n\nThe caf\xc3\xa9 opened \xff\xfe on Tuesday.",
		"nul.txt":    "Title\n\nSome text\x00with a NUL.",
		"ctrl.txt":   strings.Repeat("text \x01\x02\x03\x04 ", 50),
	}
	for i := range 20 {
		b := make([]byte, 200+r.IntN(4000))
		for j := range b {
			b[j] = byte(r.UintN(256))
		}
		files[filepath.Join("random", string(rune('a'+i))+".bin")] = string(b)
	}
	if ls, err := os.ReadFile("/bin/ls"); err == nil {
		files["ls"] = string(ls[:min(len(ls), 5<<20)])
	}
	writeFiles(t, dir, files)
	items, errs := collect(t, NewReader(Options{}), dir, dir)
	if len(items) != 1 || items[0].Origin != "legacy.txt" || !strings.Contains(items[0].Text, "café") {
		t.Errorf("items %+v; want only legacy.txt, decoded", items)
	}
	if len(errs) != len(files)-1 {
		t.Errorf("%d errors for %d bad files: %q", len(errs), len(files)-1, errs)
	}
	for _, e := range errs {
		if !strings.Contains(e, ErrBinary.Error()) && !strings.Contains(e, ErrEncoding.Error()) {
			t.Errorf("error %q does not say binary or invalid UTF-8", e)
		}
	}
}

// TestReader_Limits: documents and inputs over their limits are refused
// with their own errors, while reading, after decompression.
func TestReader_Limits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := strings.Repeat("word ", 3000) // 15,000 bytes
	writeFiles(t, dir, map[string]string{
		"big.txt":       "Title\n\n" + big,
		"bomb.txt.gz":   gz(t, "Title\n\n"+strings.Repeat("a", 1<<20)),
		"lines.jsonl":   `{"title":"T","text":"` + big + `"}` + "\n" + `{"title":"U","text":"Short."}` + "\n",
		"many.jsonl":    strings.Repeat(`{"title":"T","text":"Short text."}`+"\n", 1000),
		"bomb.jsonl.gz": gz(t, strings.Repeat(`{"title":"T","text":"Short text."}`+"\n", 1000)),
	})
	opts := Options{MaxDocBytes: 10000, MaxFileBytes: 20000}
	items, errs := collect(t, NewReader(opts), dir, dir)
	want := []string{
		"big.txt: document too large",
		"bomb.jsonl.gz:572: input too large",
		"bomb.txt.gz: document too large",
		"lines.jsonl:1: document too large",
		"many.jsonl:572: input too large",
	}
	if len(errs) != len(want) {
		t.Fatalf("errors %q, want %q", errs, want)
	}
	for i := range want {
		if !strings.HasPrefix(errs[i], want[i]) {
			t.Errorf("error %q, want %q", errs[i], want[i])
		}
	}
	if len(items) != 1+571+571 {
		t.Errorf("%d items, want the short line and the 571 lines of each big file within the limit", len(items))
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

// TestReader_FolderDocs: a folder's README, LICENSE and the like describe
// the folder, not an event; walking the folder skips them, naming one reads it.
func TestReader_FolderDocs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"README.md":         "# Articles\n\nTwo articles about the dam.",
		"sub/LICENSE":       "CC BY 4.0",
		"sub/changelog.txt": "v2: added b.txt",
		"a.txt":             "Dam opens\n\nThe dam opened on Tuesday.",
		"sub/b.txt":         "Ferry returns\n\nThe ferry is back.",
		"readmeplease.txt":  "Readers write\n\nLetters to the editor arrived on Monday.",
	})
	items, errs := collect(t, NewReader(Options{}), dir, dir)
	var origins []string
	for _, it := range items {
		origins = append(origins, filepath.Base(it.Origin))
	}
	if got, want := strings.Join(origins, " "), "a.txt readmeplease.txt b.txt"; got != want || len(errs) != 0 {
		t.Errorf("walking the folder read %q (errors %q); want %q", got, errs, want)
	}
	items, _ = collect(t, NewReader(Options{}), dir, filepath.Join(dir, "README.md"))
	if len(items) != 1 {
		t.Errorf("README.md named as a path gave %d items; want 1", len(items))
	}
}
