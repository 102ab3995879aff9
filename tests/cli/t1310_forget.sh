#!/bin/sh
# forget: a lead with touches, notes, events, custom fields, a merge, field
# changes, two imports and a reject-file row is erased.  Afterwards the
# database file's bytes (with the write-ahead log checkpointed, before and
# after VACUUM) hold none of its e-mail, names, phone, note or custom text;
# every report over the month gives the same figures; the erasure is
# recorded (who, when) without the data; import undo still works and
# restores the lead only pseudonymised; a re-import is a no-op, --force
# makes a new lead, and with --suppress the import rejects it as erased.
# export --person is the right of access; forget --expired applies the
# SLA's retention.
. "$(dirname "$0")/lib.sh"

SLA="$LEADCTL_SRC/sla.example.json"
export LEADCTL_NOW=2026-11-02T08:00:00Z
run init --sla "$SLA"
expect_rc 0

# Everything below is invented.  Ysolde is the person who asks to be erased.
cat >people.csv <<'EOF'
Email,First Name,Last Name,Company,Job Title,Phone,Lead Source,Favourite colour,Requested demo,Create Date
ysolde.quarnstrom@vexilla-mining.example,Ysolde,Quarnstrom,Vexilla Mining,CTO,+420 601 234 567,webinar,vermilion-7731,Yes,2026-11-02 09:00
ottar.brekke@fjordline-tools.example,Ottar,Brekke,Fjordline Tools,CEO,,paid_search,teal,Yes,2026-11-02 09:00
ysolde.quarnstrom@vexilla-mining.example,Ysolde,Quarnstrom,Vexilla Mining,CTO,,webinar,,,31/02/2026
vilja.sand@mossgard.example,Vilja,Sand,Mossgard,CFO,,webinar,,,not a date
EOF
echo '{"columns": {"Requested demo": "event:demo_request"}}' >map.json
export LEADCTL_NOW=2026-11-02T10:00:00Z
run import people.csv --map map.json --rejects rejects.csv
expect_rc 0
expect_out_has "2 created"
expect_out_has "2 rejected"
grep -c 'ysolde' rejects.csv | grep -qx 1 && ok || fail "Ysolde's rejected row in rejects.csv"
run spend import "$LEADCTL_SRC/examples/spend.csv"
expect_rc 0

# Her story: touches with notes, events, custom fields, a merge, changes, stages.
export LEADCTL_NOW=2026-11-03T12:00:00Z
run touch 1 --channel call --outcome connected --note "vexilloid budget of 48k, call back Tuesday" --at 2026-11-02T10:30:00Z
expect_rc 0
run event 1 pricing_page_visit --at 2026-11-03T09:00:00Z
run add --email ysolde.q@vexilla-mining.example --first-name Ysolde --phone "+420 777 888 999" --set "pet=Quokka-5512" --at 2026-11-03T10:00:00Z
expect_out "3"
run merge 1 3
expect_rc 0
export LEADCTL_NOW=2026-11-05T12:00:00Z
run edit 1 --title "Chief Tunnelling Officer" --set "hobby=ice-sailing-4411"
expect_rc 0
run stage 1 mql --at 2026-11-04T09:00:00Z
run stage 1 sql --at 2026-11-05T09:00:00Z
expect_rc 0
run touch 1 --channel email --outcome replied --note "Ysolde wrote from her private quarnstrom account" --at 2026-11-05T10:00:00Z
expect_rc 0
run stage 2 mql --at 2026-11-04T09:00:00Z
run touch 2 --channel call --outcome no_answer --at 2026-11-04T09:30:00Z

# A later import updates her and creates Hakon: her before-image holds her data.
cat >update.csv <<'EOF'
Email,Job Title,Lead Source
ysolde.quarnstrom@vexilla-mining.example,Chief Quarnstrom Officer,webinar
hakon.lid@skarven.example,CTO,paid_search
EOF
export LEADCTL_NOW=2026-11-10T12:00:00Z
run import update.csv
expect_rc 0
expect_out_has "1 created, 1 updated"

# Right of access: everything about her, before.
run export --person 1
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "export --person before forget"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["email"] == "ysolde.quarnstrom@vexilla-mining.example" and d["first_name"] == "Ysolde", d
assert any("vexilloid" in (t["note"] or "") for t in d["touches"]), d["touches"]
assert d["merges"][0]["dropped"]["email"] == "ysolde.q@vexilla-mining.example", d["merges"]
assert [i["import"] for i in d["imports"]] == [1, 3] and d["imports"][1]["before"]["title"] == "Chief Tunnelling Officer", d["imports"]
assert d["erasure"] is None and d["custom"]["hobby"] == "ice-sailing-4411", d
assert {"history", "events", "changes", "consent", "obligations", "breaches"} <= set(d), d.keys()
PY
run export --person 1 --stage sql
expect_rc 64

# Every report over the month, before.
export LEADCTL_NOW=2026-11-20T12:00:00Z
reports() {
	for r in funnel response velocity leak cac; do
		for by in "" "--by source" "--by owner" "--by week"; do
			echo "== $r $by"
			"$LEADCTL_BIN" --format json report $r --month 2026-11 $by 2>&1
		done
	done
}
reports >reports.before
grep -q '"mql"' reports.before && ok || fail "reports ran"

# forget.
run forget 1 --actor dpo
expect_rc 0
expect_out_has "lead 1 erased as erased:"
expect_out_has "$T/rejects.csv: 1 rejected row removed"
expect_err "leadctl: copies outside the database (backups, exports, files sent elsewhere) are not reached: see docs/privacy.md"
expect_sql "SELECT actor, why, suppressed, datetime(at, 'unixepoch'), pseudonym GLOB 'erased:????????????????' FROM erasures" "dpo|request|0|2026-11-20 12:00:00|1"
expect_sql "SELECT email IS NULL, phone IS NULL, first_name IS NULL, last_name IS NULL, title IS NULL, company IS NULL, custom IS NULL, external_id = (SELECT pseudonym FROM erasures), stage, source FROM leads WHERE id = 1" \
	"1|1|1|1|1|1|1|1|sql|webinar"
expect_sql "SELECT count(*), count(note) FROM touches WHERE lead_id = 1" "2|0"
expect_sql "SELECT count(*) FROM stage_history WHERE lead_id = 1" "4"
expect_sql "SELECT do_not_email, do_not_call FROM consent WHERE lead_id = 1" "1|1"
grep -q 'ysolde' rejects.csv && fail "Ysolde still in rejects.csv" || ok
grep -q 'not a date' rejects.csv && ok || fail "the other rejected row kept"
# The write-ahead log is checkpointed and empty.
[ ! -s "$LEADCTL_DB-wal" ] && ok || fail "the -wal file still holds $(stat -c %s "$LEADCTL_DB-wal") bytes"
# No byte of her is left in the file, before and after VACUUM.
search() {
	python3 - "$LEADCTL_DB" "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read().lower()
needles = ["ysolde", "quarnstrom", "vexilla", "601234567", "777888999", "vexilloid", "48k, call back",
           "vermilion-7731", "quokka-5512", "ice-sailing-4411", "tunnelling"]
found = [n for n in needles if n.encode() in data]
if found:
    print(sys.argv[2] + ": found " + ", ".join(found))
    sys.exit(1)
PY
}
search "before VACUUM" && ok || fail "personal data left in the database file"
sqlite3 "$LEADCTL_DB" VACUUM
search "after VACUUM" && ok || fail "personal data left in the database file after VACUUM"

# Same reports, same figures.
reports >reports.after
if cmp -s reports.before reports.after; then ok; else
	fail "a report changed"
	diff reports.before reports.after | head -20 >&2
fi
# show works on the pseudonym; forget again is refused.
run show 1
expect_rc 0
expect_out_has "erased:"
expect_out_has "erased       2026-11-20 13:00 by dpo: personal data erased (leadctl forget)"
expect_out_lacks "Ysolde"
run forget 1
expect_rc 65
expect_err "leadctl: forget: lead 1 was already erased on 2026-11-20 13:00 by dpo"
run export --person 1
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["erasure"]["actor"] == "dpo" and d["email"] is None and d["merges"][0]["dropped"] == {"erased": True, "id": 3}, d' "$T/out" &&
	ok || fail "export --person after forget"

# Undo of the later import: Hakon goes, Ysolde comes back only pseudonymised.
run import undo 3
expect_rc 0
expect_sql "SELECT count(*) FROM leads WHERE email = 'hakon.lid@skarven.example'" "0"
expect_sql "SELECT email IS NULL, first_name IS NULL, title IS NULL, external_id GLOB 'erased:*', stage FROM leads WHERE id = 1" "1|1|1|1|sql"

# Re-import: the same file is a no-op; --force makes her a new lead.
run import people.csv --map map.json
expect_rc 0
expect_out_has "already imported"
run import people.csv --map map.json --force
expect_rc 0
expect_out_has "1 created"
new=$(sql "SELECT id FROM leads WHERE email = 'ysolde.quarnstrom@vexilla-mining.example'")
[ -n "$new" ] && [ "$new" != 1 ] && ok || fail "re-import made lead '$new'"
# --suppress: erased and on the suppression list (no e-mail stored).
run forget "$new" --suppress
expect_rc 0
expect_out_has "suppressed"
expect_sql "SELECT count(*), count(DISTINCT kind) FROM suppressions" "2|2"
expect_sql "SELECT count(*) FROM suppressions WHERE digest LIKE '%ysolde%'" "0"
run import people.csv --map map.json --force --rejects rejects2.csv
expect_rc 0
expect_out_has "0 created"
grep -q '"line 2: erased: this e-mail belongs to a person erased at their request' rejects2.csv && ok || fail "re-import rejected as erased"
grep -q 'ysolde' rejects2.csv && fail "the erased record written to the reject file" || ok
run add --email YSOLDE.QUARNSTROM@vexilla-mining.example
expect_rc 65
expect_err "leadctl: add: this e-mail belongs to a person erased at their request (leadctl forget --suppress): not added"

# Retention: a lead disqualified for more than 104 weeks (sla.example.json).
export LEADCTL_NOW=2026-11-29T12:00:00Z
run add --email old.lead@tundra-ops.example --first-name Irmeli --at 2024-05-01T10:00:00Z
old=$(cat "$T/out")
run stage "$old" disqualified --reason not_a_fit --at 2024-06-01T10:00:00Z
expect_rc 0
run forget --expired --dry-run
expect_rc 0
expect_out "lead $old: would be erased"
expect_sql "SELECT first_name FROM leads WHERE id = $old" "Irmeli"
run forget --expired
expect_rc 0
expect_out_has "lead $old erased as erased:"
expect_sql "SELECT first_name IS NULL, why FROM leads JOIN erasures ON lead_id = leads.id WHERE leads.id = $old" "1|retention"
run forget --expired
expect_rc 0
expect_out_empty
run forget --expired 1
expect_rc 64

finish
