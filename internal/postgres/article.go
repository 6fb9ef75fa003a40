package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/news"
)

// SaveBatch implements news.ArticleStore.
func (s *Store) SaveBatch(ctx context.Context, articles []*news.Article, assign news.AssignFunc) (news.BatchResult, error) {
	var res news.BatchResult
	now := s.Now().UTC()
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		res = news.BatchResult{}
		var fresh []*news.Article
		for _, a := range articles {
			if a.IngestedAt.IsZero() {
				a.IngestedAt = now
			}
			removed, err := json.Marshal(a.Removed)
			if err != nil {
				return fmt.Errorf("encode removals of %s: %w", a.Origin, err)
			}
			var u *string
			if a.URL != "" {
				u = &a.URL
			}
			err = tx.QueryRow(ctx, `
				INSERT INTO articles (external_id, url, raw_url, source, title, body, dateline, byline,
					published, time, language, language_supported, content_hash, origin, removed, ingested_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
				ON CONFLICT DO NOTHING RETURNING id`,
				a.ExternalID, u, a.RawURL, a.Source, a.Title, a.Body, a.Dateline, a.Byline,
				nullMillis(a.Published), toMillis(a.Time()), a.Language, a.LanguageSupported, a.ContentHash,
				a.Origin, string(removed), toMillis(a.IngestedAt)).Scan(&a.ID)
			if err == pgx.ErrNoRows {
				var story *int64
				if err := tx.QueryRow(ctx, `SELECT id, story_id FROM articles WHERE content_hash = $1 OR (url IS NOT NULL AND url = $2) ORDER BY id LIMIT 1`,
					a.ContentHash, u).Scan(&a.ID, &story); err != nil {
					return fmt.Errorf("find stored copy of %s: %w", a.Origin, err)
				}
				a.StoryID, a.Seq = deref(story), a.ID
				res.Skipped++
				continue
			}
			if err != nil {
				return fmt.Errorf("insert article %s: %w", a.Origin, err)
			}
			a.Seq = a.ID
			fresh = append(fresh, a)
		}
		res.Created = len(fresh)
		if assign == nil || len(fresh) == 0 {
			return nil
		}
		c, err := assign(fresh)
		if err != nil {
			return fmt.Errorf("assign stories: %w", err)
		}
		if err := applyAssignments(ctx, tx, fresh, c.Assignments, now); err != nil {
			return err
		}
		for _, m := range c.Merges {
			if err := mergeTx(ctx, tx, m.Survivor, m.Merged, toMillis(now)); err != nil {
				return fmt.Errorf("merge %d into %d: %w", m.Merged, m.Survivor, err)
			}
		}
		return nil
	})
	if err != nil {
		return news.BatchResult{}, fmt.Errorf("postgres: save batch: %w", err)
	}
	return res, nil
}

func applyAssignments(ctx context.Context, tx pgx.Tx, fresh []*news.Article, as []news.Assignment, now time.Time) error {
	byID := make(map[int64]*news.Article, len(fresh))
	for _, a := range fresh {
		byID[a.ID] = a
	}
	for _, as := range as {
		if as.StoryID == 0 {
			return fmt.Errorf("article %d assigned to no story", as.ArticleID)
		}
		headline := ""
		if a := byID[as.StoryID]; a != nil {
			headline = a.Title
		}
		if _, err := tx.Exec(ctx, `INSERT INTO stories (id, headline, created_at, updated_at) VALUES ($1, $2, $3, $3)
			ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`, as.StoryID, headline, toMillis(now)); err != nil {
			return fmt.Errorf("upsert story %d: %w", as.StoryID, err)
		}
		var dup *int64
		if as.DuplicateOf != 0 {
			dup = &as.DuplicateOf
		}
		if _, err := tx.Exec(ctx, `UPDATE articles SET story_id = $1, duplicate_of = $2, score = $3, explanation = $4 WHERE id = $5`,
			as.StoryID, dup, as.Score, string(as.Explanation), as.ArticleID); err != nil {
			return fmt.Errorf("assign article %d: %w", as.ArticleID, err)
		}
		if a := byID[as.ArticleID]; a != nil {
			a.StoryID, a.DuplicateOf = as.StoryID, as.DuplicateOf
		}
	}
	touched := make([]int64, 0, len(as))
	seen := map[int64]bool{}
	for _, a := range as {
		if !seen[a.StoryID] {
			seen[a.StoryID] = true
			touched = append(touched, a.StoryID)
		}
	}
	return refreshStories(ctx, tx, touched)
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

const articleColumns = `id, external_id, COALESCE(url, ''), raw_url, source, title, body, dateline, byline,
	published, language, language_supported, content_hash, origin, removed, ingested_at, story_id, duplicate_of`

func scanArticle(row pgx.Row) (*news.Article, error) {
	var (
		a            news.Article
		published    *int64
		ingested     int64
		removed      []byte
		story, dupOf *int64
	)
	if err := row.Scan(&a.ID, &a.ExternalID, &a.URL, &a.RawURL, &a.Source, &a.Title, &a.Body, &a.Dateline, &a.Byline,
		&published, &a.Language, &a.LanguageSupported, &a.ContentHash, &a.Origin, &removed, &ingested,
		&story, &dupOf); err != nil {
		return nil, err
	}
	a.Seq, a.StoryID, a.DuplicateOf = a.ID, deref(story), deref(dupOf)
	if published != nil {
		a.Published = fromMillis(*published)
	}
	a.IngestedAt = fromMillis(ingested)
	if err := json.Unmarshal(removed, &a.Removed); err != nil {
		return nil, fmt.Errorf("decode removals of article %d: %w", a.ID, err)
	}
	if len(a.Removed) == 0 {
		a.Removed = nil
	}
	return &a, nil
}

// FindArticleByID implements news.ArticleStore.
func (s *Store) FindArticleByID(ctx context.Context, id int64) (*news.Article, error) {
	var expl string
	a, err := scanArticle(s.pool.QueryRow(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = $1`, id))
	if err == nil {
		err = s.pool.QueryRow(ctx, `SELECT explanation FROM articles WHERE id = $1`, id).Scan(&expl)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: find article %d: %w", id, notFound("article", id, err))
	}
	if expl != "" {
		a.Explanation = []byte(expl)
	}
	return a, nil
}

// FindArticles implements news.ArticleStore.
func (s *Store) FindArticles(ctx context.Context, filter news.ArticleFilter) ([]*news.Article, int, error) {
	where, args := []string{"TRUE"}, []any{}
	if v := filter.StoryID; v != nil {
		args = append(args, *v)
		where = append(where, fmt.Sprintf("story_id = $%d", len(args)))
	}
	if v := filter.Source; v != nil {
		args = append(args, *v)
		where = append(where, fmt.Sprintf("source = $%d", len(args)))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM articles WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("postgres: count articles: %w", err)
	}
	out, err := s.queryArticles(ctx, `SELECT `+articleColumns+` FROM articles WHERE `+cond+` ORDER BY id`+limitClause(filter.Limit, filter.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: find articles: %w", err)
	}
	return out, total, nil
}

func (s *Store) queryArticles(ctx context.Context, q string, args ...any) ([]*news.Article, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*news.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// WalkArticles implements news.ArticleStore.
func (s *Store) WalkArticles(ctx context.Context, fn func(*news.Article) error) error {
	const page = 1000
	var after int64
	for {
		batch, err := s.queryArticles(ctx, `SELECT `+articleColumns+` FROM articles WHERE id > $1 ORDER BY id LIMIT $2`, after, page)
		if err != nil {
			return fmt.Errorf("postgres: walk articles: %w", err)
		}
		for _, a := range batch {
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(batch) < page {
			return nil
		}
		after = batch[len(batch)-1].ID
	}
}

// CountArticles implements news.ArticleStore.
func (s *Store) CountArticles(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count articles: %w", err)
	}
	return n, nil
}

func limitClause(limit, offset int) string {
	s := ""
	if limit > 0 {
		s += fmt.Sprintf(" LIMIT %d", limit)
	}
	if offset > 0 {
		s += fmt.Sprintf(" OFFSET %d", offset)
	}
	return s
}
