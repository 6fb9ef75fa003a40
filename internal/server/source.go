package server

import (
	"net/http"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// sourceList is the response of GET /api/v1/sources.
type sourceList struct {
	Sources []*news.Source `json:"sources"`
}

func (s *Server) handleAPISourceIndex(w http.ResponseWriter, r *http.Request) error {
	sources, err := s.store.FindSources(r.Context())
	if err != nil {
		return err
	}
	writeJSONCached(w, r, "src", sourceList{Sources: nonNil(sources)}, time.Time{})
	return nil
}

// sourceIndexPage lists every outlet.
type sourceIndexPage struct {
	layout
	Sources []*news.Source
}

func (s *Server) handleSourceIndexPage(w http.ResponseWriter, r *http.Request) error {
	sources, err := s.store.FindSources(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, pageSourceIndex, sourceIndexPage{layout: layout{Title: "Sources"}, Sources: sources})
}

// sourcePage is one outlet: its latest stories and articles.
type sourcePage struct {
	layout
	Name     string
	Articles int
	Stories  []*news.Story
	Recent   []*news.Article
}

// sourcePageSize is how many stories and articles a source page lists.
const sourcePageSize = 20

func (s *Server) handleSourcePage(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	ctx := r.Context()
	// The newest articles: find the total first, then the last page.
	_, total, err := s.store.FindArticles(ctx, news.ArticleFilter{Source: &name, Limit: 1})
	if err != nil {
		return err
	}
	if total == 0 {
		return news.Errorf(news.ENOTFOUND, "No articles from %q.", name)
	}
	recent, _, err := s.store.FindArticles(ctx, news.ArticleFilter{Source: &name, Limit: sourcePageSize, Offset: max(total-sourcePageSize, 0)})
	if err != nil {
		return err
	}
	for i, j := 0, len(recent)-1; i < j; i, j = i+1, j-1 {
		recent[i], recent[j] = recent[j], recent[i]
	}
	stories, _, err := s.store.FindStories(ctx, news.StoryFilter{Source: &name, Limit: sourcePageSize})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, pageSource, sourcePage{
		layout: layout{Title: name}, Name: name, Articles: total, Stories: stories, Recent: recent,
	})
}
