package server

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/text/dates"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Page names: one template file and one data struct each.
const (
	pageFront       = "front"
	pageStory       = "story"
	pageArticle     = "article"
	pageSearch      = "search"
	pageSource      = "source"
	pageSourceIndex = "sources"
	pageBlindspots  = "blindspots"
	pageError       = "error"
	pageStoryline   = "storyline"
)

// templates holds every page, each parsed once at startup with the layout.
type templates struct {
	pages map[string]*template.Template
}

var templateFuncs = template.FuncMap{
	"datetime":  datetime,
	"human":     humanTime,
	"day":       func(t time.Time) string { return t.UTC().Format("2 Jan 2006") },
	"span":      timeSpan,
	"join":      strings.Join,
	"plural":    plural,
	"highlight": highlight,
	"lang":      htmlLang,
	"storyURL":  func(id int64) string { return fmt.Sprintf("/stories/%d", id) },
	"articleURL": func(id int64) string {
		return fmt.Sprintf("/articles/%d", id)
	},
	"sourceURL": func(name string) string { return "/sources/" + url.PathEscape(name) },
	"whenText":  timelineDate,
	"percent":   func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
}

func mustParseTemplates() *templates {
	base := template.Must(template.New("layout.html").Funcs(templateFuncs).ParseFS(templateFS, "templates/layout.html"))
	t := &templates{pages: map[string]*template.Template{}}
	for _, name := range []string{pageFront, pageStory, pageArticle, pageSearch, pageSource, pageSourceIndex, pageBlindspots, pageError, pageStoryline} {
		t.pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html"))
	}
	return t
}

// layout is what every page's frame needs. Each page struct embeds it.
type layout struct {
	Title string
	// Query fills the search box.
	Query string
	// Feed is the Atom feed to announce in <head>, if any.
	Feed string
}

// render executes a page into a buffer and writes it with status, so a
// template error never leaves half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	return s.renderCached(w, r, status, name, data, "", time.Time{})
}

// renderCached is render with validators for a 200 page of a listing:
// an ETag (kind and a hash of the page) and, when known, Last-Modified;
// a client's current copy gets 304. kind "" sends none.
func (s *Server) renderCached(w http.ResponseWriter, r *http.Request, status int, name string, data any, kind string, lastMod time.Time) error {
	var buf bytes.Buffer
	if err := s.tpl.pages[name].ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return fmt.Errorf("server: render %s: %w", name, err)
	}
	if kind != "" && status == http.StatusOK && conditional(w, r, kind, buf.Bytes(), lastMod) {
		return nil
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return nil
}

// errorPage shows an error to a reader.
type errorPage struct {
	layout
	Status  int
	Message string
}

// page adapts a page handler that returns an error: the error becomes an
// error page with the status statusOf gives.
func (s *Server) page(h func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		status, _, msg := s.describeError(r, err)
		data := errorPage{layout: layout{Title: http.StatusText(status)}, Status: status, Message: msg}
		if err := s.render(w, r, status, pageError, data); err != nil {
			s.log.Error("render error page", "err", err)
			http.Error(w, msg, status)
		}
	})
}

func (s *Server) handleNotFoundPage(w http.ResponseWriter, r *http.Request) error {
	return news.Errorf(news.ENOTFOUND, "There is no page at %s.", r.URL.Path)
}

func handleStatic(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.FileServerFS(staticFS).ServeHTTP(w, r)
}

// mark is a source mark such as [Reuters], linking to the article.
type mark struct {
	Source string
	Href   string
}

// marker makes source marks for article IDs of one story, linking to the
// articles' anchors on the story page at prefix ("" for the page itself).
type marker struct {
	byID   map[int64]*news.Article
	prefix string
}

func newMarker(members []*news.Article, prefix string) marker {
	m := marker{byID: make(map[int64]*news.Article, len(members)), prefix: prefix}
	for _, a := range members {
		m.byID[a.ID] = a
	}
	return m
}

// marks returns one mark per distinct outlet among ids, in order.
func (m marker) marks(ids ...int64) []mark {
	var out []mark
	seen := map[string]bool{}
	for _, id := range ids {
		a := m.byID[id]
		if a == nil || seen[a.Source] {
			continue
		}
		seen[a.Source] = true
		out = append(out, mark{Source: a.Source, Href: fmt.Sprintf("%s#article-%d", m.prefix, id)})
	}
	return out
}

// highlight HTML-escapes a search snippet and only then turns the store's
// MarkStart/MarkEnd markers into <mark> elements, balanced even when the
// text itself holds stray markers.
func highlight(snippet string) template.HTML {
	esc := html.EscapeString(snippet)
	var b strings.Builder
	b.Grow(len(esc) + 32)
	open := false
	// The markers are single ASCII control bytes, so they never occur
	// inside a multi-byte UTF-8 sequence.
	for i := 0; i < len(esc); i++ {
		switch esc[i] {
		case news.MarkStart[0]:
			if !open {
				b.WriteString("<mark>")
				open = true
			}
		case news.MarkEnd[0]:
			if open {
				b.WriteString("</mark>")
				open = false
			}
		default:
			b.WriteByte(esc[i])
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String())
}

// plainSnippet removes the markers.
func plainSnippet(snippet string) string {
	return strings.NewReplacer(news.MarkStart, "", news.MarkEnd, "").Replace(snippet)
}

func humanTime(t time.Time) string {
	if t.IsZero() {
		return "unknown time"
	}
	if dates.DateOnly(t) { // a publish date without a time of day
		return t.UTC().Format("2 Jan 2006")
	}
	return t.UTC().Format("2 Jan 2006 15:04 UTC")
}

// datetime is the machine-readable form of t for <time datetime>: a date
// alone when only a date is known.
func datetime(t time.Time) string {
	if dates.DateOnly(t) {
		return t.UTC().Format(time.DateOnly)
	}
	return t.UTC().Format(time.RFC3339)
}

// timeSpan describes first..last for people.
func timeSpan(first, last time.Time) string {
	switch {
	case first.IsZero():
		return "unknown time"
	case last.Sub(first) < time.Minute:
		return humanTime(first)
	case dates.DateOnly(first) || dates.DateOnly(last):
		if first.UTC().Format(time.DateOnly) == last.UTC().Format(time.DateOnly) {
			return first.UTC().Format("2 Jan 2006")
		}
		return humanTime(first) + " – " + humanTime(last)
	case first.UTC().Format(time.DateOnly) == last.UTC().Format(time.DateOnly):
		return first.UTC().Format("2 Jan 2006, 15:04") + "–" + last.UTC().Format("15:04 UTC")
	default:
		return first.UTC().Format("2 Jan 2006 15:04") + " – " + humanTime(last)
	}
}

// timelineDatetime is the machine-readable form of a timeline entry for
// <time datetime>: "2017-01", "2017-W02", "2017-01-09" or a full time.
func timelineDatetime(e news.TimelineEntry) string {
	d := e.Date.UTC()
	switch e.Granularity {
	case "year":
		return d.Format("2006")
	case "month":
		return d.Format("2006-01")
	case "week":
		y, w := d.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case "day":
		return d.Format(time.DateOnly)
	}
	return datetime(d)
}

func timelineDate(e news.TimelineEntry) string {
	d := e.Date.UTC()
	switch e.Granularity {
	case "year":
		return d.Format("2006")
	case "month":
		return d.Format("January 2006")
	case "day":
		return d.Format("2 Jan 2006")
	case "week":
		return "week of " + d.Format("2 Jan 2006")
	default:
		return humanTime(d)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// htmlLang returns an article language for the lang attribute, "" when
// unknown.
func htmlLang(code string) string {
	if code == "" || code == "und" {
		return ""
	}
	return code
}

// paragraphs splits an article body into its paragraphs.
func paragraphs(body string) []string {
	var out []string
	for p := range strings.SplitSeq(body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// sortedSources lists an entity's outlets, most mentions first.
func sortedSources(m map[string]int) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	return names
}
