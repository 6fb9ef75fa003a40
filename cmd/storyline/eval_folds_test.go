package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalCluster_Folds(t *testing.T) {
	// Six topics of two small events each (each article its own words),
	// so that three folds hold two topics each.
	var b strings.Builder
	for tp := range 6 {
		for ev := range 2 {
			for a := range 2 {
				fmt.Fprintf(&b, `{"id":"%d-%d-%d","event":"e%d-%d","topic":"t%d","title":"Report %d of event %d-%d","text":"Word%dx%d appears with word%dy%d in this report about event%d%d."}`+"\n",
					tp, ev, a, tp, ev, tp, a, tp, ev, tp, ev, tp, ev, tp, ev)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "small.jsonl")
	writeFile(t, path, b.String())

	code, out, errOut := run(t, "", "eval", "cluster", "--folds", "3", "--json", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		K     int    `json:"k"`
		Split string `json:"split"`
		Folds []struct {
			Articles int `json:"articles"`
		} `json:"folds"`
		Pooled struct {
			Articles int `json:"articles"`
		} `json:"engine_pooled"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.K != 3 || rep.Split != "by topic" || len(rep.Folds) != 3 || rep.Pooled.Articles != 24 {
		t.Errorf("report %+v, want 3 folds by topic over 24 articles", rep)
	}
	for i, f := range rep.Folds {
		if f.Articles != 8 {
			t.Errorf("fold %d holds %d articles, want 8 (two topics)", i+1, f.Articles)
		}
	}

	if code, _, _ := run(t, "", "eval", "cluster", "--folds", "1", path); code != 2 {
		t.Errorf("--folds 1: exit %d, want 2 (usage)", code)
	}
	if code, out, _ := run(t, "", "eval", "cluster", "--folds", "3", path); code != 0 || !strings.Contains(out, "mean F1") {
		t.Errorf("text output: exit %d\n%s", code, out)
	}
}
