package extract

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// headlineScan is how many leading paragraphs may be taken for a repeated
// headline.
const headlineScan = 3

// dropHeadlines removes leading paragraphs that repeat one of the page's
// headlines: the article title is metadata, not body text, and extractors
// often take the <h1> along with the body.
func dropHeadlines(paras []string, titles []string) []string {
	var keys []string
	for _, t := range titles {
		if k := matchKey(t); len(k) > 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return paras
	}
	for i := 0; i < len(paras) && i < headlineScan; i++ {
		k := matchKey(paras[i])
		if k == "" {
			continue
		}
		for _, t := range keys {
			if isHeadline(k, t) {
				return append(paras[:i:i], paras[i+1:]...)
			}
		}
	}
	return paras
}

// isHeadline tells whether a paragraph (as a match key) repeats title:
// equal, or one a part of the other as "Title | Site" titles are.
func isHeadline(p, title string) bool {
	if p == title {
		return true
	}
	// A headline paragraph is short; a lede that starts with the title's
	// words is not a headline.
	if len(p) < len(title) && len(p) >= 20 && strings.Contains(title, p) {
		return true
	}
	return false
}

// matchKey lower-cases s and keeps only its letters and digits, single
// space separated, so that punctuation and quote styles do not matter.
func matchKey(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
	return strings.Join(f, " ")
}

// headlines returns the texts of the page's <title> and <h1> elements.
func headlines(doc *html.Node) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title, atom.H1:
				out = append(out, nodeText(n))
				return
			case atom.Script, atom.Style, atom.Noscript:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return clean(b.String())
}

// linkTexts returns the match keys of the texts of the page's links.
func linkTexts(doc *html.Node) map[string]bool {
	out := make(map[string]bool)
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			if k := matchKey(nodeText(n)); k != "" {
				out[k] = true
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// tailScan is how many trailing paragraphs may be taken for page
// furniture.
const tailScan = 6

// furniture matches the lines news pages end an article with: credits,
// contact addresses, calls to subscribe, follow or share, copyright.
var furniture = regexp.MustCompile(`(?i)\b(?:copyright|all rights reserved|newsletters?|subscribe|subscribing|sign up|follow (?:us|him|her|them|@|\w+ on)|contributed (?:to )?(?:this )?report(?:ing)?|reporting by|editing by|click here|share (?:it|this)|log in to|to post a comment)\b|©|\S@\S+\.[a-z]{2,}`)

// maxFurnitureWords is the longest a trailing furniture line may be.
const maxFurnitureWords = 40

// dropFurnitureTail removes trailing paragraphs that are page furniture
// (see furniture), or links to other articles (their whole text is a
// link's text, see linkTexts).
func dropFurnitureTail(paras []string, links map[string]bool) []string {
	n := len(paras)
	for i := 0; i < tailScan && n > 1; i++ {
		p := paras[n-1]
		k := matchKey(p)
		isFurniture := strings.Count(k, " ") < maxFurnitureWords && furniture.MatchString(p)
		if !links[k] && !isFurniture {
			break
		}
		n--
	}
	return paras[:n]
}

// dropLinkParas removes every paragraph whose whole text is the text of a
// link of the page (see linkTexts): teasers and related-article lists
// inside the body.
func dropLinkParas(paras []string, links map[string]bool) []string {
	out := paras[:0:0]
	for _, p := range paras {
		if !links[matchKey(p)] || len(paras) == 1 {
			out = append(out, p)
		}
	}
	return out
}

// dropRepeats removes paragraphs that repeat an earlier one.
func dropRepeats(paras []string) []string {
	seen := make(map[string]bool, len(paras))
	out := paras[:0:0]
	for _, p := range paras {
		k := matchKey(p)
		if k != "" && seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, p)
	}
	return out
}
