package htmltext

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExtract_Article(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := Extract(f)
	if err != nil {
		t.Fatal(err)
	}
	want := Page{
		Title:     "Ferry strike ends after three days",
		URL:       "https://lakeside.example/news/ferry-strike-ends",
		SiteName:  "Lakeside Gazette",
		Published: "2026-02-04T09:30:00+01:00",
		Language:  "en-GB",
		Author:    "Mara Quill",
		Text: "By Mara Quill\n\n" +
			"Ferry crews on Lake Orrin returned to work on Wednesday after the operator agreed to a 4% pay rise, ending a three-day strike that stranded commuters.\n\n" +
			"The union said members voted to accept the offer late on Tuesday, and the first boats left at 6 a.m.\n\n" +
			"Timetable\n\n" +
			"Weekdays: every 30 minutes\n\n" +
			"Weekends: hourly\n\n" +
			"Line one\nLine two",
	}
	if p != want {
		t.Errorf("Extract(article.html) =\n%#v\nwant\n%#v", p, want)
	}
}

func TestExtract(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     Page
	}{
		{
			name: "title element and main",
			in:   `<html><head><title> Dam  opens </title></head><body><nav>Menu</nav><main><p>Water flowed.</p><p>Crowds watched.</p></main></body></html>`,
			want: Page{Title: "Dam opens", Text: "Water flowed.\n\nCrowds watched."},
		},
		{
			name: "h1 fallback, most paragraph text wins",
			in: `<body><div id="side"><p>Short.</p></div><div id="story"><h1>Hail hits orchards</h1>` +
				`<p>Hail damaged apple orchards across the valley on Sunday.</p><p>Growers said losses were heavy.</p></div></body>`,
			want: Page{Title: "Hail hits orchards", Text: "Hail damaged apple orchards across the valley on Sunday.\n\nGrowers said losses were heavy."},
		},
		{
			name: "largest of several articles",
			in:   `<body><article><p>Teaser.</p></article><article><p>The full report about the harbour fire, with much more text than the teaser.</p></article></body>`,
			want: Page{Text: "The full report about the harbour fire, with much more text than the teaser."},
		},
		{
			name: "time element and meta date",
			in:   `<html lang="de"><body><article><time datetime="2026-01-02">2. Januar</time><p>Text.</p></article></body></html>`,
			want: Page{Published: "2026-01-02", Language: "de", Text: "2. Januar\n\nText."},
		},
		{
			name: "og url without canonical, og locale",
			in:   `<head><meta property="og:url" content="https://x.example/a"><meta property="og:locale" content="fr_FR"><meta name="pubdate" content="20260102"></head><p>Un texte.</p>`,
			want: Page{URL: "https://x.example/a", Language: "fr-FR", Published: "20260102", Text: "Un texte."},
		},
		{
			name: "hidden and aria-hidden dropped",
			in:   `<article><p hidden>secret</p><div aria-hidden="true">icons</div><p>Shown.</p></article>`,
			want: Page{Text: "Shown."},
		},
		{
			name: "empty",
			in:   ``,
			want: Page{},
		},
		{
			name: "not html",
			in:   `just some words`,
			want: Page{Text: "just some words"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Extract(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("Extract(%q) =\n%#v\nwant\n%#v", tc.in, got, tc.want)
			}
		})
	}
}

func TestExtract_Charset(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"meta charset latin1", []byte("<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9</title></head><body><p>Cr\xe8me br\xfbl\xe9e.</p></body></html>"), "Crème brûlée."},
		{"http-equiv windows-1252", []byte("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>\x93Quoted\x94 \x96 dash</p>"), "\u201cQuoted\u201d \u2013 dash"},
		{"no declaration, not utf-8", []byte("<p>Na\xefve caf\xe9</p>"), "Naïve café"},
		{"utf-8 bom", append([]byte("\xef\xbb\xbf"), []byte("<p>Ünïcode</p>")...), "Ünïcode"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Extract(bytes.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if p.Text != tc.want {
				t.Errorf("Text = %q, want %q", p.Text, tc.want)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	if b, err := os.ReadFile("testdata/article.html"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`<html lang="en"><head><title>T</title><script type="application/ld+json">{"@graph":[{"datePublished":"x","author":[{"name":"A"}]}]}</script></head><body><article><p>a<br>b</p></article></body></html>`))
	f.Add([]byte("<meta charset=\"iso-8859-1\"><p>caf\xe9</p>"))
	f.Add([]byte("<table><tr><td>a<td>b</table><ul><li>x</ul>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Extract(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("Extract failed on an in-memory reader: %v", err)
		}
		for name, s := range map[string]string{"Title": p.Title, "Text": p.Text, "URL": p.URL, "SiteName": p.SiteName,
			"Published": p.Published, "Language": p.Language, "Author": p.Author} {
			if !utf8.ValidString(s) {
				t.Fatalf("%s is not valid UTF-8: %q", name, s)
			}
		}
		if strings.Contains(p.Text, "\n\n\n") || strings.TrimSpace(p.Text) != p.Text {
			t.Fatalf("Text has stray breaks: %q", p.Text)
		}
	})
}
