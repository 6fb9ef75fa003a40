package server

import (
	"context"
	"encoding/base64"
	"encoding/json"
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
	// Articles are the matching articles: the newest tier of articles
	// first, best match first within it (news.SearchTiers).
	Articles []searchHit `json:"articles"`
	// Stories are the stories of this page's articles, in the order of
	// their best article.
	Stories []*news.Story `json:"stories"`
	// Total counts the matching articles on all pages, up to
	// news.SearchCountCap; TotalExact is false when more match.
	Total      int  `json:"total"`
	TotalExact bool `json:"total_exact"`
	// NextCursor fetches the next page; null on the last page.
	NextCursor *string `json:"next_cursor"`
}

// searchCursor is the decoded form of a search page cursor: base64url of
// its JSON. It names its query, so it cannot continue another.
type searchCursor struct {
	Query string          `json:"q"`
	Page  news.SearchPage `json:"p"`
}

func (c searchCursor) String() string {
	buf, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// maxSearchOffset bounds how deep a search can page.
const maxSearchOffset = news.SearchCountCap

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
	var page news.SearchPage
	if c := v.Get("cursor"); c != "" {
		var sc searchCursor
		buf, err := base64.RawURLEncoding.DecodeString(c)
		if err != nil || json.Unmarshal(buf, &sc) != nil || !sc.Page.Valid() || sc.Page.Seen > maxSearchOffset {
			return res, news.Errorf(news.EINVALID, "invalid cursor")
		}
		if sc.Query != q {
			return res, news.Errorf(news.EINVALID, "cursor belongs to the query %q", sc.Query)
		}
		page = sc.Page
	}
	found, err := s.store.SearchArticles(ctx, news.SearchQuery{Text: q, Limit: limit, Page: page})
	if err != nil {
		return res, err
	}
	res.Total, res.TotalExact = found.Total, found.TotalExact
	if next := found.Next; next != nil && next.Seen < maxSearchOffset {
		c := searchCursor{Query: q, Page: *next}.String()
		res.NextCursor = &c
	}
	seen := map[int64]bool{}
	for _, h := range found.Hits {
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
	writeJSONCached(w, r, "se", res, lastUpdate(res.Stories))
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
	// NextURL is the link to the next page of hits, "" on the last.
	NextURL string
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
		if res.NextCursor != nil {
			v := r.URL.Query()
			v.Set("cursor", *res.NextCursor)
			data.NextURL = "/search?" + v.Encode()
		}
	}
	if q == "" || data.Problem != "" {
		return s.render(w, r, http.StatusOK, pageSearch, data)
	}
	return s.renderCached(w, r, http.StatusOK, pageSearch, data, "hs", lastUpdate(data.Result.Stories))
}
