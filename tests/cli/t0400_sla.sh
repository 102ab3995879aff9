#!/bin/sh
# The SLA, part 1: installing, linting, scoring, automatic MQL, routing,
# versions.  Every expected number is worked out in the comments from
# sla.example.json: fit strategic_industry +15, senior_title +20, free_mail
# -10; behaviour case_study +20, pricing_interest +30 (3 visits in 30d),
# webinar +25, demo_request +50; MQL at 100; behaviour points decay with a
# half-life of 180 days: p * 2^(-age/180d).
. "$(dirname "$0")/lib.sh"

SLA="$LEADCTL_SRC/sla.example.json"
export LEADCTL_NOW=2026-11-20T10:00:00Z

run sla lint "$SLA"
expect_rc 0
expect_out_has "sla.example.json: ok"

# Five different mistakes: five lines, exit 78.
python3 - "$SLA" "$T/bad5.json" <<'PY'
import sys
s = open(sys.argv[1]).read()
for old, new in [('"Europe/Madrid"', '"Mars/Base"'),
                 ('"regex": "(^|[^a-z])(ceo|cto|vp|head|director)([^a-z]|$)"', '"regex": "(ceo|cto"'),
                 ('"points": 20,\n\t\t\t\t"when": {"title"', '"points": 20.5,\n\t\t\t\t"when": {"title"'),
                 ('"within": "5m"', '"within": "5x"'),
                 ('"commitments"', '"comitments"')]:
    assert old in s, old
    s = s.replace(old, new, 1)
open(sys.argv[2], "w").write(s)
PY
run sla lint "$T/bad5.json"
expect_rc 78
expect_out_empty
expect_err_lines 5
expect_err_has "bad5.json:5: /timezone: unknown time zone 'Mars/Base'"
expect_err_has "/qualification/fit/1/points: 20.5 is not a whole number"
expect_err_has "/qualification/fit/1/when/title/regex: bad regular expression '(ceo|cto'"
expect_err_has "/response/0/first_touch/within: bad duration '5x'"
expect_err_has ": /comitments: unknown key 'comitments' (did you mean 'commitments'?)"
# JSON syntax errors carry line and column.
printf '{\n  "version": 1,\n  "name": "x",,\n}\n' >"$T/syntax.json"
run sla lint "$T/syntax.json"
expect_rc 78
expect_err_has "syntax.json:3:"

run init
expect_rc 0
# A failed 'sla use' leaves the database untouched.
dump before
run sla use "$T/bad5.json"
expect_rc 78
expect_err_has "the SLA was not installed; the database is unchanged"
dump after
expect_same_dump before after
run sla show
expect_rc 66
expect_err_has "no SLA is installed"

run sla use "$SLA"
expect_rc 0
expect_out_has "installed SLA version 1 (Acme inbound SLA 2026)"
run sla use "$SLA"
expect_rc 0
expect_out "SLA unchanged: version 1 (Acme inbound SLA 2026) is already in force"
run doctor --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["sla"]["version"]==1 and d["sla"]["name"]=="Acme inbound SLA 2026"' "$T/out" && ok || fail "doctor sla"

# Lead 1: CTO (+20) at a software company (+15) = 35 at creation.
run add --email ana@acme.com --first-name Ana --title CTO --company Acme --industry software \
	--employees 1500 --at 2026-11-16T09:00:00Z
expect_out "1"
# Demo request 5 minutes later: 35 + 50 = 85 < 100, still new.
run event 1 demo_request --at 2026-11-16T09:05:00Z
expect_sql "SELECT stage, round(score, 2) FROM leads WHERE id = 1" "new|85.0"
# Webinar a day later: 35 + 50*2^(-1/180) + 25 = 35 + 49.81 + 25 = 109.81 >= 100:
# MQL at the webinar's instant, made by SLA version 1.
run event 1 webinar_attended --at 2026-11-17T09:05:00Z
expect_sql "SELECT from_stage, to_stage, datetime(at,'unixepoch'), actor, origin, sla_version FROM stage_history WHERE lead_id = 1 AND to_stage = 'mql'" \
	"new|mql|2026-11-17 09:05:00|sla|sla|1"
# Routed when it became MQL: employees > 999 and not free-mail -> rule
# enterprise, pool senior [ana, jon] from cursor 0 -> ana; cursor now 1.
expect_sql "SELECT owner FROM leads WHERE id = 1" "ana"
expect_sql "SELECT owner, rule, origin, sla_version FROM assignments WHERE lead_id = 1" "ana|enterprise|sla|1"
expect_sql "SELECT position FROM route_cursors WHERE pool = 'senior'" "1"
# Its response obligation: rule demo_request (stage new or mql + a
# demo_request event).  The clock started at the demo request, 2026-11-16
# 09:05Z, while the lead was new; becoming MQL does not restart it (the
# untouched obligation of the same rule carries over): first touch in 5m
# calendar -> 09:10Z; 6 attempts.
expect_sql "SELECT rule, datetime(started_at,'unixepoch'), datetime(first_touch_due,'unixepoch'), attempts_owed, state FROM obligations WHERE lead_id = 1 AND state = 'open'" \
	"demo_request|2026-11-16 09:05:00|2026-11-16 09:10:00|6|open"

# The stored score, as of when it was computed (the webinar, 2026-11-17
# 09:05Z; one number per fact, docs/sla.md), even at now (2026-11-20):
# the demo is 1d old, 50*2^(-1/180) = 49.81; the webinar new, 25;
# 15 + 20 + 49.81 + 25 = 109.81 -> shown as 109.8.
run score 1 --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "score 1 json"
import json, sys
d = json.load(open(sys.argv[1]))
assert (d["score"], d["score_at"]) == (109.8, "2026-11-17T09:05:00Z"), d
terms = {t["rule"]: t["points"] for t in d["score_terms"]}
assert terms == {"strategic_industry": 15, "senior_title": 20, "webinar": 25, "demo_request": 49.8}, terms
assert d["missing_fields"] == [] and d["mql_threshold"] == 100 and d["sla_version"] == 1
PY
run score 1
expect_out_has "lead 1: score 109.8 as of 2026-11-17 10:05 (MQL at 100, SLA version 1)"
expect_out_has "+15.0  fit       strategic_industry"
expect_out_has "+49.8  behavior  demo_request"

# Lead 2: "Head of Growth" (+20) at gmail (-10) = 10; three pricing visits
# (the third completes the count: +30), a case study (+20) and a webinar
# (+25).  As of the webinar (2026-11-18 12:00Z), when it was last computed:
# 10 + 30*2^(-(2h)/180d) + 20*2^(-(1h)/180d) + 25 = 10 + 29.99 + 20.00 + 25
# = 84.99 < 100: stays new.
run add --email bob@gmail.com --title "Head of Growth" --company "Bob Co" --employees 500 --at 2026-11-16T10:00:00Z
expect_out "2"
for at in 2026-11-16T10:00:00Z 2026-11-17T10:00:00Z 2026-11-18T10:00:00Z; do
	run event 2 pricing_page_visit --at $at
done
run event 2 case_study_download --at 2026-11-18T11:00:00Z
run event 2 webinar_attended --at 2026-11-18T12:00:00Z
expect_sql "SELECT stage, owner IS NULL FROM leads WHERE id = 2" "new|1"
run score 2 --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["score"]==85.0, d["score"]' "$T/out" && ok || fail "score 2 = 85.0"

# Lead 3: VP (+20) in fintech (+15), demo (+50), webinar (+25) = 110, but no
# company, which the SLA requires: not an MQL, listed as incomplete.
run add --email carol@initech.io --title "VP Sales" --industry fintech --at 2026-11-18T09:00:00Z
expect_out "3"
run event 3 demo_request --at 2026-11-18T09:10:00Z
run event 3 webinar_attended --at 2026-11-18T09:20:00Z
expect_sql "SELECT stage FROM leads WHERE id = 3" "new"
run list --incomplete --format tsv
expect_rc 0
expect_out "id	email	stage	missing
3	carol@initech.io	new	company"

# SLA version 2 lowers the threshold to 80.  Re-applied at install time
# (now): lead 2 (84.43 >= 80) becomes MQL now — not in the past, so its
# response clock does not start overdue — made by version 2.
sed 's/"mql_threshold": 100/"mql_threshold": 80/' "$SLA" >"$T/v2.json"
run sla use "$T/v2.json"
expect_rc 0
expect_out_has "installed SLA version 2"
expect_out_has "1 in mql before, 2 now"
expect_sql "SELECT lead_id, datetime(at,'unixepoch'), sla_version FROM stage_history WHERE to_stage = 'mql' ORDER BY lead_id" \
	"1|2026-11-17 09:05:00|1
2|2026-11-20 10:00:00|2"
# Lead 2: 500 employees -> rule mid_market, pool inbound [marta, jon, luis].
# Lead 3 took the inbound cursor first (below: routed at its demo request),
# so the cursor is 1 -> jon, cursor 2.
expect_sql "SELECT owner, rule, sla_version FROM assignments WHERE lead_id = 2" "jon|mid_market|2"

# Filling in lead 3's company qualifies it at the edit's time.  It already
# had an owner: its demo request (2026-11-18 09:10Z, while new) opened the
# demo_request obligation, and a lead that owes a response is routed at
# once: no employees -> rule unknown_size, pool inbound, cursor 0 -> marta
# (SLA version 1).  Becoming MQL does not route it again.
export LEADCTL_NOW=2026-11-20T11:00:00Z
run edit 3 --company Initech
expect_rc 0
expect_sql "SELECT datetime(at,'unixepoch'), actor, origin, sla_version FROM stage_history WHERE lead_id = 3 AND to_stage = 'mql'" \
	"2026-11-20 11:00:00|sla|sla|2"
expect_sql "SELECT owner, rule, datetime(at,'unixepoch'), sla_version FROM assignments WHERE lead_id = 3" "marta|unknown_size|2026-11-18 09:10:00|1"
expect_sql "SELECT position FROM route_cursors WHERE pool = 'inbound'" "2"

# Older versions stay queryable.
run sla show --version 1 --format json
expect_rc 0
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"]==1 and d["content"]["qualification"]["mql_threshold"]==100' "$T/out" && ok || fail "sla show v1"
run sla show
expect_err_has "SLA version 2: Acme inbound SLA 2026"

# Reasons come from the SLA now: 'timing' is not in its nurture list.
run stage 1 nurture --reason timing
expect_rc 65
expect_err "leadctl: lead 1: unknown reason 'timing' for nurture: use one of no_response, not_ready, no_budget, bad_timing (from the SLA)"

# Contact limit: 5 touches per 7 days; the 6th warns (exit 0).
for h in 10 11 12 13 14; do
	run touch 1 --channel call --outcome no_answer --at 2026-11-19T$h:00:00Z
	expect_err_empty
done
run touch 1 --channel call --outcome no_answer --at 2026-11-19T15:00:00Z
expect_rc 0
expect_err "leadctl: warning: lead 1 has had 6 touches in 7d, over the SLA's contact limit of 5: give it a rest"

# show explains the score and the SLA status.
run show 1
expect_out_has "demo_request"
expect_out_has "sla"
finish
