package dedup

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/text/textfeat"
)

// Fictional fixtures: three reports of different events of one kind
// (fires), written for these tests.
var fixtures = []string{
	`A fire tore through a three-story apartment building on Maple Street in Brookfield early Tuesday, displacing 14 families, fire officials said. Crews were called at 2:40 a.m. and found flames coming from the top floor. Fire Chief Dana Ortiz said two residents were taken to Brookfield General Hospital with smoke inhalation. The cause of the fire is under investigation. The Red Cross opened a shelter at Lincoln Middle School for displaced residents. Neighbors said they woke to the sound of breaking glass and smelled smoke. "We just grabbed the kids and ran," said resident Tom Becker, who lived on the second floor with his wife and two daughters. The building was built in 1928 and had been renovated in 2015, according to city records.`,
	`Firefighters battled a blaze at a lumber yard in Westvale on Saturday afternoon, sending a column of black smoke over the river that could be seen for miles. No injuries were reported. The fire started around 3 p.m. in a storage shed at Harlan Lumber and spread to stacks of pine boards, Westvale Fire Marshal Priya Nand said. More than 60 firefighters from five departments responded. Residents of nearby streets were told to keep their windows closed. The owner, George Harlan, said the business had been in his family for four generations. Investigators from the state fire marshal's office were expected at the scene on Sunday. Route 9 was closed for several hours while crews pumped water from the river.`,
	`A kitchen fire damaged the Golden Spoon diner on Main Street in Carver Falls late Thursday, the second fire at a downtown restaurant this month. The blaze began in a grease trap shortly after closing time, according to Carver Falls Fire Captain Luis Moreno. Two employees cleaning up escaped unharmed. Damage was estimated at $250,000. The diner, a local landmark since 1962, will be closed for repairs for at least three months, owner Maria Kostas said. Earlier this month a fire at Pasta Bella on Elm Street caused minor damage. Officials said there was no evidence the two fires were connected. Customers gathered outside on Friday morning to leave notes of support on the boarded-up windows.`,
}

// perturbation makes a near copy of a text, as syndication and light
// editing do.
type perturbation struct {
	name string
	fn   func(r *rand.Rand, text string) string
}

func headerFooter(r *rand.Rand, s string) string {
	return "By Staff Writer | The Daily Courier\nUpdated 5:42 PM\n\n" + s +
		"\n\nCopyright 2024 The Daily Courier. All rights reserved. Sign up for our newsletter to get the latest news."
}

func deleteSentences(r *rand.Rand, s string) string {
	sents := splitSentences(s)
	for range max(1, len(sents)/4) {
		if len(sents) > 2 {
			i := r.IntN(len(sents))
			sents = slices.Delete(sents, i, i+1)
		}
	}
	return strings.Join(sents, " ")
}

func reorderSentences(r *rand.Rand, s string) string {
	sents := splitSentences(s)
	r.Shuffle(len(sents), func(i, j int) { sents[i], sents[j] = sents[j], sents[i] })
	return strings.Join(sents, " ")
}

// wordEdits replaces or deletes one word in forty.
func wordEdits(r *rand.Rand, s string) string {
	words := strings.Fields(s)
	for range max(1, len(words)/40) {
		i := r.IntN(len(words))
		if r.IntN(2) == 0 {
			words[i] = "reportedly"
		} else {
			words = slices.Delete(words, i, i+1)
		}
	}
	return strings.Join(words, " ")
}

var perturbations = []perturbation{
	{"header-footer", headerFooter},
	{"delete-sentences", deleteSentences},
	{"reorder-sentences", reorderSentences},
	{"word-edits", wordEdits},
	{"combined", func(r *rand.Rand, s string) string {
		return headerFooter(r, wordEdits(r, deleteSentences(r, s)))
	}},
}

// splitSentences splits on ". " boundaries, keeping the periods.
func splitSentences(s string) []string {
	var out []string
	for part := range strings.SplitAfterSeq(s, ". ") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func TestIndex_Fixtures(t *testing.T) {
	t.Parallel()
	ix := New(DefaultConfig())
	for i, f := range fixtures {
		if dup, sim := ix.Add(int64(i+1), f); dup != 0 {
			t.Fatalf("fixture %d: Add = %d (sim %.2f), want a distinct article", i+1, dup, sim)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i, f := range fixtures {
		for _, p := range perturbations {
			t.Run(fmt.Sprintf("%d/%s", i+1, p.name), func(t *testing.T) {
				if dup, sim := ix.Check(p.fn(r, f)); dup != int64(i+1) {
					t.Errorf("Check(%s of %d) = %d (sim %.2f), want %d", p.name, i+1, dup, sim, i+1)
				}
			})
		}
	}
	t.Run("Exact", func(t *testing.T) {
		if dup, sim := ix.Check("  " + strings.ToUpper(fixtures[1]) + "!"); dup != 2 || sim != 1 {
			t.Errorf("Check(shouted copy) = %d, %.2f; want 2, 1", dup, sim)
		}
	})
	t.Run("Earliest", func(t *testing.T) {
		ix := New(DefaultConfig())
		ix.Add(10, fixtures[0])
		ix.Add(11, headerFooter(r, fixtures[0]))
		if dup, _ := ix.Add(12, fixtures[0]+" Updated."); dup != 10 {
			t.Errorf("third copy: dupOf = %d, want the earliest, 10", dup)
		}
	})
	t.Run("Window", func(t *testing.T) {
		cfg := DefaultConfig()
		cfg.Window = 2
		ix := New(cfg)
		ix.Add(1, fixtures[0])
		for i := range 6 {
			ix.Add(int64(10+i), fixtures[1+i%2]+strings.Repeat(" Extra words here.", i*20))
		}
		if ix.Len() > 2*cfg.Window {
			t.Errorf("Len = %d, want at most %d", ix.Len(), 2*cfg.Window)
		}
		if dup, _ := ix.Check(headerFooter(r, fixtures[0])); dup != 0 {
			t.Errorf("near copy of a forgotten text: dupOf = %d, want 0", dup)
		}
		if dup, _ := ix.Check(fixtures[0]); dup != 1 {
			t.Errorf("exact copy of a forgotten text: dupOf = %d, want 1", dup)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		ix := New(DefaultConfig())
		ix.Add(1, "")
		if dup, _ := ix.Add(2, ""); dup != 0 {
			t.Errorf("empty texts: dupOf = %d, want 0", dup)
		}
	})
}

// containmentSets is the exact share of the smaller shingle set found in the
// larger one.
func containmentSets(sa, sb []uint64) float64 {
	if len(sa) == 0 || len(sb) == 0 {
		return 0
	}
	if len(sa) > len(sb) {
		sa, sb = sb, sa
	}
	n := 0
	for _, h := range sa {
		if _, ok := slices.BinarySearch(sb, h); ok {
			n++
		}
	}
	return float64(n) / float64(len(sa))
}

// dedupCase is one text to check against the index: a perturbed copy of
// article want, or (want = 0) an article that copies nothing indexed.
type dedupCase struct {
	text string
	want int64
	kind string
}

// measure indexes originals (IDs 1..n) and reports precision and recall
// of Check over the cases.
func measure(t *testing.T, originals []string, cases []dedupCase) (p, r float64) {
	ix := New(DefaultConfig())
	// Some originals copy earlier ones (syndication in the benchmark
	// files): a copy of such an original is a copy of the earliest.
	root := map[int64]int64{}
	for i, o := range originals {
		id := int64(i + 1)
		root[id] = id
		if dup, _ := ix.Add(id, o); dup != 0 {
			root[id] = dup
		}
	}
	var tp, fp, fn int
	misses := map[string]int{}
	for _, c := range cases {
		got, _ := ix.Check(c.text)
		if c.want != 0 {
			c.want = root[c.want]
		}
		switch {
		case c.want != 0 && got == c.want:
			tp++
		case c.want != 0:
			fn++
			misses[c.kind]++
			if got != 0 {
				fp++
			}
		case got != 0:
			fp++
			misses["false-positive"]++
		}
	}
	p, r = 1, 1
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	t.Logf("originals=%d cases=%d precision=%.3f recall=%.3f errors=%v", len(originals), len(cases), p, r, misses)
	return p, r
}

func TestIndex_PrecisionRecall(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	var originals []string
	var cases []dedupCase
	if dir := os.Getenv("STORYLINE_BENCH"); dir != "" {
		originals, cases = benchCases(t, r, dir)
	} else {
		originals = fixtures[:2]
		for i, f := range originals {
			for _, p := range perturbations {
				cases = append(cases, dedupCase{p.fn(r, f), int64(i + 1), p.name})
			}
		}
		cases = append(cases, dedupCase{fixtures[2], 0, "negative"})
	}
	p, rec := measure(t, originals, cases)
	if p < 0.95 || rec < 0.9 {
		t.Errorf("precision %.3f, recall %.3f; want >= 0.95 and >= 0.9", p, rec)
	}
}

// benchCases builds cases from the GVA and ECB+ benchmark files: up to 400
// originals of 80 words or more, one random perturbation of each, and as
// negatives articles of other events in the same file (all shootings, or
// the same ECB+ topic) whose exact shingle containment in every original
// is below 0.3, so that any match is a false positive.
func benchCases(t *testing.T, r *rand.Rand, dir string) ([]string, []dedupCase) {
	var recs []eval.ClusterRecord
	for _, name := range []string{"gva-dev", "ecbplus-dev"} {
		rs, err := eval.ReadClusterFile(filepath.Join(dir, "cluster", name+".jsonl.gz"))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rs...)
	}
	var pool []eval.ClusterRecord
	for _, rec := range recs {
		if len(strings.Fields(rec.Text)) >= 80 {
			pool = append(pool, rec)
		}
	}
	r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	n := min(400, len(pool)/2)
	origs, rest := pool[:n], pool[n:]
	var originals []string
	var cases []dedupCase
	events := map[string]bool{}
	for i, o := range origs {
		originals = append(originals, o.Text)
		p := perturbations[r.IntN(len(perturbations))]
		cases = append(cases, dedupCase{p.fn(r, o.Text), int64(i + 1), p.name})
		events[o.Event] = true
	}
	origShingles := make([][]uint64, len(originals))
	for i, o := range originals {
		origShingles[i] = shingles(textfeat.Tokens(nil, o))
	}
	negs := 0
	for _, c := range rest {
		if negs >= n || events[c.Event] {
			continue
		}
		copyOf := false
		cs := shingles(textfeat.Tokens(nil, c.Text))
		for _, o := range origShingles {
			if containmentSets(cs, o) >= 0.3 {
				copyOf = true
				break
			}
		}
		if !copyOf {
			cases = append(cases, dedupCase{c.Text, 0, "negative"})
			negs++
		}
	}
	return originals, cases
}

func BenchmarkIndexAdd(b *testing.B) {
	texts := make([]string, 0, 64)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 64 {
		f := fixtures[i%len(fixtures)]
		texts = append(texts, perturbations[i%len(perturbations)].fn(r, f)+fmt.Sprint(" Story ", i))
	}
	if dup, _ := New(DefaultConfig()).Add(1, texts[0]); dup != 0 {
		b.Fatalf("first Add = %d, want 0", dup)
	}
	b.ReportAllocs()
	ix := New(DefaultConfig())
	id := int64(0)
	for b.Loop() {
		id++
		ix.Add(id, texts[id%int64(len(texts))])
	}
}
