package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemo_Entities reads the demo's bridge story as a reader would: its
// people and places are listed, and words capitalised only because a
// sentence starts with them ("Engineers", "Prosecutors", "Cars") are not.
func TestDemo_Entities(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, "demo", "--db", db)
	kindsOf := func(id string) map[string]string {
		t.Helper()
		var story struct {
			Synthesis struct {
				Entities []struct{ Name, Kind string }
			}
		}
		if err := json.Unmarshal([]byte(mustRun(t, "show", "--db", db, "--json", id)), &story); err != nil {
			t.Fatal(err)
		}
		kinds := map[string]string{}
		for _, e := range story.Synthesis.Entities {
			kinds[e.Name] = e.Kind
		}
		return kinds
	}
	for id, want := range map[string]map[string]string{
		"1": {"Elena Varga": "person", "Tomas Reyl": "person", "Port Averin": "place"},
		"5": {"Calder Textiles": "organization", "Rosa Inglis": "person", "Dunmore": "place"},
	} {
		kinds := kindsOf(id)
		for name, kind := range want {
			if kinds[name] != kind {
				t.Errorf("story %s: %s is %q, want %q (entities %v)", id, name, kinds[name], kind, kinds)
			}
		}
	}
	kinds := kindsOf("1")
	for _, word := range []string{"Engineers", "Prosecutors", "Cars", "Transport"} {
		if _, ok := kinds[word]; ok {
			t.Errorf("%q listed as an entity: %v", word, strings.TrimSpace(kinds[word]))
		}
	}
}
