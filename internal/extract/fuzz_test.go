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

// maxFuzzPage is the most of an input FuzzExtract reads. Real pages are
// larger, but what breaks parsers and extractors shows in a few KiB, and
// a bounded input keeps each execution (and each minimization of a new
// input) cheap enough for CI's short fuzz runs to make progress.
const maxFuzzPage = 4 << 10

// fuzzSeeds are small pages for FuzzExtract's seed corpus, each
// reaching a different part of the extractor.
var fuzzSeeds = []string{
	"<html><body><article><p>" + strings.Repeat("word ", 80) + "</p></article>",
	"<table><tr><td><p>x</td></tr><p><a><b><p>y",
	"\xff\xfe<\x00h\x00",
	"<html><head><title>Storm hits coast | News</title><meta name=author content=\"Ann Lee\"></head><body><h1>Storm hits coast</h1><p>By Ann Lee</p><p>Updated 10:43, 2 May 2024</p><div class=body><p>" + strings.Repeat("The storm came ashore at dawn. ", 12) + "</p></div><div class=body><p>" + strings.Repeat("Crews worked through the night. ", 10) + "</p></div><p>Sign up for our newsletter</p><p><a href=/x>Read more stories</a></p></body></html>",
	"<nav><ul><li><a href=/a>One story</a></li><li><a href=/b>Another story</a></li></ul></nav>",
	`<script type="application/ld+json">{"@type":"NewsArticle","articleBody":"<p>Text in JSON.</p>"}</script><p>short</p>`,
	"<meta charset=shift_jis><p>\x93\xfa\x96\x7b</p>",
	"<div id=comments><p>" + strings.Repeat("Great post! ", 30) + "</p></div><main><p>" + strings.Repeat("Main text here. ", 25) + "</p></main>",
	"<p>a<br>b<br><br>c<wbr>d<img src=x>e</p><pre>code\n  block</pre><blockquote>quote</blockquote>",
}

// FuzzExtract checks that extraction never panics, returns valid UTF-8,
// and lays out paragraphs as documented. Inputs are cut at maxFuzzPage.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
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
