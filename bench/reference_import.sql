-- bench/reference_import.sql: the set-based SQL reference of `leadctl import`
-- for the import bench (issue 13): what leadctl's own schema allows when a
-- file is imported with a fixed number of set statements.
--
-- Run by bench/reference_import.sh (which sets TZ to the SLA's zone, the
-- parameters below and `.import`s the file into temp.staging first):
--
--   sh bench/reference_import.sh DB FILE.csv MAP.json REJECTS.csv
--
-- It writes the rows `leadctl import FILE --map bench/form_map.json
-- --rejects REJECTS` writes into a database made by `leadctl init --sla
-- sla.example.json` (same LEADCTL_NOW, same LEADCTL_USER):
-- the import log (imports, import_leads), accounts, leads (fields, score,
-- score_at, stage, owner, times), lead_identities, stage_history (the
-- creation and the SLA's moves to mql), events (the file's events and the
-- re-submissions' form_submission), field_changes and the overlay of a
-- re-submission, obligations (opened and closed as the SLA's response rules
-- say), assignments, owners and route_cursors (the SLA's routing with its
-- round-robin turns and capacities), and sqlite_sequence.
-- bench/reference_check.sh proves it: every table equal, row by row.
--
-- It is a reference for bench/gen_form.py's files and the example SLA, not a
-- second importer.  What it assumes (each holds for the generator; the check
-- fails if one does not):
--   * the 12 columns of gen_form.py by name; a record is one line (no
--     quoted line ends), so a row's line is its record number + 1;
--   * new people: a new database, or one whose leads have none of the
--     file's e-mails (gen_form.py --first-person; the guard below refuses
--     otherwise), no suppressed person, the file not imported before; so
--     every lead is "created" by this import (rows are matched on their
--     e-mail only), and every row is a form submission, never history
--     (docs/import.md §4); existing leads count for the owners' capacity
--     and the pools' turns carry on from route_cursors' last members;
--   * e-mail: trimmed of spaces and tabs and lower-cased; a row is rejected
--     when the result is not one local part, '@', one domain without
--     spaces (gen_form.py's broken rows say " at ");
--   * phone: "+CC NNN..." (gen_form.py writes "+34 6xxxxxxxx"): E.164 by
--     dropping the spaces; names: "First Last" split at the first space;
--     employees: a number or a range "1,001-5,000" (its lower bound);
--   * dates "YYYY-MM-DD HH:MM" are wall times in the SLA's zone (TZ): a
--     time in a spring-forward gap is the gap's end, an ambiguous one the
--     earlier instant (as leadctl's clock reads them);
--   * rows come in non-decreasing submission time (gen_form.py writes them
--     so): a re-submission overlays its non-blank values (never the
--     e-mail), never "fills only";
--   * accounts: the e-mail's domain, else (free mail) the company name
--     lower-cased (gen_form.py's companies have no legal suffix and no
--     punctuation for leadctl's company key to drop);
--   * the SLA's rules as the example SLA writes them: fit rules on
--     industry (one of the SLA's list), title (whole words
--     ceo/cto/vp/head/director, for titles of letters and spaces) and
--     free-mail addresses; behaviour rules that count one event (min_count
--     1, no window, cap = points), decayed by the half-life; response rules
--     with a stage list and at most one event; the routing rules'
--     conditions are the example SLA's, written as one CASE (its
--     spring_campaign_small never matches: gen_form.py's rows have no
--     campaign).  Points, threshold, half-life, response deadlines,
--     business hours, holidays, pools, members, owners and capacities are
--     read from the SLA in force;
--   * routing: an owner's open leads only grow during one import, so a lead
--     that found its rule's owners full once finds them full again (only
--     its first routing is walked).
.bail on
BEGIN IMMEDIATE;

-- A file of new people only (see above): these inserts fail otherwise.
-- (the error names the guard: "CHECK constraint failed: <what>")
CREATE TEMP TABLE guard(suppressed INTEGER CONSTRAINT "the database has suppressed people" CHECK (suppressed = 0),
	imported INTEGER CONSTRAINT "the file was imported before" CHECK (imported = 0),
	known INTEGER CONSTRAINT "the file has e-mails of leads already there" CHECK (known = 0));
INSERT INTO guard(suppressed) SELECT count(*) FROM suppressions;
INSERT INTO guard(imported) SELECT count(*) FROM imports WHERE sha256 = @sha AND undone_at IS NULL;

-- ---- the SLA in force -----------------------------------------------------------
CREATE TEMP TABLE sla AS
SELECT version, content AS j FROM sla_versions ORDER BY version DESC LIMIT 1;

-- "180d", "5m", "24h", "10d" -> seconds ('d' and 'w' are calendar days here;
-- business days are counted on the calendar below)
CREATE TEMP TABLE span(text TEXT PRIMARY KEY, n INTEGER, unit TEXT, seconds INTEGER);
INSERT OR IGNORE INTO span
SELECT v, n, u, n * CASE u WHEN 's' THEN 1 WHEN 'm' THEN 60 WHEN 'h' THEN 3600 WHEN 'd' THEN 86400 ELSE 604800 END
FROM (SELECT value AS v, CAST(substr(value, 1, length(value) - 1) AS INTEGER) AS n, substr(value, -1) AS u
	FROM sla, json_tree(sla.j) WHERE type = 'text' AND value GLOB '[0-9]*[smhdw]'
	AND substr(value, 1, length(value) - 1) NOT GLOB '*[^0-9]*');

CREATE TEMP TABLE k AS
SELECT (SELECT version FROM sla) AS version,
	(SELECT json_extract(j, '$.qualification.mql_threshold') FROM sla) AS threshold,
	(SELECT s.seconds FROM sla, span s WHERE s.text = json_extract(sla.j, '$.qualification.decay.half_life')) AS half_life;

-- fit rules (the example SLA's three shapes; points from the SLA)
CREATE TEMP TABLE fit AS
SELECT json_extract(value, '$.name') AS name, json_extract(value, '$.points') AS points,
	json_extract(value, '$.when.industry') AS industries
FROM sla, json_each(sla.j, '$.qualification.fit');

-- behaviour rules of one event each
CREATE TEMP TABLE beh(ord INTEGER PRIMARY KEY, type TEXT UNIQUE, points REAL);
INSERT INTO beh SELECT key, json_extract(value, '$.event'), json_extract(value, '$.points')
FROM sla, json_each(sla.j, '$.qualification.behavior')
WHERE coalesce(json_extract(value, '$.min_count'), 1) = 1 AND json_extract(value, '$.within') IS NULL;

-- response rules: name, event asked for, deadlines
CREATE TEMP TABLE resp AS
SELECT e.key AS ord, json_extract(e.value, '$.name') AS rule, json_extract(e.value, '$.when.event') AS event,
	json_extract(e.value, '$.when.stage') AS stages,
	f.seconds AS ft_seconds, f.unit AS ft_unit, coalesce(json_extract(e.value, '$.first_touch.business'), 1) AS ft_business,
	json_extract(e.value, '$.attempts.count') AS attempts, a.n AS att_n, a.unit AS att_unit, a.seconds AS att_seconds,
	coalesce(json_extract(e.value, '$.attempts.business'), 1) AS att_business,
	json_extract(e.value, '$.on_exhausted') AS on_exhausted
FROM sla, json_each(sla.j, '$.response') e
LEFT JOIN span f ON f.text = json_extract(e.value, '$.first_touch.within')
LEFT JOIN span a ON a.text = json_extract(e.value, '$.attempts.within');

-- the business calendar: one row per open local day, its hours in UTC and
-- the business seconds before it (cum)
CREATE TEMP TABLE bizday(n INTEGER PRIMARY KEY, day TEXT, o INTEGER, c INTEGER, cum INTEGER, cum_end INTEGER);
CREATE TEMP TABLE bizday0 AS
WITH RECURSIVE d(day) AS (
	SELECT date(min(substr("Submitted At", 1, 10)), '-7 days') FROM temp.staging
	UNION ALL SELECT date(day, '+1 day') FROM d
	WHERE day < (SELECT date(max(substr("Submitted At", 1, 10)), '+120 days') FROM temp.staging))
SELECT d.day,
	CAST(strftime('%s', d.day || ' ' || json_extract(sla.j, '$.business_hours.' || w.name || '.open'), 'utc') AS INTEGER) AS o,
	CAST(strftime('%s', d.day || ' ' || json_extract(sla.j, '$.business_hours.' || w.name || '.close'), 'utc') AS INTEGER) AS c
FROM d, sla
JOIN (SELECT 0 AS wd, 'sun' AS name UNION ALL SELECT 1, 'mon' UNION ALL SELECT 2, 'tue' UNION ALL SELECT 3, 'wed'
	UNION ALL SELECT 4, 'thu' UNION ALL SELECT 5, 'fri' UNION ALL SELECT 6, 'sat') w
	ON w.wd = CAST(strftime('%w', d.day) AS INTEGER)
WHERE json_extract(sla.j, '$.business_hours.' || w.name || '.open') IS NOT NULL
AND d.day NOT IN (SELECT value FROM sla, json_each(sla.j, '$.business_hours.holidays'));
INSERT INTO bizday(day, o, c, cum, cum_end)
SELECT day, o, c, sum(c - o) OVER w - (c - o), sum(c - o) OVER w FROM bizday0
WINDOW w AS (ORDER BY day ROWS UNBOUNDED PRECEDING) ORDER BY day;
CREATE INDEX temp.bizday_c ON bizday(c);
CREATE INDEX temp.bizday_cum ON bizday(cum_end);

-- ---- the file: parsed and normalised once ------------------------------------------
-- wall time (SLA zone) -> UTC seconds, as leadctl's clock reads it: the
-- zone's offset for each hour of the file (offsets change on whole hours);
-- a time in a spring-forward gap is the gap's end, an ambiguous one the
-- earlier instant
CREATE TEMP TABLE tz(h TEXT PRIMARY KEY, t INTEGER, off INTEGER, gap INTEGER) WITHOUT ROWID;
INSERT INTO tz(h)
SELECT substr("Submitted At", 1, 13) FROM temp.staging UNION SELECT substr("Webinar Attended", 1, 13) FROM temp.staging
UNION SELECT substr("Demo Requested", 1, 13) FROM temp.staging;
DELETE FROM tz WHERE length(h) < 13;
UPDATE tz SET t = CAST(strftime('%s', h || ':00', 'utc') AS INTEGER);
UPDATE tz SET off = CAST(strftime('%s', h || ':00') AS INTEGER) - t + 3600
	WHERE strftime('%Y-%m-%d %H:%M', t - 3600, 'unixepoch', 'localtime') = h || ':00';
UPDATE tz SET off = CAST(strftime('%s', h || ':00') AS INTEGER) - t
	WHERE off IS NULL AND strftime('%Y-%m-%d %H:%M', t, 'unixepoch', 'localtime') = h || ':00';
UPDATE tz SET gap = CAST(strftime('%s', substr(h, 1, 11) || printf('%02d', substr(h, 12, 2) + 1) || ':00', 'utc') AS INTEGER)
	WHERE off IS NULL;

CREATE TEMP TABLE r(line INTEGER PRIMARY KEY, key TEXT, bad INTEGER, first_name TEXT, last_name TEXT,
	phone TEXT, company TEXT, title TEXT, industry TEXT, employees INTEGER, country TEXT, source TEXT,
	at INTEGER, web INTEGER, demo INTEGER);
INSERT INTO r
SELECT line, key, key NOT GLOB '?*@?*' OR key GLOB '*@*@*' OR key GLOB '*[ 	]*',
	CASE WHEN instr(n, ' ') THEN substr(n, 1, instr(n, ' ') - 1) ELSE nullif(n, '') END,
	CASE WHEN instr(n, ' ') THEN nullif(trim(substr(n, instr(n, ' ') + 1)), '') END,
	phone, company, title, industry,
	CASE WHEN e <> '' THEN CAST(replace(CASE WHEN instr(e, '-') THEN substr(e, 1, instr(e, '-') - 1) ELSE e END,
		',', '') AS INTEGER) END,
	country, source,
	(SELECT coalesce(gap, unixepoch(sub) - off) FROM tz WHERE h = substr(sub, 1, 13)),
	(SELECT coalesce(gap, unixepoch(web) - off) FROM tz WHERE h = substr(web, 1, 13)),
	(SELECT coalesce(gap, unixepoch(demo) - off) FROM tz WHERE h = substr(demo, 1, 13))
FROM (SELECT rowid + 1 AS line, lower(trim("Email", ' ' || char(9))) AS key, trim("Name") AS n,
	CASE WHEN trim("Phone") <> '' THEN replace(replace(trim("Phone"), ' ', ''), '-', '') END AS phone,
	nullif(trim("Company"), '') AS company, nullif(trim("Job Title"), '') AS title,
	nullif(trim("Industry"), '') AS industry, trim("Employees") AS e, nullif(trim("Country"), '') AS country,
	nullif(trim("Lead Source"), '') AS source, "Submitted At" AS sub, "Webinar Attended" AS web,
	"Demo Requested" AS demo
	FROM temp.staging);

-- rejected rows (bench/reference_import.sh writes their lines)
CREATE TEMP TABLE rejected AS SELECT line, key FROM r WHERE bad ORDER BY line;

-- ---- leads: one per e-mail, numbered in the order of their first row ----------------
CREATE TEMP TABLE ld(lead INTEGER PRIMARY KEY, key TEXT UNIQUE, line0 INTEGER, created INTEGER, rows INTEGER);
INSERT INTO ld
SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'leads') + row_number() OVER (ORDER BY min(line)),
	key, min(line), NULL, count(*)
FROM r WHERE NOT bad GROUP BY key ORDER BY min(line);

INSERT INTO guard(known) SELECT count(*) FROM ld
JOIN lead_identities i ON i.kind = 'email' AND i.key = ld.key;

-- the steps: every good row, k-th of its lead; in_at is the instant the SLA
-- decides as of (the row's time or its latest event, never after now)
CREATE TEMP TABLE s(line INTEGER PRIMARY KEY, lead INTEGER, k INTEGER, at INTEGER, in_at INTEGER,
	upto INTEGER, added INTEGER, changed INTEGER);
INSERT INTO s
SELECT r.line, ld.lead, row_number() OVER (PARTITION BY ld.lead ORDER BY r.line), r.at,
	min(@now, max(r.at, coalesce(r.web, r.at), coalesce(r.demo, r.at))), NULL, 0, 0
FROM r JOIN ld ON ld.key = r.key WHERE NOT r.bad;
CREATE INDEX temp.s_lead ON s(lead, line);
UPDATE ld SET created = (SELECT r.at FROM r WHERE r.line = ld.line0);

-- events: the row's dated columns, then a re-submission's form_submission,
-- each once per (lead, type, at)
CREATE TEMP TABLE ev0 AS
SELECT s.lead, s.line, 0 AS sub, 'webinar_attended' AS type, r.web AS at FROM s JOIN r USING (line) WHERE r.web IS NOT NULL
UNION ALL
SELECT s.lead, s.line, 1, 'demo_request', r.demo FROM s JOIN r USING (line) WHERE r.demo IS NOT NULL
UNION ALL
SELECT s.lead, s.line, 2, 'form_submission', s.at FROM s JOIN ld USING (lead) WHERE s.k > 1 AND s.at <> ld.created;
CREATE TEMP TABLE ev(line INTEGER, sub INTEGER, lead INTEGER, type TEXT, at INTEGER, PRIMARY KEY (line, sub));
INSERT INTO ev SELECT min(line * 4 + sub) / 4, min(line * 4 + sub) % 4, lead, type, at
FROM ev0 GROUP BY lead, type, at;
CREATE INDEX temp.ev_lead ON ev(lead, type, at, line);
UPDATE s SET added = 1 WHERE line IN (SELECT line FROM ev);
-- the latest known fact a step scores up to
UPDATE s SET upto = max(in_at, coalesce((SELECT max(e.at) FROM ev e WHERE e.lead = s.lead AND e.line <= s.line), 0));

-- ---- the overlay of re-submissions ------------------------------------------------
-- non-blank values of the leads with more than one row, one row per field
CREATE TEMP TABLE m AS
SELECT s.lead, s.line, s.k, r.* FROM s JOIN r USING (line) JOIN ld USING (lead) WHERE ld.rows > 1;
CREATE TEMP TABLE fv(lead INTEGER, line INTEGER, k INTEGER, ord INTEGER, f TEXT, v);
INSERT INTO fv
SELECT lead, line, k, 2, 'phone', phone FROM m WHERE phone IS NOT NULL
UNION ALL SELECT lead, line, k, 3, 'first_name', first_name FROM m WHERE first_name IS NOT NULL
UNION ALL SELECT lead, line, k, 4, 'last_name', last_name FROM m WHERE last_name IS NOT NULL
UNION ALL SELECT lead, line, k, 5, 'title', title FROM m WHERE title IS NOT NULL
UNION ALL SELECT lead, line, k, 6, 'company', company FROM m WHERE company IS NOT NULL
UNION ALL SELECT lead, line, k, 8, 'country', country FROM m WHERE country IS NOT NULL
UNION ALL SELECT lead, line, k, 9, 'industry', industry FROM m WHERE industry IS NOT NULL
UNION ALL SELECT lead, line, k, 10, 'source', source FROM m WHERE source IS NOT NULL
UNION ALL SELECT lead, line, k, 20, 'employees', employees FROM m WHERE employees IS NOT NULL;
CREATE INDEX temp.fv_lead ON fv(lead, f, line);
-- a re-submission's value that differs from the lead's (field_changes)
CREATE TEMP TABLE fc AS
SELECT * FROM (SELECT lead, line, k, ord, f, lag(v) OVER (PARTITION BY lead, f ORDER BY line) AS old, v AS new FROM fv)
WHERE k > 1 AND old IS NOT new;
UPDATE s SET changed = 1 WHERE line IN (SELECT line FROM fc);

-- the lead's fields at each step (st) and in the end (fin)
CREATE TEMP TABLE st(line INTEGER PRIMARY KEY, lead INTEGER, phone TEXT, company TEXT, title TEXT,
	industry TEXT, employees INTEGER, country TEXT, source TEXT);
INSERT INTO st
SELECT s.line, s.lead, r.phone, r.company, r.title, r.industry, r.employees, r.country, r.source
FROM s JOIN r USING (line) JOIN ld USING (lead) WHERE ld.rows = 1;
INSERT INTO st
SELECT m.line, m.lead,
	(SELECT v FROM fv WHERE fv.lead = m.lead AND f = 'phone' AND fv.line <= m.line ORDER BY fv.line DESC LIMIT 1),
	(SELECT v FROM fv WHERE fv.lead = m.lead AND f = 'company' AND fv.line <= m.line ORDER BY fv.line DESC LIMIT 1),
	(SELECT v FROM fv WHERE fv.lead = m.lead AND f = 'title' AND fv.line <= m.line ORDER BY fv.line DESC LIMIT 1),
	(SELECT v FROM fv WHERE fv.lead = m.lead AND f = 'industry' AND fv.line <= m.line ORDER BY fv.line DESC LIMIT 1),
	(SELECT v FROM fv WHERE fv.lead = m.lead AND f = 'employees' AND fv.line <= m.line ORDER BY fv.line DESC LIMIT 1),
	(SELECT v FROM fv WHERE fv.lead = m.lead AND f = 'country' AND fv.line <= m.line ORDER BY fv.line DESC LIMIT 1),
	(SELECT v FROM fv WHERE fv.lead = m.lead AND f = 'source' AND fv.line <= m.line ORDER BY fv.line DESC LIMIT 1)
FROM m;

-- ---- the SLA's decisions, step by step ----------------------------------------------
-- free-mail domains (text.c's list: exact domains, then families by first label)
CREATE TEMP TABLE free_exact(d TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO free_exact SELECT value FROM json_each('["gmail.com","googlemail.com","outlook.com","icloud.com",
"me.com","mac.com","proton.me","protonmail.com","pm.me","aol.com","mail.com","zoho.com","yandex.com","yandex.ru",
"mail.ru","qq.com","163.com","126.com","tutanota.com","fastmail.com","hey.com","msn.com","web.de","t-online.de",
"orange.fr","free.fr","laposte.net","libero.it","seznam.cz","wp.pl","o2.pl","naver.com","rediffmail.com",
"inbox.com","wanadoo.fr","sfr.fr","neuf.fr","club-internet.fr","alice.it","tiscali.it","virgilio.it","tin.it",
"arcor.de","freenet.de","posteo.de","mailbox.org","bluewin.ch","btinternet.com","sky.com","virginmedia.com",
"ntlworld.com","talktalk.net","comcast.net","verizon.net","att.net","sbcglobal.net","bellsouth.net","cox.net",
"charter.net","earthlink.net","shaw.ca","rogers.com","sympatico.ca","bigpond.com","optusnet.com.au","xtra.co.nz",
"uol.com.br","bol.com.br","terra.com.br","ig.com.br","rambler.ru","bk.ru","list.ru","inbox.ru","ukr.net",
"sina.com","sohu.com","yeah.net","139.com","aliyun.com","daum.net","hanmail.net","nate.com","rediff.com",
"sify.com","interia.pl","onet.pl","centrum.cz","email.cz","telenet.be","skynet.be","ziggo.nl","kpnmail.nl",
"planet.nl","home.nl","telia.com","online.no","sapo.pt","terra.es","telefonica.net","movistar.es"]');
ALTER TABLE ld ADD COLUMN domain TEXT;
ALTER TABLE ld ADD COLUMN free INTEGER;
UPDATE ld SET domain = substr(key, instr(key, '@') + 1);
UPDATE ld SET free = domain IN (SELECT d FROM free_exact) OR (instr(domain, '.') > 1 AND
	substr(domain, 1, instr(domain, '.') - 1) IN ('yahoo', 'hotmail', 'live', 'gmx', 'ymail', 'rocketmail', 'outlook'));

-- fit points of each (industry, title, free mail) seen
CREATE TEMP TABLE fitv(industry TEXT, title TEXT, free INTEGER, points INTEGER, PRIMARY KEY (industry, title, free));
INSERT INTO fitv
SELECT industry, title, free,
	coalesce((SELECT sum(f.points) FROM fit f WHERE
		(f.industries IS NOT NULL AND EXISTS (SELECT 1 FROM json_each(f.industries) i WHERE lower(i.value) = lower(x.industry)))
		OR (f.name = 'senior_title' AND (' ' || lower(x.title) || ' ' LIKE '% ceo %' OR ' ' || lower(x.title) || ' ' LIKE '% cto %'
			OR ' ' || lower(x.title) || ' ' LIKE '% vp %' OR ' ' || lower(x.title) || ' ' LIKE '% head %'
			OR ' ' || lower(x.title) || ' ' LIKE '% director %'))
		OR (f.name = 'free_mail' AND x.free)), 0)
FROM (SELECT DISTINCT st.industry, st.title, ld.free FROM st JOIN ld USING (lead)) x;

ALTER TABLE s ADD COLUMN fit INTEGER;
ALTER TABLE s ADD COLUMN score REAL;
ALTER TABLE s ADD COLUMN req INTEGER;
UPDATE s SET fit = f.points, req = st.company IS NOT NULL
FROM st JOIN ld USING (lead) JOIN fitv f ON f.industry IS st.industry AND f.title IS st.title AND f.free = ld.free
WHERE st.line = s.line;
-- the score at upto: fit + each behaviour rule's points, decayed from its newest event
-- (beh: the step knows a scoring event; without one the score is the fit)
ALTER TABLE s ADD COLUMN beh INTEGER NOT NULL DEFAULT 0;
UPDATE s SET beh = s.line >= x.line FROM (SELECT lead, min(line) AS line FROM ev
	WHERE type IN (SELECT type FROM beh) GROUP BY lead) x WHERE x.lead = s.lead;
UPDATE s SET score = fit + CASE WHEN NOT beh THEN 0.0 ELSE (SELECT total(b.points * pow(0.5, (s.upto - (SELECT max(e.at) FROM ev e
		WHERE e.lead = s.lead AND e.type = b.type AND e.line <= s.line AND e.at <= s.upto)) * 1.0 / k.half_life))
	FROM beh b, k) END;

-- the automatic MQL: the first step with an instant (its creation or one of
-- its events up to upto) where fit + behaviour reaches the threshold
CREATE TEMP TABLE cand AS
SELECT s.line, s.lead, ld.created AS c FROM s JOIN ld USING (lead) WHERE s.req
UNION
SELECT s.line, s.lead, e.at FROM s JOIN ld USING (lead) JOIN ev e ON e.lead = s.lead AND e.line <= s.line
WHERE s.req AND e.at > ld.created AND e.at <= s.upto AND e.type IN (SELECT type FROM beh);
CREATE TEMP TABLE q AS
SELECT c.lead, min(c.line) AS line FROM cand c JOIN s USING (line), k
WHERE s.fit + CASE WHEN NOT s.beh THEN 0.0 ELSE (SELECT total(b.points * pow(0.5, (c.c - (SELECT max(e.at) FROM ev e
		WHERE e.lead = c.lead AND e.type = b.type AND e.line <= c.line AND e.at <= c.c)) * 1.0 / k.half_life))
	FROM beh b) END + 1e-9 >= k.threshold
GROUP BY c.lead;
ALTER TABLE ld ADD COLUMN mql_line INTEGER;
ALTER TABLE ld ADD COLUMN mql_at INTEGER;
UPDATE ld SET mql_line = q.line FROM q WHERE q.lead = ld.lead;
UPDATE ld SET mql_at = (SELECT max(min(c.c), s.in_at) FROM cand c JOIN s USING (line), k
	WHERE c.line = ld.mql_line AND s.fit + (SELECT total(b.points * pow(0.5, (c.c - (SELECT max(e.at) FROM ev e
		WHERE e.lead = c.lead AND e.type = b.type AND e.line <= c.line AND e.at <= c.c)) * 1.0 / k.half_life))
	FROM beh b) + 1e-9 >= k.threshold)
WHERE mql_line IS NOT NULL;
ALTER TABLE s ADD COLUMN stage TEXT;
UPDATE s SET stage = CASE WHEN line >= (SELECT mql_line FROM ld WHERE ld.lead = s.lead) THEN 'mql' ELSE 'new' END;

-- response rules: the first that matches each step
ALTER TABLE s ADD COLUMN rule INTEGER;
-- (evs: the step knows an event; a step without one matches only the rules
-- that ask for no event)
ALTER TABLE s ADD COLUMN evs INTEGER NOT NULL DEFAULT 0;
UPDATE s SET evs = s.line >= x.line FROM (SELECT lead, min(line) AS line FROM ev GROUP BY lead) x WHERE x.lead = s.lead;
UPDATE s SET rule = (SELECT min(p.ord) FROM resp p WHERE
	(CASE WHEN p.stages LIKE '[%' THEN s.stage IN (SELECT value FROM json_each(p.stages)) ELSE s.stage = p.stages END)
	AND (p.event IS NULL OR (s.evs AND EXISTS (SELECT 1 FROM ev e WHERE e.lead = s.lead AND e.type = p.event
		AND e.line <= s.line AND e.at <= s.in_at))));
-- an obligation for each stage entry: opened by the first step of the entry
-- a rule matches, its clock at the entry, or the rule's first event when later
CREATE TEMP TABLE ob(lead INTEGER, stage TEXT, line INTEGER, rule INTEGER, start INTEGER,
	PRIMARY KEY (lead, stage));
INSERT INTO ob
SELECT s.lead, s.stage, min(s.line), s.rule, NULL FROM s WHERE s.rule IS NOT NULL GROUP BY s.lead, s.stage;
UPDATE ob SET start = max(CASE ob.stage WHEN 'mql' THEN ld.mql_at ELSE ld.created END,
	coalesce((SELECT min(e.at) FROM ev e, s WHERE s.line = ob.line AND e.lead = ob.lead AND e.type = p.event
		AND e.line <= s.line AND e.at <= s.in_at), 0))
FROM ld, resp p WHERE ld.lead = ob.lead AND p.ord = ob.rule;
-- the untouched obligation of the stage left goes on under the same rule
UPDATE ob SET start = n.start FROM ob n
WHERE ob.stage = 'mql' AND n.lead = ob.lead AND n.stage = 'new' AND n.rule = ob.rule AND n.start < ob.start;
ALTER TABLE ob ADD COLUMN ft_due INTEGER;
ALTER TABLE ob ADD COLUMN att_due INTEGER;
UPDATE ob SET
	ft_due = CASE WHEN NOT p.ft_business THEN ob.start + p.ft_seconds
		WHEN p.ft_unit = 'd' THEN (SELECT t.o + min(max(ob.start - b.o, 0), t.c - t.o) FROM bizday b, bizday t
			WHERE b.n = (SELECT min(n) FROM bizday WHERE c > ob.start) AND t.n = b.n + (SELECT n FROM span WHERE span.text = json_extract(sla.j, '$.response[' || p.ord || '].first_touch.within')))
		ELSE (SELECT t.o + (b.cum + max(ob.start, b.o) - b.o + p.ft_seconds - t.cum) FROM bizday b, bizday t
			WHERE b.n = (SELECT min(n) FROM bizday WHERE c > ob.start)
			AND t.n = (SELECT min(n) FROM bizday WHERE cum_end >= b.cum + max(ob.start, b.o) - b.o + p.ft_seconds)) END,
	att_due = CASE WHEN p.attempts IS NULL THEN NULL WHEN NOT p.att_business THEN ob.start + p.att_seconds
		WHEN p.att_unit = 'd' THEN (SELECT t.o + min(max(ob.start - b.o, 0), t.c - t.o) FROM bizday b, bizday t
			WHERE b.n = (SELECT min(n) FROM bizday WHERE c > ob.start) AND t.n = b.n + p.att_n)
		ELSE (SELECT t.o + (b.cum + max(ob.start, b.o) - b.o + p.att_seconds - t.cum) FROM bizday b, bizday t
			WHERE b.n = (SELECT min(n) FROM bizday WHERE c > ob.start)
			AND t.n = (SELECT min(n) FROM bizday WHERE cum_end >= b.cum + max(ob.start, b.o) - b.o + p.att_seconds)) END
FROM resp p, sla WHERE p.ord = ob.rule;

-- routing: the first step that leaves the lead owing a response (or an MQL)
CREATE TEMP TABLE ra(i INTEGER PRIMARY KEY, lead INTEGER, line INTEGER, at INTEGER, rule TEXT);
INSERT INTO ra(lead, line, at, rule)
SELECT x.lead, x.line, s.in_at,
	CASE
		WHEN lower(st.source) = 'partner' THEN 'partners'
		WHEN s.score >= 150 AND EXISTS (SELECT 1 FROM ev e WHERE e.lead = s.lead AND e.type = 'demo_request'
			AND e.line <= s.line AND e.at <= s.in_at) THEN 'hot_demo_requests'
		WHEN st.employees > 999 AND NOT ld.free THEN 'enterprise'
		WHEN st.employees BETWEEN 200 AND 999 THEN 'mid_market'
		WHEN upper(st.country) IN ('ES', 'PT') AND st.employees < 200 AND st.phone IS NOT NULL THEN 'iberia_small'
		WHEN 0 THEN 'spring_campaign_small' -- campaign ^spring_: gen_form.py's rows have no campaign
		WHEN st.employees IS NULL THEN 'unknown_size'
		ELSE 'everyone_else'
	END
FROM (SELECT s.lead, min(s.line) AS line FROM s
	WHERE s.stage = 'mql' OR EXISTS (SELECT 1 FROM ob WHERE ob.lead = s.lead AND ob.stage = 'new' AND ob.line <= s.line)
	GROUP BY s.lead) x
JOIN s ON s.line = x.line JOIN st ON st.line = x.line JOIN ld ON ld.lead = x.lead
ORDER BY x.line;
ALTER TABLE ra ADD COLUMN pool TEXT;
ALTER TABLE ra ADD COLUMN owner TEXT;
ALTER TABLE ra ADD COLUMN members TEXT;
ALTER TABLE ra ADD COLUMN n INTEGER;
UPDATE ra SET pool = json_extract(r.value, '$.pool'), owner = json_extract(r.value, '$.owner'),
	members = json_extract(sla.j, '$.pools.' || json_extract(r.value, '$.pool') || '.members')
FROM sla, json_each(sla.j, '$.routing') r WHERE json_extract(r.value, '$.name') = ra.rule;
UPDATE ra SET n = json_array_length(members) WHERE members IS NOT NULL;

-- the round-robin walk: open leads per owner and each pool's last member
-- carried from one routed lead to the next
CREATE TEMP TABLE caps AS SELECT json_group_object(key, json_extract(value, '$.capacity')) AS cap
FROM sla, json_each(sla.j, '$.owners') WHERE json_extract(value, '$.capacity') IS NOT NULL;
CREATE TEMP TABLE picked(i INTEGER PRIMARY KEY, owner TEXT, cursor INTEGER);
INSERT INTO picked
WITH RECURSIVE walk(i, cnt, last, owner, cursor) AS (
	SELECT 0,
		(SELECT json_group_object(owner, n) FROM (SELECT owner, count(*) AS n FROM leads
			WHERE owner IS NOT NULL AND stage IN ('new', 'mql', 'sql') GROUP BY owner)),
		(SELECT json_group_object(pool, last_member) FROM route_cursors WHERE last_member IS NOT NULL),
		NULL, NULL
	UNION ALL
	SELECT w.i + 1,
		CASE WHEN o.value IS NULL THEN w.cnt
			ELSE json_set(w.cnt, '$.' || o.value, coalesce(json_extract(w.cnt, '$.' || o.value), 0) + 1) END,
		CASE WHEN o.value IS NULL OR ra.pool IS NULL THEN w.last ELSE json_set(w.last, '$.' || ra.pool, o.value) END,
		o.value, CASE WHEN p.value >= 0 THEN (p.value + 1) % ra.n END
	FROM walk w JOIN ra ON ra.i = w.i + 1 JOIN caps,
	-- where the pool's turn starts: after its last member served
	json_each(json_array(coalesce((SELECT l.key + 1 FROM json_each(ra.members) l
		WHERE l.value = json_extract(w.last, '$.' || ra.pool)), 0))) t0,
	-- the member index chosen (-1: the rule's own owner; NULL: all full)
	json_each(json_array(CASE WHEN ra.pool IS NULL THEN
		CASE WHEN ra.owner IS NOT NULL AND coalesce(json_extract(w.cnt, '$.' || ra.owner), 0)
			< coalesce(json_extract(caps.cap, '$.' || ra.owner), 9e18) THEN -1 END
	ELSE (t0.value + (SELECT min((m.key - t0.value + ra.n) % ra.n) FROM json_each(ra.members) m
		WHERE coalesce(json_extract(w.cnt, '$.' || m.value), 0) < coalesce(json_extract(caps.cap, '$.' || m.value), 9e18)))
		% ra.n END)) p,
	json_each(json_array(CASE WHEN p.value = -1 THEN ra.owner WHEN p.value >= 0
		THEN json_extract(ra.members, '$[' || p.value || ']') END)) o
)
SELECT i, owner, cursor FROM walk WHERE i > 0;

-- ---- the writes ------------------------------------------------------------------
-- the import log first (its marks: each table's highest rowid before it)
INSERT INTO imports(file_name, sha256, started_at, actor, options)
SELECT @file, @sha, @now, @actor, json_object('map', @map, 'map_sha256', @map_sha, 'rejects', @rejects,
	'marks', json_object(
		'leads', (SELECT coalesce(max(rowid), 0) FROM leads),
		'accounts', (SELECT coalesce(max(rowid), 0) FROM accounts),
		'owners', (SELECT coalesce(max(rowid), 0) FROM owners),
		'stage_history', (SELECT coalesce(max(rowid), 0) FROM stage_history),
		'touches', (SELECT coalesce(max(rowid), 0) FROM touches),
		'events', (SELECT coalesce(max(rowid), 0) FROM events),
		'assignments', (SELECT coalesce(max(rowid), 0) FROM assignments),
		'field_changes', (SELECT coalesce(max(rowid), 0) FROM field_changes),
		'obligations', (SELECT coalesce(max(rowid), 0) FROM obligations),
		'breaches', (SELECT coalesce(max(rowid), 0) FROM breaches),
		'merges', (SELECT coalesce(max(rowid), 0) FROM merges),
		'lead_identities', (SELECT coalesce(max(rowid), 0) FROM lead_identities)),
	'route_cursors', json((SELECT json_group_object(pool, position) FROM (SELECT * FROM route_cursors ORDER BY pool))),
	'route_turns', json((SELECT json_group_object(pool, json_object('last', last_member, 'members', members))
		FROM (SELECT * FROM route_cursors ORDER BY pool))));
CREATE TEMP TABLE imp AS SELECT last_insert_rowid() AS id;

-- accounts: the e-mail's domain, else (free mail) the company's name, in
-- the order of the leads that first name them
ALTER TABLE ld ADD COLUMN company TEXT;
ALTER TABLE ld ADD COLUMN acct TEXT;
UPDATE ld SET company = (SELECT r.company FROM r WHERE r.line = ld.line0);
UPDATE ld SET acct = CASE WHEN NOT free THEN 'domain:' || domain
	WHEN company IS NOT NULL THEN 'name:' || lower(company) END;
CREATE INDEX temp.ld_acct ON ld(acct, lead);
INSERT INTO accounts(key, name, domain, created_at)
SELECT acct, (SELECT l2.company FROM ld l2 WHERE l2.acct = ld.acct AND l2.company IS NOT NULL ORDER BY l2.lead LIMIT 1),
	CASE WHEN acct GLOB 'domain:*' THEN domain END, created
FROM ld WHERE acct IS NOT NULL AND lead = (SELECT min(l3.lead) FROM ld l3 WHERE l3.acct = ld.acct)
ORDER BY lead
ON CONFLICT(key) DO UPDATE SET name = coalesce(accounts.name, excluded.name);

-- the score's instant: the last step that changed it
ALTER TABLE ld ADD COLUMN score REAL;
ALTER TABLE ld ADD COLUMN score_at INTEGER;
UPDATE ld SET score = s.score, score_at = s.upto FROM s WHERE s.line = ld.line0;
UPDATE ld SET score_at = x.upto FROM (
	SELECT lead, upto, row_number() OVER (PARTITION BY lead ORDER BY line DESC) AS rn
	FROM (SELECT s.lead, s.line, s.score, s.upto, lag(s.score) OVER (PARTITION BY s.lead ORDER BY s.line) AS prev
		FROM s JOIN ld USING (lead) WHERE ld.rows > 1)
	WHERE prev IS NULL OR prev IS NOT score) x
WHERE x.lead = ld.lead AND x.rn = 1;
UPDATE ld SET score = (SELECT s.score FROM s WHERE s.lead = ld.lead ORDER BY s.line DESC LIMIT 1) WHERE rows > 1;

-- the lead's own owner
CREATE TEMP TABLE own AS SELECT ra.i, ra.lead, ra.at, ra.rule, ra.pool, ra.members, p.owner, p.cursor
FROM ra JOIN picked p USING (i) WHERE p.owner IS NOT NULL;
CREATE UNIQUE INDEX temp.own_lead ON own(lead);

INSERT INTO leads(id, email, external_id, phone, first_name, last_name, title, company, website, country,
	industry, employees, source, campaign, owner, stage, stage_at, score, account_id, custom, created_at,
	updated_at, activity_at, score_at)
SELECT ld.lead, ld.key, NULL,
	CASE WHEN ld.rows > 1 THEN (SELECT v FROM fv WHERE fv.lead = ld.lead AND f = 'phone' ORDER BY line DESC LIMIT 1) ELSE r.phone END,
	CASE WHEN ld.rows > 1 THEN (SELECT v FROM fv WHERE fv.lead = ld.lead AND f = 'first_name' ORDER BY line DESC LIMIT 1) ELSE r.first_name END,
	CASE WHEN ld.rows > 1 THEN (SELECT v FROM fv WHERE fv.lead = ld.lead AND f = 'last_name' ORDER BY line DESC LIMIT 1) ELSE r.last_name END,
	CASE WHEN ld.rows > 1 THEN (SELECT v FROM fv WHERE fv.lead = ld.lead AND f = 'title' ORDER BY line DESC LIMIT 1) ELSE r.title END,
	CASE WHEN ld.rows > 1 THEN (SELECT v FROM fv WHERE fv.lead = ld.lead AND f = 'company' ORDER BY line DESC LIMIT 1) ELSE r.company END,
	NULL,
	CASE WHEN ld.rows > 1 THEN (SELECT v FROM fv WHERE fv.lead = ld.lead AND f = 'country' ORDER BY line DESC LIMIT 1) ELSE r.country END,
	CASE WHEN ld.rows > 1 THEN (SELECT v FROM fv WHERE fv.lead = ld.lead AND f = 'industry' ORDER BY line DESC LIMIT 1) ELSE r.industry END,
	CASE WHEN ld.rows > 1 THEN (SELECT v FROM fv WHERE fv.lead = ld.lead AND f = 'employees' ORDER BY line DESC LIMIT 1) ELSE r.employees END,
	CASE WHEN ld.rows > 1 THEN (SELECT v FROM fv WHERE fv.lead = ld.lead AND f = 'source' ORDER BY line DESC LIMIT 1) ELSE r.source END,
	NULL, own.owner,
	CASE WHEN ld.mql_at IS NOT NULL THEN 'mql' ELSE 'new' END, coalesce(ld.mql_at, ld.created), ld.score,
	(SELECT a.id FROM accounts a WHERE a.key = ld.acct), NULL, ld.created,
	max(ld.created, coalesce(ld.mql_at, 0), coalesce(own.at, 0),
		coalesce((SELECT max(s.at) FROM s WHERE s.lead = ld.lead AND s.changed), 0)),
	max(ld.created, coalesce(ld.mql_at, 0)), ld.score_at
FROM ld JOIN r ON r.line = ld.line0 LEFT JOIN own ON own.lead = ld.lead
ORDER BY ld.lead;

INSERT INTO import_leads(import_id, lead_id, action, before)
SELECT imp.id, ld.lead, 'created', NULL FROM ld, imp ORDER BY ld.lead;

-- identities: the e-mail when the lead is made, each phone when first given
INSERT INTO lead_identities(lead_id, kind, system, key, value, raw, added_at, actor, import_id)
SELECT lead, kind, NULL, key, key, key, at, @actor, imp.id FROM (
	SELECT ld.lead, 'email' AS kind, ld.key, ld.created AS at, ld.line0 AS line, 0 AS sub FROM ld
	UNION ALL
	SELECT lead, 'phone', phone, at, line, 1 FROM (
		SELECT s.lead, r.phone, s.at, s.line, row_number() OVER (PARTITION BY s.lead, r.phone ORDER BY s.line) AS n
		FROM s JOIN r USING (line) WHERE r.phone IS NOT NULL) WHERE n = 1), imp
ORDER BY line, sub;

-- stage history: each lead's creation, then the SLA's moves to mql
INSERT INTO stage_history(lead_id, from_stage, to_stage, at, actor, reason, origin, sla_version, amount_cents,
	currency, import_id)
SELECT lead, from_stage, to_stage, at, actor, NULL, origin, version, NULL, NULL, imp.id FROM (
	SELECT lead, NULL AS from_stage, 'new' AS to_stage, created AS at, @actor AS actor, 'import' AS origin,
		NULL AS version, line0 AS line, 0 AS sub FROM ld
	UNION ALL
	SELECT lead, 'new', 'mql', mql_at, 'sla', 'sla', k.version, mql_line, 1 FROM ld, k WHERE mql_line IS NOT NULL), imp
ORDER BY line, sub;

INSERT INTO events(lead_id, type, at, actor, origin, import_id)
SELECT lead, type, at, @actor, 'import', imp.id FROM ev, imp ORDER BY line, sub;

INSERT INTO field_changes(lead_id, at, actor, origin, field, old_value, new_value, import_id)
SELECT fc.lead, s.at, @actor, 'import', fc.f, CAST(fc.old AS TEXT), CAST(fc.new AS TEXT), imp.id
FROM fc JOIN s USING (line), imp ORDER BY fc.line, fc.ord;

-- obligations: the new lead's closes when it becomes an MQL
INSERT INTO obligations(lead_id, entry_id, stage, rule, sla_version, started_at, first_touch_due, first_touch_at,
	attempts_owed, attempts_made, attempts_due, on_exhausted, state, next_due_at, closed_at)
SELECT ob.lead, h.id, ob.stage, p.rule, k.version, ob.start, ob.ft_due, NULL, coalesce(p.attempts, 1), 0, ob.att_due,
	CASE WHEN p.attempts > 0 AND p.on_exhausted = 'recycle' THEN 'recycle' END,
	CASE WHEN ob.stage = 'new' AND ld.mql_line IS NOT NULL THEN 'closed' ELSE 'open' END,
	CASE WHEN ob.stage = 'new' AND ld.mql_line IS NOT NULL THEN NULL ELSE ob.ft_due END,
	CASE WHEN ob.stage = 'new' AND ld.mql_line IS NOT NULL THEN ld.mql_at END
FROM ob JOIN resp p ON p.ord = ob.rule JOIN ld USING (lead)
JOIN stage_history h ON h.lead_id = ob.lead AND h.to_stage = ob.stage, k
ORDER BY ob.line;

-- routing: owners as first served, assignments, each pool's turn
INSERT INTO owners(name, capacity, created_at)
SELECT owner, NULL, at FROM (SELECT owner, at, min(i) AS first FROM own GROUP BY owner) WHERE true ORDER BY first
ON CONFLICT(name) DO NOTHING;
INSERT INTO assignments(lead_id, owner, at, actor, origin, rule, sla_version)
SELECT lead, owner, at, 'sla', 'sla', rule, k.version FROM own, k ORDER BY i;
INSERT INTO route_cursors(pool, position, last_member, members)
SELECT x.pool, x.cursor, x.owner, x.members
FROM (SELECT pool, cursor, owner, members, max(i) FROM own WHERE pool IS NOT NULL GROUP BY pool) x
JOIN (SELECT pool, min(i) AS first FROM own WHERE pool IS NOT NULL GROUP BY pool) f USING (pool)
WHERE true ORDER BY f.first
ON CONFLICT(pool) DO UPDATE SET position = excluded.position, last_member = excluded.last_member,
	members = excluded.members;

UPDATE imports SET rows_read = (SELECT count(*) FROM temp.staging), created = (SELECT count(*) FROM ld),
	updated = (SELECT count(*) FROM s WHERE k > 1 AND (changed OR added)),
	unchanged = (SELECT count(*) FROM s WHERE k > 1 AND NOT (changed OR added)),
	rejected = (SELECT count(*) FROM rejected),
	qualified = (SELECT count(*) FROM stage_history WHERE import_id = imports.id AND origin = 'sla' AND to_stage = 'mql')
WHERE id = (SELECT id FROM imp);
COMMIT;

SELECT printf('reference import %d: %s: %d rows: %d created, %d updated, %d unchanged, %d rejected, %d qualified',
	id, file_name, rows_read, created, updated, unchanged, rejected, qualified)
FROM imports WHERE id = (SELECT id FROM imp);
