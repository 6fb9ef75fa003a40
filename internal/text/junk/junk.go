// Package junk tells scraped page furniture from article prose, one
// sentence at a time, so that claim lists and summaries show only what a
// report says: bare URLs, media-player and playlist lines, timestamps,
// social and newsletter prompts, photo captions and credits, navigation,
// and sentences the splitter or the scraper cut off.
//
// The rules favour precision: a sentence is junk only when a rule is sure.
// They were written from sentences labelled in benchmark stories (see
// testdata/labels.tsv and label_test.go) and work on mixed-case and on
// lower-cased text alike. Everything is pure; patterns are compiled once.
package junk

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Reasons a sentence is junk, as [Reason] returns them.
const (
	URL       = "url"       // a bare link, or a link with a few words
	Player    = "player"    // media player controls, playlist entries
	Timestamp = "timestamp" // "Posted: 08/02/2013 11:10 am EDT"
	Social    = "social"    // follow, share, subscribe, newsletter and form prompts
	Caption   = "caption"   // photo captions and credits
	Nav       = "nav"       // navigation: related links, "continue reading"
	Cut       = "cut"       // a sentence cut off at its start or its end
)

// Reason returns why the sentence s is junk (one of the constants above),
// or "" when it reads as article prose.
func Reason(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	low := strings.ToLower(s)
	switch {
	case isURL(low):
		return URL
	case isPlayer(s, low):
		return Player
	case isTimestamp(low):
		return Timestamp
	case isSocial(low):
		return Social
	case isCaption(low):
		return Caption
	case containsAny(low, navPhrases) || hasPrefixAny(low, navPrefixes) || strings.Count(s, " | ") >= 2:
		return Nav
	case isCut(s):
		return Cut
	}
	return ""
}

// Is reports whether the sentence s is junk.
func Is(s string) bool { return Reason(s) != "" }

// phrases is a set of phrases found in one pass over a sentence: a bit
// set of the two-byte pairs that open a phrase rules out almost every
// position before any comparison.
type phrases struct {
	pairs [1 << 16 / 64]uint64
	first [256][]string
}

func newPhrases(lists ...[]string) *phrases {
	m := &phrases{}
	for _, l := range lists {
		for _, p := range l {
			k := uint16(p[0])<<8 | uint16(p[1])
			m.pairs[k/64] |= 1 << (k % 64)
			m.first[p[0]] = append(m.first[p[0]], p)
		}
	}
	return m
}

// in reports whether s contains one of the phrases.
func (m *phrases) in(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		k := uint16(s[i])<<8 | uint16(s[i+1])
		if m.pairs[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, p := range m.first[s[i]] {
			if strings.HasPrefix(s[i:], p) {
				return true
			}
		}
	}
	return false
}

func containsAny(s string, m *phrases) bool { return m.in(s) }

func hasPrefixAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// isURL: a sentence that is mostly a link: a URL with at most five other
// words, or a tweet's signature ("pic.twitter.com/x — Ed Crump (@Ed) January
// 11, 2017").
func isURL(low string) bool {
	if strings.Contains(low, "pic.twitter.com/") || strings.Contains(low, "(@") && tweetSignature.MatchString(low) {
		return true
	}
	if !strings.Contains(low, "://") && !strings.Contains(low, "www.") {
		return false
	}
	links, other := 0, 0
	for _, w := range strings.Fields(low) {
		if strings.Contains(w, "://") || strings.HasPrefix(w, "www.") || strings.HasPrefix(w, "(www.") {
			links++
		} else {
			other++
		}
	}
	return links > 0 && other <= 5
}

// tweetSignature ends an embedded tweet: "— Name (@handle) January 11, 2017".
var tweetSignature = regexp.MustCompile(`\(@\w+\) (january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2}, \d{4}`)

// playlist is a video playlist entry: a duration, then a title in capitals
// ("1:56 Protesters march ..."), not a time of day ("2:30 p.m.").
var playlist = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2})? +[A-Z"'“‘]`)

var timeOfDay = regexp.MustCompile(`^\d{1,2}:\d{2} *(a\.?m\b|p\.?m\b|am\b|pm\b|[ap]\. m\b|et\b|est\b|edt\b|ct\b|cst\b|pt\b|pst\b|gmt\b|utc\b|hours\b|local\b)`)

// playerPhrases are the controls and notices of media players.
var playerPhrases = newPhrases([]string{
	"media playback is unsupported", "play facebook twitter", "now playing", "up next",
	"click to play", "play video", "watch video", "replay video", "autoplay",
	"video will play", "your browser does not support", "this video is no longer available",
	"skip in 5", "video player", "loading video", "advertisement - story continues",
	"enable javascript", "javascript is disabled", "skip ad", "ad loading",
})

func isPlayer(s, low string) bool {
	if playlist.MatchString(s) && !timeOfDay.MatchString(low) {
		return true
	}
	if strings.HasSuffix(s, " Pause") || strings.HasSuffix(s, " Play") {
		return true
	}
	return containsAny(low, playerPhrases)
}

// stampPrefixes open a page's date line ("Posted: 08 / 02 / 2013 11: 10
// am EDT", "Updated 3:45 PM ET").
var stampPrefixes = []string{"posted:", "posted on", "posted at", "updated:", "updated at", "updated on", "last updated", "published:", "published on", "published at", "update #"}

var stampPhrases = newPhrases([]string{"(all times local)", "( all times local )", "( published ", "(published "})

func isTimestamp(low string) bool {
	if containsAny(low, stampPhrases) {
		return true
	}
	if !hasPrefixAny(low, stampPrefixes) && !strings.HasPrefix(low, "posted ") && !strings.HasPrefix(low, "updated ") {
		return false
	}
	// A date line is short and mostly numbers, or an update marker.
	if strings.HasPrefix(low, "update #") {
		return true
	}
	digits := 0
	words := strings.Fields(low)
	for _, w := range words {
		if strings.ContainsAny(w, "0123456789") {
			digits++
		}
	}
	return len(words) <= 12 && digits >= 1
}

// socialPhrases are prompts to follow, share, subscribe or fill in a form.
var socialPhrases = newPhrases([]string{
	"follow us on", "like us on facebook", "find us on facebook", "share this", "share on facebook",
	"share on twitter", "sign up for our", "sign up for the", "subscribe to our", "subscribe now",
	"newsletter", "verification message", "spam or junk folder", "enter the characters",
	"characters with black color", "required fields", "click here to", "download our app",
	"download the app", "email this", "tweet this", "join the conversation", "comments are closed",
	"leave a comment", "post a comment", "view comments", "all rights reserved", "copyright 20",
	"this material may not be published", "rewritten or redistributed",
	"terms of service", "privacy policy", "terms of use", "to your inbox",
})

// networks are social networks named in follow and share prompts.
var networks = []string{"facebook", "twitter", "instagram", "google+", "google plus", "linkedin", "pinterest", "youtube", "whatsapp", "reddit", "snapchat", "tumblr"}

var networkSet = newPhrases(networks)

func isSocial(low string) bool {
	if containsAny(low, socialPhrases) || strings.Contains(low, "download the ") && strings.Contains(low, " app") {
		return true
	}
	if !containsAny(low, networkSet) {
		return false
	}
	n := 0
	for _, nw := range networks {
		if strings.Contains(low, nw) {
			n++
		}
	}
	// "Follow CBSMIAMI.COM: Facebook | Twitter"
	words := strings.Fields(low)
	return n >= 2 && (len(words) <= 12 || strings.Contains(low, "|")) ||
		n >= 1 && strings.HasPrefix(low, "follow ") && len(words) <= 8
}

// captionPhrases mark photo captions and credits.
var captionPhrases = newPhrases([]string{
	"(ap photo", "( ap photo", "ap photo/", "(photo:", "( photo:", "photo: ", "photo by ", "photo courtesy",
	"picture courtesy", "courtesy photo", "getty images", "image copyright", "image caption",
	"media caption", "buy photo", "credit: ", "illustration by", "file photo", "file - in this",
	"file – in this", "(associated press)", "( associated press )", "&#124;", "(reuters photo",
	"photograph: ", "photographer: ", "photo credit", "(photo)", "( photo )", "images)", "images )",
	"via ap)", "via ap )", "/ap)", "/ap )", "/afp)", "/afp )", "/reuters)", "/reuters )",
})

// captionPattern matches gallery counters ("Image 4 of 5") and the "(l.)"
// and "(r.)" of captions.
var captionPattern = regexp.MustCompile(`\b(image|photo|picture|slide) \d+ of \d+\b|\((l|r|c)\.\)|\((left|right|center|centre)\)`)

func isCaption(low string) bool {
	if containsAny(low, captionPhrases) || strings.Contains(low, " show") && photoShows.MatchString(low) {
		return true
	}
	// The regular expressions below run only where their anchor text is.
	if (strings.Contains(low, " of ") || strings.Contains(low, ".)") || strings.Contains(low, "t)") || strings.Contains(low, "e)")) && captionPattern.MatchString(low) {
		return true
	}
	n := len(low)
	return n > 12 && low[n-1] == '.' && isDigit(low[n-2]) && captionDate.MatchString(low[max(0, n-60):])
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// photoShows opens a caption: "A photo provided by a witness shows ...".
var photoShows = regexp.MustCompile(`^(a |an |this |the )?(photo|image|picture|photograph)\b[^.,;]{0,60}\b(shows|showing)\b`)

// captionDate ends a wire-photo caption: "..., in Simferopol, Ukraine,
// Friday, Feb. 28, 2014."
var captionDate = regexp.MustCompile(`, (monday|tuesday|wednesday|thursday|friday|saturday|sunday),? (jan|feb|march|april|may|june|july|aug|sept|oct|nov|dec)[a-z]*\.? \d{1,2}, \d{4}\.$`)

// navPhrases are navigation and promotion glued into the text.
var navPhrases = newPhrases([]string{
	"related articles", "related stories", "related coverage", "related content", "related links",
	"continue reading", "read more:", "read more »", "read more at", "skip to content", "skip to main",
	"back to top", "next story", "previous story", "recommended for you",
	"you may also like", "sponsored content", "advertisement continue", "story continues below",
	"trending now", "for more, visit", "story highlights", "text size",
})

// navPrefixes open a sentence with navigation glued to it.
var navPrefixes = []string{"related news ", "related: ", "see also:", "more: ", "× "}

// isCut reports a sentence cut off: one ending in a word that cannot end
// an English sentence ("..., where russia has"), in a single letter and a
// period ("flew to L."), or in an open bracket and a number ("(19."), and
// one opening in lower case or inside a bracket or number it lost.
func isCut(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	firstWord, _, _ := strings.Cut(s, " ")
	if unicode.IsLower(first) && !mixedWord(firstWord, s) {
		return true // "and then he left.": the start of the sentence is lost
	}
	if cutStart.MatchString(s) {
		return true
	}
	last := s[strings.LastIndexAny(s, " \t\n")+1:]
	end, _ := utf8.DecodeLastRuneInString(s)
	switch {
	case end == '.' && endsInInitial(s):
		return true
	case end == '.' && len(s) > 1 && isDigit(s[len(s)-2]) && strings.Count(s, "(") > strings.Count(s, ")"):
		return true // "... women 25 - 54 (19."
	case !strings.ContainsRune(".!?…\"'”’):;", end) && danglers[strings.ToLower(strings.Trim(last, `,"'”’`))] && len(strings.Fields(s)) >= 4:
		return true
	}
	// A closing bracket before any opening one: the start is lost.
	if i, j := strings.IndexByte(s, ')'), strings.IndexByte(s, '('); i >= 0 && (j < 0 || i < j) && i < 40 {
		return true
	}
	return false
}

// mixedWord tells "iPhone" or "eBay", which open sentences in lower case,
// from a lost start.
func mixedWord(w, s string) bool {
	for _, r := range s[:min(len(s), len(w))] {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// cutStart: a sentence opening with a number that belonged to the one
// before ("9, but the U. S. ...", "8 (Crescent View Apartments), ...").
var cutStart = regexp.MustCompile(`^\d+(, [a-z]| \([A-Z])`)

// endsInInitial reports a sentence ending in one letter and a period, cut
// at an abbreviation ("... flew to L.", "... hit 105 ° f.").
func endsInInitial(s string) bool {
	n := len(s)
	if n < 3 || s[n-1] != '.' {
		return false
	}
	c, b := s[n-2], s[n-3]
	return ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') && (b == ' ' || b == '(')
}

// danglers are words that cannot end an English sentence: a sentence
// without final punctuation that ends in one was cut off.
var danglers = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "to": true, "in": true, "on": true, "at": true,
	"by": true, "for": true, "from": true, "with": true, "into": true, "and": true, "or": true,
	"but": true, "after": true, "before": true, "as": true, "than": true, "that": true, "which": true,
	"who": true, "whose": true, "when": true, "where": true, "while": true, "has": true, "have": true,
	"had": true, "is": true, "are": true, "was": true, "were": true, "be": true, "been": true,
	"his": true, "her": true, "their": true, "its": true, "our": true, "my": true, "your": true,
}
