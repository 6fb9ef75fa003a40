-- The number of live stories (not merged, with articles), kept by a
-- trigger so an unfiltered story listing need not count them.
CREATE TABLE story_stats (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	live INTEGER NOT NULL
);
INSERT INTO story_stats (id, live)
	VALUES (1, (SELECT COUNT(*) FROM stories WHERE merged_into IS NULL AND article_count > 0));

CREATE TRIGGER stories_live_insert AFTER INSERT ON stories
WHEN new.merged_into IS NULL AND new.article_count > 0
BEGIN
	UPDATE story_stats SET live = live + 1 WHERE id = 1;
END;

CREATE TRIGGER stories_live_update AFTER UPDATE OF merged_into, article_count ON stories
WHEN (old.merged_into IS NULL AND old.article_count > 0) != (new.merged_into IS NULL AND new.article_count > 0)
BEGIN
	UPDATE story_stats SET live = live + CASE WHEN new.merged_into IS NULL AND new.article_count > 0 THEN 1 ELSE -1 END WHERE id = 1;
END;

CREATE TRIGGER stories_live_delete AFTER DELETE ON stories
WHEN old.merged_into IS NULL AND old.article_count > 0
BEGIN
	UPDATE story_stats SET live = live - 1 WHERE id = 1;
END;
