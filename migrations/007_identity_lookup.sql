-- 007: the indexes that identity lookups use (README "Identity and accounts").
--
-- 006's unique index on (kind, key) WHERE kind <> 'phone' cannot serve a
-- lookup "kind = 'email' AND key = ?": SQLite uses a partial index only when
-- the query's WHERE clause contains the index's condition, and it does not
-- infer "kind <> 'phone'" from "kind = 'email'", so every import row scanned
-- the whole table.  One unique index per kind, on the key, with a condition
-- the lookups repeat word for word: the same rule (an e-mail or a record id
-- belongs to one lead), now found in O(log n).
CREATE UNIQUE INDEX IF NOT EXISTS lead_identities_email ON lead_identities(key) WHERE kind = 'email';
CREATE UNIQUE INDEX IF NOT EXISTS lead_identities_record ON lead_identities(key) WHERE kind = 'record';
DROP INDEX IF EXISTS lead_identities_key;
