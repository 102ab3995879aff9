-- 023: indexes on leads that no query uses (issue 13: "indexes on leads
-- reviewed: each must be used by a query").  Every index is upkeep on each
-- lead written (an import writes each lead two or three times), so one that
-- no statement reads is pure cost:
--   leads_phone, leads_external_id: identities are looked up in
--     lead_identities (007), never in these columns;
--   leads_stage_owner: a stage alone is served by leads_stage_activity
--     (stage, activity_at), an owner and a stage by leads_owner_stage.
-- tests/cli/t1603_leads_indexes.sh shows, by EXPLAIN QUERY PLAN, the query
-- that uses each index left, and fails when an index appears without one.
DROP INDEX IF EXISTS leads_phone;
DROP INDEX IF EXISTS leads_external_id;
DROP INDEX IF EXISTS leads_stage_owner;
