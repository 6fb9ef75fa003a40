package server

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// ingestTypes are the media types POST /api/v1/ingest accepts: one JSON
// object or an array of them, or JSON Lines.
var ingestTypes = map[string]bool{
	"application/json":        true,
	"application/x-ndjson":    true,
	"application/jsonl":       true,
	"application/x-jsonlines": true,
	"application/jsonlines":   true,
}

// handleAPIIngest runs the ingestion pipeline over the request body. The
// body is read whole (up to Config.MaxIngestBytes) before anything is
// stored, so an oversized request stores nothing.
func (s *Server) handleAPIIngest(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.IngestToken == "" || s.cfg.Ingest == nil {
		return news.Errorf(eForbidden, "ingestion over HTTP is disabled: start the server with an ingest token")
	}
	// The scheme is case-insensitive (RFC 9110, section 11.1).
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.cfg.IngestToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="storyline"`)
		return news.Errorf(eUnauthorized, "a valid bearer token is required")
	}
	mediaType := "application/json"
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !ingestTypes[mt] {
			return news.Errorf(eUnsupported, "send application/json (an object or an array) or application/x-ndjson (JSON Lines), not %q", ct)
		}
		mediaType = mt
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxIngestBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return news.Errorf(eTooLarge, "request body exceeds %d bytes", s.cfg.MaxIngestBytes)
		}
		return news.Errorf(news.EINVALID, "read request body: %v", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return news.Errorf(news.EINVALID, "empty request body")
	}
	res, err := s.cfg.Ingest(r.Context(), bytes.NewReader(body), mediaType)
	if err != nil {
		return err
	}
	if res.Errors == nil {
		res.Errors = []string{}
	}
	if res.Created+res.Skipped == 0 && res.Failed > 0 {
		// Nothing in the body could be read: the request is bad.
		msg := "nothing in the request body could be read"
		if len(res.Errors) > 0 {
			msg += ": " + strings.Join(res.Errors[:min(len(res.Errors), 5)], "; ")
		}
		return news.Errorf(news.EINVALID, "%s", msg)
	}
	s.log.Info("ingest", "read", res.Read, "created", res.Created, "skipped", res.Skipped, "failed", res.Failed)
	writeJSON(w, http.StatusOK, res)
	return nil
}
