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
	var story struct {
		Synthesis struct {
			Entities []struct{ Name, Kind string }
		}
	}
	if err := json.Unmarshal([]byte(mustRun(t, "show", "--db", db, "--json", "1")), &story); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, e := range story.Synthesis.Entities {
		kinds[e.Name] = e.Kind
	}
	for name, want := range map[string]string{"Elena Varga": "person", "Tomas Reyl": "person", "Port Averin": "place"} {
		if kinds[name] != want {
			t.Errorf("%s is %q, want %q (entities %v)", name, kinds[name], want, kinds)
		}
	}
	for _, word := range []string{"Engineers", "Prosecutors", "Cars", "Transport"} {
		if _, ok := kinds[word]; ok {
			t.Errorf("%q listed as an entity: %v", word, strings.TrimSpace(kinds[word]))
		}
	}
}
