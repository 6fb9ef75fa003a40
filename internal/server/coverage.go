package server

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/story/coverage"
	"github.com/storyline-news/storyline/internal/taxonomy"
)

// taxonomyView is the outlet taxonomy as one request sees it.
type taxonomyView struct {
	m *taxonomy.Matcher
	// version changes with the taxonomy; it is part of the ETag of every
	// representation that shows coverage.
	version string
}

// loadTaxonomy reads the stored taxonomy.
func (s *Server) loadTaxonomy(ctx context.Context) (*taxonomyView, error) {
	t, err := s.store.FindTaxonomy(ctx)
	if err != nil {
		return nil, err
	}
	buf, _ := json.Marshal(t)
	sum := sha256.Sum256(buf)
	return &taxonomyView{m: taxonomy.NewMatcher(t), version: hex.EncodeToString(sum[:6])}, nil
}

func (tv *taxonomyView) taxonomy() *news.Taxonomy { return tv.m.Taxonomy() }

// withTaxonomy returns a story version that also names the taxonomy's:
// "" (not cacheable) stays "".
func (tv *taxonomyView) withTaxonomy(version string) string {
	if version == "" {
		return ""
	}
	return version + "-" + tv.version
}

// lastModified returns t as the Last-Modified time of a representation
// that shows coverage, or the zero time (none) when a taxonomy is stored:
// the taxonomy keeps no time of its own changes, so only the ETag, which
// names its version, can validate such a representation then.
func (tv *taxonomyView) lastModified(t time.Time) time.Time {
	if len(tv.taxonomy().Dimensions) > 0 {
		return time.Time{}
	}
	return t
}

// coverageOf returns a story's coverage, never nil.
func (tv *taxonomyView) coverageOf(members []*news.Article) news.Coverage {
	return coverage.Of(tv.m, members)
}

// defaultDimension is the dimension listings judge coverage on when none
// is asked for: the first ordinal one, else the first.
func (tv *taxonomyView) defaultDimension() string {
	t := tv.taxonomy()
	for _, d := range t.Dimensions {
		if d.Ordinal() {
			return d.Name
		}
	}
	if len(t.Dimensions) > 0 {
		return t.Dimensions[0].Name
	}
	return ""
}

// coverageBar is one dimension's coverage of a story as pages draw it: a
// bar of segments, drawn for sighted readers only, and the same facts as
// text beside it.
type coverageBar struct {
	Dimension    string
	Classified   int
	Segments     []coverageSegment
	Missing      []string
	Unclassified int
}

// coverageSegment is one value's part of a coverage bar.
type coverageSegment struct {
	Dimension string
	Value     string
	Count     int
	Sources   []string
	// Class sets the segment's colour (its place on an ordinal scale, or
	// a palette entry) and Grow its width in twentieths.
	Class string
	Grow  int
}

// barSteps is the resolution of coverage bars: segments grow in
// twentieths of the bar.
const barSteps = 20

// coverageBars draws the coverage of each dimension (only dim, if set).
func coverageBars(t *news.Taxonomy, cov news.Coverage, dim string) []coverageBar {
	var out []coverageBar
	for _, d := range t.Dimensions {
		c := cov[d.Name]
		if c == nil || (dim != "" && d.Name != dim) {
			continue
		}
		bar := coverageBar{Dimension: d.Name, Classified: c.Classified, Missing: c.Missing, Unclassified: len(c.Unclassified)}
		values := t.Values(d.Name)
		for _, vc := range c.Values {
			seg := coverageSegment{Dimension: d.Name, Value: vc.Value, Count: vc.Count, Sources: vc.Sources, Grow: max(1, int(math.Round(vc.Share*barSteps)))}
			i := indexOf(values, vc.Value)
			if d.Ordinal() && len(values) > 1 {
				seg.Class = fmt.Sprintf("o%d", int(math.Round(float64(i)*4/float64(len(values)-1))))
			} else {
				seg.Class = fmt.Sprintf("n%d", i%8)
			}
			bar.Segments = append(bar.Segments, seg)
		}
		out = append(out, bar)
	}
	return out
}

func indexOf(values []string, v string) int {
	for i, w := range values {
		if w == v {
			return i
		}
	}
	return 0
}

// coveredByFilter resolves a "dim:value" story filter into the stored
// sources with that value.
func (s *Server) coveredByFilter(ctx context.Context, spec string) ([]string, error) {
	tv, err := s.loadTaxonomy(ctx)
	if err != nil {
		return nil, err
	}
	dim, value, err := coverage.ParseCoveredBy(tv.taxonomy(), spec)
	if err != nil {
		return nil, err
	}
	srcs, err := s.store.FindSources(ctx)
	if err != nil {
		return nil, err
	}
	return coverage.SourcesWith(tv.m, srcs, dim, value), nil
}

// Blindspot listing bounds.
const (
	defaultBlindspotScan = 500 // most recent stories examined
	maxBlindspotScan     = 5000
)

// blindspotQuery is a parsed blindspot listing request.
type blindspotQuery struct {
	Dim        string
	Thresholds coverage.Thresholds
	Scan       int
}

func parseBlindspotQuery(v url.Values, tv *taxonomyView) (blindspotQuery, error) {
	q := blindspotQuery{Dim: cmp.Or(strings.ToLower(v.Get("dim")), tv.defaultDimension()), Thresholds: coverage.DefaultThresholds(), Scan: defaultBlindspotScan}
	if q.Dim == "" {
		return q, news.Errorf(news.EINVALID, "no outlet taxonomy: import one with storyline sources import FILE.csv")
	}
	if _, ok := tv.taxonomy().Dimension(q.Dim); !ok {
		return q, news.Errorf(news.EINVALID, "no dimension %q in the outlet taxonomy", q.Dim)
	}
	if s := v.Get("min_sources"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1000 {
			return q, news.Errorf(news.EINVALID, "min_sources must be a number from 1 to 1000")
		}
		q.Thresholds.MinSources = n
	}
	if s := v.Get("min_share"); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || !(f > 0 && f <= 1) {
			return q, news.Errorf(news.EINVALID, "min_share must be a number above 0 and at most 1")
		}
		q.Thresholds.MinShare = f
	}
	if s := v.Get("scan"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxBlindspotScan {
			return q, news.Errorf(news.EINVALID, "scan must be a number from 1 to %d", maxBlindspotScan)
		}
		q.Scan = n
	}
	return q, nil
}

// blindspotList is the response of GET /api/v1/blindspots.
type blindspotList struct {
	Dimension  string                    `json:"dimension"`
	MinSources int                       `json:"min_sources"`
	MinShare   float64                   `json:"min_share"`
	Examined   int                       `json:"examined"`
	Blindspots []coverage.StoryBlindspot `json:"blindspots"`
}

func (s *Server) findBlindspots(ctx context.Context, v url.Values) (blindspotList, *taxonomyView, error) {
	tv, err := s.loadTaxonomy(ctx)
	if err != nil {
		return blindspotList{}, nil, err
	}
	q, err := parseBlindspotQuery(v, tv)
	if err != nil {
		return blindspotList{}, nil, err
	}
	found, examined, err := coverage.FindBlindspots(ctx, s.store, tv.m, q.Dim, q.Thresholds, news.StoryFilter{Limit: q.Scan})
	if err != nil {
		return blindspotList{}, nil, err
	}
	return blindspotList{Dimension: q.Dim, MinSources: q.Thresholds.MinSources, MinShare: q.Thresholds.MinShare,
		Examined: examined, Blindspots: found}, tv, nil
}

func (s *Server) handleAPIBlindspots(w http.ResponseWriter, r *http.Request) error {
	list, _, err := s.findBlindspots(r.Context(), r.URL.Query())
	if err != nil {
		return err
	}
	// Blindspots change with the taxonomy as well as the stories: only
	// the content's ETag validates them.
	writeJSONCached(w, r, "bs", list, time.Time{})
	return nil
}

// blindspotsPage lists the stories covered from one side.
type blindspotsPage struct {
	layout
	Dimension  string
	Dimensions []string
	MinSources int
	MinShare   int // percent
	Examined   int
	Stories    []blindspotCard
}

type blindspotCard struct {
	Story    *news.Story
	Headline string
	Side     string
	Count    int // sources on the side
	Sources  int
	Missing  []string
	Bar      []coverageBar
}

func (s *Server) handleBlindspotsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	list, tv, err := s.findBlindspots(ctx, r.URL.Query())
	if err != nil {
		return err
	}
	// The feed follows the same listing: dimension and thresholds.
	fq := url.Values{"dim": {list.Dimension}}
	for _, k := range []string{"min_sources", "min_share", "scan"} {
		if v := r.URL.Query().Get(k); v != "" {
			fq.Set(k, v)
		}
	}
	feed := "/feeds/blindspots.atom?" + fq.Encode()
	data := blindspotsPage{
		layout:    layout{Title: "Blindspots by " + list.Dimension, Feed: feed},
		Dimension: list.Dimension, MinSources: list.MinSources, MinShare: int(math.Round(list.MinShare * 100)), Examined: list.Examined,
	}
	for _, d := range tv.taxonomy().Dimensions {
		data.Dimensions = append(data.Dimensions, d.Name)
	}
	for _, b := range list.Blindspots {
		members, _, err := s.store.FindArticles(ctx, news.ArticleFilter{StoryID: &b.Story.ID})
		if err != nil {
			return err
		}
		data.Stories = append(data.Stories, blindspotCard{
			Story: b.Story, Headline: b.Story.Headline, Side: strings.Join(b.Side, ", "),
			Count: len(b.SideSources), Sources: b.Sources, Missing: b.Missing,
			Bar: coverageBars(tv.taxonomy(), tv.coverageOf(members), list.Dimension),
		})
	}
	return s.renderCached(w, r, http.StatusOK, pageBlindspots, data, "bsh", time.Time{})
}

// handleBlindspotsFeed serves the blindspots as an Atom feed.
func (s *Server) handleBlindspotsFeed(w http.ResponseWriter, r *http.Request) error {
	list, _, err := s.findBlindspots(r.Context(), r.URL.Query())
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	page := base + "/blindspots?dim=" + url.QueryEscape(list.Dimension)
	f := &atomFeed{
		Title: "Storyline: blindspots by " + list.Dimension,
		ID:    page,
		Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: page}},
	}
	for _, b := range list.Blindspots {
		st := b.Story
		link := fmt.Sprintf("%s/stories/%d", base, st.ID)
		f.Entries = append(f.Entries, atomEntry{
			Title:     st.Headline,
			ID:        link + "#blindspot-" + list.Dimension,
			Updated:   atomTime(cmp.Or(st.LastSeen, st.UpdatedAt)),
			Published: atomTime(cmp.Or(st.FirstSeen, st.CreatedAt)),
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: link}},
			Summary:   blindspotText(b),
		})
		if len(f.Entries) == feedSize {
			break
		}
	}
	return writeFeed(w, r, base, f, time.Time{})
}

// blindspotText says a blindspot in a sentence.
func blindspotText(b coverage.StoryBlindspot) string {
	text := fmt.Sprintf("%d of %d classified independent sources are %s on %s (%s).",
		len(b.SideSources), b.Sources, strings.Join(b.Side, " or "), b.Dimension, strings.Join(b.SideSources, ", "))
	if len(b.Missing) > 0 {
		text += " None is " + strings.Join(b.Missing, ", ") + "."
	}
	return text
}
