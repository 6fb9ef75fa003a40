// Package pgtest gives tests a PostgreSQL schema of their own.
package pgtest

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store/postgres"
)

var seq atomic.Int64

// Schema creates a fresh schema in the database of dsn, dropped when the
// test ends, and returns the DSN that uses it.
func Schema(tb testing.TB, dsn string) string {
	tb.Helper()
	schema := fmt.Sprintf("storyline_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, seq.Add(1))
	db, err := postgres.CreateSchema(tb.Context(), dsn, schema)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		postgres.DropSchema(ctx, dsn, schema)
	})
	return db
}
