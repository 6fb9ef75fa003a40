package rouge

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestStem(t *testing.T) {
	t.Parallel()
	// Expected values follow ROUGE-1.5.5's Perl stemmer, including its
	// modified step 4 ("agreement" -> "agreem").
	tests := []struct{ in, want string }{
		{"caresses", "caress"}, {"ponies", "poni"}, {"ties", "ti"}, {"caress", "caress"},
		{"cats", "cat"}, {"feed", "feed"}, {"agreed", "agre"}, {"plastered", "plaster"},
		{"bled", "bled"}, {"motoring", "motor"}, {"sing", "sing"}, {"conflated", "conflat"},
		{"troubled", "troubl"}, {"sized", "size"}, {"hopping", "hop"}, {"tanned", "tan"},
		{"falling", "fall"}, {"hissing", "hiss"}, {"fizzed", "fizz"}, {"failing", "fail"},
		{"filing", "file"}, {"happy", "happi"}, {"sky", "sky"}, {"relational", "relat"},
		{"conditional", "condit"}, {"rational", "ration"}, {"valenci", "valenc"},
		{"digitizer", "digit"}, {"conformabli", "conform"}, {"radicalli", "radic"},
		{"differentli", "differ"}, {"vileli", "vile"}, {"analogousli", "analog"},
		{"vietnamization", "vietnam"}, {"predication", "predic"}, {"operator", "oper"},
		{"feudalism", "feudal"}, {"decisiveness", "decis"}, {"hopefulness", "hope"},
		{"callousness", "callous"}, {"formaliti", "formal"}, {"sensitiviti", "sensit"},
		{"sensibiliti", "sensibl"}, {"triplicate", "triplic"}, {"formative", "form"},
		{"formalize", "formal"}, {"electriciti", "electr"}, {"electrical", "electr"},
		{"hopeful", "hope"}, {"goodness", "good"}, {"revival", "reviv"},
		{"allowance", "allow"}, {"inference", "infer"}, {"airliner", "airlin"},
		{"adjustable", "adjust"}, {"defensible", "defens"}, {"irritant", "irrit"},
		{"replacement", "replac"}, {"adjustment", "adjust"}, {"dependent", "depend"},
		{"adoption", "adopt"}, {"homologou", "homolog"}, {"communism", "commun"},
		{"activate", "activ"}, {"angulariti", "angular"}, {"homologous", "homolog"},
		{"effective", "effect"}, {"bowdlerize", "bowdler"}, {"probate", "probat"},
		{"rate", "rate"}, {"cease", "ceas"}, {"controll", "control"}, {"roll", "roll"},
		{"agreement", "agreem"}, {"yelling", "yell"}, {"youth", "youth"},
		{"government", "govern"}, {"generalizations", "gener"}, {"said", "said"},
	}
	for _, tc := range tests {
		if got := Stem(tc.in); got != tc.want {
			t.Errorf("Stem(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTokens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		limit int
		stem  bool
		want  []string
	}{
		{"The U.S. army's well-known units.", 0, false, []string{"the", "u", "s", "army", "s", "well", "known", "units"}},
		// "known" is in WordNet's exception list, so it is not Porter-stemmed.
		{"The U.S. army's well-known units.", 0, true, []string{"the", "u", "s", "armi", "s", "well", "know", "unit"}},
		{"He said the children were running", 0, true, []string{"he", "say", "the", "child", "be", "run"}},
		{"one two three\nfour five", 4, false, []string{"one", "two", "three", "four"}},
		{"one _ two\n\nthree", 3, false, []string{"one", "two"}},
		{"Café résumé", 0, false, []string{"caf", "r", "sum"}},
	}
	for _, tc := range tests {
		if got := Tokens(tc.in, tc.limit, tc.stem); !slices.Equal(got, tc.want) {
			t.Errorf("Tokens(%q, %d, %v) = %q, want %q", tc.in, tc.limit, tc.stem, got, tc.want)
		}
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	opt := Options{MaxN: 2, Alpha: 0.5}
	// Peer bigrams: "the cat", "cat sat". Model 1 has 3 unigrams and 2
	// bigrams; model 2 has 2 unigrams and 1 bigram.
	got := Evaluate("the cat sat", []string{"the cat ran", "a cat"}, opt)
	// hits 2+1 over 3+2 models; P-1: 3 over 3+3 peer unigrams.
	if want := (Score{Recall: 0.6, Precision: 0.5, F: round5(0.6 * 0.5 / (0.25 + 0.3))}); got[0] != want {
		t.Errorf("R-1 = %+v, want %+v", got[0], want)
	}
	// hits 1+0 over 2+1; P-2: 1 over 2+2.
	if want := (Score{Recall: 0.33333, Precision: 0.25, F: round5(0.33333 * 0.25 / (0.125 + 0.166665))}); got[1] != want {
		t.Errorf("R-2 = %+v, want %+v", got[1], want)
	}
	best := Evaluate("the cat sat", []string{"the cat ran", "a cat"}, Options{MaxN: 1, Alpha: 0.5, Best: true})
	if best[0].Recall != 0.66667 {
		t.Errorf("best R-1 = %v, want 0.66667", best[0].Recall)
	}
}

// published holds the DUC 2004 recall (percent) of SumRepo's systems
// (Hong et al. 2014) under ROUGE-1.5.5 -n 4 -m -l 100 -p 0.5 -f A -t 0.
var published = map[string][3]float64{
	"Lead":       {31.46, 6.13, 0.62},
	"LexRank":    {36.00, 7.51, 0.83},
	"Centroid":   {36.42, 7.98, 1.20},
	"GreedyKL":   {38.03, 8.56, 1.27},
	"CLASSY04":   {37.71, 9.02, 1.53},
	"Submodular": {39.23, 9.37, 1.39},
	"DPP":        {39.84, 9.62, 1.57},
	"RegSum":     {38.60, 9.78, 1.62},
	"ICSISumm":   {38.44, 9.81, 1.74},
}

// benchFile returns the path of a benchmark file, or skips the test.
func benchFile(tb testing.TB, name string) string {
	tb.Helper()
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "benchmarks")
	}
	path := filepath.Join(dir, "summarize", name)
	if _, err := os.Stat(path); err != nil {
		tb.Skipf("benchmark file absent: %v", err)
	}
	return path
}

// TestDUC2004Peers reproduces the published ROUGE table from the peer
// summaries stored with the DUC 2004 benchmark.
func TestDUC2004Peers(t *testing.T) {
	path := benchFile(t, "duc2004.jsonl.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	perSystem := map[string][][]Score{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	opt := DefaultOptions()
	for sc.Scan() {
		var set struct {
			References []string          `json:"references"`
			Peers      map[string]string `json:"peers"`
		}
		if err := json.Unmarshal(sc.Bytes(), &set); err != nil {
			t.Fatal(err)
		}
		for sys, text := range set.Peers {
			perSystem[sys] = append(perSystem[sys], Evaluate(text, set.References, opt))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	systems := make([]string, 0, len(perSystem))
	for s := range perSystem {
		systems = append(systems, s)
	}
	slices.Sort(systems)
	for _, sys := range systems {
		m := Mean(perSystem[sys])
		got := [3]float64{100 * m[0].Recall, 100 * m[1].Recall, 100 * m[3].Recall}
		want, ok := published[sys]
		t.Logf("%-10s sets=%d R-1 %6.2f R-2 %5.2f R-4 %4.2f  published %v", sys, len(perSystem[sys]), got[0], got[1], got[2], want)
		if !ok {
			continue
		}
		for i, tol := range []float64{0.05, 0.05} {
			if math.Abs(got[i]-want[i]) > tol {
				t.Errorf("%s R-%d = %.2f, published %.2f", sys, []int{1, 2}[i], got[i], want[i])
			}
		}
	}
}
