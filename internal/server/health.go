package server

import (
	"context"
	"net/http"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// healthTimeout bounds the store ping of a health check.
const healthTimeout = 2 * time.Second

// health is the response of GET /api/v1/health.
type health struct {
	Status string `json:"status"`
}

// handleAPIHealth pings the store under a timeout:
// 200 {"status":"ok"}, else 503 in the error format.
func (s *Server) handleAPIHealth(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Error("health check failed", "err", err)
		return news.Errorf(eUnavailable, "store unavailable")
	}
	writeJSON(w, http.StatusOK, health{Status: "ok"})
	return nil
}
