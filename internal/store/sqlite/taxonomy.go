package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/storyline-news/storyline/internal/news"
)

// SaveTaxonomy implements news.TaxonomyStore.
func (s *Store) SaveTaxonomy(ctx context.Context, t *news.Taxonomy) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: save taxonomy: %w", err)
	}
	defer tx.Rollback()
	if err := saveTaxonomy(ctx, tx, t); err != nil {
		return fmt.Errorf("sqlite: save taxonomy: %w", err)
	}
	return tx.Commit()
}

func saveTaxonomy(ctx context.Context, tx *sql.Tx, t *news.Taxonomy) error {
	for _, q := range []string{`DELETE FROM taxonomy_values`, `DELETE FROM taxonomy_sources`, `DELETE FROM taxonomy_dimensions`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for i, d := range t.Dimensions {
		scale, _ := json.Marshal(orEmpty(d.Order))
		if _, err := tx.ExecContext(ctx, `INSERT INTO taxonomy_dimensions (name, position, scale) VALUES (?, ?, ?)`, d.Name, i, string(scale)); err != nil {
			return fmt.Errorf("dimension %s: %w", d.Name, err)
		}
	}
	for i, src := range t.Sources {
		aliases, _ := json.Marshal(orEmpty(src.Aliases))
		if _, err := tx.ExecContext(ctx, `INSERT INTO taxonomy_sources (name, position, aliases) VALUES (?, ?, ?)`, src.Name, i, string(aliases)); err != nil {
			return fmt.Errorf("source %s: %w", src.Name, err)
		}
		for dim, v := range src.Values {
			if _, err := tx.ExecContext(ctx, `INSERT INTO taxonomy_values (source, dimension, value) VALUES (?, ?, ?)`, src.Name, dim, v); err != nil {
				return fmt.Errorf("source %s, %s=%s: %w", src.Name, dim, v, err)
			}
		}
	}
	return nil
}

// FindTaxonomy implements news.TaxonomyStore.
func (s *Store) FindTaxonomy(ctx context.Context) (*news.Taxonomy, error) {
	t, err := findTaxonomy(ctx, s.db)
	if err != nil {
		return nil, fmt.Errorf("sqlite: find taxonomy: %w", err)
	}
	return t, nil
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func findTaxonomy(ctx context.Context, q querier) (*news.Taxonomy, error) {
	t := &news.Taxonomy{Dimensions: []news.Dimension{}, Sources: []news.SourceValues{}}
	rows, err := q.QueryContext(ctx, `SELECT name, scale FROM taxonomy_dimensions ORDER BY position`)
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
	rows, err = q.QueryContext(ctx, `SELECT name, aliases FROM taxonomy_sources ORDER BY position`)
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
	rows, err = q.QueryContext(ctx, `SELECT source, dimension, value FROM taxonomy_values`)
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

// SetSourceValues implements news.TaxonomyStore.
func (s *Store) SetSourceValues(ctx context.Context, source string, values map[string]string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: set source values: %w", err)
	}
	defer tx.Rollback()
	t, err := findTaxonomy(ctx, tx)
	if err != nil {
		return fmt.Errorf("sqlite: set source values: %w", err)
	}
	if err := t.Set(source, values); err != nil {
		return err
	}
	if err := saveTaxonomy(ctx, tx, t); err != nil {
		return fmt.Errorf("sqlite: set source values: %w", err)
	}
	return tx.Commit()
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
