-- A story's span is its members' publish dates; only a story without a
-- dated member spans their ingest times (the order time). Recompute the
-- spans stored before that rule.
UPDATE stories SET
	first_time = COALESCE((SELECT MIN(published) FROM articles WHERE story_id = stories.id),
		(SELECT MIN(time) FROM articles WHERE story_id = stories.id), 0),
	last_time = COALESCE((SELECT MAX(published) FROM articles WHERE story_id = stories.id),
		(SELECT MAX(time) FROM articles WHERE story_id = stories.id), 0)
WHERE article_count > 0;
