package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags end a paragraph. Trafilatura's output tree uses HTML tag
// names plus a few of its own ("head", "list", "item", "row", "cell").
var blockTags = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "dl": true, "dt": true, "dd": true,
	"blockquote": true, "pre": true, "table": true, "tr": true, "thead": true,
	"tbody": true, "tfoot": true, "caption": true, "figure": true,
	"figcaption": true, "header": true, "footer": true, "hr": true,
	"address": true, "details": true, "summary": true, "aside": true,
	"head": true, "list": true, "item": true, "row": true, "quote": true,
	"code": false,
}

// cellTags are separated by a space within their row.
var cellTags = map[string]bool{"td": true, "th": true, "cell": true}

// renderText turns an extracted tree into paragraphs: block elements
// start a new paragraph, and so does <br>. Inline elements are set off by
// a space, because trafilatura trims the white space around the text of
// the elements it keeps ("for <a>Larry</a>" comes out as "for" and
// "Larry"); joining them would glue words together far more often than it
// would split a word marked up in pieces.
func renderText(n *html.Node) []string {
	if n == nil {
		return nil
	}
	var w textWriter
	w.walk(n)
	w.flush()
	return w.paras
}

type textWriter struct {
	paras []string
	cur   strings.Builder
}

func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg:
			return
		case atom.Br:
			w.cur.WriteString("\n")
			return
		case atom.Img, atom.Input, atom.Wbr:
			if n.DataAtom == atom.Wbr {
				return
			}
			w.cur.WriteString(" ")
			return
		}
	}
	block := n.Type == html.ElementNode && blockTags[n.Data]
	cell := n.Type == html.ElementNode && cellTags[n.Data]
	if block {
		w.flush()
	}
	inl := n.Type == html.ElementNode && !block
	if cell || inl {
		w.cur.WriteString(" ")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if cell || inl {
		w.cur.WriteString(" ")
	}
	if block {
		w.flush()
	}
}

func (w *textWriter) flush() {
	s := w.cur.String()
	w.cur.Reset()
	for line := range strings.SplitSeq(s, "\n") {
		if t := clean(line); t != "" {
			w.paras = append(w.paras, t)
		}
	}
}

// clean collapses runs of white space (including no-break spaces) into
// one space and trims the ends.
func clean(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}
