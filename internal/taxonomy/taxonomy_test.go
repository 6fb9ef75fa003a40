package taxonomy

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

func TestParse(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/example.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tx, err := Parse(f, "example.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(tx.Dimensions), "[{lean [left lean-left center lean-right right]} {country []} {type []}]"; got != want {
		t.Errorf("dimensions %s, want %s", got, want)
	}
	want := "[{a.example [A News] map[country:GB lean:left type:public]} {*.local.example [] map[country:US type:local]} {wire.example [] map[lean:center type:wire]}]"
	if got := fmt.Sprint(tx.Sources); got != want {
		t.Errorf("sources %s\nwant %s", got, want)
	}
	// Format writes what Parse reads.
	var buf bytes.Buffer
	if err := Format(&buf, tx); err != nil {
		t.Fatal(err)
	}
	again, err := Parse(&buf, "formatted")
	if err != nil {
		t.Fatalf("Parse(Format(x)): %v\n%s", err, buf.String())
	}
	if fmt.Sprint(*again) != fmt.Sprint(*tx) {
		t.Errorf("round trip: %v, want %v", *again, *tx)
	}
}

func TestParse_Errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"no header", "# nothing\n", "t.csv:1: no header line"},
		{"first column", "outlet,lean\n", `t.csv:1: the header's first column must be "source"`},
		{"no dimension", "source\n", "t.csv:1: the header names no dimension"},
		{"duplicate dimension", "source,lean,Lean\n", `t.csv:1: dimension "lean" named twice`},
		{"bad dimension name", "source,my lean\n", `t.csv:1: dimension name "my lean" may not contain`},
		{"field count", "source,lean\n\na.example,left,extra\n", "t.csv:3: 3 fields, want 2"},
		{"off scale", "#order lean=left,right\nsource,lean\na.example,centre\n", `t.csv:3: lean="centre" is not on the scale left,right`},
		{"order unknown dim", "#order tone=a,b\nsource,lean\n", `t.csv:1: #order for "tone", which is not a column`},
		{"order twice", "#order lean=a,b\n#order lean=a\nsource,lean\n", `t.csv:2: second #order for "lean" (first at line 1)`},
		{"order repeat", "#order lean=a,b,A\nsource,lean\n", `t.csv:1: #order lean lists "A" twice`},
		{"order syntax", "#order lean\nsource,lean\n", "t.csv:1: #order wants DIM=v1,v2"},
		{"empty name", "source,lean\n,left\n", "t.csv:2: empty source name or alias"},
		{"empty alias", "source,lean\na.example|,left\n", "t.csv:2: empty source name or alias"},
		{"bad wildcard", "source,lean\nnews.*.example,left\n", `t.csv:2: bad wildcard "news.*.example"`},
		{"bare star", "source,lean\n*.,left\n", `t.csv:2: bad wildcard "*."`},
		{"duplicate source", "source,lean\na.example,left\nb.example|A.EXAMPLE,left\n", `t.csv:3: source "A.EXAMPLE" already classified at line 2`},
		{"bad quote", "source,lean\n\"a.example,left\n", "t.csv:2: extraneous or missing \" in quoted-field"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(strings.NewReader(tc.in), "t.csv")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse(%q) = %v, want an error containing %q", tc.in, err, tc.want)
			}
			if news.ErrorCode(err) != news.EINVALID {
				t.Errorf("Parse(%q): code %q, want %q", tc.in, news.ErrorCode(err), news.EINVALID)
			}
		})
	}
}

func TestParse_AllErrors(t *testing.T) {
	t.Parallel()
	_, err := Parse(strings.NewReader("source,lean\n,x\n*x,y\n"), "t.csv")
	if err == nil || !strings.Contains(err.Error(), "t.csv:2:") || !strings.Contains(err.Error(), "t.csv:3:") {
		t.Errorf("Parse = %v, want errors at lines 2 and 3", err)
	}
}

func TestMatcher_Lookup(t *testing.T) {
	t.Parallel()
	tx, err := Parse(strings.NewReader(`source,lean
a.example|A News,left
*.local.example,right
*.city.local.example,center
`), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(tx)
	tests := []struct{ source, want string }{
		{"a.example", "left"},
		{"A.Example", "left"},
		{"www.a.example", "left"},
		{"a news", "left"},
		{"sub.a.example", ""}, // no wildcard for a.example
		{"local.example", "right"},
		{"x.local.example", "right"},
		{"deep.x.local.example", "right"},
		{"news.city.local.example", "center"}, // the most specific wildcard
		{"other.example", ""},
		{"", ""},
		{"example", ""},
	}
	for _, tc := range tests {
		if got := m.Value(tc.source, "lean"); got != tc.want {
			t.Errorf("Value(%q, lean) = %q, want %q", tc.source, got, tc.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	if buf, err := os.ReadFile("testdata/example.csv"); err == nil {
		f.Add(string(buf))
	}
	f.Add("source,a|b\n*.x,\"q\n")
	f.Fuzz(func(t *testing.T, in string) {
		tx, err := Parse(strings.NewReader(in), "f")
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := Format(&buf, tx); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(&buf, "formatted"); err != nil {
			t.Errorf("Parse(Format(Parse(%q))) failed: %v\n%s", in, err, buf.String())
		}
	})
}
