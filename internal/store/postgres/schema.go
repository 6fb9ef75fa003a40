package postgres

import (
	"context"
	"fmt"
	"net/url"
	"regexp"

	"github.com/jackc/pgx/v5"
)

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// CreateSchema creates schema in the database of dsn (a postgres:// URL)
// and returns the DSN whose search_path is that schema: a private store
// in a shared database, for benchmarks and tests.
func CreateSchema(ctx context.Context, dsn, schema string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("postgres: dsn: %w", err)
	}
	if err := schemaDDL(ctx, dsn, schema, "CREATE SCHEMA "+schema); err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// DropSchema drops schema and everything in it.
func DropSchema(ctx context.Context, dsn, schema string) error {
	return schemaDDL(ctx, dsn, schema, "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
}

// schemaDDL checks the schema name (it is spliced into ddl) and runs ddl
// on a connection of its own.
func schemaDDL(ctx context.Context, dsn, schema, ddl string) error {
	if !schemaName.MatchString(schema) {
		return fmt.Errorf("postgres: schema name %q: want lower-case letters, digits and _", schema)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return fmt.Errorf("postgres: connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, ddl); err != nil {
		return fmt.Errorf("postgres: %s: %w", ddl, err)
	}
	return nil
}

// Size returns the bytes on disk of the store's tables with their indexes
// and TOAST data, in the schema the store uses.
func (s *Store) Size(ctx context.Context) (int64, error) {
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: size: %w", err)
	}
	return n, nil
}
