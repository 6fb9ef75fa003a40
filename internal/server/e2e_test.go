package server

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// findChromium returns the headless browser to drive: $STORYLINE_CHROMIUM,
// else the first of the usual names on $PATH.
func findChromium() string {
	if p := os.Getenv("STORYLINE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// chromium runs the browser headless with args and returns its stdout.
func chromium(t *testing.T, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir=" + t.TempDir(),
	}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", bin, args, err, stderr.String())
	}
	return string(out)
}

// TestE2E_Browser starts the server on loopback, loads the front page and
// a story page in headless Chromium, checks the headline and the source
// marks in the rendered DOM, and saves screenshots at desktop and phone
// sizes. Outside CI it skips when no browser is installed; in CI (CI=true)
// a missing browser fails.
func TestE2E_Browser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser; skipped in short mode")
	}
	bin := findChromium()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but no Chromium found: install the Debian package chromium (apt-get install -y chromium) or set STORYLINE_CHROMIUM")
		}
		t.Skip("no Chromium found: install the Debian package chromium or set STORYLINE_CHROMIUM to run the browser test")
	}
	f := newFixture(t)
	s := New(Config{}, f.store, f.synthesizer(), slog.New(slog.DiscardHandler))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}()
	base := "http://" + ln.Addr().String()
	const headline = "Kestrel Bay bridge collapses; four rescued"
	marks := []string{
		fmt.Sprintf(`href="#article-%d">[Harbour Watch]</a>`, f.harbour),
		fmt.Sprintf(`href="#article-%d">[Northwire]</a>`, f.wire),
	}

	front := chromium(t, bin, "--dump-dom", base+"/")
	if !strings.Contains(front, headline) || !strings.Contains(front, fmt.Sprintf(`href="/stories/%d#article-%d">[Harbour Watch]</a>`, f.bridge, f.harbour)) {
		t.Errorf("front page DOM lacks the headline or its source marks:\n%s", front)
	}
	storyURL := fmt.Sprintf("%s/stories/%d", base, f.bridge)
	story := chromium(t, bin, "--dump-dom", storyURL)
	if !strings.Contains(story, "<h1 id=\"headline\">"+headline+"</h1>") {
		t.Errorf("story page DOM lacks the headline:\n%s", story)
	}
	for _, m := range marks {
		if !strings.Contains(story, m) {
			t.Errorf("story page DOM lacks source mark %s", m)
		}
	}
	if !strings.Contains(story, fmt.Sprintf(`id="article-%d"`, f.harbour)) {
		t.Errorf("source mark target article-%d missing", f.harbour)
	}

	// The story page links its storyline, whose page reads as a timeline
	// of its events in time order.
	if want := fmt.Sprintf(`Part of: <a href="/storylines/%d">%s</a>, 2 events since`, f.bridge, headline); !strings.Contains(story, want) {
		t.Errorf("story page DOM lacks the storyline link %q", want)
	}
	storylineURL := fmt.Sprintf("%s/storylines/%d", base, f.bridge)
	line := chromium(t, bin, "--dump-dom", storylineURL)
	first, second := strings.Index(line, fmt.Sprintf(`<a href="/stories/%d">%s</a>`, f.bridge, headline)), strings.Index(line, fmt.Sprintf(`<a href="/stories/%d">Warehouse fire in Dunmore`, f.fire))
	if !strings.Contains(line, `<ol class="storyline-events">`) || first < 0 || second < first {
		t.Errorf("storyline page DOM lacks its events in time order (bridge at %d, fire at %d):\n%s", first, second, line)
	}

	// Screenshots go to t.TempDir(), or to $STORYLINE_SCREENSHOTS to keep
	// them (e.g. as CI artifacts).
	dir := os.Getenv("STORYLINE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, shot := range []struct{ name, url, size string }{
		{"front-1280x800.png", base + "/", "1280,800"},
		{"story-1280x800.png", storyURL, "1280,800"},
		{"front-390x844.png", base + "/", "390,844"},
		{"story-390x844.png", storyURL, "390,844"},
		{"storyline-1280x800.png", storylineURL, "1280,800"},
		{"storyline-390x844.png", storylineURL, "390,844"},
	} {
		path := filepath.Join(dir, shot.name)
		chromium(t, bin, "--screenshot="+path, "--window-size="+shot.size, shot.url)
		st, err := os.Stat(path)
		if err != nil || st.Size() < 5000 {
			t.Errorf("screenshot %s: %v (size %d)", path, err, sizeOf(st))
			continue
		}
		t.Logf("screenshot: %s", path)
	}
}

func sizeOf(st os.FileInfo) int64 {
	if st == nil {
		return 0
	}
	return st.Size()
}
