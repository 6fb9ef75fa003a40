package ingest

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/web/extract"
	"github.com/storyline-news/storyline/internal/web/htmltext"
	"github.com/storyline-news/storyline/internal/web/warc"
	"golang.org/x/text/encoding/charmap"
)

// Field names accepted in JSON objects, in order of preference. Keys are
// matched case-insensitively.
var (
	idKeys       = []string{"id", "_id", "article_id", "doc_id", "docid", "guid", "uuid"}
	titleKeys    = []string{"title", "headline", "heading"}
	textKeys     = []string{"text", "body", "content", "maintext", "article", "article_text", "articlebody", "full_text", "fulltext", "story", "description", "summary"}
	dateKeys     = []string{"date", "published", "publish_date", "date_publish", "published_at", "publishedat", "pubdate", "pub_date", "date_published", "datepublished", "datetime", "timestamp", "created_at", "time"}
	urlKeys      = []string{"url", "link", "canonical_url", "uri", "href", "source_url"}
	sourceKeys   = []string{"source", "outlet", "site", "site_name", "sitename", "publisher", "source_name", "source_domain", "domain"}
	languageKeys = []string{"language", "lang", "locale"}
)

// readJSONL reads one JSON object per line.
func (r *Reader) readJSONL(ctx context.Context, name string, br *bufio.Reader, fn func(Item) error, onErr func(*ItemError)) error {
	return r.readLines(ctx, name, br, 0, nil, fn, onErr)
}

// readLines reads JSON Lines from br. When first is not nil, it is line
// number line, already read; then the input may also turn out to be one
// object on one line, which is reported as a JSON document, not a line.
func (r *Reader) readLines(ctx context.Context, name string, br *bufio.Reader, line int, first []byte, fn func(Item) error, onErr func(*ItemError)) error {
	var held *Item // the first object, until a second line shows this is JSON Lines
	heldLine := 0
	flush := func() error {
		if held == nil {
			return nil
		}
		h := *held
		held = nil
		h.Origin, h.Format = fmt.Sprintf("%s:%d", name, heldLine), FormatJSONL
		return r.emit(h, name, heldLine, fn, onErr)
	}
	if first != nil {
		item, err := decodeObject(first)
		if err != nil {
			onErr(&ItemError{Path: name, Line: line, Err: err})
		} else {
			held, heldLine = &item, line
		}
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, tooLong, err := readLine(br, r.opts.MaxLineBytes)
		line++
		if line == 1 {
			b = bytes.TrimPrefix(b, bom)
		}
		blank := !tooLong && len(bytes.TrimSpace(b)) == 0
		if !blank || (err != nil && err != io.EOF) {
			if ferr := flush(); ferr != nil {
				return ferr
			}
		}
		if err != nil && err != io.EOF {
			// The stream broke (a truncated gzip member, the size
			// limit): the line it broke in is reported once, for that.
			onErr(&ItemError{Path: name, Line: line, Err: readError(err)})
			return nil
		}
		switch {
		case tooLong:
			onErr(&ItemError{Path: name, Line: line, Err: fmt.Errorf("%w: more than %d bytes", ErrLineTooLong, r.opts.MaxLineBytes)})
		case !blank:
			if err := r.jsonLine(name, line, b, fn, onErr); err != nil {
				return err
			}
		}
		if err == io.EOF {
			if held != nil { // a single object on one line
				h := *held
				h.Origin, h.Format = name, FormatJSON
				return r.emit(h, name, 0, fn, onErr)
			}
			return nil
		}
	}
}

// jsonLine decodes and emits one JSON Lines line.
func (r *Reader) jsonLine(name string, line int, b []byte, fn func(Item) error, onErr func(*ItemError)) error {
	if !utf8.Valid(b) {
		onErr(&ItemError{Path: name, Line: line, Err: ErrEncoding})
		return nil
	}
	item, err := decodeObject(b)
	if err != nil {
		onErr(&ItemError{Path: name, Line: line, Err: err})
		return nil
	}
	item.Origin = fmt.Sprintf("%s:%d", name, line)
	item.Format = FormatJSONL
	return r.emit(item, name, line, fn, onErr)
}

// readLine returns the next line without its line ending. A line longer
// than max is consumed and reported as tooLong. err is io.EOF after the
// last line.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > max+2 { // allow for "\r\n"
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if tooLong {
			return nil, true, err
		}
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		buf = bytes.TrimSuffix(buf, []byte("\r"))
		if len(buf) > max {
			return nil, true, err
		}
		return buf, false, err
	}
}

// readJSON reads a JSON document: an array of objects (streamed), one
// object, or JSON Lines under another name, told apart by whether the
// first line holds a whole object.
func (r *Reader) readJSON(ctx context.Context, name string, br *bufio.Reader, fn func(Item) error, onErr func(*ItemError)) error {
	switch c, ok := firstByte(br); {
	case !ok:
		onErr(&ItemError{Path: name, Err: ErrEmpty})
		return nil
	case c == '[':
		return r.readArray(ctx, name, br, fn, onErr)
	case c == '{':
		line := 0
		for {
			b, tooLong, err := readLine(br, r.opts.MaxLineBytes)
			line++
			if line == 1 {
				b = bytes.TrimPrefix(b, bom)
			}
			if tooLong {
				onErr(&ItemError{Path: name, Line: line, Err: fmt.Errorf("%w: more than %d bytes", ErrLineTooLong, r.opts.MaxLineBytes)})
				return nil
			}
			t := bytes.TrimSpace(b)
			if len(t) == 0 && err == nil {
				continue
			}
			if json.Valid(t) {
				if err == io.EOF {
					return r.readLines(ctx, name, bufio.NewReader(strings.NewReader("")), line, t, fn, onErr)
				}
				return r.readLines(ctx, name, br, line, t, fn, onErr)
			}
			if err != nil && err != io.EOF {
				onErr(&ItemError{Path: name, Err: readError(err)})
				return nil
			}
			// An object over several lines: read it whole.
			rest, ok := r.readAll(name, br, onErr)
			if !ok {
				return nil
			}
			return r.jsonDoc(name, append(append(b, '\n'), rest...), fn, onErr)
		}
	default:
		b, ok := r.readAll(name, br, onErr)
		if !ok {
			return nil
		}
		return r.jsonDoc(name, b, fn, onErr)
	}
}

// jsonDoc decodes and emits a document holding one object.
func (r *Reader) jsonDoc(name string, b []byte, fn func(Item) error, onErr func(*ItemError)) error {
	if !utf8.Valid(b) {
		onErr(&ItemError{Path: name, Err: ErrEncoding})
		return nil
	}
	item, err := decodeObject(bytes.TrimPrefix(b, bom))
	if err != nil {
		onErr(&ItemError{Path: name, Err: err})
		return nil
	}
	item.Origin, item.Format = name, FormatJSON
	return r.emit(item, name, 0, fn, onErr)
}

// readArray streams the elements of a JSON array; element i (from 1) is
// reported as line i.
func (r *Reader) readArray(ctx context.Context, name string, br *bufio.Reader, fn func(Item) error, onErr func(*ItemError)) error {
	dec := json.NewDecoder(br)
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // "["
		onErr(&ItemError{Path: name, Err: jsonError(err)})
		return nil
	}
	for i := 1; dec.More(); i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if errors.Is(err, ErrFileTooLarge) {
				onErr(&ItemError{Path: name, Line: i, Err: err})
				return nil
			}
			onErr(&ItemError{Path: name, Line: i, Err: jsonError(err)})
			return nil // the rest of the array cannot be found
		}
		if int64(len(raw)) > 2*r.opts.MaxDocBytes {
			onErr(&ItemError{Path: name, Line: i, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, 2*r.opts.MaxDocBytes)})
			continue
		}
		if !utf8.Valid(raw) {
			onErr(&ItemError{Path: name, Line: i, Err: ErrEncoding})
			continue
		}
		item, err := decodeObject(raw)
		if err != nil {
			onErr(&ItemError{Path: name, Line: i, Err: err})
			continue
		}
		item.Origin, item.Format = fmt.Sprintf("%s:%d", name, i), FormatJSON
		if err := r.emit(item, name, i, fn, onErr); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // "]"
		onErr(&ItemError{Path: name, Err: jsonError(err)})
	}
	return nil
}

// firstByte returns the first byte that is not white space or a
// byte-order mark, without consuming it.
func firstByte(br *bufio.Reader) (byte, bool) {
	for n := 64; ; n *= 4 {
		b, err := br.Peek(n)
		t := bytes.TrimLeft(bytes.TrimPrefix(b, bom), " \t\r\n\f")
		if len(t) > 0 {
			return t[0], true
		}
		if err != nil || n >= br.Size() {
			// Only white space so far: consume it and look further.
			if len(b) == 0 {
				return 0, false
			}
			if _, err := br.Discard(len(b)); err != nil {
				return 0, false
			}
			n = 16
		}
	}
}

// jsonError makes decoding errors read well.
func jsonError(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("invalid JSON: unexpected end of input")
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

// decodeObject turns one JSON object into an item (without Origin and
// Format).
func decodeObject(b []byte) (Item, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return Item{}, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Item{}, errors.New("invalid JSON: data after the object")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return Item{}, fmt.Errorf("not a JSON object but %s", jsonKind(v))
	}
	fields := make(map[string]any, len(obj))
	for k, v := range obj {
		lk := strings.ToLower(k)
		if _, dup := fields[lk]; !dup || k == lk {
			fields[lk] = v
		}
	}
	var it Item
	for _, f := range []struct {
		keys []string
		dst  *string
		kind fieldKind
	}{
		{idKeys, &it.ExternalID, numberOK},
		{titleKeys, &it.Title, textOnly},
		{textKeys, &it.Text, paragraphsOK},
		{dateKeys, &it.Date, numberOK},
		{urlKeys, &it.URL, textOnly},
		{sourceKeys, &it.Source, nameOK},
		{languageKeys, &it.Language, textOnly},
	} {
		v, err := lookup(fields, f.keys, f.kind)
		if err != nil {
			return Item{}, err
		}
		*f.dst = v
	}
	return it, nil
}

// fieldKind is what JSON values a field accepts besides a string.
type fieldKind int

const (
	textOnly     fieldKind = iota // a string
	numberOK                      // a string or a number (IDs, Unix times)
	paragraphsOK                  // a string or an array of strings, the paragraphs
	nameOK                        // a string or an object with a "name" ({"source": {"name": "..."}})
)

// lookup returns the value of the first of keys that is present and not
// empty. A value of a type the field does not take is an error naming the
// field, not a value turned into text.
func lookup(fields map[string]any, keys []string, kind fieldKind) (string, error) {
	for _, k := range keys {
		v, ok := fields[k]
		if !ok || v == nil {
			continue
		}
		s, ok := fieldString(v, kind)
		if !ok {
			return "", fmt.Errorf("field %q: %s, want %s", k, jsonKind(v), kindWant(kind))
		}
		if strings.TrimSpace(s) != "" {
			return s, nil
		}
	}
	return "", nil
}

func kindWant(k fieldKind) string {
	switch k {
	case numberOK:
		return "a string or a number"
	case paragraphsOK:
		return "a string or an array of strings"
	case nameOK:
		return `a string or an object with a "name"`
	}
	return "a string"
}

// fieldString turns a JSON value into a field value as kind allows.
func fieldString(v any, kind fieldKind) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case json.Number:
		return v.String(), kind == numberOK
	case []any:
		if kind != paragraphsOK {
			return "", false
		}
		var parts []string
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return "", false
			}
			if s = strings.TrimSpace(s); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "\n\n"), true
	case map[string]any:
		if kind != nameOK {
			return "", false
		}
		for _, k := range []string{"name", "title"} {
			if s, ok := v[k].(string); ok && strings.TrimSpace(s) != "" {
				return s, true
			}
		}
		return "", false
	}
	return "", false
}

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// readText reads a plain-text article. Text that is not valid UTF-8 is
// taken to be windows-1252, the usual legacy encoding of such files,
// unless it holds UTF-8 sequences too (broken UTF-8); binary content (NUL
// bytes, control characters) is refused.
func (r *Reader) readText(name string, src io.Reader, fn func(Item) error, onErr func(*ItemError)) error {
	b, ok := r.readAll(name, src, onErr)
	if !ok {
		return nil
	}
	text, err := decodeText(b)
	if err != nil {
		onErr(&ItemError{Path: name, Err: err})
		return nil
	}
	return r.emit(Item{Origin: name, Format: FormatText, Text: text}, name, 0, fn, onErr)
}

// decodeText decodes b (UTF-8, else windows-1252), drops a byte-order mark
// and turns CRLF and CR line endings into LF. Binary content and broken
// UTF-8 are errors.
func decodeText(b []byte) (string, error) {
	b = bytes.TrimPrefix(b, bom)
	if isBinary(b) {
		return "", ErrBinary
	}
	var s string
	if utf8.Valid(b) {
		s = string(b)
	} else {
		multi, invalid := 0, 0
		for i := 0; i < len(b); {
			r, n := utf8.DecodeRune(b[i:])
			switch {
			case r == utf8.RuneError && n == 1:
				invalid++
			case n > 1:
				multi++
			}
			i += n
		}
		if multi > 0 {
			return "", fmt.Errorf("%w: %d broken sequences among UTF-8 text", ErrEncoding, invalid)
		}
		d, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return "", ErrEncoding
		}
		s = string(d)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n"), nil
}

// isBinary tells whether b is not text: it holds a NUL byte, or more than
// one in a hundred of its bytes are control characters other than white
// space, or it is more than a third bytes outside ASCII that do not form
// UTF-8 (random bytes, compressed data).
func isBinary(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	ctrl, high := 0, 0
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v', c == 0x7f:
			ctrl++
		case c >= 0x80:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				high++
			}
			i += n
			continue
		}
		i++
	}
	return ctrl*100 > len(b) || high*3 > len(b)
}

// readHTML extracts the article from an HTML page.
func (r *Reader) readHTML(name string, src io.Reader, fn func(Item) error, onErr func(*ItemError)) error {
	b, ok := r.readAll(name, src, onErr)
	if !ok {
		return nil
	}
	if bytes.IndexByte(b, 0) >= 0 {
		onErr(&ItemError{Path: name, Err: ErrBinary})
		return nil
	}
	it, err := htmlItem(b, "", "")
	if err != nil {
		onErr(&ItemError{Path: name, Err: err})
		return nil
	}
	it.Origin = name
	return r.emit(it, name, 0, fn, onErr)
}

// htmlItem extracts the article of an HTML page. Pages with an article's
// worth of text go through the full extractor (package extract,
// go-trafilatura, F1 0.97 on the extraction benchmark); very short pages,
// for which its heuristics are not made, and pages it finds no article in
// keep the basic extractor's reading (package htmltext), whose metadata
// (og:site_name, article:published_time, canonical link) also fills what
// the full one leaves out. pageURL and contentType may be "".
func htmlItem(page []byte, pageURL, contentType string) (Item, error) {
	b, berr := htmltext.Extract(bytes.NewReader(page))
	basic := Item{Format: FormatHTML, Title: b.Title, Text: b.Text, URL: cmp.Or(b.URL, pageURL), Source: b.SiteName, Date: b.Published, Language: b.Language}
	if berr == nil && len(strings.Fields(b.Text)) < minFullExtractWords {
		return basic, nil
	}
	p, err := extract.New().ExtractHTML(context.Background(), page, pageURL, contentType)
	if err != nil {
		if berr != nil {
			return Item{}, err
		}
		return basic, nil
	}
	it := Item{Format: FormatHTML, Title: p.Title, Text: p.Text, URL: cmp.Or(basic.URL, p.CanonicalURL), Source: cmp.Or(basic.Source, p.SiteName),
		Date: basic.Date, Language: cmp.Or(p.Language, basic.Language)}
	if it.Date == "" && !p.Published.IsZero() {
		it.Date = p.Published.Format(time.RFC3339)
	}
	return it, nil
}

// minFullExtractWords is the least visible text, in words, for which a page
// goes through the full extractor.
const minFullExtractWords = 40

// readWARC reads the HTML responses of a web archive (WARC 1.0/1.1, gzip
// members included) as articles, one item per page, streaming.
func (r *Reader) readWARC(ctx context.Context, name string, src io.Reader, fn func(Item) error, onErr func(*ItemError)) error {
	wr, err := warc.NewReader(src)
	if err != nil {
		onErr(&ItemError{Path: name, Err: err})
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := wr.NextPage()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// A broken record ends what can be read of the archive; the
			// error names the record.
			if re, ok := errors.AsType[*warc.RecordError](err); ok {
				onErr(&ItemError{Path: name, Line: re.Record, Err: re.Err})
			} else {
				onErr(&ItemError{Path: name, Err: err})
			}
			return nil
		}
		n := wr.Records()
		if int64(len(p.HTML)) > r.opts.MaxDocBytes {
			onErr(&ItemError{Path: name, Line: n, Err: fmt.Errorf("%s: %w: more than %d bytes", p.URL, ErrTooLarge, r.opts.MaxDocBytes)})
			continue
		}
		it, err := htmlItem(p.HTML, p.URL, p.ContentType)
		if err != nil {
			onErr(&ItemError{Path: name, Line: n, Err: fmt.Errorf("%s: %w", p.URL, err)})
			continue
		}
		it.Origin = fmt.Sprintf("%s:%d", name, n)
		if it.Date == "" && !p.Date.IsZero() {
			it.Date = p.Date.Format(time.RFC3339)
		}
		if err := r.emit(it, name, n, fn, onErr); err != nil {
			return err
		}
	}
}
