#!/bin/sh
# Consent: opt-outs imported from the columns real exports use, honoured by
# touch (refused, exit 65, unless --override-consent REASON, which is kept)
# and by next (the allowed channels named, a lead with none says so); set
# and cleared by add/edit; recorded as changes; sticky against imports;
# undone with its import; shown by show and export; merged strictly.
. "$(dirname "$0")/lib.sh"

SLA="$LEADCTL_SRC/sla.example.json"
export LEADCTL_NOW=2026-11-29T10:00:00Z
run init --sla "$SLA"
expect_rc 0

# A Salesforce-style export: HasOptedOutOfEmail / DoNotCall, a lawful basis
# written as HubSpot writes it, an unsubscribe date; one unreadable opt-out.
cat >sf.csv <<'EOF'
Id,Email,FirstName,LastName,Company,Title,HasOptedOutOfEmail,DoNotCall,Legal basis for processing contact's data,Lawful Basis Date,Unsubscribed,Requested demo,CreatedDate
00QA1,pia.sol@quartz-labs.example,Pia,Sol,Quartz Labs,CTO,false,TRUE,Legitimate interest – prospect/lead,2026-11-02,,Yes,2026-11-29 09:00
00QA2,teo.brand@umber-works.example,Teo,Brand,Umber Works,CEO,1,x,Freely given consent from contact,,2026-11-20,Yes,2026-11-29 09:00
00QA3,rui.mota@fennel-co.example,Rui,Mota,Fennel Co,VP Sales,0,0,,,,Yes,2026-11-29 09:00
00QA4,ola.vik@birch-ltd.example,Ola,Vik,Birch Ltd,CTO,no,maybe,,,,Yes,2026-11-29 09:00
EOF
echo '{"columns": {"Requested demo": "event:demo_request"}}' >map.json
run import sf.csv --map map.json --rejects rejects.csv
expect_rc 0
expect_out_has "3 created"
expect_out_has "1 rejected"
grep -q "column 'DoNotCall': 'maybe' is neither yes nor no" rejects.csv && ok || fail "unreadable opt-out rejected with its reason"
expect_sql "SELECT lead_id, do_not_email, do_not_call, lawful_basis, datetime(lawful_basis_at, 'unixepoch'), datetime(unsubscribed_at, 'unixepoch') FROM consent ORDER BY lead_id" \
	"1|0|1|legitimate_interests|2026-11-01 23:00:00|
2|1|1|consent||2026-11-19 23:00:00
3|0|0|||"
# Recorded as changes of the import, like other fields.
expect_sql "SELECT field, new_value, origin, import_id FROM field_changes WHERE lead_id = 1 ORDER BY id" \
	"do_not_email|no|import|1
do_not_call|yes|import|1
lawful_basis|legitimate_interests|import|1
lawful_basis_at|2026-11-01T23:00:00Z|import|1"
run import --explain sf.csv --map map.json
expect_out_has "HasOptedOutOfEmail"
expect_out_has "do_not_call"

# next: Pia may only be e-mailed, Teo not reached at all, Rui any way.
run next
expect_rc 0
expect_out_has "Pia Sol	Quartz Labs	marta	new	70.0	first touch, email only (do not call)	"
expect_out_has "Teo Brand	Umber Works	jon	new	70.0	first touch: no allowed channel (do not call, do not email)	"
expect_out_has "Rui Mota	Fennel Co	luis	new	70.0	first touch	"
run next --format json
python3 - "$T/out" <<'PY' && ok || fail "next --format json: channels"
import json, sys
rows = {r["id"]: r for r in json.load(open(sys.argv[1]))}
assert (rows[1]["channels"], rows[1]["do_not_call"], rows[1]["do_not_email"]) == ("email only (do not call)", True, False), rows[1]
assert rows[2]["channels"] == "none (do not call, do not email)", rows[2]
assert (rows[3]["channels"], rows[3]["do_not_call"]) == ("any", False), rows[3]
PY

# touch: a call or a text to Pia is refused, nothing recorded; e-mail is fine.
dump before
run touch 1 --channel call --outcome no_answer
expect_rc 65
expect_out_empty
expect_err "leadctl: lead 1 (pia.sol@quartz-labs.example) has opted out: do not call, so no call is recorded: if the person asked for this contact, give --override-consent REASON"
run touch 1 --channel sms --outcome no_answer
expect_rc 65
expect_err_has "do not call"
dump after
expect_same_dump before after
run touch 1 --channel email --outcome no_answer --note "sent the deck"
expect_rc 0
expect_err_empty
run touch 2 --channel email --outcome no_answer
expect_rc 65
expect_err_has "lead 2 (teo.brand@umber-works.example) has opted out: do not email"
run touch 2 --channel linkedin --outcome replied
expect_rc 0
run touch 3 --channel call --outcome connected
expect_rc 0
expect_err_empty

# The override: recorded, with its reason, on the touch; shown by show.
run touch 1 --channel call --outcome connected --override-consent "she asked for a call back in ticket 5521"
expect_rc 0
expect_out "lead 1: touch 4 recorded (call, connected) against the lead's consent, reason kept"
expect_sql "SELECT channel, consent_override FROM touches WHERE lead_id = 1 ORDER BY id" \
	"email|
call|she asked for a call back in ticket 5521"
run show 1
expect_out_has "consent      do not email: no, do not call: yes; channels: email only (do not call)"
expect_out_has "lawful basis legitimate_interests (obtained 2026-11-02 00:00)"
expect_out_has "she asked for a call back in ticket 5521"
run --format json show 1
python3 - "$T/out" <<'PY' && ok || fail "show --format json: consent and override"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["consent"] == {"do_not_email": False, "do_not_call": True, "lawful_basis": "legitimate_interests",
                        "lawful_basis_at": "2026-11-01T23:00:00Z", "lawful_basis_source": None,
                        "unsubscribed_at": None}, d["consent"]
assert [t["consent_override"] for t in d["touches"]] == [None, "she asked for a call back in ticket 5521"], d["touches"]
PY
# An override no opt-out needs is not recorded; an empty reason is misuse.
run touch 3 --channel email --outcome no_answer --override-consent "just in case"
expect_rc 0
expect_err "leadctl: lead 3: no opt-out forbids email, so --override-consent is not recorded"
expect_sql "SELECT count(*) FROM touches WHERE consent_override IS NOT NULL" "1"
run touch 1 --channel call --outcome connected --override-consent ""
expect_rc 64
expect_err_has "--override-consent needs a reason"

# Export: consent columns in CSV, the consent object in JSON.
run export
expect_rc 0
head -1 "$T/out" | grep -q ',account,do_not_email,do_not_call,lawful_basis,lawful_basis_at,lawful_basis_source,unsubscribed_at' &&
	ok || fail "export CSV consent columns"
expect_out_has ",teo.brand@umber-works.example,00QA2,"
grep -q '^2,.*,yes,yes,consent,,,2026-11-19T23:00:00Z' "$T/out" && ok || fail "export CSV: Teo's consent"
run --format json export
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert [x["consent"]["do_not_call"] for x in r] == [True, True, False], r' "$T/out" &&
	ok || fail "export JSON consent"

# A later file never lifts an opt-out; a "no" only fills the unknown.
cat >later.csv <<'EOF'
Email,Do Not Call,Do Not Email,Email Opt Out
pia.sol@quartz-labs.example,No,No,
rui.mota@fennel-co.example,Yes,,Yes
EOF
export LEADCTL_NOW=2026-11-29T11:00:00Z
run import later.csv
expect_rc 0
expect_sql "SELECT lead_id, do_not_email, do_not_call FROM consent ORDER BY lead_id" "1|0|1
2|1|1
3|1|1"
# ... and undo puts Rui's consent back as it was.
run import undo 2
expect_rc 0
expect_sql "SELECT lead_id, do_not_email, do_not_call FROM consent ORDER BY lead_id" "1|0|1
2|1|1
3|0|0"

# A person may lift it (recorded); values are checked.
run edit 1 --do-not-call no
expect_rc 0
expect_out "lead 1: 1 field changed"
expect_sql "SELECT old_value, new_value, origin, actor FROM field_changes WHERE lead_id = 1 AND field = 'do_not_call' ORDER BY id DESC LIMIT 1" "yes|no|cli|tester"
run touch 1 --channel call --outcome no_answer
expect_rc 0
run edit 1 --do-not-call perhaps
expect_rc 64
expect_err_has "--do-not-call 'perhaps': use yes or no"
run edit 1 --lawful-basis "because"
expect_rc 64
run edit 1 --unsubscribed-at 2026-12-01
expect_rc 65
expect_err_has "in the future"

# add and edit set consent; an unsubscribe is an e-mail opt-out.
run add --email kim.ode@larch-inc.example --do-not-email yes --lawful-basis contract --lawful-basis-source "order 778"
expect_rc 0
expect_out "4"
expect_sql "SELECT do_not_email, do_not_call, lawful_basis, lawful_basis_source FROM consent WHERE lead_id = 4" "1||contract|order 778"
run add --email lea.ruf@larch-inc.example
run edit 5 --unsubscribed-at 2026-11-28T10:00
expect_rc 0
expect_sql "SELECT do_not_email, datetime(unsubscribed_at, 'unixepoch') FROM consent WHERE lead_id = 5" "1|2026-11-28 09:00:00"
run touch 5 --channel email --outcome no_answer
expect_rc 65
expect_err_has "do not email"
# Re-subscribed: e-mail allowed again, the unsubscribe cleared (recorded).
run edit 5 --do-not-email no
expect_rc 0
expect_sql "SELECT do_not_email, unsubscribed_at FROM consent WHERE lead_id = 5" "0|"
run touch 5 --channel email --outcome no_answer
expect_rc 0

# Merge: the stricter opt-out of the two wins.
run merge 5 4
expect_rc 0
expect_sql "SELECT do_not_email, lawful_basis FROM consent WHERE lead_id = 5" "1|contract"
expect_sql "SELECT count(*) FROM consent WHERE lead_id = 4" "0"

# The plain spelling of a web-form export: "Do Not Call" = "Yes".  The call
# is refused, next offers e-mail only, and the override is kept.
cat >dnc.csv <<'EOF'
Email,First Name,Last Name,Company,Do Not Call,Requested demo,Create Date
noor.haddad@cedar-ridge.example,Noor,Haddad,Cedar Ridge,Yes,Yes,2026-11-29 11:30
EOF
export LEADCTL_NOW=2026-11-29T12:00:00Z
run import dnc.csv --map map.json
expect_rc 0
noor=$(sql "SELECT id FROM leads WHERE email = 'noor.haddad@cedar-ridge.example'")
run next
expect_out_has "$noor	Noor Haddad	Cedar Ridge	"
grep "Noor Haddad" "$T/out" | grep -q "	first touch, email only (do not call)	overdue 1h 25m	demo_request" &&
	ok || fail "next offers Noor e-mail only"
run touch "$noor" --channel call --outcome no_answer
expect_rc 65
expect_err_has "has opted out: do not call"
run touch "$noor" --channel call --outcome connected --override-consent "asked for a call on the form's comment"
expect_rc 0
expect_sql "SELECT channel, consent_override FROM touches WHERE lead_id = $noor" "call|asked for a call on the form's comment"

finish
