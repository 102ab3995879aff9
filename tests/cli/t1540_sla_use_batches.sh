#!/bin/sh
# `sla use` re-applies the SLA in batches, one transaction each, so that a
# concurrent writer is not locked out for the whole re-score (issue 14,
# "scoring never runs while holding the write lock for longer than its rows
# need").  Checked without timing anything:
#   1. triggers that the test adds log, in commit order, each lead row the
#      re-apply changes and each touch another process records meanwhile:
#      a touch lands between two re-applied leads (the lock was released
#      and a waiting writer got it), and the progress record was committed
#      once a batch (2,400 leads: at least 12 transactions);
#   2. a batch that fails (a trigger aborts on one lead) leaves the new SLA
#      installed, the earlier batches committed and the progress record
#      saying where it stopped; `doctor` reports it; `sla use` of the same
#      file resumes there and ends in exactly the database a clean run
#      gives (dump compared).
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T10:00:00Z
N=2400
python3 - "$T/leads.csv" "$N" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("Email,First Name,Job Title,Company\n")
    for i in range(n):
        f.write("b%d@batch%d.example,Bea%d,%s,Batch %d\n" % (i, i % 61, i, "Engineer" if i % 2 else "Buyer", i % 61))
PY
# sla SCORE_TITLED SCORE_ENGINEER THRESHOLD NAME: an SLA (nobody is a CEO)
sla() {
	cat <<EOF
{"version": 1, "name": "$4", "timezone": "UTC", "business_hours": {},
 "qualification": {"mql_threshold": $3,
   "fit": [{"name": "titled", "points": $1, "when": {"title": {"present": true}}},
           {"name": "eng", "points": $2, "when": {"title": {"equals": "Engineer"}}},
           {"name": "ceo", "points": 20, "when": {"title": {"equals": "CEO"}}}]},
 "response": [{"name": "mql", "when": {"stage": "mql"}, "first_touch": {"within": "1h", "business": false}}],
 "routing": [{"name": "all", "pool": "reps"}],
 "pools": {"reps": {"members": ["r1", "r2", "r3"]}},
 "reasons": {"disqualified": ["spam"], "nurture": ["not_ready"], "lost": ["price"]}}
EOF
}
# The second SLA changes every lead's score; engineers become MQL and are
# routed round-robin (the cursor must come out the same after a resume).
sla 10 0 25 batch-1 >"$T/sla1.json"
sla 7 5 10 batch-2 >"$T/sla2.json"
run init --sla "$T/sla1.json"
expect_rc 0
run import "$T/leads.csv"
expect_rc 0
expect_sql "SELECT count(*), sum(score) FROM leads" "$N|$((N * 10)).0"
cp "$LEADCTL_DB" "$T/base.db"

# 1. A concurrent writer gets in between batches.
sql "CREATE TABLE test_log(kind TEXT, lead INTEGER);
CREATE TRIGGER test_log_lead AFTER UPDATE OF score ON leads WHEN new.id > 1
  BEGIN INSERT INTO test_log VALUES ('lead', new.id); END;
CREATE TRIGGER test_log_touch AFTER INSERT ON touches
  BEGIN INSERT INTO test_log VALUES ('touch', new.lead_id); END;
CREATE TRIGGER test_log_progress AFTER UPDATE ON meta WHEN new.key = 'sla_reapply'
  BEGIN INSERT INTO test_log VALUES ('progress', CAST(substr(new.value, instr(new.value, ' ') + 1) AS INTEGER)); END;"
"$LEADCTL_BIN" sla use "$T/sla2.json" >"$T/use.out" 2>"$T/use.err" &
pid=$!
touches=0 busy=0
# Touch lead 1 until `sla use` has ended (a short busy timeout: a writer
# locked out for the whole re-apply would exit 75 every time).
while kill -0 $pid 2>/dev/null; do
	LEADCTL_BUSY_TIMEOUT=1000 "$LEADCTL_BIN" touch 1 --channel call --outcome no_answer >/dev/null 2>"$T/touch.err"
	case $? in
	0) touches=$((touches + 1)) ;;
	75) busy=$((busy + 1)) ;;
	*) STEP="touch during sla use" && fail "$(cat "$T/touch.err")" ;;
	esac
done
wait $pid
RC=$?
STEP="sla use beside a writer"
expect_rc 0
grep -q "installed SLA version 2 (batch-2)" "$T/use.out" && ok || fail "$(cat "$T/use.out" "$T/use.err")"
expect_sql "SELECT count(*) FROM leads WHERE score <> CASE WHEN id % 2 = 0 THEN 12.0 ELSE 7.0 END" "0"
expect_sql "SELECT count(DISTINCT lead) FROM test_log WHERE kind = 'lead'" "$((N - 1))"
STEP="a touch committed between two batches of the re-apply"
between=$(sql "SELECT count(*) FROM test_log t WHERE kind = 'touch'
  AND rowid > (SELECT min(rowid) FROM test_log WHERE kind = 'lead')
  AND rowid < (SELECT max(rowid) FROM test_log WHERE kind = 'lead')")
[ "$between" -ge 1 ] && ok || fail "$touches touches (and $busy busy) all before or after the re-apply"
STEP="one progress record a batch"
batches=$(sql "SELECT count(*) FROM test_log WHERE kind = 'progress'")
[ "$batches" -ge $((N / 200 - 1)) ] && ok || fail "$batches progress records for $N leads"
expect_sql "SELECT count(*) FROM meta WHERE key = 'sla_reapply'" "0"
echo "sla use: $N leads in $batches committed batches; $touches touches committed meanwhile ($between between two batches), $busy busy"

# 2. A batch that fails; then a resume ends where a clean run ends.
rm -f "$T"/clean.db*
cp "$T/base.db" "$T/clean.db"
LEADCTL_DB="$T/clean.db" "$LEADCTL_BIN" sla use "$T/sla2.json" >/dev/null 2>&1 || fail "clean sla use"
sqlite3 -batch "$T/clean.db" .dump | grep -v "^INSERT INTO sqlite_sequence VALUES('leads'," >"$T/clean.dump"
rm -f "$T"/test.db*
cp "$T/base.db" "$LEADCTL_DB"
sql "CREATE TRIGGER test_stop BEFORE UPDATE OF score ON leads WHEN new.id = 1000
  BEGIN SELECT RAISE(ABORT, 'test stops the re-apply here'); END;"
run sla use "$T/sla2.json"
expect_rc 65
expect_err_lines 1
expect_err_has "test stops the re-apply here; SLA version 2 is installed and the leads up to 800 have it applied: run 'leadctl sla use $T/sla2.json' again to finish"
expect_sql "SELECT max(version) FROM sla_versions" "2"
expect_sql "SELECT value FROM meta WHERE key = 'sla_reapply'" "2 800"
expect_sql "SELECT count(*) FROM leads WHERE id <= 800 AND score = CASE WHEN id % 2 = 0 THEN 12.0 ELSE 7.0 END" "800"
expect_sql "SELECT count(*) FROM leads WHERE id > 800 AND score = 10" "$((N - 800))"
expect_sql "PRAGMA integrity_check" "ok"
run doctor
expect_rc 0
expect_out_has "re-apply stopped after lead 800: run 'leadctl sla use' with it again"
run doctor --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["sla"]["reapply_stopped_after_lead"] == 800' "$T/out" && ok || fail "doctor json"
sql "DROP TRIGGER test_stop"
run sla use "$T/sla2.json"
expect_rc 0
expect_out "re-applied SLA version 2 (batch-2) to the leads after 800: $((N / 2)) in mql now"
expect_err "leadctl: SLA version 2 (batch-2) is in force but its re-apply stopped after lead 800: resuming it"
dump resumed
expect_same_dump clean resumed
# once complete, the same file is unchanged again
run sla use "$T/sla2.json"
expect_rc 0
expect_out "SLA unchanged: version 2 (batch-2) is already in force"
finish
