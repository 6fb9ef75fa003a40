package server

import (
	_ "embed"
	"net/http"
)

// openAPI is the OpenAPI 3 description of /api/v1/. A test checks it
// against the route table and the handlers' responses.
//
//go:embed openapi.json
var openAPI []byte

func handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(openAPI)
}
