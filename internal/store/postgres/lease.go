package postgres

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/storyline-news/storyline/internal/news"
)

var _ news.Leaser = (*Store)(nil)

// TryLease implements news.Leaser with a session-level advisory lock held
// on a connection of its own: PostgreSQL releases it when the connection
// closes, so a killed holder's lease frees itself.
func (s *Store) TryLease(ctx context.Context, name string) (news.Lease, bool, error) {
	key := leaseKey(name)
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("postgres: lease %s: %w", name, err)
	}
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&ok); err != nil {
		conn.Release()
		return nil, false, fmt.Errorf("postgres: lease %s: %w", name, err)
	}
	if !ok {
		conn.Release()
		return nil, false, nil
	}
	return &lease{name: name, key: key, conn: conn}, true, nil
}

// leaseKey is the advisory lock key of a lease name.
func leaseKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("storyline lease " + name))
	return int64(h.Sum64())
}

// lease is an advisory lock held by the session of conn.
type lease struct {
	name string
	key  int64
	conn *pgxpool.Conn
}

// Check asks the lock's own session whether it still holds the lock: a
// session that died (a server restart, a cut connection) took it along.
func (l *lease) Check(ctx context.Context) error {
	var held bool
	err := l.conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks
		WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
		AND ((classid::bigint << 32) | objid::bigint) = $1)`, l.key).Scan(&held)
	if err != nil {
		return fmt.Errorf("postgres: lease %s lost: %w", l.name, err)
	}
	if !held {
		return fmt.Errorf("postgres: lease %s lost", l.name)
	}
	return nil
}

// Release unlocks and returns the connection to the pool.
func (l *lease) Release() {
	l.conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, l.key)
	l.conn.Release()
}
