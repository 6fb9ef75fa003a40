ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
) STORED;
CREATE INDEX articles_tsv ON articles USING GIN (tsv);
