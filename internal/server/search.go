package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// Search limits.
const (
	defaultSearchLimit = 20
	maxSearchLimit     = 100
	// maxSearchStories caps the stories a search returns.
	maxSearchStories = 10
)

// searchResult is the response of GET /api/v1/search.
type searchResult struct {
	Query string `json:"query"`
	// Articles are the matching articles, best BM25 match first.
	Articles []searchHit `json:"articles"`
	// Stories are the stories of the best-matching articles, in the order
	// of their best article.
	Stories []*news.Story `json:"stories"`
}

// searchHit is one matching article. Snippet is plain text; SnippetHTML is
// the same text HTML-escaped with the matched terms in <mark> elements,
// safe to insert into a page as is.
type searchHit struct {
	ArticleID   int64   `json:"article_id"`
	StoryID     int64   `json:"story_id"`
	Title       string  `json:"title"`
	Source      string  `json:"source"`
	Snippet     string  `json:"snippet"`
	SnippetHTML string  `json:"snippet_html"`
	Rank        float64 `json:"rank"`
	// raw keeps the store's markers for the UI.
	raw string
}

// search runs a full-text search over articles and collects their stories.
func (s *Server) search(ctx context.Context, v url.Values) (searchResult, error) {
	q := strings.TrimSpace(v.Get("q"))
	res := searchResult{Query: q, Articles: []searchHit{}, Stories: []*news.Story{}}
	if q == "" {
		return res, news.Errorf(news.EINVALID, "q is required")
	}
	limit := defaultSearchLimit
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxSearchLimit {
			return res, news.Errorf(news.EINVALID, "limit must be a number from 1 to %d", maxSearchLimit)
		}
		limit = n
	}
	hits, err := s.store.SearchArticles(ctx, q, limit)
	if err != nil {
		return res, err
	}
	seen := map[int64]bool{}
	for _, h := range hits {
		res.Articles = append(res.Articles, searchHit{
			ArticleID: h.ArticleID, StoryID: h.StoryID, Title: h.Title, Source: h.Source,
			Snippet: plainSnippet(h.Snippet), SnippetHTML: string(highlight(h.Snippet)), Rank: h.Rank, raw: h.Snippet,
		})
		if h.StoryID == 0 || seen[h.StoryID] || len(res.Stories) == maxSearchStories {
			continue
		}
		seen[h.StoryID] = true
		st, err := s.store.FindStoryByID(ctx, h.StoryID)
		if err != nil {
			return res, err
		}
		if st.MergedInto != 0 {
			if seen[st.MergedInto] {
				continue
			}
			seen[st.MergedInto] = true
			if st, err = s.store.FindStoryByID(ctx, st.MergedInto); err != nil {
				return res, err
			}
		}
		res.Stories = append(res.Stories, st)
	}
	return res, nil
}

func (s *Server) handleAPISearch(w http.ResponseWriter, r *http.Request) error {
	res, err := s.search(r.Context(), r.URL.Query())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// searchPage shows search results; with an empty query, just the form.
type searchPage struct {
	layout
	Result searchResult
	// Hits carry the snippets for highlighting.
	Hits []searchHitView
	// Problem explains a query that could not run.
	Problem string
}

type searchHitView struct {
	searchHit
	Snippet string // with the store's markers, for the highlight function
}

func (s *Server) handleSearchPage(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	data := searchPage{layout: layout{Title: "Search", Query: q}}
	if q != "" {
		data.Title = "Search: " + q
		data.layout.Feed = "/feeds/search.atom?" + url.Values{"q": {q}}.Encode()
		res, err := s.search(r.Context(), r.URL.Query())
		switch news.ErrorCode(err) {
		case "":
		case news.EINVALID:
			data.Problem = news.ErrorMessage(err)
		default:
			return err
		}
		data.Result = res
		for _, h := range res.Articles {
			data.Hits = append(data.Hits, searchHitView{searchHit: h, Snippet: h.raw})
		}
	}
	return s.render(w, r, http.StatusOK, pageSearch, data)
}
