package feed

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

const rss2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Example News</title>
<link>https://news.example.com/</link>
<item>
  <title>Bridge reopens</title>
  <link>/2024/bridge</link>
  <guid isPermaLink="false">bridge-1</guid>
  <description>&lt;p&gt;The bridge &lt;b&gt;reopened&lt;/b&gt; on Tuesday.&lt;/p&gt;</description>
  <pubDate>Tue, 05 Mar 2024 09:30:00 GMT</pubDate>
  <dc:creator>Jane Doe</dc:creator>
</item>
<item>
  <title>No guid here</title>
  <link>https://news.example.com/2024/noguid</link>
</item>
</channel>
</rss>`

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom News</title>
  <link href="https://atom.example.org/"/>
  <entry>
    <title type="html">Storm &amp;amp; floods</title>
    <link rel="alternate" href="https://atom.example.org/storm"/>
    <id>urn:uuid:1225c695</id>
    <updated>2024-03-06T10:00:00Z</updated>
    <author><name>John Roe</name></author>
    <summary>Heavy rain hit the coast.</summary>
  </entry>
</feed>`

const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example.net/">
    <title>RDF News</title>
    <link>https://rdf.example.net/</link>
  </channel>
  <item rdf:about="https://rdf.example.net/a">
    <title>Election results</title>
    <link>https://rdf.example.net/a</link>
    <description>Counting finished overnight.</description>
    <dc:date>2024-03-07T08:00:00Z</dc:date>
  </item>
</rdf:RDF>`

const jsonFeed = `{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "JSON News",
  "home_page_url": "https://json.example.com/",
  "items": [
    {"id": "42", "url": "https://json.example.com/42", "title": "Rates held",
     "content_html": "<p>The bank held rates.</p>", "date_published": "2024-03-08T12:00:00Z",
     "authors": [{"name": "Ann Poe"}]}
  ]
}`

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, feedURL string
		title, site       string
		items             []Item
	}{
		{"RSS2", rss2, "https://news.example.com/rss", "Example News", "https://news.example.com/", []Item{
			{GUID: "bridge-1", URL: "https://news.example.com/2024/bridge", Title: "Bridge reopens", Summary: "The bridge reopened on Tuesday.",
				Published: time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC), Author: "Jane Doe"},
			{GUID: "https://news.example.com/2024/noguid", URL: "https://news.example.com/2024/noguid", Title: "No guid here"},
		}},
		{"Atom", atom, "", "Atom News", "https://atom.example.org/", []Item{
			{GUID: "urn:uuid:1225c695", URL: "https://atom.example.org/storm", Title: "Storm & floods", Summary: "Heavy rain hit the coast.",
				Published: time.Date(2024, 3, 6, 10, 0, 0, 0, time.UTC), Author: "John Roe"},
		}},
		{"RDF", rdf, "", "RDF News", "https://rdf.example.net/", []Item{
			{GUID: "https://rdf.example.net/a", URL: "https://rdf.example.net/a", Title: "Election results", Summary: "Counting finished overnight.",
				Published: time.Date(2024, 3, 7, 8, 0, 0, 0, time.UTC)},
		}},
		{"JSONFeed", jsonFeed, "", "JSON News", "https://json.example.com/", []Item{
			{GUID: "42", URL: "https://json.example.com/42", Title: "Rates held", Summary: "The bank held rates.",
				Published: time.Date(2024, 3, 8, 12, 0, 0, 0, time.UTC), Author: "Ann Poe"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(strings.NewReader(tc.in), tc.feedURL)
			if err != nil {
				t.Fatal(err)
			}
			if f.Title != tc.title || f.SiteURL != tc.site {
				t.Errorf("Title, SiteURL = %q, %q; want %q, %q", f.Title, f.SiteURL, tc.title, tc.site)
			}
			if len(f.Items) != len(tc.items) {
				t.Fatalf("got %d items, want %d: %+v", len(f.Items), len(tc.items), f.Items)
			}
			for i, want := range tc.items {
				got := f.Items[i]
				if !got.Published.Equal(want.Published) {
					t.Errorf("item %d Published=%v, want %v", i, got.Published, want.Published)
				}
				got.Published, want.Published = time.Time{}, time.Time{}
				if got != want {
					t.Errorf("item %d = %+v\nwant %+v", i, got, want)
				}
			}
		})
	}
}

func TestParse_Errors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "<html><body>not a feed</body></html>", "{}", "<rss><channel><item>"} {
		_, err := Parse(strings.NewReader(in), "")
		if !errors.Is(err, ErrNotFeed) {
			t.Errorf("Parse(%q) err=%v, want ErrNotFeed", in, err)
		}
	}
}

// FuzzParse checks that parsing never panics and yields valid UTF-8
// items, each with a GUID.
func FuzzParse(f *testing.F) {
	for _, s := range []string{rss2, atom, rdf, jsonFeed, "<rss version=\"2.0\"><channel><item><title>\xff</title></item></channel></rss>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fd, err := Parse(strings.NewReader(string(b)), "https://example.com/feed")
		if err != nil {
			return
		}
		if !utf8.ValidString(fd.Title) {
			t.Errorf("Title not UTF-8: %q", fd.Title)
		}
		for _, it := range fd.Items {
			if it.GUID == "" {
				t.Errorf("item without GUID: %+v", it)
			}
			for _, s := range []string{it.Title, it.Summary, it.Author, it.URL} {
				if !utf8.ValidString(s) {
					t.Errorf("field not UTF-8: %q", s)
				}
			}
		}
	})
}

func FuzzParseOPML(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/rss"><outline xmlUrl="https://b.example/atom"/></outline></body></opml>`))
	f.Add([]byte(`<opml><body><outline xmlUrl=" "/></body>`))
	f.Add([]byte("not xml"))
	f.Fuzz(func(t *testing.T, b []byte) {
		feeds, err := ParseOPML(bytes.NewReader(b))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, o := range feeds {
			if o.URL == "" || seen[o.URL] || strings.TrimSpace(o.URL) != o.URL {
				t.Fatalf("bad or repeated URL %q in %+v", o.URL, feeds)
			}
			seen[o.URL] = true
		}
	})
}

func TestParseOPML(t *testing.T) {
	feeds, err := ParseOPML(strings.NewReader(`<?xml version="1.0"?><opml version="2.0"><head/><body>
<outline text="News"><outline text="A" xmlUrl="https://a.example/rss"/><outline title="B" text="b" xmlUrl="https://b.example/atom"/></outline>
<outline text="again" xmlUrl="https://a.example/rss"/></body></opml>`))
	if err != nil {
		t.Fatal(err)
	}
	if len(feeds) != 2 || feeds[0].Title != "A" || feeds[1].Title != "B" || feeds[1].URL != "https://b.example/atom" {
		t.Errorf("feeds %+v", feeds)
	}
	if _, err := ParseOPML(strings.NewReader("<rss/>")); err == nil {
		t.Error("a non-OPML document parsed")
	}
}
