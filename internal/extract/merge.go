package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// minPartText is how much paragraph text (in runes) each part of a split
// body must hold to be merged.
const minPartText = 150

// mergeSplitBodies joins article bodies that a page splits into several
// sibling containers of the same tag and class, usually to put
// advertisements between them. Trafilatura takes the first container that
// looks like a body and so loses the rest of the article; after merging,
// the first container holds every part, in order. Only containers whose
// paragraphs hold real text are merged, so lists of teasers stay apart.
func mergeSplitBodies(doc *html.Node) {
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Div, atom.Section, atom.Article:
			default:
				walk(c)
				continue
			}
			class := attr(c, "class")
			if class == "" || paragraphText(c) < minPartText {
				walk(c)
				continue
			}
			for s := c.NextSibling; s != nil; {
				next := s.NextSibling
				if s.Type == html.ElementNode && s.Data == c.Data && attr(s, "class") == class {
					if paragraphText(s) < minPartText {
						break
					}
					n.RemoveChild(s)
					for g := s.FirstChild; g != nil; g = s.FirstChild {
						s.RemoveChild(g)
						c.AppendChild(g)
					}
				}
				s = next
			}
			walk(c)
		}
	}
	walk(doc)
}

// paragraphText counts the runes in the <p> elements under n.
func paragraphText(n *html.Node) int {
	total := 0
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inP bool) {
		if n.Type == html.TextNode && inP {
			total += utf8.RuneCountInString(strings.TrimSpace(n.Data))
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.P {
			inP = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inP)
		}
	}
	walk(n, false)
	return total
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
