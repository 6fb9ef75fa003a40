package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/storyline"
)

// storylineList is the response of GET /api/v1/storylines.
type storylineList struct {
	Storylines []*news.Storyline `json:"storylines"`
	// Total counts every storyline, on all pages.
	Total int `json:"total"`
	// NextOffset fetches the next page; null on the last page.
	NextOffset *int `json:"next_offset"`
}

// storylineDetail is the response of GET /api/v1/storylines/{id}.
type storylineDetail struct {
	*news.Storyline
	// Synthesis is one paragraph on the whole storyline.
	Synthesis string `json:"synthesis"`
}

func (s *Server) handleAPIStorylineIndex(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	limit, offset := defaultStoryLimit, 0
	if q := v.Get("limit"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > maxStoryLimit {
			return news.Errorf(news.EINVALID, "limit must be a number from 1 to %d", maxStoryLimit)
		}
		limit = n
	}
	if q := v.Get("offset"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 0 {
			return news.Errorf(news.EINVALID, "offset must be a number from 0")
		}
		offset = n
	}
	lines, total, err := s.store.FindStorylines(r.Context(), news.StorylineFilter{Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	list := storylineList{Storylines: lines, Total: total}
	if list.Storylines == nil {
		list.Storylines = []*news.Storyline{}
	}
	if next := offset + len(lines); len(lines) == limit && next < total {
		list.NextOffset = &next
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// pathStoryline finds the storyline the request's {id} names.
func (s *Server) pathStoryline(r *http.Request) (*news.Storyline, error) {
	id, err := pathID(r, "storyline")
	if err != nil {
		return nil, err
	}
	return s.store.FindStorylineByID(r.Context(), id)
}

func (s *Server) handleAPIStorylineView(w http.ResponseWriter, r *http.Request) error {
	l, err := s.pathStoryline(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, storylineDetail{Storyline: l, Synthesis: storyline.Synthesis(l)})
	return nil
}

// storylineLink is a story page's line on its storyline: "Part of: …, 6
// events since 3 Mar 2026".
type storylineLink struct {
	ID       int64
	Headline string
	Events   int
	Since    time.Time
	LastSeen time.Time
}

// storylineLink returns the link for story's page, or nil when the story
// has no storyline or is alone in it.
func (s *Server) storylineLink(ctx context.Context, st *news.Story) (*storylineLink, error) {
	if st.StorylineID == 0 {
		return nil, nil
	}
	l, err := s.store.FindStorylineByID(ctx, st.StorylineID)
	if news.ErrorCode(err) == news.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if l.Stories < 2 {
		return nil, nil
	}
	return &storylineLink{ID: l.ID, Headline: l.Headline, Events: l.Stories, Since: l.FirstSeen, LastSeen: l.LastSeen}, nil
}

// version is what the link adds to the story page's version, so that a
// grown storyline changes the page's ETag.
func (l *storylineLink) version() string {
	if l == nil {
		return ""
	}
	return fmt.Sprintf("|l%d:%d:%d:%s", l.ID, l.Events, l.LastSeen.UnixMilli(), l.Headline)
}

// storylinePage is a storyline as a timeline of its events.
type storylinePage struct {
	layout
	Storyline *news.Storyline
	Synthesis string
}

func (s *Server) handleStorylinePage(w http.ResponseWriter, r *http.Request) error {
	l, err := s.pathStoryline(r)
	if err != nil {
		return err
	}
	id := l.ID
	data := storylinePage{
		layout:    layout{Title: l.Headline, Feed: fmt.Sprintf("/feeds/storylines/%d.atom", id)},
		Storyline: l, Synthesis: storyline.Synthesis(l),
	}
	var last time.Time
	for _, m := range l.Members {
		if m.UpdatedAt.After(last) {
			last = m.UpdatedAt
		}
	}
	return s.renderCached(w, r, http.StatusOK, pageStoryline, data, "sl", last)
}

// handleStorylineFeed serves a storyline's events, newest first: one
// entry per story, updated when the story last was.
func (s *Server) handleStorylineFeed(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	idText, ok := strings.CutSuffix(file, ".atom")
	if !ok {
		return news.Errorf(news.ENOTFOUND, "no feed %q", file)
	}
	id, err := parseID(idText, "storyline")
	if err != nil {
		return err
	}
	l, err := s.store.FindStorylineByID(r.Context(), id)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	page := fmt.Sprintf("%s/storylines/%d", base, id)
	f := &atomFeed{Title: "Storyline: " + l.Headline, ID: page, Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: page}}}
	members := slices.Clone(l.Members)
	slices.Reverse(members)
	var last time.Time
	for _, m := range members[:min(len(members), feedSize)] {
		link := fmt.Sprintf("%s/stories/%d", base, m.ID)
		e := atomEntry{
			Title:   m.Headline,
			ID:      link,
			Updated: atomTime(later(m.LastSeen, m.UpdatedAt)),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
			Summary: fmt.Sprintf("%s from %s.", pluralText(m.Articles, "article"), strings.Join(m.SourceNames, ", ")),
		}
		if !m.FirstSeen.IsZero() {
			e.Published = atomTime(m.FirstSeen)
		}
		f.Entries = append(f.Entries, e)
		last = later(last, m.UpdatedAt)
	}
	return writeFeed(w, r, base, f, last)
}

func pluralText(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
