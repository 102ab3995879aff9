#!/bin/sh
# Import, part 2: a Google Forms export.  Question headers, a quoted
# newline, a full name to split, month-first timestamps declared in a
# mapping file that also turns two yes/no questions into events, --source
# and --campaign constants, a duplicate inside the file (a re-submission).
# Every imported lead is scored, qualified (at the right moment) and routed.
#
# Timestamps are wall times in the SLA's zone (Europe/Madrid, CEST = +2).
# Points (sla.example.json): software/fintech +15, CTO/VP/Head +20,
# free-mail -10, demo_request +50 (capped at 50), case study +20; MQL at
# 100; behaviour decays with a half-life of 180 days.
# Routing: an unassigned lead is routed when it becomes MQL or as soon as it
# owes a response (a demo request while still new), row by row as of the
# row's time; rules in order; pools senior [ana, jon], inbound [marta, jon,
# luis]; the cursor moves to the member after the one chosen.
. "$(dirname "$0")/import_lib.sh"

export LEADCTL_NOW=2026-06-01T10:00:00Z
new_db
fixture google_forms_webinar.csv
fixture google_forms_webinar.map.json

# Without the declaration, month-first dates are refused, row by row, and a
# file whose every row is refused is not logged (so that it can be fixed and
# imported again).
dump_data empty
run import google_forms_webinar.csv
expect_rc 65
expect_out_empty
expect_err "leadctl: warning: google_forms_webinar.csv: line 2: column 'Timestamp': '5/26/2026 9:15:00': numeric date with day and month in unknown order: declare day_first or month_first
leadctl: warning: google_forms_webinar.csv: line 4: column 'Timestamp': '5/27/2026 14:05:30': numeric date with day and month in unknown order: declare day_first or month_first
leadctl: warning: google_forms_webinar.csv: line 5: column 'Timestamp': '5/28/2026 8:00:00': numeric date with day and month in unknown order: declare day_first or month_first
leadctl: warning: google_forms_webinar.csv: line 6: column 'Timestamp': '5/29/2026 17:45:10': numeric date with day and month in unknown order: declare day_first or month_first
leadctl: import: google_forms_webinar.csv: every row was rejected (4): nothing was imported"
dump_data refused
expect_same_dump empty refused
expect_sql "SELECT count(*) FROM imports" "0"

run import --explain --map google_forms_webinar.map.json --source webinar --campaign may_webinar google_forms_webinar.csv
expect_rc 0
expect_out "google_forms_webinar.csv: utf-8, delimiter comma, header on line 1
   1  Timestamp                         ->  created_at                 (auto; date month_first, zone Europe/Madrid)
   2  Email Address                     ->  email                      (auto)
   3  Your name                         ->  full_name                  (auto)
   4  Company name                      ->  company                    (auto)
   5  What is your job title?           ->  title                      (auto, from the question's words)
   6  How many employees?               ->  employees                  (mapping file)
   7  Industry                          ->  industry                   (auto)
   8  Would you like a demo?            ->  event:demo_request         (mapping file; date month_first, zone Europe/Madrid)
   9  Did you download the case study?  ->  event:case_study_download  (mapping file; date month_first, zone Europe/Madrid)
  10  Anything else?                    ->  custom:notes               (mapping file)
   -  source                            ->  constant 'webinar'         (replaces the file's values)
   -  campaign                          ->  constant 'may_webinar'     (replaces the file's values)"

run import --map google_forms_webinar.map.json --source webinar --campaign may_webinar google_forms_webinar.csv
expect_rc 0
expect_err_empty
expect_out "import 1: google_forms_webinar.csv: 4 rows: 3 created, 1 updated, 0 unchanged, 0 rejected, 1 qualified (1 known value replaced by the file's)"

# Row by row.  Line 2 (with a quoted newline over lines 2-3): Ana, whose
# second submission on line 6 (ANA@...) is the same lead.  "Ana María
# García": the last word is the last name.  "Stone, Bob": last name first.
# Employees "1-10" -> 1, "1,001-5,000" -> 1001 (lower bounds).
# Owners (routing below): Ana marta (her demo request), Bob none (he owes
# nothing: no demo request, not an MQL), Cleo ana.
expect_sql "SELECT id, email, first_name, coalesce(last_name,'-'), title, company, industry, employees, source, campaign, coalesce(owner,'-'), stage FROM leads ORDER BY id" \
"1|ana@acme.example|Ana María|García|CTO|Acme|software|1|webinar|may_webinar|marta|new
2|bob@gmail.com|Bob|Stone|Head of Growth|Bob Co|retail|500|webinar|may_webinar|-|new
3|cleo@gamma.example|Cleo|-|VP Marketing|Gamma|fintech|1001|webinar|may_webinar|ana|mql"
# 5/26/2026 9:15:00 CEST = 07:15Z and so on: created at the first
# submission; Ana's notes were replaced by her second submission's.
expect_sql "SELECT id, datetime(created_at,'unixepoch'), datetime(updated_at,'unixepoch'), coalesce(custom,'-') FROM leads ORDER BY id" \
'1|2026-05-26 07:15:00|2026-05-29 15:45:10|{"notes":"second time"}
2|2026-05-27 12:05:30|2026-05-27 12:05:30|-
3|2026-05-28 06:00:00|2026-05-28 06:00:00|-'
expect_sql "SELECT lead_id, datetime(at,'unixepoch'), origin, field, old_value, new_value FROM field_changes" \
'1|2026-05-29 15:45:10|import|custom|{"notes":"Call me\nafter 5pm"}|{"notes":"second time"}'
# Events: a yes is an event at the row's time; "No" and an empty cell are
# none; the re-submission is a form_submission at its time.
expect_sql "SELECT lead_id, type, datetime(at,'unixepoch'), actor, origin, import_id FROM events ORDER BY id" \
"1|demo_request|2026-05-26 07:15:00|tester|import|1
3|demo_request|2026-05-28 06:00:00|tester|import|1
3|case_study_download|2026-05-28 06:00:00|tester|import|1
1|demo_request|2026-05-29 15:45:10|tester|import|1
1|form_submission|2026-05-29 15:45:10|tester|import|1"
expect_sql "SELECT id, key, coalesce(domain,'-') FROM accounts ORDER BY id" \
"1|domain:acme.example|acme.example
2|name:bob|-
3|domain:gamma.example|gamma.example"

# Scores, stored as of each lead's latest row.  Ana: 15 + 20 + demo 50
# (two requests, capped at 50; the first decayed over 3.35 days, but the
# second counts in full) = 85 < 100: stays new.  Bob: -10 + 20 = 10.
# Cleo: 15 + 20 + 50 + 20 = 105 >= 100: an MQL at the moment of her
# submission (2026-05-28 08:00 CEST), made by the SLA (version 1) and
# counted as "qualified".
expect_sql "SELECT id, score FROM leads ORDER BY id" "1|85.0
2|10.0
3|105.0"
expect_sql "SELECT lead_id, coalesce(from_stage,'-'), to_stage, datetime(at,'unixepoch'), actor, origin, coalesce(sla_version,'-'), import_id FROM stage_history ORDER BY id" \
"1|-|new|2026-05-26 07:15:00|tester|import|-|1
2|-|new|2026-05-27 12:05:30|tester|import|-|1
3|-|new|2026-05-28 06:00:00|tester|import|-|1
3|new|mql|2026-05-28 06:00:00|sla|sla|1|1"
expect_sql "SELECT qualified FROM imports WHERE id = 1" "1"
# Routing, in row order.  Ana (line 2, 07:15Z) owes a response to her demo
# request while new, so she is routed then: partners (source webinar),
# hot_demo_requests (85 < 150), enterprise (1 employee), mid_market (1 not
# in 200-999), iberia_small (no country), spring_campaign_small (campaign
# may_webinar) and unknown_size (employees known) do not match ->
# everyone_else, pool inbound, cursor 0 -> marta; inbound cursor 1.  Her
# second submission (line 6) finds her owned: not routed again.  Bob (line
# 4) owes nothing: not routed.  Cleo routed at her MQL moment: hot_demo_
# requests (105 < 150) does not match; 1001 employees, not free mail ->
# rule enterprise, pool senior [ana, jon], cursor 0 -> ana; senior cursor 1.
expect_sql "SELECT lead_id, owner, datetime(at,'unixepoch'), actor, origin, rule, sla_version FROM assignments ORDER BY id" \
"1|marta|2026-05-26 07:15:00|sla|sla|everyone_else|1
3|ana|2026-05-28 06:00:00|sla|sla|enterprise|1"
expect_sql "SELECT pool, position FROM route_cursors ORDER BY pool" "inbound|1
senior|1"
# Response obligations, rule demo_request (5 minutes, calendar): Ana's on
# her new-stage entry from the demo request, Cleo's on her MQL entry.
expect_sql "SELECT lead_id, stage, rule, datetime(started_at,'unixepoch'), datetime(first_touch_due,'unixepoch'), attempts_owed, state FROM obligations ORDER BY id" \
"1|new|demo_request|2026-05-26 07:15:00|2026-05-26 07:20:00|6|open
3|mql|demo_request|2026-05-28 06:00:00|2026-05-28 06:05:00|6|open"

# show explains the imported lead the same way as any other.
run score 3 --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "score 3"
import json, sys
d = json.load(open(sys.argv[1]))
terms = {t["rule"] for t in d["score_terms"]}
assert terms == {"strategic_industry", "senior_title", "case_study", "demo_request"}, terms
PY

# A later submission of the same form (a new file): Bob asks for a demo and
# downloads the case study: 10 + 50 + 20 = 80 < 100, a re-submission event.
# Still new, he now owes a response (demo_request, from 08:00Z, first touch
# by 08:05Z), so he is routed as of the row's time: partners, hot_demo_
# requests (80 < 150) and enterprise (500 employees, free mail) do not
# match; mid_market (500 in 200-999) does: pool inbound, cursor 1 (after
# Ana's marta) -> jon; inbound cursor 2 (luis).
cat >later.csv <<'EOF'
Timestamp,Email Address,Your name,Company name,What is your job title?,How many employees?,Industry,Would you like a demo?,Did you download the case study?,Anything else?
5/31/2026 10:00:00,bob@gmail.com,"Stone, Bob",Bob Co,Head of Growth,500,retail,Yes,Yes,
EOF
run import --map google_forms_webinar.map.json --source webinar --campaign may_webinar later.csv
expect_rc 0
expect_out "import 2: later.csv: 1 row: 0 created, 1 updated, 0 unchanged, 0 rejected, 0 qualified"
expect_sql "SELECT type, datetime(at,'unixepoch') FROM events WHERE lead_id = 2 ORDER BY id" \
"demo_request|2026-05-31 08:00:00
case_study_download|2026-05-31 08:00:00
form_submission|2026-05-31 08:00:00"
expect_sql "SELECT stage, score, owner FROM leads WHERE id = 2" "new|80.0|jon"
expect_sql "SELECT rule, datetime(started_at,'unixepoch'), datetime(first_touch_due,'unixepoch'), state FROM obligations WHERE lead_id = 2" \
"demo_request|2026-05-31 08:00:00|2026-05-31 08:05:00|open"
expect_sql "SELECT lead_id, owner, datetime(at,'unixepoch'), rule FROM assignments WHERE lead_id = 2" \
"2|jon|2026-05-31 08:00:00|mid_market"
expect_sql "SELECT pool, position FROM route_cursors ORDER BY pool" "inbound|2
senior|1"
finish
