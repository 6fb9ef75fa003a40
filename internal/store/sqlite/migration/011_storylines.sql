-- Storylines: every story belongs to one storyline (package storyline),
-- named by the ID of its first story. Stories stored before this
-- migration have none until the next ingest assigns them.
ALTER TABLE stories ADD COLUMN storyline_id INTEGER;
ALTER TABLE stories ADD COLUMN storyline_explanation TEXT;
CREATE INDEX stories_storyline_id ON stories (storyline_id);
