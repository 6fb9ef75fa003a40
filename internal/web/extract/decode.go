package extract

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// metaCharset finds a declared encoding in the first bytes of a page:
// <meta charset=...> or <meta http-equiv=Content-Type content="...; charset=...">.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.+-]+)`)

// declaredScan is how far into a page a charset declaration is looked for.
// The HTML standard's prescan stops at 1024 bytes; real pages put the
// <meta> later, after long comments or scripts.
const declaredScan = 16 << 10

// DecodeUTF8 returns page as UTF-8 text and the name of the encoding it
// was read in. contentType is the HTTP Content-Type, or "" when unknown.
//
// The order is: a byte-order mark; then valid UTF-8 (a page that decodes
// cleanly as UTF-8 is taken as UTF-8 even when it declares a legacy
// charset, since misdeclared pages, and pages already decoded by the
// fetcher, are far more common than legacy text that happens to be valid
// UTF-8); then the charset in contentType; then a <meta> declaration; and
// last windows-1252, which browsers assume for undeclared legacy pages.
// It returns an error only for a declared charset it does not know.
func DecodeUTF8(page []byte, contentType string) ([]byte, string, error) {
	if e, name := bomEncoding(page); e != nil {
		b, err := e.NewDecoder().Bytes(page)
		if err != nil {
			return nil, "", fmt.Errorf("extract: decode %s: %w", name, err)
		}
		return b, name, nil
	}
	if utf8.Valid(page) {
		return page, "utf-8", nil
	}
	label := ""
	if _, params, ok := strings.Cut(contentType, ";"); ok {
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "charset") {
				label = strings.Trim(strings.TrimSpace(v), `"'`)
			}
		}
	}
	if label == "" {
		head := page[:min(len(page), declaredScan)]
		if m := metaCharset.FindSubmatch(head); m != nil {
			label = string(m[1])
		}
	}
	var e encoding.Encoding = charmap.Windows1252
	name := "windows-1252"
	if label != "" {
		var n string
		e, n = charset.Lookup(label)
		if e == nil {
			return nil, "", fmt.Errorf("extract: unknown charset %q", label)
		}
		name = n
		// A page declared as UTF-8 but not valid UTF-8 is most often
		// legacy text with a wrong declaration.
		// A UTF-16 declaration inside an ASCII-compatible page is
		// wrong by definition (the HTML standard says so too).
		if name == "utf-8" || strings.HasPrefix(name, "utf-16") {
			e, name = charmap.Windows1252, "windows-1252"
		}
	}
	b, err := e.NewDecoder().Bytes(page)
	if err != nil {
		return nil, "", fmt.Errorf("extract: decode %s: %w", name, err)
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD")), name, nil
}

func bomEncoding(b []byte) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8BOM, "utf-8"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	}
	return nil, ""
}
