package synthesis

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/text/textfeat"
)

// maxEntities is the number of entities a synthesis lists.
const maxEntities = 30

// entities finds the names of the members' titles and bodies and types
// them as people, organisations and places (see [nameMentions] and
// [typeMentions]). Each name takes the type most of its mentions get.
// Names that no rule types are "other". Lower-cased text has no names to
// find.
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
		// inside counts the body mentions not at a sentence's start,
		// where a capital tells a name from an ordinary word.
		inside int
	}
	all := map[string]*acc{}
	for _, a := range arts {
		var ms []nameMention
		texts := []string{a.Title, a.Body}
		toks := [][]textfeat.Token{textfeat.Tokens(nil, a.Title), textfeat.Tokens(nil, a.Body)}
		lowerSeen := map[string]bool{}
		for _, ts := range toks {
			for _, t := range ts {
				if !t.Cap && !t.Num {
					lowerSeen[t.Lower] = true
				}
			}
		}
		for i, text := range texts {
			if !textfeat.MixedCase(toks[i]) {
				continue
			}
			ms = append(ms, nameMentions(text, toks[i], lowerSeen)...)
		}
		typeMentions(ms)
		for _, m := range ms {
			if m.kind == news.EntityOther && len(m.words) == 1 && (genericWords[m.words[0]] || m.common || m.toks[m.start].SentenceStart && leadWord(m.words[0])) {
				continue // "Terminal", "Witnesses", "Sadly": not names
			}
			key := entityKey(m)
			e := all[key]
			if e == nil {
				e = &acc{display: map[string]int{}, kinds: map[string]int{}, sources: map[string]int{}}
				all[key] = e
			}
			e.display[m.name]++
			e.kinds[m.kind]++
			e.sources[a.Source]++
			e.count++
			if m.text != a.Title && !m.toks[m.start].SentenceStart {
				e.inside++
			}
		}
	}
	out := make([]news.Entity, 0, len(all))
	startOnly := map[string]bool{}
	for key, e := range all {
		ent := news.Entity{Name: mostFrequent(e.display), Kind: bestKind(e.kinds), Count: e.count, Sources: e.sources}
		if ent.Kind == news.EntityOther && e.inside == 0 && !strings.Contains(key, " ") {
			startOnly[ent.Name] = true
		}
		out = append(out, ent)
	}
	slices.SortFunc(out, byPresence)
	// A one-word name that is part of a longer one ("Varga" of "Elena
	// Varga") is the same entity: fold its counts into the longer name.
	// What is left of the untyped single words capitalised only where a
	// sentence starts ("Engineers", "Prosecutors") is not a name.
	return slices.DeleteFunc(foldParts(out), func(e news.Entity) bool {
		return e.Kind == news.EntityOther && startOnly[e.Name]
	})
}

// foldParts folds each one-word person (or untyped name) into the person
// whose surname it is, else into the only person whose given name it is
// ("Varga" and "Elena" of "Elena Varga"), and returns the rest in order.
func foldParts(es []news.Entity) []news.Entity {
	folded := make([]bool, len(es))
	for i, e := range es {
		if strings.Contains(e.Name, " ") || e.Kind == news.EntityPlace || e.Kind == news.EntityOrg {
			continue
		}
		into, given := -1, 0
		for j := range es {
			switch {
			case j == i || es[j].Kind != news.EntityPerson:
			case strings.HasSuffix(es[j].Name, " "+e.Name):
				if into < 0 || given > 0 {
					into, given = j, 0
				}
			case strings.HasPrefix(es[j].Name, e.Name+" ") && (into < 0 || given > 0):
				into = j
				given++
			}
		}
		if into < 0 || given > 1 {
			continue // no one, or the given name of several people
		}
		es[into].Count += e.Count
		for s, n := range e.Sources {
			es[into].Sources[s] += n
		}
		folded[i] = true
	}
	keep := make([]news.Entity, 0, len(es))
	for i, e := range es {
		if !folded[i] {
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

// bestKind is the kind most mentions got; "other" only when no nameMention was
// typed. Ties go to person, then organisation, then place.
func bestKind(m map[string]int) string {
	best, n := news.EntityOther, 0
	for _, k := range []string{news.EntityPerson, news.EntityOrg, news.EntityPlace} {
		if m[k] > n {
			best, n = k, m[k]
		}
	}
	return best
}

// entityKey is the name of m in lower case without middle initials, so
// that "Olga M. Woltering" and "Olga Woltering" are one entity.
func entityKey(m nameMention) string {
	if len(m.words) < 3 {
		return strings.ToLower(m.name)
	}
	ws := make([]string, 0, len(m.words))
	for i, w := range m.words {
		if i == 0 || i == len(m.words)-1 || utf8.RuneCountInString(w) > 1 {
			ws = append(ws, w)
		}
	}
	return strings.Join(ws, " ")
}

// nameMention is one name in one text.
type nameMention struct {
	text       string
	toks       []textfeat.Token // the text's tokens
	start, end int              // the name's tokens: toks[start:end]
	words      []string         // lower-case words of the name, abbreviations spelled out
	name       string           // as displayed
	// titled is true when a person's title or honorific precedes the name
	// ("Sheriff Tim Morse", "Sgt. Chris Estes").
	titled bool
	// prefixOf is true for the part of a span before a person's title
	// ("New Orleans Police" of "New Orleans Police Superintendent ...").
	prefixOf bool
	kind     string
	// weak is true when the kind comes from the context alone.
	weak bool
	// common is true when every word of the name also occurs in lower case
	// in the text ("Shot", "Fatal Shooting"): a headline word, not a name.
	common bool
}

func (m *nameMention) last() string { return m.words[len(m.words)-1] }

// gap returns the text between tokens i-1 and i.
func gap(text string, toks []textfeat.Token, i int) string {
	if i <= 0 || i >= len(toks) {
		return ""
	}
	return text[toks[i-1].Start+len(toks[i-1].Text) : toks[i].Start]
}

// nameMentions finds the names of a text: the capitalised phrases of
// [textfeat.EntitySpans], joined over initials and abbreviations ("Aaron
// T. Cross", "Ft. Lauderdale" as Fort Lauderdale), split at dashes, without
// leading sentence words ("Keeping Charlie Strong"), trailing weekdays
// ("Brian Nichols Saturday") or persons' titles ("Police Chief James
// Craig" names James Craig), plus state abbreviations after a place
// ("Malibu, Calif." names California).
//
// lowerSeen holds the words seen in lower case in the article.
func nameMentions(text string, toks []textfeat.Token, lowerSeen map[string]bool) []nameMention {
	spans := textfeat.EntitySpans(toks)
	for i := range spans {
		// "New Orleans" at a sentence start loses "New", a word also
		// seen in lower case: take it back.
		if s := spans[i].Start; s > 0 && placePrefix[toks[s-1].Lower] && toks[s-1].Cap && !toks[s].Punct && (i == 0 || spans[i-1].End < s-1) {
			spans[i].Start--
		}
	}
	// Numbered streets: "West 96th Street", "117th St".
	for i := 0; i+1 < len(toks); i++ {
		if !isOrdinal(toks[i].Text) || !toks[i+1].Cap || !placeWords[toks[i+1].Lower] || toks[i+1].Punct {
			continue
		}
		start := i
		if i > 0 && directions[toks[i-1].Lower] && toks[i-1].Cap && !toks[i].Punct {
			start = i - 1
		}
		spans = slices.DeleteFunc(spans, func(sp textfeat.EntitySpan) bool { return sp.Start < i+2 && sp.End > start })
		spans = append(spans, textfeat.EntitySpan{Start: start, End: i + 2})
		slices.SortFunc(spans, func(a, b textfeat.EntitySpan) int { return a.Start - b.Start })
	}
	// Join a span that ends in an initial or an abbreviation with the
	// next when only ". " separates them.
	joined := spans[:0:0]
	for _, sp := range spans {
		if n := len(joined); n > 0 {
			prev := &joined[n-1]
			lastTok := toks[prev.End-1].Lower
			g := gap(text, toks, sp.Start)
			if prev.End == sp.Start && (isInitial(toks[prev.End-1].Text) || nameAbbrev[lastTok] != "") &&
				strings.HasPrefix(g, ".") && strings.TrimSpace(g[1:]) == "" && !strings.Contains(g, "\n") {
				prev.End = sp.End
				continue
			}
			// "Department of Children and Families".
			if sp.Start == prev.End+1 && toks[prev.End].Lower == "and" && !toks[prev.End].Punct && !toks[sp.Start].Punct {
				if of := slices.IndexFunc(toks[prev.Start:prev.End], func(t textfeat.Token) bool { return t.Lower == "of" }); of > 0 && orgWords[toks[prev.Start+of-1].Lower] {
					prev.End = sp.End
					continue
				}
			}
		}
		joined = append(joined, sp)
	}
	var out []nameMention
	for _, sp := range joined {
		// Split at dashes and line breaks, and at a possessive unless the
		// name goes on to an institution ("Pittsburgh's Bloomfield" is two
		// places, "Arkansas Children's Hospital" one hospital).
		start := sp.Start
		for i := sp.Start + 1; i <= sp.End; i++ {
			if i == sp.End || splitGap(gap(text, toks, i)) || possessiveSplit(text, toks, i, sp.End) {
				out = appendMention(out, text, toks, lowerSeen, start, i)
				start = i
			}
		}
	}
	// State abbreviations after a place: "Malibu, Calif.", "Waynesville, IN".
	for i := 1; i < len(toks); i++ {
		t := toks[i]
		full, ok := stateAbbrev[t.Lower]
		if !ok || !t.Cap || !toks[i-1].Cap || !strings.HasPrefix(strings.TrimSpace(gap(text, toks, i)), ",") {
			continue
		}
		if i+1 < len(toks) && toks[i+1].Cap && !toks[i+1].SentenceStart && !toks[i+1].Punct {
			continue // "Lexington, Ky Smith"? not an abbreviation
		}
		if t.Text != strings.ToUpper(t.Text) && !strings.HasPrefix(gap(text, toks, i+1), ".") && i+1 < len(toks) {
			continue // "In", "Me": words, not abbreviations ("Ga.") or postal codes ("IN")
		}
		out = slices.DeleteFunc(out, func(m nameMention) bool { return m.start == i && m.end == i+1 })
		out = append(out, nameMention{text: text, toks: toks, start: i, end: i + 1, words: strings.Fields(full), name: titleCase(full), kind: news.EntityPlace})
	}
	return out
}

// possessiveSplit reports whether a span ending at end splits between
// tokens i-1 and i, joined by a possessive.
func possessiveSplit(text string, toks []textfeat.Token, i, end int) bool {
	g := gap(text, toks, i)
	if !strings.HasPrefix(g, "'s") && !strings.HasPrefix(g, "’s") && !strings.HasPrefix(g, "'") && !strings.HasPrefix(g, "’") {
		return false
	}
	last := toks[end-1].Lower
	return !orgWords[last] && !placeWords[last] && !personTitles[toks[i].Lower] && !personTitles[strings.TrimSuffix(toks[i].Lower, "s")]
}

func splitGap(g string) bool {
	return strings.Contains(g, " -") || strings.Contains(g, "- ") || strings.ContainsAny(g, "–—|\n/")
}

// appendMention cleans the tokens [start, end) into a nameMention or two and
// appends them.
func appendMention(out []nameMention, text string, toks []textfeat.Token, lowerSeen map[string]bool, start, end int) []nameMention {
	// Trailing weekdays and months; leading "the" and sentence words.
	for end > start && weekdayOrMonth[toks[end-1].Lower] {
		end--
	}
	for start < end {
		t := toks[start]
		if t.Lower == "the" || leadStop[t.Lower] && t.Text != strings.ToUpper(t.Text) || t.SentenceStart && end-start > 1 && leadWord(t.Lower) {
			start++
			continue
		}
		break
	}
	if start >= end {
		return out
	}
	titled := start > 0 && (personTitles[toks[start-1].Lower] || honorific[toks[start-1].Lower])
	// "Olga Woltering of Georgia" is a person and a place; "University of
	// Louisville", "Town of Maheen" and "Gulf of Mexico" are one name.
	for i := start + 1; i < end-1; i++ {
		if toks[i].Lower != "of" {
			continue
		}
		pre := toks[i-1].Lower
		all := make([]string, 0, end-start)
		for _, t := range toks[start:end] {
			all = append(all, t.Lower)
		}
		phrase := strings.Join(all, " ")
		if orgWords[pre] || placeWords[pre] || personTitles[pre] || countries[phrase] || states[phrase] || cities[phrase] || orgNames[phrase] || genericOf[pre] {
			break
		}
		out = appendMention(out, text, toks, lowerSeen, start, i)
		start = i + 1
		titled = false
		break
	}
	// A person's title inside the span: the name is what follows it.
	for i := end - 2; i >= start; i-- {
		if !personTitles[toks[i].Lower] && !personTitles[strings.TrimSuffix(toks[i].Lower, "s")] && !honorific[toks[i].Lower] {
			continue
		}
		rest := toks[i+1 : end]
		if orgWords[rest[len(rest)-1].Lower] || placeWords[rest[len(rest)-1].Lower] {
			break // "Sheriff's Department", "Governor Street"
		}
		if rest[0].Lower == "of" {
			start = i + 2 // "Governor of Alaska" names Alaska
			break
		}
		if i > start {
			if pre := makeMention(text, toks, start, i); pre != nil && len(pre.words) > 1 {
				pre.prefixOf = true
				out = append(out, *pre)
			}
		}
		start, titled = i+1, true
		break
	}
	m := makeMention(text, toks, start, end)
	if m == nil {
		return out
	}
	m.titled = titled
	m.common = true
	for i := m.start; i < m.end; i++ {
		if !lowerSeen[toks[i].Lower] {
			m.common = false
		}
	}
	return append(out, *m)
}

// makeMention builds the nameMention of tokens [start, end), or nil when they
// name nothing (one letter, a weekday).
func makeMention(text string, toks []textfeat.Token, start, end int) *nameMention {
	if end <= start {
		return nil
	}
	words := make([]string, 0, end-start)
	var b strings.Builder
	for i := start; i < end; i++ {
		w := toks[i].Lower
		display := toks[i].Text
		if full := nameAbbrev[w]; full != "" && i+1 < end {
			w, display = full, titleCase(full)
		}
		if honorific[w] && i == start {
			continue
		}
		words = append(words, w)
		if b.Len() > 0 {
			g := gap(text, toks, i)
			switch {
			case strings.HasPrefix(g, "’s") || strings.HasPrefix(g, "'s"):
				b.WriteString(g[:len(g)-len(strings.TrimLeft(g, "’'s"))] + " ")
			case strings.HasPrefix(g, "-") || strings.HasPrefix(g, "'") || strings.HasPrefix(g, "’"):
				b.WriteString(g)
			case isInitial(toks[i-1].Text) && strings.HasPrefix(g, "."):
				b.WriteString(". ")
			case strings.Contains(g, "&"):
				b.WriteString(" & ")
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(display)
	}
	if len(words) == 0 || len(words) == 1 && (utf8.RuneCountInString(words[0]) < 2 || weekdayOrMonth[words[0]]) {
		return nil
	}
	return &nameMention{text: text, toks: toks, start: start, end: end, words: words, name: b.String()}
}

// typeMentions sets the kind of each nameMention of one article: first from
// the name itself and its context, then, for names still untyped or
// one-word, from the other mentions (a surname of a person named in full
// is that person).
func typeMentions(ms []nameMention) {
	for i := range ms {
		if ms[i].kind == "" {
			ms[i].kind, ms[i].weak = nameKind(&ms[i])
		}
	}
	// "Broadway and Pike", "Kendall and Schoolcraft": a name joined by
	// "and" to a place is a place; "Jaime Fontanez-Baez, Juan Luis-Garcia,
	// and Josue DelGado-Ortiz": a full name listed with people is a person.
	for i := range ms {
		if ms[i].kind != news.EntityOther && !ms[i].weak || len(ms[i].words) > 3 || notNames[ms[i].words[0]] {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= len(ms) || ms[j].weak || &ms[j].toks[0] != &ms[i].toks[0] {
				continue
			}
			a, b := min(i, j), max(i, j)
			and := ms[b].start == ms[a].end+1 && ms[a].toks[ms[a].end].Lower == "and"
			comma := ms[b].start == ms[a].end && strings.TrimSpace(gap(ms[a].text, ms[a].toks, ms[b].start)) == "," ||
				and && strings.Contains(gap(ms[a].text, ms[a].toks, ms[a].end), ",")
			switch {
			case ms[j].kind == news.EntityPlace && and:
				ms[i].kind, ms[i].weak = news.EntityPlace, true
			case ms[j].kind == news.EntityPerson && len(ms[j].words) > 1 && len(ms[i].words) > 1 && (and || comma):
				ms[i].kind, ms[i].weak = news.EntityPerson, true
			}
		}
	}
	// Words of the people and organisations named in full, and one-word
	// names a cue marks as a person ("Anwar, 51,", "Cossutta said").
	persons, orgs, cued := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, m := range ms {
		switch {
		case m.kind == news.EntityPerson && len(m.words) > 1:
			persons[m.words[0]] = true
			persons[m.last()] = true
		case m.kind == news.EntityPerson:
			cued[m.words[0]] = true
		case m.kind == news.EntityOrg && len(m.words) > 1 && !m.weak && !placeNamedOrg[m.last()]:
			for n := 1; n < len(m.words); n++ {
				orgs[strings.Join(m.words[:n], " ")] = true // "Gangster Disciples" of "Gangster Disciples Gang"
			}
		}
	}
	for i := range ms {
		m := &ms[i]
		strong := m.kind != news.EntityOther && !m.weak
		switch {
		case len(m.words) == 1 && persons[m.words[0]] && personContext(m):
			m.kind = news.EntityPerson // "Sheriff Scott Israel ... Israel said"
		case m.prefixOf || countries[m.words[0]] || states[m.words[0]]:
		case len(m.words) == 1 && persons[m.words[0]]:
			m.kind = news.EntityPerson // "Jackson" of "Ezra Ryan Jackson"
		case orgs[strings.Join(m.words, " ")] && m.kind == news.EntityOther && !notNames[m.words[0]]:
			m.kind = news.EntityOrg // "TallGrass" of "TallGrass Distributors Ltd"
		case len(m.words) >= 2 && len(m.words) <= 3 && !strong && (cued[m.last()] || cued[m.words[0]]) && !cities[m.last()]:
			m.kind = news.EntityPerson
		}
	}
}

// nameKind types one mention. The name's own words come first: word lists
// (organisations, countries, states, cities, surnames), head words ("…
// Police Department", "… Street", "University of …"), a title before it,
// a given name at its start. Then its context, which makes the kind weak
// (other mentions of the article may override it): an age ("Smith, 43,"),
// an apposition, a verb of speech, a preposition of place, a word after it
// ("the Waitrose store", "DeLand police").
func nameKind(m *nameMention) (kind string, weak bool) {
	words, last, phrase := m.words, m.last(), strings.Join(m.words, " ")
	single := len(words) == 1
	toks := m.toks
	// The head of "University of Louisville" is "University".
	head := last
	if of := slices.Index(words, "of"); of > 0 {
		head = words[of-1]
	} else if len(words) > 2 && compass[last] {
		head = words[len(words)-2] // "Hillview Drive NW"
	}
	before, before2 := "", ""
	if m.start > 0 {
		before = toks[m.start-1].Lower
	}
	if m.start > 1 {
		before2 = toks[m.start-2].Lower
	}
	after, afterPunct, afterCap := "", false, false
	if m.end < len(toks) {
		after, afterPunct, afterCap = toks[m.end].Lower, toks[m.end].Punct, toks[m.end].Cap
	}
	switch {
	case m.prefixOf:
		if orgWords[last] || orgNames[phrase] {
			return news.EntityOrg, false
		}
		return news.EntityOther, false
	case single && (genericWords[last] || notNames[last] || capsWords[last] && isAcronym(toks[m.start].Text)):
		return news.EntityOther, false // "Police", "Terminal", "Department", "Christmas" alone
	case single && toks[m.start].SentenceStart && leadWord(last):
		return news.EntityOther, false // "Sadly, ...", "Witnesses said"
	case !single && cities[last] && directions[words[0]]:
		return news.EntityPlace, false // "Northeast Philadelphia", "North Killeen"
	case orgNames[phrase]:
		return news.EntityOrg, false
	case !single && (notNames[last] || strings.HasSuffix(last, "ese") && len(last) >= 7) && !orgWords[head]:
		return news.EntityOther, false // "East Timorese", "Southeast Asian"
	case m.titled && !orgWords[last] && !placeWords[last] && !(single && m.common):
		return news.EntityPerson, false
	case single && orgWords[last] && !isAcronym(toks[m.start].Text) && before != "the":
		return news.EntityOther, false // "News" alone
	case last == "state" && len(words) > 1 && cities[strings.Join(words[:len(words)-1], " ")] && !states[strings.Join(words[:len(words)-1], " ")]:
		return news.EntityOrg, false // "Fresno State"
	case orgWords[last] || orgWords[head] && !placeWords[last]:
		return news.EntityOrg, false // "Tulsa Police Department", "University of Louisville"
	case (placeWords[last] || placeWords[head]) && !single:
		return news.EntityPlace, false // "Gilmer Street", "Wayne County", "Hillview Drive NW"
	case nameSuffix[last] && len(words) > 1:
		return news.EntityPerson, false // "Meiko Devaughn Jr"
	case single && cities[phrase] && !countries[phrase] && !states[phrase] && afterPunct && (after == "who" || ageAfter(toks, m.end)):
		return news.EntityPerson, false // "Savannah, who declined to give her full name"
	case countries[phrase] || states[phrase] || cities[phrase]:
		if !single && firstNames[words[0]] && !countries[phrase] && !states[phrase] && !famousPlace[phrase] {
			break // "Jackson" is a city but "Ezra Ryan Jackson" a person
		}
		return news.EntityPlace, false
	case surnames[phrase] || surnames[last] && len(words) <= 3:
		return news.EntityPerson, false
	case m.common:
		return news.EntityOther, false // "Shot", "Fatal Shooting": words of a headline
	case single && isAcronym(toks[m.start].Text) && !capsWords[last]:
		return news.EntityOrg, false
	case len(words) == 2 && directions[words[0]] && !orgWords[last] && !firstNames[last]:
		return news.EntityPlace, false // "North Longview", "West Town"
	case afterGap(m) == "." && (after == "com" || after == "org" || after == "net"):
		return news.EntityOrg, false // "WRCBtv.com"
	case len(words) == 3 && isInitial(toks[m.start+1].Text) && m.end-m.start == 3:
		return news.EntityPerson, false // "Malachi Z. York"
	}
	// A given name followed by one to three name words.
	if len(words) >= 2 && len(words) <= 4 && firstNames[words[0]] && !orgWords[last] && !placeWords[last] {
		return news.EntityPerson, false
	}
	// Context.
	switch {
	case before == "old" && before2 == "year" || before == "as" && before2 == "identified" || before == "named":
		return news.EntityPerson, true // "26-year-old Esteban Santiago", "identified as ..."
	case toks[m.start].Punct && before2 != "" && personNouns[strings.TrimSuffix(before, "s")]:
		return news.EntityPerson, true // "one of Anwar's lawyers, Pawancheek Marican"
	case orgAfter[before] && (!toks[m.start].Punct || orgBefore[before]):
		return news.EntityOrg, true // "the national news agency, Bernama,", "party Democratic Russia"
	case toks[m.start].Punct && placeNouns[before]:
		return news.EntityPlace, true // "East Timor's capital, Dili"
	case personTitles[before] || honorific[before] || personNouns[before] && !single:
		return news.EntityPerson, true // "conspirator Zacarias Moussaoui"
	case afterPunct && ageAfter(toks, m.end):
		return news.EntityPerson, true // "Smith, 43,"
	case afterPunct && appositionPerson(toks, m.end):
		return news.EntityPerson, true // "Azizah Ismail, the wife of ..."
	case len(words) >= 2 && len(words) <= 3 && (after == "was" || after == "is") && !afterPunct && m.end+1 < len(toks) && personPassive[toks[m.end+1].Lower]:
		return news.EntityPerson, true // "Efrain Figueroa was taken into custody"
	case placeBefore[before] && !toks[m.start].Punct:
		return news.EntityPlace, true // "north suburban Waukegan"
	case speechVerbs[after] && !afterPunct || after == "who" && afterPunct:
		return news.EntityPerson, true
	case orgAfter[after] && !afterPunct && !afterCap:
		return news.EntityOrg, true // "the Waitrose store", "The Star daily"
	case placeAfter[after] && !afterPunct && !afterCap:
		return news.EntityPlace, true // "DeLand police", "the Lakewood sheriff"
	case before == "of" && m.start > 1 && toks[m.start-2].Cap && !toks[m.start].Punct && len(words) <= 3 && !firstNames[words[0]]:
		return news.EntityPlace, true // "Terry Andres of Virginia Beach"
	case before == "of" && (before2 == "block" || placeWords[before2]):
		return news.EntityPlace, true // "the 14000 block of Patton", "the town of Maheen"
	case m.start > 0 && toks[m.start-1].Num && len(toks[m.start-1].Text) >= 3 && !toks[m.start].Punct:
		return news.EntityPlace, true // "11290 Fondren"
	case placePrepositions[before] && len(words) <= 3:
		return news.EntityPlace, true
	case afterPunct && m.end < len(toks) && (states[after] || countries[after] || stateAbbrev[after] != "") && afterCap:
		return news.EntityPlace, true // "Killeen, Texas"
	}
	return news.EntityOther, false
}

// personContext reports whether m follows a title or precedes a verb of
// speech.
func personContext(m *nameMention) bool {
	if m.titled {
		return true
	}
	return m.end < len(m.toks) && speechVerbs[m.toks[m.end].Lower] && !m.toks[m.end].Punct
}

// appositionPerson reports whether the words from toks[i] on describe a
// person: ", the wife of", ", a spokesman", ", deputy rector".
func appositionPerson(toks []textfeat.Token, i int) bool {
	for j := i; j < len(toks) && j < i+6; j++ {
		t := toks[j]
		if j > i && t.Punct {
			return false
		}
		if personNouns[t.Lower] || personTitles[t.Lower] || j == i && t.Lower == "aka" {
			return true
		}
	}
	return false
}

// afterGap returns the text right after m.
func afterGap(m *nameMention) string {
	if m.end < len(m.toks) {
		return gap(m.text, m.toks, m.end)
	}
	t := m.toks[m.end-1]
	return m.text[t.Start+len(t.Text):]
}

// ageAfter reports whether toks[i] is an age in apposition: ", 43,".
func ageAfter(toks []textfeat.Token, i int) bool {
	if i >= len(toks) || !toks[i].Num || len(toks[i].Text) > 3 {
		return false
	}
	return i+1 == len(toks) || toks[i+1].Punct
}

// leadWord reports whether a capitalised word that starts a sentence is
// not part of the name after it ("Keeping Charlie Strong", "Although
// Anwar", "Neighbor Ivey McMullen").
func leadWord(w string) bool {
	if firstNames[w] || countries[w] || states[w] || cities[w] || placePrefix[w] {
		return false
	}
	return sentenceWords[w] || strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ing") && len(w) > 5
}

// isOrdinal reports whether s is a number with an ordinal suffix ("96th").
func isOrdinal(s string) bool {
	n := len(s)
	if n < 3 || s[0] < '0' || s[0] > '9' {
		return false
	}
	switch strings.ToLower(s[n-2:]) {
	case "st", "nd", "rd", "th":
		return strings.Trim(s[:n-2], "0123456789") == ""
	}
	return false
}

func isInitial(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && unicode.IsUpper(r)
}

func isAcronym(s string) bool {
	if len(s) < 2 || len(s) > 6 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func titleCase(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		if w == "of" || w == "and" {
			continue
		}
		r, n := utf8.DecodeRuneInString(w)
		ws[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(ws, " ")
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// phrases reads a "|"-separated list of phrases.
func phrases(list string) map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Split(list, "|") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			m[p] = true
		}
	}
	return m
}

// statesAndAbbrevs reads usStates: the set of state names and the map of
// abbreviations to names.
func statesAndAbbrevs(list string) (map[string]bool, map[string]string) {
	names, abbrev := map[string]bool{}, map[string]string{}
	for _, p := range strings.Split(list, "|") {
		name, abbrs, _ := strings.Cut(strings.TrimSpace(p), "=")
		name = strings.Join(strings.Fields(name), " ")
		names[name] = true
		for _, a := range strings.Split(abbrs, ",") {
			abbrev[strings.TrimSpace(a)] = name
		}
	}
	return names, abbrev
}

var (
	countries           = phrases(countryNames)
	states, stateAbbrev = statesAndAbbrevs(usStates)
	cities              = phrases(cityNames)
	firstNames          = phrases(givenNames)
	surnames            = phrases(personSurnames)
	famousPlace         = set(`washington`)
	directions          = set(`north south east west northeast northwest southeast southwest northern southern eastern western central downtown`)
	notNames            = set(`christmas easter halloween thanksgiving ramadan hanukkah american americans british canadian english french german italian spanish chinese japanese korean russian syrian iraqi iranian israeli israelis palestinian palestinians mexican indian pakistani afghan african european asian arab arabs kurdish kurds muslim muslims christian christians jewish jews catholic catholics protestant democrat democrats republican republicans communist communists socialist socialists northeast northwest southeast southwest north south east west`)
	genericOf           = set(`gulf bay sea cape isle lake mount statue church house museum queen king prince princess duke duchess lord lady governor republic people peoples state states united union`)
	compass             = set(`n s e w ne nw se sw`)
	capsWords           = set(`rip lol omg update updated date id breaking video photos photo watch live new more read related editor note source police news the and warning alert`)
	placeNouns          = set(`capital city town village province state country region county suburb neighborhood neighbourhood district`)
	orgBefore           = set(`agency newspaper magazine company firm group party`)
	nameSuffix          = set(`jr sr ii iii iv`)
	placeNamedOrg       = set(`police department dept school academy hospital university college court office fire news times post herald tribune journal gazette sheriff council county city`)
	leadStop            = set(`a an on in at of for by to from with your my our his her their its this that these those`)
	personPassive       = set(`arrested charged killed shot wounded taken found identified pronounced sentenced booked transported hospitalized indicted born injured stabbed convicted jailed detained released`)
	placeBefore         = set(`suburban downtown nearby neighboring neighbouring rural`)
	placePrefix         = set(`new san los las el saint st fort port mount north south east west`)
	personNouns         = set(`wife husband son daughter mother father brother sister widow member leader militant conspirator bomber editor author professor rector official student teacher lawyer attorney activist candidate owner founder veteran player singer actor actress writer poet novelist man woman boy girl teen teenager resident neighbor uncle aunt cousin nephew niece grandmother grandfather boyfriend girlfriend friend partner employee worker manager chairman spokesman spokeswoman head analyst businessman gunman shooter suspect victim pastor priest`)
	orgAfter            = set(`news store stores supermarket company firm plant factory chain newspaper daily weekly agency magazine party group brand restaurant bank airline network channel station`)
	placeAfter          = set(`apartments complex building nightclub bar club lounge tavern pub officials leaders subdivision man woman boy girl teen teenager home house apartment family native couple hospital cemetery police sheriff residents resident neighborhood neighbourhood area county township suburb mayor city`)
	orgNames            = phrases(`crime stopper|usa today|new york times|washington post|wall street journal|los angeles times|chicago tribune|boston globe|miami herald|associated press|united press international|duma|knesset|bundestag|kremlin|politburo|state duma|white house|congress|senate|house of representatives|parliament|pentagon|kremlin|nato|united nations|un|eu|european union|fbi|cia|nsa|atf|dea|dhs|fema|faa|tsa|nypd|lapd|hpd|ap|reuters|afp|cnn|bbc|nbc|cbs|abc|fox|msnbc|npr|pbs|al jazeera|facebook|twitter|google|youtube|instagram|apple|microsoft|amazon|islamic state|isis|isil|al qaeda|al-qaeda|hezbollah|hamas|taliban|crime stoppers|crimestoppers|red cross|red crescent|interpol|opec|imf|world bank|supreme court|high court|national assembly|associated press|state department|justice department|defense department|homeland security|pentagon`)
	nameAbbrev          = map[string]string{"ft": "fort", "mt": "mount", "st": "saint"}
	orgWords            = set(`unified rescue command media jury gang gangs cartel bank council ministry department dept agency observatory group party army police university college institute corporation corp inc ltd llc llp plc co company committee commission court union association federation coalition alliance government parliament senate congress assembly office service services authority militia board foundation fund network news press times post journal reuters bbc hospital school academy church club league nations airlines airways team tribune herald gazette chronicle daily sun star spectator examiner inquirer constitution telegraph guardian observer bulletin magazine radio tv television channel health ems patrol guard navy force forces brigade brigades movement front organization organisation organisation society institution center centre clinic healthcare industries industry holdings systems technologies foods motors stores textiles mills steel chemicals pharmaceuticals electronics logistics shipping airlines energy insurance bureau division unit commissioners`)
	placeWords          = set(`apts apt resort lodge shop place circle trail pike row crossing springs jail prison penitentiary inn hotel motel subdivision base province city town village county street st avenue ave road rd boulevard blvd drive dr lane ln way parkway highway hwy freeway expressway river bridge district region square island islands mountains mountain valley lake sea ocean bay harbor harbour airport station park coast border peninsula beach heights hills hill cove canyon desert plaza mall terrace apartments courthouse complex mosque temple cathedral theater theatre stadium arena side state states kingdom republic`)
	genericWords        = set(`police department office court hospital school church street avenue road county city town state terminal airport station park university college government army party committee council agency service square district center centre bridge river island lake mountain valley beach hills plaza mall theater stadium arena channel radio tv`)
	placePrepositions   = set(`in at near from to into across outside inside toward towards around`)
	personTitles        = set(`agent principal teacher nurse mr mrs ms dr president minister governor mayor chief senator judge king queen prince princess pope ayatollah general colonel captain officer spokesman spokeswoman spokesperson leader envoy secretary director professor sheriff undersheriff inspector witness economist commissioner superintendent sergeant sgt lieutenant lt deputy detective constable trooper premier chancellor representative rep sen gov councilman councilwoman attorney lawyer coach rev reverend father sister brother cardinal bishop rabbi imam sheikh emir sultan ambassador chairman chairwoman ceo founder executive editor reporter neighbor neighbour resident businessman businesswoman mobster gunman suspect victim daughter son wife husband mother dad mom actress actor singer author poet novelist`)
	honorific           = set(`mr mrs ms dr sen rep gov gen lt sgt cpl capt col maj det ofc insp supt cmdr adm pres`)
	speechVerbs         = set(`said says told added asked explained stated warned announced wrote testified confirmed`)
	sentenceWords       = set(`among aside amid following according someone anyone everyone everybody nobody feds contact earlier later special witnesses authorities officials investigators residents deputies officers doctors lawyers students police sadly thankfully unfortunately fortunately although after before despite during keeping last next neighbor neighbors police officials authorities while when where if but and or so yet then also even meanwhile however instead since because though unless until now today tonight yesterday tomorrow former ex suspect victim witness witnesses`)
	weekdayOrMonth      = set(`monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec`)
)
