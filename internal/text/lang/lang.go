// Package lang tells the language of an article's text. It adapts
// github.com/abadojack/whatlanggo (trigram profiles for 84 languages) to
// Storyline's needs: ISO 639-1 codes, "und" when the text is too short or
// the guess unreliable, and a fixed set of languages Storyline analyses.
package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// Undetermined is the code for text whose language could not be told.
const Undetermined = "und"

// The detector looks at no more than maxBytes of text, which is plenty
// for a trigram profile and keeps detection cheap on long articles.
const maxBytes = 700

// minLetters is the least number of letters a text needs before its
// language is guessed at all.
const minLetters = 20

// minConfidence is the least detector confidence accepted. whatlanggo's
// confidence measures the gap between the best and second-best language,
// and calls 0.8 "reliable"; close relatives (Russian and Ukrainian,
// Spanish and Galician) score far lower on short but clear text, and the
// best guess is still usually right, so the bar is low.
const minConfidence = 0.2

// supported lists the languages whose articles Storyline analyses
// (clustering, summaries, claim comparison). Articles in other languages
// are stored and flagged, never dropped. Add a language here only when the
// text stages (sentence splitting, stemming, stop words) handle it.
var supported = map[string]bool{
	"en": true,
}

// Supported reports whether Storyline analyses articles in the language
// with the given ISO 639-1 code. Case and a region suffix ("en-GB",
// "en_US") are ignored.
func Supported(code string) bool {
	code = strings.ToLower(strings.TrimSpace(code))
	if i := strings.IndexAny(code, "-_"); i >= 0 {
		code = code[:i]
	}
	return supported[code]
}

// Detect returns the ISO 639-1 code of text's language ("en", "de", ...)
// and whether Storyline analyses it. It returns Undetermined and false for
// text that is too short or whose language the detector cannot tell with
// confidence. Only the first 700 bytes are looked at.
func Detect(text string) (code string, supported bool) {
	text = head(text, maxBytes)
	if letters(text) < minLetters {
		return Undetermined, false
	}
	if clearlyEnglish(text) {
		return "en", true
	}
	info := whatlanggo.Detect(text)
	if info.Lang < 0 || info.Confidence < minConfidence {
		return Undetermined, false
	}
	code = info.Lang.Iso6391()
	if code == "" {
		return Undetermined, false
	}
	return code, Supported(code)
}

// englishMarkers are function words common in English prose and rare as
// words of other languages written in Latin script.
var englishMarkers = map[string]bool{
	"the": true, "of": true, "and": true, "to": true, "that": true, "for": true, "with": true,
	"was": true, "were": true, "is": true, "are": true, "said": true, "by": true, "from": true,
	"it": true, "his": true, "he": true, "has": true, "have": true, "this": true, "which": true,
	"on": true, "at": true, "be": true, "had": true, "their": true, "they": true, "who": true,
}

// clearlyEnglish is a fast path in front of the trigram detector, which
// costs most of an ingest's CPU: text of at least minMarkerWords words of
// which a fifth or more are English function words is English. Other text
// goes to the detector.
func clearlyEnglish(text string) bool {
	words, hits := 0, 0
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		words++
		if len(w) <= 5 && englishMarkers[strings.ToLower(w)] {
			hits++
		}
	}
	return words >= minMarkerWords && hits*5 >= words
}

// minMarkerWords is the least number of words clearlyEnglish decides on.
const minMarkerWords = 20

// head returns at most n bytes of s, cut at a rune boundary, with invalid
// UTF-8 replaced.
func head(s string, n int) string {
	if len(s) > n {
		i := n
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s = s[:i]
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}
