package synthesis

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/sentence"
)

// maxMentioned is the number of mentioned dates a timeline keeps.
const maxMentioned = 20

// timeline lists the members' publish times and the dates their text
// mentions, resolved against each article's publish date: "late on
// Saturday" in a report published on Sunday 1 November 2015 is 31 October
// 2015, "March 10" is the last 10 March not long after publication. Dates
// that need a reference are skipped in undated articles; absolute dates
// ("1 November 2015") are kept in any article.
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
		for _, sp := range sentence.Split(a.Body) {
			for _, m := range mentions(sp.Text, a.Published) {
				k := key{m.date, m.gran}
				e := mentioned[k]
				if e == nil {
					e = &news.TimelineEntry{Date: m.date, Granularity: m.gran, Kind: "mentioned", Text: sp.Text}
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
	date time.Time
	gran string // "day", "month" or "year"
}

var (
	months   = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
	weekdays = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
	// "1 November 2015", "November 1, 2015", "Nov. 1", "1 Nov"
	dayMonthRE = regexp.MustCompile(`(?i)\b(?:(\d{1,2})(?:st|nd|rd|th)? (` + months + `)\.?|(` + months + `)\.? (\d{1,2})(?:st|nd|rd|th)?\b)(?:,? (\d{4}))?`)
	// "on Saturday", "late on Saturday", "Saturday night"
	weekdayRE = regexp.MustCompile(`(?i)\b(?:on|late on|early on|since|last|by) (` + weekdays + `)\b|\b(` + weekdays + `) (?:morning|afternoon|evening|night)\b`)
	// "in May", "in May 2015"
	monthRE    = regexp.MustCompile(`(?i)\b(?:in|since|until|by|early|late|mid-?) (` + months + `)(?: (\d{4}))?\b`)
	relativeRE = regexp.MustCompile(`(?i)\b(yesterday|today|tonight|this morning|last night)\b`)
)

// mentions returns the dates sentence s mentions, resolved against pub
// (zero when unknown).
func mentions(s string, pub time.Time) []mention {
	var out []mention
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	var ref time.Time
	if !pub.IsZero() {
		ref = day(pub)
	}
	taken := map[int]bool{} // match starts already read as a day
	for _, m := range dayMonthRE.FindAllStringSubmatchIndex(s, -1) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		dStr, mStr := g(1), g(2)
		if dStr == "" {
			dStr, mStr = g(4), g(3)
		}
		d, _ := strconv.Atoi(dStr)
		mon := monthNumber(mStr)
		if mon == 0 || d < 1 || d > 31 {
			continue
		}
		taken[m[0]] = true
		if y := g(5); y != "" {
			year, _ := strconv.Atoi(y)
			if t := time.Date(year, mon, d, 0, 0, 0, 0, time.UTC); t.Day() == d {
				out = append(out, mention{t, "day"})
			}
			continue
		}
		if ref.IsZero() {
			continue
		}
		t := time.Date(ref.Year(), mon, d, 0, 0, 0, 0, time.UTC)
		if t.After(ref.AddDate(0, 0, 60)) { // "December 30" in a January report
			t = t.AddDate(-1, 0, 0)
		}
		if t.Day() == d {
			out = append(out, mention{t, "day"})
		}
	}
	if ref.IsZero() {
		return out
	}
	for _, m := range weekdayRE.FindAllStringSubmatch(s, -1) {
		name := m[1]
		if name == "" {
			name = m[2]
		}
		wd := weekdayNumber(name)
		back := (int(ref.Weekday()) - wd + 7) % 7 // the last such day, on or before publication
		out = append(out, mention{ref.AddDate(0, 0, -back), "day"})
	}
	for _, m := range relativeRE.FindAllStringSubmatch(s, -1) {
		switch strings.ToLower(m[1]) {
		case "yesterday", "last night":
			out = append(out, mention{ref.AddDate(0, 0, -1), "day"})
		default:
			out = append(out, mention{ref, "day"})
		}
	}
	for _, m := range monthRE.FindAllStringSubmatchIndex(s, -1) {
		if taken[m[2]] {
			continue
		}
		mon := monthNumber(s[m[2]:m[3]])
		year := ref.Year()
		if m[4] >= 0 {
			year, _ = strconv.Atoi(s[m[4]:m[5]])
		} else if mon > ref.Month()+2 {
			year-- // "in December" in a March report; "in December" in November is ahead
		}
		if mon != 0 && !isDayFollowing(s, m[3]) {
			out = append(out, mention{time.Date(year, mon, 1, 0, 0, 0, 0, time.UTC), "month"})
		}
	}
	return out
}

// isDayFollowing tells whether a day number follows a month name at i
// ("May 5"), which dayMonthRE reads instead.
func isDayFollowing(s string, i int) bool {
	rest := strings.TrimLeft(s[i:], ". ")
	return len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9' && !strings.HasPrefix(rest, "20") && !strings.HasPrefix(rest, "19")
}

func monthNumber(s string) time.Month {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if s == name || len(s) >= 3 && strings.HasPrefix(name, s) {
			return m
		}
	}
	return 0
}

func weekdayNumber(s string) int {
	s = strings.ToLower(s)
	for d := time.Sunday; d <= time.Saturday; d++ {
		if strings.ToLower(d.String()) == s {
			return int(d)
		}
	}
	return 0
}
