package synthesis

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/text/quantity"
)

// statement is one quantity as one independent source states it.
type statement struct {
	m      quantity.Mention
	source string
	art    *news.Article
	text   string
	lead   bool // in the title or the first two sentences
}

// leadSentences is how many sentences of a body, after its title, make
// its lead.
const leadSentences = 2

// conflicts finds the quantities (killed, injured, shot, ages, sums,
// magnitudes…) that independent sources give incompatible values for.
// Statements are compared only within one quantity: the same kind, the
// same subject (the victims are not the suspects, Smith's age is not
// Jones's) and the same unit, report against report of different outlets
// (a near-copy speaking only for the numbers it changed). Two reports
// disagree when each states a value the other gives no compatible value
// for, hedges counting as ranges ("at least 12" holds 15); one report
// mentioning a second person's age that the other leaves out is no
// disagreement. An update ("the toll rose
// to 15") against another source's different value is listed as a
// development, with each side's publish time.
func conflicts(arts []*news.Article, sents [][]sent) []news.Conflict {
	byKey := map[string][]statement{}
	var texts [][]string
	for i, a := range arts {
		t := []string{a.Title}
		for _, s := range sents[i] {
			t = append(t, s.span.Text)
		}
		texts = append(texts, t)
	}
	alias := firstNameSurnames(texts)
	// mentions[i][n] are the quantities of text n of article i; stated[i]
	// the kinds and values article i states.
	mentions := make([][][]quantity.Mention, len(arts))
	stated := make([]map[[2]string]bool, len(arts))
	for i := range arts {
		stated[i] = map[[2]string]bool{}
		for _, t := range texts[i] {
			ms := quantity.Extract(t)
			mentions[i] = append(mentions[i], ms)
			for _, m := range ms {
				stated[i][[2]string{m.Kind, quantity.Format(m.Value)}] = true
			}
		}
	}
	for i, a := range arts {
		// A near-copy is not an independent voice: only a number its
		// original does not state (a copy that changed "35" to "40")
		// speaks for its outlet.
		orig := -1
		if o := original(a, arts); o != 0 {
			orig = slices.IndexFunc(arts, func(b *news.Article) bool { return b.ID == o })
		}
		for n, t := range texts[i] {
			for _, m := range mentions[i][n] {
				if orig >= 0 && (arts[orig].Source == a.Source || stated[orig][[2]string{m.Kind, quantity.Format(m.Value)}]) {
					continue
				}
				key := m.Key()
				if m.Kind == quantity.Age {
					// Ages of one story are compared across subjects that
					// may be one person ("a 24-year-old man", "Smith, 24").
					key = quantity.Age
					if s, ok := alias[m.Subject]; ok {
						m.Subject = s
					}
				}
				byKey[key] = append(byKey[key], statement{m: m, source: a.Source, art: a, text: t, lead: n <= leadSentences})
			}
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []news.Conflict
	for _, k := range keys {
		out = append(out, conflictsOf(byKey[k])...)
	}
	return out
}

// sameThing tells whether two statements of one group may be about the
// same quantity: for counts, sums and measures the group is the quantity;
// ages are one person's when their subjects can be one person.
func sameThing(a, b quantity.Mention) bool {
	if a.Kind != quantity.Age {
		return true
	}
	x, y := a.Subject, b.Subject
	if x == y || x == "" || y == "" {
		return true
	}
	gx, px := personGroup[x]
	gy, py := personGroup[y]
	switch {
	case px && py:
		return gx == gy || gx == "" || gy == ""
	case px || py:
		return true // a described person may be the named one
	}
	return false // two surnames
}

// conflictsOf finds the disagreements among the statements of one group:
// between two sources that each state something the other does not, each
// such statement of one is set against those of the other about the same
// thing; statements so linked form one conflict.
func conflictsOf(all []statement) []news.Conflict {
	// Reports are compared article against article, of different
	// outlets: an outlet's later report that repeats another outlet's
	// value does not hide its earlier report's different one.
	byArt := map[int64][]int{}
	var arts []int64
	srcOf := map[int64]string{}
	outlets := map[string]bool{}
	for i, s := range all {
		if _, ok := byArt[s.art.ID]; !ok {
			arts = append(arts, s.art.ID)
		}
		byArt[s.art.ID] = append(byArt[s.art.ID], i)
		srcOf[s.art.ID] = s.source
		outlets[s.source] = true
	}
	if len(outlets) < 2 {
		return nil // one source: nothing to disagree with
	}
	// matched: statement a is held up by some statement of ys.
	matched := func(a int, ys []int) bool {
		for _, b := range ys {
			if sameThing(all[a].m, all[b].m) && quantity.Compatible(all[a].m, all[b].m) {
				return true
			}
		}
		return false
	}
	parent := make([]int, len(all))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	linked := make([]bool, len(all))
	developing := map[int]bool{} // statement -> part of a development
	link := func(a, b int) {
		linked[a], linked[b] = true, true
		parent[find(a)] = find(b)
	}
	for i, s := range arts {
		for _, t := range arts[i+1:] {
			if srcOf[s] == srcOf[t] {
				continue
			}
			var ux, uy []int
			for _, a := range byArt[s] {
				if !matched(a, byArt[t]) {
					ux = append(ux, a)
				}
			}
			for _, b := range byArt[t] {
				if !matched(b, byArt[s]) {
					uy = append(uy, b)
				}
			}
			if len(ux) > 0 && len(uy) > 0 {
				for _, a := range ux {
					for _, b := range uy {
						if sameThing(all[a].m, all[b].m) {
							link(a, b)
						}
					}
				}
			}
			// Leads that disagree: a value in one source's title or lead
			// that the other never gives, against the other's lead value
			// (the first may repeat the second's further down).
			for _, p := range [2][2][]int{{ux, byArt[t]}, {uy, byArt[s]}} {
				for _, a := range p[0] {
					if !all[a].lead {
						continue
					}
					for _, b := range p[1] {
						if all[b].lead && sameThing(all[a].m, all[b].m) && !quantity.Compatible(all[a].m, all[b].m) {
							link(a, b)
						}
					}
				}
			}
			// First statements that disagree: an article's first value of a
			// count (its claim; later ones may quote an earlier report) that
			// the other article never gives, against the other's first.
			if a, b := byArt[s][0], byArt[t][0]; all[a].m.Kind != quantity.Age && !quantity.Compatible(all[a].m, all[b].m) &&
				(!matched(a, byArt[t]) || !matched(b, byArt[s])) {
				link(a, b)
			}
			// An update against another source's different value.
			for _, p := range [2][2][]int{{byArt[s], byArt[t]}, {byArt[t], byArt[s]}} {
				for _, a := range p[0] {
					if !all[a].m.Update {
						continue
					}
					for _, b := range p[1] {
						if all[b].m.Value != all[a].m.Value && sameThing(all[a].m, all[b].m) {
							link(a, b)
							developing[a], developing[b] = true, true
						}
					}
				}
			}
		}
	}
	comps := map[int][]int{}
	var roots []int
	for i := range all {
		if !linked[i] {
			continue
		}
		r := find(i)
		if _, ok := comps[r]; !ok {
			roots = append(roots, r)
		}
		comps[r] = append(comps[r], i)
	}
	var out []news.Conflict
	for _, r := range roots {
		if c, ok := conflictOf(all, comps[r], developing); ok {
			out = append(out, c)
		}
	}
	return out
}

// conflictOf lists the values of linked statements, each with its sources.
func conflictOf(all []statement, idx []int, developing map[int]bool) (news.Conflict, bool) {
	// The quantity is named by its most specific subject: a name before a
	// person word, the most frequent first.
	subj := map[string]int{}
	for _, i := range idx {
		if s := all[i].m.Subject; s != "" {
			subj[s]++
		}
	}
	m := all[idx[0]].m
	best := -1
	for s, n := range subj {
		_, word := personGroup[s]
		score := n
		if !word {
			score += 1000
		}
		if score > best || score == best && s < m.Subject {
			best, m.Subject = score, s
		}
	}
	c := news.Conflict{What: label(m), Kind: m.Kind, Subject: m.Subject, Unit: m.Unit}
	type sideAt struct {
		side  news.ConflictSide
		value float64
	}
	var sides []*sideAt
	for _, i := range idx {
		s := all[i]
		c.Development = c.Development || developing[i]
		v := quantity.Format(s.m.Value)
		var sd *sideAt
		for _, x := range sides {
			if x.side.Value == v {
				sd = x
			}
		}
		if sd == nil {
			sd = &sideAt{side: news.ConflictSide{Value: v, Text: s.text, Qualifier: s.m.Hedge}, value: s.m.Value}
			sides = append(sides, sd)
		}
		if !slices.Contains(sd.side.Sources, s.source) {
			sd.side.Sources = append(sd.side.Sources, s.source)
		}
		if !slices.Contains(sd.side.ArticleIDs, s.art.ID) {
			sd.side.ArticleIDs = append(sd.side.ArticleIDs, s.art.ID)
		}
		sd.side.Update = sd.side.Update || s.m.Update
		if p := s.art.Published; !p.IsZero() && (sd.side.Published.IsZero() || p.Before(sd.side.Published)) {
			sd.side.Published = p
		}
	}
	if len(sides) < 2 {
		return news.Conflict{}, false
	}
	slices.SortStableFunc(sides, func(a, b *sideAt) int { return cmp.Compare(a.value, b.value) })
	for _, sd := range sides {
		c.Sides = append(c.Sides, sd.side)
	}
	return c, true
}

// firstNameSurnames maps first names to the surnames they stand beside in the
// story's texts ("Deshaun Swanson": deshaun -> swanson), so that an age
// given by first name meets one given by surname.
func firstNameSurnames(texts [][]string) map[string]string {
	out := map[string]string{}
	ambiguous := map[string]bool{}
	for _, ts := range texts {
		for _, t := range ts {
			for _, m := range fullName.FindAllStringSubmatch(t, -1) {
				first, last := strings.ToLower(m[1]), strings.ToLower(m[2])
				if _, word := personGroup[first]; word {
					continue
				}
				if l, ok := out[first]; ok && l != last {
					ambiguous[first] = true
				}
				out[first] = last
			}
		}
	}
	for f := range ambiguous {
		delete(out, f)
	}
	// A surname is not itself a first name of another.
	for f, l := range out {
		if f == l {
			delete(out, f)
		}
	}
	return out
}

var fullName = regexp.MustCompile(`\b([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][a-z]{2,})\b`)

// label names a quantity for a reader: "killed", "injured (officers)",
// "age of Smith", "age (man)", "money (bail, USD)", "magnitude".
func label(m quantity.Mention) string {
	switch m.Kind {
	case quantity.Age:
		if m.Subject == "" {
			return "age"
		}
		if _, ok := personGroup[m.Subject]; ok {
			return "age (" + m.Subject + ")"
		}
		return "age of " + strings.ToUpper(m.Subject[:1]) + m.Subject[1:]
	case quantity.Money, quantity.Measure:
		parts := []string{}
		if m.Subject != "" {
			parts = append(parts, m.Subject)
		}
		parts = append(parts, m.Unit)
		return m.Kind + " (" + strings.Join(parts, ", ") + ")"
	}
	if m.Subject != "" {
		return m.Kind + " (" + m.Subject + ")"
	}
	return m.Kind
}

// personGroup maps the person words of ages to a sex ("" when either).
var personGroup = map[string]string{"man": "m", "woman": "f", "boy": "m", "girl": "f", "teen": "", "child": ""}
