-- Feed subscriptions and their polling state.
CREATE TABLE feeds (
	id            BIGSERIAL PRIMARY KEY,
	url           TEXT NOT NULL UNIQUE,
	title         TEXT NOT NULL DEFAULT '',
	interval_ms   BIGINT NOT NULL DEFAULT 0,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	next_poll     BIGINT NOT NULL DEFAULT 0, -- unix milliseconds; 0 = due now
	last_polled   BIGINT NOT NULL DEFAULT 0,
	failures      INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT '',
	created_at    BIGINT NOT NULL
);

-- Entries feeds have listed: fetched once, retried while their page fails.
CREATE TABLE feed_items (
	feed_id    BIGINT NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
	guid       TEXT NOT NULL,
	seq        BIGSERIAL,
	url        TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL DEFAULT '',
	summary    TEXT NOT NULL DEFAULT '',
	published  BIGINT NOT NULL DEFAULT 0,
	state      TEXT NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_try   BIGINT NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (feed_id, guid)
);
