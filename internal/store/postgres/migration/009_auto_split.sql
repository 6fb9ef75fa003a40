-- Clustering's own splits (a story found to report two events) are
-- recorded beside users' decisions, so a restarted engine keeps the two
-- stories apart too.
ALTER TABLE story_decisions DROP CONSTRAINT IF EXISTS story_decisions_kind_check;
ALTER TABLE story_decisions ADD CONSTRAINT story_decisions_kind_check
	CHECK (kind IN ('merge', 'split', 'auto-split'));
