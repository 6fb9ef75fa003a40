package synthesis

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
)

// examples reads the real articles of ../shared/examples through the
// ingest cleaning, or skips.
func examples(t *testing.T) []*news.Article {
	t.Helper()
	dir := filepath.Join("..", "..", "..", "..", "shared", "examples")
	var out []*news.Article
	for i, name := range []string{"maheen-bbc.txt", "maheen-reuters.txt"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Skipf("../shared/examples not found: %v", err)
		}
		a, err := pipeline.Prepare(ingest.Item{Origin: filepath.Join(dir, name), Format: ingest.FormatText, Text: string(b)})
		if err != nil {
			t.Fatal(err)
		}
		a.ID = int64(i + 1)
		out = append(out, a)
	}
	return out
}

func claimWith(cs []news.Claim, words ...string) *news.Claim {
	for i, c := range cs {
		all := strings.ToLower(c.Text)
		for _, sp := range c.Spans {
			all += " " + strings.ToLower(sp.Text)
		}
		ok := true
		for _, w := range words {
			if !strings.Contains(all, w) {
				ok = false
			}
		}
		if ok {
			return &cs[i]
		}
	}
	return nil
}

// TestSynthesize_Examples checks what ../shared/examples/README.md asks of
// the two real Maheen reports.
func TestSynthesize_Examples(t *testing.T) {
	arts := examples(t)
	syn, err := (&Synthesizer{}).Synthesize(t.Context(), &news.Story{ID: 1}, arts)
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.ToLower(syn.Headline); !strings.Contains(h, "maheen") && !strings.Contains(h, "homs") || strings.Contains(h, "khamenei") || strings.Contains(h, "vienna") {
		t.Errorf("headline %q, want one about Maheen's capture", syn.Headline)
	}
	if n := len(strings.Fields(syn.Headline)); n > 14 {
		t.Errorf("headline has %d words, want at most 14", n)
	}
	for _, want := range [][]string{{"20 km", "damascus"}, {"250,000"}} {
		c := claimWith(syn.Comparison.Agreed, want...)
		if c == nil || len(c.Sources) < 2 {
			t.Errorf("no agreed claim with %q among %d agreed", want, len(syn.Comparison.Agreed))
		}
	}
	for _, tc := range []struct {
		words  []string
		source string
	}{{[]string{"arms depot"}, arts[0].Source}, {[]string{"state media"}, arts[1].Source}} {
		c := claimWith(syn.Comparison.SingleSource, tc.words...)
		if c == nil || len(c.Sources) != 1 || c.Sources[0] != tc.source {
			t.Errorf("single-source claim %q: got %+v, want from %s only", tc.words, c, tc.source)
		}
		if claimWith(syn.Comparison.Agreed, tc.words...) != nil {
			t.Errorf("claim %q listed as agreed", tc.words)
		}
	}
	if len(syn.Summary) == 0 {
		t.Fatal("empty summary")
	}
	for _, s := range syn.Summary {
		if s.Source == "" || s.ArticleID == 0 {
			t.Errorf("summary sentence without provenance: %+v", s)
		}
	}
	if testing.Verbose() {
		t.Logf("headline: %s", syn.Headline)
		for _, c := range syn.Comparison.Agreed {
			t.Logf("agreed %v: %v", c.Sources, c.Spans)
		}
		for _, c := range syn.Comparison.SingleSource {
			t.Logf("single %v: %s", c.Sources, c.Text)
		}
		for _, e := range syn.Entities {
			t.Logf("entity %s %s %d %v", e.Name, e.Kind, e.Count, e.Sources)
		}
		for _, c := range syn.Comparison.Conflicts {
			t.Logf("conflict %+v", c)
		}
	}
}

func article(id int64, source, title, body string, pub time.Time) *news.Article {
	return &news.Article{ID: id, Source: source, Title: title, Body: body, Published: pub}
}

func TestSynthesize_ConflictsAndCopies(t *testing.T) {
	day := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC) // a Tuesday
	wire := "At least 12 people were killed when part of the Kessel Street Bridge in Port Averin fell into the Averin River on Tuesday, Mayor Elena Varga said.\n\nMayor Elena Varga said 31 people had been rescued from the water."
	arts := []*news.Article{
		article(1, "Meridian Press", "Twelve dead as Port Averin bridge falls", wire, day),
		article(2, "Daily Tribune", "Twelve dead as Port Averin bridge falls", wire, day.Add(time.Hour)),
		article(3, "Valley Courier", "Port Averin bridge: death toll rises to 15",
			"The number of people killed in the collapse of the Kessel Street Bridge in Port Averin has risen to 15, police said on Wednesday, after divers recovered three more bodies.\n\nMayor Elena Varga said 31 people had been pulled from the water.", day.AddDate(0, 0, 1)),
	}
	arts[1].DuplicateOf = 1
	syn, err := (&Synthesizer{}).Synthesize(t.Context(), &news.Story{ID: 1}, arts)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]int64{{1, 2}, {3}}; !slices.EqualFunc(syn.Groups, want, slices.Equal) {
		t.Errorf("Groups = %v, want %v", syn.Groups, want)
	}
	var killed *news.Conflict
	for i, c := range syn.Comparison.Conflicts {
		if c.What == "killed" {
			killed = &syn.Comparison.Conflicts[i]
		}
	}
	if killed == nil || len(killed.Sides) != 2 {
		t.Fatalf("conflicts %+v, want killed 12 vs 15", syn.Comparison.Conflicts)
	}
	for _, sd := range killed.Sides {
		if slices.Contains(sd.Sources, "Daily Tribune") {
			t.Errorf("the near-copy counts as a source: %+v", sd)
		}
	}
	if killed.Sides[0].Value != "12" || killed.Sides[1].Value != "15" {
		t.Errorf("sides %+v, want 12 and 15", killed.Sides)
	}
	if c := claimWith(syn.Comparison.Agreed, "31 people"); c == nil || len(c.Sources) != 2 {
		t.Errorf("rescue claim not agreed by both independent sources: %+v", syn.Comparison.Agreed)
	}
	// Timeline: "on Tuesday" in a Tuesday report is that day; "on
	// Wednesday" in the Wednesday report is the next day.
	var days []string
	for _, e := range syn.Timeline {
		if e.Kind == "mentioned" {
			days = append(days, e.Date.Format("2006-01-02"))
		}
	}
	if !slices.Contains(days, "2026-03-10") || !slices.Contains(days, "2026-03-11") {
		t.Errorf("mentioned days %v, want 2026-03-10 and 2026-03-11", days)
	}
	var varga *news.Entity
	for i, e := range syn.Entities {
		if e.Name == "Elena Varga" {
			varga = &syn.Entities[i]
		}
	}
	if varga == nil || varga.Kind != news.EntityPerson {
		t.Errorf("entities %+v, want Elena Varga as a person", syn.Entities)
	}
}

func TestMentions(t *testing.T) {
	sunday := time.Date(2015, 11, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		s    string
		pub  time.Time
		want []string
	}{
		{"The attack began late on Saturday with twin car bombs.", sunday, []string{"2015-10-31 day"}},
		{"The group overran Tadmur in May.", sunday, []string{"2015-05-01 month"}},
		{"Talks were held on 30 October 2015 in Vienna.", time.Time{}, []string{"2015-10-30 day"}},
		{"Police said on Sunday that the road reopened on Oct. 29.", sunday, []string{"2015-10-29 day", "2015-11-01 day"}},
		{"The talks resume in December.", sunday, []string{"2015-12-01 month"}},
		{"The attack began late on Saturday.", time.Time{}, nil},
	}
	for _, tc := range tests {
		var got []string
		for _, m := range mentions(tc.s, tc.pub) {
			got = append(got, m.date.Format("2006-01-02")+" "+m.gran)
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("mentions(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

func TestSynthesize_QuoteConflict(t *testing.T) {
	day := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	arts := []*news.Article{
		article(1, "Harbour Watch", "Bridge collapse", "\u201cWe will find out exactly what happened, and if anyone failed in their duty, they will answer for it,\u201d Varga told reporters at the riverbank.\n\nDivers worked through the night.", day),
		article(2, "Meridian Press", "Bridge collapse", "Mayor Elena Varga said: \"We will find out what happened, and anyone who failed in their duty will answer for it.\"\n\nDivers worked through the night.", day),
		article(3, "Valley Courier", "Bridge collapse", "\"We will find out exactly what happened, and if anyone failed in their duty, they will answer for it,\" Varga said.", day),
		article(4, "Daily Tribune", "Bridge collapse", "\"The river was calm that morning and nobody expected anything,\" said witness Marta Olsen.", day),
	}
	syn, err := (&Synthesizer{}).Synthesize(t.Context(), &news.Story{ID: 1}, arts)
	if err != nil {
		t.Fatal(err)
	}
	var q *news.Conflict
	for i, c := range syn.Comparison.Conflicts {
		if strings.HasPrefix(c.What, "quote by") {
			q = &syn.Comparison.Conflicts[i]
		}
	}
	if q == nil || !strings.Contains(q.What, "Varga") || len(q.Sides) != 2 {
		t.Fatalf("conflicts %+v, want Varga's quote in two versions", syn.Comparison.Conflicts)
	}
	if !slices.Contains(q.Sides[1].Sources, "Meridian Press") || !slices.Equal(q.Sides[0].Sources, []string{"Harbour Watch", "Valley Courier"}) {
		t.Errorf("sides %+v, want Harbour Watch and Valley Courier against the Meridian Press wording", q.Sides)
	}
}
