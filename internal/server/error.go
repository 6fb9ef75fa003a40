package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// Error codes of the HTTP layer, besides the news.E* codes. They travel in
// *news.Error values like the domain's own.
const (
	eUnauthorized = "unauthorized"           // 401: missing or wrong bearer token
	eForbidden    = "forbidden"              // 403: ingestion over HTTP is off
	eTooLarge     = "too_large"              // 413: request body over the cap
	eUnsupported  = "unsupported_media_type" // 415
	eUnavailable  = "unavailable"            // 503: the store does not answer
	eMethod       = "method_not_allowed"     // 405
)

// statusOf maps an error code to an HTTP status. It is the only place that
// does: every handler returns errors and the adapters below call it.
func statusOf(code string) int {
	switch code {
	case news.ENOTFOUND:
		return http.StatusNotFound
	case news.EINVALID:
		return http.StatusBadRequest
	case news.ECONFLICT:
		return http.StatusConflict
	case eUnauthorized:
		return http.StatusUnauthorized
	case eForbidden:
		return http.StatusForbidden
	case eTooLarge:
		return http.StatusRequestEntityTooLarge
	case eUnsupported:
		return http.StatusUnsupportedMediaType
	case eMethod:
		return http.StatusMethodNotAllowed
	case eUnavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// errorBody is the one error format of the API:
// {"error": {"code": "not_found", "message": "story 7 not found"}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// describeError returns the status, code and user-facing message for err,
// logging internal errors (and only those) with the request. Internal
// details never reach the client.
func (s *Server) describeError(r *http.Request, err error) (status int, code, msg string) {
	code = news.ErrorCode(err)
	if errors.Is(err, r.Context().Err()) && r.Context().Err() != nil {
		// The client went away or the request timed out.
		code = eUnavailable
		msg = "request cancelled"
		return statusOf(code), code, msg
	}
	status = statusOf(code)
	msg = news.ErrorMessage(err)
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "uri", r.URL.RequestURI(),
			"remote", r.RemoteAddr, "status", status, "err", err)
		if code == news.EINTERNAL {
			msg = "internal error"
		}
	}
	return status, code, msg
}

// writeAPIError writes err in the API's error format.
func (s *Server) writeAPIError(w http.ResponseWriter, r *http.Request, err error) {
	status, code, msg := s.describeError(r, err)
	writeJSON(w, status, errorBody{Error: errorDetail{Code: code, Message: msg}})
}

// apiHandler adapts a handler that returns an error to http.Handler; the
// error is written in the API's error format.
type apiHandler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) api(h apiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeAPIError(w, r, err)
		}
	})
}

// writeJSON writes v as the JSON response body with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	buf, err := marshalJSON(v)
	if err != nil {
		http.Error(w, `{"error":{"code":"internal","message":"internal error"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf)
}

// marshalJSON encodes v as a response body, ending in a newline.
func marshalJSON(v any) ([]byte, error) {
	buf, err := json.Marshal(v)
	return append(buf, '\n'), err
}

// handleAPINotFound answers API paths no route matches: 405 when the path
// exists with another method, else 404.
func (s *Server) handleAPINotFound(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := s.mux.Handler(probe); pattern != "" && pattern != "/api/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return news.Errorf(eMethod, "%s is not allowed on %s", r.Method, r.URL.Path)
	}
	return news.Errorf(news.ENOTFOUND, "no API route %s %s", r.Method, r.URL.Path)
}
