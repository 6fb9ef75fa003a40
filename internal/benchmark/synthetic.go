package benchmark

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/ingest"
)

// SyntheticDay generates a deterministic simulated news day of n English
// articles, about four per event, from 60 outlets, in publish order, and
// calls yield with each. Events have their own people, place, numbers and
// rare words over a shared news vocabulary; an event's reports arrive
// within an hour or so of each other, interleaved with other events, and
// one in ten is a syndicated near-copy of the one before. The articles
// are about 2 KB. Everything about event e is drawn from a generator
// seeded with (seed, e), so nothing of the day is kept in memory.
func SyntheticDay(ctx context.Context, n int, seed uint64, yield func(ingest.Item) error) error {
	r := rand.New(rand.NewPCG(seed, 7))
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	nEvents := max(1, n/4)
	var prev ingest.Item
	prevOutlet := 0
	for i := range n {
		if i%1000 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		// Events start in order through the day; an article reports one
		// of the events started in the last few dozen.
		e := max(0, min(nEvents-1, i/4-r.IntN(40)))
		at := day.Add(time.Duration(float64(i) / float64(n) * float64(24*time.Hour)))
		var it ingest.Item
		outlet := r.IntN(60)
		if i > 0 && r.IntN(10) == 0 {
			// A syndicated copy at another outlet, lightly edited.
			it = prev
			it.Text = strings.Replace(it.Text, " the ", " a ", 1) + "\n\nThe outlet's own reporters contributed."
			outlet = (prevOutlet + 1 + r.IntN(59)) % 60
		} else {
			it = syntheticArticle(seed, e, r)
		}
		prevOutlet = outlet
		it.Origin = fmt.Sprintf("synthetic:%d", i+1)
		it.Format = ingest.FormatJSONL
		it.Source = fmt.Sprintf("Outlet %d", outlet)
		it.URL = fmt.Sprintf("https://outlet%d.example/news/%d", outlet, i+1)
		it.Date = at.Format(time.RFC3339)
		prev = it
		if err := yield(it); err != nil {
			return err
		}
	}
	return nil
}

var (
	synSyllables = strings.Fields("ka lo mi ra tu ne so vi da pe gu ha zo li be fa ti mo ru se")
	synVerbs     = strings.Fields("said reported confirmed announced warned added told noted explained described")
	synNouns     = strings.Fields("officials police residents authorities witnesses spokesman ministry council firefighters doctors investigators mayor governor agency company union court hospital school army")
	synTopics    = [][]string{
		strings.Fields("fire blaze flames smoke firefighters evacuated burned warehouse"),
		strings.Fields("flood water rain river bridge road closed rescue"),
		strings.Fields("election vote ballot candidate polls campaign turnout party"),
		strings.Fields("shooting gunman police suspect wounded victims arrested weapon"),
		strings.Fields("earthquake magnitude quake tremor buildings collapsed aftershock epicentre"),
		strings.Fields("strike workers union wages talks walkout contract factory"),
		strings.Fields("storm wind hurricane power outage trees damage coast"),
		strings.Fields("trial court judge jury verdict sentence prosecutor defence"),
		strings.Fields("crash plane train bus passengers injured collision derailed"),
		strings.Fields("market shares stocks prices investors bank rates inflation"),
	}
)

// syntheticArticle writes event e's article: its title and about 2 KB of
// text, with the event's facts drawn from (seed, e) and the wording from r.
func syntheticArticle(seed uint64, e int, r *rand.Rand) ingest.Item {
	er := rand.New(rand.NewPCG(seed, uint64(e)+1<<32))
	word := func(g *rand.Rand, parts int) string {
		var b strings.Builder
		for range parts {
			b.WriteString(synSyllables[g.IntN(len(synSyllables))])
		}
		return b.String()
	}
	name := func(g *rand.Rand) string {
		w := word(g, 2+g.IntN(2))
		return strings.ToUpper(w[:1]) + w[1:]
	}
	topic := synTopics[er.IntN(len(synTopics))]
	place := name(er) + " " + []string{"City", "Valley", "Harbour", "County", "Springs"}[er.IntN(5)]
	people := []string{name(er) + " " + name(er), name(er) + " " + name(er)}
	nums := []int{2 + er.IntN(300), 10 + er.IntN(5000), 1 + er.IntN(60)}
	rare := make([]string, 8)
	for j := range rare {
		rare[j] = word(er, 4)
	}
	pick := func(ws []string) string { return ws[r.IntN(len(ws))] }
	var b strings.Builder
	for p := range 6 {
		if p > 0 {
			b.WriteString("\n\n")
		}
		for range 3 {
			switch r.IntN(4) {
			case 0:
				fmt.Fprintf(&b, "%s %s that %d people were affected by the %s in %s on Monday, after the %s near the %s. ",
					strings.ToUpper(pick(synNouns)[:1])+pick(synNouns)[1:], pick(synVerbs), nums[0], topic[0], place, pick(topic), rare[r.IntN(len(rare))])
			case 1:
				fmt.Fprintf(&b, "%s, who leads the %s of %s, %s the %s had reached %d and that the %s would continue for %d hours. ",
					people[r.IntN(2)], pick(synNouns), place, pick(synVerbs), pick(topic), nums[1], pick(topic), nums[2])
			case 2:
				fmt.Fprintf(&b, "The %s and the %s were seen by %s across %s, where the %s %s it was the worst %s in years. ",
					rare[r.IntN(len(rare))], pick(topic), pick(synNouns), place, pick(synNouns), pick(synVerbs), topic[0])
			default:
				fmt.Fprintf(&b, "According to %s, the %s began early in the day and %s from the %s were still there by the evening. ",
					people[r.IntN(2)], pick(topic), pick(synNouns), rare[r.IntN(len(rare))])
			}
		}
	}
	title := fmt.Sprintf("%s in %s: %d affected, %s says", strings.ToUpper(topic[0][:1])+topic[0][1:], place, nums[0], people[0])
	return ingest.Item{Title: title, Text: b.String()}
}
