package postgres

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/storyline-news/storyline/internal/news"
)

var _ news.Leaser = (*Store)(nil)

// TryLease implements news.Leaser with a session-level advisory lock held
// on a connection of its own: PostgreSQL releases it when the connection
// closes, so a killed holder's lease frees itself.
func (s *Store) TryLease(ctx context.Context, name string) (func(), bool, error) {
	h := fnv.New64a()
	h.Write([]byte("storyline lease " + name))
	key := int64(h.Sum64())
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
	release := func() {
		conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, key)
		conn.Release()
	}
	return release, true, nil
}
