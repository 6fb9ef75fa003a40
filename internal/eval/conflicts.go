package eval

import (
	"cmp"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Injected conflicts. A small story of a clustering benchmark (a gold
// event with 2-6 articles) is given a conflict by changing one number of
// one article, in its headline and body together ("Two people are dead"
// -> "Four people are dead"), where an article of another outlet gives
// the original number. The numbers are found by the injector's own
// patterns below, written apart from the synthesis's quantity reader so
// that the set does not measure that reader against itself.

// ConflictStory is one story of an injected-conflict set: its articles,
// changed or not.
type ConflictStory struct {
	ID     string          // the gold event, with "#n" for a part of a large one
	Family string          // the benchmark file's name: "gva-dev", "ecbplus-dev"
	Half   string          // "dev" or "test": the event's hash half
	Recs   []ClusterRecord // the articles, one of them changed when Injected
	// Injected is true for a changed story; Kind, Old and New say what was
	// changed in Recs[Article].
	Injected bool
	Kind     string
	Old, New float64
	Article  int
	// Witnesses are the articles of other outlets that give the old value.
	Witnesses []int
	// Agreeing is true for an unchanged story whose outlets give the same
	// values for every quantity the injector's patterns find (and at least
	// one quantity is given by two outlets).
	Agreeing bool
}

// ConflictSetOptions controls [BuildConflictSet].
type ConflictSetOptions struct {
	Seed uint64
	// MinArticles and MaxArticles bound a small story (2 and 6 when zero).
	// Larger events are cut into consecutive parts of at most MaxArticles.
	MinArticles, MaxArticles int
	// Split cuts events larger than MaxArticles into parts instead of
	// leaving them out.
	Split bool
	// Prepare, if set, gives an article's title and body as the pipeline
	// stores them (cleaned): a number counts as stated, by the changed
	// article and by the witnesses, only if it is still there.
	Prepare func(ClusterRecord) (title, body string)
}

// numRe matches a number as the injector reads it.
const numRe = `(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)`

const (
	whoRe  = `(?:\s+(?:people|persons|men|women|others|victims|children|teens|teenagers|officers|adults|students|suspects|pirates|civilians|residents))?`
	beRe   = `(?:\s+(?:were|are|was|is|have been|had been|has been|have|had|remain))?`
	hedgRe = `(?:(?:at least|more than|about|nearly|some)\s+)?`
)

// injectPatterns find the numbers the injector may change, by kind. The
// number is the pattern's first non-empty group.
var injectPatterns = []struct {
	kind string
	re   *regexp.Regexp
}{
	{"killed", regexp.MustCompile(`(?i)\b` + numRe + whoRe + beRe + `\s+(?:killed|dead|died|slain|fatally (?:shot|wounded)|shot dead|shot and killed|shot to death)\b`)},
	{"killed", regexp.MustCompile(`(?i)\b(?:killing|killed|kills)\s+` + hedgRe + numRe + whoRe + `\b(?:[^-\w]|$)`)},
	{"killed", regexp.MustCompile(`(?i)\b(?:left|leaving)\s+` + hedgRe + numRe + whoRe + `\s+dead\b`)},
	{"killed", regexp.MustCompile(`(?i)\bdeath toll\s+(?:\w+\s+){0,3}?(?:to|at|of)\s+` + numRe + `\b`)},
	{"injured", regexp.MustCompile(`(?i)\b` + numRe + whoRe + beRe + `\s+(?:injured|wounded|hurt|hospitalized|hospitalised)\b`)},
	{"injured", regexp.MustCompile(`(?i)\b(?:wounding|injuring|wounded|injured)\s+` + hedgRe + numRe + whoRe + `\b(?:[^-\w]|$)`)},
	{"shot", regexp.MustCompile(`(?i)\b` + numRe + whoRe + beRe + `\s+shot\b(?:\s+(?:and|dead|to))?`)},
	{"shot", regexp.MustCompile(`(?i)\b(?:shooting|shot)\s+` + hedgRe + numRe + `\s+(?:people|persons|men|women|others|victims|teens|officers)\b`)},
	{"arrested", regexp.MustCompile(`(?i)\b` + numRe + whoRe + beRe + `\s+(?:arrested|detained|in custody|taken into custody|captured)\b`)},
	{"arrested", regexp.MustCompile(`(?i)\b(?:arrested|detained|captured)\s+` + hedgRe + numRe + whoRe + `\b(?:[^-\w]|$)`)},
	{"missing", regexp.MustCompile(`(?i)\b` + numRe + whoRe + beRe + `\s+(?:missing|unaccounted)\b`)},
	{"evacuated", regexp.MustCompile(`(?i)\b` + numRe + whoRe + beRe + `\s+evacuated\b`)},
	{"rescued", regexp.MustCompile(`(?i)\b` + numRe + whoRe + beRe + `\s+rescued\b`)},
	{"age", regexp.MustCompile(`(?i)\b(\d{1,2})[- ]years?[- ]old\b`)},
	{"age", regexp.MustCompile(`\b[A-Z][a-z]+,\s+(\d{1,2}),`)},
	{"age", regexp.MustCompile(`(?i)\baged\s+(\d{1,2})\b`)},
	{"arrested", regexp.MustCompile(`(?i)\b(?:captured|arrested|detained|seized|nabbed)\s+` + hedgRe + numRe + `\s+(?:suspected\s+)?(?:[A-Z][a-z]+\s+)?pirates\b`)},
	{"duration", regexp.MustCompile(`(?i)\b` + numRe + `-year\s+(?:contract|deal|extension|sentence|prison term)\b`)},
	{"duration", regexp.MustCompile(`(?i)\bsentenced to\s+` + numRe + `\s+years\b`)},
	{"duration", regexp.MustCompile(`(?i)\b` + numRe + `\s+years\s+(?:in prison|in jail|behind bars)\b`)},
	{"money", regexp.MustCompile(`\$\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:million|billion))?`)},
	{"magnitude", regexp.MustCompile(`(?i)\b(\d\.\d)[- ]magnitude\b|\bmagnitude(?:[- ]|\s+of\s+)(\d\.\d)\b`)},
}

// The "shot" pattern must not take "shot dead", "shot and killed" or
// "shot to death": those count the killed.
func shotIsKilled(match string) bool {
	l := strings.ToLower(match)
	return strings.HasSuffix(l, " dead") || strings.HasSuffix(l, " to") || strings.HasSuffix(l, " and")
}

var numberWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
	"twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}

func parseInjectNumber(s string) (float64, bool) {
	if i := slices.Index(numberWords, strings.ToLower(s)); i >= 0 {
		return float64(i), true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return f, err == nil
}

// numMention is a number found by an injection pattern.
type numMention struct {
	kind       string
	value      float64 // scale included ("$2 million": 2000000)
	scale      float64
	hedged     bool // "at least 12": a range, which another value may fall in
	field      int  // 0 title, 1 text
	start, end int  // of the number
}

// injectMentions finds the injector's numbers in a record's title and text.
func injectMentions(r ClusterRecord) []numMention {
	var out []numMention
	for field, s := range []string{r.Title, r.Text} {
		seen := map[[2]int]bool{}
		for _, p := range injectPatterns {
			for _, loc := range p.re.FindAllStringSubmatchIndex(s, -1) {
				kind := p.kind
				if kind == "shot" && shotIsKilled(s[loc[0]:loc[1]]) {
					continue
				}
				for g := 2; g+1 < len(loc); g += 2 {
					if loc[g] < 0 {
						continue
					}
					v, ok := parseInjectNumber(s[loc[g]:loc[g+1]])
					if !ok || seen[[2]int{loc[g], loc[g+1]}] {
						break
					}
					if kind == "age" && (v < 1 || v > 99) || kind == "money" && v == 0 {
						break
					}
					seen[[2]int{loc[g], loc[g+1]}] = true
					scale := 1.0
					if rest := strings.ToLower(s[loc[g+1]:loc[1]]); strings.Contains(rest, "million") {
						scale = 1e6
					} else if strings.Contains(rest, "billion") {
						scale = 1e9
					}
					before := strings.ToLower(s[max(0, loc[g]-16):loc[g]])
					hedged := false
					for _, h := range []string{"at least ", "more than ", "about ", "nearly ", "some ", "over ", "up to ", "around ", "almost ", "as many as ", "approximately ", "less than ", "fewer than "} {
						if strings.HasSuffix(before, h) || strings.HasSuffix(before, h+"$") {
							hedged = true
						}
					}
					out = append(out, numMention{kind: kind, value: v * scale, scale: scale, hedged: hedged, field: field, start: loc[g], end: loc[g+1]})
					break
				}
			}
		}
	}
	return out
}

// smallStories groups records by event into stories of MinArticles to
// MaxArticles, in file order.
func smallStories(recs []ClusterRecord, family string, opt ConflictSetOptions) []ConflictStory {
	lo, hi := cmp.Or(opt.MinArticles, 2), cmp.Or(opt.MaxArticles, 6)
	byEvent := map[string][]ClusterRecord{}
	var order []string
	for _, r := range recs {
		if _, ok := byEvent[r.Event]; !ok {
			order = append(order, r.Event)
		}
		byEvent[r.Event] = append(byEvent[r.Event], r)
	}
	var out []ConflictStory
	for _, ev := range order {
		rs := byEvent[ev]
		half := "dev"
		if h := fnv.New32a(); true {
			h.Write([]byte(ev))
			if h.Sum32()%2 == 1 {
				half = "test"
			}
		}
		if len(rs) < lo {
			continue
		}
		if len(rs) <= hi {
			out = append(out, ConflictStory{ID: ev, Family: family, Half: half, Recs: rs})
			continue
		}
		if !opt.Split {
			continue
		}
		parts := (len(rs) + hi - 1) / hi
		for p := range parts {
			a, b := p*len(rs)/parts, (p+1)*len(rs)/parts
			out = append(out, ConflictStory{ID: ev + "#" + strconv.Itoa(p+1), Family: family, Half: half, Recs: rs[a:b]})
		}
	}
	return out
}

// candidate is a number the injector may change: one stated by article
// Article and, with the same value, by an article of another outlet.
type candidate struct {
	article int
	m       numMention
}

func candidates(st ConflictStory, ms, kept [][]numMention) []candidate {
	var out []candidate
	states := func(list []numMention, m numMention) bool {
		for _, o := range list {
			if o.kind == m.kind && o.value == m.value && !o.hedged {
				return true
			}
		}
		return false
	}
	for i, r := range st.Recs {
		seen := map[string]bool{}
		for _, m := range ms[i] {
			key := m.kind + strconv.FormatFloat(m.value, 'f', -1, 64)
			if seen[key] || m.hedged || (m.kind != "age" && m.kind != "money" && m.kind != "magnitude" && m.kind != "duration" && m.value < 2) || !states(kept[i], m) {
				continue
			}
			seen[key] = true
			witness := false
			for k, o := range st.Recs {
				if k == i || o.Source == r.Source {
					continue
				}
				for _, om := range kept[k] {
					if om.kind == m.kind && om.value == m.value && !om.hedged {
						witness = true
					}
				}
			}
			if witness {
				out = append(out, candidate{article: i, m: m})
			}
		}
	}
	return out
}

// agreeing tells whether every outlet that states a kind gives the same
// values for it, and some kind is stated by two outlets.
func agreeing(st ConflictStory, ms [][]numMention) bool {
	vals := map[string]map[string]map[float64]bool{} // kind -> source -> values
	for i, r := range st.Recs {
		for _, m := range ms[i] {
			if vals[m.kind] == nil {
				vals[m.kind] = map[string]map[float64]bool{}
			}
			if vals[m.kind][r.Source] == nil {
				vals[m.kind][r.Source] = map[float64]bool{}
			}
			vals[m.kind][r.Source][m.value] = true
		}
	}
	shared := false
	for _, bySrc := range vals {
		var first map[float64]bool
		for _, vs := range bySrc {
			if first == nil {
				first = vs
				continue
			}
			shared = true
			if len(vs) != len(first) {
				return false
			}
			for v := range vs {
				if !first[v] {
					return false
				}
			}
		}
	}
	return shared
}

// BuildConflictSet makes the injected-conflict set of one benchmark file:
// the small stories with a number two outlets share, shuffled with the
// seed; the first half changed, the second half kept as controls.
func BuildConflictSet(recs []ClusterRecord, family string, opt ConflictSetOptions) []ConflictStory {
	stories := smallStories(recs, family, opt)
	h := fnv.New64a()
	h.Write([]byte(family))
	rng := rand.New(rand.NewPCG(opt.Seed, h.Sum64()))
	var pool []ConflictStory
	var cands [][]candidate
	var mentions, keptMentions [][][]numMention
	for _, st := range stories {
		ms := make([][]numMention, len(st.Recs))
		kept := ms
		if opt.Prepare != nil {
			kept = make([][]numMention, len(st.Recs))
		}
		for i, r := range st.Recs {
			ms[i] = injectMentions(r)
			if opt.Prepare != nil {
				p := r
				p.Title, p.Text = opt.Prepare(r)
				kept[i] = injectMentions(p)
			}
		}
		c := candidates(st, ms, kept)
		if len(c) == 0 {
			continue
		}
		pool = append(pool, st)
		cands = append(cands, c)
		mentions = append(mentions, ms)
		keptMentions = append(keptMentions, kept)
	}
	perm := rng.Perm(len(pool))
	out := make([]ConflictStory, 0, len(pool))
	for n, p := range perm {
		st := pool[p]
		if n >= len(pool)/2 {
			st.Agreeing = agreeing(st, keptMentions[p])
			out = append(out, st)
			continue
		}
		// A kind first, then a number of that kind, so that the common
		// ages do not crowd out the counts.
		var kinds []string
		for _, c := range cands[p] {
			if !slices.Contains(kinds, c.m.kind) {
				kinds = append(kinds, c.m.kind)
			}
		}
		kind := kinds[rng.IntN(len(kinds))]
		var ofKind []candidate
		for _, c := range cands[p] {
			if c.m.kind == kind {
				ofKind = append(ofKind, c)
			}
		}
		c := ofKind[rng.IntN(len(ofKind))]
		out = append(out, inject(st, c, mentions[p], keptMentions[p], rng))
	}
	return out
}

// inject changes the candidate's number in its article, everywhere the
// article states that kind with that value.
func inject(st ConflictStory, c candidate, ms, kept [][]numMention, rng *rand.Rand) ConflictStory {
	used := map[float64]bool{}
	for _, list := range ms {
		for _, m := range list {
			if m.kind == c.m.kind {
				used[m.value] = true
			}
		}
	}
	old := c.m.value
	var nv float64
	for range 50 {
		switch c.m.kind {
		case "age":
			d := float64(1 + rng.IntN(5))
			if rng.IntN(2) == 0 && old-d >= 1 {
				d = -d
			}
			nv = old + d
		case "money":
			nv = old * []float64{1.5, 2, 3, 0.5}[rng.IntN(4)]
		case "magnitude":
			d := float64(3+rng.IntN(3)) / 10
			if rng.IntN(2) == 0 {
				d = -d
			}
			nv = math.Round((old+d)*10) / 10
		default:
			nv = old + float64(1+rng.IntN(3))
		}
		// The value as it will be written ("2.25" million written "2.2").
		orig := st.Recs[c.article].Title
		if c.m.field == 1 {
			orig = st.Recs[c.article].Text
		}
		if f, ok := parseInjectNumber(formatLike(orig[c.m.start:c.m.end], nv/c.m.scale)); ok {
			nv = f * c.m.scale
		}
		if !used[nv] && nv > 0 && nv != old {
			break
		}
	}
	recs := slices.Clone(st.Recs)
	r := recs[c.article]
	var title, text []numMention
	for _, m := range ms[c.article] {
		if m.kind != c.m.kind || m.value != old {
			continue
		}
		if m.field == 0 {
			title = append(title, m)
		} else {
			text = append(text, m)
		}
	}
	r.Title = replaceNumbers(r.Title, title, nv)
	r.Text = replaceNumbers(r.Text, text, nv)
	recs[c.article] = r
	st.Recs = recs
	st.Injected, st.Kind, st.Old, st.New, st.Article = true, c.m.kind, old, nv, c.article
	for k, list := range kept {
		if k == c.article || st.Recs[k].Source == st.Recs[c.article].Source {
			continue
		}
		for _, m := range list {
			if m.kind == c.m.kind && m.value == old && !m.hedged {
				st.Witnesses = append(st.Witnesses, k)
				break
			}
		}
	}
	return st
}

// replaceNumbers writes v over each mention's number, in the number's
// style: a word for a word (capitalised alike), digits with thousands
// separators for digits that had them.
func replaceNumbers(s string, ms []numMention, v float64) string {
	slices.SortFunc(ms, func(a, b numMention) int { return cmp.Compare(b.start, a.start) })
	for _, m := range ms {
		s = s[:m.start] + formatLike(s[m.start:m.end], v/m.scale) + s[m.end:]
	}
	return s
}

func formatLike(orig string, v float64) string {
	if slices.Contains(numberWords, strings.ToLower(orig)) && v == math.Trunc(v) && int(v) < len(numberWords) {
		w := numberWords[int(v)]
		if r := []rune(orig); unicode.IsUpper(r[0]) {
			if len(r) > 1 && unicode.IsUpper(r[1]) {
				return strings.ToUpper(w)
			}
			return strings.ToUpper(w[:1]) + w[1:]
		}
		return w
	}
	dec := 0
	if i := strings.IndexByte(orig, '.'); i >= 0 {
		dec = len(orig) - i - 1
	}
	out := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(orig, ",") {
		out = groupThousands(out)
	}
	return out
}

func groupThousands(s string) string {
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}
