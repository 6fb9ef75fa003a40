package synthesis

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/text/sentence"
	"github.com/storyline-news/storyline/internal/text/timex"
)

// maxMentioned is the number of mentioned dates a timeline keeps.
const maxMentioned = 20

// timeline lists the members' publish times and the dates their text
// mentions, resolved against each article's publish date by the tense
// and words around them (package timex): "late on Saturday" in a report
// published on Sunday 1 November 2015 is 31 October 2015, "should face a
// judge on Monday" in a report of Friday 6 January 2017 is 9 January,
// "last week" is a week. Dates that need a reference are skipped in
// undated articles; absolute dates ("1 November 2015") are kept in any
// article.
func timeline(arts []*news.Article) []news.TimelineEntry {
	var out []news.TimelineEntry
	for _, a := range arts {
		if !a.Published.IsZero() {
			out = append(out, news.TimelineEntry{
				Date: a.Published, Granularity: "time", Kind: "published",
				Text: a.Title, ArticleIDs: []int64{a.ID}, Sources: []string{a.Source},
			})
		}
	}
	type key struct {
		day  time.Time
		gran string
	}
	mentioned := map[key]*news.TimelineEntry{}
	var order []key
	for _, a := range arts {
		sents := sentence.Split(a.Body)
		for _, m := range oneBySentence(mentions(a.Body, a.Published), sents) {
			k := key{m.date, m.gran}
			e := mentioned[k]
			if e == nil {
				e = &news.TimelineEntry{Date: m.date, Granularity: m.gran, Kind: "mentioned", Text: sentenceAt(a.Body, sents, m.start)}
				mentioned[k] = e
				order = append(order, k)
			}
			if !slices.Contains(e.ArticleIDs, a.ID) {
				e.ArticleIDs = append(e.ArticleIDs, a.ID)
			}
			if !slices.Contains(e.Sources, a.Source) {
				e.Sources = append(e.Sources, a.Source)
			}
		}
	}
	// Keep the dates most articles mention.
	slices.SortStableFunc(order, func(x, y key) int {
		return cmp.Compare(len(mentioned[y].ArticleIDs), len(mentioned[x].ArticleIDs))
	})
	if len(order) > maxMentioned {
		order = order[:maxMentioned]
	}
	for _, k := range order {
		out = append(out, *mentioned[k])
	}
	slices.SortStableFunc(out, func(x, y news.TimelineEntry) int {
		return cmp.Or(x.Date.Compare(y.Date), strings.Compare(x.Kind, y.Kind))
	})
	return out
}

type mention struct {
	date  time.Time
	gran  string // "day", "week" or "month"
	start int    // byte offset of the expression
}

// mentions returns the dates text mentions, resolved by [timex.Resolve]
// against pub (zero when unknown, which keeps only dates with a written
// year). Years and decades are left out: a timeline is a chronology of
// days, weeks and months.
func mentions(text string, pub time.Time) []mention {
	var out []mention
	for _, sp := range timex.Find(text) {
		v, ok := timex.Resolve(text, sp.Start, sp.End, pub)
		if !ok || v.Gran == timex.Year || v.Gran == timex.Decade {
			continue
		}
		out = append(out, mention{v.Start, v.Gran.String(), sp.Start})
	}
	return out
}

// oneBySentence keeps, of the mentions in one sentence, the most specific
// (a day before a week before a month; the first of equals), so that a
// sentence such as "Investigators said on Monday that the fire last week
// was set" is placed once, on the Monday, not once per date it names.
func oneBySentence(ms []mention, sents []news.Span) []mention {
	rank := map[string]int{"day": 0, "week": 1, "month": 2}
	best := map[int]int{} // sentence index -> index in ms
	var order []int
	for i, m := range ms {
		si := slices.IndexFunc(sents, func(s news.Span) bool { return m.start >= s.Start && m.start < s.End })
		j, ok := best[si]
		switch {
		case !ok:
			best[si] = i
			order = append(order, si)
		case rank[m.gran] < rank[ms[j].gran]:
			best[si] = i
		}
	}
	out := make([]mention, 0, len(order))
	for _, si := range order {
		out = append(out, ms[best[si]])
	}
	return out
}

// sentenceAt returns the sentence of body holding byte offset i.
func sentenceAt(body string, sents []news.Span, i int) string {
	for _, s := range sents {
		if i >= s.Start && i < s.End {
			return s.Text
		}
	}
	return strings.TrimSpace(body)
}
