package extract

import (
	"bytes"
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

// maxFuzzPage is the most of an input FuzzExtract reads. What breaks
// parsers and extractors shows in a few hundred bytes. Go's fuzzer
// minimizes every input that reaches new code before it goes on (up to
// -fuzzminimizetime, 60 s by default), at a cost that grows with the
// input's length: small seeds and a small cap keep that to a fraction of
// a second, so CI's short runs get on to fuzzing.
const maxFuzzPage = 1 << 10

// fuzzSeeds are small pages for FuzzExtract's seed corpus, each
// reaching a different part of the extractor.
var fuzzSeeds = []string{
	"<article><h1>Big news</h1><p>By Ann Lee</p><p>" + strings.Repeat("Words of the story. ", 14) + "</p><p>Subscribe now</p></article>",
	"<table><tr><td><p>x</td></tr><p><a><b><p>y",
	"\xff\xfe<\x00h\x00",
	"<title>T | S</title><meta name=author content=A><meta property=article:published_time content=2024-05-02T10:43:00Z><html lang=fr><p>Texte.</p>",
	"<nav><a href=/a>One story</a><a href=/b>Two</a></nav>",
	`<script type="application/ld+json">{"articleBody":"<p>Text.</p>"}</script><p>x</p>`,
	"<meta charset=shift_jis><p>\x93\xfa\x96\x7b caf\xe9</p>",
	"<div id=comments><p>Great post!</p></div><main><p>Main text here.</p></main>",
	"<p>a<br>b<br><br>c<wbr>d<img src=x>e</p><pre>c\n d</pre><blockquote>q</blockquote><ul><li>i</li></ul>",
}

// FuzzExtract checks that extraction never panics, returns valid UTF-8,
// and lays out paragraphs as documented. Inputs are cut at maxFuzzPage;
// the seeds are the small pages of fuzzSeeds (the fixtures in testdata
// are larger, and the unit tests cover them).
func FuzzExtract(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		page = page[:min(len(page), maxFuzzPage)]
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
