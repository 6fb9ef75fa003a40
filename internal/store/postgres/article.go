package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/unixms"
)

// SaveBatch implements news.ArticleStore. Each new article is written once,
// story and all: stored copies are found with one query, IDs are taken
// from the sequence before clustering, and rows go in with their stories
// in one pipelined round trip (an UPDATE after the INSERT would rewrite
// every row, search vector and index entries included).
func (s *Store) SaveBatch(ctx context.Context, articles []*news.Article, assign news.AssignFunc) (news.BatchResult, error) {
	var res news.BatchResult
	now := s.Now().UTC()
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		res = news.BatchResult{}
		fresh, copies, err := splitStored(ctx, tx, articles)
		if err != nil {
			return err
		}
		res.Created, res.Skipped = len(fresh), len(copies)
		if len(fresh) > 0 {
			rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('articles', 'id')) AS id
				FROM generate_series(1, $1) ORDER BY id`, len(fresh))
			if err != nil {
				return fmt.Errorf("allocate article ids: %w", err)
			}
			ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
			if err != nil {
				return fmt.Errorf("allocate article ids: %w", err)
			}
			for i, a := range fresh {
				a.ID, a.Seq = ids[i], ids[i]
				a.StoryID, a.DuplicateOf = 0, 0
				if a.IngestedAt.IsZero() {
					a.IngestedAt = now
				}
			}
		}
		var c news.Clustering
		if assign != nil {
			if c, err = assign(fresh); err != nil {
				return fmt.Errorf("assign stories: %w", err)
			}
		}
		if err := insertAssigned(ctx, tx, fresh, c.Assignments, now); err != nil {
			return err
		}
		for _, cp := range copies {
			if cp.of != nil { // a copy of an article of this batch
				cp.a.ID, cp.a.Seq, cp.a.StoryID = cp.of.ID, cp.of.ID, cp.of.StoryID
			}
		}
		err = news.ReplayEdits(c, func(m news.Merge) error {
			if err := mergeTx(ctx, tx, m, "auto-merge", unixms.From(now)); err != nil {
				return fmt.Errorf("merge %d into %d: %w", m.Merged, m.Survivor, err)
			}
			return nil
		}, func(sp news.Split) error {
			if err := splitTx(ctx, tx, sp, "auto-split", unixms.From(now)); err != nil {
				return fmt.Errorf("split %d: %w", sp.Story, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return setStorylines(ctx, tx, c.Storylines)
	})
	if err != nil {
		return news.BatchResult{}, fmt.Errorf("postgres: save batch: %w", err)
	}
	s.analyzeAsGrown(ctx, articles)
	return res, nil
}

// analyzeAsGrown refreshes the planner's statistics of the growing tables
// each time the articles table has doubled since the last time (from 1,000
// articles on): a store filled faster than autovacuum analyzes, or where
// autovacuum is off, would otherwise be planned from the statistics of an
// empty table, with scans of everything. That is about 20 runs up to 1M
// articles. Failures are not the batch's: they are ignored.
func (s *Store) analyzeAsGrown(ctx context.Context, batch []*news.Article) {
	var top int64
	for _, a := range batch {
		top = max(top, a.ID)
	}
	if top < 1000 || top < 2*s.analyzedAt.Load() {
		return
	}
	s.analyzedAt.Store(top)
	s.pool.Exec(ctx, `ANALYZE articles, stories`)
}

// storedCopy is an article of a batch that is already stored, or repeats
// an earlier article of the batch (of).
type storedCopy struct {
	a, of *news.Article
}

// splitStored splits a batch into its new articles, in order, and those
// whose content hash or canonical URL is already stored or came earlier in
// the batch; stored copies get the stored article's ID and story.
func splitStored(ctx context.Context, tx pgx.Tx, articles []*news.Article) ([]*news.Article, []storedCopy, error) {
	hashes := make([]string, 0, len(articles))
	urls := make([]string, 0, len(articles))
	for _, a := range articles {
		hashes = append(hashes, a.ContentHash)
		if a.URL != "" {
			urls = append(urls, a.URL)
		}
	}
	type stored struct{ id, story int64 }
	byHash, byURL := map[string]stored{}, map[string]stored{}
	rows, err := tx.Query(ctx, `SELECT id, COALESCE(story_id, 0), content_hash, COALESCE(url, '') FROM articles
		WHERE content_hash = ANY($1) OR url = ANY($2) ORDER BY id`, hashes, urls)
	if err != nil {
		return nil, nil, fmt.Errorf("find stored copies: %w", err)
	}
	for rows.Next() {
		var st stored
		var hash, u string
		if err := rows.Scan(&st.id, &st.story, &hash, &u); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("find stored copies: %w", err)
		}
		if _, ok := byHash[hash]; !ok {
			byHash[hash] = st
		}
		if _, ok := byURL[u]; !ok && u != "" {
			byURL[u] = st
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("find stored copies: %w", err)
	}
	var fresh []*news.Article
	var copies []storedCopy
	batchHash, batchURL := map[string]*news.Article{}, map[string]*news.Article{}
	for _, a := range articles {
		st, ok := byHash[a.ContentHash]
		if !ok && a.URL != "" {
			st, ok = byURL[a.URL]
		}
		if ok {
			a.ID, a.Seq, a.StoryID = st.id, st.id, st.story
			copies = append(copies, storedCopy{a: a})
			continue
		}
		of := batchHash[a.ContentHash]
		if of == nil && a.URL != "" {
			of = batchURL[a.URL]
		}
		if of != nil {
			copies = append(copies, storedCopy{a: a, of: of})
			continue
		}
		batchHash[a.ContentHash] = a
		if a.URL != "" {
			batchURL[a.URL] = a
		}
		fresh = append(fresh, a)
	}
	return fresh, copies, nil
}

// insertAssigned writes the new articles with their assignments (none when
// as is empty) and the stories they found or join, in one round trip, and
// refreshes the stories' summaries.
func insertAssigned(ctx context.Context, tx pgx.Tx, fresh []*news.Article, as []news.Assignment, now time.Time) error {
	if len(fresh) == 0 {
		return nil
	}
	byID := make(map[int64]*news.Article, len(fresh))
	for _, a := range fresh {
		byID[a.ID] = a
	}
	assigned := make(map[int64]news.Assignment, len(as))
	var b pgx.Batch
	var touched []int64
	seen := map[int64]bool{}
	for _, as := range as {
		a := byID[as.ArticleID]
		if a == nil {
			return fmt.Errorf("assignment of article %d, not in the batch", as.ArticleID)
		}
		if as.StoryID == 0 {
			return fmt.Errorf("article %d assigned to no story", as.ArticleID)
		}
		a.StoryID, a.DuplicateOf = as.StoryID, as.DuplicateOf
		assigned[a.ID] = as
		if !seen[as.StoryID] {
			seen[as.StoryID] = true
			touched = append(touched, as.StoryID)
			headline := ""
			if f := byID[as.StoryID]; f != nil {
				headline = f.Title
			}
			b.Queue(`INSERT INTO stories (id, headline, created_at, updated_at) VALUES ($1, $2, $3, $3)
				ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at`, as.StoryID, headline, unixms.From(now))
		}
	}
	for _, a := range fresh {
		removed, err := json.Marshal(a.Removed)
		if err != nil {
			return fmt.Errorf("encode removals of %s: %w", a.Origin, err)
		}
		var story, dup *int64
		if a.StoryID != 0 {
			story = &a.StoryID
		}
		if a.DuplicateOf != 0 {
			dup = &a.DuplicateOf
		}
		as := assigned[a.ID]
		b.Queue(`INSERT INTO articles (id, external_id, url, raw_url, source, title, body, dateline, byline,
				published, time, language, language_supported, content_hash, origin, removed, ingested_at,
				story_id, joined_story_id, duplicate_of, score, explanation)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
			a.ID, a.ExternalID, nullString(a.URL), a.RawURL, a.Source, a.Title, a.Body, a.Dateline, a.Byline,
			nullMillis(a.Published), unixms.From(a.Time()), a.Language, a.LanguageSupported, a.ContentHash,
			a.Origin, string(removed), unixms.From(a.IngestedAt), story, story, dup, as.Score, string(as.Explanation))
	}
	// Close reads every result and returns the first error.
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return fmt.Errorf("insert articles: %w", err)
	}
	return refreshStories(ctx, tx, touched)
}

// nullString is nil for "", so that empty URLs stay NULL (and unique).
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

const articleColumns = `id, external_id, COALESCE(url, ''), raw_url, source, title, body, dateline, byline,
	published, language, language_supported, content_hash, origin, removed, ingested_at, story_id, duplicate_of,
	joined_story_id`

func scanArticle(row pgx.Row) (*news.Article, error) {
	var (
		a            news.Article
		published    *int64
		ingested     int64
		removed      []byte
		story, dupOf *int64
		joined       *int64
	)
	if err := row.Scan(&a.ID, &a.ExternalID, &a.URL, &a.RawURL, &a.Source, &a.Title, &a.Body, &a.Dateline, &a.Byline,
		&published, &a.Language, &a.LanguageSupported, &a.ContentHash, &a.Origin, &removed, &ingested,
		&story, &dupOf, &joined); err != nil {
		return nil, err
	}
	a.Seq, a.StoryID, a.DuplicateOf, a.JoinedStoryID = a.ID, deref(story), deref(dupOf), deref(joined)
	if published != nil {
		a.Published = unixms.Time(*published)
	}
	a.IngestedAt = unixms.Time(ingested)
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
	total := -1 // all are listed without a limit: their number is the total
	if filter.Limit > 0 || filter.Offset > 0 {
		if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM articles WHERE `+cond, args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("postgres: count articles: %w", err)
		}
	}
	out, err := s.queryArticles(ctx, `SELECT `+articleColumns+` FROM articles WHERE `+cond+` ORDER BY id`+limitClause(filter.Limit, filter.Offset), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: find articles: %w", err)
	}
	if total < 0 {
		total = len(out)
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
