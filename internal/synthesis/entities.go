package synthesis

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/textfeat"
)

// maxEntities is the number of entities a synthesis lists.
const maxEntities = 30

// entities finds the capitalised names of the members' titles and bodies
// (textfeat.EntitySpans) and tells people, organisations and places apart
// by their words and context: a person is named after a title ("minister
// Tomas Reyl") or before "said" with a first and last name; an
// organisation carries an organisation word ("Central Bank", "Observatory")
// or is an acronym; a place follows "in", "at", "near", "from" or carries a
// place word ("Province", "Street"). Names that no rule types are "other".
// Lower-cased text has no names to find.
func entities(arts []*news.Article) []news.Entity {
	out := allEntities(arts)
	if len(out) > maxEntities {
		out = out[:maxEntities]
	}
	return out
}

// allEntities is [entities] without the limit.
func allEntities(arts []*news.Article) []news.Entity {
	type acc struct {
		display map[string]int // surface forms seen
		kinds   map[string]int
		sources map[string]int
		count   int
	}
	all := map[string]*acc{}
	for _, a := range arts {
		for _, text := range []string{a.Title, a.Body} {
			toks := textfeat.Tokens(nil, text)
			if !textfeat.MixedCase(toks) {
				continue
			}
			for _, sp := range textfeat.EntitySpans(toks) {
				if len(sp.Text) < 2 || weekdayOrMonth[sp.Text] {
					continue
				}
				kind := entityKind(toks, sp)
				if name, ok := afterTitle(sp); ok {
					sp, kind = name, news.EntityPerson
				}
				e := all[sp.Text]
				if e == nil {
					e = &acc{display: map[string]int{}, kinds: map[string]int{}, sources: map[string]int{}}
					all[sp.Text] = e
				}
				surface := text[toks[sp.Start].Start : toks[sp.End-1].Start+len(toks[sp.End-1].Text)]
				e.display[surface]++
				e.kinds[kind]++
				e.sources[a.Source]++
				e.count++
			}
		}
	}
	out := make([]news.Entity, 0, len(all))
	for _, e := range all {
		out = append(out, news.Entity{Name: mostFrequent(e.display), Kind: bestKind(e.kinds), Count: e.count, Sources: e.sources})
	}
	slices.SortFunc(out, byPresence)
	// A one-word name that is part of a longer one ("Varga" of "Elena
	// Varga") is the same entity: fold its counts into the longer name.
	return foldParts(out)
}

func foldParts(es []news.Entity) []news.Entity {
	keep := es[:0:0]
	for i, e := range es {
		if strings.Contains(e.Name, " ") {
			keep = append(keep, e)
			continue
		}
		folded := false
		for j := range es {
			if j != i && strings.HasSuffix(es[j].Name, " "+e.Name) && es[j].Kind == news.EntityPerson {
				es[j].Count += e.Count
				for s, n := range e.Sources {
					es[j].Sources[s] += n
				}
				folded = true
				break
			}
		}
		if !folded {
			keep = append(keep, e)
		}
	}
	// Folding changed counts; sort again.
	slices.SortFunc(keep, byPresence)
	return keep
}

// byPresence orders entities by the number of sources naming them, then
// by mentions, then by name.
func byPresence(a, b news.Entity) int {
	return cmp.Or(cmp.Compare(len(b.Sources), len(a.Sources)), cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name))
}

func mostFrequent(m map[string]int) string {
	best, n := "", -1
	for k, v := range m {
		if v > n || v == n && k < best {
			best, n = k, v
		}
	}
	return best
}

func bestKind(m map[string]int) string {
	best, n := news.EntityOther, 0
	for _, k := range []string{news.EntityPerson, news.EntityOrg, news.EntityPlace} {
		if m[k] > n {
			best, n = k, m[k]
		}
	}
	return best
}

// afterTitle returns the part of a name span after a person's title:
// "Syrian Foreign Minister Walid Muallem" names Walid Muallem.
func afterTitle(sp textfeat.EntitySpan) (textfeat.EntitySpan, bool) {
	words := strings.Fields(sp.Text)
	if sp.End-sp.Start != len(words) {
		return sp, false // honorifics were dropped: words and tokens differ
	}
	for i := len(words) - 2; i >= 0; i-- {
		if personTitles[words[i]] {
			return textfeat.EntitySpan{Start: sp.Start + i + 1, End: sp.End, Text: strings.Join(words[i+1:], " ")}, true
		}
	}
	return sp, false
}

// entityKind types one mention from its words and the words around it.
func entityKind(toks []textfeat.Token, sp textfeat.EntitySpan) string {
	words := strings.Fields(sp.Text)
	last := words[len(words)-1]
	switch {
	case orgWords[last] || orgWords[words[0]] && len(words) > 1:
		return news.EntityOrg
	case placeWords[last]:
		return news.EntityPlace
	case len(words) == 1 && isAcronym(toks[sp.Start].Text):
		return news.EntityOrg
	}
	before := ""
	if sp.Start > 0 {
		before = toks[sp.Start-1].Lower
	}
	after := ""
	if sp.End < len(toks) {
		after = toks[sp.End].Lower
	}
	switch {
	case personTitles[before]:
		return news.EntityPerson
	case placePrepositions[before] && len(words) <= 3:
		return news.EntityPlace
	case before == "of" && sp.Start > 1 && placeWords[toks[sp.Start-2].Lower]:
		return news.EntityPlace // "the town of Maheen"
	case len(words) >= 2 && len(words) <= 3 && (speechVerbs[after] || after == "who"):
		return news.EntityPerson
	}
	return news.EntityOther
}

func isAcronym(s string) bool {
	if len(s) < 2 || len(s) > 6 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

var (
	orgWords = set(`bank council ministry department agency observatory group party army police
		university college institute corporation corp inc ltd company committee commission court
		union association federation coalition alliance government parliament senate congress
		assembly office service services authority militia board foundation fund network news
		press times post journal reuters bbc hospital school church club league nations`)
	placeWords = set(`province city town village county street avenue road river bridge
		district region square island islands mountains valley lake sea ocean bay harbor harbour
		airport station park coast border`)
	placePrepositions = set(`in at near from to into across outside inside toward towards`)
	personTitles      = set(`mr mrs ms dr president minister governor mayor chief senator judge
		king queen prince pope ayatollah general colonel captain officer spokesman spokeswoman
		leader envoy secretary director professor sheriff inspector witness economist`)
	speechVerbs    = set(`said says told added asked explained stated warned announced`)
	weekdayOrMonth = set(`monday tuesday wednesday thursday friday saturday sunday january february
		march april may june july august september october november december`)
)
