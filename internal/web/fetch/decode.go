package fetch

import (
	"bytes"
	"fmt"
	"mime"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

// maxInvalidRatio is the share of undecodable bytes above which a body
// declared or detected as UTF-8 is refused as badly encoded.
const maxInvalidRatio = 0.01

// decodeHTML returns an HTML body as UTF-8 and the name of its encoding.
// A body that is valid UTF-8 is kept as is whatever it declares (pages
// that declare a legacy charset but send UTF-8 are common). Otherwise the
// charset comes from a byte-order mark, the Content-Type header, a <meta>
// declaration, or else windows-1252, as browsers do. It fails for an
// unknown declared charset and for UTF-8 with many invalid bytes.
func decodeHTML(body []byte, contentType string) ([]byte, string, error) {
	if utf8.Valid(body) {
		return bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), "utf-8", nil
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		if e, _ := charset.Lookup(params["charset"]); e == nil {
			return nil, "", fmt.Errorf("%w: unknown charset %q", ErrEncoding, params["charset"])
		}
	}
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if name == "utf-8" {
		switch {
		case invalidRatio(body) <= maxInvalidRatio:
			return bytes.ToValidUTF8(body, []byte("\uFFFD")), name, nil
		case certain:
			return nil, "", fmt.Errorf("%w: declared UTF-8 but is not", ErrEncoding)
		}
		// Guessed from an ASCII start: legacy text after all.
		enc, name = charmap.Windows1252, "windows-1252"
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %s: %v", ErrEncoding, name, err)
	}
	return bytes.ToValidUTF8(out, []byte("\uFFFD")), name, nil
}

func invalidRatio(b []byte) float64 {
	if len(b) == 0 {
		return 0
	}
	bad := 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		}
		i += n
	}
	return float64(bad) / float64(len(b))
}
