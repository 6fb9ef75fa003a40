package rouge

import (
	"regexp"
	"strings"
)

// The Porter (1980) stemmer exactly as ROUGE-1.5.5 embeds it (the Perl
// "Release 1" implementation by Martin Porter), including its deviations
// from the paper: step 2 has "bli" and "logi", and step 4 is the version
// Chin-Yew Lin modified in 2004. The patterns below are the script's.
const (
	consonant    = `[^aeiou]`
	vowel        = `[aeiouy]`
	consonantSeq = consonant + `[^aeiouy]*`
	vowelSeq     = vowel + `[aeiou]*`
)

var (
	reMgr0  = regexp.MustCompile(`^(` + consonantSeq + `)?` + vowelSeq + consonantSeq)                           // m > 0
	reMeq1  = regexp.MustCompile(`^(` + consonantSeq + `)?` + vowelSeq + consonantSeq + `(` + vowelSeq + `)?$`)  // m = 1
	reMgr1  = regexp.MustCompile(`^(` + consonantSeq + `)?` + vowelSeq + consonantSeq + vowelSeq + consonantSeq) // m > 1
	reVowel = regexp.MustCompile(`^(` + consonantSeq + `)?` + vowel)                                             // vowel in stem
	reCVC   = regexp.MustCompile(`^` + consonantSeq + vowel + `[^aeiouwxy]$`)                                    // *o
)

var step2 = []struct{ suffix, repl string }{
	{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"},
	{"izer", "ize"}, {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"}, {"eli", "e"},
	{"ousli", "ous"}, {"ization", "ize"}, {"ation", "ate"}, {"ator", "ate"},
	{"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"},
	{"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"}, {"logi", "log"},
}

var step3 = []struct{ suffix, repl string }{
	{"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"},
	{"ical", "ic"}, {"ful", ""}, {"ness", ""},
}

var step4 = []string{
	"al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement",
	"ou", "ism", "ate", "iti", "ous", "ive", "ize",
}

// longestSuffix returns the index of the longest entry of suffixes that w
// ends with, or -1. A Perl alternation anchored with $ picks the leftmost
// match, which is the longest suffix.
func longestSuffix[T any](w string, list []T, key func(T) string) int {
	best, bestLen := -1, 0
	for i, e := range list {
		s := key(e)
		if len(s) > bestLen && strings.HasSuffix(w, s) {
			best, bestLen = i, len(s)
		}
	}
	return best
}

// Stem returns the Porter stem of a lower-case word the way ROUGE-1.5.5
// computes it. Words shorter than three bytes are returned unchanged.
// ROUGE itself only stems tokens longer than three bytes and first looks
// words up in the WordNet 2.0 exception list, which Stem does not have.
func Stem(w string) string {
	if len(w) < 3 {
		return w
	}
	initialY := w[0] == 'y'
	if initialY {
		w = "Y" + w[1:]
	}

	// Step 1a.
	switch {
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ies"):
		w = w[:len(w)-2]
	case len(w) >= 2 && w[len(w)-1] == 's' && w[len(w)-2] != 's':
		w = w[:len(w)-1]
	}

	// Step 1b.
	if strings.HasSuffix(w, "eed") {
		if reMgr0.MatchString(w[:len(w)-3]) {
			w = w[:len(w)-1]
		}
	} else if suf := edIng(w); suf > 0 {
		stem := w[:len(w)-suf]
		if reVowel.MatchString(stem) {
			w = stem
			n := len(w)
			switch {
			case strings.HasSuffix(w, "at"), strings.HasSuffix(w, "bl"), strings.HasSuffix(w, "iz"):
				w += "e"
			case n >= 2 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouylsz", rune(w[n-1])):
				w = w[:n-1]
			case reCVC.MatchString(w):
				w += "e"
			}
		}
	}

	// Step 1c.
	if strings.HasSuffix(w, "y") {
		if stem := w[:len(w)-1]; reVowel.MatchString(stem) {
			w = stem + "i"
		}
	}

	// Step 2.
	if i := longestSuffix(w, step2, func(e struct{ suffix, repl string }) string { return e.suffix }); i >= 0 {
		if stem := w[:len(w)-len(step2[i].suffix)]; reMgr0.MatchString(stem) {
			w = stem + step2[i].repl
		}
	}

	// Step 3.
	if i := longestSuffix(w, step3, func(e struct{ suffix, repl string }) string { return e.suffix }); i >= 0 {
		if stem := w[:len(w)-len(step3[i].suffix)]; reMgr0.MatchString(stem) {
			w = stem + step3[i].repl
		}
	}

	// Step 4, as modified in ROUGE-1.5.5.
	if i := longestSuffix(w, step4, func(s string) string { return s }); i >= 0 {
		if stem := w[:len(w)-len(step4[i])]; reMgr1.MatchString(stem) {
			w = stem
		}
	}
	if strings.HasSuffix(w, "ment") {
		if stem := w[:len(w)-4]; reMgr1.MatchString(stem) {
			w = stem
		}
	}
	if strings.HasSuffix(w, "ent") {
		if stem := w[:len(w)-3]; reMgr1.MatchString(stem) {
			w = stem
		}
	} else if strings.HasSuffix(w, "sion") || strings.HasSuffix(w, "tion") {
		if stem := w[:len(w)-3]; reMgr1.MatchString(stem) {
			w = stem
		}
	}

	// Step 5.
	if strings.HasSuffix(w, "e") {
		stem := w[:len(w)-1]
		if reMgr1.MatchString(stem) || (reMeq1.MatchString(stem) && !reCVC.MatchString(stem)) {
			w = stem
		}
	}
	if strings.HasSuffix(w, "ll") && reMgr1.MatchString(w) {
		w = w[:len(w)-1]
	}

	if initialY {
		w = "y" + w[1:]
	}
	return w
}

// edIng returns the length of an "ed" or "ing" ending of w, or 0.
func edIng(w string) int {
	switch {
	case strings.HasSuffix(w, "ed"):
		return 2
	case strings.HasSuffix(w, "ing"):
		return 3
	}
	return 0
}
