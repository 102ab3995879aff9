#!/bin/sh
# The lead lifecycle: add, stage moves, touches, events, history rows,
# accounts, merge, export, and every refusal leaving the database unchanged.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T12:00:00Z
run init
expect_rc 0

# One lead through new -> mql -> sql -> won, with touches and events at fixed times.
run add --email " Ana.Garcia@ACME.com " --first-name Ana --last-name "García" --title CTO \
	--company "Acme Inc." --source webinar --campaign q4-launch --phone "+34 600 11 22 33" \
	--employees 120 --set plan=enterprise --at 2026-11-16T09:00:00Z
expect_rc 0
expect_out "1"
run event 1 demo_request --at 2026-11-16T09:05:00Z
expect_rc 0
expect_out "lead 1: event demo_request recorded"
run stage 1 mql --at 2026-11-16T09:06:00Z --actor marketing-bot
expect_rc 0
expect_out "lead 1: new -> mql"
run touch 1 --channel call --outcome no_answer --at 2026-11-16T09:20:00Z --actor ana
expect_rc 0
expect_out "lead 1: touch 1 recorded (call, no_answer)"
run touch 1 --channel email --outcome replied --note 'Said "yes";
call back Tuesday — ñ' --at 2026-11-17T10:00:00Z --actor ana
expect_rc 0
run stage 1 sql --at 2026-11-17T11:00:00Z --actor ana
expect_rc 0
run assign 1 ana --at 2026-11-17T11:00:00Z
expect_rc 0
expect_out "lead 1: assigned to ana"
run stage 1 won --amount 12,500.50 --currency eur --at 2026-11-19T16:30:00Z --actor ana
expect_rc 0
expect_out "lead 1: sql -> won"

# The history rows exactly: from, to, at, actor, reason, origin, amount, currency.
expect_sql "SELECT coalesce(from_stage,'-'), to_stage, datetime(at,'unixepoch'), actor, coalesce(reason,'-'), origin, coalesce(amount_cents,'-'), coalesce(currency,'-') FROM stage_history WHERE lead_id=1 ORDER BY id" \
"-|new|2026-11-16 09:00:00|tester|-|cli|-|-
new|mql|2026-11-16 09:06:00|marketing-bot|-|cli|-|-
mql|sql|2026-11-17 11:00:00|ana|-|cli|-|-
sql|won|2026-11-19 16:30:00|ana|-|cli|1250050|EUR"

run show 1 --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "show --format json fields"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["id"] == 1 and d["email"] == "ana.garcia@acme.com", d
assert d["first_name"] == "Ana" and d["last_name"] == "García" and d["title"] == "CTO"
assert d["phone"] == "+34600112233" and d["employees"] == 120
assert d["stage"] == "won" and d["stage_at"] == "2026-11-19T16:30:00Z"
assert d["created_at"] == "2026-11-16T09:00:00Z" and d["owner"] == "ana"
assert d["source"] == "webinar" and d["campaign"] == "q4-launch"
assert d["custom"] == {"plan": "enterprise"}
assert d["account"]["domain"] == "acme.com" and d["account"]["name"] == "Acme Inc."
h = [(x["from"], x["to"], x["at"], x["actor"], x["origin"]) for x in d["history"]]
assert h == [(None, "new", "2026-11-16T09:00:00Z", "tester", "cli"),
             ("new", "mql", "2026-11-16T09:06:00Z", "marketing-bot", "cli"),
             ("mql", "sql", "2026-11-17T11:00:00Z", "ana", "cli"),
             ("sql", "won", "2026-11-19T16:30:00Z", "ana", "cli")], h
assert d["history"][3]["amount"] == 12500.5 and d["history"][3]["currency"] == "EUR"
t = d["touches"]
assert [(x["at"], x["channel"], x["outcome"], x["actor"]) for x in t] == [
    ("2026-11-16T09:20:00Z", "call", "no_answer", "ana"),
    ("2026-11-17T10:00:00Z", "email", "replied", "ana")], t
assert t[1]["note"] == 'Said "yes";\ncall back Tuesday — ñ', repr(t[1]["note"])
assert [(e["type"], e["at"]) for e in d["events"]] == [("demo_request", "2026-11-16T09:05:00Z")]
assert d["assignments"][0]["owner"] == "ana"
PY

# The human view names the stage, the account and the history.
run show ana.garcia@acme.com
expect_rc 0
expect_out_has "stage        won (since 2026-11-19 16:30)"
expect_out_has "account      1 Acme Inc. acme.com"
expect_out_has "history (4)"

# Another lead: disqualified with a reason, revived to nurture.
run add --email bob@gmail.com --company "Bob's Garage S.L." --at 2026-11-18T08:00:00Z
expect_out "2"
run stage 2 disqualified --reason not_a_fit --at 2026-11-18T09:00:00Z
expect_rc 0
run stage 2 nurture --reason timing --at 2026-11-19T09:00:00Z
expect_rc 0
expect_out "lead 2: disqualified -> nurture"
expect_sql "SELECT from_stage||'>'||to_stage||':'||reason FROM stage_history WHERE lead_id=2 AND from_stage IS NOT NULL ORDER BY id" \
"new>disqualified:not_a_fit
disqualified>nurture:timing"

# Accounts: free-mail -> company name; corporate domain -> domain; website.
expect_sql "SELECT key FROM accounts ORDER BY id" "domain:acme.com
name:bobs garage"
run add --email carol@yahoo.co.uk --website "https://www.Initech.io/about" --company Initech
expect_sql "SELECT a.key FROM leads l JOIN accounts a ON a.id = l.account_id WHERE l.id = 3" "domain:initech.io"
run add --email dave@acme.com --company "ACME"
expect_sql "SELECT account_id FROM leads WHERE id = 4" "1"
run show --account acme.com
expect_rc 0
expect_out_has "leads (2)"

# Refusals: one clear line, a documented status, the database unchanged.
dump before
run stage 1 lost --reason price
expect_rc 65
expect_err "leadctl: lead 1: cannot move from won to lost: allowed from won: none"
run stage 3 sql
expect_rc 65
expect_err "leadctl: lead 3: cannot move from new to sql: allowed from new: mql, nurture, disqualified"
run stage 3 disqualified
expect_rc 64
expect_err_has "moving to disqualified needs --reason: one of not_a_fit, competitor"
run stage 3 disqualified --reason bored
expect_rc 65
expect_err_has "leadctl: lead 3: unknown reason 'bored' for disqualified: use one of not_a_fit"
run stage 3 sqll
expect_rc 64
expect_err_has "unknown stage 'sqll'"
run add --email "not an email"
expect_rc 65
expect_err "leadctl: add: invalid e-mail 'not an email': not an e-mail address (no '@'); expected name@domain.tld"
run add --email ANA.GARCIA@acme.com
expect_rc 65
expect_err "leadctl: lead 1 (Ana García, ana.garcia@acme.com) already has e-mail 'ana.garcia@acme.com': update it with 'leadctl edit 1' or merge the two"
run event 3 demo_request --at 2026-12-01T00:00:00Z
expect_rc 65
expect_err_has "is in the future (now is 2026-11-20T12:00:00Z)"
run touch 3 --channel call --outcome connected --at 2020-01-01T00:00:00Z
expect_rc 65
expect_err_has "is before the lead was created"
run stage 2 mql --at 2026-11-18T10:00:00Z
expect_rc 65
expect_err_has "is before its latest stage change"
run show 999
expect_rc 66
expect_err "leadctl: no lead '999': give a lead number, e-mail, record id or phone, or an explicit lead:N, email:, phone:, ext: or SYSTEM:ID (see 'leadctl list')"
run touch 999 --channel call --outcome connected
expect_rc 66
run touch 1 --channel fax --outcome connected
expect_rc 64
expect_err_has "unknown channel 'fax'"
run merge 1 1
expect_rc 65
run edit 4 --email ana.garcia@acme.com
expect_rc 65
dump after
expect_same_dump before after

# Hostile text is stored and shown verbatim.
run add --email eve@evil.example --first-name "'); DROP TABLE leads;--" --title '=HYPERLINK("x")'
expect_rc 0
id=$(cat "$T/out")
run show "$id" --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["first_name"]=="'"'"'); DROP TABLE leads;--", d' "$T/out" && ok || fail "name verbatim"
expect_sql "SELECT count(*) FROM leads" "5"
run export --format csv --search evil
expect_rc 0
expect_out_has "'=HYPERLINK(\"\"x\"\")"
expect_out_lacks ",=HYPERLINK"

# edit records field changes; list filters.
run edit 3 --title "VP Sales" --country ES
expect_out "lead 3: 2 fields changed"
expect_sql "SELECT field||':'||coalesce(old_value,'')||'>'||new_value FROM field_changes WHERE lead_id=3 ORDER BY field" "country:>ES
title:>VP Sales"
run edit 3 --title "VP Sales"
expect_out "lead 3: nothing changed"
run list --stage nurture --format tsv
expect_out "id	name	email	company	stage	owner	score	source	campaign	created
2		bob@gmail.com	Bob's Garage S.L.	nurture		0.0			2026-11-18T08:00:00Z"
run list garage --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [x["id"] for x in d]==[2]' "$T/out" && ok || fail "list search"
run list --source nope --format json
expect_out "[]"
run list --since 2026-11-18 --until 2026-11-19 --format tsv
expect_out_has "bob@gmail.com"
expect_out_lacks "ana.garcia"

# merge: dave (4) into ana (1) keeps every touch and event, fills unknowns.
run touch 4 --channel sms --outcome replied --note "from dave"
run event 4 webinar_attended
run merge 1 4
expect_rc 0
expect_out "lead 4 merged into lead 1"
expect_sql "SELECT count(*) FROM touches WHERE lead_id=1" "3"
expect_sql "SELECT count(*) FROM events WHERE lead_id=1" "2"
expect_sql "SELECT count(*) FROM leads WHERE id=4" "0"
expect_sql "SELECT dropped_id, json_extract(dropped,'\$.email') FROM merges" "4|dave@acme.com"

run doctor
expect_rc 0
finish
