package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

func mustParse(tb testing.TB, s string) *html.Node {
	tb.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// FuzzExtract checks that extraction never panics, returns valid UTF-8,
// and lays out paragraphs as documented.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("<html><body><article><p>" + strings.Repeat("word ", 80) + "</p></article>"))
	f.Add([]byte("<table><tr><td><p>x</td></tr><p><a><b><p>y"))
	f.Add([]byte("\xff\xfe<\x00h\x00"))
	f.Fuzz(func(t *testing.T, page []byte) {
		p, err := Extract(t.Context(), bytes.NewReader(page), "http://example.com/a/")
		if err != nil {
			return
		}
		for name, s := range map[string]string{"Title": p.Title, "Text": p.Text, "Author": p.Author, "SiteName": p.SiteName} {
			if !utf8.ValidString(s) {
				t.Errorf("%s is not valid UTF-8: %q", name, s)
			}
		}
		if p.Text == "" {
			t.Error("no error but empty Text")
		}
		for para := range strings.SplitSeq(p.Text, "\n\n") {
			if para == "" || strings.TrimSpace(para) != para || strings.Contains(para, "\n") {
				t.Errorf("bad paragraph %q in %q", para, p.Text)
			}
		}
	})
}
