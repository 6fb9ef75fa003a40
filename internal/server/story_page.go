package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// frontPage is the front page: current stories, newest or most active.
type frontPage struct {
	layout
	Sort string
	// CoveredBy echoes the covered_by filter.
	CoveredBy string
	Stories   []storyCard
	Total     int
	// NextURL is the link to the next page, "" on the last.
	NextURL string
}

// storyCard is a story as listed on the front page.
type storyCard struct {
	Story    *news.Story
	Headline string
	Summary  []summaryLine
	// Coverage is the bar of the taxonomy's main dimension, if any.
	Coverage []coverageBar
}

// summaryLine is a summary sentence with its source marks.
type summaryLine struct {
	Text  string
	Marks []mark
}

// frontSummaryLines is how many summary sentences a front-page card shows.
const frontSummaryLines = 2

func (s *Server) handleFrontPage(w http.ResponseWriter, r *http.Request) error {
	q, err := parseStoryQuery(r.URL.Query())
	if err != nil {
		return err
	}
	list, next, err := s.findStories(r.Context(), q)
	if err != nil {
		return err
	}
	tv, err := s.loadTaxonomy(r.Context())
	if err != nil {
		return err
	}
	data := frontPage{layout: layout{Title: "Current stories", Feed: "/feeds/stories.atom"}, Sort: q.sort, Total: list.Total, CoveredBy: q.CoveredBy}
	for _, st := range list.Stories {
		v, err := s.loadStoryView(r.Context(), st, true)
		if err != nil {
			return err
		}
		card := storyCard{Story: st, Headline: v.headline()}
		if dim := tv.defaultDimension(); dim != "" {
			card.Coverage = coverageBars(tv.taxonomy(), tv.coverageOf(v.members), dim)
		}
		m := newMarker(v.members, fmt.Sprintf("/stories/%d", st.ID))
		for i, sen := range v.summary() {
			if i == frontSummaryLines {
				break
			}
			card.Summary = append(card.Summary, summaryLine{Text: sen.Text, Marks: m.marks(append([]int64{sen.ArticleID}, sen.Supporting...)...)})
		}
		data.Stories = append(data.Stories, card)
	}
	if next != "" {
		v := r.URL.Query()
		v.Set("cursor", next)
		data.NextURL = "/?" + v.Encode()
	}
	lastMod := lastUpdate(list.Stories)
	if q.CoveredBy != "" {
		lastMod = time.Time{}
	}
	return s.renderCached(w, r, http.StatusOK, pageFront, data, "hl", tv.lastModified(lastMod))
}

// storyPage is one story with its synthesis.
type storyPage struct {
	layout
	Story    *news.Story
	Headline string
	// Synthesized is false when the summary is only the reports' first
	// sentences.
	Synthesized bool
	Summary     []summaryLine
	Conflicts   []conflictView
	// Developments are figures that changed over time ("toll rises to
	// 15"), in publish order: not a disagreement.
	Developments []conflictView
	// Each list shows its first few items, in the synthesis's order (the
	// most salient first), and folds the rest into a <details> element,
	// which works without JavaScript.
	Agreed       folded[claimView]
	SingleSource folded[claimView]
	Timeline     folded[timelineView]
	Entities     folded[entityView]
	Groups       []articleGroup
	// Coverage has a bar per taxonomy dimension.
	Coverage []coverageBar
	// Storyline is the storyline the story is part of, when it has other
	// stories too.
	Storyline *storylineLink
}

// How many items of each list a story page shows before folding the rest.
const (
	shownAgreed   = 5
	shownSingle   = 3
	shownTimeline = 8
	shownEntities = 12
)

// folded is a list split into the items shown and those folded away.
type folded[T any] struct {
	Shown, More []T
}

func fold[T any](items []T, n int) folded[T] {
	if len(items) <= n {
		return folded[T]{Shown: items}
	}
	return folded[T]{Shown: items[:n], More: items[n:]}
}

// Len is the number of items, shown and folded.
func (f folded[T]) Len() int { return len(f.Shown) + len(f.More) }

type claimView struct {
	Text  string
	Marks []mark
}

// sideText is what a page says of one side of a conflict: its value with
// its hedge ("at least 12: …"), and for a development over time, when the
// side was published.
func sideText(side news.ConflictSide, development bool) string {
	v := side.Value
	if side.Qualifier != "" {
		v = side.Qualifier + " " + v
	}
	if development && !side.Published.IsZero() {
		v = humanTime(side.Published) + ", " + v
	}
	return v + ": " + side.Text
}

type conflictView struct {
	What  string
	Sides []claimView // Text is "value: text"
}

type timelineView struct {
	When  string
	Date  string // machine-readable, for <time datetime>
	Kind  string
	Text  string
	Marks []mark
}

type entityView struct {
	Name    string
	Kind    string
	Count   int
	Sources []string
}

func (s *Server) handleStoryPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "story")
	if err != nil {
		return err
	}
	v, err := s.findStoryView(r.Context(), id, true)
	if err != nil {
		return err
	}
	if to := v.story.MergedInto; to != 0 {
		http.Redirect(w, r, fmt.Sprintf("/stories/%d", to), http.StatusMovedPermanently)
		return nil
	}
	tv, err := s.loadTaxonomy(r.Context())
	if err != nil {
		return err
	}
	link, err := s.storylineLink(r.Context(), v.story)
	if err != nil {
		return err
	}
	if notModified(w, r, "h", tv.withTaxonomy(v.version)+link.version()) {
		return nil
	}
	m := newMarker(v.members, "")
	data := storyPage{
		layout:      layout{Title: v.headline(), Feed: fmt.Sprintf("/feeds/stories/%d.atom", id)},
		Story:       v.story,
		Headline:    v.headline(),
		Synthesized: v.synthesis != nil && len(v.synthesis.Summary) > 0,
		Groups:      groupMembers(v.members, v.synthesis),
		Coverage:    coverageBars(tv.taxonomy(), tv.coverageOf(v.members), ""),
		Storyline:   link,
	}
	for _, sen := range v.summary() {
		data.Summary = append(data.Summary, summaryLine{Text: sen.Text, Marks: m.marks(append([]int64{sen.ArticleID}, sen.Supporting...)...)})
	}
	if syn := v.synthesis; syn != nil {
		// A claim the summary already says is not said again.
		said := map[string]bool{}
		for _, sen := range data.Summary {
			said[claimKey(sen.Text)] = true
		}
		data.Agreed = fold(claimViews(m, unsaid(syn.Comparison.Agreed, said)), shownAgreed)
		data.SingleSource = fold(claimViews(m, unsaid(syn.Comparison.SingleSource, said)), shownSingle)
		for _, c := range syn.Comparison.Conflicts {
			cv := conflictView{What: c.What}
			sides := c.Sides
			if c.Development {
				sides = slices.Clone(sides)
				slices.SortStableFunc(sides, func(a, b news.ConflictSide) int { return a.Published.Compare(b.Published) })
			}
			for _, side := range sides {
				cv.Sides = append(cv.Sides, claimView{Text: sideText(side, c.Development), Marks: m.marks(side.ArticleIDs...)})
			}
			if c.Development {
				data.Developments = append(data.Developments, cv)
			} else {
				data.Conflicts = append(data.Conflicts, cv)
			}
		}
		var tl []timelineView
		for _, e := range syn.Timeline {
			tl = append(tl, timelineView{
				When: timelineDate(e), Date: timelineDatetime(e),
				Kind: e.Kind, Text: e.Text, Marks: m.marks(e.ArticleIDs...),
			})
		}
		data.Timeline = fold(tl, shownTimeline)
		var ents []entityView
		for _, e := range syn.Entities {
			ents = append(ents, entityView{Name: e.Name, Kind: e.Kind, Count: e.Count, Sources: sortedSources(e.Sources)})
		}
		data.Entities = fold(ents, shownEntities)
	}
	return s.render(w, r, http.StatusOK, pageStory, data)
}

// claimKey is the text of a claim or sentence as compared for repeats:
// lower case, words only.
func claimKey(text string) string {
	return strings.Join(news.QueryTerms(text), " ")
}

// unsaid returns the claims whose text is not among said's.
func unsaid(claims []news.Claim, said map[string]bool) []news.Claim {
	var out []news.Claim
	for _, c := range claims {
		if !said[claimKey(c.Text)] {
			out = append(out, c)
		}
	}
	return out
}

func claimViews(m marker, claims []news.Claim) []claimView {
	var out []claimView
	for _, c := range claims {
		ids := c.ArticleIDs
		for _, sp := range c.Spans {
			ids = append(ids, sp.ArticleID)
		}
		out = append(out, claimView{Text: c.Text, Marks: m.marks(ids...)})
	}
	return out
}
