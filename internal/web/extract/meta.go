package extract

import (
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// publishedKeys are the <meta> names and properties that carry a publish
// time, most specific first.
var publishedKeys = []string{
	"article:published_time", "og:published_time", "datepublished",
	"publishdate", "pubdate", "dc.date.issued", "dcterms.created", "date",
}

// timeLayouts are the layouts tried on publish times.
var timeLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05",
}

// docMeta is what the page's head says directly, read to refine
// trafilatura's metadata.
type docMeta struct {
	// published is a full publish time (date and clock) from <meta>.
	published time.Time
	// lang is the primary subtag of <html lang>, lower-cased.
	lang string
}

func readDocMeta(doc *html.Node) docMeta {
	var m docMeta
	found := make(map[string]string)
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				if l := attr(n, "lang"); l != "" {
					primary, _, _ := strings.Cut(strings.ReplaceAll(strings.TrimSpace(l), "_", "-"), "-")
					m.lang = strings.ToLower(primary)
				}
			case atom.Meta:
				key := strings.ToLower(attr(n, "property"))
				if key == "" {
					key = strings.ToLower(attr(n, "name"))
				}
				if key == "" {
					key = strings.ToLower(attr(n, "itemprop"))
				}
				if _, ok := found[key]; !ok && key != "" {
					found[key] = strings.TrimSpace(attr(n, "content"))
				}
			case atom.Body:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, k := range publishedKeys {
		if t, ok := parseTime(found[k]); ok {
			m.published = t
			break
		}
	}
	return m
}

func parseTime(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
