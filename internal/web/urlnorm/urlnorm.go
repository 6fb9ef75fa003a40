// Package urlnorm puts article URLs in a canonical form, so that the
// addresses one page is shared under (with tracking parameters, as an AMP
// or mobile variant, with or without "www.") compare equal.
//
// The choices, made so that one page is one article:
//
//   - Scheme and host are lower-cased; default ports (:80, :443), user
//     information and the fragment are dropped.
//   - The scheme is kept: http and https stay different URLs, because
//     Canonical cannot know that a site serves both. Inputs without a
//     scheme ("example.org/a") get "https://".
//   - "www.", "amp.", "m." and "mobile." host prefixes are removed (never
//     leaving a bare top-level domain), so desktop, mobile and AMP hosts
//     meet.
//   - AMP paths are folded: an "/amp" last segment or "/amp/" segment is
//     removed and "x.amp.html" becomes "x.html"; "amp" and "outputType=amp"
//     query parameters are dropped.
//   - Tracking parameters (see [trackingParams]) are dropped; the rest are
//     sorted, keeping their encoding.
//   - Dot segments and repeated slashes are removed, percent-escapes are
//     upper-cased, and a trailing slash is removed except on the root path,
//     which is always "/".
package urlnorm

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode"
)

// ErrNotHTTP is returned for URLs whose scheme is not http or https.
var ErrNotHTTP = errors.New("urlnorm: not an http(s) URL")

// ErrNoHost is returned for URLs without a host.
var ErrNoHost = errors.New("urlnorm: no host")

// trackingParams are query parameters that identify a campaign, click or
// referrer rather than content. Keys are matched case-insensitively.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "ttclid": true, "li_fat_id": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "igsh": true,
	"ref": true, "ref_src": true, "ref_url": true, "referrer": true,
	"cmpid": true, "cmp": true, "ocid": true, "smid": true, "smtyp": true, "ito": true,
	"icid": true, "intcmp": true, "s_cid": true, "ncid": true, "sr_share": true,
	"_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true, "vero_id": true,
	"wt.mc_id": true, "wt_mc_id": true, "at_medium": true, "at_campaign": true,
	"ns_mchannel": true, "ns_source": true, "ns_campaign": true, "ns_linkname": true, "ns_fee": true,
	"rss": true, "spm": true, "soc_src": true, "soc_trk": true,
	"__twitter_impression": true, "fb_action_ids": true, "fb_action_types": true, "fb_ref": true, "fb_source": true,
	"amp": true, "amp_js_v": true, "usqp": true, // "outputType=amp" is handled in dropParam
}

// trackingPrefixes are key prefixes of tracking parameter families.
var trackingPrefixes = []string{"utm_", "hsa_", "pk_", "mtm_", "ga_", "oly_"}

// hostPrefixes are host labels that mark a variant of the main site.
var hostPrefixes = []string{"www.", "amp.", "m.", "mobile."}

// Canonical returns the canonical form of the absolute URL raw; see the
// package documentation for what that is. It is idempotent:
// Canonical(Canonical(x)) == Canonical(x). It fails on URLs that do not
// parse, are not http(s) or have no host.
func Canonical(raw string) (string, error) {
	u, err := parse(raw)
	if err != nil {
		return "", err
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	u.Host = host(u)
	if u.Host == "" || strings.ContainsAny(u.Host, "/?#@ ") {
		return "", fmt.Errorf("%w: %q", ErrNoHost, raw)
	}
	p := normPath(u.EscapedPath())
	unesc, err := url.PathUnescape(p)
	if err != nil {
		return "", fmt.Errorf("urlnorm: %q: %w", raw, err)
	}
	u.Path, u.RawPath = unesc, p
	u.RawQuery = normQuery(u.RawQuery)
	u.ForceQuery = false
	u.Opaque = ""
	return u.String(), nil
}

// Host returns the host of the URL u, lower-cased, without port and
// without a "www." prefix, for use as a source name when the input gives
// none. It returns "" when u has no host.
func Host(u string) string {
	p, err := parse(u)
	if err != nil {
		return ""
	}
	h := strings.ToLower(strings.TrimRight(p.Hostname(), "."))
	if rest, ok := strings.CutPrefix(h, "www."); ok && strings.Contains(rest, ".") {
		h = rest
	}
	return h
}

func parse(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, fmt.Errorf("%w: empty URL", ErrNoHost)
	}
	if strings.HasPrefix(raw, "//") {
		raw = "https:" + raw
	} else if !strings.Contains(raw, "://") && !hasScheme(raw) {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("urlnorm: %w", err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: %q", ErrNotHTTP, raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("%w: %q", ErrNoHost, raw)
	}
	return u, nil
}

// hasScheme reports whether raw starts with a scheme such as "mailto:"
// (and not a host with a port, "example.org:8080").
func hasScheme(raw string) bool {
	i := strings.IndexByte(raw, ':')
	if i <= 0 || (i+1 < len(raw) && raw[i+1] >= '0' && raw[i+1] <= '9') {
		return false
	}
	for j := 0; j < i; j++ {
		c := raw[j]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || j > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-')) {
			return false
		}
	}
	return true
}

// host returns u's normalised host[:port].
func host(u *url.URL) string {
	h := strings.ToLower(u.Hostname())
	port := u.Port()
	if strings.HasPrefix(h, "[") || strings.Contains(h, ":") { // IPv6 literal
		h = "[" + strings.Trim(h, "[]") + "]"
	} else {
		h = strings.TrimRight(h, ".")
		for changed := true; changed; {
			changed = false
			for _, p := range hostPrefixes {
				if rest, ok := strings.CutPrefix(h, p); ok && strings.Contains(rest, ".") {
					h, changed = rest, true
				}
			}
		}
	}
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		return h
	}
	return h + ":" + port
}

// normPath normalises an escaped path.
func normPath(p string) string {
	p = upperEscapes(p)
	var segs []string
	for _, s := range strings.Split(p, "/") {
		switch s {
		case "", ".":
		case "..":
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
		default:
			segs = append(segs, s)
		}
	}
	// AMP variants: drop "amp" segments and fold ".amp.html".
	out := segs[:0]
	for _, s := range segs {
		if strings.EqualFold(s, "amp") {
			continue
		}
		out = append(out, s)
	}
	if n := len(out); n > 0 {
		last := out[n-1]
		for _, suf := range []string{".amp.html", ".amp.htm"} {
			if len(last) > len(suf) && strings.HasSuffix(strings.ToLower(last), suf) {
				out[n-1] = last[:len(last)-len(suf)] + suf[len(".amp"):]
			}
		}
	}
	return "/" + strings.Join(out, "/")
}

// upperEscapes upper-cases the hex digits of percent-escapes.
func upperEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' && isHex(b[i+1]) && isHex(b[i+2]) {
			b[i+1], b[i+2] = upperHex(b[i+1]), upperHex(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

// normQuery drops tracking and empty parameters and sorts the rest.
func normQuery(q string) string {
	if q == "" {
		return ""
	}
	var kept []string
	for _, pair := range strings.FieldsFunc(q, func(r rune) bool { return r == '&' || r == ';' }) {
		k, v, _ := strings.Cut(pair, "=")
		if k == "" || dropParam(k, v) {
			continue
		}
		kept = append(kept, upperEscapes(escapeSpaces(pair)))
	}
	sort.Strings(kept)
	return strings.Join(kept, "&")
}

// escapeSpaces percent-encodes white space left raw in a query, which
// would otherwise be trimmed away when the canonical URL is read again.
func escapeSpaces(s string) string {
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsSpace(r) {
			for _, c := range []byte(string(r)) {
				fmt.Fprintf(&b, "%%%02X", c)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// dropParam reports whether the query parameter k=v (raw) is tracking or
// an AMP marker.
func dropParam(k, v string) bool {
	key, err := url.QueryUnescape(k)
	if err != nil {
		key = k
	}
	key = strings.ToLower(key)
	if trackingParams[key] {
		return true
	}
	if key == "outputtype" && strings.EqualFold(v, "amp") {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// Resolve returns ref, a link found in a document, made absolute against
// base (nil when unknown), or "" when it is empty, does not parse or is
// not an absolute http(s) URL.
func Resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	return u.String()
}
