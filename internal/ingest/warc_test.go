package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// warcResponse builds one WARC response record holding an HTTP response.
func warcResponse(uri, contentType, body string) string {
	http := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", contentType, len(body), body)
	return fmt.Sprintf("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: 2026-03-10T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:%d>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		uri, len(uri), len(http), http)
}

func TestReader_WARC(t *testing.T) {
	t.Parallel()
	page := func(title string) string {
		return `<html lang="en"><head><title>` + title + `</title></head><body><article><p>` + title + ` was reported on Tuesday.</p></article></body></html>`
	}
	archive := warcResponse("https://news.example/a?utm_source=x", "text/html; charset=utf-8", page("Dam opens")) +
		warcResponse("https://news.example/logo.png", "image/png", "\x89PNG") +
		warcResponse("https://news.example/b", "text/html", page("Ferry returns"))
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"crawl.warc":     archive,
		"crawl2.warc.gz": gz(t, archive),
		"sniffed.bin":    archive,
	})
	for _, name := range []string{"crawl.warc", "crawl2.warc.gz", "sniffed.bin"} {
		items, errs := collect(t, NewReader(Options{}), dir, filepath.Join(dir, name))
		if len(errs) != 0 || len(items) != 2 {
			t.Fatalf("%s: %d items, errors %v; want the 2 HTML pages", name, len(items), errs)
		}
		if it := items[0]; it.Format != FormatHTML || it.Title != "Dam opens" || it.URL != "https://news.example/a?utm_source=x" ||
			!strings.Contains(it.Text, "was reported") || it.Date == "" || !strings.HasSuffix(it.Origin, ":1") {
			t.Errorf("%s: first item %+v", name, it)
		}
	}
}

func TestReader_WARCMalformed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := warcResponse("https://news.example/a", "text/html", `<p>Dam opens on Tuesday.</p>`)
	writeFiles(t, dir, map[string]string{"bad.warc": good + "WARC/1.0\r\nContent-Length: nope\r\n\r\n"})
	items, errs := collect(t, NewReader(Options{}), dir, filepath.Join(dir, "bad.warc"))
	if len(items) != 1 || len(errs) != 1 || !strings.HasPrefix(errs[0], "bad.warc:2: ") {
		t.Errorf("items %d, errors %v; want the good page and one error naming record 2", len(items), errs)
	}
}
