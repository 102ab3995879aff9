-- 008: round-robin kept by member (issue 11).  A pool's place in its
-- rotation was an index into its member list, which a new SLA version may
-- reorder or shorten: the index then named someone else, so a member was
-- skipped and another served twice.  Now each pool keeps the member served
-- last and the member list as it was then; the next turn is the member after
-- the last one in the pool in force, or, when that member has left, the first
-- one after them in the old order who is still there (src/route.c,
-- route_pool_start).  `position` stays (the index after the last one, as
-- before) and is read only for rows written by older versions, whose
-- last_member is NULL.
ALTER TABLE route_cursors ADD COLUMN last_member TEXT;
ALTER TABLE route_cursors ADD COLUMN members TEXT
	CHECK (members IS NULL OR (json_valid(members) AND json_type(members) = 'array'));
