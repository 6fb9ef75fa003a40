-- Stories are events; a story's ID is the ID of the article that started it.
CREATE TABLE stories (
	id          INTEGER PRIMARY KEY,
	headline    TEXT NOT NULL DEFAULT '',
	merged_into INTEGER REFERENCES stories (id),
	created_at  INTEGER NOT NULL, -- unix milliseconds
	updated_at  INTEGER NOT NULL
);

-- Articles in arrival order: id is also the arrival sequence.
CREATE TABLE articles (
	id                 INTEGER PRIMARY KEY,
	external_id        TEXT NOT NULL DEFAULT '',
	url                TEXT,                -- canonical; NULL when unknown
	raw_url            TEXT NOT NULL DEFAULT '',
	source             TEXT NOT NULL,
	title              TEXT NOT NULL,
	body               TEXT NOT NULL,
	dateline           TEXT NOT NULL DEFAULT '',
	byline             TEXT NOT NULL DEFAULT '',
	published          INTEGER,             -- unix milliseconds; NULL when unknown
	time               INTEGER NOT NULL,    -- published, else ingested_at: the time used for ordering
	language           TEXT NOT NULL DEFAULT 'und',
	language_supported INTEGER NOT NULL DEFAULT 0,
	content_hash       TEXT NOT NULL,
	origin             TEXT NOT NULL DEFAULT '',
	removed            TEXT NOT NULL DEFAULT '[]', -- JSON array of news.Removal
	ingested_at        INTEGER NOT NULL,
	story_id           INTEGER REFERENCES stories (id),
	duplicate_of       INTEGER REFERENCES articles (id),
	score              REAL NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE UNIQUE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_story_id ON articles (story_id, time);
CREATE INDEX articles_source ON articles (source);
