-- 019: account keys made from a company name fold every letter's case
-- (text_company_key, issue 15), not only A-Z: "ÉCOLE LUMIÈRE" and "École
-- Lumière" are one account.  Each 'name:' account is re-keyed from its name
-- (the company as first given, which its key was made from); accounts whose
-- new keys meet are merged into the oldest, their leads moved to it.  Keys
-- from a domain ('domain:') do not change.  lc_company_key is registered by
-- leadctl (db.c); no report view uses it.
CREATE TEMP TABLE rekey_019 AS
	SELECT id, 'name:' || lc_company_key(name) AS k
	FROM accounts
	WHERE key GLOB 'name:?*' AND name IS NOT NULL AND lc_company_key(name) <> '';
CREATE TEMP TABLE keep_019 AS SELECT k, min(id) AS id FROM rekey_019 GROUP BY k;
UPDATE leads SET account_id = (SELECT keep_019.id FROM rekey_019 JOIN keep_019 USING (k)
                               WHERE rekey_019.id = leads.account_id)
	WHERE account_id IN (SELECT id FROM rekey_019 WHERE id NOT IN (SELECT id FROM keep_019));
DELETE FROM accounts WHERE id IN (SELECT id FROM rekey_019) AND id NOT IN (SELECT id FROM keep_019);
-- two steps, so that no key is briefly held by two accounts (UNIQUE); '~'
-- never occurs in a company key (punctuation becomes a space)
UPDATE accounts SET key = 'name:~019~' || id WHERE id IN (SELECT id FROM keep_019);
UPDATE accounts SET key = (SELECT k FROM keep_019 WHERE keep_019.id = accounts.id)
	WHERE id IN (SELECT id FROM keep_019);
DROP TABLE rekey_019;
DROP TABLE keep_019;
