-- 003: what the SLA owes and what happened: response obligations, breaches,
-- round-robin cursors; imports (for undo) and marketing spend.

-- One row per stage entry that a response rule applies to (e.g. each entry
-- into mql).  Written when the lead enters the stage, closed when the lead
-- leaves it.  `next` and the reports read it; `sla check` updates it.
CREATE TABLE obligations (
	id              INTEGER PRIMARY KEY,
	lead_id         INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
	entry_id        INTEGER NOT NULL UNIQUE REFERENCES stage_history(id) ON DELETE CASCADE,
	stage           TEXT NOT NULL,            -- the stage entered
	rule            TEXT NOT NULL,            -- the response rule's name
	sla_version     INTEGER REFERENCES sla_versions(version),
	started_at      INTEGER NOT NULL,         -- the stage entry's time
	first_touch_due INTEGER NOT NULL,         -- deadline of the first touch
	first_touch_at  INTEGER,                  -- first touch at or after started_at
	attempts_owed   INTEGER NOT NULL DEFAULT 1,
	attempts_made   INTEGER NOT NULL DEFAULT 0,
	attempts_due    INTEGER,                  -- end of the attempts window
	on_exhausted    TEXT,                     -- 'recycle' or NULL
	state           TEXT NOT NULL DEFAULT 'open'
		CHECK (state IN ('open', 'met', 'exhausted', 'closed')),
	next_due_at     INTEGER,                  -- the next deadline while open (NULL otherwise)
	closed_at       INTEGER
) STRICT;
CREATE INDEX obligations_open ON obligations(state, next_due_at);
CREATE INDEX obligations_lead ON obligations(lead_id, started_at);

-- Each breach recorded once: unique on lead, kind, rule and due time.
CREATE TABLE breaches (
	id            INTEGER PRIMARY KEY,
	lead_id       INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
	obligation_id INTEGER REFERENCES obligations(id) ON DELETE SET NULL,
	kind          TEXT NOT NULL CHECK (kind IN ('first_touch', 'attempts_exhausted', 'stalled')),
	rule          TEXT NOT NULL,
	due_at        INTEGER NOT NULL,
	detected_at   INTEGER NOT NULL,
	action        TEXT,                       -- 'recycle' when one was applied
	resolved_at   INTEGER,                    -- touched or moved after the breach
	UNIQUE (lead_id, kind, rule, due_at)
) STRICT;
CREATE INDEX breaches_detected ON breaches(detected_at);

-- Round-robin position per routing pool, advanced inside the write
-- transaction so that two processes never give the same turn twice.
CREATE TABLE route_cursors (
	pool     TEXT PRIMARY KEY,
	position INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Every import: what, when, by whom, and the counts.  Undone imports keep
-- their row (undone_at set).
CREATE TABLE imports (
	id          INTEGER PRIMARY KEY,
	file_name   TEXT NOT NULL,
	sha256      TEXT NOT NULL,
	started_at  INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	options     TEXT CHECK (options IS NULL OR json_valid(options)),
	rows_read   INTEGER NOT NULL DEFAULT 0,
	created     INTEGER NOT NULL DEFAULT 0,
	updated     INTEGER NOT NULL DEFAULT 0,
	unchanged   INTEGER NOT NULL DEFAULT 0,
	rejected    INTEGER NOT NULL DEFAULT 0,
	qualified   INTEGER NOT NULL DEFAULT 0,
	undone_at   INTEGER
) STRICT;
CREATE INDEX imports_sha ON imports(sha256);

-- Before-images for undo: the lead as it was before the import touched it
-- (NULL before = the import created it).
CREATE TABLE import_leads (
	import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
	lead_id   INTEGER NOT NULL,
	action    TEXT NOT NULL CHECK (action IN ('created', 'updated')),
	before    TEXT CHECK (before IS NULL OR json_valid(before)),
	PRIMARY KEY (import_id, lead_id)
) STRICT;

-- Marketing spend per channel (and optionally campaign) over whole local
-- days [start_date, end_date], in cents.
CREATE TABLE spend (
	id           INTEGER PRIMARY KEY,
	channel      TEXT NOT NULL CHECK (length(channel) > 0),
	campaign     TEXT,
	start_date   TEXT NOT NULL CHECK (date(start_date) = start_date),
	end_date     TEXT NOT NULL CHECK (date(end_date) = end_date AND end_date >= start_date),
	amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
	currency     TEXT NOT NULL CHECK (length(currency) = 3),
	created_at   INTEGER NOT NULL,
	actor        TEXT NOT NULL,
	import_id    INTEGER REFERENCES imports(id) ON DELETE CASCADE
) STRICT;
CREATE INDEX spend_channel ON spend(channel, start_date);
