package server

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAcceptsGzip(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"br, gzip;q=0.8", true},
		{"GZIP", true},
		{"gzip;q=0", false},
		{"deflate", false},
		{"*", true},
		{"identity", false},
	} {
		r, _ := http.NewRequest("GET", "/", nil)
		if tc.header != "" {
			r.Header.Set("Accept-Encoding", tc.header)
		}
		if got := acceptsGzip(r); got != tc.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tc.header, got, tc.want)
		}
	}
}

// TestServer_Gzip checks that JSON, HTML and feeds are gzipped for clients
// that ask, decompress to what an uncompressed request gets, and that the
// other clients get plain bodies.
func TestServer_Gzip(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, f.synthesizer(), Config{}).Handler()
	for _, target := range []string{
		"/api/v1/stories", fmt.Sprintf("/api/v1/stories/%d", f.bridge), "/api/v1/search?q=bridge",
		"/", fmt.Sprintf("/stories/%d", f.bridge), "/feeds/stories.atom", "/api/v1/stories/999",
	} {
		t.Run(target, func(t *testing.T) {
			plain := do(t, h, "GET", target, nil)
			if plain.Header().Get("Content-Encoding") != "" {
				t.Errorf("Content-Encoding %q without Accept-Encoding", plain.Header().Get("Content-Encoding"))
			}
			w := do(t, h, "GET", target, nil, "Accept-Encoding", "gzip")
			if w.Code != plain.Code || w.Header().Get("Content-Encoding") != "gzip" {
				t.Fatalf("status %d, Content-Encoding %q; want %d, gzip", w.Code, w.Header().Get("Content-Encoding"), plain.Code)
			}
			if !strings.Contains(w.Header().Get("Vary"), "Accept-Encoding") {
				t.Errorf("Vary = %q", w.Header().Get("Vary"))
			}
			zr, err := gzip.NewReader(w.Body)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if string(body) != plain.Body.String() {
				t.Errorf("gunzipped body differs from the plain one:\n%.200s\n%.200s", body, plain.Body)
			}
			if et := w.Header().Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
				t.Errorf("gzipped response has the strong ETag %s", et)
			}
		})
	}
	// The gzipped form's weak ETag validates it.
	w := do(t, h, "GET", "/api/v1/stories", nil, "Accept-Encoding", "gzip")
	if w2 := do(t, h, "GET", "/api/v1/stories", nil, "Accept-Encoding", "gzip", "If-None-Match", w.Header().Get("ETag")); w2.Code != 304 {
		t.Errorf("If-None-Match with the weak ETag = %d, want 304", w2.Code)
	}
}

// TestServer_Conditional checks ETag and Last-Modified on lists, search
// and feeds, and that If-None-Match and If-Modified-Since are honoured.
func TestServer_Conditional(t *testing.T) {
	f := newFixture(t)
	h := newTestServer(t, f, f.synthesizer(), Config{}).Handler()
	for _, tc := range []struct {
		target  string
		lastMod bool
	}{
		{"/api/v1/stories", true},
		{"/api/v1/stories?sort=active", true},
		{fmt.Sprintf("/api/v1/stories/%d", f.bridge), true},
		{"/api/v1/sources", false},
		{"/api/v1/search?q=bridge", true},
		{"/feeds/stories.atom", true},
		{fmt.Sprintf("/feeds/stories/%d.atom", f.bridge), true},
		{"/feeds/search.atom?q=bridge", true},
		{"/", true},
		{"/?sort=active", true},
		{"/search?q=bridge", true},
	} {
		t.Run(tc.target, func(t *testing.T) {
			w := do(t, h, "GET", tc.target, nil)
			etag, lm := w.Header().Get("ETag"), w.Header().Get("Last-Modified")
			if w.Code != 200 || etag == "" || (lm != "") != tc.lastMod {
				t.Fatalf("status %d, ETag %q, Last-Modified %q", w.Code, etag, lm)
			}
			if w := do(t, h, "GET", tc.target, nil, "If-None-Match", etag); w.Code != 304 || w.Body.Len() != 0 {
				t.Errorf("If-None-Match = %d with %d bytes, want 304 and none", w.Code, w.Body.Len())
			}
			if w := do(t, h, "GET", tc.target, nil, "If-None-Match", `"other"`); w.Code != 200 {
				t.Errorf("If-None-Match other = %d, want 200", w.Code)
			}
			if !tc.lastMod {
				return
			}
			mod, err := http.ParseTime(lm)
			if err != nil {
				t.Fatal(err)
			}
			if w := do(t, h, "GET", tc.target, nil, "If-Modified-Since", lm); w.Code != 304 {
				t.Errorf("If-Modified-Since = %d, want 304", w.Code)
			}
			earlier := mod.Add(-time.Second).Format(http.TimeFormat)
			if w := do(t, h, "GET", tc.target, nil, "If-Modified-Since", earlier); w.Code != 200 {
				t.Errorf("If-Modified-Since a second earlier = %d, want 200", w.Code)
			}
			// If-None-Match wins over If-Modified-Since.
			if w := do(t, h, "GET", tc.target, nil, "If-Modified-Since", lm, "If-None-Match", `"other"`); w.Code != 200 {
				t.Errorf("If-None-Match other with a current If-Modified-Since = %d, want 200", w.Code)
			}
		})
	}
	// A change to the store changes the list's validators.
	w := do(t, h, "GET", "/api/v1/stories", nil)
	addStory(t, f, "Tram line reopens in Dunmore", "The tram line reopened in Dunmore on Tuesday after repairs.")
	if w2 := do(t, h, "GET", "/api/v1/stories", nil, "If-None-Match", w.Header().Get("ETag")); w2.Code != 200 {
		t.Errorf("after a new story, If-None-Match of the old list = %d, want 200", w2.Code)
	}
}

func TestServer_CORS(t *testing.T) {
	f := newFixture(t)
	t.Run("OffByDefault", func(t *testing.T) {
		h := newTestServer(t, f, nil, Config{}).Handler()
		w := do(t, h, "GET", "/api/v1/stories", nil, "Origin", "https://app.example")
		if v := w.Header().Get("Access-Control-Allow-Origin"); v != "" {
			t.Errorf("Access-Control-Allow-Origin = %q without --cors-origin", v)
		}
	})
	h := newTestServer(t, f, nil, Config{CORSOrigins: []string{"https://app.example"}, IngestToken: "t", Ingest: fakeIngest(f.store)}).Handler()
	for _, tc := range []struct {
		name, method, target, origin string
		header                       []string
		wantStatus                   int
		wantAllow                    string
	}{
		{"Allowed", "GET", "/api/v1/stories", "https://app.example", nil, 200, "https://app.example"},
		{"Feed", "GET", "/feeds/stories.atom", "https://app.example", nil, 200, "https://app.example"},
		{"OtherOrigin", "GET", "/api/v1/stories", "https://evil.example", nil, 200, ""},
		{"NotAPI", "GET", "/", "https://app.example", nil, 200, ""},
		{"Preflight", "OPTIONS", "/api/v1/ingest", "https://app.example", []string{"Access-Control-Request-Method", "POST"}, 204, "https://app.example"},
		{"IngestFromAllowed", "POST", "/api/v1/ingest", "https://app.example",
			[]string{"Sec-Fetch-Site", "cross-site", "Authorization", "Bearer t", "Content-Type", "application/json"}, 200, "https://app.example"},
		{"IngestFromOther", "POST", "/api/v1/ingest", "https://evil.example",
			[]string{"Sec-Fetch-Site", "cross-site", "Authorization", "Bearer t", "Content-Type", "application/json"}, 403, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := strings.NewReader(`{"title":"Dam opens","text":"The dam opened."}`)
			w := do(t, h, tc.method, tc.target, body, append([]string{"Origin", tc.origin}, tc.header...)...)
			if w.Code != tc.wantStatus || w.Header().Get("Access-Control-Allow-Origin") != tc.wantAllow {
				t.Errorf("status %d, Access-Control-Allow-Origin %q; want %d, %q", w.Code, w.Header().Get("Access-Control-Allow-Origin"), tc.wantStatus, tc.wantAllow)
			}
		})
	}
}
