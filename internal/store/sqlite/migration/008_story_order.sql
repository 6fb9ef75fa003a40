-- Listings put stories with a dated member first: a story none of whose
-- articles has a publish date spans ingest times, which are not news
-- times. sort=active ranks every story by its article count through an
-- index of its own.
ALTER TABLE stories ADD COLUMN dated INTEGER NOT NULL DEFAULT 0;

UPDATE stories SET dated = EXISTS (SELECT 1 FROM articles
	WHERE story_id = stories.id AND published IS NOT NULL)
WHERE article_count > 0;

DROP INDEX stories_live_recent;
CREATE INDEX stories_live_recent ON stories (dated DESC, last_time DESC, id DESC)
	WHERE merged_into IS NULL AND article_count > 0;
CREATE INDEX stories_live_active ON stories (article_count DESC, dated DESC, last_time DESC, id DESC)
	WHERE merged_into IS NULL AND article_count > 0;
