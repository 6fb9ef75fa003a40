package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeExtractDir writes a one-page extraction benchmark folder.
func writeExtractDir(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(filepath.Join(dir, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("The council voted on the new bridge after a long debate. ", 8)
	truth, _ := json.Marshal(map[string]any{"p1": map[string]string{"articleBody": body, "url": "https://example.com/a"}})
	if err := os.WriteFile(filepath.Join(dir, "ground-truth.json"), truth, 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("<html><head><title>Bridge vote</title></head><body><nav><a href=/>Home</a></nav><article><p>" + body + "</p></article></body></html>"))
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "html", "p1.html.gz"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEvalExtract(t *testing.T) {
	a, b := writeExtractDir(t, "fam-a"), writeExtractDir(t, "fam-b")
	out := mustRun(t, "eval", "extract", "--json", "--baseline", a, b)
	var got []string
	for line := range strings.Lines(out) {
		var rep struct {
			Folder, System string
			Pages          int
			F1             float64
		}
		if err := json.Unmarshal([]byte(line), &rep); err != nil {
			t.Fatalf("%v in %q", err, line)
		}
		if rep.Pages != 1 || rep.F1 < 0.9 {
			t.Errorf("%s %s: %d pages, F1 %.3f; want 1 page found", rep.Folder, rep.System, rep.Pages, rep.F1)
		}
		got = append(got, rep.Folder+"/"+rep.System)
	}
	want := "fam-a/storyline fam-a/go-trafilatura fam-a/go-trafilatura+fallback fam-b/storyline fam-b/go-trafilatura fam-b/go-trafilatura+fallback"
	if strings.Join(got, " ") != want {
		t.Errorf("reports %q, want %q", got, want)
	}
	if code, _, _ := run(t, "", "eval", "extract"); code != exitUsage {
		t.Errorf("eval extract without folders: exit %d, want %d", code, exitUsage)
	}
}
