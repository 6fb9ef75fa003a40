package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestAPI_Storylines reads the fixture's storylines: the bridge and the
// fire in one, in time order, the other story in its own; pages by offset.
func TestAPI_Storylines(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, f.synthesizer(), Config{}).Handler()
	w := do(t, h, "GET", "/api/v1/storylines?limit=1", nil)
	var list storylineList
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || w.Code != 200 {
		t.Fatalf("GET /api/v1/storylines = %d %s", w.Code, w.Body)
	}
	if list.Total != 2 || len(list.Storylines) != 1 || list.NextOffset == nil || *list.NextOffset != 1 {
		t.Errorf("first page = %+v, want 1 of 2 with next_offset 1", list)
	}
	w = do(t, h, "GET", "/api/v1/storylines?offset=1", nil)
	list = storylineList{}
	json.Unmarshal(w.Body.Bytes(), &list)
	if len(list.Storylines) != 1 || list.NextOffset != nil {
		t.Errorf("second page = %+v, want the last one", list)
	}
	w = do(t, h, "GET", fmt.Sprintf("/api/v1/storylines/%d", f.bridge), nil)
	var d struct {
		ID        int64  `json:"id"`
		Stories   int    `json:"stories"`
		Synthesis string `json:"synthesis"`
		Members   []struct {
			ID          int64    `json:"id"`
			Headline    string   `json:"headline"`
			SourceNames []string `json:"source_names"`
			StorylineID int64    `json:"storyline_id"`
		} `json:"members"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &d); err != nil || w.Code != 200 {
		t.Fatalf("GET storyline = %d %s", w.Code, w.Body)
	}
	if d.ID != f.bridge || d.Stories != 2 || len(d.Members) != 2 || d.Members[0].ID != f.bridge || d.Members[1].ID != f.fire {
		t.Errorf("storyline = %+v, want the bridge then the fire", d)
	}
	if d.Members[0].Headline != bridgeHeadline || len(d.Members[0].SourceNames) == 0 || d.Members[1].StorylineID != f.bridge {
		t.Errorf("members = %+v", d.Members)
	}
	if want := "2 events"; !strings.Contains(d.Synthesis, want) {
		t.Errorf("synthesis = %q, want it to speak of %q", d.Synthesis, want)
	}
	w = do(t, h, "GET", fmt.Sprintf("/api/v1/stories/%d", f.fire), nil)
	var sd struct {
		Story struct {
			StorylineID int64 `json:"storyline_id"`
		} `json:"story"`
	}
	json.Unmarshal(w.Body.Bytes(), &sd)
	if sd.Story.StorylineID != f.bridge {
		t.Errorf("fire story's storyline_id = %d, want %d", sd.Story.StorylineID, f.bridge)
	}
}

// TestStorylinePages: the storyline's Atom feed lists its events newest
// first; a story alone in its storyline shows no "part of" line.
func TestStorylinePages(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, f.synthesizer(), Config{}).Handler()
	w := do(t, h, "GET", fmt.Sprintf("/feeds/storylines/%d.atom", f.bridge), nil)
	body := w.Body.String()
	if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Type"), "atom") {
		t.Fatalf("storyline feed = %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	entries := body[strings.Index(body, "<entry>")+1:]
	fire, bridge := strings.Index(entries, "Warehouse fire in Dunmore"), strings.Index(entries, bridgeHeadline)
	if fire < 0 || bridge < 0 || fire > bridge {
		t.Errorf("feed entries: fire at %d, bridge at %d; want both, the newer (fire) first:\n%s", fire, bridge, body)
	}
	if w := do(t, h, "GET", "/feeds/storylines/424242.atom", nil); w.Code != 404 {
		t.Errorf("feed of an unknown storyline = %d, want 404", w.Code)
	}
	if w := do(t, h, "GET", fmt.Sprintf("/stories/%d", f.evil), nil); strings.Contains(w.Body.String(), "Part of:") {
		t.Errorf("a story alone in its storyline shows a storyline line")
	}
}
