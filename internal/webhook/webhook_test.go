package webhook

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

func TestNotifier_SignsAndRetries(t *testing.T) {
	secret := []byte("s3cret")
	var mu sync.Mutex
	var got []news.StoryEvent
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			http.Error(w, "try later", http.StatusServiceUnavailable)
			return
		}
		if !Verify(secret, body, r.Header.Get(SignatureHeader)) {
			t.Errorf("bad signature %q", r.Header.Get(SignatureHeader))
		}
		var e news.StoryEvent
		if err := json.Unmarshal(body, &e); err != nil {
			t.Error(err)
		}
		if r.Header.Get(EventHeader) != e.Kind {
			t.Errorf("event header %q, body kind %q", r.Header.Get(EventHeader), e.Kind)
		}
		got = append(got, e)
	}))
	defer srv.Close()

	n := New(Config{URLs: []string{srv.URL}, Secret: secret, Backoff: time.Millisecond, MaxAttempts: 3})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go n.Run(ctx)
	n.Notify([]news.StoryEvent{
		{Kind: news.EventStoryCreated, StoryID: 1, ArticleID: 1, Source: "A"},
		{Kind: news.EventStorySource, StoryID: 1, ArticleID: 2, Source: "B"},
	})
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if d, _, _ := n.Stats(); d == 2 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0].Kind != news.EventStoryCreated || got[1].Source != "B" {
		t.Fatalf("received %+v after %d calls, want both events in order (the first after a retry)", got, calls)
	}
	if d, f, dr := n.Stats(); d != 2 || f != 0 || dr != 0 {
		t.Errorf("stats delivered %d failed %d dropped %d", d, f, dr)
	}
}

func TestNotifier_GivesUp(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusInternalServerError)
	}))
	defer srv.Close()
	n := New(Config{URLs: []string{srv.URL}, Backoff: time.Millisecond, MaxAttempts: 2, QueueSize: 1})
	n.Notify([]news.StoryEvent{{Kind: news.EventStoryMerged, StoryID: 1, MergedID: 2}, {Kind: news.EventStoryMerged, StoryID: 3, MergedID: 4}})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go n.Run(ctx)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, f, _ := n.Stats(); f == 1 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if d, f, dr := n.Stats(); d != 0 || f != 1 || dr != 1 {
		t.Errorf("stats delivered %d failed %d dropped %d, want 0, 1 and 1 (queue of one)", d, f, dr)
	}
}

func TestSign(t *testing.T) {
	// HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), RFC 4231 style check value.
	if got := Sign([]byte("key"), []byte("The quick brown fox jumps over the lazy dog")); got != "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8" {
		t.Errorf("Sign = %s", got)
	}
	if Verify([]byte("key"), []byte("x"), "sha256=00") {
		t.Error("Verify accepted a wrong signature")
	}
}
