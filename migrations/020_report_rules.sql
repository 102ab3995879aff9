-- 020: the reports at a million leads (issue 13, "reports over long
-- periods").  report_sla_stale and report_mql_entries.response_business
-- read the SLA's JSON (json_each over the whole document) once per row they
-- serve: per member of an MQL cohort, three parses of the SLA.  The rules
-- they read are now kept in two small tables, filled when an SLA version is
-- installed (a trigger on sla_versions, so that any way of installing one
-- fills them) and read by primary key; the views keep their columns and
-- their results (docs/reports.md).

-- The stale rule per SLA version and stage, as report_sla_stale shows it
-- (004: the duration as written, in seconds, and the business flag).
CREATE TABLE IF NOT EXISTS report_stale_rules (
	version  INTEGER NOT NULL REFERENCES sla_versions(version) ON DELETE CASCADE,
	stage    TEXT NOT NULL,
	stale    ANY,                -- the duration as written
	stale_s  INTEGER,            -- in seconds; NULL when unreadable
	business INTEGER NOT NULL,   -- $.stale.business: 1 business time, 0 calendar
	PRIMARY KEY (version, stage)
) STRICT;

-- The response rules per SLA version: whether the first-touch deadline
-- counts business time (the first rule of a name wins, as in 009).
CREATE TABLE IF NOT EXISTS report_response_rules (
	version  INTEGER NOT NULL REFERENCES sla_versions(version) ON DELETE CASCADE,
	rule     TEXT NOT NULL,
	business INTEGER NOT NULL,   -- 1: $.first_touch.business is true
	PRIMARY KEY (version, rule)
) STRICT;

-- How 004 and 009 read the SLA's JSON (every version): what fills the two
-- tables, at this migration and by the trigger at each installation.
CREATE VIEW IF NOT EXISTS report_stale_json AS
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

CREATE VIEW IF NOT EXISTS report_response_json AS
SELECT v.version, json_extract(r.value, '$.name') AS rule,
	CASE WHEN json_extract(r.value, '$.first_touch.business') IN (1, 'true') THEN 1 ELSE 0 END AS business
FROM sla_versions v, json_each(v.content, '$.response') r
WHERE json_extract(r.value, '$.name') IS NOT NULL;

INSERT OR REPLACE INTO report_stale_rules(version, stage, stale, stale_s, business)
	SELECT version, stage, stale, stale_s, business FROM report_stale_json;
INSERT OR IGNORE INTO report_response_rules(version, rule, business)
	SELECT version, rule, business FROM report_response_json ORDER BY version;

CREATE TRIGGER IF NOT EXISTS sla_versions_report_rules AFTER INSERT ON sla_versions BEGIN
	INSERT OR REPLACE INTO report_stale_rules(version, stage, stale, stale_s, business)
		SELECT version, stage, stale, stale_s, business FROM report_stale_json
		WHERE version = NEW.version;
	INSERT OR IGNORE INTO report_response_rules(version, rule, business)
		SELECT version, rule, business FROM report_response_json WHERE version = NEW.version;
END;

-- report_sla_stale: as in 004, from the table.
DROP VIEW report_sla_stale;
CREATE VIEW report_sla_stale AS
SELECT version, stage, stale, stale_s, business FROM report_stale_rules;

-- report_mql_entries: as in 009, response_business from the table.
DROP VIEW report_mql_entries;
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
		WHEN o.first_touch_due IS NULL OR m.first_touch_at < o.started_at THEN 'no_deadline'
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
	END AS state_base,
	o.started_at AS response_started_at,
	o.sla_version AS response_sla_version,
	CASE WHEN o.rule IS NULL THEN NULL
		ELSE coalesce((SELECT r.business FROM report_response_rules r
			WHERE r.version = o.sla_version AND r.rule = o.rule), 0)
	END AS response_business
FROM (SELECT e.*,
		(SELECT min(t.at) FROM touches t WHERE t.lead_id = e.lead_id AND t.at >= e.at) AS first_touch_at,
		(SELECT min(s.at) FROM stage_history s
			WHERE s.lead_id = e.lead_id AND s.to_stage = 'sql'
			AND (s.at > e.at OR (s.at = e.at AND s.id > e.entry_id))) AS sql_at
	FROM report_stage_entries e
	WHERE e.stage = 'mql') m
JOIN report_leads l ON l.lead_id = m.lead_id
LEFT JOIN obligations o ON o.entry_id = m.entry_id;
