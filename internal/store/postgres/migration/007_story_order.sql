-- Listings put stories with a dated member first: a story none of whose
-- articles has a publish date spans ingest times, which are not news
-- times. sort=active ranks every story by its article count through an
-- index of its own.
ALTER TABLE stories ADD COLUMN dated BOOLEAN NOT NULL DEFAULT false;

UPDATE stories s SET dated = true
WHERE s.article_count > 0 AND EXISTS (SELECT 1 FROM articles a
	WHERE a.story_id = s.id AND a.published IS NOT NULL);

DROP INDEX stories_live_recent;
CREATE INDEX stories_live_recent ON stories (dated DESC, last_time DESC, id DESC)
	WHERE merged_into IS NULL AND article_count > 0;
CREATE INDEX stories_live_active ON stories (article_count DESC, dated DESC, last_time DESC, id DESC)
	WHERE merged_into IS NULL AND article_count > 0;
