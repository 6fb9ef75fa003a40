package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store/postgres/pgtest"
)

func TestServe_Usage(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"Args", []string{"serve", "extra"}, "no arguments"},
		{"BadFlag", []string{"serve", "--nope"}, "flag provided but not defined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := run(t, "", tc.args...)
			if code != exitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errOut, exitUsage, tc.want)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for the server's logger and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServe runs storyline serve on a free loopback port, ingests over HTTP
// through the real pipeline, reads the stories back, and stops it by
// cancelling its context, as SIGTERM does.
func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	db := filepath.Join(t.TempDir(), "s.db")

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"serve", "--addr", addr, "--db", db, "--ingest-token", "tok"}, strings.NewReader(""), &stdout, &stderr)
	}()
	base := "http://" + addr
	client := &http.Client{Timeout: 10 * time.Second}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := client.Get(base + "/api/v1/health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not become healthy: %v\n%s", err, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}

	req, _ := http.NewRequest("POST", base+"/api/v1/ingest", strings.NewReader(jsonl(0, 6)+"{broken\n"))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Read, Created, Failed int
		Errors                []string
	}
	err = json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("ingest: %d %v", resp.StatusCode, err)
	}
	if res.Created != 6 || res.Failed != 1 || len(res.Errors) != 1 || !strings.HasPrefix(res.Errors[0], "request:7: ") {
		t.Errorf("ingest result = %+v, want 6 created and 1 failed with its error, labelled by the request", res)
	}
	// A body nothing of which can be read is a bad request: garbage, a
	// gzip bomb (50 MiB of one line from 50 KB), lower-case "bearer".
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(bytes.Repeat([]byte("a"), 50<<20))
	zw.Close()
	for _, body := range [][]byte{[]byte("{broken\nnot json\n"), bomb.Bytes()} {
		req, _ := http.NewRequest("POST", base+"/api/v1/ingest", bytes.NewReader(body))
		req.Header.Set("Authorization", "bearer tok")
		req.Header.Set("Content-Type", "application/x-ndjson")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(msg), "could be read: request") {
			t.Errorf("ingest of %d bad bytes: %d %s, want 400 naming the request", len(body), resp.StatusCode, msg)
		}
	}

	resp, err = client.Get(base + "/api/v1/stories?limit=100")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Stories []struct{ ID int64 }
		Total   int
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil || list.Total == 0 || len(list.Stories) != list.Total {
		t.Fatalf("stories: %+v, %v", list, err)
	}
	resp, err = client.Get(fmt.Sprintf("%s/stories/%d", base, list.Stories[0].ID))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("story page: %v %v", resp, err)
	}
	resp.Body.Close()

	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("serve exited %d after shutdown, want 0\n%s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

// TestServe_PostgresInstances runs two serve instances on one PostgreSQL
// store, as behind a load balancer: both answer with the same stories, and
// one sees what the other's ingest stored.
func TestServe_PostgresInstances(t *testing.T) {
	dsn := os.Getenv("STORYLINE_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("set STORYLINE_TEST_POSTGRES_DSN to run serve on PostgreSQL")
	}
	db := pgtest.Schema(t, dsn)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var addrs []string
	done := make(chan int, 2)
	for range 2 {
		addr := freeAddr(t)
		addrs = append(addrs, addr)
		go func() {
			var out, errs syncBuffer
			done <- Main(ctx, []string{"serve", "--addr", addr, "--db", db, "--ingest-token", "tok"}, strings.NewReader(""), &out, &errs)
		}()
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for _, addr := range addrs {
		if code := pollStatus(client, "http://"+addr+"/api/v1/health", 10*time.Second); code != 200 {
			t.Fatalf("instance %s not healthy: %d", addr, code)
		}
	}
	req, _ := http.NewRequest("POST", "http://"+addrs[0]+"/api/v1/ingest", strings.NewReader(jsonl(0, 10)))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := client.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("ingest through instance 1: %v %v", resp, err)
	}
	resp.Body.Close()
	var bodies []string
	for _, addr := range addrs {
		resp, err := client.Get("http://" + addr + "/api/v1/stories?limit=100")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		bodies = append(bodies, string(b))
	}
	var list struct {
		Stories []struct{ Articles int }
	}
	if err := json.Unmarshal([]byte(bodies[1]), &list); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, st := range list.Stories {
		n += st.Articles
	}
	if bodies[0] != bodies[1] || n != 10 {
		t.Errorf("the instances disagree or miss some of the 10 articles:\n%s\n%s", bodies[0], bodies[1])
	}
	cancel()
	for range 2 {
		if code := <-done; code != exitOK {
			t.Errorf("serve exited %d after shutdown, want 0", code)
		}
	}
}

// pollStatus polls url until it answers 200, for at most timeout, and
// returns the last status.
func pollStatus(c *http.Client, url string, timeout time.Duration) int {
	code := 0
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := c.Get(url); err == nil {
			code = resp.StatusCode
			resp.Body.Close()
			if code == 200 {
				break
			}
		}
	}
	return code
}
