package server

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// openAPIDoc is the part of an OpenAPI 3 document the tests read.
type openAPIDoc struct {
	Paths      map[string]map[string]openAPIOperation `json:"paths"`
	Components struct {
		Schemas map[string]openAPISchema `json:"schemas"`
	} `json:"components"`
}

type openAPIOperation struct {
	Responses map[string]struct {
		Ref     string `json:"$ref"`
		Content map[string]struct {
			Schema openAPISchema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

type openAPISchema struct {
	Ref        string                   `json:"$ref"`
	Required   []string                 `json:"required"`
	Properties map[string]openAPISchema `json:"properties"`
}

func loadOpenAPI(t *testing.T) openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return doc
}

// schema resolves a response schema of an operation.
func (d openAPIDoc) schema(t *testing.T, path, method, status string) openAPISchema {
	t.Helper()
	op, ok := d.Paths[path][method]
	if !ok {
		t.Fatalf("%s %s not documented", method, path)
	}
	resp, ok := op.Responses[status]
	if !ok {
		t.Fatalf("%s %s: response %s not documented", method, path, status)
	}
	if resp.Ref == "#/components/responses/Error" {
		return d.Components.Schemas["Error"]
	}
	s := resp.Content["application/json"].Schema
	if name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/"); ok {
		s, ok = d.Components.Schemas[name]
		if !ok {
			t.Fatalf("schema %s missing", name)
		}
	}
	return s
}

// TestOpenAPI_Routes checks that every documented path and method is
// routed by the real handler to its own route, and that every API route
// is documented.
func TestOpenAPI_Routes(t *testing.T) {
	doc := loadOpenAPI(t)
	s := newTestServer(t, newFixture(t), nil, Config{})
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			pattern := strings.ToUpper(method) + " " + path
			documented[pattern] = true
			target := strings.ReplaceAll(path, "{id}", "1")
			req := httptest.NewRequest(strings.ToUpper(method), target, nil)
			if _, got := s.mux.Handler(req); got != pattern {
				t.Errorf("%s %s is routed to %q, want %q", strings.ToUpper(method), target, got, pattern)
			}
		}
	}
	routed := map[string]bool{}
	for _, rt := range s.routes() {
		method, path, ok := strings.Cut(rt.pattern, " ")
		if ok && strings.HasPrefix(path, "/api/v1/") {
			routed[method+" "+path] = true
			if !documented[rt.pattern] {
				t.Errorf("route %q is not documented in openapi.json", rt.pattern)
			}
		}
	}
	for p := range documented {
		if !routed[p] {
			t.Errorf("openapi.json documents %q, which is not in the route table", p)
		}
	}
	if len(routed) < 8 {
		t.Errorf("only %d API routes found: %v", len(routed), slices.Sorted(maps.Keys(routed)))
	}
	// The document is served.
	w := do(t, s.Handler(), "GET", "/api/v1/openapi.json", nil)
	if w.Code != 200 || !json.Valid(w.Body.Bytes()) {
		t.Errorf("GET /api/v1/openapi.json = %d", w.Code)
	}
}

// TestOpenAPI_ResponseKeys checks that the main endpoints' responses have
// the documented top-level keys: every required one, and no other.
func TestOpenAPI_ResponseKeys(t *testing.T) {
	doc := loadOpenAPI(t)
	f := newFixture(t)
	saveTestTaxonomy(t, f)
	h := newTestServer(t, f, f.synthesizer(), Config{IngestToken: "t", Ingest: fakeIngest(f.store)}).Handler()
	for _, tc := range []struct {
		method, path, target, status string
		body                         string
	}{
		{"get", "/api/v1/stories", "/api/v1/stories?limit=1", "200", ""},
		{"get", "/api/v1/stories/{id}", fmt.Sprintf("/api/v1/stories/%d", f.bridge), "200", ""},
		{"get", "/api/v1/stories/{id}", "/api/v1/stories/999", "404", ""},
		{"get", "/api/v1/storylines", "/api/v1/storylines?limit=1", "200", ""},
		{"get", "/api/v1/storylines/{id}", fmt.Sprintf("/api/v1/storylines/%d", f.bridge), "200", ""},
		{"get", "/api/v1/storylines/{id}", "/api/v1/storylines/999", "404", ""},
		{"get", "/api/v1/articles/{id}", fmt.Sprintf("/api/v1/articles/%d", f.wire), "200", ""},
		{"get", "/api/v1/sources", "/api/v1/sources", "200", ""},
		{"get", "/api/v1/blindspots", "/api/v1/blindspots?min_sources=2", "200", ""},
		{"get", "/api/v1/blindspots", "/api/v1/blindspots?dim=nope", "400", ""},
		{"get", "/api/v1/search", "/api/v1/search?q=bridge", "200", ""},
		{"get", "/api/v1/search", "/api/v1/search", "400", ""},
		{"post", "/api/v1/ingest", "/api/v1/ingest", "200", `{"title":"Dam opens","text":"The dam opened."}`},
		{"get", "/api/v1/health", "/api/v1/health", "200", ""},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			w := do(t, h, strings.ToUpper(tc.method), tc.target, strings.NewReader(tc.body), "Authorization", "Bearer t")
			if fmt.Sprint(w.Code) != tc.status {
				t.Fatalf("status %d, want %s: %s", w.Code, tc.status, w.Body)
			}
			var got map[string]json.RawMessage
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			s := doc.schema(t, tc.path, tc.method, tc.status)
			for _, k := range s.Required {
				if _, ok := got[k]; !ok {
					t.Errorf("response lacks required key %q", k)
				}
			}
			for k := range got {
				if _, ok := s.Properties[k]; !ok {
					t.Errorf("response has undocumented key %q", k)
				}
			}
		})
	}
}
