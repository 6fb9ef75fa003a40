-- The user's outlet taxonomy: dimensions (an ordinal one with its scale, a
-- JSON array), classified sources (with their aliases, a JSON array) and
-- each source's value on each dimension.
CREATE TABLE taxonomy_dimensions (
	name     TEXT PRIMARY KEY,
	position INTEGER NOT NULL,
	scale    TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE taxonomy_sources (
	name     TEXT PRIMARY KEY,
	position INTEGER NOT NULL,
	aliases  TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE taxonomy_values (
	source    TEXT NOT NULL REFERENCES taxonomy_sources (name) ON DELETE CASCADE,
	dimension TEXT NOT NULL REFERENCES taxonomy_dimensions (name) ON DELETE CASCADE,
	value     TEXT NOT NULL,
	PRIMARY KEY (source, dimension)
);
