package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/unixms"
)

const storySelect = `
	SELECT s.id, s.headline, COALESCE(s.merged_into, 0), s.created_at, s.updated_at,
		s.article_count, s.first_time, s.last_time, s.dated, COALESCE(s.storyline_id, 0)
	FROM stories s`

func scanStory(row pgx.Row) (*news.Story, error) {
	var (
		st                       news.Story
		created, updated, lo, hi int64
		dated                    bool
	)
	if err := row.Scan(&st.ID, &st.Headline, &st.MergedInto, &created, &updated, &st.Articles, &lo, &hi, &dated, &st.StorylineID); err != nil {
		return nil, err
	}
	st.Undated = !dated
	st.CreatedAt, st.UpdatedAt = unixms.Time(created), unixms.Time(updated)
	if st.Articles > 0 {
		st.FirstSeen, st.LastSeen = unixms.Time(lo), unixms.Time(hi)
	}
	return &st, nil
}

// refreshStories recomputes the article count and time span of stories:
// the members' publish dates, or their ingest times when none has one.
func refreshStories(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	// Per story through the story_id index (LATERAL): a join over the
	// articles table would let the planner pick a scan of all of it.
	_, err := tx.Exec(ctx, `UPDATE stories s SET article_count = c.n, first_time = c.lo, last_time = c.hi, dated = c.dated
		FROM (SELECT x.id, agg.n, agg.lo, agg.hi, agg.dated FROM unnest($1::bigint[]) AS x(id)
			CROSS JOIN LATERAL (SELECT COUNT(*) AS n, COALESCE(MIN(a.published), MIN(a.time), 0) AS lo,
				COALESCE(MAX(a.published), MAX(a.time), 0) AS hi, COUNT(a.published) > 0 AS dated
				FROM articles a WHERE a.story_id = x.id) agg) c
		WHERE s.id = c.id`, ids)
	if err != nil {
		return fmt.Errorf("refresh stories: %w", err)
	}
	return nil
}

// addSources fills the source counts and names of stories, most frequent
// outlet first, with one query over their articles.
func (s *Store) addSources(ctx context.Context, stories []*news.Story) error {
	if len(stories) == 0 {
		return nil
	}
	byID := make(map[int64]*news.Story, len(stories))
	ids := make([]int64, 0, len(stories))
	for _, st := range stories {
		byID[st.ID] = st
		ids = append(ids, st.ID)
	}
	rows, err := s.pool.Query(ctx, `SELECT story_id, source, COUNT(*) AS n FROM articles WHERE story_id = ANY($1)
		GROUP BY story_id, source ORDER BY story_id, n DESC, source`, ids)
	if err != nil {
		return fmt.Errorf("postgres: story sources: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var src string
		var n int
		if err := rows.Scan(&id, &src, &n); err != nil {
			return fmt.Errorf("postgres: story sources: %w", err)
		}
		if st := byID[id]; st != nil {
			st.SourceNames = append(st.SourceNames, src)
			st.Sources++
		}
	}
	return rows.Err()
}

// FindStoryByID implements news.StoryStore.
func (s *Store) FindStoryByID(ctx context.Context, id int64) (*news.Story, error) {
	st, err := scanStory(s.pool.QueryRow(ctx, storySelect+` WHERE s.id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("postgres: find story %d: %w", id, notFound("story", id, err))
	}
	if err := s.addSources(ctx, []*news.Story{st}); err != nil {
		return nil, err
	}
	return st, nil
}

// FindStories implements news.StoryStore.
func (s *Store) FindStories(ctx context.Context, filter news.StoryFilter) ([]*news.Story, int, error) {
	where, args := []string{"s.article_count > 0"}, []any{}
	if !filter.IncludeMerged {
		where = append(where, "s.merged_into IS NULL")
	}
	if v := filter.Source; v != nil {
		args = append(args, *v)
		where = append(where, fmt.Sprintf("s.id IN (SELECT story_id FROM articles WHERE source = $%d)", len(args)))
	}
	if v := filter.AnySource; v != nil {
		args = append(args, v)
		where = append(where, fmt.Sprintf("s.id IN (SELECT story_id FROM articles WHERE source = ANY($%d))", len(args)))
	}
	if v := filter.Language; v != nil {
		args = append(args, *v)
		where = append(where, fmt.Sprintf("s.id IN (SELECT story_id FROM articles WHERE language = $%d)", len(args)))
	}
	if v := filter.Query; v != nil {
		terms := news.QueryTerms(*v)
		if len(terms) == 0 {
			return nil, 0, news.Errorf(news.EINVALID, "empty search query")
		}
		args = append(args, strings.Join(terms, " "))
		where = append(where, fmt.Sprintf("s.id IN (SELECT story_id FROM articles WHERE tsv @@ plainto_tsquery('english', $%d))", len(args)))
	}
	if v := filter.Since; v != nil {
		args = append(args, unixms.From(*v))
		where = append(where, fmt.Sprintf("s.last_time >= $%d", len(args)))
	}
	if v := filter.Until; v != nil {
		args = append(args, unixms.From(*v))
		where = append(where, fmt.Sprintf("s.first_time < $%d", len(args)))
	}
	count := `SELECT COUNT(*) FROM stories s WHERE ` + strings.Join(where, " AND ")
	if len(where) == 2 && !filter.IncludeMerged {
		// All live stories: their number is kept (migration 005).
		count = `SELECT live FROM story_stats WHERE id = 1`
	}
	var total int
	if err := s.pool.QueryRow(ctx, count, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("postgres: count stories: %w", err)
	}
	order := `s.dated DESC, s.last_time DESC, s.id DESC`
	if filter.Order == news.OrderArticles {
		order = `s.article_count DESC, ` + order
	}
	if v := filter.After; v != nil {
		// Every sort key descends, so "after" is a row-value comparison.
		args = append(args, !v.Undated, unixms.From(v.LastSeen), v.ID)
		n := len(args)
		if filter.Order == news.OrderArticles {
			args = append(args, v.Articles)
			where = append(where, fmt.Sprintf("(s.article_count, s.dated, s.last_time, s.id) < ($%d, $%d, $%d, $%d)", n+1, n-2, n-1, n))
		} else {
			where = append(where, fmt.Sprintf("(s.dated, s.last_time, s.id) < ($%d, $%d, $%d)", n-2, n-1, n))
		}
	}
	q := storySelect + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + order + limitClause(filter.Limit, filter.Offset)
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: find stories: %w", err)
	}
	defer rows.Close()
	var out []*news.Story
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("postgres: scan story: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("postgres: find stories: %w", err)
	}
	rows.Close()
	if err := s.addSources(ctx, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// FindSources implements news.StoryStore.
func (s *Store) FindSources(ctx context.Context) ([]*news.Source, error) {
	rows, err := s.pool.Query(ctx, `SELECT source, COUNT(*) FROM articles GROUP BY source ORDER BY COUNT(*) DESC, source`)
	if err != nil {
		return nil, fmt.Errorf("postgres: find sources: %w", err)
	}
	defer rows.Close()
	var out []*news.Source
	for rows.Next() {
		var src news.Source
		if err := rows.Scan(&src.Name, &src.Articles); err != nil {
			return nil, fmt.Errorf("postgres: scan source: %w", err)
		}
		out = append(out, &src)
	}
	return out, rows.Err()
}

// UpdateStory implements news.StoryStore.
func (s *Store) UpdateStory(ctx context.Context, id int64, upd news.StoryUpdate) error {
	sets, args := []string{"updated_at = $1"}, []any{unixms.From(s.Now())}
	if v := upd.Headline; v != nil {
		args = append(args, *v)
		sets = append(sets, fmt.Sprintf("headline = $%d", len(args)))
	}
	args = append(args, id)
	tag, err := s.pool.Exec(ctx, `UPDATE stories SET `+strings.Join(sets, ", ")+fmt.Sprintf(` WHERE id = $%d`, len(args)), args...)
	if err != nil {
		return fmt.Errorf("postgres: update story %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("postgres: update story %d: %w", id, notFound("story", id, pgx.ErrNoRows))
	}
	return nil
}

// SetHeadlines implements news.StoryStore.
func (s *Store) SetHeadlines(ctx context.Context, headlines map[int64]string) error {
	if len(headlines) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(headlines))
	texts := make([]string, 0, len(headlines))
	for id, h := range headlines {
		ids, texts = append(ids, id), append(texts, h)
	}
	_, err := s.pool.Exec(ctx, `UPDATE stories s SET headline = x.h, updated_at = $3
		FROM unnest($1::bigint[], $2::text[]) AS x(id, h)
		WHERE s.id = x.id AND s.headline <> x.h`, ids, texts, unixms.From(s.Now()))
	if err != nil {
		return fmt.Errorf("postgres: set headlines: %w", err)
	}
	return nil
}

// CountStories implements news.StoryStore.
func (s *Store) CountStories(ctx context.Context) (int, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM stories WHERE merged_into IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count stories: %w", err)
	}
	return n, nil
}

// liveStory fails unless id names a story that has not been merged.
func liveStory(ctx context.Context, tx pgx.Tx, id int64) error {
	var merged *int64
	if err := tx.QueryRow(ctx, `SELECT merged_into FROM stories WHERE id = $1 FOR UPDATE`, id).Scan(&merged); err != nil {
		return notFound("story", id, err)
	}
	if merged != nil {
		return news.Errorf(news.EINVALID, "story %d was merged into story %d", id, *merged)
	}
	return nil
}

// MergeStories implements news.StoryStore.
func (s *Store) MergeStories(ctx context.Context, survivor, merged int64) error {
	if survivor == merged {
		return news.Errorf(news.EINVALID, "cannot merge story %d into itself", survivor)
	}
	now := unixms.From(s.Now())
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, id := range []int64{survivor, merged} {
			if err := liveStory(ctx, tx, id); err != nil {
				return err
			}
		}
		pos, err := clustered(ctx, tx)
		if err != nil {
			return err
		}
		return mergeTx(ctx, tx, news.Merge{Survivor: survivor, Merged: merged, Position: pos}, "merge", now)
	})
	if err != nil {
		return fmt.Errorf("postgres: merge %d into %d: %w", merged, survivor, err)
	}
	return nil
}

// clustered counts the articles assigned to stories: the position of a
// user's decision.
func clustered(ctx context.Context, tx pgx.Tx) (int64, error) {
	var n int64
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM articles WHERE story_id IS NOT NULL`).Scan(&n)
	return n, err
}

// mergeTx moves every article of story m.Merged into m.Survivor, marks
// m.Merged (and stories merged into it before) as merged into the
// survivor, and records the decision as kind.
func mergeTx(ctx context.Context, tx pgx.Tx, m news.Merge, kind string, now int64) error {
	survivor, merged := m.Survivor, m.Merged
	b := &pgx.Batch{}
	b.Queue(`UPDATE articles SET story_id = $1 WHERE story_id = $2`, survivor, merged)
	b.Queue(`UPDATE stories SET merged_into = $1, updated_at = $2 WHERE id = $3 OR merged_into = $3`, survivor, now, merged)
	b.Queue(`UPDATE stories SET updated_at = $1 WHERE id = $2`, now, survivor)
	b.Queue(`INSERT INTO story_decisions (kind, story_id, other_id, created_at, position) VALUES ($1, $2, $3, $4, $5)`,
		kind, survivor, merged, now, m.Position)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return err
	}
	return refreshStories(ctx, tx, []int64{survivor, merged})
}

// SplitStory implements news.StoryStore.
func (s *Store) SplitStory(ctx context.Context, story, newID int64, articleIDs []int64) error {
	now := unixms.From(s.Now())
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		pos, err := clustered(ctx, tx)
		if err != nil {
			return err
		}
		return splitTx(ctx, tx, news.Split{Story: story, New: newID, Articles: articleIDs, Position: pos}, "split", now)
	})
	if err != nil {
		return fmt.Errorf("postgres: split %d: %w", story, err)
	}
	return nil
}

// splitTx moves sp.Articles out of sp.Story into the new story sp.New and
// records the decision as kind.
func splitTx(ctx context.Context, tx pgx.Tx, sp news.Split, kind string, now int64) error {
	story, newID, articleIDs := sp.Story, sp.New, sp.Articles
	if len(articleIDs) == 0 {
		return news.Errorf(news.EINVALID, "split of story %d names no articles", story)
	}
	if !slices.Contains(articleIDs, newID) || newID == story {
		return news.Errorf(news.EINVALID, "new story ID %d must be a moved article's ID other than %d", newID, story)
	}
	if err := liveStory(ctx, tx, story); err != nil {
		return err
	}
	var members int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM articles WHERE story_id = $1`, story).Scan(&members); err != nil {
		return err
	}
	for _, id := range articleIDs {
		var in *int64
		if err := tx.QueryRow(ctx, `SELECT story_id FROM articles WHERE id = $1`, id).Scan(&in); err != nil {
			return notFound("article", id, err)
		}
		if deref(in) != story {
			return news.Errorf(news.EINVALID, "article %d is not in story %d", id, story)
		}
	}
	if len(articleIDs) >= members {
		return news.Errorf(news.EINVALID, "split would move every article of story %d", story)
	}
	ids, _ := json.Marshal(articleIDs)
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO stories (id, headline, created_at, updated_at) SELECT $1, title, $2, $2 FROM articles WHERE id = $1
		ON CONFLICT (id) DO UPDATE SET merged_into = NULL, updated_at = excluded.updated_at`, newID, now)
	// The new story stays in the old one's storyline until an ingest
	// places it.
	b.Queue(`UPDATE stories SET storyline_id = (SELECT storyline_id FROM stories WHERE id = $1) WHERE id = $2`, story, newID)
	b.Queue(`UPDATE articles SET story_id = $1 WHERE id = ANY($2)`, newID, articleIDs)
	b.Queue(`INSERT INTO story_decisions (kind, story_id, other_id, article_ids, created_at, position) VALUES ($1, $2, $3, $4, $5, $6)`,
		kind, story, newID, string(ids), now, sp.Position)
	b.Queue(`UPDATE stories SET updated_at = $1 WHERE id = $2`, now, story)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return err
	}
	return refreshStories(ctx, tx, []int64{story, newID})
}

// FindDecisions implements news.StoryStore.
func (s *Store) FindDecisions(ctx context.Context) ([]news.Decision, error) {
	rows, err := s.pool.Query(ctx, `SELECT kind, story_id, other_id, article_ids, position FROM story_decisions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: find decisions: %w", err)
	}
	defer rows.Close()
	var out []news.Decision
	for rows.Next() {
		var d news.Decision
		var ids []byte
		if err := rows.Scan(&d.Kind, &d.StoryID, &d.OtherID, &ids, &d.Position); err != nil {
			return nil, fmt.Errorf("postgres: scan decision: %w", err)
		}
		if err := json.Unmarshal(ids, &d.ArticleIDs); err != nil {
			return nil, fmt.Errorf("postgres: decode decision: %w", err)
		}
		if len(d.ArticleIDs) == 0 {
			d.ArticleIDs = nil
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
