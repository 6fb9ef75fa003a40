package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestShow_TopClaims: show prints the top claims of each list in rank
// order with a count of the rest; --all prints every claim.
func TestShow_TopClaims(t *testing.T) {
	var b strings.Builder
	own := map[string][]string{
		"Valley Post": {
			"Rescuers searched the flooded mill district through the night with boats.",
			"Volunteers filled sandbags outside the town hall until dawn on Tuesday.",
			"Farmers moved their cattle to the higher pastures above the valley.",
			"The mill owners said their looms were ruined by the muddy water.",
		},
		"Varnby Courier": {
			"The regional weather office had issued a flood warning on Sunday evening.",
			"Power was cut to eleven thousand homes across the valley overnight.",
			"Schools in the valley stay closed until the water recedes, officials said.",
			"Insurers sent assessors to the worst hit streets on Wednesday morning.",
		},
		"North Wire": {
			"The army sent two helicopters to lift stranded families from rooftops.",
			"A railway bridge north of the town was closed after its pillars shifted.",
			"The prime minister promised emergency funds for the flooded districts.",
			"Shops along the high street counted their losses as the water fell.",
		},
	}
	for i, src := range []string{"Valley Post", "Varnby Courier", "North Wire"} {
		body := "Floods in Varnby killed two people on Monday after the river burst its banks, the mayor said. " + strings.Join(own[src], " ")
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprint(i), "title": "Floods hit Varnby", "text": body, "source": src, "date": "2024-03-04"})
		b.Write(line)
		b.WriteByte('\n')
	}
	db := filepath.Join(t.TempDir(), "s.db")
	if code, _, errOut := run(t, b.String(), "ingest", "--db", db, "--quiet", "-"); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, errOut)
	}
	stories := storiesJSON(t, db)
	if len(stories) != 1 {
		t.Fatalf("%d stories, want 1", len(stories))
	}
	id := fmt.Sprint(stories[0].ID)
	var show storyJSON
	if err := json.Unmarshal([]byte(mustRun(t, "show", "--db", db, "--json", id)), &show); err != nil {
		t.Fatal(err)
	}
	single := show.Synthesis.Comparison.SingleSource
	if len(single) <= showClaims {
		t.Fatalf("%d single-source claims, want more than %d for this test", len(single), showClaims)
	}
	text := section(mustRun(t, "show", "--db", db, id), "Reported by one source only")
	want := fmt.Sprintf("(%d more; --all lists them)", len(single)-showClaims)
	if !strings.Contains(text, want) {
		t.Errorf("show output lacks %q", want)
	}
	// The first claims, in rank order; the next one not at all.
	last := 0
	for _, c := range single[:showClaims] {
		i := strings.Index(text[last:], clip(c.Text, 140))
		if i < 0 {
			t.Fatalf("show output lacks claim %q in rank order", c.Text)
		}
		last += i
	}
	if strings.Contains(text, clip(single[showClaims].Text, 140)) {
		t.Errorf("show output lists claim %d of %d without --all", showClaims+1, len(single))
	}
	all := section(mustRun(t, "show", "--db", db, "--all", id), "Reported by one source only")
	if strings.Contains(all, "--all lists them") {
		t.Error("show --all still counts claims it left out")
	}
	for _, c := range single {
		if !strings.Contains(all, clip(c.Text, 140)) {
			t.Errorf("show --all lacks claim %q", c.Text)
		}
	}
}

// section returns the lines of out from the one starting with title to the
// next empty line.
func section(out, title string) string {
	i := strings.Index(out, "\n"+title)
	if i < 0 {
		return ""
	}
	s := out[i+1:]
	if j := strings.Index(s, "\n\n"); j >= 0 {
		s = s[:j]
	}
	return s
}
