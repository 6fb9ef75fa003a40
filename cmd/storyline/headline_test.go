package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/store/postgres/pgtest"
	"github.com/storyline-news/storyline/internal/story/headline"
	"github.com/storyline-news/storyline/internal/story/synthesis"
)

// TestHeadlines_SameEverywhere ingests the bundled samples with the real
// pipeline and checks that every story shows one headline in the API list,
// the API detail, the CLI listing, the Atom feeds (all stories, and the
// story's own) and the web UI (front page card and story page), and that
// it is the synthesized one. $STORYLINE_HEADLINE_STORE names another
// store to check instead (a SQLite file or a postgres:// URL, opened as
// is; say after `storyline migrate --headlines`).
func TestHeadlines_SameEverywhere(t *testing.T) {
	if db := os.Getenv("STORYLINE_HEADLINE_STORE"); db != "" {
		checkHeadlines(t, db, false)
		return
	}
	t.Run("SQLite", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "demo.db")
		mustRun(t, "demo", "--db", db)
		checkHeadlines(t, db, true)
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		dsn := os.Getenv("STORYLINE_TEST_POSTGRES_DSN")
		if dsn == "" {
			t.Skip("set STORYLINE_TEST_POSTGRES_DSN to run against PostgreSQL")
		}
		db := pgtest.Schema(t, dsn)
		mustRun(t, "demo", "--db", db)
		checkHeadlines(t, db, true)
	})
}

// checkHeadlines checks every story of the store db; ingested tells that
// this test ingested it, so its headlines must be today's synthesis.
func checkHeadlines(t *testing.T, db string, ingested bool) {
	e := &env{getenv: os.Getenv}
	store, err := openStore(t.Context(), e, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	h := server.New(server.Config{}, store, &synthesis.Synthesizer{}, nil).Handler()
	get := func(target string) []byte {
		t.Helper()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s = %d: %.300s", target, w.Code, w.Body)
		}
		return w.Body.Bytes()
	}

	// Every story, from the API list, one page after another.
	listed := map[int64]string{}
	var order []int64
	q := url.Values{"limit": {"100"}}
	for {
		var page struct {
			Stories    []news.Story `json:"stories"`
			NextCursor *string      `json:"next_cursor"`
		}
		if err := json.Unmarshal(get("/api/v1/stories?"+q.Encode()), &page); err != nil {
			t.Fatal(err)
		}
		for _, st := range page.Stories {
			listed[st.ID] = st.Headline
			order = append(order, st.ID)
		}
		if page.NextCursor == nil {
			break
		}
		q.Set("cursor", *page.NextCursor)
	}
	if len(listed) == 0 {
		t.Fatal("no stories")
	}

	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
			ID    string `xml:"id"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(get("/feeds/stories.atom"), &feed); err != nil {
		t.Fatal(err)
	}
	inFeed := map[int64]string{}
	for _, en := range feed.Entries {
		var id int64
		if _, err := fmt.Sscanf(en.ID[strings.LastIndex(en.ID, "/")+1:], "%d", &id); err == nil {
			inFeed[id] = en.Title
		}
	}
	front := html.UnescapeString(string(get("/")))

	h1 := regexp.MustCompile(`(?s)<h1[^>]*>(.*?)</h1>`)
	checked := 0
	for _, id := range order {
		want := listed[id]
		if want == "" {
			t.Errorf("story %d has an empty headline", id)
			continue
		}
		var d struct {
			Headline string `json:"headline"`
		}
		if err := json.Unmarshal(get(fmt.Sprintf("/api/v1/stories/%d", id)), &d); err != nil {
			t.Fatal(err)
		}
		if d.Headline != want {
			t.Errorf("story %d: API detail %q, list %q", id, d.Headline, want)
		}
		m := h1.FindSubmatch(get(fmt.Sprintf("/stories/%d", id)))
		if m == nil || strings.TrimSpace(html.UnescapeString(string(m[1]))) != want {
			t.Errorf("story %d: page <h1> %q, list %q", id, m, want)
		}
		var own struct {
			Title string `xml:"title"`
		}
		if err := xml.Unmarshal(get(fmt.Sprintf("/feeds/stories/%d.atom", id)), &own); err != nil {
			t.Fatal(err)
		}
		if own.Title != "Storyline: "+want {
			t.Errorf("story %d: its feed's title %q, list %q", id, own.Title, want)
		}
		if got, ok := inFeed[id]; ok && got != want {
			t.Errorf("story %d: feed entry %q, list %q", id, got, want)
		}
		checked++
	}
	// The front page's first page of cards and the CLI listing agree too.
	for _, id := range order[:min(20, len(order))] {
		if !strings.Contains(front, listed[id]) {
			t.Errorf("front page lacks story %d's headline %q", id, listed[id])
		}
	}
	for _, st := range storiesJSON(t, db) {
		if want, ok := listed[st.ID]; ok && st.Headline != want {
			t.Errorf("story %d: CLI %q, API %q", st.ID, st.Headline, want)
		}
	}
	// On a store this test ingested itself, the stored headline is the
	// synthesized one.
	if ingested {
		for _, id := range order {
			members, _, err := store.FindArticles(t.Context(), news.ArticleFilter{StoryID: &id})
			if err != nil {
				t.Fatal(err)
			}
			if got := headline.Of(members); got != listed[id] {
				t.Errorf("story %d: stored headline %q, synthesized %q", id, listed[id], got)
			}
		}
	}
	t.Logf("%d stories, %d of them in the Atom feed of current stories: one headline each", checked, len(inFeed))
}
