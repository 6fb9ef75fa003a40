package server

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/story/synthesis"
)

// schemaDoc is openapi.json read generically, for validating responses
// against it: the subset of OpenAPI 3.0 schemas the document uses ($ref,
// type, nullable, required, properties, additionalProperties, items,
// allOf, oneOf, enum, minimum, format date-time). An object schema that
// lists properties and says nothing of additionalProperties is closed:
// an undocumented key is an error, so the document cannot fall behind.
type schemaDoc struct {
	root map[string]any
}

func loadSchemaDoc(t *testing.T) schemaDoc {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(openAPI, &root); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return schemaDoc{root: root}
}

// resolve follows a local $ref ("#/components/schemas/Story").
func (d schemaDoc) resolve(ref string) (map[string]any, error) {
	path, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("unsupported $ref %q", ref)
	}
	var cur any = d.root
	for part := range strings.SplitSeq(path, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %q: %q is not an object", ref, part)
		}
		if cur, ok = m[strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")]; !ok {
			return nil, fmt.Errorf("$ref %q: no %q", ref, part)
		}
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("$ref %q is not an object", ref)
	}
	return m, nil
}

// deref resolves s while it is a $ref.
func (d schemaDoc) deref(s map[string]any) (map[string]any, error) {
	for range 10 {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s, nil
		}
		var err error
		if s, err = d.resolve(ref); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("$ref chain too long")
}

// responseSchema returns the JSON schema of an operation's response, nil
// when the response has no JSON body (304), and whether the response is
// documented at all.
func (d schemaDoc) responseSchema(path, method, status string) (map[string]any, bool, error) {
	paths, _ := d.root["paths"].(map[string]any)
	item, _ := paths[path].(map[string]any)
	op, _ := item[method].(map[string]any)
	responses, _ := op["responses"].(map[string]any)
	resp, ok := responses[status].(map[string]any)
	if !ok {
		return nil, false, nil
	}
	resp, err := d.deref(resp)
	if err != nil {
		return nil, true, err
	}
	content, _ := resp["content"].(map[string]any)
	media, _ := content["application/json"].(map[string]any)
	schema, _ := media["schema"].(map[string]any)
	return schema, true, nil
}

// validate checks v (decoded JSON) against schema s and returns every
// violation, each with its JSON path.
func (d schemaDoc) validate(s map[string]any, v any, at string) []string {
	return d.check(s, v, at, false)
}

// check is validate; open leaves objects open to keys the schema does not
// list, as the members of an allOf are (their whole lists the keys).
func (d schemaDoc) check(s map[string]any, v any, at string, open bool) []string {
	s, err := d.deref(s)
	if err != nil {
		return []string{at + ": " + err.Error()}
	}
	if v == nil {
		if s["nullable"] == true || len(s) == 0 {
			return nil
		}
		return []string{at + ": null where the schema does not allow it"}
	}
	var errs []string
	for _, sub := range asList(s["allOf"]) {
		errs = append(errs, d.check(sub, v, at, true)...)
	}
	if one := asList(s["oneOf"]); len(one) > 0 {
		n := 0
		for _, sub := range one {
			if len(d.validate(sub, v, at)) == 0 {
				n++
			}
		}
		if n != 1 {
			errs = append(errs, fmt.Sprintf("%s: matches %d of the oneOf schemas, want 1", at, n))
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		errs = append(errs, fmt.Sprintf("%s: %v is not one of %v", at, v, enum))
	}
	typ, _ := s["type"].(string)
	switch typ {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %T, want object", at, v))
		}
		errs = append(errs, d.validateObject(s, m, at, open)...)
	case "array":
		list, ok := v.([]any)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %T, want array", at, v))
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range list {
				errs = append(errs, d.validate(items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %T, want string", at, v))
		}
		if s["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				errs = append(errs, fmt.Sprintf("%s: %q is not an RFC 3339 date-time", at, str))
			}
		}
	case "integer", "number":
		x, ok := v.(float64)
		if !ok {
			return append(errs, fmt.Sprintf("%s: %T, want %s", at, v, typ))
		}
		if typ == "integer" && x != math.Trunc(x) {
			errs = append(errs, fmt.Sprintf("%s: %v is not an integer", at, x))
		}
		if lo, ok := s["minimum"].(float64); ok && x < lo {
			errs = append(errs, fmt.Sprintf("%s: %v is below the minimum %v", at, x, lo))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			errs = append(errs, fmt.Sprintf("%s: %T, want boolean", at, v))
		}
	case "":
	default:
		errs = append(errs, fmt.Sprintf("%s: unsupported schema type %q", at, typ))
	}
	return errs
}

func (d schemaDoc) validateObject(s, m map[string]any, at string, open bool) []string {
	var errs []string
	props := map[string]any{}
	maps.Copy(props, asMap(s["properties"]))
	for _, sub := range asList(s["allOf"]) {
		if sub, err := d.deref(sub); err == nil {
			maps.Copy(props, asMap(sub["properties"]))
		}
	}
	if req, ok := s["required"].([]any); ok {
		for _, k := range req {
			if _, ok := m[k.(string)]; !ok {
				errs = append(errs, fmt.Sprintf("%s: lacks required key %q", at, k))
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if ps, ok := props[k].(map[string]any); ok {
			errs = append(errs, d.validate(ps, m[k], at+"."+k)...)
			continue
		}
		switch extra := s["additionalProperties"].(type) {
		case map[string]any:
			errs = append(errs, d.validate(extra, m[k], at+"."+k)...)
		case bool:
			if !extra {
				errs = append(errs, fmt.Sprintf("%s: undocumented key %q", at, k))
			}
		default:
			if len(props) > 0 && !open {
				errs = append(errs, fmt.Sprintf("%s: undocumented key %q", at, k))
			}
		}
	}
	return errs
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// asList returns the schemas of an allOf/oneOf list.
func asList(v any) []map[string]any {
	var out []map[string]any
	list, _ := v.([]any)
	for _, x := range list {
		if m, ok := x.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func TestSchemaValidator(t *testing.T) {
	d := schemaDoc{root: map[string]any{"components": map[string]any{"schemas": map[string]any{
		"P": map[string]any{"type": "object", "required": []any{"id"}, "properties": map[string]any{
			"id":   map[string]any{"type": "integer", "minimum": 1.0},
			"tags": map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
			"at":   map[string]any{"type": "string", "format": "date-time"},
			"next": map[string]any{"type": "string", "nullable": true},
		}},
	}}}}
	ref := map[string]any{"$ref": "#/components/schemas/P"}
	for _, tc := range []struct {
		json string
		ok   bool
	}{
		{`{"id": 1, "tags": [], "next": null}`, true},
		{`{"id": 1, "tags": ["a"], "at": "2015-11-01T10:00:00Z", "next": "x"}`, true},
		{`{"id": 1, "tags": null}`, false},
		{`{"tags": []}`, false},
		{`{"id": 1.5}`, false},
		{`{"id": 0}`, false},
		{`{"id": 1, "at": "yesterday"}`, false},
		{`{"id": 1, "extra": true}`, false},
		{`{"id": 1, "tags": [1]}`, false},
		{`[]`, false},
	} {
		var v any
		if err := json.Unmarshal([]byte(tc.json), &v); err != nil {
			t.Fatal(err)
		}
		if errs := d.validate(ref, v, "$"); (len(errs) == 0) != tc.ok {
			t.Errorf("validate(%s) = %v, want ok=%v", tc.json, errs, tc.ok)
		}
	}
}

// TestOpenAPI_ResponsesValidate sends requests to every API route, with
// the real synthesizer and with one that leaves every list empty, and
// validates each JSON response against the schema openapi.json documents
// for its path, method and status. Every documented JSON response of a
// GET route must be exercised.
func TestOpenAPI_ResponsesValidate(t *testing.T) {
	d := loadSchemaDoc(t)
	f := newFixture(t)
	// A story merged into another, for the 301 answer.
	merged := addStory(t, f, "Tram line reopens in Dunmore", "The tram line reopened in Dunmore on Tuesday after repairs.")
	if err := f.store.MergeStories(t.Context(), f.fire, merged); err != nil {
		t.Fatal(err)
	}
	saveTestTaxonomy(t, f)
	empty := &Synthesizer{SynthesizeFn: func(_ context.Context, st *news.Story, _ []*news.Article) (*news.Synthesis, error) {
		return &news.Synthesis{StoryID: st.ID}, nil
	}}
	covered := map[string]bool{}
	for name, synth := range map[string]news.Synthesizer{"real": &synthesis.Synthesizer{}, "empty": empty, "none": nil} {
		h := New(Config{IngestToken: "t", Ingest: fakeIngest(f.store)}, f.store, synth, nil).Handler()
		var next string
		for _, tc := range []struct {
			method, path, target, body string
		}{
			{"get", "/api/v1/stories", "/api/v1/stories?limit=1", ""},
			{"get", "/api/v1/stories", "/api/v1/stories?sort=active", ""},
			{"get", "/api/v1/stories", "/api/v1/stories?sort=nope", ""},
			{"get", "/api/v1/stories/{id}", fmt.Sprintf("/api/v1/stories/%d", f.bridge), ""},
			{"get", "/api/v1/stories/{id}", fmt.Sprintf("/api/v1/stories/%d", f.fire), ""},
			{"get", "/api/v1/stories/{id}", fmt.Sprintf("/api/v1/stories/%d", f.evil), ""},
			{"get", "/api/v1/stories/{id}", fmt.Sprintf("/api/v1/stories/%d", merged), ""},
			{"get", "/api/v1/stories/{id}", "/api/v1/stories/999", ""},
			{"get", "/api/v1/stories/{id}", "/api/v1/stories/abc", ""},
			{"get", "/api/v1/storylines", "/api/v1/storylines", ""},
			{"get", "/api/v1/storylines", "/api/v1/storylines?limit=1", ""},
			{"get", "/api/v1/storylines", "/api/v1/storylines?limit=0", ""},
			{"get", "/api/v1/storylines", "/api/v1/storylines?offset=-1", ""},
			{"get", "/api/v1/storylines/{id}", fmt.Sprintf("/api/v1/storylines/%d", f.bridge), ""},
			{"get", "/api/v1/storylines/{id}", "/api/v1/storylines/999", ""},
			{"get", "/api/v1/storylines/{id}", "/api/v1/storylines/abc", ""},
			{"get", "/api/v1/articles/{id}", fmt.Sprintf("/api/v1/articles/%d", f.wire), ""},
			{"get", "/api/v1/articles/{id}", "/api/v1/articles/999", ""},
			{"get", "/api/v1/articles/{id}", "/api/v1/articles/x", ""},
			{"get", "/api/v1/sources", "/api/v1/sources", ""},
			{"get", "/api/v1/stories", "/api/v1/stories?covered_by=lean:left", ""},
			{"get", "/api/v1/stories", "/api/v1/stories?covered_by=lean:far-left", ""},
			{"get", "/api/v1/blindspots", "/api/v1/blindspots", ""},
			{"get", "/api/v1/blindspots", "/api/v1/blindspots?dim=lean&min_sources=2&min_share=0.5", ""},
			{"get", "/api/v1/blindspots", "/api/v1/blindspots?dim=type", ""},
			{"get", "/api/v1/blindspots", "/api/v1/blindspots?dim=owner", ""},
			{"get", "/api/v1/blindspots", "/api/v1/blindspots?min_share=2", ""},
			{"get", "/api/v1/search", "/api/v1/search?q=bridge&limit=1", ""},
			{"get", "/api/v1/search", "/api/v1/search?q=zzzunmatched", ""},
			{"get", "/api/v1/search", "/api/v1/search", ""},
			{"post", "/api/v1/ingest", "/api/v1/ingest", `{"title":"Dam opens","text":"The dam opened."}`},
			{"get", "/api/v1/health", "/api/v1/health", ""},
			{"get", "/api/v1/openapi.json", "/api/v1/openapi.json", ""},
		} {
			w := do(t, h, strings.ToUpper(tc.method), tc.target, strings.NewReader(tc.body), "Authorization", "Bearer t", "Content-Type", "application/json")
			status := fmt.Sprint(w.Code)
			schema, documented, err := d.responseSchema(tc.path, tc.method, status)
			if err != nil || !documented {
				t.Errorf("%s: %s %s answered %s, not documented (%v)", name, tc.method, tc.target, status, err)
				continue
			}
			covered[tc.method+" "+tc.path+" "+status] = true
			if schema == nil {
				continue
			}
			var v any
			if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
				t.Errorf("%s: %s %s: %v", name, tc.method, tc.target, err)
				continue
			}
			for _, e := range d.validate(schema, v, "$") {
				t.Errorf("%s: %s %s (%s): %s", name, tc.method, tc.target, status, e)
			}
			if tc.target == "/api/v1/search?q=bridge&limit=1" {
				var res searchResult
				json.Unmarshal(w.Body.Bytes(), &res)
				if res.NextCursor != nil {
					next = *res.NextCursor
				}
			}
		}
		if next == "" {
			t.Errorf("%s: a one-hit search page of the bridge had no next cursor", name)
		}
	}
	// Every documented JSON response of the read routes was seen.
	paths, _ := d.root["paths"].(map[string]any)
	for path, item := range paths {
		for method, op := range asMap(item) {
			for status := range asMap(asMap(op)["responses"]) {
				schema, _, _ := d.responseSchema(path, method, status)
				if schema != nil && method == "get" && !covered[method+" "+path+" "+status] && status != "503" {
					t.Errorf("documented response %s %s %s was never exercised", method, path, status)
				}
			}
		}
	}
	if !slices.Contains(slices.Collect(maps.Keys(covered)), "get /api/v1/stories/{id} 301") {
		t.Errorf("the merged story did not answer 301")
	}
}

// addStory stores one dated article as a story of its own and returns the
// story's ID.
func addStory(tb testing.TB, f *fixture, title, body string) int64 {
	tb.Helper()
	a := &news.Article{Source: "Dunmore Daily", Language: "en", ContentHash: title, Title: title, Body: body, Published: at(4, 9)}
	_, err := f.store.SaveBatch(tb.Context(), []*news.Article{a}, func(fresh []*news.Article) (news.Clustering, error) {
		return news.Clustering{Assignments: []news.Assignment{{ArticleID: fresh[0].ID, StoryID: fresh[0].ID}}}, nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return a.ID
}
