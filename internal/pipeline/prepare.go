package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/text/clean"
	"github.com/storyline-news/storyline/internal/text/dates"
	"github.com/storyline-news/storyline/internal/text/lang"
	"github.com/storyline-news/storyline/internal/web/urlnorm"
)

// UnknownSource names the outlet of an article whose input gives neither a
// source nor a URL.
const UnknownSource = "unknown"

// Prepare turns one raw input item into a normalised, cleaned article: URL
// in canonical form, source, publish time, language, cleaned title and body,
// and content hash. It does no I/O. It fails only when nothing of the
// article is left after cleaning.
func Prepare(item ingest.Item) (*news.Article, error) {
	c := clean.Article(item.Title, item.Text)
	if strings.TrimSpace(c.Body) == "" && strings.TrimSpace(c.Title) == "" {
		return nil, news.Errorf(news.EINVALID, "%s: empty article after cleaning", item.Origin)
	}
	a := &news.Article{
		ExternalID: item.ExternalID,
		RawURL:     item.URL,
		Title:      c.Title,
		Body:       c.Body,
		Dateline:   c.Dateline,
		Byline:     c.Byline,
		Removed:    c.Removed,
		Origin:     item.Origin,
	}
	if item.URL != "" {
		if u, err := urlnorm.Canonical(item.URL); err == nil {
			a.URL = u
		}
	}
	a.Source = strings.TrimSpace(item.Source)
	if a.Source == "" && a.URL != "" {
		a.Source = urlnorm.Host(a.URL)
	}
	if a.Source == "" {
		a.Source = fallbackSource(item, c.Dateline)
	}
	if t, ok := dates.Parse(item.Date); ok {
		a.Published = t.UTC()
	}
	if phrase := clean.Placeholder(a.Title, a.Body); phrase != "" {
		// Stored, so nothing is lost, but kept out of stories (assign).
		a.Removed = append(a.Removed, news.Removal{Reason: clean.ReasonPlaceholder, Text: phrase})
	}
	a.Language, a.LanguageSupported = detectLanguage(item.Language, a.Title, a.Body)
	a.ContentHash = ContentHash(a.Source, a.Title, a.Body)
	return a, nil
}

// fallbackSource names the outlet of an article whose input gives neither
// a source nor a URL: the agency of its dateline ("HOMS, Syria (Reuters)"),
// else, for a whole file (plain text or HTML), the file's name without its
// extensions, so that two saved pages count as two sources; else
// UnknownSource.
func fallbackSource(item ingest.Item, dateline string) string {
	if i := strings.LastIndexByte(dateline, '('); i >= 0 && strings.HasSuffix(dateline, ")") {
		if agency := strings.TrimSpace(dateline[i+1 : len(dateline)-1]); agency != "" {
			return agency
		}
	}
	if (item.Format == ingest.FormatText || item.Format == ingest.FormatHTML) && item.Origin != "" && item.Origin != "stdin" {
		name := filepath.Base(item.Origin)
		if i := strings.IndexByte(name, '.'); i > 0 {
			name = name[:i]
		}
		if name != "" {
			return name
		}
	}
	return UnknownSource
}

// detectLanguage trusts a language the input declares and otherwise asks
// the detector.
func detectLanguage(declared, title, body string) (string, bool) {
	if code := strings.ToLower(strings.TrimSpace(declared)); len(code) >= 2 {
		code = code[:2] // "en-GB" -> "en"
		return code, lang.Supported(code)
	}
	return lang.Detect(title + "\n\n" + body)
}

// ContentHash returns the hex SHA-256 of the article's outlet, title and
// body with case, punctuation and spacing normalised away, so copies that
// differ only in those are one article. The outlet is part of the hash: the
// same wire story published by two outlets is two articles (linked as
// near-copies by clustering), while one outlet's page scraped twice with
// different noise is one.
func ContentHash(source, title, body string) string {
	h := sha256.New()
	var b strings.Builder
	for _, s := range []string{source, "\x00", title, "\x00", body} {
		space := false
		for _, r := range s {
			switch {
			case r == 0:
				b.WriteByte(0)
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteRune(unicode.ToLower(r))
			default:
				space = true
			}
		}
		h.Write([]byte(b.String()))
		b.Reset()
	}
	return hex.EncodeToString(h.Sum(nil))
}

// placeholder reports whether Prepare marked a as a placeholder page.
func placeholder(a *news.Article) bool {
	for _, r := range a.Removed {
		if r.Reason == clean.ReasonPlaceholder {
			return true
		}
	}
	return false
}
