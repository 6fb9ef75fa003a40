package main

import (
	"context"
	"fmt"
)

// runMigrate opens the store, which applies pending migrations, and exits.
func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "migrate", "[flags]")
	db := dbFlag(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	store, err := openStore(ctx, e, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintln(e.stdout, "database is up to date")
	return nil
}
