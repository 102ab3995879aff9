#!/bin/sh
# Import, part 3: Meta.  A lead-ads export (tab-separated, UTF-16LE with
# BOM, CRLF, typed values "l:", "p:+34...", ISO times with offsets) and a
# Business Suite Leads Center export (UTF-8 with BOM, CRLF, "08/05/2026,
# 21:35" day-first dates declared in a mapping file, stage and owner
# columns).  Every lead is checked field by field.
. "$(dirname "$0")/import_lib.sh"

export LEADCTL_NOW=2026-06-01T10:00:00Z
new_db
fixture meta_lead_ads.tsv
fixture business_suite.csv
fixture business_suite.map.json

# --- lead ads: UTF-16LE, tabs ----------------------------------------------
run import --explain meta_lead_ads.tsv
expect_rc 0
expect_out_has "meta_lead_ads.tsv: utf-16le, delimiter tab, header on line 1"
expect_out_has "  1  id             ->  submission_id  (auto; a Meta lead id: the form fill's, kept on its event)"
expect_out_has "  15  work_email     ->  email          (auto)"
expect_out_has "  12  platform       ->  source         (auto)"
run import meta_lead_ads.tsv
expect_rc 0
expect_err_empty
expect_out "import 1: meta_lead_ads.tsv: 3 rows: 3 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
# The "l:" and "p:" prefixes are gone; e-mail lower-cased; non-ASCII text
# (é, ë, an emoji outside the BMP: a UTF-16 surrogate pair) arrives intact.
# The third lead has no e-mail: its phone identifies it (Meta's id is the
# lead-ad submission's, kept on its form_submission event, never a person's
# identity), and no company means no account.
expect_sql "SELECT id, coalesce(email,'-'), external_id, phone, first_name, last_name, source, campaign, stage, coalesce(account_id,'-') FROM leads ORDER BY id" \
"1|jose@perez.example||+34600111222|José|Pérez|fb|spring_2026|new|1
2|zoe@ng.example||+447700900123|😀 Zoë|Ng|ig|spring_2026|new|2
3|-||+34600777888|Luis|de la Fuente|fb|spring_2026|new|-"
expect_sql "SELECT lead_id, type, submission_id FROM events ORDER BY lead_id" \
"1|form_submission|2207184422001
2|form_submission|2207184422002
3|form_submission|2207184422003"
# created_time carries its offset (+02:00): 09:15+02 = 07:15Z.
expect_sql "SELECT id, datetime(created_at,'unixepoch') FROM leads ORDER BY id" \
"1|2026-05-20 07:15:00
2|2026-05-21 21:40:00
3|2026-05-22 06:00:00"
# Everything else is kept (a quoted comma inside "ES, broad" included);
# the empty lead_status says nothing.
expect_sql "SELECT custom FROM leads WHERE id = 2" \
'{"ad_id":"120210000000001","ad_name":"Spring video","adset_id":"120210000000002","adset_name":"ES, broad","campaign_id":"120210000000003","form_id":"987654321","form_name":"Demo form","is_organic":"true","city":"London","inbox_url":"https://business.facebook.com/latest/inbox/2"}'
expect_sql "SELECT key FROM accounts ORDER BY id" "domain:perez.example
domain:ng.example"
expect_sql "SELECT lead_id, coalesce(from_stage,'-'), to_stage, datetime(at,'unixepoch'), origin FROM stage_history ORDER BY id" \
"1|-|new|2026-05-20 07:15:00|import
2|-|new|2026-05-21 21:40:00|import
3|-|new|2026-05-22 06:00:00|import"
# No fit points, no events: score 0, nobody routed, no obligation.
expect_sql "SELECT sum(score), count(owner) FROM leads" "0.0|0"
expect_sql "SELECT count(*) FROM obligations" "0"

# The same export saved as UTF-16BE reads the same: nothing new.
python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); open(sys.argv[2],"wb").write(b"\xfe\xff"+d[2:].decode("utf-16-le").encode("utf-16-be"))' \
	meta_lead_ads.tsv meta_be.tsv
run import meta_be.tsv
expect_rc 0
expect_out "import 2: meta_be.tsv: 3 rows: 0 created, 0 updated, 3 unchanged, 0 rejected, 0 qualified"

# --- Business Suite: UTF-8 BOM, CRLF, day-first -----------------------------
run import --explain --map business_suite.map.json business_suite.csv
expect_rc 0
expect_out "business_suite.csv: utf-8, delimiter comma, header on line 1
   1  Created                     ->  created_at  (auto; date day_first, zone Europe/Madrid)
   2  Name                        ->  full_name   (auto)
   3  Email address               ->  email       (auto)
   4  Source                      ->  source      (auto)
   5  Form                        ->  ignore      (mapping file)
   6  Channel                     ->  source      (auto; after 'Source': kept as custom when source is set)
   7  Stage                       ->  stage       (auto)
   8  Owner                       ->  owner       (auto)
   9  Labels                      ->  custom      (no known name)
  10  Phone number (recommended)  ->  phone       (auto)
  11  Secondary phone number      ->  custom      (no known name)
values of column 7 'Stage':
  Intake          1  ->  new
  Qualified       1  ->  mql
  Converted       1  ->  sql"
run import --map business_suite.map.json business_suite.csv
expect_rc 0
expect_err_empty
expect_out "import 3: business_suite.csv: 3 rows: 3 created, 0 updated, 0 unchanged, 0 rejected, 0 qualified"
# "08/05/2026, 21:35" day first = 8 May, 21:35 CEST = 19:35Z.  The BOM is
# not part of the first header ("Created" mapped).  Stage "Intake" is new,
# "Qualified" mql, "Converted" sql: moves at the row's only date.
expect_sql "SELECT id, email, coalesce(phone,'-'), first_name, last_name, source, coalesce(owner,'-'), stage, datetime(created_at,'unixepoch'), coalesce(custom,'-') FROM leads WHERE id > 3 ORDER BY id" \
'4|ana@acme.example|+34600111222|Ana|García|Facebook|-|new|2026-05-08 19:35:00|{"Channel":"Paid","Stage":"Intake"}
5|bob@beta.example|-|Bob|Beta|Instagram|Jon|mql|2026-05-25 07:05:00|{"Channel":"Paid","Stage":"Qualified","Labels":"vip, hot","Secondary phone number":"+34600333444"}
6|carla@ruiz.example|+34600555666|Carla|Ruiz|Facebook|Ana|sql|2026-05-31 21:59:00|{"Channel":"Organic","Stage":"Converted"}'
expect_sql "SELECT lead_id, coalesce(from_stage,'-'), to_stage, datetime(at,'unixepoch'), actor, origin, import_id FROM stage_history WHERE lead_id > 3 ORDER BY id" \
"4|-|new|2026-05-08 19:35:00|tester|import|3
5|-|new|2026-05-25 07:05:00|tester|import|3
5|new|mql|2026-05-25 07:05:00|tester|import|3
6|-|new|2026-05-31 21:59:00|tester|import|3
6|new|sql|2026-05-31 21:59:00|tester|import|3"
# Owners from the file, as import assignments; Bob's MQL entry owes a first
# touch within 24 business hours: Monday 09:05 CEST + 8h55 + 9h + 6h05 ->
# Wednesday 15:05 CEST.
expect_sql "SELECT lead_id, owner, datetime(at,'unixepoch'), origin FROM assignments ORDER BY id" \
"5|Jon|2026-05-25 07:05:00|import
6|Ana|2026-05-31 21:59:00|import"
expect_sql "SELECT lead_id, rule, datetime(first_touch_due,'unixepoch') FROM obligations" "5|mql|2026-05-27 13:05:00"
# Without the mapping file the same dates are refused: the order is never guessed.
run import --dry-run business_suite.csv
expect_rc 65
expect_err_has "leadctl: warning: business_suite.csv: line 2: column 'Created': '08/05/2026, 21:35': numeric date with day and month in unknown order: declare day_first or month_first"
expect_err_has "leadctl: import: business_suite.csv: every row was rejected (3): nothing was imported"
finish
