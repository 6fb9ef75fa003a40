-- Each story's article count and time span, kept up to date by the store
-- (refreshStories), so listing stories reads an index instead of grouping
-- every article.
ALTER TABLE stories
	ADD COLUMN article_count BIGINT NOT NULL DEFAULT 0,
	ADD COLUMN first_time BIGINT NOT NULL DEFAULT 0,
	ADD COLUMN last_time BIGINT NOT NULL DEFAULT 0;

UPDATE stories s SET article_count = c.n, first_time = c.lo, last_time = c.hi
FROM (SELECT story_id, COUNT(*) AS n, MIN(time) AS lo, MAX(time) AS hi FROM articles
	WHERE story_id IS NOT NULL GROUP BY story_id) c
WHERE s.id = c.story_id;

CREATE INDEX stories_live_recent ON stories (last_time DESC, id DESC)
	WHERE merged_into IS NULL AND article_count > 0;
