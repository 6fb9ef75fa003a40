package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestIngest_MalformedCorpus ingests a folder of malformed inputs of more
// than 200 kinds, generated here, among good ones, with the real binary:
// every bad input is reported once by name, every good line is stored,
// and the process stays under 300 MiB resident however large or
// compressed the input.
func TestIngest_MalformedCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped in short mode")
	}
	if runtime.GOOS != "linux" {
		t.Skip("peak RSS from Linux rusage")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	in := filepath.Join(dir, "in")
	bad, good := writeMalformedCorpus(t, in)
	if len(bad) < 200 {
		t.Fatalf("corpus has %d kinds of bad input, want at least 200", len(bad))
	}
	db := filepath.Join(dir, "m.db")
	cmd := exec.Command(bin, "ingest", "--quiet", "--db", db, in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The peak is read from /proc, not from rusage, whose maximum for a
	// child includes the test process's own until exec.
	peak := make(chan int64, 1)
	go func() { peak <- watchPeakRSS(cmd.Process.Pid) }()
	err := cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("ingest exit %d (%v), want 1 (some input failed)\n%s", code, err, stderr.String())
	}
	rss := <-peak
	t.Logf("%d kinds of bad input, %d good articles; peak RSS %d MiB", len(bad), good, rss>>20)
	if rss > 300<<20 {
		t.Errorf("peak RSS %d MiB, want at most 300 MiB", rss>>20)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	last := lines[len(lines)-1]
	lines = lines[:len(lines)-1]
	if want := fmt.Sprintf("%d input item(s) failed", len(bad)); !strings.Contains(last, want) {
		t.Errorf("last line %q, want %q", last, want)
	}
	reported := map[string]int{}
	for _, l := range lines {
		rest, ok := strings.CutPrefix(l, "storyline ingest: "+in+"/")
		if !ok {
			t.Errorf("message %q not of the shape path[:line]: reason", l)
			continue
		}
		name, _, _ := strings.Cut(rest, ": ")
		name, _, _ = strings.Cut(name, ":") // path:line
		reported[name]++
	}
	for name, why := range bad {
		if reported[name] != 1 {
			t.Errorf("%s (%s): reported %d times, want once", name, why, reported[name])
		}
	}
	if len(lines) != len(bad) {
		t.Errorf("%d messages for %d bad inputs", len(lines), len(bad))
	}
	if got := counts(t, db).articles; got != good {
		t.Errorf("%d articles stored, want the %d good ones", got, good)
	}

	// Ctrl-C and SIGTERM end an ingest, even one blocked reading a
	// standard input that never writes.
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		sdb := filepath.Join(dir, "signal.db")
		os.Remove(sdb)
		cmd := exec.Command(bin, "ingest", "--quiet", "--db", sdb, "-")
		cmd.Stdin = pr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Signal once main runs (the store is open): a signal during the
		// runtime's start ends the process by default.
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if _, err := os.Stat(sdb); err == nil {
				break
			}
		}
		time.Sleep(300 * time.Millisecond)
		cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Errorf("%v: exit %d, want 1 (interrupted)", sig, code)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Errorf("%v did not end an ingest reading a silent stdin", sig)
		}
		pw.Close()
		pr.Close()
	}
}

// writeMalformedCorpus writes good and bad inputs under dir and returns
// the bad ones (name relative to dir: what is wrong) and the number of
// good articles. Each bad input must be reported exactly once.
func writeMalformedCorpus(t *testing.T, dir string) (bad map[string]string, good int) {
	t.Helper()
	bad = map[string]string{}
	r := rand.New(rand.NewPCG(7, 7))
	article := func() (title, text string) {
		good++
		return fmt.Sprintf("Bridge %d reopens in Millbrook", good),
			fmt.Sprintf("The bridge number %d reopened on Tuesday after repairs, officials said. Traffic resumed at %d o'clock.", good, good%12+1)
	}
	goodLine := func() string {
		ti, tx := article()
		return fmt.Sprintf(`{"title":%q,"text":%q,"source":"Mill Post"}`, ti, tx)
	}
	gzipped := func(s string) string {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.String()
	}
	random := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		return string(b)
	}
	write := func(name, content string) {
		writeFile(t, filepath.Join(dir, name), content)
	}
	addBad := func(name, content, why string) {
		write(name, content)
		bad[name] = why
	}
	warcRec := func(body string) string {
		h := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		return fmt.Sprintf("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example/p\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", len(h), h)
	}

	// Good inputs: JSON Lines (plain and gzip), a JSON array, text, HTML.
	var jl strings.Builder
	for range 50 {
		jl.WriteString(goodLine() + "\n")
	}
	write("good/a.jsonl", jl.String())
	jl.Reset()
	for range 20 {
		jl.WriteString(goodLine() + "\n")
	}
	write("good/b.jsonl.gz", gzipped(jl.String()))
	write("good/c.json", "["+goodLine()+","+goodLine()+"]")
	ti, tx := article()
	write("good/d.txt", ti+"\n\n"+tx)
	ti, tx = article()
	write("good/e.html", "<html><head><title>"+ti+"</title></head><body><article><p>"+tx+"</p></article></body></html>")

	exts := []string{".txt", ".json", ".jsonl", ".html", ".warc", ".dat", ".md", ".ndjson"}
	for _, ext := range exts {
		for _, z := range []string{"", ".gz"} {
			enc := func(s string) string {
				if z == ".gz" {
					return gzipped(s)
				}
				return s
			}
			p := "bad/" + strings.TrimPrefix(ext, ".") + strings.TrimPrefix(z, ".") + "/"
			addBad(p+"empty"+ext+z, enc(""), "empty")
			addBad(p+"blank"+ext+z, enc(" \n\n\t \n"), "white space only")
			for i := range 4 {
				addBad(fmt.Sprintf("%srandom%d%s%s", p, i, ext, z), enc(random(300+r.IntN(3000))), "random bytes")
			}
			addBad(p+"nul"+ext+z, enc("Title\n\nText with a \x00 NUL byte."), "NUL byte")
			if ext != ".warc" {
				addBad(p+"elf"+ext+z, enc("\x7fELF\x02\x01\x01\x00"+random(2000)), "a program")
			}
			if z == ".gz" {
				whole := gzipped(strings.Repeat(goodLine()+"\n", 1))
				good--
				addBad(p+"truncated"+ext+z, whole[:len(whole)/2], "truncated gzip")
			}
		}
	}
	// JSON with wrong types and shapes, one kind per file.
	for i, obj := range []string{
		`{"title": 5, "text": "Body."}`, `{"title": true, "text": "Body."}`, `{"title": ["a"], "text": "Body."}`,
		`{"title": {"x": 1}, "text": "Body."}`, `{"title": "T", "text": 5}`, `{"title": "T", "text": {"a": "b"}}`,
		`{"title": "T", "text": ["a", 1]}`, `{"title": "T", "text": "B", "url": 123}`, `{"title": "T", "text": "B", "url": ["u"]}`,
		`{"title": "T", "text": "B", "source": ["a", "b"]}`, `{"title": "T", "text": "B", "source": 7}`, `{"title": "T", "text": "B", "language": 1}`,
		`{"title": "T", "text": "B", "date": ["2026"]}`, `{"title": "T", "text": "B", "date": {"y": 1}}`, `{"title": "T", "text": "B", "id": ["x"]}`,
		`{"headline": 1, "body": "B"}`, `{"title": "T", "content": [1, 2]}`, `{"title": "T", "text": "B", "link": false}`,
		`{"title": "T", "text": "B", "outlet": [1]}`, `{"title": "T", "text": "B", "lang": {"x": "en"}}`,
		`5`, `"a string"`, `null`, `true`, `[1]`, `{"title": "T", "text": "B"} trailing`, `{"title": "T"`, `{"title": "T", "text": }`,
		`{}`, `{"title": "", "text": "   "}`, `{"title": "\u200b", "text": "\u00ad"}`, `{"title": "T\xff\xfe", "text": "B"}`, `{"title": null, "text": null}`,
	} {
		addBad(fmt.Sprintf("json/kind%02d.jsonl", i), obj+"\n", "bad JSON line")
		addBad(fmt.Sprintf("json/kind%02d.json", i), obj, "bad JSON document")
		// The same among good lines: the good ones are stored, the bad
		// one reported.
		addBad(fmt.Sprintf("json/mixed%02d.jsonl", i), goodLine()+"\n"+obj+"\n"+goodLine()+"\n", "bad line among good ones")
	}
	// Text that is not text, or too much of it.
	addBad("text/broken-utf8.txt", "Caf\xc3\xa9 opens\n\nThe caf\xc3\xa9 \xff\xfe opened.", "broken UTF-8")
	addBad("text/control.txt", strings.Repeat("a\x01\x02\x03 ", 200), "control characters")
	addBad("text/one-line-50MB.txt", strings.Repeat("word ", 10<<20), "50 MB on one line")
	addBad("text/bomb.txt.gz", gzipped(strings.Repeat("a", 100<<20)), "gzip bomb")
	addBad("text/bomb.jsonl.gz", gzipped(`{"title":"T","text":"`+strings.Repeat("a", 100<<20)+`"}`), "gzip bomb of one line")
	addBad("html/empty-body.html", "<html><head></head><body></body></html>", "no text")
	addBad("html/script-only.html", "<html><body><script>var a = 1;</script></body></html>", "only a script")
	addBad("html/nul.html", "<html><body><p>a\x00b</p></body></html>", "NUL byte")
	// Web archives that are not, or are cut.
	addBad("warc/bad-length.warc", "WARC/1.0\r\nContent-Length: nope\r\n\r\n", "bad Content-Length")
	addBad("warc/not-warc.warc", "hello world\n", "no WARC version line")
	addBad("warc/cut.warc", warcRec("<html><body><p>Ferry returns on Friday after a long winter at sea.</p></body></html>")[:150], "truncated record")
	addBad("warc/only-image.warc", strings.Replace(warcRec("\x89PNG"), "text/html", "image/png", 1), "no HTML page")
	// Paths that are not regular files.
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "special"), 0o755))
	must(syscall.Mkfifo(filepath.Join(dir, "special", "pipe.jsonl"), 0o644))
	bad["special/pipe.jsonl"] = "named pipe"
	must(os.Symlink(filepath.Join(dir, "special", "missing.txt"), filepath.Join(dir, "special", "broken.txt")))
	bad["special/broken.txt"] = "broken symbolic link"
	must(os.Symlink(dir, filepath.Join(dir, "special", "loop")))
	bad["special/loop"] = "symbolic link loop"
	// A link to a good file is read as a file of its own name (its source
	// is the file name): one more article.
	must(os.Symlink(filepath.Join(dir, "good", "d.txt"), filepath.Join(dir, "special", "link-to-good.txt")))
	return bad, good + 1
}

// watchPeakRSS polls the peak resident size (VmHWM) of process pid until
// it exits, and returns the last value read, in bytes.
func watchPeakRSS(pid int) int64 {
	var peak int64
	path := fmt.Sprintf("/proc/%d/status", pid)
	for {
		b, err := os.ReadFile(path)
		if err != nil {
			return peak
		}
		for line := range strings.SplitSeq(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				var kb int64
				fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
				peak = max(peak, kb<<10)
			}
			if v, ok := strings.CutPrefix(line, "State:"); ok && strings.Contains(v, "zombie") {
				return peak
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
}
