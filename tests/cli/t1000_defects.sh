#!/bin/sh
# Defects found by reading the code (issue 11), each pinned with its own data:
# list --incomplete with long and many required field names (a fixed buffer
# overflowed), import undo with an undo log that lacks a mark (a NULL
# dereference), and one definition of an event type shared by the SLA,
# `leadctl event` and import's event columns.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-03-02T10:00:00Z

# --- list --incomplete: 20 required custom fields of 70 bytes each -----------
fields=""
i=0
while [ $i -lt 20 ]; do
	name=$(printf 'custom.questionnaire_answer_%02d_with_a_rather_long_descriptive_name_here' $i)
	fields="$fields${fields:+, }\"$name\""
	i=$((i + 1))
done
cat >"$T/req.json" <<JSON
{"version": 1, "name": "req", "timezone": "UTC",
 "business_hours": {"tue": {"open": "08:00", "close": "16:00"}},
 "qualification": {"required_fields": [$fields, "company"],
  "behavior": [{"name": "trial", "event": "trial.start-v2", "points": 60}], "mql_threshold": 60},
 "response": [{"name": "r", "when": {"stage": "mql"}, "first_touch": {"within": "2h", "business": false}}],
 "reasons": {"disqualified": ["spam"], "nurture": ["no_response"], "lost": ["price"]}}
JSON
run init --sla "$T/req.json"
expect_rc 0
run add --email rosa.vidal@quanta.example
run add --email tomas@quanta.example --company Quanta --set questionnaire_answer_07_with_a_rather_long_descriptive_name_here=yes
run --format json list --incomplete
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "list --incomplete lists every missing field in full"
import json, sys
rows = json.load(open(sys.argv[1]))
assert [r["id"] for r in rows] == [1, 2], rows
m1 = rows[0]["missing"].split(", ")
m2 = rows[1]["missing"].split(", ")
assert len(m1) == 21 and m1[-1] == "company", m1
assert len(m2) == 19, m2
assert "custom.questionnaire_answer_07_with_a_rather_long_descriptive_name_here" not in m2
assert all(f.startswith("custom.questionnaire_answer_") and f.endswith("_name_here") for f in m2), m2
PY

# --- event types: the SLA's rule on 'trial.start-v2' fires from every entry ---
run event 1 trial.start-v2
expect_rc 0
expect_sql "SELECT type FROM events WHERE lead_id = 1" "trial.start-v2"
run event 1 Trial.Start
expect_rc 64
expect_err_has "event type 'Trial.Start'"
run event 1 "trial start"
expect_rc 64
# lead 2 has every required field but the questionnaire: the event scores, it
# qualifies only when complete; an import column event:trial.start-v2 is accepted too
printf 'Email,Trial\ntomas@quanta.example,2026-03-02T09:00:00Z\n' >"$T/trial.csv"
printf '{"columns": {"Trial": "event:trial.start-v2"}}\n' >"$T/trial.map.json"
run import "$T/trial.csv" --map "$T/trial.map.json"
expect_rc 0
expect_sql "SELECT count(*) FROM events WHERE lead_id = 2 AND type = 'trial.start-v2'" "1"
run sla lint "$T/req.json"
expect_rc 0

# --- import undo with a mark missing from its log ---------------------------
printf 'Email,Company\nwen.li@delta.example,Delta\n' >"$T/one.csv"
run import "$T/one.csv"
expect_rc 0
imp=$(sql "SELECT max(id) FROM imports")
cp "$LEADCTL_DB" "$T/orig.db"
for key in '$.marks.events' '$.marks.merges' '$.marks.accounts' '$.marks.owners' '$.marks.leads' '$.route_cursors'; do
	cp "$T/orig.db" "$LEADCTL_DB"
	sql "UPDATE imports SET options = json_remove(options, '$key') WHERE id = $imp"
	run import undo "$imp"
	case $key in
	'$.route_cursors')
		expect_rc 0
		expect_sql "SELECT count(*) FROM leads WHERE email = 'wen.li@delta.example'" "0"
		;;
	*)
		expect_rc 65
		expect_err_lines 1
		expect_err_has "has no mark for table '${key#\$.marks.}'"
		expect_sql "SELECT count(*) FROM leads WHERE email = 'wen.li@delta.example'" "1"
		;;
	esac
done
finish
