-- 001: the database's own facts and the SLA versions.
--
-- Conventions for every table in leadctl:
--   * instants are INTEGER Unix seconds in UTC (columns named *_at or at);
--     show them with datetime(at, 'unixepoch') in sqlite3;
--   * money is INTEGER minor units (cents) with a currency code beside it;
--   * tables are STRICT so that a wrong type is an error, not a conversion.

-- Free-form facts about this database (created_at, created_by, ...).
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- Every SLA ever installed; the one in force is the highest version.
CREATE TABLE sla_versions (
	version      INTEGER PRIMARY KEY,       -- 1, 2, ...: history rows name it
	name         TEXT,                      -- the SLA's own "name"
	content      TEXT NOT NULL CHECK (json_valid(content)), -- the file's JSON text
	sha256       TEXT NOT NULL,             -- hex digest of content
	source_file  TEXT,                      -- path it was installed from
	installed_at INTEGER NOT NULL,          -- when (UTC seconds)
	installed_by TEXT NOT NULL              -- actor
) STRICT;
