package summarize

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// storyDocs is a small fictional story told by three outlets, one of which
// ran a near-copy of another's report.
func storyDocs() []Document {
	return []Document{
		{
			ID: 11, Source: "harbour-gazette", Title: "Flood barrier fails in Lowmarsh as river bursts banks",
			Text: "LOWMARSH (Harbour Gazette) - The flood barrier at Lowmarsh failed on Tuesday night after the river Wend burst its banks.\n\n" +
				"About 400 homes in the old town were evacuated, the county council said.\n\n" +
				"Engineers had warned in March that the barrier's pumps were worn out.\n\n" +
				"Mayor Ada Penhallow said the town would rebuild. \"We have been here before,\" she said.\n\n" +
				"Leave a comment. Your email address will not be published.",
		},
		{
			ID: 12, Source: "wend-valley-news", Title: "Lowmarsh flood: 400 homes evacuated after barrier failure - Wend Valley News",
			Text: "About 400 homes were evacuated in Lowmarsh after the flood barrier failed on Tuesday night.\n\n" +
				"The river Wend burst its banks after three days of heavy rain, forecasters said.\n\n" +
				"The county council opened two emergency shelters in the town's schools.\n\n" +
				"Photo: Residents wade through the high street",
		},
		{
			ID: 13, Source: "county-wire", DuplicateOf: 12, Title: "Lowmarsh flood: 400 homes evacuated",
			Text: "About 400 homes were evacuated in Lowmarsh after the flood barrier failed on Tuesday night.\n\n" +
				"The river Wend burst its banks after three days of heavy rain, forecasters said.\n\n" +
				"The county council opened two emergency shelters in the town's schools.",
		},
	}
}

func TestSummarize_Provenance(t *testing.T) {
	t.Parallel()
	docs := storyDocs()
	byID := map[int64]Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	sum := Summarize(docs, Options{Words: 60})
	if len(sum.Sentences) == 0 {
		t.Fatal("Summarize returned no sentences")
	}
	words := 0
	for _, s := range sum.Sentences {
		d, ok := byID[s.ArticleID]
		if !ok {
			t.Fatalf("sentence %q: unknown article %d", s.Text, s.ArticleID)
		}
		if d.Text[s.Start:s.End] != s.Text {
			t.Errorf("sentence %q: offsets %d:%d point to %q", s.Text, s.Start, s.End, d.Text[s.Start:s.End])
		}
		if s.Source != d.Source {
			t.Errorf("sentence %q: source %q, want %q", s.Text, s.Source, d.Source)
		}
		if d.DuplicateOf != 0 {
			t.Errorf("sentence %q quoted from near-copy %d", s.Text, d.ID)
		}
		if slices.Contains(s.Supporting, s.ArticleID) {
			t.Errorf("sentence %q supported by its own article", s.Text)
		}
		if strings.Contains(s.Text, "Leave a comment") || strings.HasPrefix(s.Text, "Photo:") {
			t.Errorf("boilerplate in summary: %q", s.Text)
		}
		words += len(strings.Fields(s.Text))
	}
	if words > 60 || words != sum.Words {
		t.Errorf("summary has %d words (Words=%d), want <= 60", words, sum.Words)
	}
	t.Logf("summary:\n%s", sum.Text())
}

func TestSummarize_Supporting(t *testing.T) {
	t.Parallel()
	docs := storyDocs()
	sum := Summarize(docs, Options{Words: 100})
	found := false
	for _, s := range sum.Sentences {
		if strings.Contains(s.Text, "400 homes") {
			found = true
			// Told by 11 and 12; 13 is a copy of 12 and repeats it too.
			var want []int64
			for _, id := range []int64{11, 12, 13} {
				if id != s.ArticleID {
					want = append(want, id)
				}
			}
			if !reflect.DeepEqual(s.Supporting, want) {
				t.Errorf("sentence %q (article %d) supported by %v, want %v", s.Text, s.ArticleID, s.Supporting, want)
			}
		}
	}
	if !found {
		t.Errorf("summary misses the evacuation, told by every outlet:\n%s", sum.Text())
	}
}

func TestSummarize_NearCopiesCountOnce(t *testing.T) {
	t.Parallel()
	// Without the DuplicateOf marks, the copied report would outweigh the
	// original one; with them, it must make no difference how many copies
	// there are.
	docs := storyDocs()
	want := Summarize(docs, Options{Words: 40})
	more := append(slices.Clone(docs), Document{ID: 14, Source: "copycat", DuplicateOf: 12, Text: docs[1].Text},
		Document{ID: 15, Source: "copycat-2", DuplicateOf: 12, Text: docs[1].Text})
	got := Summarize(more, Options{Words: 40})
	if got.Text() != want.Text() {
		t.Errorf("copies changed the summary:\n%s\nwant\n%s", got.Text(), want.Text())
	}
	// Exact copies are found even when not marked.
	unmarked := append(slices.Clone(docs), Document{ID: 16, Source: "copycat-3", Text: docs[1].Text})
	if got := Summarize(unmarked, Options{Words: 40}); got.Text() != want.Text() {
		t.Errorf("an unmarked exact copy changed the summary:\n%s\nwant\n%s", got.Text(), want.Text())
	}
}

func TestSummarize_Limits(t *testing.T) {
	t.Parallel()
	docs := storyDocs()
	for _, tc := range []struct {
		opt       Options
		maxWords  int
		maxCount  int
		wantAtMin int
	}{
		{Options{}, DefaultWords, 100, 1},
		{Options{Words: 20}, 20, 100, 1},
		{Options{Words: 5}, 5, 100, 0},
		{Options{Sentences: 1}, 1 << 30, 1, 1},
		{Options{Sentences: 2, Words: 40}, 40, 2, 1},
	} {
		sum := Summarize(docs, tc.opt)
		if sum.Words > tc.maxWords || len(sum.Sentences) > tc.maxCount || len(sum.Sentences) < tc.wantAtMin {
			t.Errorf("Summarize(%+v): %d words, %d sentences; want <= %d words, %d..%d sentences",
				tc.opt, sum.Words, len(sum.Sentences), tc.maxWords, tc.wantAtMin, tc.maxCount)
		}
	}
	if sum := Summarize(nil, Options{}); len(sum.Sentences) != 0 {
		t.Errorf("Summarize(nil) = %+v, want empty", sum)
	}
}

func TestSummarize_Deterministic(t *testing.T) {
	t.Parallel()
	docs := storyDocs()
	want := Summarize(docs, Options{Words: 50})
	for range 20 {
		if got := Summarize(docs, Options{Words: 50}); !reflect.DeepEqual(got, want) {
			t.Fatalf("Summarize is not deterministic:\n%+v\nwant\n%+v", got, want)
		}
	}
	h := Headline(docs)
	for range 20 {
		if got := Headline(docs); got != h {
			t.Fatalf("Headline = %q then %q", h, got)
		}
	}
}

func TestHeadline(t *testing.T) {
	t.Parallel()
	docs := storyDocs()
	tests := []struct {
		name string
		docs []Document
		want string
	}{
		{"central title", docs, "Flood barrier fails in Lowmarsh as river bursts banks"},
		{"boilerplate title skipped", []Document{
			{ID: 1, Title: "Home", Text: docs[0].Text},
			{ID: 2, Title: "Live updates", Text: docs[1].Text},
		}, "The flood barrier at Lowmarsh failed on Tuesday night after the river Wend burst…"},
		// A sentence that fits whole beats a more central one cut short.
		{"no titles", []Document{{ID: 1, Text: docs[1].Text}, {ID: 2, DuplicateOf: 1, Text: docs[2].Text}},
			"The river Wend burst its banks after three days of heavy rain, forecasters said"},
		{"no titles, dateline", []Document{{ID: 1, Text: docs[0].Text}, {ID: 2, Text: docs[2].Text}},
			"The flood barrier at Lowmarsh failed on Tuesday night after the river Wend burst…"},
		{"empty", nil, ""},
	}
	for _, tc := range tests {
		if got := Headline(tc.docs); got != tc.want {
			t.Errorf("%s: Headline = %q, want %q", tc.name, got, tc.want)
		}
		if n := len(strings.Fields(Headline(tc.docs))); n > MaxHeadlineWords {
			t.Errorf("%s: headline has %d words", tc.name, n)
		}
	}
}

func TestCleanTitle(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"3-year-old shoots mother in Davie - WSVN-TV - 7NEWS Miami Ft. Lauderdale News, Weather", "3-year-old shoots mother in Davie"},
		{"17-year-old killed after shooting on Crump Road - WMC Action News 5 - Memphis, Tennessee", "17-year-old killed after shooting on Crump Road"},
		{"Storm hits coast | BBC News", "Storm hits coast"},
		// A long tail that names no site stays.
		{"Police chief resigns - after the mayor said he had lost the trust of the city", "Police chief resigns - after the mayor said he had lost the trust of the city"},
	} {
		if got := cleanTitle(tc.in); got != tc.want {
			t.Errorf("cleanTitle(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTrimWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"Short title.", 14, "Short title."},
		{"one two three four five six seven eight nine ten eleven twelve", 5, "one two three four five…"},
		{"Islamic State fighters have captured the town of Maheen, a monitoring group said on Sunday", 14,
			"Islamic State fighters have captured the town of Maheen"},
		{"The army said the town of the", 5, "The army said the town…"},
		{"A man in the", 3, "A man…"},
	}
	for _, tc := range tests {
		if got := trimWords(tc.in, tc.n); got != tc.want {
			t.Errorf("trimWords(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// readExample reads one of the real scraped articles in shared/examples,
// or skips the test.
func readExample(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "shared", "examples", name))
	if err != nil {
		tb.Skipf("example absent: %v", err)
	}
	return string(b)
}

// TestHeadline_Maheen summarises two real scraped reports of Islamic
// State's capture of Maheen. Both carry side stories (Khamenei's call for
// elections, the Vienna talks) that the headline must not be about.
func TestHeadline_Maheen(t *testing.T) {
	t.Parallel()
	bbc := readExample(t, "maheen-bbc.txt")
	reuters := readExample(t, "maheen-reuters.txt")
	firstLine, rest, _ := strings.Cut(bbc, "\n")

	check := func(name, h string) {
		t.Helper()
		low := strings.ToLower(h)
		if !strings.Contains(low, "maheen") && !strings.Contains(low, "homs") {
			t.Errorf("%s: headline %q is not about Maheen", name, h)
		}
		for _, bad := range []string{"khamenei", "vienna", "election", "talks"} {
			if strings.Contains(low, bad) {
				t.Errorf("%s: headline %q is about a side story", name, h)
			}
		}
		if n := len(strings.Fields(h)); n > MaxHeadlineWords || n < 3 {
			t.Errorf("%s: headline %q has %d words", name, h, n)
		}
		t.Logf("%s: %s", name, h)
	}
	// As scraped: no titles at all.
	raw := []Document{{ID: 1, Source: "bbc", Text: bbc}, {ID: 2, Source: "reuters", Text: reuters}}
	check("raw", Headline(raw))
	// With the BBC's first line as its title.
	titled := []Document{{ID: 1, Source: "bbc", Title: firstLine, Text: rest}, {ID: 2, Source: "reuters", Text: reuters}}
	check("titled", Headline(titled))

	sum := Summarize(raw, Options{Words: 100})
	for _, s := range sum.Sentences {
		low := strings.ToLower(s.Text)
		if strings.Contains(low, "leave a comment") || strings.Contains(low, "email address") {
			t.Errorf("boilerplate in summary: %q", s.Text)
		}
	}
	t.Logf("summary:\n%s", sum.Text())
}

// TestPolish checks that scraped debris comes off headline candidates and
// that text without debris is left as it is.
func TestPolish(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Paris ( reuters ) - france's carmat said on friday it had implanted a heart", "France's carmat said on friday it had implanted a heart"},
		{"PARIS (Reuters) - Carmat implants its first artificial heart", "Carmat implants its first artificial heart"},
		{"Sarajevo, bosnia-herzegovina ( ap ) — bosnia's war crimes court has convicted a fighter", "Bosnia's war crimes court has convicted a fighter"},
		{"( 05-02 ) 17: 12 pdt washington -- a texas high school cheerleader was kicked off the squad", "A texas high school cheerleader was kicked off the squad"},
		{"Washington — the deep recession wiped out high-wage jobs.", "The deep recession wiped out high-wage jobs."},
		{"Berlin/athens ( reuters ) - fresh fears that greece will have to restructure its debt", "Fresh fears that greece will have to restructure its debt"},
		{"Photo by corepics vof/shutterstock my colleague wrote in slate on tuesday", "My colleague wrote in slate on tuesday"},
		{"Alex garland / demotix / corbis if there is one hopeful note amid the anguish", "If there is one hopeful note amid the anguish"},
		{"Updated at 4:45 p.m. ET: Officials said four people were found dead", "Officials said four people were found dead"},
		{"Jobs report: industry employment &amp", "Jobs report: industry employment"},
		{"Ben &amp; Jerry&#39;s opens a shop", "Ben & Jerry's opens a shop"},
		{"Arkansas woman, 31, arrested for eye shadow heist share tweet an arkansas woman", "Arkansas woman, 31, arrested for eye shadow heist"},
		{"Follow cbsmiami.com: facebook | twitter a gunman opened fire at the airport", "A gunman opened fire at the airport"},
		// No debris: left alone.
		{"Police: Four women found dead in Tulsa apartment", "Police: Four women found dead in Tulsa apartment"},
		{"Police say - four rescued from the harbour", "Police say - four rescued from the harbour"},
		{"Four rescued after Kestrel Bay bridge falls", "Four rescued after Kestrel Bay bridge falls"},
	} {
		if got := polish(tc.in); got != tc.want {
			t.Errorf("polish(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"Amsterdam, netherlands, jan.", true},
		{"Ft lauderdale ( cbsmiami )", true},
		{"The flood came", false},
		{"Floods hit", true},
		{"Troops leave the U.S.", true},
		{"Four rescued after the bridge falls.", false},
	} {
		if got := fragment(tc.in); got != tc.want {
			t.Errorf("fragment(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestCaseMap_Restore(t *testing.T) {
	t.Parallel()
	docs := []Document{
		{Text: "Shares of Carmat rose. The French company Carmat said it had implanted a heart in Paris."},
		{Text: "carmat, a french company, said the heart works. officials in paris agreed."},
	}
	c := newCaseMap(docs)
	for _, tc := range []struct{ in, want string }{
		{"france's carmat implants a heart in paris", "France's Carmat implants a heart in Paris"},
		{"i think the french company works", "I think the French company works"},
		{"u.s. officials say the french company works", "U.S. officials say the French company works"},
		// Already cased: left alone.
		{"Carmat implants a heart in Paris, french say", "Carmat implants a heart in Paris, french say"},
	} {
		if got := c.restore(tc.in); got != tc.want {
			t.Errorf("restore(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
