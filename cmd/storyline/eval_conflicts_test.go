package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalConflicts(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for _, ev := range []string{"Elm", "Oak"} {
		for i, src := range []string{"a.example", "b.example"} {
			r := map[string]string{
				"id": ev + src, "event": ev, "source": src, "date": "2016-05-0" + string(rune('1'+i)),
				"title": []string{"Two dead in " + ev + " Street shooting", "Police: two people killed on " + ev + " Street"}[i],
				"text": []string{
					"Two people were killed in a shooting on " + ev + " Street late on Sunday, police said. The gunman fled in a grey car and officers searched the neighbourhood through the night. Neighbours said they heard six shots.",
					"Police said two people were killed when a gunman opened fire outside a corner shop on " + ev + " Street on Sunday night. Detectives asked witnesses to come forward; no arrest has been made.",
				}[i],
			}
			b, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, string(b))
		}
	}
	file := filepath.Join(dir, "tiny.jsonl")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "eval", "conflicts", "--json", file)
	if code != exitOK {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	var all struct {
		Half     string `json:"half"`
		Injected int    `json:"injected"`
		Found    int    `json:"found"`
		Controls int    `json:"controls"`
		Agreeing int    `json:"agreeing"`
		Flagged  int    `json:"flagged"`
	}
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if len(rows) != 3 {
		t.Fatalf("%d lines, want dev, test and all:\n%s", len(rows), out)
	}
	if err := json.Unmarshal([]byte(rows[2]), &all); err != nil {
		t.Fatal(err)
	}
	if all.Half != "all" || all.Injected != 1 || all.Controls != 1 {
		t.Fatalf("report %+v, want one injected story and one control", all)
	}
	if all.Found != 1 || all.Agreeing != 1 || all.Flagged != 0 {
		t.Errorf("report %+v, want the changed count found and the agreeing control not flagged", all)
	}
	// --half keeps one half's row and listing.
	code, out, errOut = run(t, "", "eval", "conflicts", "--json", "--list", "--half", "dev", file)
	if code != exitOK {
		t.Fatalf("--half dev: exit %d: %s%s", code, out, errOut)
	}
	if rows := strings.Split(strings.TrimSpace(out), "\n"); len(rows) != 1 || !strings.Contains(rows[0], `"half":"dev"`) {
		t.Errorf("--half dev printed %q, want only the dev row", out)
	}
	if strings.Contains(errOut, " test ") {
		t.Errorf("--half dev listed test cases: %q", errOut)
	}
	if code, _, _ := run(t, "", "eval", "conflicts", "--half", "both", file); code != exitUsage {
		t.Errorf("--half both: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := run(t, "", "eval", "conflicts"); code != exitUsage {
		t.Errorf("eval conflicts without files: exit %d, want %d", code, exitUsage)
	}
}
