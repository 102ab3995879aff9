-- 005: what `leadctl next` and `leadctl sla check` read (docs/next-and-check.md).
--
-- Stalled leads: "in stage S with no activity since T", read in activity
-- order, so that neither command scans every lead: the range
-- (stage = S, activity_at <= T) of this index is exactly the candidates.
-- (`next --owner O` uses leads_owner_stage and obligations_lead_open;
-- without an owner it reads obligations_open in deadline order.)
CREATE INDEX leads_stage_activity ON leads(stage, activity_at);
