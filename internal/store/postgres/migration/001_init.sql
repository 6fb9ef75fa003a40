CREATE TABLE stories (
	id          BIGINT PRIMARY KEY,
	headline    TEXT NOT NULL DEFAULT '',
	merged_into BIGINT REFERENCES stories (id),
	created_at  BIGINT NOT NULL, -- unix milliseconds
	updated_at  BIGINT NOT NULL
);

CREATE TABLE articles (
	id                 BIGSERIAL PRIMARY KEY,
	external_id        TEXT NOT NULL DEFAULT '',
	url                TEXT,
	raw_url            TEXT NOT NULL DEFAULT '',
	source             TEXT NOT NULL,
	title              TEXT NOT NULL,
	body               TEXT NOT NULL,
	dateline           TEXT NOT NULL DEFAULT '',
	byline             TEXT NOT NULL DEFAULT '',
	published          BIGINT,
	time               BIGINT NOT NULL,
	language           TEXT NOT NULL DEFAULT 'und',
	language_supported BOOLEAN NOT NULL DEFAULT FALSE,
	content_hash       TEXT NOT NULL,
	origin             TEXT NOT NULL DEFAULT '',
	removed            JSONB NOT NULL DEFAULT '[]',
	ingested_at        BIGINT NOT NULL,
	story_id           BIGINT REFERENCES stories (id),
	duplicate_of       BIGINT REFERENCES articles (id),
	score              DOUBLE PRECISION NOT NULL DEFAULT 0,
	explanation        TEXT NOT NULL DEFAULT ''
);

CREATE UNIQUE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE UNIQUE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_story_id ON articles (story_id, time);
CREATE INDEX articles_source ON articles (source);

CREATE TABLE story_decisions (
	id          BIGSERIAL PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
	story_id    BIGINT NOT NULL,
	other_id    BIGINT NOT NULL,
	article_ids JSONB NOT NULL DEFAULT '[]',
	created_at  BIGINT NOT NULL
);
