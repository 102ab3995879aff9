-- activity.sql: a sales team's work on an imported benchmark database.
--
--   sqlite3 -cmd '.parameter init' -cmd '.parameter set @now 1795168800' leadctl.db < bench/activity.sql
--
-- An import only creates leads, events, MQL entries, assignments and
-- response obligations.  The reports, `next`, `show` and `sla check` also
-- need touches and stage moves (sql, won with an amount, lost and
-- disqualified with a reason).  Running `leadctl touch`
-- and `leadctl stage` a few hundred thousand times would take hours (one
-- process, one transaction each), so this script writes the same rows in
-- bulk, as those commands write them (src/store_lead.c: store_touch_add,
-- store_stage_move; src/engine.c: engine_obligation_progress,
-- sync_obligations).  Two things the commands would also do are left out:
-- scores are not re-decayed at each touch, and no lead is moved to nurture
-- here (an automatic re-qualification would follow it); `sla check` does
-- the recycling.  (Marketing spend comes from `leadctl spend import`:
-- bench/run.sh.)
--
-- Everything is decided by the obligation's lead id (k = id % 20), so the
-- result is deterministic.  Nothing is written after @now.
--
--   k      touches after the obligation started            then
--   0      connected call                                  sql, won 21 days later
--   1      connected call                                  sql, lost (price) 30 days later
--   2      connected call                                  sql (stalls after 30 days)
--   3      connected call                                  disqualified (not_a_fit)
--   4      replied e-mail                                  stays (obligation met)
--   5      connected call                                  stays (met)
--   6, 7   no answer, reply by e-mail a day later          6: sql
--   8..11  no answer, voicemail a day later                obligation still open
--   12..14 six unanswered calls, one a day                 attempts exhausted
--   15..17 one unanswered call                             obligation still open
--   18, 19 nothing                                         first touch missed
-- The first touch comes within 30 minutes for a third of the leads, else
-- between 30 minutes and 2 days after the obligation started.  Moves are
-- made on leads in mql (new leads can only be disqualified).

BEGIN IMMEDIATE;

CREATE TEMP TABLE work AS
SELECT o.id AS obligation_id, o.lead_id, l.stage, coalesce(l.owner, 'sdr') AS actor, o.lead_id % 20 AS k,
	o.started_at + CASE WHEN o.lead_id % 3 = 0 THEN (o.lead_id * 7919) % 1800
		ELSE 1800 + (o.lead_id * 104729) % 171000 END AS t1
FROM obligations o JOIN leads l ON l.id = o.lead_id
WHERE o.state = 'open';

CREATE TEMP TABLE plan_touch AS
SELECT lead_id, at, actor, channel, outcome FROM (
	SELECT lead_id, t1 AS at, actor, CASE WHEN k = 4 THEN 'email' ELSE 'call' END AS channel,
		CASE WHEN k IN (0, 1, 2, 3, 5) THEN 'connected' WHEN k = 4 THEN 'replied' ELSE 'no_answer' END AS outcome
	FROM work WHERE k < 18
	UNION ALL
	SELECT lead_id, t1 + 86400, actor, CASE WHEN k IN (6, 7) THEN 'email' ELSE 'call' END,
		CASE WHEN k IN (6, 7) THEN 'replied' ELSE 'voicemail' END
	FROM work WHERE k BETWEEN 6 AND 11
	UNION ALL
	SELECT w.lead_id, w.t1 + n.i * 86400, w.actor, 'call', 'no_answer'
	FROM work w, (SELECT 1 AS i UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5) n
	WHERE w.k BETWEEN 12 AND 14)
WHERE at <= @now;

INSERT INTO touches(lead_id, at, actor, channel, outcome, note)
SELECT lead_id, at, actor, channel, outcome, NULL FROM plan_touch ORDER BY at, lead_id;

UPDATE leads SET activity_at = max(activity_at, t.last)
FROM (SELECT lead_id, max(at) AS last FROM plan_touch GROUP BY lead_id) AS t
WHERE leads.id = t.lead_id;

-- engine_obligation_progress, for every open obligation at once.
UPDATE obligations SET
	first_touch_at = (SELECT min(t.at) FROM touches t WHERE t.lead_id = obligations.lead_id
		AND t.at >= obligations.started_at),
	attempts_made = (SELECT count(*) FROM touches t WHERE t.lead_id = obligations.lead_id
		AND t.at >= obligations.started_at)
WHERE state = 'open';
UPDATE obligations SET state = CASE
	WHEN EXISTS (SELECT 1 FROM touches t WHERE t.lead_id = obligations.lead_id
		AND t.at >= obligations.started_at AND t.outcome IN ('connected', 'replied', 'meeting_booked'))
	THEN 'met'
	WHEN attempts_due IS NULL AND first_touch_at IS NOT NULL THEN 'met'
	WHEN attempts_due IS NOT NULL AND attempts_made >= attempts_owed THEN 'exhausted'
	ELSE 'open' END
WHERE state = 'open';
UPDATE obligations SET
	next_due_at = CASE WHEN state <> 'open' THEN NULL
		WHEN first_touch_at IS NULL THEN first_touch_due ELSE attempts_due END,
	closed_at = CASE WHEN state = 'open' THEN NULL
		ELSE coalesce(closed_at, (SELECT max(t.at) FROM touches t WHERE t.lead_id = obligations.lead_id)) END
WHERE state = 'open' OR closed_at IS NULL;

-- Stage moves, as store_stage_move writes them.
CREATE TEMP TABLE plan_move AS
SELECT * FROM (
	SELECT lead_id, 1 AS step, 'mql' AS from_stage, 'sql' AS to_stage,
		CASE WHEN k = 6 THEN t1 + 86400 ELSE t1 END + 7200 AS at, actor, NULL AS reason, NULL AS amount_cents
	FROM work WHERE stage = 'mql' AND k IN (0, 1, 2, 6)
	UNION ALL
	SELECT lead_id, 1, stage, 'disqualified', t1 + 3600, actor, 'not_a_fit', NULL
	FROM work WHERE k = 3
	UNION ALL
	SELECT lead_id, 2, 'sql', 'won', t1 + 7200 + 21 * 86400, actor, NULL, (500000 + (lead_id * 37) % 4500000)
	FROM work WHERE stage = 'mql' AND k = 0
	UNION ALL
	SELECT lead_id, 2, 'sql', 'lost', t1 + 7200 + 30 * 86400, actor, 'price', NULL
	FROM work WHERE stage = 'mql' AND k = 1)
WHERE at <= @now;

INSERT INTO stage_history(lead_id, from_stage, to_stage, at, actor, reason, origin, sla_version, amount_cents,
	currency, import_id)
SELECT lead_id, from_stage, to_stage, at, actor, reason, 'cli', NULL, amount_cents,
	CASE WHEN amount_cents IS NOT NULL THEN 'EUR' END, NULL
FROM plan_move ORDER BY at, lead_id, step;

UPDATE leads SET stage = m.to_stage, stage_at = m.at, activity_at = max(activity_at, m.at),
	updated_at = max(updated_at, m.at)
FROM (SELECT lead_id, to_stage, max(at) AS at FROM plan_move GROUP BY lead_id) AS m
WHERE leads.id = m.lead_id;

-- sync_obligations: a lead that moved closes the obligations of its earlier entries.
UPDATE obligations SET state = 'closed', next_due_at = NULL,
	closed_at = (SELECT max(m.at) FROM plan_move m WHERE m.lead_id = obligations.lead_id)
WHERE state = 'open' AND lead_id IN (SELECT lead_id FROM plan_move);

SELECT 'activity: ' || (SELECT count(*) FROM plan_touch) || ' touches, ' || (SELECT count(*) FROM plan_move)
	|| ' stage moves';

COMMIT;
