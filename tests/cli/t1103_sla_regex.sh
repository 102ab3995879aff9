#!/bin/sh
# No SLA rule can hang the team: lint, use and init --sla refuse regexes
# with back-references, nested repetition or an oversized compiled form,
# each with its reason; matching is Unicode case-less; a pattern the checks
# cannot see through is bounded by PCRE2's limits: a hostile title is
# scored in milliseconds as no match, with one warning, and other writers
# are not held up.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-07-06T10:00:00Z
# sla FILE REGEX: a minimal SLA whose one fit rule (+20) tests the title
sla() {
	cat >"$1" <<JSON
{"version": 1, "name": "regex test", "timezone": "UTC",
 "business_hours": {"mon": {"open": "09:00", "close": "18:00"}},
 "qualification": {"fit": [{"name": "title_rule", "points": 20, "when": {"title": {"regex": "$2"}}}],
  "behavior": [{"name": "never", "event": "never_recorded", "points": 100}], "mql_threshold": 100},
 "response": [{"name": "mql_24h", "when": {"stage": "mql"}, "first_touch": {"within": "24h", "business": false}}],
 "stale": {"mql": "7d", "sql": "30d"},
 "reasons": {"disqualified": ["not_a_fit"], "nurture": ["no_response", "not_ready"], "lost": ["price"]}}
JSON
}
run init
expect_rc 0
dump before
# refused PATTERN REASON: lint, use and init --sla all refuse it with REASON, exit 78, nothing changes
refused() {
	sla r.json "$1"
	run sla lint r.json
	expect_rc 78
	expect_err_has "$2"
	run sla use r.json
	expect_rc 78
	expect_err_has "$2"
	run --db other.db init --sla r.json
	expect_rc 78
	[ ! -e other.db ] && ok || fail "init --sla left other.db behind"
	dump after
	expect_same_dump before after
}
refused '(x*)*y' "nested repetition such as (a+)+ can take exponential time"
refused '^(b+c?)+$' "nested repetition"
refused '(de|da)\\s+\\1' 'back-references (\1) are not allowed'
refused '((((xy){90}){90}){90})' "too large"
long=$(awk 'BEGIN { for (i = 0; i < 1001; i++) printf "q" }')
refused "$long" "longer than 1000 bytes"

# Unicode case-less: 'jefa de área' matches 'JEFA DE ÁREA'
sla ok.json 'jefa de área'
run sla use ok.json
expect_rc 0
run add --email tea@cormoran.example --title 'JEFA DE ÁREA Comercial'
expect_rc 0
run add --email uri@cormoran.example --title 'Jefe de area'
expect_rc 0
expect_sql "SELECT email || '=' || score FROM leads ORDER BY id" "tea@cormoran.example=20.0
uri@cormoran.example=0.0"

# A pattern the checks cannot see through: bounded at scoring time.
sla slow.json '^(z|z)*$'
run sla lint slow.json
expect_rc 0
run sla use slow.json
expect_rc 0
title=$(awk 'BEGIN { for (i = 0; i < 3000; i++) printf "z"; print "!" }')
t0=$(date +%s%N)
run add --email vic@cormoran.example --title "$title"
t1=$(date +%s%N)
expect_rc 0
expect_err_has "warning: an SLA regex hit its match limit on "
expect_err_has "(first: '^(z|z)*\$'): counted as no match"
[ $(((t1 - t0) / 1000000)) -lt 2000 ] && ok || fail "the add took $(((t1 - t0) / 1000000)) ms"
expect_sql "SELECT score FROM leads WHERE email = 'vic@cormoran.example'" "0.0"
run add --email wes@cormoran.example --title zzzz
expect_rc 0
expect_err_empty
expect_sql "SELECT score FROM leads WHERE email = 'wes@cormoran.example'" "20.0"
finish
