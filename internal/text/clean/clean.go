// Package clean removes scraped noise from an article's text without losing
// article sentences: titles repeated or glued to themselves, comment, share,
// newsletter and cookie boilerplate, photo captions and credits, section
// headings, and repeated paragraphs. It separates the dateline and byline
// from the body and normalises Unicode (NFC) and whitespace. Every removal
// is recorded with its reason so cleaning can be audited.
//
// Cleaning is conservative: a paragraph is removed only when it is short and
// matches a pattern of noise as a whole; long paragraphs are always kept.
package clean

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/storyline-news/storyline/internal/news"
)

// Reasons recorded in [news.Removal].
const (
	ReasonTitle       = "repeated-title"
	ReasonBoilerplate = "boilerplate"
	ReasonFooter      = "comment-footer"
	ReasonCaption     = "caption"
	ReasonCredit      = "credit"
	ReasonHeading     = "heading"
	ReasonRepeated    = "repeated-paragraph"
	ReasonDateline    = "dateline"
	ReasonByline      = "byline"
)

// Result is a cleaned article.
type Result struct {
	Title    string
	Body     string // paragraphs separated by "\n\n"
	Dateline string // e.g. "HOMS, Syria (Reuters)"
	Byline   string // e.g. "By Jane Doe"
	Removed  []news.Removal
}

// maxNoiseWords is the longest paragraph, in words, that may be taken for
// boilerplate, a caption or a heading. Longer paragraphs are article text.
const maxNoiseWords = 30

// Article cleans one article. When title is empty and the text opens with a
// line that looks like a headline, that line becomes the title; otherwise the
// title is the first sentence and the body keeps everything.
func Article(title, text string) Result {
	var r Result
	title = Line(title)
	paras := Paragraphs(text)

	if title == "" && len(paras) > 0 {
		if looksLikeHeadline(paras[0]) && len(paras) > 1 {
			title, paras = paras[0], paras[1:]
		} else {
			title = firstSentence(paras[0])
		}
	}
	if t, ok := unglue(title); ok {
		title = t
	}
	r.Title = title

	paras = r.dropTitles(paras)
	paras = r.splitHead(paras)
	paras = r.dropNoise(paras)
	r.Body = strings.Join(paras, "\n\n")
	return r
}

func (r *Result) remove(reason, text string) {
	r.Removed = append(r.Removed, news.Removal{Reason: reason, Text: text})
}

// Paragraphs normalises text (NFC, spaces, line ends) and splits it into
// paragraphs. Text with blank lines is split on them and the lines inside a
// paragraph are joined; text without blank lines has one paragraph a line.
func Paragraphs(text string) []string {
	text = norm.NFC.String(text)
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")
	blank := false
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			blank = true
			break
		}
	}
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for _, l := range lines {
		l = Line(l)
		switch {
		case l == "":
			flush()
		case blank:
			cur = append(cur, l)
		default:
			paras = append(paras, l)
		}
	}
	flush()
	return paras
}

// Line collapses every run of white space (including no-break and zero-width
// spaces) in s to one space, trims it and normalises it to NFC.
func Line(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, c := range s {
		switch {
		case c == '\u200b' || c == '\u200c' || c == '\u200d' || c == '\ufeff' || c == '\u00ad':
			continue // zero-width characters and soft hyphens
		case unicode.IsSpace(c):
			space = true
			continue
		case unicode.IsControl(c):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(c)
	}
	return norm.NFC.String(b.String())
}

// dropTitles removes leading paragraphs that repeat the title, alone or
// glued to itself ("TitleTitle").
func (r *Result) dropTitles(paras []string) []string {
	key := matchKey(r.Title)
	if key == "" {
		return paras
	}
	out := paras[:0:0]
	for i, p := range paras {
		if i < 4 && isRepeatedTitle(matchKey(p), key) {
			r.remove(ReasonTitle, p)
			continue
		}
		out = append(out, p)
	}
	return out
}

// isRepeatedTitle tells whether p (a match key) is title once or more times.
func isRepeatedTitle(p, title string) bool {
	if p == "" || len(p) < len(title) {
		return false
	}
	compact := strings.ReplaceAll(title, " ", "")
	q := strings.ReplaceAll(p, " ", "")
	if len(q)%len(compact) != 0 {
		return false
	}
	return strings.Repeat(compact, len(q)/len(compact)) == q
}

// unglue undoes a title glued to itself: "Title Title" or "TitleTitle".
func unglue(t string) (string, bool) {
	n := len(t)
	for k := 2; k <= 4; k++ {
		if n%k != 0 {
			continue
		}
		part := t[:n/k]
		if strings.Repeat(part, k) == t && len(strings.Fields(part)) >= 2 {
			return strings.TrimSpace(part), true
		}
		// "Title Title": parts separated by single spaces.
		if n2 := n + 1; n2%k == 0 {
			part := t[:n2/k-1]
			if strings.Join(repeat(part, k), " ") == t && len(strings.Fields(part)) >= 2 {
				return part, true
			}
		}
	}
	return t, false
}

func repeat(s string, k int) []string {
	out := make([]string, k)
	for i := range out {
		out[i] = s
	}
	return out
}

var (
	// dateline: "HOMS, Syria (Reuters) -", "PORT AVERIN, March 10 (Meridian Press) -",
	// "WASHINGTON (AP) --", "LONDON —". The place is in capitals.
	datelineRE = regexp.MustCompile(`^((?:[A-Z][A-Z'.\-]*)(?: [A-Z][A-Z'.\-]*){0,4}(?:, [A-Z][A-Za-z.]*(?: [A-Z0-9][A-Za-z0-9.]*){0,3})?(?: \([^()]{2,40}\))?) ?(?:-{1,2}|–|—|:) +`)
	// byline: "By Jane Doe", "By Jane Doe and John Roe, Reuters".
	bylineRE = regexp.MustCompile(`^(?i:by) [\p{Lu}][\p{L}.'\-]+(?: [\p{Lu}][\p{L}.'\-]+){0,3}(?:(?: and |, )[\p{Lu}][\p{L}.'\-]+(?: [\p{Lu}][\p{L}.'\-]+){0,3}){0,3}(?: ?[,|] ?[\p{L} ]{2,40})?$`)
)

// splitHead takes the byline and dateline off the first paragraphs.
func (r *Result) splitHead(paras []string) []string {
	out := paras[:0:0]
	for i, p := range paras {
		if i < 3 && r.Byline == "" && len(p) < 120 && bylineRE.MatchString(p) {
			r.Byline = p
			r.remove(ReasonByline, p)
			continue
		}
		if len(out) == 0 && r.Dateline == "" {
			if m := datelineRE.FindStringSubmatchIndex(p); m != nil && len(p) > m[1]+20 && isDateline(p[m[2]:m[3]]) {
				r.Dateline = strings.TrimSpace(p[m[2]:m[3]])
				r.remove(ReasonDateline, p[:m[1]])
				p = p[m[1]:]
			}
		}
		out = append(out, p)
	}
	return out
}

// isDateline checks that the place part of a dateline candidate is in
// capitals (at least one word of two or more capital letters).
func isDateline(d string) bool {
	place, _, _ := strings.Cut(d, ",")
	place, _, _ = strings.Cut(place, "(")
	letters, upper := 0, 0
	for _, c := range place {
		if unicode.IsLetter(c) {
			letters++
			if unicode.IsUpper(c) {
				upper++
			}
		}
	}
	return letters >= 2 && upper == letters
}

// Noise patterns: a short paragraph matching one of them as a whole is
// removed. They are matched against the lower-cased paragraph.
var (
	footerRE = regexp.MustCompile(`^(leave a (comment|reply)|post a comment|add a comment|(your )?email address will not be published|required fields are marked|comments?( \(\d+\))?|\d+ comments?|join the (conversation|discussion)|log ?in to (comment|reply)|you must be logged in to post a comment|cancel reply|name \* email \*|save my name, email)`)
	boilerRE = regexp.MustCompile(`^(share (this|on|via|the)\b|share$|tweet$|email$|print$|(follow|like) us on\b|subscribe\b|sign up\b|get (our|the) (daily |free )?newsletter|newsletter\b|(we|this (site|website)) uses? cookies|accept (all )?cookies|cookie (policy|settings)|read more\b|related( (stories|articles|coverage|content))?:?$|(see|read) also\b|click here\b|advertisement$|advertising$|sponsored( content)?$|©|\(c\) ?\d{4}|copyright \d{4}|all rights reserved|recommended( for you)?:?$|more (from|on) |trending( now)?:?$|most (read|popular|viewed)|you may also like|don't miss|skip to (main )?content|back to top|image copyright|image caption|media playback is unsupported|watch:|listen:|download (our|the) app|this (article|story) (was|has been) (updated|corrected)|report an error|send us a tip|topics:|tags:)`)
	creditRE = regexp.MustCompile(`(^|\W)(photo|image|picture|video|graphic|illustration)s?( credit)?: |\((ap|afp|reuters|getty|epa)( photo| images)?[/)]|getty images$|^(reporting|writing|editing|additional reporting) by\b|; editing by\b`)
)

// dropNoise removes boilerplate, captions, credits, headings and repeated
// paragraphs.
func (r *Result) dropNoise(paras []string) []string {
	punctuated := 0
	for _, p := range paras {
		if endsSentence(p) {
			punctuated++
		}
	}
	// Caption and heading detection rely on article text being punctuated;
	// text without sentence punctuation (lower-cased dumps) is left alone.
	structured := len(paras) >= 3 && punctuated*2 > len(paras)

	seen := make(map[string]bool, len(paras))
	out := paras[:0:0]
	footer := false
	for i, p := range paras {
		words := countWords(p, maxNoiseWords+1)
		short := words <= maxNoiseWords
		lower := ""
		if short {
			lower = strings.ToLower(p)
		}
		key := matchKey(p)
		switch {
		case short && footerRE.MatchString(lower):
			footer = true
			r.remove(ReasonFooter, p)
		case footer && short && !endsSentence(p):
			// Form fields and links after a comment footer.
			r.remove(ReasonFooter, p)
		case short && boilerRE.MatchString(lower):
			r.remove(ReasonBoilerplate, p)
		case short && mayBeCredit(lower) && creditRE.MatchString(lower):
			r.remove(ReasonCredit, p)
		case key != "" && seen[key] && words >= 3:
			r.remove(ReasonRepeated, p)
		case structured && i > 0 && isHeading(p, words):
			r.remove(ReasonHeading, p)
		case structured && i > 0 && isCaption(p, words):
			r.remove(ReasonCaption, p)
		default:
			seen[key] = true
			out = append(out, p)
		}
	}
	return out
}

// countWords counts the white-space separated words of s, stopping at max.
func countWords(s string, max int) int {
	n, in := 0, false
	for _, c := range s {
		if unicode.IsSpace(c) {
			in = false
		} else if !in {
			in = true
			if n++; n >= max {
				return n
			}
		}
	}
	return n
}

// creditCues are substrings every credit line creditRE matches contains;
// checking them first spares most paragraphs the regular expression.
var creditCues = []string{"photo", "image", "picture", "video", "graphic", "illustration", "getty", "(ap", "(afp", "(reuters", "(epa", "reporting", "writing", "editing"}

func mayBeCredit(lower string) bool {
	for _, c := range creditCues {
		if strings.Contains(lower, c) {
			return true
		}
	}
	return false
}

// isHeading tells a section heading: a few words, no sentence punctuation,
// mostly capitalised ("Christian Population", "Syria-UN meeting").
func isHeading(p string, words int) bool {
	if words > 6 || endsSentence(p) || strings.ContainsAny(p, ",;") {
		return false
	}
	capital := 0
	for _, w := range strings.Fields(p) {
		if c, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(c) || unicode.IsDigit(c) {
			capital++
		}
	}
	return capital*2 >= words
}

// isCaption tells a photo caption: a short descriptive line with no closing
// punctuation standing between paragraphs of article text.
func isCaption(p string, words int) bool {
	return words >= 5 && words <= 25 && !endsSentence(p) && !strings.HasSuffix(p, ":")
}

// endsSentence tells whether p ends as a sentence does: . ! ? or a closing
// quote or bracket after one, or an ellipsis.
func endsSentence(p string) bool {
	p = strings.TrimRight(p, " \"'”’»)]*")
	if p == "" {
		return false
	}
	c, _ := utf8.DecodeLastRuneInString(p)
	return c == '.' || c == '!' || c == '?' || c == '…'
}

// looksLikeHeadline tells whether a first line is a title: short, and not
// ending like a sentence or a clause.
func looksLikeHeadline(p string) bool {
	words := len(strings.Fields(p))
	if words == 0 || words > 20 || len(p) > 160 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(p)
	return last != '.' && last != ',' && last != ';' && last != ':'
}

// firstSentence returns the first sentence of p, cut to 20 words.
func firstSentence(p string) string {
	end := len(p)
	for i, c := range p {
		if (c == '.' || c == '!' || c == '?') && i+1 < len(p) && p[i+1] == ' ' && i > 20 {
			end = i + 1
			break
		}
	}
	s := p[:end]
	if w := strings.Fields(s); len(w) > 20 {
		s = strings.Join(w[:20], " ") + "…"
	}
	return strings.TrimRight(s, ", ")
}

// matchKey lower-cases s and keeps its letters and digits, single-space
// separated, so that punctuation and quote styles do not matter.
func matchKey(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(c rune) bool {
		return !unicode.IsLetter(c) && !unicode.IsDigit(c)
	})
	return strings.Join(f, " ")
}
