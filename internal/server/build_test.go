package server

import (
	"fmt"
	"testing"
	"time"
)

// TestStoryETag_NewBuild: a story's ETag is stable within one server, and
// a server of another build (here: a test binary, named by its start)
// does not take a client's copy made by the old one for current.
func TestStoryETag_NewBuild(t *testing.T) {
	f := newFixture(t)
	path := fmt.Sprintf("/api/v1/stories/%d", f.bridge)
	old := newTestServer(t, f, f.synthesizer(), Config{})
	old.build = buildID(time.Unix(1, 0))
	etag := do(t, old.Handler(), "GET", path, nil).Header().Get("ETag")
	if again := do(t, old.Handler(), "GET", path, nil).Header().Get("ETag"); etag == "" || again != etag {
		t.Fatalf("ETag %q then %q from one server", etag, again)
	}
	upgraded := newTestServer(t, f, f.synthesizer(), Config{})
	upgraded.build = buildID(time.Unix(2, 0))
	w := do(t, upgraded.Handler(), "GET", path, nil, "If-None-Match", etag)
	if w.Code != 200 || w.Header().Get("ETag") == etag {
		t.Errorf("upgraded server answered %d with ETag %q to the old build's %q", w.Code, w.Header().Get("ETag"), etag)
	}
}
