-- Each story's article count and time span, kept up to date by the store
-- (refreshStories), so listing stories reads an index instead of grouping
-- every article.
ALTER TABLE stories ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN first_time INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN last_time INTEGER NOT NULL DEFAULT 0;

UPDATE stories SET
	article_count = (SELECT COUNT(*) FROM articles WHERE story_id = stories.id),
	first_time = COALESCE((SELECT MIN(time) FROM articles WHERE story_id = stories.id), 0),
	last_time = COALESCE((SELECT MAX(time) FROM articles WHERE story_id = stories.id), 0);

CREATE INDEX stories_live_recent ON stories (last_time DESC, id DESC)
	WHERE merged_into IS NULL AND article_count > 0;
