// Package warc reads WARC files (ISO 28500, versions 1.0 and 1.1) as a
// stream, one record at a time, and picks out the HTML pages that response
// records hold. Gzip-compressed files, which hold one gzip member per
// record, are read transparently.
package warc

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrFormat means the input is not a well-formed WARC file.
var ErrFormat = errors.New("warc: malformed record")

// MaxPageSize is the largest HTTP payload NextPage reads; records with a
// larger one are skipped.
const MaxPageSize = 16 << 20

// maxHeaderBytes bounds a record's header, so garbage input cannot make the
// reader buffer without end.
const maxHeaderBytes = 1 << 20

// Record is one WARC record. Its Block is valid until the next call to
// Next.
type Record struct {
	// Version is the WARC version, e.g. "WARC/1.0".
	Version string
	// Header holds the named fields, keys canonicalised ("Warc-Type").
	Header textproto.MIMEHeader
	// Type is WARC-Type: "response", "request", "warcinfo", ...
	Type string
	// TargetURI is WARC-Target-URI, without the angle brackets some
	// writers put around it.
	TargetURI string
	// Date is WARC-Date; zero when missing or unparsable.
	Date time.Time
	// ContentLength is the block's length in bytes.
	ContentLength int64
	// Block is the record's content.
	Block io.Reader
}

// Reader reads records from a WARC stream.
type Reader struct {
	br    *bufio.Reader
	block *io.LimitedReader // the current record's unread block
	n     int               // records read
}

// NewReader returns a Reader for r, which may be gzip compressed (one or
// many members). It reads nothing past what each record needs.
func NewReader(r io.Reader) (*Reader, error) {
	br := bufio.NewReader(r)
	magic, err := br.Peek(2)
	if err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("warc: open gzip: %w", err)
		}
		// Multistream is on by default: members are read one after the
		// other as a single stream.
		br = bufio.NewReader(zr)
	}
	return &Reader{br: br}, nil
}

// Records returns the number of records read so far: after Next or
// NextPage, the number (from 1) of the record returned.
func (r *Reader) Records() int { return r.n }

// Next returns the next record, skipping what is left of the previous one.
// It returns io.EOF after the last record.
func (r *Reader) Next() (*Record, error) {
	if r.block != nil {
		if _, err := io.Copy(io.Discard, r.block); err != nil {
			return nil, r.errorf("skip block: %w", err)
		}
		if r.block.N > 0 {
			return nil, &RecordError{Record: r.n, Err: fmt.Errorf("block cut short: %w", io.ErrUnexpectedEOF)}
		}
		r.block = nil
	}
	// Skip the blank lines that end the previous record (and any
	// stray ones before the first).
	var line string
	for {
		l, err := r.readLine()
		if err == io.EOF && l == "" {
			return nil, io.EOF
		}
		if err != nil {
			return nil, r.errorf("read version: %w", err)
		}
		if l != "" {
			line = l
			break
		}
	}
	if !strings.HasPrefix(line, "WARC/") {
		return nil, r.errorf("%w: want a WARC/ version line, got %q", ErrFormat, truncate(line))
	}
	hdr, err := r.readHeader()
	if err != nil {
		return nil, r.errorf("read header: %w", err)
	}
	cl, err := strconv.ParseInt(strings.TrimSpace(hdr.Get("Content-Length")), 10, 64)
	if err != nil || cl < 0 {
		return nil, r.errorf("%w: bad Content-Length %q", ErrFormat, hdr.Get("Content-Length"))
	}
	r.n++
	rec := &Record{
		Version:       line,
		Header:        hdr,
		Type:          strings.ToLower(strings.TrimSpace(hdr.Get("WARC-Type"))),
		TargetURI:     escapeInvalid(strings.Trim(strings.TrimSpace(hdr.Get("WARC-Target-URI")), "<>")),
		ContentLength: cl,
	}
	if t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(hdr.Get("WARC-Date"))); err == nil {
		rec.Date = t
	}
	r.block = &io.LimitedReader{R: r.br, N: cl}
	rec.Block = r.block
	return rec, nil
}

// readLine reads one line without its CRLF or LF, failing on lines longer
// than maxHeaderBytes.
func (r *Reader) readLine() (string, error) {
	var b []byte
	for {
		chunk, isPrefix, err := r.br.ReadLine()
		b = append(b, chunk...)
		if len(b) > maxHeaderBytes {
			return "", fmt.Errorf("%w: header line too long", ErrFormat)
		}
		if err != nil {
			if err == io.EOF && len(b) > 0 {
				return string(b), io.ErrUnexpectedEOF
			}
			return string(b), err
		}
		if !isPrefix {
			return string(b), nil
		}
	}
}

// readHeader reads "Name: value" lines up to a blank line.
func (r *Reader) readHeader() (textproto.MIMEHeader, error) {
	h := make(textproto.MIMEHeader)
	total := 0
	var last string
	for {
		l, err := r.readLine()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if l == "" {
			return h, nil
		}
		if total += len(l); total > maxHeaderBytes {
			return nil, fmt.Errorf("%w: header too long", ErrFormat)
		}
		if (l[0] == ' ' || l[0] == '\t') && last != "" {
			// Folded continuation line.
			v := h[last]
			v[len(v)-1] += " " + strings.TrimSpace(l)
			continue
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("%w: bad header line %q", ErrFormat, truncate(l))
		}
		last = textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(k))
		h.Add(last, strings.TrimSpace(v))
	}
}

func (r *Reader) errorf(format string, args ...any) error {
	return &RecordError{Record: r.n + 1, Err: fmt.Errorf(format, args...)}
}

// RecordError is a problem with one record, numbered from 1.
type RecordError struct {
	Record int
	Err    error
}

func (e *RecordError) Error() string { return fmt.Sprintf("warc: record %d: %v", e.Record, e.Err) }

// Unwrap returns the underlying error.
func (e *RecordError) Unwrap() error { return e.Err }

func truncate(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// Page is an HTML page from a response record.
type Page struct {
	URL  string
	Date time.Time
	// StatusCode is the HTTP status of the archived response.
	StatusCode int
	// ContentType is the payload's Content-Type header as archived.
	ContentType string
	// HTML is the payload, with transfer and content encodings removed
	// but in its original charset.
	HTML []byte
}

// NextPage returns the next HTML page: a response record holding an HTTP
// response with status 200 and an HTML content type. Other records, and
// payloads larger than MaxPageSize or not decodable, are skipped. It
// returns io.EOF after the last record.
func (r *Reader) NextPage() (*Page, error) {
	for {
		rec, err := r.Next()
		if err != nil {
			return nil, err
		}
		if rec.Type != "response" || !strings.HasPrefix(rec.TargetURI, "http") {
			continue
		}
		if ct := rec.Header.Get("Content-Type"); ct != "" && !strings.Contains(strings.ToLower(ct), "application/http") {
			continue
		}
		if p := readPage(rec); p != nil {
			// A page whose record was cut short is not the page archived.
			if _, err := io.Copy(io.Discard, r.block); err != nil {
				return nil, &RecordError{Record: r.n, Err: fmt.Errorf("read block: %w", err)}
			}
			if r.block.N > 0 {
				return nil, &RecordError{Record: r.n, Err: fmt.Errorf("block cut short: %w", io.ErrUnexpectedEOF)}
			}
			return p, nil
		}
	}
}

// readPage parses an HTTP response block, or returns nil when it is not an
// HTML page worth keeping.
func readPage(rec *Record) *Page {
	res, err := http.ReadResponse(bufio.NewReader(rec.Block), nil)
	if err != nil {
		return nil
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil
	}
	ct := res.Header.Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); ct != "" && mt != "text/html" && mt != "application/xhtml+xml" {
		return nil
	}
	var body io.Reader = res.Body
	if strings.EqualFold(strings.TrimSpace(res.Header.Get("Content-Encoding")), "gzip") {
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			return nil
		}
		defer zr.Close()
		body = zr
	}
	b, err := io.ReadAll(io.LimitReader(body, MaxPageSize+1))
	if (err != nil && !errors.Is(err, io.ErrUnexpectedEOF)) || len(b) > MaxPageSize || len(b) == 0 {
		return nil
	}
	if ct == "" && !strings.HasPrefix(http.DetectContentType(b), "text/html") {
		return nil
	}
	return &Page{URL: rec.TargetURI, Date: rec.Date, StatusCode: res.StatusCode, ContentType: ct, HTML: b}
}

// escapeInvalid percent-encodes the bytes of s that are not valid UTF-8
// (a URI written in a legacy encoding), so the URI stays text and keeps
// every byte.
func escapeInvalid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			fmt.Fprintf(&b, "%%%02X", s[i])
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
