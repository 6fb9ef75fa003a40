package server

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// HTTP plumbing shared by every route: gzip, CORS and conditional GET.

// compressible reports whether a response of this Content-Type is worth
// gzipping: JSON, HTML, Atom/XML, CSS and plain text.
func compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/"):
		return true
	case mt == "application/json", mt == "application/atom+xml", mt == "application/xml",
		strings.HasSuffix(mt, "+json"), strings.HasSuffix(mt, "+xml"):
		return true
	}
	return false
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip
// (a q-value of 0 refuses it).
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(name) != "*" {
				continue
			}
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			if q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
				return false
			}
			return true
		}
	}
	return false
}

// compress gzips the responses of compressible types for clients that
// accept gzip, and announces Vary: Accept-Encoding on every response so
// that caches keep the two forms apart. Small bodies are compressed too:
// the handlers write whole bodies at once, and gzip's 20 bytes of framing
// are not worth a buffer.
func compress(next http.Handler) http.Handler {
	pool := sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression); return w }}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r) || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w, pool: &pool}
		defer gw.close()
		next.ServeHTTP(gw, r)
	})
}

// gzipWriter decides at WriteHeader whether to compress.
type gzipWriter struct {
	http.ResponseWriter
	pool        *sync.Pool
	gz          *gzip.Writer
	wroteHeader bool
}

func (w *gzipWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	h := w.Header()
	gzipped := code >= 200 && code != http.StatusNoContent && code != http.StatusNotModified &&
		h.Get("Content-Encoding") == "" && compressible(h.Get("Content-Type"))
	// A strong ETag names one byte sequence: the gzipped form is another.
	// A 304 to a client that accepts gzip confirms the gzipped form.
	if etag := h.Get("ETag"); (gzipped || code == http.StatusNotModified) && strings.HasPrefix(etag, `"`) {
		h.Set("ETag", "W/"+etag)
	}
	if gzipped {
		h.Set("Content-Encoding", "gzip")
		h.Del("Content-Length")
		w.gz = w.pool.Get().(*gzip.Writer)
		w.gz.Reset(w.ResponseWriter)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *gzipWriter) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", http.DetectContentType(p))
		}
		w.WriteHeader(http.StatusOK)
	}
	if w.gz != nil {
		return w.gz.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *gzipWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *gzipWriter) close() {
	if w.gz == nil {
		return
	}
	w.gz.Close()
	w.gz.Reset(io.Discard)
	w.pool.Put(w.gz)
	w.gz = nil
}

// cors answers cross-origin requests to the JSON API and the feeds from
// the configured origins ("*" for any). Without origins it does nothing:
// browsers then refuse cross-origin reads, which is the safe default.
func cors(origins []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		return next
	}
	anyOrigin := slices.Contains(origins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		api := strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/feeds/")
		if origin == "" || !api {
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		if !anyOrigin && !slices.Contains(origins, origin) {
			next.ServeHTTP(w, r)
			return
		}
		if anyOrigin {
			h.Set("Access-Control-Allow-Origin", "*")
		} else {
			h.Set("Access-Control-Allow-Origin", origin)
		}
		h.Set("Access-Control-Expose-Headers", "ETag, Last-Modified, Location")
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			// A preflight.
			h.Set("Access-Control-Allow-Methods", "GET, POST")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match, If-Modified-Since")
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// conditional sets the validators of a representation, ETag (kind plus a
// hash of body) and, when known, Last-Modified, and reports whether the
// request's If-None-Match, or without one its If-Modified-Since, shows
// that the client already has it, in which case it has written 304.
func conditional(w http.ResponseWriter, r *http.Request, kind string, body []byte, lastMod time.Time) bool {
	sum := sha256.Sum256(body)
	return notModifiedSince(w, r, kind, hex.EncodeToString(sum[:12]), lastMod)
}

// notModifiedSince is notModified with a Last-Modified time as well.
func notModifiedSince(w http.ResponseWriter, r *http.Request, kind, version string, lastMod time.Time) bool {
	if version != "" && !lastMod.IsZero() && lastMod.Unix() > 0 {
		w.Header().Set("Last-Modified", lastMod.UTC().Format(http.TimeFormat))
	}
	if notModified(w, r, kind, version) {
		return true
	}
	if version == "" || lastMod.IsZero() || r.Header.Get("If-None-Match") != "" {
		return false
	}
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	if err != nil || lastMod.Truncate(time.Second).After(since) {
		return false
	}
	w.WriteHeader(http.StatusNotModified)
	return true
}

// writeJSONCached writes v as a 200 JSON response with validators,
// answering 304 when the client's copy is current.
func writeJSONCached(w http.ResponseWriter, r *http.Request, kind string, v any, lastMod time.Time) {
	buf, err := marshalJSON(v)
	if err != nil {
		http.Error(w, `{"error":{"code":"internal","message":"internal error"}}`, http.StatusInternalServerError)
		return
	}
	if conditional(w, r, kind, buf, lastMod) {
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	w.Write(buf)
}
