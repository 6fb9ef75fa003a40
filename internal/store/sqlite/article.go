package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/unixms"
)

// SaveBatch implements news.ArticleStore.
func (s *Store) SaveBatch(ctx context.Context, articles []*news.Article, assign news.AssignFunc) (news.BatchResult, error) {
	var res news.BatchResult
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("sqlite: begin batch: %w", err)
	}
	defer tx.Rollback()

	now := s.Now().UTC()
	insert, err := tx.PrepareContext(ctx, `
		INSERT OR IGNORE INTO articles (external_id, url, raw_url, source, title, body, dateline, byline,
			published, time, language, language_supported, content_hash, origin, removed, ingested_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return res, fmt.Errorf("sqlite: prepare insert: %w", err)
	}
	defer insert.Close()

	var fresh []*news.Article
	for _, a := range articles {
		if err := ctx.Err(); err != nil {
			return news.BatchResult{}, err
		}
		if a.IngestedAt.IsZero() {
			a.IngestedAt = now
		}
		removed, err := json.Marshal(a.Removed)
		if err != nil {
			return news.BatchResult{}, fmt.Errorf("sqlite: encode removals of %s: %w", a.Origin, err)
		}
		var u sql.NullString
		if a.URL != "" {
			u = sql.NullString{String: a.URL, Valid: true}
		}
		r, err := insert.ExecContext(ctx, a.ExternalID, u, a.RawURL, a.Source, a.Title, a.Body, a.Dateline, a.Byline,
			nullMillis(a.Published), unixms.From(a.Time()), a.Language, a.LanguageSupported, a.ContentHash,
			a.Origin, string(removed), unixms.From(a.IngestedAt))
		if err != nil {
			return news.BatchResult{}, fmt.Errorf("sqlite: insert article %s: %w", a.Origin, err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			// Already stored: same canonical URL or same content.
			if err := tx.QueryRowContext(ctx, `SELECT id, story_id FROM articles WHERE content_hash = ? OR (url IS NOT NULL AND url = ?) ORDER BY id LIMIT 1`,
				a.ContentHash, u).Scan(&a.ID, (*nullInt)(&a.StoryID)); err != nil {
				return news.BatchResult{}, fmt.Errorf("sqlite: find stored copy of %s: %w", a.Origin, err)
			}
			a.Seq = a.ID
			res.Skipped++
			continue
		}
		id, err := r.LastInsertId()
		if err != nil {
			return news.BatchResult{}, fmt.Errorf("sqlite: article id: %w", err)
		}
		a.ID, a.Seq = id, id
		fresh = append(fresh, a)
	}
	res.Created = len(fresh)

	if assign != nil {
		c, err := assign(fresh)
		if err != nil {
			return news.BatchResult{}, fmt.Errorf("sqlite: assign stories: %w", err)
		}
		if err := s.applyAssignments(ctx, tx, fresh, c.Assignments, now); err != nil {
			return news.BatchResult{}, err
		}
		err = news.ReplayEdits(c, func(m news.Merge) error {
			if err := mergeTx(ctx, tx, m, "auto-merge", unixms.From(now)); err != nil {
				return fmt.Errorf("sqlite: merge %d into %d: %w", m.Merged, m.Survivor, err)
			}
			return nil
		}, func(sp news.Split) error {
			if err := splitTx(ctx, tx, sp, "auto-split", unixms.From(now)); err != nil {
				return fmt.Errorf("sqlite: split %d: %w", sp.Story, err)
			}
			return nil
		})
		if err != nil {
			return news.BatchResult{}, err
		}
		if err := setStorylines(ctx, tx, c.Storylines); err != nil {
			return news.BatchResult{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return news.BatchResult{}, fmt.Errorf("sqlite: commit batch: %w", err)
	}
	return res, nil
}

func (s *Store) applyAssignments(ctx context.Context, tx *sql.Tx, fresh []*news.Article, as []news.Assignment, now time.Time) error {
	if len(fresh) == 0 {
		return nil
	}
	byID := make(map[int64]*news.Article, len(fresh))
	for _, a := range fresh {
		byID[a.ID] = a
	}
	story, err := tx.PrepareContext(ctx, `INSERT INTO stories (id, headline, created_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`)
	if err != nil {
		return fmt.Errorf("sqlite: prepare story upsert: %w", err)
	}
	defer story.Close()
	update, err := tx.PrepareContext(ctx, `UPDATE articles SET story_id = ?, joined_story_id = ?, duplicate_of = ?, score = ?, explanation = ? WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("sqlite: prepare assignment: %w", err)
	}
	defer update.Close()
	touched := map[int64]bool{}
	for _, as := range as {
		if as.StoryID == 0 {
			return fmt.Errorf("sqlite: article %d assigned to no story", as.ArticleID)
		}
		headline := ""
		if a := byID[as.StoryID]; a != nil {
			headline = a.Title // a new story: its founding article's title until synthesis says better
		}
		if _, err := story.ExecContext(ctx, as.StoryID, headline, unixms.From(now), unixms.From(now)); err != nil {
			return fmt.Errorf("sqlite: upsert story %d: %w", as.StoryID, err)
		}
		var dup sql.NullInt64
		if as.DuplicateOf != 0 {
			dup = sql.NullInt64{Int64: as.DuplicateOf, Valid: true}
		}
		if _, err := update.ExecContext(ctx, as.StoryID, as.StoryID, dup, as.Score, string(as.Explanation), as.ArticleID); err != nil {
			return fmt.Errorf("sqlite: assign article %d: %w", as.ArticleID, err)
		}
		touched[as.StoryID] = true
		if a := byID[as.ArticleID]; a != nil {
			a.StoryID, a.DuplicateOf = as.StoryID, as.DuplicateOf
		}
	}
	if err := refreshStories(ctx, tx, touched); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

// nullInt scans a nullable integer into an int64, NULL as 0.
type nullInt int64

func (n *nullInt) Scan(v any) error {
	var ni sql.NullInt64
	if err := ni.Scan(v); err != nil {
		return err
	}
	*n = nullInt(ni.Int64)
	return nil
}

const articleColumns = `id, external_id, COALESCE(url, ''), raw_url, source, title, body, dateline, byline,
	published, language, language_supported, content_hash, origin, removed, ingested_at, story_id, duplicate_of,
	joined_story_id`

func scanArticle(sc interface{ Scan(...any) error }) (*news.Article, error) {
	var (
		a         news.Article
		published sql.NullInt64
		ingested  int64
		removed   string
	)
	if err := sc.Scan(&a.ID, &a.ExternalID, &a.URL, &a.RawURL, &a.Source, &a.Title, &a.Body, &a.Dateline, &a.Byline,
		&published, &a.Language, &a.LanguageSupported, &a.ContentHash, &a.Origin, &removed, &ingested,
		(*nullInt)(&a.StoryID), (*nullInt)(&a.DuplicateOf), (*nullInt)(&a.JoinedStoryID)); err != nil {
		return nil, err
	}
	a.Seq = a.ID
	if published.Valid {
		a.Published = unixms.Time(published.Int64)
	}
	a.IngestedAt = unixms.Time(ingested)
	if err := json.Unmarshal([]byte(removed), &a.Removed); err != nil {
		return nil, fmt.Errorf("decode removals of article %d: %w", a.ID, err)
	}
	return &a, nil
}

// FindArticleByID implements news.ArticleStore.
func (s *Store) FindArticleByID(ctx context.Context, id int64) (*news.Article, error) {
	a, err := scanArticle(s.db.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlite: find article %d: %w", id, notFound("article", id, err))
	}
	var expl string
	if err := s.db.QueryRowContext(ctx, `SELECT explanation FROM articles WHERE id = ?`, id).Scan(&expl); err != nil {
		return nil, fmt.Errorf("sqlite: find explanation of article %d: %w", id, err)
	}
	if expl != "" {
		a.Explanation = []byte(expl)
	}
	return a, nil
}

// FindArticles implements news.ArticleStore.
func (s *Store) FindArticles(ctx context.Context, filter news.ArticleFilter) ([]*news.Article, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.StoryID; v != nil {
		where, args = append(where, "story_id = ?"), append(args, *v)
	}
	if v := filter.Source; v != nil {
		where, args = append(where, "source = ?"), append(args, *v)
	}
	cond := strings.Join(where, " AND ")
	total := -1 // all are listed without a limit: their number is the total
	if filter.Limit > 0 || filter.Offset > 0 {
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE `+cond, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("sqlite: count articles: %w", err)
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE `+cond+` ORDER BY id`+limitClause(filter.Limit, filter.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: find articles: %w", err)
	}
	defer rows.Close()
	var out []*news.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("sqlite: scan article: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("sqlite: find articles: %w", err)
	}
	if total < 0 {
		total = len(out)
	}
	return out, total, nil
}

// WalkArticles implements news.ArticleStore. It reads in pages so that fn
// may use the store.
func (s *Store) WalkArticles(ctx context.Context, fn func(*news.Article) error) error {
	const page = 1000
	var after int64
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id > ? ORDER BY id LIMIT ?`, after, page)
		if err != nil {
			return fmt.Errorf("sqlite: walk articles: %w", err)
		}
		var batch []*news.Article
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("sqlite: scan article: %w", err)
			}
			batch = append(batch, a)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("sqlite: walk articles: %w", err)
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
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count articles: %w", err)
	}
	return n, nil
}

func limitClause(limit, offset int) string {
	if limit <= 0 && offset <= 0 {
		return ""
	}
	if limit <= 0 {
		limit = -1
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(offset, 0))
}
