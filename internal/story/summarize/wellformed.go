package summarize

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A headline must read as one: scraped text puts datelines, timestamps,
// photo credits, share buttons and HTML entities around the words, and
// sentence splitters cut at abbreviations ("Amsterdam, Netherlands,
// Jan."). polish takes that debris off; fragment tells a piece of text
// that is no headline at all.

var (
	// entity matches an HTML entity, also one whose ";" was lost:
	// "employment &amp" or "&amp jobs".
	entity = regexp.MustCompile(`&(?:[a-zA-Z]{2,8}|#[0-9]{1,6}|#[xX][0-9a-fA-F]{1,6});?`)
	// stampPrefix matches a leading timestamp: "( 05-02 ) 17: 12 pdt",
	// "Updated at 4:45 p.m. ET:", "Posted 10:02 am".
	stampPrefix = regexp.MustCompile(`(?i)^(?:\(\s*\d{1,2}\s*[-/]\s*\d{1,2}\s*\)\s*\d{1,2}\s*:\s*\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:[pmce][sd]t|et|pt|gmt|utc)?\s+|(?:updated|posted|published|last updated)(?: at| on)?\s+\d{1,2}\s*:\s*\d{2}\s*(?:[ap]\.?\s*m\.?)?\s*(?:[a-z]{2,3}\b)?\s*[:,-]?\s+)`)
	// creditPrefix matches a leading photo credit: "Photo by jane doe/ap",
	// "File photo:", "Alex garland / demotix / corbis".
	creditPrefix = regexp.MustCompile(`(?i)^(?:follow\s+\S+\s*:\s*(?:facebook|twitter|instagram)(?:\s*\|\s*(?:facebook|twitter|instagram))*\s+|(?:file\s+)?(?:photo|image|video)(?:\s*:\s*|\s+by\s+\S+(?:\s+\S+){0,4}?/\S+\s+)|\p{L}+(?:\s+\p{L}+){0,3}\s+/\s+\p{L}+(?:\s+/\s+\p{L}+)*\s+)`)
	// datelinePrefix matches a leading dateline in any case: "PARIS
	// (Reuters) - ", "Paris ( reuters ) - ", "Sarajevo, bosnia-herzegovina
	// ( ap ) — ", "WASHINGTON -- ", "PORT AVERIN, March 10 (Meridian) -".
	datelinePrefix = regexp.MustCompile(`^(\p{L}[\p{L}.'’/-]*(?:\s+\p{L}[\p{L}.'’/-]*){0,3}(?:\s*,\s*[\p{L}0-9][\p{L}0-9.'’-]*(?:\s+[\p{L}0-9][\p{L}0-9.'’-]*){0,3}){0,2})\s*(\(\s*[\p{L} .&/-]{1,30}\s*\)\s*)?(?:--|[-–—_])\s+`)
	// bareDateline matches a place and an agency with nothing after them.
	bareDateline = regexp.MustCompile(`^[\p{L} .,'’/-]{2,50}\(\s*[\p{L} .&-]{1,30}\s*\)\s*[-–—:]*$`)
	// initialism matches "u.s." and "d.c.", which lower-casing spoiled.
	initialism = regexp.MustCompile(`^\pL\.(?:\pL\.)+[,;:]?$`)
	// shareRun matches share-button text glued into a sentence: "share
	// tweet", "Share this: Facebook Twitter".
	shareRun = regexp.MustCompile(`(?i)\s+(?:share|tweet|email|print)(?:\s+(?:share|tweet|email|print|this|on|facebook|twitter|whatsapp|pinterest|linkedin|:))+(?:\s+|$)`)
)

// notPlace are words that do not occur in a dateline's place: a prefix
// holding one is a clause, not a dateline ("Police say - ...").
var notPlace = map[string]bool{
	"the": true, "a": true, "an": true, "is": true, "was": true, "are": true, "were": true,
	"said": true, "says": true, "say": true, "has": true, "have": true, "had": true,
	"will": true, "to": true, "in": true, "for": true, "and": true, "or": true,
	"but": true, "it": true, "he": true, "she": true, "they": true, "we": true, "i": true,
	"this": true, "that": true, "with": true, "on": true, "by": true, "not": true, "be": true,
}

// abbrevEnd are words after which a sentence splitter wrongly ends a
// sentence: text ending in one is a fragment.
var abbrevEnd = map[string]bool{
	"jan.": true, "feb.": true, "mar.": true, "apr.": true, "jun.": true, "jul.": true,
	"aug.": true, "sep.": true, "sept.": true, "oct.": true, "nov.": true, "dec.": true,
	"u.s.": true, "u.k.": true, "u.n.": true, "mr.": true, "mrs.": true, "ms.": true,
	"dr.": true, "st.": true, "gov.": true, "sen.": true, "rep.": true, "gen.": true,
	"lt.": true, "sgt.": true, "no.": true, "calif.": true, "fla.": true, "ill.": true,
	"mass.": true, "pa.": true, "va.": true, "wash.": true, "ariz.": true, "colo.": true,
	"conn.": true, "ga.": true, "ky.": true, "la.": true, "md.": true, "mich.": true,
	"minn.": true, "miss.": true, "mo.": true, "n.c.": true, "n.j.": true, "n.y.": true,
	"nev.": true, "okla.": true, "ore.": true, "s.c.": true, "tenn.": true, "tex.": true,
	"wis.": true, "ala.": true, "ark.": true, "d.c.": true, "inc.": true, "co.": true, "corp.": true,
}

// polish takes scraped debris off a headline candidate: HTML entities,
// timestamps, photo credits, datelines and glued share buttons.
func polish(t string) string {
	t = unescape(t)
	t = strings.Join(strings.Fields(t), " ")
	for range 4 {
		before := t
		for _, re := range []*regexp.Regexp{stampPrefix, creditPrefix} {
			if loc := re.FindStringIndex(t); loc != nil && loc[1] < len(t) {
				t = t[loc[1]:]
			}
		}
		t = stripDateline(t)
		if t == before {
			break
		}
	}
	if loc := shareRun.FindStringIndex(t); loc != nil && len(strings.Fields(t[:loc[0]])) >= 4 {
		t = t[:loc[0]]
	}
	t = strings.TrimSpace(t)
	// A lone "&" or "|" left at the end by an entity or a site name.
	t = strings.TrimRight(t, " &|·•-–—:;,")
	return upperFirst(t)
}

// unescape decodes HTML entities, also those missing their ";".
func unescape(t string) string {
	if !strings.Contains(t, "&") {
		return t
	}
	return entity.ReplaceAllStringFunc(t, func(m string) string {
		if strings.HasSuffix(m, ";") {
			return html.UnescapeString(m)
		}
		if u := html.UnescapeString(m + ";"); u != m+";" {
			return u
		}
		return m
	})
}

// stripDateline removes a leading dateline whose place part is a few
// words of a place, not a clause.
func stripDateline(t string) string {
	m := datelinePrefix.FindStringSubmatchIndex(t)
	if m == nil || m[1] >= len(t) {
		return t
	}
	place := t[m[2]:m[3]]
	for w := range strings.FieldsSeq(strings.ToLower(place)) {
		if notPlace[strings.Trim(w, ",.")] {
			return t
		}
	}
	// "four rescued - officials" is a clause: a dateline's place starts
	// with a capital, or an agency or a long dash follows it.
	r, _ := utf8.DecodeRuneInString(place)
	sep := strings.TrimSpace(t[m[3]:m[1]])
	if !unicode.IsUpper(r) && m[4] < 0 && !strings.HasSuffix(sep, "--") && !strings.HasSuffix(sep, "—") {
		return t
	}
	rest := t[m[1]:]
	if len(strings.Fields(rest)) < 4 {
		return t
	}
	return rest
}

// fragment reports whether a (polished) candidate is no headline: too
// short, a dateline alone ("Ft lauderdale ( cbsmiami )"), or cut at an
// abbreviation ("Amsterdam, netherlands, jan.").
func fragment(t string) bool {
	words := strings.Fields(t)
	if len(words) < 3 || bareDateline.MatchString(t) {
		return true
	}
	return abbrevEnd[strings.ToLower(words[len(words)-1])]
}

func upperFirst(t string) string {
	r, n := utf8.DecodeRuneInString(t)
	if n == 0 || !unicode.IsLower(r) {
		return t
	}
	return string(unicode.ToUpper(r)) + t[n:]
}

// caseMap learns how the story's texts write words mid-sentence, so a
// headline taken from lower-cased text gets its names' capitals back
// where any member wrote them ("france's carmat" -> "France's Carmat").
type caseMap struct {
	cased map[string]map[string]int // lower-case word -> written forms with a capital
	lower map[string]int            // lower-case word -> times written in lower case
	// lowered tells, by document, whether its text was lower-cased.
	lowered []bool
}

func newCaseMap(docs []Document) *caseMap {
	c := &caseMap{cased: map[string]map[string]int{}, lower: map[string]int{}}
	for _, d := range docs {
		c.lowered = append(c.lowered, c.add(d.Text))
	}
	return c
}

// restoreFrom is restore for a headline taken from document d: only a
// lower-cased document's text needs its capitals back; a sentence-case
// title ("Man shot, police say") is as its outlet wrote it.
func (c *caseMap) restoreFrom(d int, t string) string {
	if d < 0 || d >= len(c.lowered) || !c.lowered[d] {
		return upperFirst(t)
	}
	return c.restore(t)
}

// add counts the words of text that do not open a sentence. A text of
// some length with no capital past its sentence openings was lower-cased:
// its lower case says nothing of how words are written, so it is not
// counted, and add reports it.
func (c *caseMap) add(text string) (lowered bool) {
	prevEnd := true
	lower := map[string]int{}
	cased := 0
	for w := range strings.FieldsSeq(text) {
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		opens := prevEnd || strings.HasPrefix(w, `"`) || strings.HasPrefix(w, "“") || strings.HasPrefix(w, "(")
		prevEnd = strings.HasSuffix(strings.TrimRight(w, `"'”’)`), ".") || strings.HasSuffix(w, "!") || strings.HasSuffix(w, "?") || strings.HasSuffix(w, ":")
		if core == "" || opens {
			continue
		}
		low := strings.ToLower(core)
		if low == core {
			lower[low]++
			continue
		}
		cased++
		if c.cased[low] == nil {
			c.cased[low] = map[string]int{}
		}
		c.cased[low][core]++
	}
	if cased > 0 {
		for w, n := range lower {
			c.lower[w] += n
		}
	}
	words := 0
	for _, n := range lower {
		words += n
	}
	return cased == 0 && words >= 10
}

// restore gives a lower-cased headline back the capitals its words have
// elsewhere in the story, when written with them more often than
// without. A headline that already has capitals past its first letter is
// left alone: it was not lower-cased.
func (c *caseMap) restore(t string) string {
	upper := 0
	for i, r := range t {
		if i > 0 && unicode.IsUpper(r) {
			upper++
		}
	}
	if upper > 0 {
		return t
	}
	words := strings.Fields(t)
	for i, w := range words {
		start := strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
		end := strings.LastIndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
		if start < 0 {
			continue
		}
		_, size := utf8.DecodeRuneInString(w[end:])
		core := w[start : end+size]
		low := strings.ToLower(core)
		if low == "i" || initialism.MatchString(w) {
			words[i] = strings.ToUpper(w)
			continue
		}
		best, n := "", 0
		for form, k := range c.cased[low] {
			if k > n || (k == n && form < best) {
				best, n = form, k
			}
		}
		if n > c.lower[low] {
			words[i] = w[:start] + best + w[end+size:]
		}
	}
	return upperFirst(strings.Join(words, " "))
}
