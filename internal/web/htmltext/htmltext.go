// Package htmltext extracts an article from an HTML page: its title, body
// text with paragraph breaks, and the metadata news pages carry (canonical
// URL, site name, publish date, language, author).
//
// Body extraction is deliberately simple: page furniture (scripts, styles,
// navigation, headers, footers, asides, forms, captions) is dropped, and
// the text is taken from the <article> with the most paragraph text, else
// from <main>, else from the element whose paragraphs hold the most text.
// Block elements become paragraph breaks ("\n\n").
package htmltext

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"
)

// Page is what Extract finds in an HTML page. Fields the page does not
// give are empty; values are as the page gives them (trimmed).
type Page struct {
	Title     string
	Text      string // paragraphs separated by "\n\n"
	URL       string // canonical URL: <link rel=canonical>, else og:url
	SiteName  string // og:site_name, else JSON-LD publisher name
	Published string // article:published_time, JSON-LD datePublished, <time datetime>, ...
	Language  string // <html lang>, else Content-Language, else og:locale
	Author    string
}

// MaxBytes is the most input Extract reads; the rest of a larger page is
// ignored.
const MaxBytes = 32 << 20

// Extract reads an HTML page from r and returns its article. The page's
// encoding is found from a byte-order mark or a <meta charset>, else
// UTF-8 is assumed when valid, else windows-1252. Extract fails only when
// r fails; malformed HTML is parsed as browsers do, and the strings in
// Page are always valid UTF-8.
func Extract(r io.Reader) (Page, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes))
	if err != nil {
		return Page{}, fmt.Errorf("htmltext: read: %w", err)
	}
	var src io.Reader = bytes.NewReader(data)
	if rest, ok := bytes.CutPrefix(data, []byte("\xef\xbb\xbf")); ok {
		src = bytes.NewReader(rest)
	} else if enc, name, _ := charset.DetermineEncoding(data, ""); name != "utf-8" {
		src = transform.NewReader(src, enc.NewDecoder())
	}
	doc, err := html.Parse(src)
	if err != nil {
		return Page{}, fmt.Errorf("htmltext: parse: %w", err)
	}
	var p Page
	var m meta
	m.collect(doc)
	p.Title = first(m.ogTitle, m.twitterTitle, m.title, m.ldHeadline, m.h1)
	p.URL = first(m.canonical, m.ogURL)
	p.SiteName = first(m.siteName, m.ldPublisher)
	p.Published = first(m.publishedMeta, m.ldPublished, m.itemprop, m.timeDatetime)
	p.Language = first(m.htmlLang, m.contentLanguage, strings.ReplaceAll(m.ogLocale, "_", "-"))
	p.Author = first(m.author, m.ldAuthor)
	if root := body(doc); root != nil {
		p.Text = text(root)
	}
	p.Text = dropLeadingTitle(p.Text, p.Title, m.h1)
	for _, s := range []*string{&p.Title, &p.Text, &p.URL, &p.SiteName, &p.Published, &p.Language, &p.Author} {
		*s = strings.ToValidUTF8(*s, "\uFFFD")
	}
	return p, nil
}

// first returns the first non-empty string.
func first(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// meta holds the metadata candidates found in the page.
type meta struct {
	title, h1, ogTitle, twitterTitle, ldHeadline string
	canonical, ogURL                             string
	siteName, ldPublisher                        string
	publishedMeta, ldPublished, itemprop         string
	timeDatetime                                 string
	htmlLang, contentLanguage, ogLocale          string
	author, ldAuthor                             string
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setOnce(dst *string, v string) {
	if *dst == "" {
		*dst = strings.TrimSpace(v)
	}
}

// publishedNames are <meta name|property> keys that hold the publish date.
var publishedNames = map[string]bool{
	"article:published_time": true, "og:published_time": true, "article:published": true,
	"pubdate": true, "publishdate": true, "publish-date": true, "publish_date": true,
	"date": true, "dc.date": true, "dc.date.issued": true, "dcterms.created": true,
	"sailthru.date": true, "parsely-pub-date": true, "article.published": true,
	"datepublished": true, "originalpublicationdate": true, "cxenseparse:recs:publishtime": true,
}

// collect walks the whole document once for metadata.
func (m *meta) collect(n *html.Node) {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Html:
			setOnce(&m.htmlLang, attr(n, "lang"))
		case atom.Title:
			if m.title == "" {
				m.title = collapse(innerText(n))
			}
		case atom.H1:
			if m.h1 == "" {
				m.h1 = collapse(innerText(n))
			}
		case atom.Link:
			rel := strings.ToLower(attr(n, "rel"))
			switch {
			case hasWord(rel, "canonical"):
				setOnce(&m.canonical, attr(n, "href"))
			case hasWord(rel, "author") && !strings.Contains(attr(n, "href"), "/"):
				setOnce(&m.author, attr(n, "title"))
			}
		case atom.Meta:
			m.meta(n)
		case atom.Time:
			setOnce(&m.timeDatetime, attr(n, "datetime"))
		case atom.Script:
			if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
				m.jsonLD(innerText(n))
			}
		}
		if strings.EqualFold(attr(n, "itemprop"), "datePublished") {
			setOnce(&m.itemprop, first(attr(n, "content"), attr(n, "datetime")))
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		m.collect(c)
	}
}

func (m *meta) meta(n *html.Node) {
	key := strings.ToLower(first(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
	content := attr(n, "content")
	if equiv := strings.ToLower(attr(n, "http-equiv")); equiv == "content-language" {
		setOnce(&m.contentLanguage, content)
	}
	switch key {
	case "og:title":
		setOnce(&m.ogTitle, content)
	case "twitter:title":
		setOnce(&m.twitterTitle, content)
	case "og:url":
		setOnce(&m.ogURL, content)
	case "og:site_name":
		setOnce(&m.siteName, content)
	case "og:locale":
		setOnce(&m.ogLocale, content)
	case "author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator":
		if !strings.Contains(content, "://") {
			setOnce(&m.author, strings.TrimPrefix(strings.TrimPrefix(content, "By "), "by "))
		}
	}
	if publishedNames[key] {
		setOnce(&m.publishedMeta, content)
	}
}

// jsonLD reads schema.org metadata from a JSON-LD block.
func (m *meta) jsonLD(s string) {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return
	}
	m.walkLD(v, 0)
}

func (m *meta) walkLD(v any, depth int) {
	if depth > 8 {
		return
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			m.walkLD(e, depth+1)
		}
	case map[string]any:
		if g, ok := v["@graph"]; ok {
			m.walkLD(g, depth+1)
		}
		if s, ok := v["datePublished"].(string); ok {
			setOnce(&m.ldPublished, s)
		}
		if s, ok := v["headline"].(string); ok {
			setOnce(&m.ldHeadline, s)
		}
		if name := ldName(v["author"]); name != "" {
			setOnce(&m.ldAuthor, name)
		}
		if name := ldName(v["publisher"]); name != "" {
			setOnce(&m.ldPublisher, name)
		}
	}
}

// ldName returns the name of a JSON-LD person or organisation (or the
// first of a list).
func ldName(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		s, _ := v["name"].(string)
		return s
	case []any:
		if len(v) > 0 {
			return ldName(v[0])
		}
	}
	return ""
}

func hasWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if f == w {
			return true
		}
	}
	return false
}

// skipped are elements whose content is never article text.
var skipped = map[atom.Atom]bool{
	atom.Head: true, atom.Script: true, atom.Style: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Noscript: true,
	atom.Figcaption: true, atom.Iframe: true, atom.Svg: true, atom.Math: true, atom.Button: true,
	atom.Select: true, atom.Textarea: true, atom.Template: true, atom.Object: true, atom.Embed: true,
	atom.Canvas: true, atom.Video: true, atom.Audio: true, atom.Map: true, atom.Dialog: true,
}

func skip(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return n.Type == html.CommentNode
	}
	if skipped[n.DataAtom] {
		return true
	}
	for _, a := range n.Attr {
		switch {
		case a.Key == "hidden":
			return true
		case a.Key == "aria-hidden" && a.Val == "true":
			return true
		case a.Key == "role" && (a.Val == "navigation" || a.Val == "banner" || a.Val == "contentinfo" || a.Val == "complementary"):
			return true
		}
	}
	return false
}

// body picks the element that holds the article.
func body(doc *html.Node) *html.Node {
	var articles, mains []*html.Node
	var bodyNode *html.Node
	bestP, bestPScore := (*html.Node)(nil), 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if skip(n) {
				return
			}
			switch {
			case n.DataAtom == atom.Body:
				bodyNode = n
			case n.DataAtom == atom.Article:
				articles = append(articles, n)
			case n.DataAtom == atom.Main || attr(n, "role") == "main":
				mains = append(mains, n)
			}
			if s := directParagraphText(n); s > bestPScore {
				bestP, bestPScore = n, s
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if a := largest(articles); a != nil {
		return a
	}
	if a := largest(mains); a != nil {
		return a
	}
	if bestP != nil {
		return bestP
	}
	return bodyNode
}

// largest returns the node with the most paragraph text, or nil when none
// has any text.
func largest(nodes []*html.Node) *html.Node {
	var best *html.Node
	bestScore := 0
	for _, n := range nodes {
		s := paragraphText(n)
		if s == 0 {
			s = len(text(n)) / 4 // text outside <p> counts less
		}
		if s > bestScore {
			best, bestScore = n, s
		}
	}
	return best
}

// paragraphText counts the bytes of text in n's <p> descendants.
func paragraphText(n *html.Node) int {
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if skip(c) {
			continue
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.P {
			total += len(collapse(innerText(c)))
		} else {
			total += paragraphText(c)
		}
	}
	return total
}

// directParagraphText counts the bytes of text in n's <p> children.
func directParagraphText(n *html.Node) int {
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.P && !skip(c) {
			total += len(collapse(innerText(c)))
		}
	}
	return total
}

// innerText returns all text under n, skipping nothing.
func innerText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// collapse trims s and turns runs of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// blocks are elements that start a new paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Hr: true,
	atom.Address: true, atom.Figure: true, atom.Details: true, atom.Summary: true,
	atom.Body: true, atom.Center: true, atom.Hgroup: true, atom.Fieldset: true, atom.Caption: true,
}

// textWriter builds text with collapsed spaces and paragraph breaks.
type textWriter struct {
	b     strings.Builder
	space bool // a space is pending
	brk   int  // newlines pending: 1 line break, 2 paragraph break
}

func (w *textWriter) text(s string) {
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u00a0':
			w.space = true
			continue
		case r == '\ufeff' || r == '\u200b' || r == '\u00ad': // BOM, zero-width space, soft hyphen
			continue
		}
		if w.b.Len() > 0 {
			switch {
			case w.brk > 0:
				w.b.WriteString(strings.Repeat("\n", w.brk))
			case w.space:
				w.b.WriteByte(' ')
			}
		}
		w.brk, w.space = 0, false
		w.b.WriteRune(r)
	}
}

func (w *textWriter) breakLine(n int) {
	if n > w.brk {
		w.brk = n
	}
}

// text renders n's text.
func text(n *html.Node) string {
	var w textWriter
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if skip(n) {
			return
		}
		switch n.Type {
		case html.TextNode:
			w.text(n.Data)
			return
		case html.ElementNode:
			switch {
			case n.DataAtom == atom.Br:
				w.breakLine(1)
				return
			case n.DataAtom == atom.Td || n.DataAtom == atom.Th:
				w.space = true
			case n.DataAtom == atom.Img:
				return
			case blocks[n.DataAtom]:
				w.breakLine(2)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && blocks[n.DataAtom] {
			w.breakLine(2)
		}
	}
	walk(n)
	s := w.b.String()
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// dropLeadingTitle removes a first paragraph that repeats the title or the
// page's <h1>: Page.Title already holds it.
func dropLeadingTitle(text, title, h1 string) string {
	head, rest, _ := strings.Cut(text, "\n\n")
	if h := collapse(head); h != "" && (h == collapse(title) || h == collapse(h1)) {
		return rest
	}
	return text
}
