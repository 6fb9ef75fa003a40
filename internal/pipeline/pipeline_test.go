package pipeline_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/samples"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/story/headline"
)

func openStore(tb testing.TB, path string) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(tb.Context(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// ingestPaths runs the pipeline over paths and fails the test on any error.
func ingestPaths(tb testing.TB, store news.Store, paths ...string) pipeline.Stats {
	tb.Helper()
	ctx := tb.Context()
	r := ingest.NewReader(ingest.Options{})
	p := pipeline.New(store, cluster.New(cluster.DefaultConfig()), slog.New(slog.DiscardHandler), pipeline.DefaultConfig())
	fail := func(err error) { tb.Errorf("ingest: %v", err) }
	st, err := p.Ingest(ctx, func(fn pipeline.ItemFunc) error {
		return r.Read(ctx, paths, fn, func(e *ingest.ItemError) { fail(e) })
	}, fail, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

func sampleDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "samples")
	sub, err := fs.Sub(samples.FS, samples.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(dir, sub); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestIngest_Samples checks the bundled samples end to end: every event is
// one story, different events are different stories (the two Riverton
// shootings, 17 days apart, at a grocery store and at a nightclub, among
// them), and the syndicated copy is linked to its original.
func TestIngest_Samples(t *testing.T) {
	store := openStore(t, filepath.Join(t.TempDir(), "s.db"))
	dir := sampleDir(t)
	st := ingestPaths(t, store, dir)
	if st.Failed != 0 || st.Created != len(samples.Events()) {
		t.Fatalf("stats %+v, want %d created and none failed", st, len(samples.Events()))
	}
	arts, _, err := store.FindArticles(t.Context(), news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	storyOf := map[string]int64{} // event -> story
	eventOf := map[int64]string{} // story -> event
	dups := 0
	for _, a := range arts {
		key := strings.TrimPrefix(a.Origin, dir+string(filepath.Separator))
		ev, ok := samples.Events()[key]
		if !ok {
			t.Fatalf("article origin %q not in samples.Events", key)
		}
		if s, ok := storyOf[ev]; ok && s != a.StoryID {
			t.Errorf("event %s split across stories %d and %d (%s)", ev, s, a.StoryID, key)
		}
		if e, ok := eventOf[a.StoryID]; ok && e != ev {
			t.Errorf("story %d mixes events %s and %s (%s)", a.StoryID, e, ev, key)
		}
		storyOf[ev], eventOf[a.StoryID] = a.StoryID, ev
		if a.DuplicateOf != 0 {
			dups++
		}
	}
	if dups != 1 {
		t.Errorf("%d near-copies linked, want 1 (the syndicated wire story)", dups)
	}
	if a, b := storyOf["shooting-freshway"], storyOf["shooting-bluelantern"]; a == 0 || a == b {
		t.Errorf("Riverton shootings in stories %d and %d, want two stories", a, b)
	}

	// Idempotent: a second run stores nothing and changes no story.
	again := ingestPaths(t, store, dir)
	if again.Created != 0 || again.Skipped != st.Created {
		t.Errorf("second run %+v, want 0 created and %d skipped", again, st.Created)
	}
}

// TestIngest_Warm checks that a pipeline started over an existing store puts
// new reports of an old event into the old story.
func TestIngest_Warm(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	dir := sampleDir(t)
	store := openStore(t, path)
	ingestPaths(t, store, filepath.Join(dir, "bridge-harbourwatch.txt"))
	first, _, _ := store.FindArticles(t.Context(), news.ArticleFilter{})
	ingestPaths(t, store, filepath.Join(dir, "bridge-courier.html"))
	arts, _, _ := store.FindArticles(t.Context(), news.ArticleFilter{})
	if len(arts) != 2 || arts[1].StoryID != first[0].StoryID {
		t.Errorf("follow-up report in story %d, want the existing story %d", arts[len(arts)-1].StoryID, first[0].StoryID)
	}
}

func TestPrepare(t *testing.T) {
	a, err := pipeline.Prepare(ingest.Item{
		Origin: "x.jsonl:1",
		Title:  "Storm floods the harbour district",
		Text:   "Heavy rain flooded the harbour district of Port Averin on Monday, officials said.\n\nLeave a comment",
		URL:    "https://www.Example.org/news/storm?utm_source=feed#top",
		Date:   "2026-03-09T08:00:00+01:00",
	})
	if err != nil {
		t.Fatal(err)
	}
	if a.URL == "" || strings.Contains(a.URL, "utm_source") || strings.Contains(a.URL, "#") {
		t.Errorf("URL = %q, want canonical", a.URL)
	}
	if a.Source == "" || a.Source == pipeline.UnknownSource {
		t.Errorf("Source = %q, want the URL host", a.Source)
	}
	if got := a.Published.Format("2006-01-02T15:04Z07:00"); got != "2026-03-09T07:00Z" {
		t.Errorf("Published = %s, want 2026-03-09T07:00Z", got)
	}
	if a.Language != "en" || !a.LanguageSupported {
		t.Errorf("Language = %q (supported %v), want en", a.Language, a.LanguageSupported)
	}
	if strings.Contains(a.Body, "Leave a comment") || len(a.Removed) == 0 {
		t.Errorf("footer not removed: body %q removed %v", a.Body, a.Removed)
	}
	if _, err := pipeline.Prepare(ingest.Item{Origin: "y.txt", Text: " \n "}); news.ErrorCode(err) != news.EINVALID {
		t.Errorf("empty article: err %v, want code %s", err, news.EINVALID)
	}
}

func TestContentHash(t *testing.T) {
	a := pipeline.ContentHash("X", "Title", "Some body text.\n\nMore.")
	b := pipeline.ContentHash("X", "title", "Some  body text\nMore")
	c := pipeline.ContentHash("X", "Title", "Other body text.")
	if a != b {
		t.Errorf("hashes differ for copies differing only in case, spacing and punctuation")
	}
	if a == c {
		t.Errorf("hashes equal for different bodies")
	}
	if pipeline.ContentHash("X", "ab", "c") == pipeline.ContentHash("X", "a", "bc") {
		t.Errorf("title/body boundary not part of the hash")
	}
}

// words is a vocabulary for synthetic articles.
var words = strings.Fields(`the a of in on and to said police officials city council river bridge fire
	storm election minister report company market shares court judge trial school hospital water road
	train station airport workers union strike protest government bank rate inflation prices energy
	power plant farm village town county state region north south east west morning night week year`)

// writeSynthetic writes n synthetic articles of about size bytes each as
// JSONL, in events of about four articles.
func writeSynthetic(tb testing.TB, path string, n, size int) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for i := range n {
		ev := i / 4
		var b strings.Builder
		for b.Len() < size {
			fmt.Fprintf(&b, "Event%d ", ev)
			for range 12 {
				b.WriteString(words[rng.IntN(len(words))])
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "Place%d %d.", ev, rng.IntN(100))
			if rng.IntN(4) == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		rec := map[string]string{
			"id": fmt.Sprint(i), "title": fmt.Sprintf("Event%d in Place%d", ev, ev),
			"date": fmt.Sprintf("2026-01-%02dT%02d:00:00Z", 1+ev%28, i%24), "source": fmt.Sprintf("outlet%d.example", i%7),
			"url": fmt.Sprintf("https://outlet%d.example/%d", i%7, i), "text": b.String(),
		}
		if err := enc.Encode(rec); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkIngest measures JSONL ingest + clean + cluster + store on disk
// for ~3 KB articles.
func BenchmarkIngest(b *testing.B) {
	const n = 5000
	dir := b.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	writeSynthetic(b, in, n, 3000)
	ctx := context.Background()
	run := 0
	for b.Loop() {
		run++
		store, err := sqlite.Open(ctx, filepath.Join(dir, fmt.Sprintf("b%d.db", run)))
		if err != nil {
			b.Fatal(err)
		}
		st := ingestPaths(b, store, in)
		store.Close()
		if st.Created != n {
			b.Fatalf("stored %d articles, want %d", st.Created, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
	if kb := peakRSSKiB(); kb > 0 {
		b.ReportMetric(float64(kb)/1024, "peak-RSS-MiB")
	}
}

// peakRSSKiB returns the process's peak resident set size from
// /proc/self/status, or 0 where that is not available.
func peakRSSKiB() int64 {
	buf, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(buf), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
			return kb
		}
	}
	return 0
}

func TestContentHash_Source(t *testing.T) {
	if pipeline.ContentHash("Meridian Press", "T", "Body.") == pipeline.ContentHash("Daily Tribune", "T", "Body.") {
		t.Errorf("the same text from two outlets hashes equal; want two articles")
	}
}

func TestPrepare_FallbackSource(t *testing.T) {
	tests := []struct {
		name string
		item ingest.Item
		want string
	}{
		{"dateline agency", ingest.Item{Origin: "a.jsonl:1", Format: ingest.FormatJSONL, Title: "Town taken",
			Text: "HOMS, Syria (Reuters) - Fighters captured the town of Maheen on Sunday, a monitor said."}, "Reuters"},
		{"file name", ingest.Item{Origin: "/tmp/in/maheen-bbc.txt", Format: ingest.FormatText,
			Text: "Town taken\n\nFighters captured the town of Maheen on Sunday, a monitor said."}, "maheen-bbc"},
		{"unknown", ingest.Item{Origin: "a.jsonl:2", Format: ingest.FormatJSONL, Title: "Town taken",
			Text: "Fighters captured the town of Maheen on Sunday, a monitor said."}, pipeline.UnknownSource},
		{"field wins", ingest.Item{Origin: "x.txt", Format: ingest.FormatText, Source: "BBC",
			Text: "HOMS (Reuters) - Fighters captured the town of Maheen on Sunday, a monitor said."}, "BBC"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := pipeline.Prepare(tc.item)
			if err != nil {
				t.Fatal(err)
			}
			if a.Source != tc.want {
				t.Errorf("Source = %q, want %q", a.Source, tc.want)
			}
		})
	}
}

// BenchmarkIngestReal measures the same on real news text: the articles of
// 1,500 bytes or more in the GVA, ECB+ and DUC 2004 clustering files of
// $STORYLINE_BENCH (about 1,900 articles of 3.3 KB on average), written
// to a JSONL file and ingested into SQLite on disk. Word-salad synthetic
// text defeats the language detector's fast path, so this is the figure to
// quote for real input.
func BenchmarkIngestReal(b *testing.B) {
	bench := os.Getenv("STORYLINE_BENCH")
	if bench == "" {
		b.Skip("set STORYLINE_BENCH to the shared benchmarks folder")
	}
	var recs []eval.ClusterRecord
	for _, name := range []string{"gva-dev", "ecbplus-dev", "duc2004-events"} {
		rs, err := eval.ReadClusterFile(filepath.Join(bench, "cluster", name+".jsonl.gz"))
		if err != nil {
			b.Skip(err)
		}
		for _, r := range rs {
			if len(r.Text) >= 1500 {
				recs = append(recs, r)
			}
		}
	}
	dir := b.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	f, err := os.Create(in)
	if err != nil {
		b.Fatal(err)
	}
	enc := json.NewEncoder(f)
	bytes := 0
	for _, r := range recs {
		bytes += len(r.Text)
		r.Event = "" // gold labels stay out
		if err := enc.Encode(r); err != nil {
			b.Fatal(err)
		}
	}
	f.Close()
	ctx := context.Background()
	run := 0
	for b.Loop() {
		run++
		store, err := sqlite.Open(ctx, filepath.Join(dir, fmt.Sprintf("b%d.db", run)))
		if err != nil {
			b.Fatal(err)
		}
		st := ingestPaths(b, store, in)
		store.Close()
		if st.Created+st.Skipped != len(recs) {
			b.Fatalf("stored %d+%d articles, want %d", st.Created, st.Skipped, len(recs))
		}
	}
	b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(bytes)/float64(len(recs)), "bytes/article")
	if kb := peakRSSKiB(); kb > 0 {
		b.ReportMetric(float64(kb)/1024, "peak-RSS-MiB")
	}
}

func TestIngest_Events(t *testing.T) {
	store := openStore(t, filepath.Join(t.TempDir(), "s.db"))
	var events []news.StoryEvent
	cfg := pipeline.DefaultConfig()
	cfg.Events = func(es []news.StoryEvent) { events = append(events, es...) }
	p := pipeline.New(store, cluster.New(cluster.DefaultConfig()), slog.New(slog.NewTextHandler(io.Discard, nil)), cfg)
	dir := sampleDir(t)
	r := ingest.NewReader(ingest.Options{})
	if _, err := p.Ingest(t.Context(), func(fn pipeline.ItemFunc) error {
		return r.Read(t.Context(), []string{dir}, fn, func(e *ingest.ItemError) { t.Error(e) })
	}, func(err error) { t.Error(err) }, nil); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, e := range events {
		kinds[e.Kind]++
	}
	stories, _ := store.CountStories(t.Context())
	// Every story was created once (some perhaps merged away since), and
	// every story with more than one outlet gained sources.
	if kinds[news.EventStoryCreated] != stories+kinds[news.EventStoryMerged] {
		t.Errorf("events %v for %d stories: want one created event per story, merged ones included", kinds, stories)
	}
	if kinds[news.EventStorySource] == 0 {
		t.Errorf("events %v: want stories gaining sources", kinds)
	}
	for _, e := range events {
		if e.Kind == news.EventStorySource && e.Source == "Daily Tribune" {
			t.Errorf("the syndicated near-copy counted as an independent source: %+v", e)
		}
		if e.Kind != news.EventStoryMerged && e.Headline == "" {
			t.Errorf("event without the story's headline: %+v", e)
		}
	}
	// Each story's stored headline is the synthesized one, and the last
	// event of a live story carries it.
	all, _, err := store.FindStories(t.Context(), news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	last := map[int64]string{}
	for _, e := range events {
		last[e.StoryID] = e.Headline
	}
	for _, st := range all {
		members, _, _ := store.FindArticles(t.Context(), news.ArticleFilter{StoryID: &st.ID})
		if want := headline.Of(members); st.Headline != want || last[st.ID] != want {
			t.Errorf("story %d: stored %q, last event %q; want %q", st.ID, st.Headline, last[st.ID], want)
		}
	}
}

// TestIngest_Placeholder checks that a placeholder page is stored but
// joins no story, while a real article beside it does.
func TestIngest_Placeholder(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "in.jsonl")
	lines := `{"title":"Starting in 1996","text":"Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive. Flowing in every day, these data are added to the Wayback Machine after an embargo period.","source":"unknown"}
{"title":"Bridge collapses in Kestrel Bay","text":"The old swing bridge over Kestrel Bay collapsed on Monday morning, sending two vans into the water.","source":"Harbour Watch"}
`
	if err := os.WriteFile(input, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	store := openStore(t, filepath.Join(dir, "s.db"))
	st := ingestPaths(t, store, input)
	if st.Created != 2 || len(st.Stories) != 1 {
		t.Fatalf("stats %+v: want 2 stored, 1 story", st)
	}
	arts, _, err := store.FindArticles(t.Context(), news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		placeholder := strings.HasPrefix(a.Title, "Starting")
		if placeholder != (a.StoryID == 0) {
			t.Errorf("article %q: story %d", a.Title, a.StoryID)
		}
	}
}
