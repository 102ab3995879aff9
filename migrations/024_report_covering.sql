-- 024: the reports over long periods (issue 13).  Each report reads one
-- stage's entries of a period P in (at, id) order from stage_history_to
-- (store_report.c) and keeps a lead's first; with lead_id in the index the
-- range alone gives every column the entries need but the lead's (no row
-- of stage_history is read: the funnel's and cac's entries, the cohort's
-- and velocity's rows).  The index keeps its name and its prefix
-- (to_stage, at), so every query it served it still serves.
DROP INDEX IF EXISTS stage_history_to;
CREATE INDEX stage_history_to ON stage_history(to_stage, at, lead_id);
