package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/news"
)

// SaveTaxonomy implements news.TaxonomyStore.
func (s *Store) SaveTaxonomy(ctx context.Context, t *news.Taxonomy) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return saveTaxonomy(ctx, tx, t) })
	if err != nil {
		return fmt.Errorf("postgres: save taxonomy: %w", err)
	}
	return nil
}

func saveTaxonomy(ctx context.Context, tx pgx.Tx, t *news.Taxonomy) error {
	b := &pgx.Batch{}
	b.Queue(`DELETE FROM taxonomy_values`)
	b.Queue(`DELETE FROM taxonomy_sources`)
	b.Queue(`DELETE FROM taxonomy_dimensions`)
	for i, d := range t.Dimensions {
		scale, _ := json.Marshal(orEmpty(d.Order))
		b.Queue(`INSERT INTO taxonomy_dimensions (name, position, scale) VALUES ($1, $2, $3)`, d.Name, i, string(scale))
	}
	for i, src := range t.Sources {
		aliases, _ := json.Marshal(orEmpty(src.Aliases))
		b.Queue(`INSERT INTO taxonomy_sources (name, position, aliases) VALUES ($1, $2, $3)`, src.Name, i, string(aliases))
		for dim, v := range src.Values {
			b.Queue(`INSERT INTO taxonomy_values (source, dimension, value) VALUES ($1, $2, $3)`, src.Name, dim, v)
		}
	}
	return tx.SendBatch(ctx, b).Close()
}

// FindTaxonomy implements news.TaxonomyStore.
func (s *Store) FindTaxonomy(ctx context.Context) (*news.Taxonomy, error) {
	var t *news.Taxonomy
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		t, err = findTaxonomy(ctx, tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: find taxonomy: %w", err)
	}
	return t, nil
}

func findTaxonomy(ctx context.Context, tx pgx.Tx) (*news.Taxonomy, error) {
	t := &news.Taxonomy{Dimensions: []news.Dimension{}, Sources: []news.SourceValues{}}
	rows, err := tx.Query(ctx, `SELECT name, scale FROM taxonomy_dimensions ORDER BY position`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var d news.Dimension
		var scale string
		if err := rows.Scan(&d.Name, &scale); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(scale), &d.Order); err != nil {
			rows.Close()
			return nil, fmt.Errorf("dimension %s: scale: %w", d.Name, err)
		}
		if len(d.Order) == 0 {
			d.Order = nil
		}
		t.Dimensions = append(t.Dimensions, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	index := map[string]int{}
	rows, err = tx.Query(ctx, `SELECT name, aliases FROM taxonomy_sources ORDER BY position`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		sv := news.SourceValues{Values: map[string]string{}}
		var aliases string
		if err := rows.Scan(&sv.Name, &aliases); err != nil {
			rows.Close()
			return nil, err
		}
		if err := json.Unmarshal([]byte(aliases), &sv.Aliases); err != nil {
			rows.Close()
			return nil, fmt.Errorf("source %s: aliases: %w", sv.Name, err)
		}
		if len(sv.Aliases) == 0 {
			sv.Aliases = nil
		}
		index[sv.Name] = len(t.Sources)
		t.Sources = append(t.Sources, sv)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.Query(ctx, `SELECT source, dimension, value FROM taxonomy_values`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var src, dim, v string
		if err := rows.Scan(&src, &dim, &v); err != nil {
			return nil, err
		}
		if i, ok := index[src]; ok {
			t.Sources[i].Values[dim] = v
		}
	}
	return t, rows.Err()
}

// SetSourceValues implements news.TaxonomyStore. The taxonomy is locked
// for the transaction, so concurrent changes apply one after the other.
func (s *Store) SetSourceValues(ctx context.Context, source string, values map[string]string) error {
	var invalid error
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE taxonomy_sources IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		t, err := findTaxonomy(ctx, tx)
		if err != nil {
			return err
		}
		if invalid = t.Set(source, values); invalid != nil {
			return invalid
		}
		return saveTaxonomy(ctx, tx, t)
	})
	if invalid != nil {
		return invalid
	}
	if err != nil {
		return fmt.Errorf("postgres: set source values: %w", err)
	}
	return nil
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
