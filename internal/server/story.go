package server

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/news"
)

// Story listing limits.
const (
	defaultStoryLimit = 20
	maxStoryLimit     = 100
)

// storyList is the response of GET /api/v1/stories.
type storyList struct {
	Stories []*news.Story `json:"stories"`
	// Total counts every story matching the filters, on all pages.
	Total int `json:"total"`
	// NextCursor fetches the next page; null on the last page.
	NextCursor *string `json:"next_cursor"`
}

// storyQuery is a parsed story listing request.
type storyQuery struct {
	filter news.StoryFilter
	sort   string // "newest" or "active"
	limit  int
	cursor cursor
	// Echo of the parameters, for links in the UI.
	Q, Entity, Source, Language, Since, Until string
	// CoveredBy is "dim:value": stories with an article from a source
	// the outlet taxonomy gives that value.
	CoveredBy string
}

// cursor is the decoded form of the opaque pagination cursor: base64url of
// its JSON.
type cursor struct {
	Sort     string    `json:"s"`
	Articles int       `json:"n,omitempty"`
	Undated  bool      `json:"u,omitempty"`
	LastSeen time.Time `json:"t,omitzero"`
	ID       int64     `json:"id,omitempty"`
}

func (c cursor) String() string {
	buf, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(buf)
}

func parseCursor(s string) (cursor, error) {
	var c cursor
	buf, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(buf, &c) != nil || (c.Sort != "newest" && c.Sort != "active") {
		return c, news.Errorf(news.EINVALID, "invalid cursor")
	}
	return c, nil
}

// parseStoryQuery reads the listing parameters: sort, since, until,
// source, language, q, entity, limit and cursor.
func parseStoryQuery(v url.Values) (storyQuery, error) {
	q := storyQuery{
		sort: cmp.Or(v.Get("sort"), "newest"), limit: defaultStoryLimit,
		Q: strings.TrimSpace(v.Get("q")), Entity: strings.TrimSpace(v.Get("entity")),
		Source: v.Get("source"), Language: v.Get("language"), Since: v.Get("since"), Until: v.Get("until"),
		CoveredBy: strings.TrimSpace(v.Get("covered_by")),
	}
	if q.sort != "newest" && q.sort != "active" {
		return q, news.Errorf(news.EINVALID, "sort must be newest or active, not %q", q.sort)
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxStoryLimit {
			return q, news.Errorf(news.EINVALID, "limit must be a number from 1 to %d", maxStoryLimit)
		}
		q.limit = n
	}
	for _, p := range []struct {
		name  string
		value string
		end   bool
		dst   **time.Time
	}{{"since", q.Since, false, &q.filter.Since}, {"until", q.Until, true, &q.filter.Until}} {
		if p.value == "" {
			continue
		}
		t, err := parseTime(p.value, p.end)
		if err != nil {
			return q, news.Errorf(news.EINVALID, "%s: %v", p.name, err)
		}
		*p.dst = &t
	}
	if q.Source != "" {
		q.filter.Source = &q.Source
	}
	if q.Language != "" {
		q.filter.Language = &q.Language
	}
	// entity is matched as text: its words must occur in a member article,
	// like q's. There is no entity index yet.
	if text := strings.TrimSpace(q.Q + " " + q.Entity); text != "" {
		if len(news.QueryTerms(text)) == 0 {
			return q, news.Errorf(news.EINVALID, "q and entity need letters or digits")
		}
		q.filter.Query = &text
	}
	if s := v.Get("cursor"); s != "" {
		c, err := parseCursor(s)
		if err != nil {
			return q, err
		}
		if c.Sort != q.sort {
			return q, news.Errorf(news.EINVALID, "cursor belongs to sort=%s", c.Sort)
		}
		q.cursor = c
	}
	return q, nil
}

// parseTime accepts RFC 3339 or YYYY-MM-DD. A bare date means the start of
// that day (UTC), or with end set the end of it, so until=2015-11-01
// includes all of November 1st.
func parseTime(s string, end bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither RFC 3339 nor YYYY-MM-DD", s)
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

// findStories runs a listing query and returns one page and the cursor of
// the next, "" on the last page.
func (s *Server) findStories(ctx context.Context, q storyQuery) (storyList, string, error) {
	f := q.filter
	var (
		out   []*news.Story
		total int
		next  string
		err   error
	)
	if q.sort == "active" {
		f.Order = news.OrderArticles
	}
	if q.cursor.Sort != "" {
		f.After = &news.StoryCursor{Articles: q.cursor.Articles, Undated: q.cursor.Undated, LastSeen: q.cursor.LastSeen, ID: q.cursor.ID}
	}
	if q.CoveredBy != "" {
		if f.AnySource, err = s.coveredByFilter(ctx, q.CoveredBy); err != nil {
			return storyList{}, "", err
		}
	}
	f.Limit = q.limit + 1
	if out, total, err = s.store.FindStories(ctx, f); err != nil {
		return storyList{}, "", err
	}
	if len(out) > q.limit {
		out = out[:q.limit]
		c := news.CursorOf(out[len(out)-1])
		next = cursor{Sort: q.sort, Articles: c.Articles, Undated: c.Undated, LastSeen: c.LastSeen, ID: c.ID}.String()
	}
	list := storyList{Stories: nonNil(out), Total: total}
	if next != "" {
		list.NextCursor = &next
	}
	return list, next, nil
}

func (s *Server) handleAPIStoryIndex(w http.ResponseWriter, r *http.Request) error {
	q, err := parseStoryQuery(r.URL.Query())
	if err != nil {
		return err
	}
	list, _, err := s.findStories(r.Context(), q)
	if err != nil {
		return err
	}
	lastMod := lastUpdate(list.Stories)
	if q.CoveredBy != "" {
		lastMod = time.Time{} // the listing changes with the taxonomy too
	}
	writeJSONCached(w, r, "sl", list, lastMod)
	return nil
}

// storyDetail is the response of GET /api/v1/stories/{id}.
type storyDetail struct {
	Story *news.Story `json:"story"`
	// Headline is the story's headline, the same as in listings and feeds.
	Headline string `json:"headline"`
	// Summary is the synthesis's summary; without a synthesizer, the first
	// sentence of up to three reports from different outlets. Each
	// sentence names its article, byte span and source.
	Summary []news.SummarySentence `json:"summary"`
	// Synthesis is null when no synthesizer is configured or it failed.
	Synthesis *news.Synthesis `json:"synthesis"`
	// Groups holds the member articles, near-copies under their original.
	Groups []articleGroup `json:"groups"`
	// Coverage is the story's independent sources by the outlet taxonomy:
	// for each dimension, the values with their sources and the values
	// none has; {} without a taxonomy.
	Coverage news.Coverage `json:"coverage"`
}

// articleGroup is an original article with its near-copies.
type articleGroup struct {
	Original *news.Article   `json:"original"`
	Copies   []*news.Article `json:"copies"`
}

// storyView is a story loaded with everything its pages show.
type storyView struct {
	story     *news.Story
	members   []*news.Article
	synthesis *news.Synthesis // nil without synthesizer or on failure
	// version identifies the story's state: it changes when the story
	// or its membership does. It is the ETag's basis; "" when the view is
	// degraded and must not be cached.
	version string
}

// findStoryView loads a story and its members and synthesises it. A merged
// story is returned as is; callers redirect to story.MergedInto.
func (s *Server) findStoryView(ctx context.Context, id int64, synthesize bool) (*storyView, error) {
	st, err := s.store.FindStoryByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.loadStoryView(ctx, st, synthesize)
}

// loadStoryView loads the members of a story already found and, with
// synthesize, its synthesis (cached by version).
func (s *Server) loadStoryView(ctx context.Context, st *news.Story, synthesize bool) (*storyView, error) {
	var err error
	v := &storyView{story: st}
	if st.MergedInto != 0 {
		return v, nil
	}
	if v.members, _, err = s.store.FindArticles(ctx, news.ArticleFilter{StoryID: &st.ID}); err != nil {
		return nil, err
	}
	v.version = s.build + "-" + storyVersion(st, v.members)
	if synthesize && s.synth != nil {
		v.synthesis = s.cache.get(v.version)
		if v.synthesis == nil {
			syn, err := s.synth.Synthesize(ctx, st, v.members)
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				s.log.Error("synthesis failed", "story_id", st.ID, "err", err)
				v.version = ""
			} else {
				syn.FillEmpty()
				v.synthesis = syn
				s.cache.put(v.version, syn)
			}
		}
	}
	return v, nil
}

// storyVersion hashes what a story's representation depends on.
func storyVersion(st *news.Story, members []*news.Article) string {
	h := sha256.New()
	fmt.Fprintf(h, "v1|%d|%d|%s|%d|%d|%d|%d|", st.ID, st.MergedInto, st.Headline,
		st.UpdatedAt.UnixNano(), st.LastSeen.UnixNano(), st.Articles, len(members))
	for _, a := range members {
		fmt.Fprintf(h, "%d:%d:%d,", a.ID, a.DuplicateOf, a.Time().UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// headline returns the story's stored headline: the synthesized one,
// which ingestion stores and refreshes whenever the story changes, so that
// lists, feeds, webhooks and this page all show the same. Only a story
// stored without one falls back to its synthesis's.
func (v *storyView) headline() string {
	if v.story.Headline == "" && v.synthesis != nil {
		return v.synthesis.Headline
	}
	return v.story.Headline
}

// summary returns the synthesis's summary, else lead sentences.
func (v *storyView) summary() []news.SummarySentence {
	if v.synthesis != nil && len(v.synthesis.Summary) > 0 {
		return v.synthesis.Summary
	}
	return leadSummary(v.members, 3)
}

// notModified sets the ETag for version (prefixed by the representation
// kind) and reports whether the request's If-None-Match matches it, in
// which case it has written 304.
func notModified(w http.ResponseWriter, r *http.Request, kind, version string) bool {
	if version == "" {
		w.Header().Set("Cache-Control", "no-store")
		return false
	}
	etag := `"` + kind + "-" + version + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "no-cache")
	for tag := range strings.SplitSeq(r.Header.Get("If-None-Match"), ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == etag || tag == "*" {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	return false
}

func (s *Server) handleAPIStoryView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "story")
	if err != nil {
		return err
	}
	v, err := s.findStoryView(r.Context(), id, true)
	if err != nil {
		return err
	}
	tv, err := s.loadTaxonomy(r.Context())
	if err != nil {
		return err
	}
	if to := v.story.MergedInto; to != 0 {
		loc := fmt.Sprintf("/api/v1/stories/%d", to)
		w.Header().Set("Location", loc)
		writeJSON(w, http.StatusMovedPermanently, mergedBody{MergedInto: to, Location: loc})
		return nil
	}
	if notModifiedSince(w, r, "j", tv.withTaxonomy(v.version), tv.lastModified(v.story.UpdatedAt)) {
		return nil
	}
	writeJSON(w, http.StatusOK, storyDetail{
		Story:     v.story,
		Headline:  v.headline(),
		Summary:   nonNilValues(v.summary()),
		Synthesis: v.synthesis,
		Groups:    groupMembers(v.members, v.synthesis),
		Coverage:  tv.coverageOf(v.members),
	})
	return nil
}

// lastUpdate returns the latest update time of stories, the zero time for
// none.
func lastUpdate(stories []*news.Story) time.Time {
	var t time.Time
	for _, st := range stories {
		if st.UpdatedAt.After(t) {
			t = st.UpdatedAt
		}
	}
	return t
}

// mergedBody answers a request for a story merged into another.
type mergedBody struct {
	MergedInto int64  `json:"merged_into"`
	Location   string `json:"location"`
}

// groupMembers groups a story's articles by near-duplicates, using the
// synthesis's groups when it has them and Article.DuplicateOf otherwise.
// Groups keep the order of their originals' arrival.
func groupMembers(members []*news.Article, syn *news.Synthesis) []articleGroup {
	byID := make(map[int64]*news.Article, len(members))
	for _, a := range members {
		byID[a.ID] = a
	}
	var groups []articleGroup
	placed := map[int64]bool{}
	if syn != nil {
		for _, ids := range syn.Groups {
			var g articleGroup
			for _, id := range ids {
				a := byID[id]
				if a == nil || placed[id] {
					continue
				}
				placed[id] = true
				if g.Original == nil {
					g.Original = a
				} else {
					g.Copies = append(g.Copies, a)
				}
			}
			if g.Original != nil {
				groups = append(groups, g)
			}
		}
	}
	// root follows DuplicateOf to the earliest original within the story.
	root := func(a *news.Article) *news.Article {
		for range len(members) {
			up := byID[a.DuplicateOf]
			if up == nil || up == a {
				break
			}
			a = up
		}
		return a
	}
	index := map[int64]int{}
	for i, g := range groups {
		index[g.Original.ID] = i
	}
	for _, a := range members {
		if placed[a.ID] {
			continue
		}
		r := root(a)
		i, ok := index[r.ID]
		if !ok {
			groups = append(groups, articleGroup{Original: r})
			i = len(groups) - 1
			index[r.ID] = i
			placed[r.ID] = true
		}
		if r != a {
			groups[i].Copies = append(groups[i].Copies, a)
			placed[a.ID] = true
		}
	}
	for i := range groups {
		if groups[i].Copies == nil {
			groups[i].Copies = []*news.Article{}
		}
	}
	if groups == nil {
		groups = []articleGroup{}
	}
	return groups
}

// leadSummary is the summary shown without a synthesizer: the first
// sentence of the first report of up to n outlets, near-copies skipped.
func leadSummary(members []*news.Article, n int) []news.SummarySentence {
	var out []news.SummarySentence
	seen := map[string]bool{}
	for _, a := range members {
		if len(out) == n {
			break
		}
		if a.DuplicateOf != 0 || seen[a.Source] {
			continue
		}
		start, end := firstSentence(a.Body)
		if end <= start {
			continue
		}
		seen[a.Source] = true
		out = append(out, news.SummarySentence{
			Span:   news.Span{ArticleID: a.ID, Start: start, End: end, Text: a.Body[start:end]},
			Source: a.Source,
		})
	}
	return out
}

// firstSentence returns the byte span of body's first sentence, at most
// about 300 bytes, cut at a word boundary.
func firstSentence(body string) (start, end int) {
	const maxLen = 300
	start = len(body) - len(strings.TrimLeft(body, " \t\r\n"))
	para := body[start:]
	if i := strings.Index(para, "\n"); i >= 0 {
		para = para[:i]
	}
	end = len(para)
	for i := 0; i+1 < len(para); i++ {
		if (para[i] == '.' || para[i] == '!' || para[i] == '?') && para[i+1] == ' ' && i >= 20 {
			end = i + 1
			break
		}
	}
	if end > maxLen {
		end = maxLen
		for end > 0 && !utf8.RuneStart(para[end]) {
			end--
		}
		if sp := strings.LastIndexByte(para[:end], ' '); sp > maxLen/2 {
			end = sp
		}
	}
	return start, start + len(strings.TrimRight(para[:end], " "))
}

// pathID parses the {id} path parameter: a malformed ID is a bad request
// (400), not a missing resource.
func pathID(r *http.Request, what string) (int64, error) {
	return parseID(r.PathValue("id"), what)
}

// parseID parses a positive decimal resource ID.
func parseID(s, what string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, news.Errorf(news.EINVALID, "%s ID %q is not a positive whole number", what, s)
	}
	return id, nil
}

// nonNil makes JSON print [] rather than null for empty lists.
func nonNil[T any](s []*T) []*T {
	if s == nil {
		return []*T{}
	}
	return s
}

func nonNilValues[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
