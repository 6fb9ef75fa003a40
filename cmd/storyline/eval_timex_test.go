package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestEvalTimex(t *testing.T) {
	fixture := "../../internal/eval/testdata/timex.jsonl"
	out := mustRun(t, "eval", "timex", "--json", fixture)
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("eval timex --json printed %q: %v", out, err)
	}
	if rep["file"] != "timex.jsonl" || rep["dates"] != 7.0 || rep["correct"] != 6.0 {
		t.Errorf("eval timex --json = %s, want 6 of 7 correct on timex.jsonl", out)
	}
	for _, k := range []string{"accuracy", "accuracy_day", "accuracy_month", "accuracy_year", "accuracy_week"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("eval timex --json lacks %s: %s", k, out)
		}
	}
	if table := mustRun(t, "eval", "timex", fixture); !strings.Contains(table, "timex.jsonl") || !strings.Contains(table, "dev half") {
		t.Errorf("eval timex table = %q", table)
	}
	if code, _, _ := run(t, "", "eval", "timex"); code != 2 {
		t.Errorf("eval timex without a file: exit %d, want 2", code)
	}
}
