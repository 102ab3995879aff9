-- 006: identities you can trust (README "Identity and accounts").
--
-- 1. lead_identities: every e-mail, phone and record id a lead has ever
--    carried, each as the key the identity module gives it (identity.h).
--    A lead holds several side by side (its Salesforce, HubSpot and Zoho
--    ids, an old and a new address); an identity is never rewritten: it
--    only moves with its lead in a merge and goes when the lead is deleted.
--    An e-mail or a record id belongs to one lead; a phone may be shared
--    (a switchboard), so it only identifies a lead that the row gives no
--    e-mail or record id for.
-- 2. leads is rebuilt with AUTOINCREMENT, so that a lead number is never
--    given again after a merge, an import undo or a deletion; its
--    external_id (the display copy of the first record id) is no longer
--    UNIQUE, since 'zoho:1177' and 'hubspot:1177' are different records,
--    and the phone is no longer an index-enforced identity.
-- 3. events.submission_id: the id of one form fill (Typeform's '#', a Meta
--    lead id), kept on its form_submission event, never used as a person's
--    identity.
-- 4. Existing leads are re-keyed by the identity module (the SQL functions
--    identity_email_key / identity_phone_key / identity_record_key, which
--    leadctl registers on its connection): leads.email and leads.phone take
--    the new key; when two leads now share a key, the first keeps the
--    identity and the other keeps its old value, for `leadctl dedupe` to
--    report (never merged silently).
--
-- Steps 2 and 3 are C: db.c rebuilds leads and adds events.submission_id
-- just before this file runs, in the same transaction (migration_006_pre),
-- keeping every column, index and trigger other migrations gave leads; the
-- whole migration may run again on a database that has it (a log edited
-- by hand) without harm; leadctl runs migrations with
-- foreign_keys off and checks PRAGMA foreign_key_check before committing,
-- as SQLite's "making other kinds of table schema changes" procedure
-- requires.

-- Numbers already given (to leads merged away or removed by an undo) are
-- never given again.
INSERT INTO sqlite_sequence(name, seq) SELECT 'leads', 0
	WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'leads');
UPDATE sqlite_sequence SET seq = max(seq,
	coalesce((SELECT max(id) FROM leads), 0),
	coalesce((SELECT max(dropped_id) FROM merges), 0),
	coalesce((SELECT max(lead_id) FROM import_leads), 0))
WHERE name = 'leads';

CREATE TABLE IF NOT EXISTS lead_identities (
	id        INTEGER PRIMARY KEY,
	lead_id   INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
	kind      TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'record')),
	system    TEXT CHECK ((kind = 'record') = (system IS NOT NULL)), -- record: 'salesforce', 'zoho', 'ext', ...
	key       TEXT NOT NULL CHECK (length(key) > 0), -- identity_*_key: 'ana@acme.com', '+34612345678', 'zoho:1177'
	value     TEXT NOT NULL,          -- the key without its system ('1177'); = key for e-mails and phones
	raw       TEXT,                   -- the value as first given, before normalising
	added_at  INTEGER NOT NULL,
	actor     TEXT NOT NULL,
	import_id INTEGER                 -- the import that added it, if any
) STRICT;
-- An e-mail or a record id belongs to one lead; a phone once per lead.
CREATE UNIQUE INDEX IF NOT EXISTS lead_identities_key ON lead_identities(kind, key) WHERE kind <> 'phone';
CREATE UNIQUE INDEX IF NOT EXISTS lead_identities_phone ON lead_identities(key, lead_id) WHERE kind = 'phone';
CREATE INDEX IF NOT EXISTS lead_identities_lead ON lead_identities(lead_id, kind);
CREATE INDEX IF NOT EXISTS lead_identities_value ON lead_identities(value) WHERE kind = 'record';

-- (events.submission_id, the form fill's own id, is added by the same C step.)

-- Re-key the existing leads.  The phone's country: the lead's own, else
-- the SLA's phone_country_code.  A record id that looks like Salesforce's
-- (15 or 18 letters and digits starting 00Q/003) is Salesforce's; any
-- other stays in the system 'ext' (unknown).
CREATE TEMP TABLE rekey AS
SELECT l.id, l.email AS old_email, l.phone AS old_phone, l.external_id AS old_ext,
	identity_email_key(l.email) AS email_key,
	identity_phone_key(l.phone, l.country,
		(SELECT json_extract(content, '$.phone_country_code') FROM sla_versions
		 ORDER BY version DESC LIMIT 1)) AS phone_key,
	CASE WHEN (length(trim(l.external_id)) IN (15, 18)) AND trim(l.external_id) GLOB '00[Q3]*'
		AND trim(l.external_id) NOT GLOB '*[^0-9A-Za-z]*' THEN 'salesforce' ELSE 'ext' END AS sys,
	l.created_at
FROM leads l;
-- Who keeps a key two leads now share: the one already spelled that way, then the lower number.
INSERT OR IGNORE INTO lead_identities(lead_id, kind, system, key, value, raw, added_at, actor)
SELECT id, 'email', NULL, email_key, email_key, old_email, created_at, 'migration'
FROM rekey WHERE email_key IS NOT NULL ORDER BY (old_email = email_key) DESC, id;
INSERT OR IGNORE INTO lead_identities(lead_id, kind, system, key, value, raw, added_at, actor)
SELECT id, 'record', sys, identity_record_key(old_ext, sys),
	substr(identity_record_key(old_ext, sys), length(sys) + 2), old_ext, created_at, 'migration'
FROM rekey WHERE identity_record_key(old_ext, sys) IS NOT NULL ORDER BY id;
INSERT OR IGNORE INTO lead_identities(lead_id, kind, system, key, value, raw, added_at, actor)
SELECT id, 'phone', NULL, phone_key, phone_key, old_phone, created_at, 'migration'
FROM rekey WHERE phone_key IS NOT NULL ORDER BY id;
UPDATE leads SET email = (SELECT email_key FROM rekey r WHERE r.id = leads.id)
WHERE id IN (SELECT r.id FROM rekey r JOIN lead_identities i
	ON i.lead_id = r.id AND i.kind = 'email' AND i.key = r.email_key
	WHERE r.email_key <> r.old_email);
UPDATE leads SET phone = (SELECT phone_key FROM rekey r WHERE r.id = leads.id)
WHERE id IN (SELECT id FROM rekey WHERE phone_key IS NOT NULL AND phone_key <> old_phone);
DROP TABLE rekey;
