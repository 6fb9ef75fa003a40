package server

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/news"
)

func (s *Server) handleAPIArticleView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "article")
	if err != nil {
		return err
	}
	a, err := s.store.FindArticleByID(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

// articlePage is one article, its text and its story.
type articlePage struct {
	layout
	Article    *news.Article
	Paragraphs []string
	// Story is the article's story; nil when unclustered.
	Story *news.Story
	// Original is the article this one is a near-copy of, if any.
	Original *news.Article
}

func (s *Server) handleArticlePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "article")
	if err != nil {
		return err
	}
	ctx := r.Context()
	a, err := s.store.FindArticleByID(ctx, id)
	if err != nil {
		return err
	}
	data := articlePage{layout: layout{Title: a.Title}, Article: a, Paragraphs: paragraphs(a.Body)}
	if a.StoryID != 0 {
		if data.Story, err = s.store.FindStoryByID(ctx, a.StoryID); err != nil && news.ErrorCode(err) != news.ENOTFOUND {
			return err
		}
	}
	if a.DuplicateOf != 0 {
		if data.Original, err = s.store.FindArticleByID(ctx, a.DuplicateOf); err != nil && news.ErrorCode(err) != news.ENOTFOUND {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, pageArticle, data)
}
