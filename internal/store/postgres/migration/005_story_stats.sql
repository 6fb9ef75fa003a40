-- The number of live stories (not merged, with articles), kept by a
-- trigger so an unfiltered story listing need not count them.
CREATE TABLE story_stats (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	live BIGINT NOT NULL
);
INSERT INTO story_stats (id, live)
	VALUES (1, (SELECT COUNT(*) FROM stories WHERE merged_into IS NULL AND article_count > 0));

CREATE FUNCTION stories_live_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	d BIGINT := 0;
BEGIN
	IF TG_OP <> 'INSERT' THEN
		IF OLD.merged_into IS NULL AND OLD.article_count > 0 THEN
			d := d - 1;
		END IF;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		IF NEW.merged_into IS NULL AND NEW.article_count > 0 THEN
			d := d + 1;
		END IF;
	END IF;
	IF d <> 0 THEN
		UPDATE story_stats SET live = live + d WHERE id = 1;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER stories_live AFTER INSERT OR DELETE OR UPDATE OF merged_into, article_count ON stories
	FOR EACH ROW EXECUTE FUNCTION stories_live_count();
