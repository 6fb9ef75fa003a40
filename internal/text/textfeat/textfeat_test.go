package textfeat

import (
	"slices"
	"testing"
)

func TestTokens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string // Lower of each token
	}{
		{"", nil},
		{"Police said.", []string{"police", "said"}},
		{"The police's report", []string{"the", "police", "report"}},
		{"The mayor’s office", []string{"the", "mayor", "office"}},
		{"1,200 people; a 5.8 quake", []string{"1200", "people", "a", "5.8", "quake"}},
		{"end. 2016", []string{"end", "2016"}},
		{"São Paulo, Zürich", []string{"são", "paulo", "zürich"}},
		{"co-worker", []string{"co", "worker"}},
	}
	for _, tc := range tests {
		var got []string
		for _, tok := range Tokens(nil, tc.in) {
			got = append(got, tok.Lower)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTokens_Flags(t *testing.T) {
	t.Parallel()
	toks := Tokens(nil, "Police found 4 men. Tulsa was quiet\nAgain")
	type flags struct {
		cap, start, num bool
	}
	want := []flags{
		{true, true, false},   // Police
		{false, false, false}, // found
		{false, false, true},  // 4
		{false, false, false}, // men
		{true, true, false},   // Tulsa
		{false, false, false}, // was
		{false, false, false}, // quiet
		{true, true, false},   // Again
	}
	if len(toks) != len(want) {
		t.Fatalf("got %d tokens, want %d", len(toks), len(want))
	}
	for i, tok := range toks {
		if got := (flags{tok.Cap, tok.SentenceStart, tok.Num}); got != want[i] {
			t.Errorf("token %d %q flags = %+v, want %+v", i, tok.Text, got, want[i])
		}
	}
}

func TestEntities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"Police said John Smith was shot in Tulsa on Monday, police said.", []string{"john smith", "tulsa"}},
		{"In New York, The Hague and Rio de Janeiro.", []string{"new york", "the hague", "rio de janeiro"}},
		// A sentence-initial word that appears in lower case elsewhere is
		// not a name; one that does not is.
		{"Police arrived. Three police cars came. Tulsa officers helped.", []string{"tulsa"}},
		{"He works at the Bank of America in New York.", []string{"bank of america", "new york"}},
		{"Mr. Obama met Dr. Jane Doe.", []string{"obama", "jane doe"}},
		{"The Fairmont Terrace apartments.", []string{"fairmont terrace"}},
	}
	for _, tc := range tests {
		if got := Entities(Tokens(nil, tc.in)); !slices.Equal(got, tc.want) {
			t.Errorf("Entities(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMixedCase(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want bool
	}{
		{"Police said John Smith was shot in Tulsa on Monday night near the park.", true},
		{"Police said john smith was shot in tulsa on monday night near the park.", false},
		{"POLICE SAID JOHN SMITH WAS SHOT IN TULSA ON MONDAY NIGHT NEAR THE PARK.", false},
	}
	for _, tc := range tests {
		if got := MixedCase(Tokens(nil, tc.in)); got != tc.want {
			t.Errorf("MixedCase(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"Four women, ages 23 and 31, were shot; 1,200 attended.", []string{"4", "23", "31", "1200"}},
		{"A magnitude 6.3 quake killed twenty-one", []string{"6.3", "20", "1"}},
		{"no numbers here", nil},
	}
	for _, tc := range tests {
		if got := Numbers(Tokens(nil, tc.in)); !slices.Equal(got, tc.want) {
			t.Errorf("Numbers(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStemmer(t *testing.T) {
	t.Parallel()
	var s Stemmer
	tests := []struct{ in, want string }{
		{"shootings", "shoot"},
		{"shooting", "shoot"},
		{"victims", "victim"},
		{"killed", "kill"},
		{"2016", "2016"},
		{"us", "us"},
	}
	for range 2 { // second round is served from the cache
		for _, tc := range tests {
			if got := s.Stem(tc.in); got != tc.want {
				t.Errorf("Stem(%q) = %q, want %q", tc.in, got, tc.want)
			}
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"", "Police said 1,200.", "a.b,c 5.8 ’s 's", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokens(nil, s)
		for _, tok := range toks {
			if tok.Text == "" || tok.Start < 0 || tok.Start+len(tok.Text) > len(s) || s[tok.Start:tok.Start+len(tok.Text)] != tok.Text {
				t.Fatalf("Tokens(%q): bad token %+v", s, tok)
			}
		}
		Entities(toks)
		Numbers(toks)
	})
}
