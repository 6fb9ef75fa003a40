-- Clustering's own merges and splits are recorded beside users'
-- decisions, each with its position (how many articles were clustered
-- then), so that a clustering engine warmed from the store replays them
-- where they happened and is the engine that ran on. Decisions stored
-- before have position 0. SQLite cannot change a CHECK constraint: the
-- table is rebuilt.
CREATE TABLE story_decisions_new (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'auto-merge', 'auto-split')),
	story_id    INTEGER NOT NULL, -- merge: the survivor; split: the story split
	other_id    INTEGER NOT NULL, -- merge: the merged story; split: the new story
	article_ids TEXT NOT NULL DEFAULT '[]', -- split: the moved articles (JSON)
	created_at  INTEGER NOT NULL,
	position    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO story_decisions_new (id, kind, story_id, other_id, article_ids, created_at)
	SELECT id, kind, story_id, other_id, article_ids, created_at FROM story_decisions;
DROP TABLE story_decisions;
ALTER TABLE story_decisions_new RENAME TO story_decisions;

-- Merges clustering made before were not recorded: record each merged
-- story, where no user's merge says it, as an automatic merge of unknown
-- position. A store with decisions of unknown position is warmed from
-- its final stories (see pipeline.Warm).
INSERT INTO story_decisions (kind, story_id, other_id, created_at, position)
	SELECT 'auto-merge', s.merged_into, s.id, s.updated_at, 0 FROM stories s
	WHERE s.merged_into IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM story_decisions d WHERE d.kind = 'merge' AND d.other_id = s.id)
	ORDER BY s.id;

-- The story each article joined on arrival (clustering's decision, before
-- later merges and splits moved it): a warm engine restores it there and
-- replays the decisions. NULL for articles clustered before.
ALTER TABLE articles ADD COLUMN joined_story_id INTEGER;
