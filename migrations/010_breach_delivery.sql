-- 010: breach alerts delivered at least once (issue 14).  `sla check` used to
-- record a chunk of breaches and only then print them and run --exec: a crash
-- in between lost those alerts for good, since the next run saw them as
-- recorded.  Now a breach is recorded with reported_at NULL and claimed by
-- the process that found it (claimed_pid); that process sets reported_at once
-- its line is printed and flushed and its --exec hook has returned.  A later
-- `sla check` delivers again every unreported breach whose claiming process is
-- gone (src/sla_check.c, check_breaches): printed at least once, recorded
-- exactly once.  What the alert says about the lead when it was detected is
-- kept with it (its stage, latest activity, attempts, SLA version), so that
-- a breach delivered again reads exactly as it would have the first time.
-- Breaches recorded before this migration were reported.
ALTER TABLE breaches ADD COLUMN reported_at INTEGER;
ALTER TABLE breaches ADD COLUMN claimed_pid INTEGER;
ALTER TABLE breaches ADD COLUMN lead_stage TEXT;
ALTER TABLE breaches ADD COLUMN lead_activity_at INTEGER;
ALTER TABLE breaches ADD COLUMN attempts_made INTEGER;
ALTER TABLE breaches ADD COLUMN attempts_owed INTEGER;
ALTER TABLE breaches ADD COLUMN sla_version INTEGER;
UPDATE breaches SET reported_at = detected_at;
CREATE INDEX breaches_unreported ON breaches(id) WHERE reported_at IS NULL;
