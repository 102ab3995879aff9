-- 015: one number per fact for the score (issue 11).  leads.score is the
-- score the engine computed when the lead last changed (or an SLA was
-- installed); score_at is the instant it is the score as of, so that list,
-- next, show, score and export all show that one number and say when it
-- was computed (docs/sla.md, "One number").  NULL: never scored (no SLA).
ALTER TABLE leads ADD COLUMN score_at INTEGER;
-- Leads scored by an older leadctl: the latest instant the engine re-scored
-- them at is the latest of their own facts (creation, change, touch, stage
-- entry, event) and the installation of an SLA, which re-scores every lead.
UPDATE leads SET score_at = max(created_at, updated_at, activity_at,
		coalesce((SELECT max(e.at) FROM events e WHERE e.lead_id = leads.id), 0),
		(SELECT max(v.installed_at) FROM sla_versions v))
	WHERE EXISTS (SELECT 1 FROM sla_versions);
