-- 002: the ledger: accounts, owners, leads, stage history, touches, events,
-- assignments, field changes and merges.  Nothing here is updated in place
-- without a row that says who changed what and when.
--
-- Instants are INTEGER Unix seconds, UTC (datetime(at, 'unixepoch') shows
-- them); money is INTEGER cents with a currency code.

-- The companies leads work for.  key is 'domain:acme.com' (the e-mail's
-- domain unless free-mail, else the website's domain) or 'name:acme' (the
-- company name, lower-case, punctuation and legal suffixes removed).
CREATE TABLE accounts (
	id         INTEGER PRIMARY KEY,
	key        TEXT NOT NULL UNIQUE CHECK (key GLOB 'domain:?*' OR key GLOB 'name:?*'),
	name       TEXT,                 -- company name as first given
	domain     TEXT,                 -- e-mail or website domain, when known
	created_at INTEGER NOT NULL
) STRICT;

-- Sales reps that leads are assigned to; capacity = open leads they may hold.
CREATE TABLE owners (
	name       TEXT PRIMARY KEY CHECK (length(name) > 0),
	capacity   INTEGER CHECK (capacity IS NULL OR capacity >= 0),
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE leads (
	id          INTEGER PRIMARY KEY,
	email       TEXT UNIQUE,          -- trimmed, lower-case: the first identity
	external_id TEXT UNIQUE,          -- the source system's record id: the second
	phone       TEXT,                 -- '+' and digits: the identity when both are missing
	first_name  TEXT,
	last_name   TEXT,
	title       TEXT,
	company     TEXT,
	website     TEXT,
	country     TEXT,
	industry    TEXT,
	employees   INTEGER CHECK (employees IS NULL OR employees >= 0),
	source      TEXT,                 -- channel: webinar, paid_search, ... (attribution)
	campaign    TEXT,
	owner       TEXT REFERENCES owners(name) ON UPDATE CASCADE,
	stage       TEXT NOT NULL DEFAULT 'new'
		CHECK (stage IN ('new', 'mql', 'sql', 'won', 'lost', 'nurture', 'disqualified')),
	stage_at    INTEGER NOT NULL,     -- when it entered its current stage
	score       REAL NOT NULL DEFAULT 0,
	account_id  INTEGER REFERENCES accounts(id),
	custom      TEXT CHECK (custom IS NULL OR (json_valid(custom) AND json_type(custom) = 'object')),
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	activity_at INTEGER NOT NULL,     -- latest touch or stage change (stale rules)
	CHECK (email IS NOT NULL OR external_id IS NOT NULL OR phone IS NOT NULL)
) STRICT;
-- A phone is an identity only for leads that have neither e-mail nor id.
CREATE UNIQUE INDEX leads_phone_identity ON leads(phone)
	WHERE email IS NULL AND external_id IS NULL AND phone IS NOT NULL;
CREATE INDEX leads_phone ON leads(phone) WHERE phone IS NOT NULL;
CREATE INDEX leads_stage_owner ON leads(stage, owner);
CREATE INDEX leads_owner_stage ON leads(owner, stage);
CREATE INDEX leads_source ON leads(source);
CREATE INDEX leads_campaign ON leads(campaign);
CREATE INDEX leads_created ON leads(created_at);
CREATE INDEX leads_account ON leads(account_id);

-- Every stage change, including the creation (from_stage NULL, to_stage 'new').
CREATE TABLE stage_history (
	id           INTEGER PRIMARY KEY,
	lead_id      INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
	from_stage   TEXT CHECK (from_stage IS NULL OR from_stage IN
			('new', 'mql', 'sql', 'won', 'lost', 'nurture', 'disqualified')),
	to_stage     TEXT NOT NULL CHECK (to_stage IN
			('new', 'mql', 'sql', 'won', 'lost', 'nurture', 'disqualified')),
	at           INTEGER NOT NULL,
	actor        TEXT NOT NULL,
	reason       TEXT,                -- required into nurture, disqualified, lost
	origin       TEXT NOT NULL CHECK (origin IN ('cli', 'import', 'sla')),
	sla_version  INTEGER REFERENCES sla_versions(version), -- the SLA that made an 'sla' move
	amount_cents INTEGER,             -- won: the deal's amount
	currency     TEXT,
	import_id    INTEGER              -- the import that wrote it, if any
) STRICT;
CREATE INDEX stage_history_lead ON stage_history(lead_id, at);
CREATE INDEX stage_history_to ON stage_history(to_stage, at);

-- Contact attempts.
CREATE TABLE touches (
	id      INTEGER PRIMARY KEY,
	lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
	at      INTEGER NOT NULL,
	actor   TEXT NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('call', 'email', 'meeting', 'linkedin', 'sms', 'other')),
	outcome TEXT NOT NULL CHECK (outcome IN
		('connected', 'no_answer', 'voicemail', 'replied', 'bounced', 'meeting_booked', 'other')),
	note    TEXT
) STRICT;
CREATE INDEX touches_lead ON touches(lead_id, at);
CREATE INDEX touches_at ON touches(at);

-- Behavioural signals used for scoring.
CREATE TABLE events (
	id        INTEGER PRIMARY KEY,
	lead_id   INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
	type      TEXT NOT NULL CHECK (length(type) > 0),
	at        INTEGER NOT NULL,
	actor     TEXT NOT NULL,
	origin    TEXT NOT NULL CHECK (origin IN ('cli', 'import', 'sla')),
	import_id INTEGER
) STRICT;
CREATE INDEX events_lead ON events(lead_id, type, at);

-- Owner changes, with the rule that made them.
CREATE TABLE assignments (
	id          INTEGER PRIMARY KEY,
	lead_id     INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
	owner       TEXT REFERENCES owners(name) ON UPDATE CASCADE, -- NULL: unassigned
	at          INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	origin      TEXT NOT NULL CHECK (origin IN ('cli', 'import', 'sla')),
	rule        TEXT,                 -- the routing rule, for 'sla'
	sla_version INTEGER REFERENCES sla_versions(version)
) STRICT;
CREATE INDEX assignments_lead ON assignments(lead_id, at);

-- Every change of a lead's field after its creation (edit, import, merge).
CREATE TABLE field_changes (
	id        INTEGER PRIMARY KEY,
	lead_id   INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
	at        INTEGER NOT NULL,
	actor     TEXT NOT NULL,
	origin    TEXT NOT NULL CHECK (origin IN ('cli', 'import', 'sla', 'merge')),
	field     TEXT NOT NULL,
	old_value TEXT,
	new_value TEXT,
	import_id INTEGER
) STRICT;
CREATE INDEX field_changes_lead ON field_changes(lead_id, at);

-- Merges: the dropped lead's row as JSON, its history now belongs to kept_id.
CREATE TABLE merges (
	id         INTEGER PRIMARY KEY,
	kept_id    INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
	dropped_id INTEGER NOT NULL,
	dropped    TEXT NOT NULL CHECK (json_valid(dropped)),
	at         INTEGER NOT NULL,
	actor      TEXT NOT NULL
) STRICT;
