package server

import (
	"net/http"
	"strconv"

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

func (s *Server) handleAPIStorylineView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "storyline")
	if err != nil {
		return err
	}
	l, err := s.store.FindStorylineByID(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, storylineDetail{Storyline: l, Synthesis: storyline.Synthesis(l)})
	return nil
}
