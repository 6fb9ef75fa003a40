package storyline

import (
	"fmt"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// maxSynthesisEvents is the number of events a synthesis names; the
// first and the latest are always among them.
const maxSynthesisEvents = 5

// Synthesis is one paragraph on a whole storyline: how many events over
// what span, and its events in time order by their headlines, the first
// and the latest always named. Members must be in time order.
func Synthesis(l *news.Storyline) string {
	if l == nil || len(l.Members) == 0 {
		return ""
	}
	ms := l.Members
	var b strings.Builder
	sources := map[string]bool{}
	for _, m := range ms {
		for _, s := range m.SourceNames {
			sources[s] = true
		}
	}
	events := plural(len(ms), "event")
	fmt.Fprintf(&b, "%s, reported in %s by %s", capitalise(events), plural(l.Articles, "article"), plural(len(sources), "source"))
	if span := spanText(l.FirstSeen, l.LastSeen); span != "" {
		b.WriteString(" " + span)
	}
	b.WriteString(". ")
	if len(ms) == 1 {
		fmt.Fprintf(&b, "It is one event so far: %s.", quote(ms[0].Headline))
		return b.String()
	}
	shown := ms
	skipped := 0
	if len(ms) > maxSynthesisEvents {
		shown = append(append([]*news.Story{}, ms[:maxSynthesisEvents-1]...), ms[len(ms)-1])
		skipped = len(ms) - maxSynthesisEvents
	}
	for i, m := range shown {
		when := dateText(m.FirstSeen)
		switch {
		case i == 0:
			fmt.Fprintf(&b, "It began%s with %s", onDate(when), quote(m.Headline))
		case i == len(shown)-1:
			if skipped > 0 {
				fmt.Fprintf(&b, "; after %d more %s, the latest%s: %s.", skipped, pluralWord(skipped, "event"), onDate(when), quote(m.Headline))
			} else {
				fmt.Fprintf(&b, "; the latest%s: %s.", onDate(when), quote(m.Headline))
			}
		default:
			fmt.Fprintf(&b, "; then%s, %s", onDate(when), quote(m.Headline))
		}
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func pluralWord(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func quote(h string) string {
	h = strings.TrimSpace(h)
	if h == "" {
		return "an untitled story"
	}
	return "“" + h + "”"
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 January 2006")
}

func onDate(d string) string {
	if d == "" {
		return ""
	}
	return " on " + d
}

func spanText(first, last time.Time) string {
	a, b := dateText(first), dateText(last)
	switch {
	case a == "":
		return ""
	case a == b:
		return "on " + a
	}
	return "from " + a + " to " + b
}
