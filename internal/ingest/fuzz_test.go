package ingest

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzRead reads b as format ("" to sniff) and checks the properties every
// input must keep: no panic, every item non-empty with valid UTF-8 fields
// and an origin naming the input, every error naming the input.
func fuzzRead(t *testing.T, format string, b []byte) (items []Item, errs []*ItemError) {
	t.Helper()
	r := NewReader(Options{MaxLineBytes: 4096, MaxDocBytes: 1 << 20})
	err := r.readStream(t.Context(), "in", format, bytes.NewReader(b), func(it Item) error {
		items = append(items, it)
		return nil
	}, func(e *ItemError) { errs = append(errs, e) })
	if err != nil {
		t.Fatalf("readStream: %v", err)
	}
	for _, it := range items {
		for _, s := range []string{it.Origin, it.Format, it.ExternalID, it.Title, it.Text, it.URL, it.Source, it.Date, it.Language} {
			if !utf8.ValidString(s) {
				t.Fatalf("item %+v has invalid UTF-8 %q", it, s)
			}
		}
		if strings.TrimSpace(it.Title) == "" && strings.TrimSpace(it.Text) == "" {
			t.Fatalf("empty item %+v", it)
		}
		if it.Origin != "in" && !strings.HasPrefix(it.Origin, "in:") {
			t.Fatalf("origin %q does not name the input", it.Origin)
		}
	}
	for _, e := range errs {
		if e.Path != "in" || e.Err == nil || e.Line < 0 {
			t.Fatalf("bad error %#v", e)
		}
	}
	return items, errs
}

func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","title":"T","text":"x","date":"2026-01-01"}` + "\n\n" + `{"id":2,"body":"y"}` + "\n{bad\n"))
	f.Add([]byte(`{"title":"` + strings.Repeat("x", 5000) + `"}` + "\r\n" + `{"text":"after"}`))
	f.Add([]byte("\xef\xbb\xbf{\"text\":\"bom\"}\n[1]\n\"s\"\n{\"text\":\"\\udc00\"}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		items, errs := fuzzRead(t, FormatJSONL, b)
		if lines := bytes.Count(b, []byte("\n")) + 1; len(items)+len(errs) > lines {
			t.Fatalf("%d items and %d errors from %d lines", len(items), len(errs), lines)
		}
		for _, it := range items {
			if it.Format != FormatJSONL {
				t.Fatalf("format %q", it.Format)
			}
		}
	})
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`[{"title":"A","content":"a"}, 3, {"headline":"B","maintext":["p1","p2"]}]`))
	f.Add([]byte("{\n \"title\": \"Pretty\",\n \"source\": {\"name\": \"S\"}\n}"))
	f.Add([]byte(`{"title":"L1"}` + "\n" + `{"title":"L2"}`))
	f.Add([]byte(`   "scalar"  `))
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzRead(t, FormatJSON, b)
		fuzzRead(t, "", b) // sniffed
	})
}

func FuzzText(f *testing.F) {
	f.Add([]byte("Title line\n\nBody paragraph.\r\n"))
	f.Add([]byte("Caf\xe9 \x93latin-1\x94"))
	f.Add([]byte("\xef\xbb\xbf  \n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		items, _ := fuzzRead(t, FormatText, b)
		if len(items) > 1 {
			t.Fatalf("%d items from one text", len(items))
		}
		if len(items) == 1 && utf8.Valid(b) && !bytes.Contains(b, []byte("\r")) && !bytes.HasPrefix(b, bom) && items[0].Text != string(b) {
			t.Fatalf("valid UTF-8 text changed: %q -> %q", b, items[0].Text)
		}
	})
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte(`<html lang="en"><head><title>T</title><meta property="og:site_name" content="S"></head><body><article><p>a</p><p>b</p></article></body></html>`))
	f.Add([]byte("<meta charset=\"iso-8859-1\"><p>caf\xe9</p>"))
	f.Add([]byte("<script>x</script>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		items, _ := fuzzRead(t, FormatHTML, b)
		if len(items) > 1 {
			t.Fatalf("%d items from one page", len(items))
		}
	})
}

func FuzzWARC(f *testing.F) {
	f.Add([]byte(warcResponse("https://news.example/a", "text/html", `<p>Dam opens on Tuesday after repairs.</p>`)))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"))
	f.Add([]byte("WARC/1.0\r\nContent-Length: -1\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzRead(t, FormatWARC, b)
	})
}
