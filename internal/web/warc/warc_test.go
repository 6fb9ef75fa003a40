package warc

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// record builds one WARC record.
func record(typ, uri, date, block string, extra ...string) string {
	var b strings.Builder
	b.WriteString("WARC/1.0\r\n")
	fmt.Fprintf(&b, "WARC-Type: %s\r\n", typ)
	if uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", uri)
	}
	fmt.Fprintf(&b, "WARC-Date: %s\r\n", date)
	fmt.Fprintf(&b, "WARC-Record-ID: <urn:uuid:%08d>\r\n", len(block))
	for _, e := range extra {
		b.WriteString(e + "\r\n")
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(block))
	b.WriteString(block)
	b.WriteString("\r\n\r\n")
	return b.String()
}

func httpResponse(status, contentType, body string, headers ...string) string {
	h := "HTTP/1.1 " + status + "\r\n"
	if contentType != "" {
		h += "Content-Type: " + contentType + "\r\n"
	}
	for _, x := range headers {
		h += x + "\r\n"
	}
	if !strings.Contains(h, "Transfer-Encoding") {
		h += fmt.Sprintf("Content-Length: %d\r\n", len(body))
	}
	return h + "\r\n" + body
}

func gzipped(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	io.WriteString(zw, s)
	zw.Close()
	return b.String()
}

const resp = "application/http; msgtype=response"

// testRecords is a small crawl: metadata, a request, two pages, and
// responses that are not pages.
func testRecords() []string {
	return []string{
		record("warcinfo", "", "2024-03-05T10:00:00Z", "software: test\r\n", "Content-Type: application/warc-fields"),
		record("request", "https://example.com/a", "2024-03-05T10:00:01Z", "GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n", "Content-Type: application/http; msgtype=request"),
		record("response", "<https://example.com/a>", "2024-03-05T10:00:02Z", httpResponse("200 OK", "text/html; charset=utf-8", "<p>Page A</p>"), "Content-Type: "+resp),
		record("response", "https://example.com/logo.png", "2024-03-05T10:00:03Z", httpResponse("200 OK", "image/png", "\x89PNG\r\n"), "Content-Type: "+resp),
		record("response", "https://example.com/gone", "2024-03-05T10:00:04Z", httpResponse("404 Not Found", "text/html", "<p>gone</p>"), "Content-Type: "+resp),
		record("response", "https://example.com/b", "2024-03-05T10:00:05Z",
			httpResponse("200 OK", "text/html", "d\r\n<p>Page B</p>\r\n0\r\n\r\n", "Transfer-Encoding: chunked"), "Content-Type: "+resp),
		record("response", "https://example.com/c", "2024-03-05T10:00:06Z",
			httpResponse("200 OK", "text/html", gzipped("<p>Page C</p>"), "Content-Encoding: gzip"), "Content-Type: "+resp),
		record("metadata", "https://example.com/c", "2024-03-05T10:00:07Z", "via: https://example.com/\r\n"),
	}
}

func TestReader_NextPage(t *testing.T) {
	t.Parallel()
	recs := testRecords()
	var perMember strings.Builder
	for _, r := range recs {
		perMember.WriteString(gzipped(r))
	}
	inputs := map[string]string{
		"Plain":          strings.Join(recs, ""),
		"GzipPerRecord":  perMember.String(),
		"GzipWholeFile":  gzipped(strings.Join(recs, "")),
		"LFLineEndings":  strings.ReplaceAll(strings.Join(recs[:3], ""), "WARC/1.0\r\n", "WARC/1.1\n"),
		"LeadingNewline": "\r\n" + strings.Join(recs[2:3], ""),
	}
	want := map[string][]string{
		"Plain":          {"https://example.com/a <p>Page A</p>", "https://example.com/b <p>Page B</p>", "https://example.com/c <p>Page C</p>"},
		"GzipPerRecord":  {"https://example.com/a <p>Page A</p>", "https://example.com/b <p>Page B</p>", "https://example.com/c <p>Page C</p>"},
		"GzipWholeFile":  {"https://example.com/a <p>Page A</p>", "https://example.com/b <p>Page B</p>", "https://example.com/c <p>Page C</p>"},
		"LFLineEndings":  {"https://example.com/a <p>Page A</p>"},
		"LeadingNewline": {"https://example.com/a <p>Page A</p>"},
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for {
				p, err := r.NextPage()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, p.URL+" "+string(p.HTML))
				if p.Date.IsZero() || p.StatusCode != 200 {
					t.Errorf("page %s: date %v status %d", p.URL, p.Date, p.StatusCode)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want[name]) {
				t.Errorf("pages %q\nwant %q", got, want[name])
			}
		})
	}
}

func TestReader_Next(t *testing.T) {
	t.Parallel()
	r, err := NewReader(strings.NewReader(strings.Join(testRecords(), "")))
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for i := 0; ; i++ {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, rec.Type)
		if i == 0 {
			if want := time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC); !rec.Date.Equal(want) || rec.Version != "WARC/1.0" {
				t.Errorf("first record: %+v", rec)
			}
			// Read part of one block: Next must skip the rest.
			io.ReadFull(rec.Block, make([]byte, 3))
		}
	}
	if got, want := strings.Join(types, ","), "warcinfo,request,response,response,response,response,response,metadata"; got != want {
		t.Errorf("types %s, want %s", got, want)
	}
}

func TestReader_Malformed(t *testing.T) {
	t.Parallel()
	good := testRecords()[2]
	tests := map[string]string{
		"NotWARC":       "HTTP/1.1 200 OK\r\n\r\n",
		"NoLength":      "WARC/1.0\r\nWARC-Type: response\r\n\r\nabc",
		"BadLength":     "WARC/1.0\r\nContent-Length: -4\r\n\r\n",
		"BadHeader":     "WARC/1.0\r\nno colon here\r\n\r\n",
		"TruncatedHead": "WARC/1.0\r\nWARC-Type: resp",
		"Truncated":     good[:len(good)-40],
		"GarbageAfter":  good + "garbage\r\n",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			r, err := NewReader(strings.NewReader(in))
			if err != nil {
				return
			}
			for range 10 {
				_, err = r.Next()
				if err != nil {
					break
				}
			}
			if err == nil || err == io.EOF {
				t.Fatalf("err=%v, want a format error", err)
			}
			if name != "Truncated" && name != "TruncatedHead" && !errors.Is(err, ErrFormat) {
				t.Errorf("err=%v, want ErrFormat", err)
			}
		})
	}
}

// FuzzRead checks that reading never panics or loops, whatever the input.
func FuzzRead(f *testing.F) {
	recs := testRecords()
	f.Add([]byte(strings.Join(recs, "")))
	f.Add([]byte(gzipped(recs[2]) + gzipped(recs[5])))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 5\r\n\r\nabc"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := NewReader(bytes.NewReader(b))
		if err != nil {
			return
		}
		for i := 0; ; i++ {
			if i > len(b)+1 {
				t.Fatalf("more records (%d) than input bytes", i)
			}
			p, err := r.NextPage()
			if err != nil {
				return
			}
			if len(p.HTML) == 0 || p.URL == "" {
				t.Errorf("empty page %+v", p)
			}
		}
	})
}

func TestEscapeInvalid(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://news.example/a?b=c", "https://news.example/a?b=c"},
		{"https://news.example/café", "https://news.example/café"},
		{"http://news.example/caf\xe9", "http://news.example/caf%E9"},
		{"http\xe7", "http%E7"},
	} {
		if got := escapeInvalid(tc.in); got != tc.want {
			t.Errorf("escapeInvalid(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
