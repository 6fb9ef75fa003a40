package pipeline_test

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// storylineItems are two subjects: a hurricane's approach, landfall and
// aftermath over two weeks, and an unrelated shooting in another state.
func storylineItems() []ingest.Item {
	hurricane := []struct{ date, title, text string }{
		{"2026-09-01", "Hurricane Delia strengthens as it nears Florida",
			"Hurricane Delia strengthened to a Category 3 storm on Tuesday as it moved toward Florida. Governor Maria Alvarez ordered evacuations in Miami-Dade County and Monroe County. The National Hurricane Center in Miami said Delia could reach the Florida Keys by Thursday."},
		{"2026-09-01", "Florida orders evacuations as Hurricane Delia approaches",
			"Governor Maria Alvarez told residents of Monroe County and Miami-Dade County to leave as Hurricane Delia approached Florida. The National Hurricane Center warned of a dangerous storm surge in the Florida Keys."},
		{"2026-09-04", "Hurricane Delia makes landfall in the Florida Keys",
			"Hurricane Delia made landfall in the Florida Keys early Friday with winds of 120 mph, the National Hurricane Center said. Governor Maria Alvarez said power was out across Monroe County and parts of Miami-Dade County."},
		{"2026-09-04", "Delia batters Florida Keys, knocks out power",
			"Delia battered the Florida Keys on Friday. In Monroe County, roads were flooded and power was out, Governor Maria Alvarez said. The National Hurricane Center said the storm would weaken over Florida."},
		{"2026-09-14", "Insurers tally claims, Alvarez seeks federal money after Delia",
			"Insurance companies said claims from homeowners in Monroe County passed two billion dollars. Governor Maria Alvarez asked Congress for federal money, and the Miami-Dade County school board approved repairs to classrooms damaged by Delia in the Florida Keys."},
		{"2026-09-15", "Congress weighs Alvarez request for Delia rebuilding money",
			"Lawmakers in Washington weighed a request from Governor Maria Alvarez for rebuilding money after Delia. Homeowners in Monroe County and the Florida Keys filed insurance claims, and Miami-Dade County schools asked for repairs."},
	}
	shooting := []struct{ date, title, text string }{
		{"2026-09-05", "Two wounded in shooting at Columbus bar",
			"Two men were wounded in a shooting at a bar on Parsons Avenue in Columbus, Ohio, early Saturday, Columbus police said. Sergeant Dana Kowalski said a suspect fled on foot."},
		{"2026-09-05", "Columbus police seek suspect after bar shooting",
			"Columbus police are looking for a man who opened fire at a bar on Parsons Avenue, wounding two, Sergeant Dana Kowalski said on Saturday."},
	}
	var items []ingest.Item
	add := func(kind string, i int, date, title, text string) {
		items = append(items, ingest.Item{Origin: fmt.Sprintf("%s %d", kind, i), ExternalID: fmt.Sprintf("%s-%d", kind, i),
			Title: title, Text: text, Date: date, Source: fmt.Sprintf("outlet%d.example", i%3), URL: fmt.Sprintf("https://outlet.example/%s/%d", kind, i)})
	}
	for i, h := range hurricane[:4] {
		add("hurricane", i, h.date, h.title, h.text)
	}
	for i, s := range shooting {
		add("shooting", i, s.date, s.title, s.text)
	}
	for i, h := range hurricane[4:] {
		add("hurricane", i+4, h.date, h.title, h.text)
	}
	return items
}

func ingestItems(t *testing.T, store news.Store, cfg pipeline.Config, items []ingest.Item) map[string]*news.Article {
	t.Helper()
	byExt := map[string]*news.Article{}
	cfg.Stored = func(it ingest.Item, a *news.Article) { byExt[it.ExternalID] = a }
	cfg.BatchSize = 2
	p := pipeline.New(store, cluster.New(cluster.DefaultConfig()), slog.New(slog.DiscardHandler), cfg)
	_, err := p.Ingest(t.Context(), func(fn pipeline.ItemFunc) error {
		for _, it := range items {
			if err := fn(it); err != nil {
				return err
			}
		}
		return nil
	}, func(err error) { t.Errorf("ingest: %v", err) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	return byExt
}

// storylineOf maps each item's external ID to its stored story's storyline.
func storylinesOf(t *testing.T, store news.Store) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	err := store.WalkArticles(t.Context(), func(a *news.Article) error {
		st, err := store.FindStoryByID(t.Context(), a.StoryID)
		if err != nil {
			return err
		}
		out[a.ExternalID] = st.StorylineID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestIngest_Storylines(t *testing.T) {
	store := openStore(t, ":memory:")
	ingestItems(t, store, pipeline.DefaultConfig(), storylineItems())
	lines := storylinesOf(t, store)
	h := lines["hurricane-0"]
	if h == 0 {
		t.Fatalf("hurricane story has no storyline: %v", lines)
	}
	for i := range 6 {
		if got := lines[fmt.Sprintf("hurricane-%d", i)]; got != h {
			t.Errorf("hurricane-%d in storyline %d, want %d (all of %v)", i, got, h, lines)
		}
	}
	s := lines["shooting-0"]
	if s == 0 || s == h || lines["shooting-1"] != s {
		t.Errorf("shooting storylines %d, %d; want one, not the hurricane's %d", s, lines["shooting-1"], h)
	}
	l, err := store.FindStorylineByID(t.Context(), h)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(l.Members); i++ {
		if l.Members[i].FirstSeen.Before(l.Members[i-1].FirstSeen) {
			t.Errorf("members out of time order: %v then %v", l.Members[i-1].FirstSeen, l.Members[i].FirstSeen)
		}
	}
	if l.Articles != 6 || l.Stories < 2 {
		t.Errorf("hurricane storyline has %d articles in %d stories, want 6 in two or more events", l.Articles, l.Stories)
	}
}

// TestIngest_StorylinesRestart ingests in two runs, the second warmed from
// the store, and compares with one run.
func TestIngest_StorylinesRestart(t *testing.T) {
	items := storylineItems()
	one := openStore(t, ":memory:")
	ingestItems(t, one, pipeline.DefaultConfig(), items)
	two := openStore(t, ":memory:")
	ingestItems(t, two, pipeline.DefaultConfig(), items[:5])
	ingestItems(t, two, pipeline.DefaultConfig(), items[5:])
	a, b := storylinesOf(t, one), storylinesOf(t, two)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("restarted storylines %v, want %v", b, a)
	}
}

// TestIngest_StorylinesUpgrade: stories stored without storylines (a
// database from before them) get them on the next ingest.
func TestIngest_StorylinesUpgrade(t *testing.T) {
	items := storylineItems()
	store := openStore(t, ":memory:")
	off := pipeline.DefaultConfig()
	off.NoStorylines = true
	ingestItems(t, store, off, items[:6])
	for ext, id := range storylinesOf(t, store) {
		if id != 0 {
			t.Fatalf("%s has storyline %d with storylines off", ext, id)
		}
	}
	ingestItems(t, store, pipeline.DefaultConfig(), items[6:])
	for ext, id := range storylinesOf(t, store) {
		if id == 0 {
			t.Errorf("%s has no storyline after the next ingest", ext)
		}
	}
}

// BenchmarkIngestStorylines measures ingest of real news text (the
// articles of BenchmarkIngestReal) into SQLite on disk with the storyline
// level and without it, in the same run.
func BenchmarkIngestStorylines(b *testing.B) {
	bench := os.Getenv("STORYLINE_BENCH")
	if bench == "" {
		b.Skip("set STORYLINE_BENCH to the shared benchmarks folder")
	}
	var items []ingest.Item
	for _, name := range []string{"gva-dev", "ecbplus-dev", "duc2004-events"} {
		rs, err := eval.ReadClusterFile(filepath.Join(bench, "cluster", name+".jsonl.gz"))
		if err != nil {
			b.Skip(err)
		}
		for i, r := range rs {
			if len(r.Text) >= 1500 {
				items = append(items, ingest.Item{Origin: fmt.Sprintf("%s:%d", name, i), ExternalID: r.ID,
					Title: r.Title, Text: r.Text, Date: r.Date, URL: r.URL, Source: r.Source})
			}
		}
	}
	// The two runs alternate within each iteration, so that load from
	// other processes falls on both alike.
	dir := b.TempDir()
	run := 0
	ingestOnce := func(off bool) time.Duration {
		run++
		store, err := sqlite.Open(b.Context(), filepath.Join(dir, fmt.Sprintf("b%d.db", run)))
		if err != nil {
			b.Fatal(err)
		}
		defer store.Close()
		cfg := pipeline.DefaultConfig()
		cfg.NoStorylines = off
		p := pipeline.New(store, cluster.New(cluster.DefaultConfig()), slog.New(slog.DiscardHandler), cfg)
		start := time.Now()
		_, err = p.Ingest(b.Context(), func(fn pipeline.ItemFunc) error {
			for _, it := range items {
				if err := fn(it); err != nil {
					return err
				}
			}
			return nil
		}, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	var with, without time.Duration
	for b.Loop() {
		without += ingestOnce(true)
		with += ingestOnce(false)
	}
	b.ReportMetric(without.Seconds()/float64(b.N), "s-without")
	b.ReportMetric(with.Seconds()/float64(b.N), "s-with")
	b.ReportMetric(100*(with.Seconds()/without.Seconds()-1), "%-added")
}

// TestIngest_StorylineEvents: a webhook receiver hears of each storyline
// started and each story that joined one, with the storyline's ID.
func TestIngest_StorylineEvents(t *testing.T) {
	store := openStore(t, ":memory:")
	var events []news.StoryEvent
	cfg := pipeline.DefaultConfig()
	cfg.Events = func(es []news.StoryEvent) { events = append(events, es...) }
	ingestItems(t, store, cfg, storylineItems())
	lines := storylinesOf(t, store)
	created, joined := map[int64]bool{}, map[int64]int64{}
	for _, e := range events {
		switch e.Kind {
		case news.EventStorylineCreated:
			if e.StorylineID != e.StoryID {
				t.Errorf("storyline.created of story %d names storyline %d", e.StoryID, e.StorylineID)
			}
			created[e.StorylineID] = true
		case news.EventStorylineStory:
			joined[e.StoryID] = e.StorylineID
			if e.Headline == "" {
				t.Errorf("storyline.story without the story's headline: %+v", e)
			}
		}
	}
	h := lines["hurricane-0"]
	if !created[h] || !created[lines["shooting-0"]] {
		t.Errorf("created events %v, want the hurricane's %d and the shooting's %d", created, h, lines["shooting-0"])
	}
	l, err := store.FindStorylineByID(t.Context(), h)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range l.Members[1:] {
		if joined[m.ID] != h {
			t.Errorf("story %d joined storyline %d without a storyline.story event (%v)", m.ID, h, joined)
		}
	}
}

// TestStorePrepared_PlacesStorylines: a batch of no articles, as `migrate
// --storylines` stores, places the stories stored before storylines.
func TestStorePrepared_PlacesStorylines(t *testing.T) {
	store := openStore(t, ":memory:")
	off := pipeline.DefaultConfig()
	off.NoStorylines = true
	ingestItems(t, store, off, storylineItems())
	p := pipeline.New(store, cluster.New(cluster.DefaultConfig()), slog.New(slog.DiscardHandler), pipeline.DefaultConfig())
	if _, err := p.StorePrepared(t.Context(), nil, false); err != nil {
		t.Fatal(err)
	}
	got := storylinesOf(t, store)
	for ext, id := range got {
		if id == 0 {
			t.Errorf("%s has no storyline after the empty batch", ext)
		}
	}
	one := openStore(t, ":memory:")
	ingestItems(t, one, pipeline.DefaultConfig(), storylineItems())
	if want := storylinesOf(t, one); got["hurricane-0"] != got["hurricane-5"] || (want["hurricane-0"] == want["hurricane-5"]) != (got["hurricane-0"] == got["hurricane-5"]) {
		t.Errorf("placed afterwards %v, placed while ingesting %v", got, want)
	}
}
