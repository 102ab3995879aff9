#!/bin/sh
# Every documented query runs (issue 11): each ```sql block of README.md and
# docs/*.md is run with sqlite3 on a database made here, with :from/:to =
# one ISO week, :now, :since/:until set as docs/reports.md says; a block that
# fails, or a query over the MQL entries that misses the cohort, fails the
# test, so the documentation cannot drift from the views.
. "$(dirname "$0")/lib.sh"

cat >"$T/sla.json" <<'JSON'
{"version": 1, "name": "docs", "timezone": "UTC",
 "business_hours": {"wed": {"open": "10:00", "close": "17:00"}},
 "qualification": {"behavior": [{"name": "demo", "event": "demo_request", "points": 40}], "mql_threshold": 40},
 "response": [{"name": "r8h", "when": {"stage": "mql"}, "first_touch": {"within": "8h", "business": false}}],
 "stale": {"mql": "3d", "sql": "20d"},
 "reasons": {"disqualified": ["spam"], "nurture": ["no_response"], "lost": ["price"]}}
JSON
export LEADCTL_NOW=2026-03-04T08:00:00Z
run init --sla "$T/sla.json"
expect_rc 0
# W10 2026 = [2026-03-02, 2026-03-09): two MQLs, one touched in time and won,
# one never touched; spend on the channel.
run add --email eva@kappa.example --source fair --at 2026-03-02T09:00:00Z
run event 1 demo_request --at 2026-03-02T10:00:00Z
run touch 1 --channel call --outcome connected --at 2026-03-02T12:00:00Z
run stage 1 sql --at 2026-03-03T09:00:00Z
run add --email ivo@lambda.example --source fair --at 2026-03-03T09:00:00Z
run stage 2 mql --at 2026-03-03T10:00:00Z
run spend add --channel fair --amount 300 --currency EUR --date 2026-03-02
expect_rc 0
export LEADCTL_NOW=2026-03-10T08:00:00Z
run stage 1 won --amount 1200 --currency EUR --at 2026-03-05T09:00:00Z
expect_rc 0

blocks=0 cohort=0
for doc in "$LEADCTL_SRC/README.md" "$LEADCTL_SRC"/docs/*.md; do
	rm -f "$T"/block*.sql
	awk -v dir="$T" '/^```sql/ {n++; f=1; next} /^```/ {f=0} f {print > (dir "/block" n ".sql")}' "$doc"
	for b in "$T"/block*.sql; do
		[ -f "$b" ] || continue
		blocks=$((blocks + 1))
		{
			echo ".parameter set :from 1772409600"
			echo ".parameter set :to 1773014400"
			echo ".parameter set :now 1773129600"
			echo ".parameter set :since \"'2026-03-02'\""
			echo ".parameter set :until \"'2026-03-09'\""
			cat "$b"
		} >"$T/run.sql"
		STEP="sqlite3: $(basename "$doc") $(basename "$b" .sql)"
		if TZ=UTC sqlite3 -bail "$LEADCTL_DB" <"$T/run.sql" >"$T/out" 2>"$T/err" && [ ! -s "$T/err" ]; then ok; else
			cat "$b" >&2
			fail "a documented query fails"
		fi
		if grep -q report_mql_entries "$b"; then
			cohort=$((cohort + 1))
			if [ "$(grep -c . "$T/out")" -eq 2 ]; then ok; else fail "the MQL cohort has 2 leads"; fi
		fi
	done
done
STEP="documented queries"
[ "$blocks" -ge 5 ] && ok || fail "only $blocks sql blocks found in README.md and docs/"
[ "$cohort" -ge 1 ] && ok || fail "no documented query over report_mql_entries"
finish
