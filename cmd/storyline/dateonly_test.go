package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A publish date without a time of day prints as a date in show, stories
// and articles, never as a fake midnight; show --json keeps RFC 3339.
func TestShow_DateOnlyPublishTime(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	in := filepath.Join(dir, "a.jsonl")
	lines := `{"id":"a1","source":"Wire","date":"2017-01-06","title":"Airport gunman to face judge","text":"Esteban Santiago, 26, should face a judge on Monday in Fort Lauderdale, officials said on Friday. He was arrested at the airport after the shooting, police said."}` + "\n"
	if err := os.WriteFile(in, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "ingest", "--db", db, "--quiet", in)
	for _, args := range [][]string{{"show", "1"}, {"stories"}, {"articles"}} {
		out := mustRun(t, append(args, "--db", db)...)
		if strings.Contains(out, "00:00") {
			t.Errorf("%s prints a fake midnight:\n%s", args[0], out)
		}
		if !strings.Contains(out, "2017-01-06") {
			t.Errorf("%s lacks the publish date 2017-01-06:\n%s", args[0], out)
		}
	}
	if out := mustRun(t, "show", "1", "--db", db); !strings.Contains(out, "2017-01-09") {
		t.Errorf("show's timeline lacks the hearing on Monday 9 January:\n%s", out)
	}
	if out := mustRun(t, "show", "1", "--db", db, "--json"); !strings.Contains(out, "2017-01-06T00:00:00Z") {
		t.Errorf("show --json lost the RFC 3339 publish time:\n%s", out)
	}
}
