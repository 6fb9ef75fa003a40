package server

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// feedSize is the number of entries in a feed.
const feedSize = 30

// Atom 1.0 (RFC 4287) documents.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string      `xml:"title"`
	ID        string      `xml:"id"`
	Updated   string      `xml:"updated"`
	Published string      `xml:"published,omitempty"`
	Links     []atomLink  `xml:"link"`
	Author    *atomPerson `xml:"author,omitempty"`
	Summary   string      `xml:"summary,omitempty"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feed adapts a feed handler that returns an error; errors are plain text
// with the status statusOf gives.
func (s *Server) feed(h func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			status, _, msg := s.describeError(r, err)
			http.Error(w, msg, status)
		}
	})
}

// writeFeed completes a feed (self link, updated time) and writes it with
// validators: an ETag of its content and lastMod, when known, as
// Last-Modified; a client's current copy gets 304.
func writeFeed(w http.ResponseWriter, r *http.Request, base string, f *atomFeed, lastMod time.Time) error {
	f.Links = append(f.Links, atomLink{Rel: "self", Type: "application/atom+xml", Href: base + r.URL.RequestURI()})
	f.Author = atomPerson{Name: "Storyline"}
	f.Updated = atomTime(time.Unix(0, 0))
	for _, e := range f.Entries {
		f.Updated = max(f.Updated, e.Updated) // RFC 3339 UTC strings sort by time
	}
	buf, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("server: encode feed: %w", err)
	}
	body := append([]byte(xml.Header), buf...)
	if conditional(w, r, "atom", body, lastMod) {
		return nil
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write(body)
	return nil
}

// handleStoriesFeed serves the most recently active stories; a story's
// entry is updated whenever it gains an article.
func (s *Server) handleStoriesFeed(w http.ResponseWriter, r *http.Request) error {
	stories, _, err := s.store.FindStories(r.Context(), news.StoryFilter{Limit: feedSize})
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	f := &atomFeed{Title: "Storyline: current stories", ID: base + "/", Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: base + "/"}}}
	for _, st := range stories {
		link := fmt.Sprintf("%s/stories/%d", base, st.ID)
		v, err := s.loadStoryView(r.Context(), st, true)
		if err != nil {
			return err
		}
		f.Entries = append(f.Entries, atomEntry{
			Title:     v.headline(),
			ID:        link,
			Updated:   atomTime(cmp.Or(st.LastSeen, st.UpdatedAt)),
			Published: atomTime(cmp.Or(st.FirstSeen, st.CreatedAt)),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
			Summary:   storySummary(v),
		})
	}
	return writeFeed(w, r, base, f, lastUpdate(stories))
}

// storySummary is a story's entry summary in feeds: its synthesized
// summary, each sentence followed by its source, then the coverage.
func storySummary(v *storyView) string {
	var b strings.Builder
	for _, sen := range v.summary() {
		fmt.Fprintf(&b, "%s [%s] ", sen.Text, sen.Source)
	}
	st := v.story
	fmt.Fprintf(&b, "(%s from %s: %s.)", plural(st.Articles, "article", "articles"),
		plural(st.Sources, "outlet", "outlets"), strings.Join(st.SourceNames, ", "))
	return b.String()
}

// handleStoryFeed serves one story's updates: its articles, newest first.
// The path is /feeds/stories/{id}.atom.
func (s *Server) handleStoryFeed(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	idText, ok := strings.CutSuffix(file, ".atom")
	if !ok {
		return news.Errorf(news.ENOTFOUND, "no feed %q", file)
	}
	id, err := parseID(idText, "story")
	if err != nil {
		return err
	}
	v, err := s.findStoryView(r.Context(), id, false)
	if err != nil {
		return err
	}
	if to := v.story.MergedInto; to != 0 {
		http.Redirect(w, r, fmt.Sprintf("/feeds/stories/%d.atom", to), http.StatusMovedPermanently)
		return nil
	}
	base := s.baseURL(r)
	storyLink := fmt.Sprintf("%s/stories/%d", base, id)
	f := &atomFeed{Title: "Storyline: " + v.story.Headline, ID: storyLink, Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: storyLink}}}
	members := slices.Clone(v.members)
	// Newest first; undated articles, whose time is only their ingest
	// time, after the dated ones.
	slices.SortStableFunc(members, func(a, b *news.Article) int {
		return cmp.Or(cmp.Compare(undated(a), undated(b)), b.Time().Compare(a.Time()), cmp.Compare(b.ID, a.ID))
	})
	for _, a := range members[:min(len(members), feedSize)] {
		f.Entries = append(f.Entries, articleEntry(base, a, fmt.Sprintf("%s#article-%d", storyLink, a.ID), leadOf(a)))
	}
	return writeFeed(w, r, base, f, lastIngest(v.members, v.story.UpdatedAt))
}

// handleSearchFeed serves a saved search: the best matches, newest first.
func (s *Server) handleSearchFeed(w http.ResponseWriter, r *http.Request) error {
	res, err := s.search(r.Context(), r.URL.Query())
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	page := base + "/search?" + r.URL.Query().Encode()
	f := &atomFeed{Title: "Storyline search: " + res.Query, ID: page, Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: page}}}
	var arts []*news.Article
	snippets := map[int64]string{}
	for _, h := range res.Articles[:min(len(res.Articles), feedSize)] {
		a, err := s.store.FindArticleByID(r.Context(), h.ArticleID)
		if err != nil {
			return err
		}
		arts = append(arts, a)
		snippets[a.ID] = h.Snippet
	}
	slices.SortStableFunc(arts, func(a, b *news.Article) int { return cmp.Or(b.Time().Compare(a.Time()), cmp.Compare(b.ID, a.ID)) })
	for _, a := range arts {
		f.Entries = append(f.Entries, articleEntry(base, a, fmt.Sprintf("%s/articles/%d", base, a.ID), snippets[a.ID]))
	}
	return writeFeed(w, r, base, f, lastIngest(arts, lastUpdate(res.Stories)))
}

// undated is 1 for an article without a publish date, else 0.
func undated(a *news.Article) int {
	if a.Published.IsZero() {
		return 1
	}
	return 0
}

// lastIngest returns the latest of t and the articles' ingest times.
func lastIngest(arts []*news.Article, t time.Time) time.Time {
	for _, a := range arts {
		if a.IngestedAt.After(t) {
			t = a.IngestedAt
		}
	}
	return t
}

func articleEntry(base string, a *news.Article, link, summary string) atomEntry {
	e := atomEntry{
		Title:   a.Source + ": " + a.Title,
		ID:      fmt.Sprintf("%s/articles/%d", base, a.ID),
		Updated: atomTime(a.Time()),
		Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
		Author:  &atomPerson{Name: a.Source},
		Summary: summary,
	}
	if !a.Published.IsZero() {
		e.Published = atomTime(a.Published)
	}
	if a.URL != "" {
		e.Links = append(e.Links, atomLink{Rel: "related", Type: "text/html", Href: a.URL})
	}
	return e
}

// leadOf returns an article's first sentence.
func leadOf(a *news.Article) string {
	start, end := firstSentence(a.Body)
	return a.Body[start:end]
}
