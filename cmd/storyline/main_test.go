package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
)

// run calls Main and returns its exit status and output.
func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Main(t.Context(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := run(t, "", args...)
	if code != 0 {
		t.Fatalf("storyline %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func storiesJSON(t *testing.T, db string) []news.Story {
	t.Helper()
	var got []news.Story
	if err := json.Unmarshal([]byte(mustRun(t, "stories", "--db", db, "--json", "--limit", "0")), &got); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestMain_Usage(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{nil, exitUsage},
		{[]string{"--help"}, exitOK},
		{[]string{"nope"}, exitUsage},
		{[]string{"ingest"}, exitUsage},
		{[]string{"ingest", "--bogus"}, exitUsage},
		{[]string{"show"}, exitUsage},
		{[]string{"show", "abc"}, exitUsage},
		{[]string{"stories", "--help"}, exitOK},
		{[]string{"version"}, exitOK},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Chdir(t.TempDir())
			if code, out, errOut := run(t, "", tc.args...); code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tc.code, out, errOut)
			}
		})
	}
}

func TestMain_ShowNotFound(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	code, _, errOut := run(t, "", "show", "--db", db, "42")
	if code != exitFailure || !strings.Contains(errOut, "story 42 not found") {
		t.Errorf("exit %d, stderr %q; want 1 and a not-found message", code, errOut)
	}
}

func TestDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	out := mustRun(t, "demo", "--db", db)
	if !strings.Contains(out, "Port Averin") || !strings.Contains(out, "Dunmore") {
		t.Errorf("demo output lacks the sample stories:\n%s", out)
	}
	stories := storiesJSON(t, db)
	// Five events (the two Riverton shootings apart): five stories.
	if len(stories) != 5 {
		t.Fatalf("demo made %d stories, want 5", len(stories))
	}
	for _, s := range stories {
		if s.ID == 0 || s.Headline == "" || s.Articles == 0 || s.Sources == 0 {
			t.Errorf("story lacks fields: %+v", s)
		}
	}
	// The demo store can be explored with the other commands.
	if out := mustRun(t, "show", "--db", db, fmt.Sprint(stories[0].ID), "--debug"); !strings.Contains(out, "removed [") {
		t.Errorf("show --debug lists no removals:\n%s", out)
	}
}

func TestIngest_Idempotent(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	in := filepath.Join(dir, "in")
	writeFile(t, filepath.Join(in, "a.jsonl"), jsonl(0, 40))
	writeFile(t, filepath.Join(in, "sub", "b.txt"), "A title line\n\nA first sentence of a plain article about the river festival.\n")
	mustRun(t, "ingest", "--db", db, "--quiet", in)
	first := counts(t, db)
	if first.articles != 41 {
		t.Fatalf("first ingest stored %d articles, want 41", first.articles)
	}
	mustRun(t, "ingest", "--db", db, "--quiet", in)
	if again := counts(t, db); again != first {
		t.Errorf("re-ingest changed counts: %+v -> %+v", first, again)
	}
}

func TestIngest_BadInputGoesOn(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	bad := filepath.Join(dir, "bad.jsonl")
	writeFile(t, bad, jsonl(0, 2)+"{not json\n"+jsonl(2, 3))
	code, _, errOut := run(t, "", "ingest", "--db", db, "--quiet", bad)
	if code != exitFailure {
		t.Errorf("exit %d, want %d when some input failed", code, exitFailure)
	}
	if !strings.Contains(errOut, "bad.jsonl:3") {
		t.Errorf("stderr %q does not name the file and line", errOut)
	}
	if c := counts(t, db); c.articles != 3 {
		t.Errorf("stored %d articles, want the 3 good ones", c.articles)
	}
}

func TestIngest_StdinAndGzip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(jsonl(0, 5)))
	zw.Close()
	writeFile(t, filepath.Join(dir, "x.jsonl.gz"), buf.String())
	mustRun(t, "ingest", "--db", db, "--quiet", filepath.Join(dir, "x.jsonl.gz"))
	if code, _, errOut := run(t, jsonl(5, 8), "ingest", "--db", db, "--quiet", "-"); code != 0 {
		t.Fatalf("stdin ingest: exit %d: %s", code, errOut)
	}
	if c := counts(t, db); c.articles != 8 {
		t.Errorf("stored %d articles, want 8", c.articles)
	}
}

// TestIngest_Examples ingests the two real scraped articles of
// ../shared/examples: one story with both, noise removed.
func TestIngest_Examples(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "examples")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) < 2 {
		t.Skip("../shared/examples not found")
	}
	db := filepath.Join(t.TempDir(), "s.db")
	mustRun(t, append([]string{"ingest", "--db", db, "--quiet"}, files...)...)
	stories := storiesJSON(t, db)
	if len(stories) != 1 || stories[0].Articles != 2 {
		t.Fatalf("got %d stories (%+v), want one story with both articles", len(stories), stories)
	}
	var show storyJSON
	if err := json.Unmarshal([]byte(mustRun(t, "show", "--db", db, "--json", fmt.Sprint(stories[0].ID))), &show); err != nil {
		t.Fatal(err)
	}
	for _, a := range show.Members {
		if strings.Contains(a.Body, "Leave a comment") || strings.Contains(a.Body, "Your email address") {
			t.Errorf("article %d keeps the comment footer", a.ID)
		}
		if strings.Contains(a.Body, "IS Seizes Town in HomsIS Seizes") || strings.Contains(a.Title, "HomsIS") {
			t.Errorf("article %d keeps the glued title", a.ID)
		}
	}
	if show.Synthesis == nil || !strings.Contains(show.Synthesis.Headline, "Maheen") && !strings.Contains(show.Synthesis.Headline, "Homs") {
		t.Fatalf("show --json synthesis %+v, want a headline about Maheen", show.Synthesis)
	}
	if show.Sources != 2 || len(show.Synthesis.Comparison.Agreed) < 2 {
		t.Errorf("%d sources and %d agreed claims, want 2 independent sources agreeing on at least 2 claims", show.Sources, len(show.Synthesis.Comparison.Agreed))
	}
	text := mustRun(t, "show", "--db", db, fmt.Sprint(stories[0].ID))
	for _, want := range []string{"Summary", "[maheen-bbc #", "Agreed by independent sources", "Reported by one source only"} {
		if !strings.Contains(text, want) {
			t.Errorf("show output lacks %q", want)
		}
	}
}

type storeCounts struct{ articles, stories int }

func counts(t *testing.T, db string) storeCounts {
	t.Helper()
	var arts []news.Article
	if err := json.Unmarshal([]byte(mustRun(t, "articles", "--db", db, "--json", "--limit", "0")), &arts); err != nil {
		t.Fatal(err)
	}
	return storeCounts{articles: len(arts), stories: len(storiesJSON(t, db))}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// jsonl returns articles lo..hi-1 as JSON lines. Every fifth article
// reports the same event as the one before it.
func jsonl(lo, hi int) string {
	var b strings.Builder
	for i := lo; i < hi; i++ {
		ev := i - i%2
		rec := map[string]string{
			"id":     fmt.Sprintf("a%d", i),
			"title":  fmt.Sprintf("Flood closes Route %d near Millbrook %d", ev, ev),
			"date":   fmt.Sprintf("2026-04-%02dT10:00:00Z", 1+ev%28),
			"url":    fmt.Sprintf("https://outlet%d.example/news/%d?utm_source=x", i%3, i),
			"source": fmt.Sprintf("Outlet %d", i%3),
			"text": fmt.Sprintf("Flood water closed Route %d near Millbrook%d on Tuesday, officials said, after %d hours of rain.\n\n"+
				"Crews from the county closed %d roads and opened shelter number %d. Report %d.", ev, ev, ev+3, ev+7, ev*13, i),
		}
		line, _ := json.Marshal(rec)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// pipelineBatch is the CLI's batch size: a killed ingest leaves a multiple of it.
var pipelineBatch = pipeline.DefaultConfig().BatchSize

func TestNewLogger(t *testing.T) {
	for _, tc := range []struct {
		format, level string
		want          string // in the output of an Info and a Warn record; "" for an error
	}{
		{"", "", `level=WARN msg=w`},
		{"json", "", `{"time":`},
		{"text", "info", `level=INFO msg=i`},
		{"json", "debug", `"level":"INFO","msg":"i"`},
		{"yaml", "", ""},
		{"", "loud", ""},
	} {
		var buf bytes.Buffer
		env := map[string]string{"STORYLINE_LOG_FORMAT": tc.format, "STORYLINE_LOG_LEVEL": tc.level}
		log, err := newLogger(&buf, func(k string) string { return env[k] })
		if tc.want == "" {
			if err == nil {
				t.Errorf("format %q level %q: no error", tc.format, tc.level)
			}
			continue
		}
		if err != nil {
			t.Errorf("format %q level %q: %v", tc.format, tc.level, err)
			continue
		}
		log.Info("i")
		log.Warn("w")
		if !strings.Contains(buf.String(), tc.want) {
			t.Errorf("format %q level %q wrote %q, want it to contain %q", tc.format, tc.level, buf.String(), tc.want)
		}
		if tc.level == "" && strings.Contains(buf.String(), "msg=i") {
			t.Errorf("default level wrote an Info record: %q", buf.String())
		}
	}
}
