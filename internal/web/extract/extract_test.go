package extract

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestExtract(t *testing.T) {
	t.Parallel()
	p, err := Extract(t.Context(), bytes.NewReader(readFixture(t, "article.html")), "https://example.com/news/bridge?utm=x")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ field, got, want string }{
		{"Title", p.Title, "Harbour Bridge Reopens After Repairs"},
		{"Author", p.Author, "Jane Doe"},
		{"Language", p.Language, "en"},
		{"CanonicalURL", p.CanonicalURL, "https://example.com/news/2024/harbour-bridge-reopens"},
		{"SiteName", p.SiteName, "The Example Gazette"},
		{"ImageURL", p.ImageURL, "https://example.com/img/bridge.jpg"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s=%q, want %q", c.field, c.got, c.want)
		}
	}
	if want := time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC); !p.Published.Equal(want) {
		t.Errorf("Published=%v, want %v", p.Published, want)
	}
	paras := strings.Split(p.Text, "\n\n")
	if len(paras) != 4 {
		t.Fatalf("got %d paragraphs, want 4:\n%s", len(paras), p.Text)
	}
	if !strings.HasPrefix(paras[0], "The harbour bridge reopened") {
		t.Errorf("first paragraph = %q, want the lede (no headline, no byline)", paras[0])
	}
	for _, junk := range []string{"Follow us", "Copyright", "Most read", "Storm warning"} {
		if strings.Contains(p.Text, junk) {
			t.Errorf("Text contains %q:\n%s", junk, p.Text)
		}
	}
}

func TestExtract_LegacyCharset(t *testing.T) {
	t.Parallel()
	p, err := Extract(t.Context(), bytes.NewReader(readFixture(t, "latin1.html")), "")
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(p.Text) || !strings.Contains(p.Text, "Renée Dubois") || !strings.Contains(p.Text, "crème") {
		t.Errorf("Text not decoded from ISO-8859-1:\n%s", p.Text)
	}
	if p.Title != "Café culture" {
		t.Errorf("Title=%q", p.Title)
	}
}

func TestExtract_Errors(t *testing.T) {
	t.Parallel()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		r    io.Reader
		want error
	}{
		{"Empty", t.Context(), strings.NewReader(""), ErrNoArticle},
		{"NoText", t.Context(), strings.NewReader("<html><body><nav><a href=/>Home</a></nav></body></html>"), ErrNoArticle},
		{"TooLarge", t.Context(), io.LimitReader(zeros{}, MaxBytes+10), ErrTooLarge},
		{"Canceled", canceled, strings.NewReader("<p>hello</p>"), context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Extract(tc.ctx, tc.r, "")
			if !errors.Is(err, tc.want) {
				t.Fatalf("Extract = %+v, %v; want error %v", p, err, tc.want)
			}
		})
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestDecodeUTF8(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, contentType, want, enc string
		wantErr                          bool
	}{
		{"UTF8", "<p>café</p>", "", "<p>café</p>", "utf-8", false},
		{"UTF8DeclaredLatin1", `<meta charset="iso-8859-1"><p>café</p>`, "", `<meta charset="iso-8859-1"><p>café</p>`, "utf-8", false},
		{"Latin1Meta", "<meta charset=\"iso-8859-1\"><p>caf\xe9</p>", "", "<meta charset=\"iso-8859-1\"><p>café</p>", "windows-1252", false},
		{"HeaderWins", "<meta charset=\"koi8-r\"><p>caf\xe9</p>", "text/html; charset=ISO-8859-15", "<meta charset=\"koi8-r\"><p>café</p>", "iso-8859-15", false},
		{"Undeclared", "<p>caf\xe9</p>", "", "<p>café</p>", "windows-1252", false},
		{"ShiftJIS", "<meta charset=shift_jis><p>\x93\xfa\x96\x7b</p>", "", "<meta charset=shift_jis><p>日本</p>", "shift_jis", false},
		{"BOM16", "\xff\xfe<\x00p\x00>\x00", "", "<p>", "utf-16le", false},
		{"BadUTF8Declared", "<meta charset=utf-8><p>caf\xe9</p>", "", "<meta charset=utf-8><p>café</p>", "windows-1252", false},
		{"Unknown", "<meta charset=x-klingon><p>\xff</p>", "", "", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, enc, err := DecodeUTF8([]byte(tc.in), tc.contentType)
			if (err != nil) != tc.wantErr {
				t.Fatalf("DecodeUTF8(%q) error %v, wantErr %v", tc.in, err, tc.wantErr)
			}
			if string(got) != tc.want || enc != tc.enc {
				t.Errorf("DecodeUTF8(%q, %q) = %q, %q; want %q, %q", tc.in, tc.contentType, got, enc, tc.want, tc.enc)
			}
		})
	}
}

func TestParagraphRules(t *testing.T) {
	t.Parallel()
	links := map[string]bool{matchKey("Storm warning for the weekend"): true}
	tests := []struct {
		name string
		fn   func([]string) []string
		in   []string
		want []string
	}{
		{"Headline", func(p []string) []string { return dropHeadlines(p, []string{"Big News Today in the City | Site"}) },
			[]string{"Big news today in the city", "Body text here."}, []string{"Body text here."}},
		{"HeadlineLedeKept", func(p []string) []string { return dropHeadlines(p, []string{"Big"}) },
			[]string{"Big news today and more", "Body."}, []string{"Big news today and more", "Body."}},
		{"FurnitureTail", func(p []string) []string { return dropFurnitureTail(p, links) },
			[]string{"Body.", "More body.", "Storm warning for the weekend", "Write to Al at al@example.com", "Sign up for our newsletter"}, []string{"Body.", "More body."}},
		{"FurnitureKeepsOne", func(p []string) []string { return dropFurnitureTail(p, links) },
			[]string{"Subscribe now"}, []string{"Subscribe now"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.fn(append([]string(nil), tc.in...))
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("%q -> %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestRenderText(t *testing.T) {
	t.Parallel()
	doc := mustParse(t, "<div><p>2 for <a href=x>Larry</a>, 3 for <b>Myles</b>.</p><ul><li>one</li><li>two<br>three</li></ul><table><tr><td>a</td><td>b</td></tr></table></div>")
	got := strings.Join(renderText(doc), "|")
	if want := "2 for Larry , 3 for Myles .|one|two|three|a b"; got != want {
		t.Errorf("renderText = %q, want %q", got, want)
	}
}

// benchPages loads the extraction benchmark's pages when STORYLINE_BENCH
// is set, else this package's fixtures.
func benchPages(b *testing.B) [][]byte {
	var pages [][]byte
	if root := os.Getenv("STORYLINE_BENCH"); root != "" {
		files, _ := filepath.Glob(filepath.Join(root, "extract", "html", "*.html.gz"))
		for _, f := range files {
			raw, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				b.Fatal(err)
			}
			page, err := io.ReadAll(zr)
			if err != nil {
				b.Fatal(err)
			}
			pages = append(pages, page)
		}
	}
	if len(pages) == 0 {
		files, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
		for _, f := range files {
			pages = append(pages, readFixture(b, filepath.Base(f)))
		}
	}
	return pages
}

// BenchmarkExtract reports pages per second; run it on one core with
// go test -run ^$ -bench Extract -cpu 1 ./internal/web/extract (set
// STORYLINE_BENCH to measure on the benchmark's 181 real pages).
func BenchmarkExtract(b *testing.B) {
	pages := benchPages(b)
	ex := New()
	if p, err := ex.ExtractHTML(b.Context(), pages[0], "", ""); err != nil || p.Text == "" {
		b.Fatalf("ExtractHTML(first page) = %v, %v", p, err)
	}
	b.ReportAllocs()
	n := 0
	start := time.Now()
	for b.Loop() {
		ex.ExtractHTML(b.Context(), pages[n%len(pages)], "", "")
		n++
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "pages/s")
}
