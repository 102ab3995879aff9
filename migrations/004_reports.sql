-- 004: the report views.  They hold the logic of the funnel, response,
-- velocity, leak and cac reports (docs/reports.md), so that any SQLite tool
-- shows the same numbers as `leadctl report`.
--
-- The views take no parameters.  A report chooses a period P = [from, to)
-- of UTC instants, and, where a state depends on the clock, an instant now;
-- the queries in docs/reports.md use them as :from, :to, :now (and :since,
-- :until for the local dates of P, which spend is counted in).  In the
-- sqlite3 shell:  .parameter set :from 1762642800
--
-- Local time: every local_date / local_week / local_month column is computed
-- with SQLite's 'localtime' modifier, i.e. in the time zone of the process
-- that reads the view (its TZ variable).  leadctl runs its reports with TZ
-- set to the time zone of the SLA in force (else the caller's TZ, else UTC);
-- to see the same keys in the shell run  TZ=Europe/Madrid sqlite3 leadctl.db
-- local_week is the ISO-8601 week ('2026-W46', weeks start on Monday, week 1
-- holds the year's first Thursday); local_month is '2026-11'.

-- "The latest MQL entry before this SQL entry", "the reason of the entry into
-- the current stage": per lead, per stage, in time order.
CREATE INDEX stage_history_lead_stage ON stage_history(lead_id, to_stage, at);
-- "Entered some stage in P": every entry in a range of instants.
CREATE INDEX stage_history_at ON stage_history(at);
-- The earliest open deadline of a lead (leak: open overdue).
CREATE INDEX obligations_lead_open ON obligations(lead_id, next_due_at) WHERE state = 'open';

-- report_sla: every SLA version with what the reports read from it.
--   version        the version (sla_versions.version)
--   name           its name
--   installed_at   when it came into force (UTC seconds)
--   until_at       when the next version replaced it; NULL while in force
--   in_force_now   1 for the version in force (the highest), else 0
--   timezone       $.timezone (or $.business_hours.timezone): the zone of
--                  report periods and local keys
--   mql_per_month  $.commitments.mql_per_month: marketing's MQL commitment
--   gross_margin   $.economics.gross_margin (a fraction, 0.8 = 80 %)
--   lifetime_years $.economics.lifetime_years (expected customer lifetime)
CREATE VIEW report_sla AS
SELECT v.version,
	v.name,
	v.installed_at,
	(SELECT min(n.installed_at) FROM sla_versions n WHERE n.version > v.version) AS until_at,
	CASE WHEN v.version = (SELECT max(m.version) FROM sla_versions m) THEN 1 ELSE 0 END AS in_force_now,
	coalesce(json_extract(v.content, '$.timezone'),
		json_extract(v.content, '$.business_hours.timezone')) AS timezone,
	json_extract(v.content, '$.commitments.mql_per_month') AS mql_per_month,
	json_extract(v.content, '$.economics.gross_margin') AS gross_margin,
	json_extract(v.content, '$.economics.lifetime_years') AS lifetime_years
FROM sla_versions v;

-- report_sla_stale: the SLA's stale rule per stage, one row per version and
-- stage.  $.stale maps a stage to a duration ("sql": "30d", docs/sla.md),
-- or to an object with "after" (or "duration", "within"); an array of
-- {"stage", "after"} objects is read too.  Durations are a whole number
-- followed by s, m, h, d or w, as everywhere in the SLA; an unreadable one
-- gives stale_s NULL (never stale).
--   version   the SLA version
--   stage     the stage (lower-case)
--   stale     the duration as written
--   stale_s   the duration in seconds
--   business  $.stale.business: 1 when the SLA counts it in business time
--             (the reports count calendar time: docs/reports.md)
CREATE VIEW report_sla_stale AS
SELECT version, stage, dur AS stale,
	CASE
		WHEN typeof(dur) = 'integer' THEN dur
		WHEN typeof(dur) = 'text' AND length(dur) >= 2 AND substr(dur, -1) IN ('s', 'm', 'h', 'd', 'w')
			AND substr(dur, 1, length(dur) - 1) NOT GLOB '*[^0-9]*'
		THEN CAST(substr(dur, 1, length(dur) - 1) AS INTEGER) *
			CASE substr(dur, -1)
				WHEN 's' THEN 1 WHEN 'm' THEN 60 WHEN 'h' THEN 3600
				WHEN 'd' THEN 86400 ELSE 604800
			END
	END AS stale_s,
	business
FROM (SELECT v.version,
		coalesce(json_extract(v.content, '$.stale.business'), 0) AS business,
		lower(CASE WHEN e.type = 'object' AND json_extract(e.value, '$.stage') IS NOT NULL
			THEN json_extract(e.value, '$.stage') ELSE e.key END) AS stage,
		CASE WHEN e.type IN ('text', 'integer') THEN e.value
			ELSE coalesce(json_extract(e.value, '$.after'), json_extract(e.value, '$.duration'),
				json_extract(e.value, '$.within'))
		END AS dur
	FROM sla_versions v, json_each(v.content, '$.stale') e)
WHERE stage IN ('new', 'mql', 'sql', 'won', 'lost', 'nurture', 'disqualified');

-- report_leads: every lead with the facts the reports group and judge by,
-- as they are now (at report time).
--   lead_id       leads.id
--   created_at    when the lead was created (UTC seconds)
--   local_date, local_week, local_month   of created_at
--   source        the channel the lead is attributed to (first touch)
--   campaign, owner   as now
--   stage         the current stage
--   stage_at      when it entered the current stage
--   stage_reason  the reason given when it entered the current stage
--   activity_at   latest touch or stage change
--   next_due_at   the earliest deadline of its open SLA obligations, or NULL
--   stale_s       the stale duration (seconds) of the SLA in force for its
--                 current stage, or NULL (no rule: never stalled)
CREATE VIEW report_leads AS
SELECT l.id AS lead_id,
	l.created_at,
	date(l.created_at, 'unixepoch', 'localtime') AS local_date,
	strftime('%Y', l.created_at, 'unixepoch', 'localtime', '-3 days', 'weekday 4') || '-W' ||
		printf('%02d', (strftime('%j', l.created_at, 'unixepoch', 'localtime', '-3 days', 'weekday 4') - 1) / 7 + 1)
		AS local_week,
	strftime('%Y-%m', l.created_at, 'unixepoch', 'localtime') AS local_month,
	l.source,
	l.campaign,
	l.owner,
	l.stage,
	l.stage_at,
	(SELECT h.reason FROM stage_history h WHERE h.lead_id = l.id AND h.to_stage = l.stage
		ORDER BY h.at DESC, h.id DESC LIMIT 1) AS stage_reason,
	l.activity_at,
	(SELECT min(o.next_due_at) FROM obligations o WHERE o.lead_id = l.id AND o.state = 'open') AS next_due_at,
	(SELECT s.stale_s FROM report_sla_stale s
		WHERE s.version = (SELECT max(m.version) FROM sla_versions m) AND s.stage = l.stage) AS stale_s
FROM leads l;

-- report_stage_entries: every entry of a lead into a stage (one row per
-- stage_history row, the creation into 'new' included).  "Entered S in P"
-- is the first row per (lead_id, stage) with :from <= at < :to.
--   entry_id      stage_history.id
--   lead_id
--   stage         the stage entered
--   from_stage    the stage left (NULL at creation)
--   at            when (UTC seconds)
--   local_date, local_week, local_month   of at
--   reason        the reason given (nurture, disqualified, lost)
--   amount_cents, currency   the deal (won)
--   origin        cli, import or sla
--   source, campaign, owner   the lead's, as now
--   current_stage the lead's stage now
CREATE VIEW report_stage_entries AS
SELECT h.id AS entry_id,
	h.lead_id,
	h.to_stage AS stage,
	h.from_stage,
	h.at,
	date(h.at, 'unixepoch', 'localtime') AS local_date,
	strftime('%Y', h.at, 'unixepoch', 'localtime', '-3 days', 'weekday 4') || '-W' ||
		printf('%02d', (strftime('%j', h.at, 'unixepoch', 'localtime', '-3 days', 'weekday 4') - 1) / 7 + 1)
		AS local_week,
	strftime('%Y-%m', h.at, 'unixepoch', 'localtime') AS local_month,
	h.reason,
	h.amount_cents,
	h.currency,
	h.origin,
	l.source,
	l.campaign,
	l.owner,
	l.stage AS current_stage
FROM stage_history h
JOIN leads l ON l.id = h.lead_id;

-- report_mql_entries: every entry into mql with what followed it.  The MQL
-- cohort of P is the first row per lead_id with :from <= mql_at < :to.
-- "After the entry" means later in the lead's history: a later at, or the
-- same second and a higher stage_history id.
--   entry_id, lead_id
--   mql_at        when it entered mql
--   local_date, local_week, local_month   of mql_at
--   source, campaign, owner   the lead's, as now
--   first_touch_at  the first touch at or after mql_at (any time up to now)
--   response_s    first_touch_at - mql_at (NULL when never touched)
--   response_rule the response rule of the entry's obligation (NULL: none)
--   first_touch_due  its first-touch deadline (NULL: no obligation)
--   touch_state   'never' (no touch yet), 'in_time' (first touch at or
--                 before the deadline), 'late' (after it), 'no_deadline'
--                 (touched, but no rule applied to this entry)
--   sql_at        the first entry into sql after this entry, or NULL
--   current_stage, stage_reason, next_due_at, activity_at, stale_s
--                 as in report_leads
--   state_base    won, lost, disqualified, recycled (now in nurture), open
--                 (now in mql or sql), other (now in new: not reachable)
CREATE VIEW report_mql_entries AS
SELECT m.entry_id,
	m.lead_id,
	m.at AS mql_at,
	m.local_date,
	m.local_week,
	m.local_month,
	m.source,
	m.campaign,
	m.owner,
	m.first_touch_at,
	m.first_touch_at - m.at AS response_s,
	o.rule AS response_rule,
	o.first_touch_due,
	CASE
		WHEN m.first_touch_at IS NULL THEN 'never'
		WHEN o.first_touch_due IS NULL THEN 'no_deadline'
		WHEN m.first_touch_at <= o.first_touch_due THEN 'in_time'
		ELSE 'late'
	END AS touch_state,
	m.sql_at,
	l.stage AS current_stage,
	l.stage_reason,
	l.next_due_at,
	l.activity_at,
	l.stale_s,
	CASE l.stage
		WHEN 'won' THEN 'won'
		WHEN 'lost' THEN 'lost'
		WHEN 'disqualified' THEN 'disqualified'
		WHEN 'nurture' THEN 'recycled'
		WHEN 'mql' THEN 'open'
		WHEN 'sql' THEN 'open'
		ELSE 'other'
	END AS state_base
FROM (SELECT e.*,
		(SELECT min(t.at) FROM touches t WHERE t.lead_id = e.lead_id AND t.at >= e.at) AS first_touch_at,
		(SELECT min(s.at) FROM stage_history s
			WHERE s.lead_id = e.lead_id AND s.to_stage = 'sql'
			AND (s.at > e.at OR (s.at = e.at AND s.id > e.entry_id))) AS sql_at
	FROM report_stage_entries e
	WHERE e.stage = 'mql') m
JOIN report_leads l ON l.lead_id = m.lead_id
LEFT JOIN obligations o ON o.entry_id = m.entry_id;

-- report_velocity: the transitions that velocity measures, one row per
-- entry into sql (kind 'mql_sql', from the latest mql entry before it) and
-- per entry into won or lost (kind 'sql_close', from the latest sql entry
-- before it).  "Completed in P" = the first row per (lead_id, stage) with
-- :from <= at < :to; rows whose start_at is NULL (no earlier entry) are
-- left out of the statistics.
--   kind          'mql_sql' or 'sql_close'
--   entry_id, lead_id
--   stage         sql, won or lost: the stage entered
--   at            when (UTC seconds)
--   local_date, local_week, local_month   of at
--   source, campaign, owner   the lead's, as now
--   start_at      the latest entry into mql (sql) before it, or NULL
--   seconds       at - start_at
CREATE VIEW report_velocity AS
SELECT kind, entry_id, lead_id, stage, at, local_date, local_week, local_month, source, campaign, owner,
	start_at, at - start_at AS seconds
FROM (SELECT 'mql_sql' AS kind, e.entry_id, e.lead_id, e.stage, e.at, e.local_date, e.local_week,
		e.local_month, e.source, e.campaign, e.owner,
		(SELECT p.at FROM stage_history p
			WHERE p.lead_id = e.lead_id AND p.to_stage = 'mql'
			AND (p.at < e.at OR (p.at = e.at AND p.id < e.entry_id))
			ORDER BY p.at DESC, p.id DESC LIMIT 1) AS start_at
	FROM report_stage_entries e
	WHERE e.stage = 'sql'
	UNION ALL
	SELECT 'sql_close', e.entry_id, e.lead_id, e.stage, e.at, e.local_date, e.local_week,
		e.local_month, e.source, e.campaign, e.owner,
		(SELECT p.at FROM stage_history p
			WHERE p.lead_id = e.lead_id AND p.to_stage = 'sql'
			AND (p.at < e.at OR (p.at = e.at AND p.id < e.entry_id))
			ORDER BY p.at DESC, p.id DESC LIMIT 1)
	FROM report_stage_entries e
	WHERE e.stage IN ('won', 'lost'));

-- report_spend_days: spend spread over its days.  A spend row covers the
-- whole local days [start_date, end_date]; each day carries an equal share
-- (amount / number of days), so the spend of P is the sum over the days
-- with :since <= day < :until.
--   spend_id      spend.id
--   channel, campaign   as in spend
--   day           the local date ('2026-11-09')
--   local_week, local_month   of day
--   cents         the day's share in cents (REAL: not rounded)
--   currency
CREATE VIEW report_spend_days AS
WITH RECURSIVE d(spend_id, day) AS (
	SELECT id, start_date FROM spend
	UNION ALL
	SELECT d.spend_id, date(d.day, '+1 day')
	FROM d JOIN spend s ON s.id = d.spend_id
	WHERE d.day < s.end_date
)
SELECT s.id AS spend_id,
	s.channel,
	s.campaign,
	d.day,
	strftime('%Y', d.day, '-3 days', 'weekday 4') || '-W' ||
		printf('%02d', (strftime('%j', d.day, '-3 days', 'weekday 4') - 1) / 7 + 1) AS local_week,
	strftime('%Y-%m', d.day) AS local_month,
	s.amount_cents * 1.0 / (julianday(s.end_date) - julianday(s.start_date) + 1) AS cents,
	s.currency
FROM d
JOIN spend s ON s.id = d.spend_id;
