-- 013: privacy: consent (do-not-contact, lawful basis), consent overrides
-- on touches, erasures and the suppression list (docs/privacy.md).

-- What a lead agreed to.  One row per lead that has any consent fact; a
-- lead without a row has nothing recorded (every field unknown).  Changes
-- are recorded in field_changes like the other fields (field names
-- do_not_email, do_not_call, lawful_basis, lawful_basis_at,
-- lawful_basis_source, unsubscribed_at).
CREATE TABLE consent (
	lead_id             INTEGER PRIMARY KEY REFERENCES leads(id) ON DELETE CASCADE,
	do_not_email        INTEGER CHECK (do_not_email IN (0, 1)), -- 1: never e-mail; NULL unknown
	do_not_call         INTEGER CHECK (do_not_call IN (0, 1)),  -- 1: never call or text (sms)
	lawful_basis        TEXT CHECK (lawful_basis IN ('consent', 'contract', 'legal_obligation',
		'vital_interests', 'public_task', 'legitimate_interests')), -- GDPR art. 6(1)
	lawful_basis_at     INTEGER,              -- when the basis was obtained (UTC seconds)
	lawful_basis_source TEXT,                 -- where: a form, a contract, a call ...
	unsubscribed_at     INTEGER,              -- when the person unsubscribed (implies do_not_email)
	updated_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX consent_no_email ON consent(do_not_email) WHERE do_not_email = 1;
CREATE INDEX consent_no_call ON consent(do_not_call) WHERE do_not_call = 1;

-- A touch recorded on a channel the lead's consent forbids carries the
-- reason given with --override-consent.
ALTER TABLE touches ADD COLUMN consent_override TEXT;

-- Erasures (leadctl forget): who erased which lead and when, and under which
-- pseudonym the lead's non-personal history lives on.  Nothing erased is
-- kept here.
CREATE TABLE erasures (
	id         INTEGER PRIMARY KEY,
	lead_id    INTEGER NOT NULL UNIQUE,       -- the pseudonymised lead (kept for the reports)
	pseudonym  TEXT NOT NULL UNIQUE,          -- 'erased:<random hex>', its external_id
	at         INTEGER NOT NULL,
	actor      TEXT NOT NULL,
	why        TEXT NOT NULL CHECK (why IN ('request', 'retention')),
	suppressed INTEGER NOT NULL DEFAULT 0 CHECK (suppressed IN (0, 1))
) STRICT;

-- The suppression list of forget --suppress: salted SHA-256 digests of an
-- erased person's identities (the salt is meta 'suppression_salt'), so that
-- an import of the same address is rejected with reason 'erased' without the
-- address itself being stored.
CREATE TABLE suppressions (
	digest     TEXT PRIMARY KEY,              -- hex sha256(salt || kind || ':' || value)
	kind       TEXT NOT NULL CHECK (kind IN ('email', 'phone', 'external_id')),
	erasure_id INTEGER REFERENCES erasures(id),
	at         INTEGER NOT NULL
) STRICT;
