package quantity

import (
	"strings"
	"unicode/utf8"
)

// Words that name a counted quantity after the number ("12 people were
// killed", "two dead") or before it as an active verb ("killing 12").
var countWords = map[string]string{
	"killed": Killed, "dead": Killed, "died": Killed, "deaths": Killed, "death": Killed, "slain": Killed,
	"fatalities": Killed, "murdered": Killed, "lives": Killed, "bodies": Killed, "perished": Killed,
	"injured": Injured, "wounded": Injured, "hurt": Injured, "injuries": Injured, "hospitalized": Injured,
	"hospitalised": Injured, "injuring": Injured, "wounding": Injured,
	"shot":     Shot,
	"arrested": Arrested, "detained": Arrested, "arrests": Arrested, "apprehended": Arrested, "captured": Arrested,
	"missing": Missing, "unaccounted": Missing,
	"evacuated": Evacuated, "evacuees": Evacuated,
	"rescued": Rescued, "saved": Rescued,
}

// Active verbs before the number: "killing 12", "wounded two others".
var verbsBefore = map[string]string{
	"killing": Killed, "killed": Killed, "kills": Killed, "kill": Killed, "claimed": Killed, "claiming": Killed,
	"wounding": Injured, "wounded": Injured, "injuring": Injured, "injured": Injured, "injures": Injured, "wounds": Injured,
	"shooting": Shot, "shot": Shot, "shoots": Shot,
	"arresting": Arrested, "arrested": Arrested, "detained": Arrested, "detaining": Arrested,
	"evacuating": Evacuated, "evacuated": Evacuated, "rescuing": Rescued, "rescued": Rescued,
	"captured": Arrested, "capturing": Arrested, "seized": Arrested, "nabbed": Arrested,
}

// Who is counted: the noun between the number and the verb.
var subjects = map[string]string{
	"people": "", "persons": "", "person": "", "men": "", "women": "", "man": "", "woman": "", "victims": "",
	"victim": "", "others": "", "individuals": "", "adults": "", "civilians": "", "residents": "", "bystanders": "",
	"passengers": "", "people's": "", "teens": "", "teenagers": "", "youths": "", "males": "", "females": "",
	"young": "", "innocent": "", "other": "", "total": "", "in": "",
	"daughters": "", "sons": "", "brothers": "", "sisters": "", "relatives": "", "cousins": "", "friends": "",
	"neighbors": "", "neighbours": "", "siblings": "", "family": "",
	"officers": "officers", "officer": "officers", "deputies": "officers", "deputy": "officers", "policemen": "officers",
	"troopers": "officers", "agents": "officers", "police": "officers", "cops": "officers",
	"children": "children", "child": "children", "kids": "children", "boys": "children", "girls": "children",
	"students": "children", "toddlers": "children", "infants": "children",
	"suspects": "suspects", "suspect": "suspects", "gunmen": "suspects", "attackers": "suspects", "militants": "suspects",
	"pirates": "suspects", "robbers": "suspects", "assailants": "suspects", "shooters": "suspects",
	"soldiers": "soldiers", "troops": "soldiers", "firefighters": "firefighters", "workers": "workers",
	"miners": "workers", "crew": "workers",
}

// Words that may stand between the number, its noun and the verb.
var countFillers = set(`were was are is have has had been being be reportedly also all later critically seriously
	badly gravely fatally mortally who that police said confirmed reported believed feared thought known
	now currently people's family members remain remained still`)

// Nouns after an active verb's number that show it counts people.
var afterCount = set(`people persons others men women victims children officers suspects civilians students
	residents passengers and in at during on inside outside suspected alleged armed daughters sons brothers sisters
	relatives cousins friends neighbors neighbours siblings family teens teenagers youths males females bystanders
	individuals adults innocents`)

// Words of time after an active verb's number: "injured five late
// Saturday night", "killed three Tuesday".
var timeAfter = set(`late early earlier overnight last this yesterday today tonight monday tuesday wednesday
	thursday friday saturday sunday`)

// Change words: the statement reports an update.
var changeWords = set(`rose risen rises rising climbed climbs increased increases jumped reached grew grown now climbing stands`)

// countAt reads a count of people.
func countAt(toks []token, i, j int, v float64) (Mention, bool) {
	if v != float64(int(v)) || v < 0 || v > 1e7 {
		return Mention{}, false
	}
	hedge, hs, rng := hedgeBefore(toks, i)
	m := Mention{Start: toks[hs].start}
	if rng != nil {
		m.Hedge = hedge
		m.Min, m.Max = rng(v)
	}
	if at(toks, j) == "of" || at(toks, j) == "in" && at(toks, j+1) == "every" {
		return Mention{}, false // "two of the wounded": a part
	}
	if w := at(toks, j); (w == "more" || w == "other" || w == "additional" || w == "new" || w == "further") && at(toks, j+1) != "than" && !subjectAfterOther(toks, j) {
		return Mention{}, false // "three more bodies": an increment
	}
	// "Coleman, 31 all died": an age in a list of names, not a count; but
	// "1 Dead, 3 Injured" and "15-Year-Old Dead, 6 Shot" are counts.
	if _, counted := subjects[at(toks, j)]; toks[i].num && v <= 120 && at(toks, i-1) == "," && i >= 2 && toks[i-2].cap && !counted &&
		countWords[toks[i-2].low] == "" && toks[i-2].low != "old" {
		return Mention{}, false
	}
	// Forward: number, noun, fillers, quantity word.
	subj, seenSubj := "", false
	for k := j; k < len(toks) && k < j+7; k++ {
		t := toks[k]
		if t.punct {
			if t.text == "-" || t.text == "," && k == j && false {
				continue
			}
			break
		}
		if q, ok := countWords[t.low]; ok {
			// "were shot dead", "shot and killed", "shot to death".
			if q == Shot && (at(toks, k+1) == "dead" || at(toks, k+1) == "to" && at(toks, k+2) == "death" ||
				at(toks, k+1) == "and" && (at(toks, k+2) == "killed")) || q == Shot && at(toks, k-1) == "fatally" {
				q = Killed
			}
			if q == Injured && at(toks, k-1) == "fatally" || q == Injured && at(toks, k-1) == "mortally" {
				q = Killed
			}
			if t.low == "lives" && !(at(toks, k+1) == "lost" || at(toks, k-1) == "claimed") {
				return Mention{}, false
			}
			if t.low == "death" {
				return Mention{}, false
			}
			if q == Missing && at(toks, k+1) == "for" || q == Missing && k == j && at(toks, k+1) == "persons" {
				// "missing for two days"; "two missing persons" is fine.
				if at(toks, k+1) == "for" {
					return Mention{}, false
				}
			}
			m.Kind, m.Subject = q, subj
			m.End = t.end
			if k+1 < len(toks) && toks[k+1].low == "and" && at(toks, k+2) == "killed" {
				m.End = toks[k+2].end
			}
			m.Update = updateBefore(toks, hs)
			return m, true
		}
		if s, ok := subjects[t.low]; ok {
			if seenSubj && s != "" && subj == "" {
				subj = s
			} else if !seenSubj {
				subj = s
			}
			seenSubj = true
			continue
		}
		if countFillers[t.low] {
			continue
		}
		break
	}
	// Backward: an active verb or a toll before the number.
	b := hs - 1
	if b < 0 {
		return Mention{}, false
	}
	next := at(toks, j)
	countsPeople := next == "" || toks[j].punct || afterCount[next] || subjects[next] != "" || timeAfter[next] || subjectAfterOther(toks, j)
	if q, ok := verbsBefore[toks[b].low]; ok && countsPeople && !(next == "times" || next == "rounds") {
		if at(toks, b-1) == "fatally" || q == Shot && (next == "dead") {
			q = Killed
		}
		if q == Shot && next == "other" {
			return Mention{}, false // "shot him, then shot three other people": not all who were shot
		}
		m.Kind, m.Subject = q, subjectAfter(toks, j)
		m.Start = toks[b].start
		m.Update = updateBefore(toks, b)
		return m, true
	}
	// "the death toll rose to 15", "a death toll of 15", "number of dead
	// has risen to 15".
	for k := b; k >= 0 && k >= b-8; k-- {
		w := toks[k].low
		if toks[k].punct && toks[k].text != "-" {
			break
		}
		if w == "toll" {
			m.Kind = Killed
			if at(toks, k-1) == "injury" {
				m.Kind = Injured
			}
			m.Start = toks[k].start
			m.Update = hasChange(toks, k, hs)
			return m, true
		}
		if w == "number" && at(toks, k+1) == "of" {
			if q, ok := countWords[at(toks, k+2)]; ok && q != Shot {
				m.Kind = q
			} else if q, ok := countWords[at(toks, k+3)]; ok && q != Shot {
				m.Kind = q
			} else {
				return Mention{}, false
			}
			m.Start = toks[k].start
			m.Update = hasChange(toks, k, hs)
			return m, true
		}
	}
	return Mention{}, false
}

// subjectAfterOther tells "two other people were shot" and "wounded
// three other teens" (counts) from "three more bodies" (an increment).
func subjectAfterOther(toks []token, j int) bool {
	if at(toks, j) != "other" {
		return false
	}
	next := at(toks, j+1)
	_, person := subjects[next]
	return person && next != "in" && next != "other" && next != "total" || afterCount[next] && !countFillers[next]
}

// subjectAfter reads who an active verb's number counts, past a few
// adjectives ("23 suspected Somali pirates").
func subjectAfter(toks []token, j int) string {
	for k := j; k < j+3 && k < len(toks) && !toks[k].punct; k++ {
		if s, ok := subjects[toks[k].low]; ok {
			return s
		}
	}
	return ""
}

// durationAt reads the length of a prison sentence or a contract: "a
// 10-year sentence", "sentenced to 10 years", "an eight-year, $200 million
// contract". Its subject is "sentence" or "contract".
func durationAt(toks []token, i, j int, v float64) (Mention, bool) {
	if v != float64(int(v)) || v <= 0 || v > 200 || j != i+1 {
		return Mention{}, false
	}
	k := j
	if at(toks, k) == "-" {
		k++
	}
	unit := ""
	switch at(toks, k) {
	case "year", "years":
		unit = "year"
	case "month", "months":
		unit = "month"
	default:
		return Mention{}, false
	}
	if w := at(toks, k+1); w == "old" || w == "-" && at(toks, k+2) == "old" || w == "olds" {
		return Mention{}, false
	}
	m := Mention{Kind: Duration, Unit: unit, Start: toks[i].start, End: toks[k].end}
	if at(toks, i-1) == "to" && (at(toks, i-2) == "sentenced" || at(toks, i-2) == "jailed") || at(toks, i-1) == "of" && at(toks, i-2) == "sentence" {
		m.Subject = "sentence"
		return m, true
	}
	for n, q := k+1, 0; q < 6 && n < len(toks); n, q = n+1, q+1 {
		switch toks[n].low {
		case "contract", "deal", "extension", "agreement", "lease":
			m.Subject = "contract"
			return m, true
		case "sentence", "prison", "jail", "bars", "probation", "imprisonment":
			m.Subject = "sentence"
			return m, true
		case "ago", "later", "earlier", "old", "since", "after", "before":
			return Mention{}, false
		}
		if toks[n].punct && toks[n].text != "," && toks[n].text != "-" && toks[n].text != "$" {
			break
		}
	}
	return Mention{}, false
}

// updateBefore tells "has risen to 15": a change word shortly before.
func updateBefore(toks []token, i int) bool {
	return at(toks, i-1) == "to" && changeWords[at(toks, i-2)] || at(toks, i-1) == "now"
}

func hasChange(toks []token, from, to int) bool {
	for k := from; k < to && k < len(toks); k++ {
		if changeWords[toks[k].low] {
			return true
		}
	}
	return false
}

// Person words after an age, by group.
var personWords = map[string]string{
	"man": "man", "men": "man", "male": "man", "father": "man", "husband": "man", "son": "man", "gentleman": "man",
	"woman": "woman", "women": "woman", "female": "woman", "mother": "woman", "wife": "woman", "daughter": "woman", "lady": "woman",
	"boy": "boy", "girl": "girl", "teen": "teen", "teenager": "teen", "youth": "teen", "student": "teen",
	"child": "child", "toddler": "child", "baby": "child", "infant": "child", "son's": "child",
}

// ageAt reads an age: "a 24-year-old man", "Smith, 43,", "aged 24",
// "24 years old".
func ageAt(toks []token, i, j int, v float64) (Mention, bool) {
	if v != float64(int(v)) || v < 0 || v > 120 || j != i+1 {
		return Mention{}, false
	}
	m := Mention{Kind: Age, Start: toks[i].start}
	// 24-year-old / 24 year old / 24-years-old
	k := j
	if at(toks, k) == "-" {
		k++
	}
	if w := at(toks, k); w == "year" || w == "years" {
		k++
		if at(toks, k) == "-" {
			k++
		}
		if at(toks, k) == "old" || at(toks, k) == "olds" {
			m.End = toks[k].end
			m.Subject = ageSubjectBefore(toks, i)
			if m.Subject == "" {
				m.Subject = ageSubjectAfter(toks, k+1)
			}
			return m, true
		}
		return Mention{}, false
	}
	// aged 24
	if at(toks, i-1) == "aged" || at(toks, i-1) == "age" && at(toks, i-2) != "under" {
		m.Start = toks[i-1].start
		m.Subject = ageSubjectBefore(toks, i-1)
		return m, true
	}
	// Smith, 43,  /  John Smith (43)
	if i >= 2 && toks[i].num && (toks[i-1].text == "," || toks[i-1].text == "(") && toks[i-2].cap && !months[toks[i-2].low] && v >= 1 {
		close := at(toks, j)
		if toks[i-1].text == "(" && close != ")" {
			return Mention{}, false
		}
		if toks[i-1].text == "," && !(close == "," || close == "." || close == ";" || close == "and" || close == "of" || close == "who" || close == "was" || close == "is" || close == "remains" || close == ")") {
			return Mention{}, false
		}
		if close == "," && toks[j].end < len(toks[len(toks)-1].text)+toks[len(toks)-1].start && at(toks, j+1) != "" && toks[j+1].num {
			return Mention{}, false // a list of numbers
		}
		name := toks[i-2]
		if stopCaps[name.low] {
			return Mention{}, false
		}
		m.Start = name.start
		m.Subject = name.low
		return m, true
	}
	return Mention{}, false
}

// Capitalised words that are not names before ", 43," or after an age.
var stopCaps = set(`the a an he she they it this that police officials authorities said and but in on at inc ltd jr sr
	shot shoots shooting killed kills killing dies died dead dying found accused charged arrested wounded injured
	fatally accidentally critically hurt sentenced pleads convicted identified missing is was has had who
	county city town township village state school high university college department street avenue road
	park church north south east west new fort lake mount saint st`)

func ageSubjectAfter(toks []token, k int) string {
	var lastCap string
	for n := 0; n < 4 && k < len(toks); n, k = n+1, k+1 {
		t := toks[k]
		if g, ok := personWords[t.low]; ok {
			return g
		}
		if t.cap && !t.punct {
			if stopCaps[t.low] || months[t.low] {
				return "" // "Caldwell County": a place, not a name; "Tuesday night"
			}
			if utf8.RuneCountInString(t.text) == 1 && at(toks, k+1) == "." {
				k++ // "Anthony D. Ray": a middle initial
				continue
			}
			lastCap = t.low
			continue
		}
		if t.punct && t.text != "." || !t.cap {
			break
		}
	}
	if lastCap != "" && !stopCaps[lastCap] {
		return lastCap
	}
	return ""
}

// ageSubjectBefore reads "Smith, a 24-year-old" or "Smith, aged 24".
func ageSubjectBefore(toks []token, i int) string {
	k := i - 1
	if w := at(toks, k); w == "a" || w == "an" || w == "the" {
		k--
	}
	if at(toks, k) == "," && k >= 1 && toks[k-1].cap && !stopCaps[toks[k-1].low] && !months[toks[k-1].low] {
		return toks[k-1].low
	}
	return ""
}

var currencies = map[string]string{"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}

var currencyWords = map[string]string{"dollars": "USD", "dollar": "USD", "pounds": "GBP", "euros": "EUR", "euro": "EUR", "rupees": "INR", "yen": "JPY"}

// What a sum pays, by the nearest word.
var moneyTopics = set(`bail bond reward offer contract deal fine fines settlement damages salary cost costs budget
	loss losses ransom price bid fee fees grant donation donations fund funds bonus sale purchase payment
	penalty restitution lawsuit suit insurance raise debt worth value`)

// moneyAt reads a sum: "$200 million", "50,000 dollars".
func moneyAt(toks []token, i, j int, v float64) (Mention, bool) {
	m := Mention{Kind: Money, Start: toks[i].start}
	if cur, ok := currencies[at(toks, i-1)]; ok {
		m.Unit = cur
		m.Start = toks[i-1].start
		if at(toks, i-2) == "us" || at(toks, i-2) == "u" {
			m.Start = toks[i-2].start
		}
	} else if cur, ok := currencyWords[at(toks, j)]; ok {
		m.Unit = cur
		m.End = toks[j].end
	} else {
		return Mention{}, false
	}
	hedge, hs, rng := hedgeBefore(toks, indexOfStart(toks, m.Start))
	if rng != nil {
		m.Hedge = hedge
		m.Min, m.Max = rng(v)
		m.Start = toks[hs].start
	}
	// The topic: the nearest topic word within the clause.
	best := 99
	for d := 1; d <= 6; d++ {
		for _, k := range []int{j - 1 + d, i - 1 - d} {
			if k < 0 || k >= len(toks) || toks[k].punct && toks[k].text != "-" && toks[k].text != "$" {
				continue
			}
			if moneyTopics[toks[k].low] && d < best {
				best = d
				m.Subject = strings.TrimSuffix(toks[k].low, "s")
			}
		}
	}
	if m.Subject == "bond" {
		m.Subject = "bail" // "a $1 million bond" in a court report is its bail
	}
	return m, true
}

func indexOfStart(toks []token, start int) int {
	for k, t := range toks {
		if t.start == start {
			return k
		}
	}
	return 0
}

// magnitudeAt reads an earthquake's magnitude: "6.1-magnitude",
// "magnitude 6.1", "measuring 6.1".
func magnitudeAt(toks []token, i, j int, v float64) (Mention, bool) {
	if v <= 0 || v >= 10 || j != i+1 {
		return Mention{}, false
	}
	m := Mention{Kind: Magnitude, Unit: "magnitude", Start: toks[i].start}
	k := j
	if at(toks, k) == "-" {
		k++
	}
	if at(toks, k) == "magnitude" || at(toks, k) == "richter" {
		m.End = toks[k].end
		return m, true
	}
	p := i - 1
	if at(toks, p) == "-" || at(toks, p) == "of" {
		p--
	}
	if at(toks, p) == "magnitude" || at(toks, p) == "measuring" && strings.Contains(toks[i].low, ".") {
		m.Start = toks[p].start
		return m, true
	}
	return Mention{}, false
}

var measureUnits = map[string]string{
	"km": "km", "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km",
	"miles": "mi", "mile": "mi", "meters": "m", "metres": "m", "feet": "ft", "foot": "ft",
	"mph": "mph", "acres": "acre", "hectares": "ha", "tons": "t", "tonnes": "t", "kg": "kg",
	"kilograms": "kg", "pounds": "lb", "lbs": "lb", "gallons": "gal", "litres": "l", "liters": "l",
	"degrees": "deg", "inches": "in", "storeys": "floor", "stories": "floor", "floors": "floor",
}

// measureAt reads a measure with a unit: "20 km from Damascus". Its
// subject is the word after the unit (a measure "north of" a place is
// another quantity than one "deep").
func measureAt(toks []token, i, j int, v float64) (Mention, bool) {
	k := j
	if at(toks, k) == "-" {
		k++
	}
	u, ok := measureUnits[at(toks, k)]
	if !ok {
		return Mention{}, false
	}
	if u == "lb" && at(toks, i-1) == "£" {
		return Mention{}, false
	}
	m := Mention{Kind: Measure, Unit: u, Start: toks[i].start, End: toks[k].end}
	hedge, hs, rng := hedgeBefore(toks, i)
	if rng != nil {
		m.Hedge = hedge
		m.Min, m.Max = rng(v)
		m.Start = toks[hs].start
	}
	if w := at(toks, k+1); w != "" && !toks[k+1].punct {
		m.Subject = w
		if w == "to" || w == "of" || w == "from" || w == "away" {
			m.Subject = "from"
		}
	}
	return m, true
}
