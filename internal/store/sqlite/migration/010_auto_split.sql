-- Clustering's own splits (a story found to report two events) are
-- recorded beside users' decisions, so a restarted engine keeps the two
-- stories apart too. SQLite cannot change a CHECK constraint: the table
-- is rebuilt.
CREATE TABLE story_decisions_new (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'auto-split')),
	story_id    INTEGER NOT NULL, -- merge: the survivor; split: the story split
	other_id    INTEGER NOT NULL, -- merge: the merged story; split: the new story
	article_ids TEXT NOT NULL DEFAULT '[]', -- split: the moved articles (JSON)
	created_at  INTEGER NOT NULL
);
INSERT INTO story_decisions_new (id, kind, story_id, other_id, article_ids, created_at)
	SELECT id, kind, story_id, other_id, article_ids, created_at FROM story_decisions;
DROP TABLE story_decisions;
ALTER TABLE story_decisions_new RENAME TO story_decisions;
