-- A story's span is its members' publish dates; only a story without a
-- dated member spans their ingest times (the order time). Recompute the
-- spans stored before that rule.
UPDATE stories s SET first_time = c.lo, last_time = c.hi
FROM (SELECT story_id,
		COALESCE(MIN(published), MIN(time), 0) AS lo,
		COALESCE(MAX(published), MAX(time), 0) AS hi
	FROM articles WHERE story_id IS NOT NULL GROUP BY story_id) c
WHERE s.id = c.story_id AND (s.first_time <> c.lo OR s.last_time <> c.hi);
