package postgres_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/store/postgres/pgtest"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// MustOpen opens a store in a fresh schema of the database named by
// STORYLINE_TEST_POSTGRES_DSN, and skips the test without it.
func MustOpen(t *testing.T) *postgres.Store {
	t.Helper()
	dsn := os.Getenv("STORYLINE_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("set STORYLINE_TEST_POSTGRES_DSN to run the PostgreSQL tests")
	}
	ctx := t.Context()
	db := pgtest.Schema(t, dsn)
	s, err := postgres.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store { return MustOpen(t) })
}

func TestOpen_BadDSN(t *testing.T) {
	if _, err := postgres.Open(t.Context(), "postgres://%zz"); news.ErrorCode(err) != news.EINVALID {
		t.Errorf("Open(bad) = %v, want code %s", err, news.EINVALID)
	}
}

func TestStore_TryLease(t *testing.T) {
	a, b := MustOpen(t), MustOpen(t)
	defer a.Close()
	defer b.Close()
	ctx := t.Context()
	name := fmt.Sprintf("test-%d", time.Now().UnixNano())
	l, ok, err := a.TryLease(ctx, name)
	if err != nil || !ok {
		t.Fatalf("first lease: %v, %v", ok, err)
	}
	if err := l.Check(ctx); err != nil {
		t.Errorf("Check while held: %v", err)
	}
	if _, ok, err := b.TryLease(ctx, name); err != nil || ok {
		t.Errorf("second lease while held: %v, %v; want refused", ok, err)
	}
	l.Release()
	l2, ok, err := b.TryLease(ctx, name)
	if err != nil || !ok {
		t.Fatalf("lease after release: %v, %v", ok, err)
	}
	l2.Release()
}

// A lease whose session dies (as in a server restart) reports itself lost,
// and another process can take it.
func TestStore_TryLease_SessionDies(t *testing.T) {
	a, b := MustOpen(t), MustOpen(t)
	defer a.Close()
	defer b.Close()
	ctx := t.Context()
	name := fmt.Sprintf("test-dies-%d", time.Now().UnixNano())
	l, ok, err := a.TryLease(ctx, name)
	if err != nil || !ok {
		t.Fatalf("first lease: %v, %v", ok, err)
	}
	defer l.Release()
	// Terminate the holder's session from the other store's connection.
	conn, err := pgx.Connect(ctx, os.Getenv("STORYLINE_TEST_POSTGRES_DSN"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
		AND ((classid::bigint << 32) | objid::bigint) = $1`, postgres.LeaseKey(name)).Scan(&n); err != nil || n != 1 {
		t.Fatalf("terminate holder: %d sessions, %v", n, err)
	}
	if err := l.Check(ctx); err == nil {
		t.Error("Check after the session died = nil, want lost")
	}
	l2, ok, err := b.TryLease(ctx, name)
	if err != nil || !ok {
		t.Fatalf("lease after the holder died: %v, %v", ok, err)
	}
	l2.Release()
}
