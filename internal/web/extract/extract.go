// Package extract finds the article in an HTML page: its title, body
// paragraphs, author, publish time, language, canonical URL, site name and
// lead image.
//
// It adapts github.com/markusmobius/go-trafilatura, which does the heavy
// lifting, and adds general rules where that library falls short: legacy
// charsets are decoded first, paragraphs are rebuilt from the extracted
// tree (the library joins everything into one line and splits words at
// inline tags), a leading paragraph repeating the headline and trailing
// page furniture (credits, calls to subscribe, links to other articles)
// are dropped. The library runs with its fallback extractors
// (go-readability, DOM Distiller) on, as its own command line does. A page
// whose every paragraph is a link's text is refused as navigation.
//
// The rules were written on one benchmark family (the Zyte pages) and
// each is kept only if removing it lowers F1 on the other (WCXB) and
// raises it on neither; the navigation check changes no benchmark page
// (study_test.go; the README's Quality section has the figures), and
// the whole never scores below the library alone on either family.
// [Baseline] is the library alone, with or without its fallback
// extractors, the figures the rules are measured against.
package extract

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/storyline-news/storyline/internal/web/urlnorm"
)

// Page is the article found in an HTML page. Fields the page does not give
// are empty; Published is the zero time when unknown.
type Page struct {
	Title string
	// Text is the article body, paragraphs separated by "\n\n".
	Text      string
	Author    string
	Published time.Time
	// Language is an ISO 639-1 code, or "" when it could not be told.
	Language string
	// CanonicalURL, SiteName and ImageURL come from the page's metadata;
	// URLs are absolute.
	CanonicalURL string
	SiteName     string
	ImageURL     string
}

// Extractor finds the article in an HTML page read from r. pageURL is the
// address the page was fetched from ("" when unknown); it resolves relative
// links. Implementations return an error wrapping [ErrNoArticle] when the
// page holds no article text, and never panic.
type Extractor interface {
	Extract(ctx context.Context, r io.Reader, pageURL string) (*Page, error)
}

// Errors returned by extraction.
var (
	// ErrNoArticle means the page held no article text.
	ErrNoArticle = errors.New("extract: no article text found")
	// ErrTooLarge means the page is larger than MaxBytes.
	ErrTooLarge = fmt.Errorf("extract: page larger than %d MiB", MaxBytes>>20)
)

// MaxBytes is the largest page Extract reads.
const MaxBytes = 16 << 20

var _ Extractor = (*Trafilatura)(nil)

// Trafilatura extracts articles with go-trafilatura. The zero value is
// ready to use, and it is safe for concurrent use.
type Trafilatura struct {
	// rules are the rules run over the library; nil means defaultRules.
	rules *rules
}

// New returns an extractor backed by go-trafilatura.
func New() *Trafilatura { return &Trafilatura{} }

// rules says which of Storyline's rules run over go-trafilatura. Each was
// measured by removing (or adding) it alone on two benchmark families
// (study_test.go, the README's Quality section); defaultRules holds the
// ones kept. The others stay here as options of the study.
type rules struct {
	// render rebuilds paragraphs from the extracted tree (renderText);
	// without it the body is the library's one-line ContentText.
	render bool
	// headlines and furnitureTail run dropHeadlines and
	// dropFurnitureTail.
	headlines, furnitureTail bool
	// fallback runs the library again with its fallback extractors when
	// the body is shorter than fallbackBelow runes (minText when 0).
	fallback      bool
	fallbackBelow int
	// alwaysFallback runs the library with its fallback extractors from
	// the start (its EnableFallback option), as its command line does.
	alwaysFallback bool
	// allLinks refuses a body whose every paragraph is a link's text.
	allLinks bool
	// excludeComments is the library's ExcludeComments option. When it is
	// false the library cuts the comment section out before looking for
	// the body (its text is then dropped).
	excludeComments bool
	// focus is the library's Focus option.
	focus trafilatura.ExtractionFocus
	// linkParas drops any paragraph whose whole text is a link's text.
	linkParas bool
	// dedupe drops a paragraph that repeats an earlier one.
	dedupe bool
}

// defaultRules are the rules New runs. With alwaysFallback the second,
// short-body fallback pass (fallback) has nothing left to do.
var defaultRules = rules{
	render: true, headlines: true, furnitureTail: true, alwaysFallback: true,
	allLinks: true, excludeComments: true,
}

func (t *Trafilatura) rulesOrDefault() *rules {
	if t.rules != nil {
		return t.rules
	}
	return &defaultRules
}

// Extract runs the default extractor; see [Trafilatura.Extract].
func Extract(ctx context.Context, r io.Reader, pageURL string) (*Page, error) {
	return New().Extract(ctx, r, pageURL)
}

// Extract reads an HTML page from r (at most [MaxBytes]) and finds its
// article. The page may be in any charset a browser knows; see
// [DecodeUTF8].
func (t *Trafilatura) Extract(ctx context.Context, r io.Reader, pageURL string) (*Page, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("extract: read page: %w", err)
	}
	if len(b) > MaxBytes {
		return nil, ErrTooLarge
	}
	return t.ExtractHTML(ctx, b, pageURL, "")
}

// ExtractHTML finds the article in page, an HTML document in the charset
// given by contentType (an HTTP Content-Type value, "" when unknown) or
// declared in the page.
func (t *Trafilatura) ExtractHTML(ctx context.Context, page []byte, pageURL, contentType string) (*Page, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(page) > MaxBytes {
		return nil, ErrTooLarge
	}
	text, _, err := DecodeUTF8(page, contentType)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(strings.NewReader(string(text)))
	if err != nil {
		return nil, fmt.Errorf("extract: parse html: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var base *url.URL
	if pageURL != "" {
		if u, err := url.Parse(pageURL); err == nil && u.IsAbs() {
			base = u
		}
	}
	ru := t.rulesOrDefault()
	res, err := runTrafilatura(doc, base, ru, ru.alwaysFallback)
	if err != nil {
		return nil, err
	}
	paras := ru.body(doc, res)
	if ru.fallback && !ru.alwaysFallback && runeCount(paras) < cmp.Or(ru.fallbackBelow, minText) {
		// Too little text: let trafilatura compare its result with
		// go-readability's and go-domdistiller's, and keep what is longer.
		if res2, err := runTrafilatura(doc, base, ru, true); err == nil {
			if p2 := ru.body(doc, res2); runeCount(p2) > runeCount(paras) {
				paras = p2
			}
		}
	}
	if len(paras) == 0 || (ru.allLinks && allLinks(paras, doc)) {
		return nil, ErrNoArticle
	}
	out := &Page{
		Title:        clean(res.Metadata.Title),
		Text:         strings.Join(paras, "\n\n"),
		Author:       clean(res.Metadata.Author),
		Published:    res.Metadata.Date,
		Language:     res.Metadata.Language,
		CanonicalURL: urlnorm.Resolve(base, res.Metadata.URL),
		SiteName:     clean(res.Metadata.Sitename),
		ImageURL:     urlnorm.Resolve(base, res.Metadata.Image),
	}
	// trafilatura dates to the day; a full time in the page's <meta> that
	// falls on the same day is more precise. Its language classifier is
	// unreliable on short texts, where the page's own <html lang> is
	// better.
	dm := readDocMeta(doc)
	if !dm.published.IsZero() && (out.Published.IsZero() || dm.published.Format(time.DateOnly) == out.Published.Format(time.DateOnly)) {
		out.Published = dm.published
	}
	if dm.lang != "" && (out.Language == "" || runeCount(paras) < minLangText) {
		out.Language = dm.lang
	}
	return out, nil
}

// minLangText is the body length (in runes) from which the language
// classifier is trusted over <html lang>.
const minLangText = 200

// allLinks tells whether every paragraph is the text of a link of doc: a
// navigation page, not an article.
func allLinks(paras []string, doc *html.Node) bool {
	links := linkTexts(doc)
	for _, p := range paras {
		if !links[matchKey(p)] {
			return false
		}
	}
	return true
}

// minText is the body length (in runes) below which the fallback
// extractors are tried. It is trafilatura's own MinExtractedSize.
const minText = 250

// body turns trafilatura's result into paragraphs and removes what
// extractors commonly take along with the article: the headline and
// trailing furniture.
func (ru *rules) body(doc *html.Node, res *trafilatura.ExtractResult) []string {
	var paras []string
	if ru.render {
		paras = renderText(res.ContentNode)
	} else if t := clean(res.ContentText); t != "" {
		paras = []string{t}
	}
	if ru.headlines {
		paras = dropHeadlines(paras, append(headlines(doc), res.Metadata.Title))
	}
	var links map[string]bool
	if ru.furnitureTail || ru.linkParas {
		links = linkTexts(doc)
	}
	if ru.linkParas {
		paras = dropLinkParas(paras, links)
	}
	if ru.furnitureTail {
		paras = dropFurnitureTail(paras, links)
	}
	if ru.dedupe {
		paras = dropRepeats(paras)
	}
	return paras
}

func runeCount(paras []string) int {
	n := 0
	for _, p := range paras {
		n += utf8.RuneCountInString(p)
	}
	return n
}

// runTrafilatura calls the library, with its fallback extractors when
// fallback is set. go-trafilatura and the extractors it
// falls back on (go-readability, go-domdistiller) walk arbitrary DOM trees
// with many unchecked assumptions; a panic inside them on some input is a
// library bug we cannot fix here, so it is turned into an error at this
// boundary instead of crashing the caller. Our own code does not rely on
// this recover.
func runTrafilatura(doc *html.Node, base *url.URL, ru *rules, fallback bool) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("extract: go-trafilatura panicked: %v", r)
		}
	}()
	res, err = trafilatura.ExtractDocument(doc, trafilatura.Options{
		OriginalURL:     base,
		EnableFallback:  fallback,
		ExcludeComments: ru.excludeComments,
		Focus:           ru.focus,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoArticle, err)
	}
	return res, nil
}
