package sentence

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func texts(text string) []string {
	var out []string
	for _, s := range Split(text) {
		out = append(out, s.Text)
	}
	return out
}

func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"spaces", " \n\n ", nil},
		{"simple", "One sentence. Another one! A third?", []string{"One sentence.", "Another one!", "A third?"}},
		{"titles", "Mr. Smith met Dr. Jones and Gen. Lee in St. Louis. They talked.",
			[]string{"Mr. Smith met Dr. Jones and Gen. Lee in St. Louis.", "They talked."}},
		{"acronym inside", "The U.S. Army said U.N. inspectors left.", []string{"The U.S. Army said U.N. inspectors left."}},
		{"acronym at end", "He flew to the U.S. The trip was long.", []string{"He flew to the U.S.", "The trip was long."}},
		{"month", "It began on Jan. 5 in Rome. It ended in Oct. 1999.", []string{"It began on Jan. 5 in Rome.", "It ended in Oct. 1999."}},
		{"initials", "The book by J. R. R. Tolkien sold well. Critics agreed.",
			[]string{"The book by J. R. R. Tolkien sold well.", "Critics agreed."}},
		{"president initial", "President George W. Bush spoke.", []string{"President George W. Bush spoke."}},
		{"decimals", "Prices rose 3.5 percent to $1.25 billion. Then fell.", []string{"Prices rose 3.5 percent to $1.25 billion.", "Then fell."}},
		{"quote ends", `"We will win," he said. "Nobody doubts it." Then he left.`,
			[]string{`"We will win," he said.`, `"Nobody doubts it."`, "Then he left."}},
		{"quote ends said", `He said: "It is over." Then he left.`, []string{`He said: "It is over."`, "Then he left."}},
		{"curly quotes", "He said “it is over.” Then he left.", []string{"He said “it is over.”", "Then he left."}},
		{"question in quote", `"Why?" he asked. Nobody knew.`, []string{`"Why?" he asked.`, "Nobody knew."}},
		{"paragraph break", "Christian Population\n\nThe attack began late", []string{"Christian Population", "The attack began late"}},
		{"line per sentence", "First line without stop\nSecond line.", []string{"First line without stop", "Second line."}},
		{"wrapped line", "The attack began\nlate on Saturday.", []string{"The attack began\nlate on Saturday."}},
		{"dateline inline", "HOMS, Syria (Reuters) - Islamic State fighters captured the town. It fell.",
			[]string{"HOMS, Syria (Reuters) - Islamic State fighters captured the town.", "It fell."}},
		{"dateline paragraph", "WASHINGTON (AP) --\n\nThe Senate voted. It passed.",
			[]string{"WASHINGTON (AP) --\n\nThe Senate voted.", "It passed."}},
		{"dateline St", "ST. LOUIS (Reuters) - A storm hit. Power failed.", []string{"ST. LOUIS (Reuters) - A storm hit.", "Power failed."}},
		{"company", "Shares of Apple Inc. rose. The Acme Corp. board met.", []string{"Shares of Apple Inc. rose.", "The Acme Corp. board met."}},
		{"company end", "He joined Apple Inc. The move surprised many.", []string{"He joined Apple Inc.", "The move surprised many."}},
		{"lower after period", "It cost approx. ten dollars, e.g. for food.", []string{"It cost approx. ten dollars, e.g. for food."}},
		{"number", "Route No. 9 closed. He said no. Then he left.", []string{"Route No. 9 closed.", "He said no.", "Then he left."}},
		{"ellipsis", "He paused... Then he spoke.", []string{"He paused...", "Then he spoke."}},
		{"glued", "The town fell.The army retreated.", []string{"The town fell.", "The army retreated."}},
		{"time", "It began at 9 a.m. The crowd grew.", []string{"It began at 9 a.m.", "The crowd grew."}},
		{"no terminator", "a headline without a stop", []string{"a headline without a stop"}},
		{"digits next", "It was 1998. 1999 was worse.", []string{"It was 1998.", "1999 was worse."}},
		{"spaced decimal", "A magnitude - 5. 9 quake hit. It was felt.", []string{"A magnitude - 5. 9 quake hit.", "It was felt."}},
		{"a count after a number reads as a decimal (the cost of the rule)", "He was 15. 16 others fled.", []string{"He was 15. 16 others fled."}},
		{"a year then a number", "It was 2016. 17 died.", []string{"It was 2016.", "17 died."}},
		{"spaced initials", "He flew to L. A. Superior Court heard it.", []string{"He flew to L. A. Superior Court heard it."}},
		{"U.S. officials title-cased", "Two u.s. Officials said so. They left.", []string{"Two u.s. Officials said so.", "They left."}},
		{"U.S. then a new sentence", "He was in the U.S. The next day he left.", []string{"He was in the U.S.", "The next day he left."}},
		{"p.m. then police", "It began at 9 p.m. Police arrived.", []string{"It began at 9 p.m.", "Police arrived."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := texts(tc.in); !slices.Equal(got, tc.want) {
				t.Errorf("Split(%q) =\n%q\nwant\n%q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSplitOffsets(t *testing.T) {
	t.Parallel()
	text := "  Mr. Smith arrived.\n\n“Fine,” he said. Then he left.  "
	for _, s := range Split(text) {
		if text[s.Start:s.End] != s.Text {
			t.Errorf("span %d:%d text %q, want %q", s.Start, s.End, s.Text, text[s.Start:s.End])
		}
	}
}

func checkSpans(t *testing.T, text string) {
	t.Helper()
	prev := 0
	for i, s := range Split(text) {
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("Split(%q): span %d [%d,%d) out of order or bounds (prev end %d)", text, i, s.Start, s.End, prev)
		}
		if text[s.Start:s.End] != s.Text {
			t.Fatalf("Split(%q): span %d text %q, want %q", text, i, s.Text, text[s.Start:s.End])
		}
		if strings.TrimSpace(s.Text) != s.Text && utf8.ValidString(s.Text) {
			t.Fatalf("Split(%q): span %d %q not trimmed", text, i, s.Text)
		}
		prev = s.End
	}
}

func FuzzSplit(f *testing.F) {
	for _, seed := range []string{
		"", "One. Two.", "Mr. Smith met Dr. Jones.", "U.S. The end.", `He said "Yes." Then.`,
		"HOMS, Syria (Reuters) - Text.\n\nMore.", "J. R. R. Tolkien", "3.5 percent...", "a.\n\nb",
		"WASHINGTON (AP) --\n\nThe Senate voted.", "\xff.\xfe A", "end.The next",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text)
	})
}

func BenchmarkSplit(b *testing.B) {
	text := strings.Repeat(`HOMS, Syria (Reuters) - Islamic State fighters captured the town of Maheen in central Homs province, a monitoring group said on Sunday. "We will win," Mr. Smith said. The U.S. Army said 3.5 percent of J. R. R. Tolkien's books sold.`+"\n\n", 200)
	if n := len(Split(text)); n != 800 {
		b.Fatalf("Split: %d sentences, want 800", n)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Split(text)
	}
}
