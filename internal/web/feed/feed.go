// Package feed reads news feeds: RSS 2.0 (and 0.9x), Atom, RDF (RSS 1.0)
// and JSON Feed, through github.com/mmcdole/gofeed, into plain items.
package feed

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/storyline-news/storyline/internal/web/urlnorm"
)

// MaxBytes is the largest feed Parse reads.
const MaxBytes = 10 << 20

// ErrNotFeed means the document is not a feed in a known format.
var ErrNotFeed = errors.New("feed: not an RSS, Atom, RDF or JSON feed")

// Feed is a parsed feed.
type Feed struct {
	Title string
	// SiteURL is the site the feed belongs to, absolute; "" when unknown.
	SiteURL string
	Items   []Item
}

// Item is one entry of a feed. Text fields are plain text (HTML is
// reduced to its text), trimmed; URLs are absolute.
type Item struct {
	// GUID identifies the item within its feed: the feed's own id, else
	// its link, else its title and publish time. Never empty.
	GUID    string
	URL     string
	Title   string
	Summary string
	// Published is the publish time, else the update time; zero when the
	// feed gives neither.
	Published time.Time
	Author    string
}

// Parse reads a feed from r. feedURL, the address the feed was fetched
// from ("" when unknown), resolves relative links. Items keep the feed's
// order.
func Parse(r io.Reader, feedURL string) (*Feed, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("feed: read: %w", err)
	}
	if len(b) > MaxBytes {
		return nil, fmt.Errorf("feed: larger than %d MiB", MaxBytes>>20)
	}
	gf, err := parse(b)
	if err != nil {
		return nil, err
	}
	var base *url.URL
	if u, err := url.Parse(feedURL); err == nil && u.IsAbs() {
		base = u
	}
	f := &Feed{Title: plain(gf.Title), SiteURL: urlnorm.Resolve(base, gf.Link)}
	if f.SiteURL != "" {
		// Item links are relative to the site, when the feed names it.
		if u, err := url.Parse(f.SiteURL); err == nil {
			base = u
		}
	}
	for _, it := range gf.Items {
		if it == nil {
			continue
		}
		item := Item{
			URL:     urlnorm.Resolve(base, firstNonEmpty(append([]string{it.Link}, it.Links...)...)),
			Title:   plain(it.Title),
			Summary: plain(firstNonEmpty(it.Description, it.Content)),
			Author:  author(it),
		}
		switch {
		case it.PublishedParsed != nil:
			item.Published = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			item.Published = *it.UpdatedParsed
		}
		item.GUID = strings.TrimSpace(it.GUID)
		if item.GUID == "" {
			item.GUID = item.URL
		}
		if item.GUID == "" {
			item.GUID = item.Title + "|" + item.Published.UTC().Format(time.RFC3339)
		}
		if item.URL == "" && item.Title == "" && item.Summary == "" {
			continue
		}
		f.Items = append(f.Items, item)
	}
	return f, nil
}

// parse runs gofeed. gofeed's format parsers index into what they read
// with few checks, and a panic in them on hostile input is a library bug
// we cannot fix here; it is turned into an error at this boundary so one
// bad feed cannot crash a watch loop. Our own code does not rely on this
// recover.
func parse(b []byte) (gf *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			gf, err = nil, fmt.Errorf("%w: parser panicked: %v", ErrNotFeed, r)
		}
	}()
	gf, err = gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
			return nil, ErrNotFeed
		}
		return nil, fmt.Errorf("%w: %v", ErrNotFeed, err)
	}
	if gf.FeedType == "json" && gf.FeedVersion == "" {
		// Any JSON object parses; a JSON Feed names its version.
		return nil, fmt.Errorf("%w: JSON without a JSON Feed version", ErrNotFeed)
	}
	return gf, nil
}

func author(it *gofeed.Item) string {
	for _, p := range it.Authors {
		if p != nil {
			if s := plain(firstNonEmpty(p.Name, p.Email)); s != "" {
				return s
			}
		}
	}
	if it.Author != nil {
		return plain(firstNonEmpty(it.Author.Name, it.Author.Email))
	}
	if it.DublinCoreExt != nil && len(it.DublinCoreExt.Creator) > 0 {
		return plain(it.DublinCoreExt.Creator[0])
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// plain reduces s, which may hold HTML, to its text on one line, as valid
// UTF-8.
func plain(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.ContainsAny(s, "<&") {
		var b strings.Builder
		z := html.NewTokenizer(strings.NewReader(s))
		skip := 0
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			switch tt {
			case html.StartTagToken, html.EndTagToken:
				name, _ := z.TagName()
				if n := string(name); n == "script" || n == "style" {
					if tt == html.StartTagToken {
						skip++
					} else if skip > 0 {
						skip--
					}
				}
				b.WriteByte(' ')
			case html.TextToken:
				if skip == 0 {
					b.Write(z.Text())
				}
			}
		}
		s = b.String()
	}
	s = strings.Join(strings.Fields(s), " ")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}
