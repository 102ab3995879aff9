-- 014: "now" means now (issue 11).  `next` and `sla check` ask whether any
-- fact is recorded after their clock (LEADCTL_NOW set in the past): a
-- touch (touches_at), a stage entry (stage_history_at) or an obligation
-- that started later (an event or an SLA installed after it).  This index
-- answers the last one without reading every obligation.
CREATE INDEX IF NOT EXISTS obligations_started ON obligations(started_at);
