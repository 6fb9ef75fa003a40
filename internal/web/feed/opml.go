package feed

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// OPMLFeed is one feed listed in an OPML subscription list.
type OPMLFeed struct {
	URL   string
	Title string
}

// ParseOPML reads the feeds of an OPML document (the subscription lists
// feed readers export): every outline with an xmlUrl, at any depth, in
// document order, without repeats.
func ParseOPML(r io.Reader) ([]OPMLFeed, error) {
	var doc struct {
		XMLName xml.Name  `xml:"opml"`
		Body    []outline `xml:"body>outline"`
	}
	dec := xml.NewDecoder(io.LimitReader(r, MaxBytes))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("feed: read OPML: %w", err)
	}
	seen := map[string]bool{}
	var out []OPMLFeed
	var walk func([]outline)
	walk = func(os []outline) {
		for _, o := range os {
			if u := strings.TrimSpace(o.XMLURL); u != "" && !seen[u] {
				seen[u] = true
				out = append(out, OPMLFeed{URL: u, Title: strings.TrimSpace(cmp.Or(o.Title, o.Text))})
			}
			walk(o.Children)
		}
	}
	walk(doc.Body)
	return out, nil
}

type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr"`
	XMLURL   string    `xml:"xmlUrl,attr"`
	Children []outline `xml:"outline"`
}
