-- Why clustering put an article where it did (JSON from the cluster engine).
ALTER TABLE articles ADD COLUMN explanation TEXT NOT NULL DEFAULT '';

-- Users' merge and split decisions, kept so later clustering respects them.
CREATE TABLE story_decisions (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
	story_id    INTEGER NOT NULL, -- merge: the survivor; split: the story split
	other_id    INTEGER NOT NULL, -- merge: the merged story; split: the new story
	article_ids TEXT NOT NULL DEFAULT '[]', -- split: the moved articles (JSON)
	created_at  INTEGER NOT NULL
);
