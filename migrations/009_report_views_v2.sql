-- 009: report_mql_entries, second version (issue 11).
--
-- 1. An SLA never rewrites the past: an obligation that a new SLA version
--    opens for a lead already in mql starts at the installation
--    (obligations.started_at), so a first touch made before it answered no
--    rule: touch_state is 'no_deadline' for it, as when no SLA was
--    installed at all (a touched lead does not turn 'late' or 'in_time'
--    because an SLA arrived later).
-- 2. Durations in the rule's own time: the columns a report needs to count
--    the time to the first touch in business hours when the entry's rule
--    does (leadctl computes it with the SLA version's hours; SQL cannot).
--
-- New columns (the others are as in 004):
--   response_started_at   when the entry's obligation started (NULL: none)
--   response_sla_version  the SLA version that opened it (NULL: none)
--   response_business     1 when that rule's first-touch deadline counts
--                         business time, 0 when calendar, NULL: no rule
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
		ELSE coalesce((SELECT CASE WHEN json_extract(r.value, '$.first_touch.business') IN (1, 'true')
				THEN 1 ELSE 0 END
			FROM sla_versions v, json_each(v.content, '$.response') r
			WHERE v.version = o.sla_version AND json_extract(r.value, '$.name') = o.rule), 0)
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
