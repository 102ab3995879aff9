#!/bin/sh
# A new lead's SLA state is the row the import has just written (issue 13,
# set-based apply): the SLA decides from it without reading the lead back,
# its identities are inserted without a second lookup, and accounts are
# remembered for the transaction.  One file mixes what can go wrong with
# that: new leads (one qualifying and routed, one whose file stage opens an
# obligation on the file's own move, one by phone only, one with a free
# mail), the same event in two columns of one row, an in-file
# re-submission in another case, a known lead, an identity conflict and a
# broken row in the middle of the batch (rolled back and replayed: the
# account remembered before it must be forgotten), then a company's next
# lead after them.  The default path must equal --row-by-row (the old
# path, which reads every lead back) in every table, stdout, stderr and
# the rejects file; the figures are checked by hand; undo leaves the
# database as it was; --timing says how long the write lock was held.
. "$(dirname "$0")/import_lib.sh"
export LEADCTL_NOW=2026-11-20T10:00:00Z

cat >"$T/map.json" <<'JSON'
{"columns": {"Demo Requested": "event:demo_request", "Demo Again": "event:demo_request",
             "Webinar Attended": "event:webinar_attended"}}
JSON
printf '%s\r\n' \
	'Email,Record ID,Phone,Name,Company,Job Title,Industry,Employees,Country,Lead Source,Created At,Stage,MQL Date,Demo Requested,Demo Again,Webinar Attended' \
	'ines.mora@lumen-soft.example,R-100,,Ines Mora,Lumen Soft,CEO,software,25,ES,web,2026-11-16 09:00,,,2026-11-16 09:05,2026-11-16 09:05,2026-11-16 09:30' \
	'raul.vidal@lumen-soft.example,R-101,,Raul Vidal,Lumen Soft,Engineer,retail,25,FR,web,2026-11-16 10:00,mql,2026-11-18 11:00,,,' \
	'INES.MORA@Lumen-Soft.example,,,Ines Mora,Lumen Soft,CEO,software,25,ES,web,2026-11-17 08:00,,,,,' \
	'kai.berg@nordpipe.example,,,Kai Berg,Nordpipe,Engineer,retail,25,FR,web,2026-11-17 09:00,,,,,' \
	'ines.mora@lumen-soft.example,R-101,,Ines Mora,Lumen Soft,CEO,software,25,ES,web,2026-11-17 10:00,,,,,' \
	'tomas.ek@lumen-soft.example,R-102,,Tomas Ek,Lumen Soft,Engineer,retail,25,FR,web,2026-11-17 11:00,,,,,' \
	',,+34 612 345 678,Lola Paz,,Engineer,retail,25,ES,web,2026-11-17 12:00,,,,,' \
	',,612345678,Lola Paz,,Engineer,retail,25,ES,web,2026-11-18 12:00,,,,,' \
	'pat.lee@gmail.com,,,Pat Lee,Lee Studio,Engineer,retail,25,FR,web,2026-11-18 13:00,,,,,' \
	'broken at example,,,Nobody,,,,,,web,2026-11-18 14:00,,,,,' >"$T/mix.csv"

# check_by_hand: the default path's database right after the import.
check_by_hand() {
	STEP="the summary: lines 2, 3, 7, 8 and 10 are new leads; 4 (the same e-mail in capitals), 5 (the known lead) and 9 (the same phone, written without its code) re-submissions; 6 and 11 rejected; only Ines qualifies by score"
	grep -q ': 10 rows: 5 created, 3 updated, 0 unchanged, 2 rejected, 1 qualified$' "$T/new-out" && ok ||
		fail "$(cat "$T/new-out")"
	STEP="the rejects: the conflict and the broken e-mail, by line"
	[ "$(cut -d, -f1 "$T/new-rej" | tr '\n' ' ')" = "line 6 11 " ] && ok || fail "$(cat "$T/new-rej")"
	grep -q "^6,.*belongs to lead 2 (Ines Mora, ines.mora@lumen-soft.example) but record id 'R-101' to lead 3" \
		"$T/new-rej" && ok || fail "$(cat "$T/new-rej")"
	# Ines: software 15 + CEO 20 + one demo request 50 (two columns, one
	# event) + webinar 25 = 110 >= 100: mql by the SLA at her latest
	# event, 09:30 in the SLA's Madrid (08:30 UTC); the demo_request
	# rule's obligation answers that mql entry; routed by everyone_else to
	# the inbound pool's first member.  Her re-submission (line 4, 11-17
	# 08:00 Madrid) scores her again then, the events 22 h 55 min and
	# 22 h 30 min old with a half-life of 180 days: 35 + 50 * 2^(-0.95486/180)
	# + 25 * 2^(-0.9375/180) = 35 + 49.8164 + 24.9099 = 109.7.
	expect_sql "SELECT count(*) FROM events WHERE lead_id = 2 AND type = 'demo_request'" 1
	expect_sql "SELECT stage, printf('%.1f', score), owner FROM leads WHERE id = 2" "mql|109.7|marta"
	expect_sql "SELECT o.rule, h.to_stage, h.origin, h.at = strftime('%s', '2026-11-16 08:30')
	            FROM obligations o JOIN stage_history h ON h.id = o.entry_id WHERE o.lead_id = 2" \
		"demo_request|mql|sla|1"
	# Raul: the file's own move into mql (origin import, 11-18 11:00
	# Madrid, 10:00 UTC) is the entry the mql rule's obligation answers;
	# not qualified by the SLA; routed to the inbound pool's next member.
	expect_sql "SELECT o.rule, h.to_stage, h.origin, h.at = strftime('%s', '2026-11-18 10:00')
	            FROM obligations o JOIN stage_history h ON h.id = o.entry_id WHERE o.lead_id = 3" \
		"mql|mql|import|1"
	expect_sql "SELECT stage, score, owner FROM leads WHERE id = 3" "mql|0.0|jon"
	# One account for the three Lumen Soft leads (Tomas came after the
	# rolled back batch), one keyed by company name for the free mail.
	expect_sql "SELECT count(DISTINCT account_id), count(*) FROM leads WHERE email LIKE '%@lumen-soft.example'" "1|3"
	expect_sql "SELECT count(*) FROM accounts WHERE key = 'domain:lumen-soft.example'" 1
	expect_sql "SELECT a.key FROM leads l JOIN accounts a ON a.id = l.account_id WHERE l.email = 'pat.lee@gmail.com'" \
		"name:lee studio"
	# Lola by phone only: one lead, her second row a re-submission.
	expect_sql "SELECT count(*) FROM leads WHERE phone = '+34612345678'" 1
	expect_sql "SELECT count(*) FROM events e JOIN leads l ON l.id = e.lead_id
	            WHERE l.phone = '+34612345678' AND e.type = 'form_submission'" 1
	expect_sql "SELECT count(*) FROM lead_identities WHERE key IN ('ines.mora@lumen-soft.example', 'ext:R-100',
	            'raul.vidal@lumen-soft.example', 'ext:R-101', 'tomas.ek@lumen-soft.example', 'ext:R-102',
	            '+34612345678', 'pat.lee@gmail.com')" 8
}

for mode in row new; do
	export LEADCTL_DB="$T/$mode.db"
	new_db
	extra=
	[ $mode = row ] && extra=--row-by-row
	run add --email kai.berg@nordpipe.example --company Nordpipe
	expect_rc 0
	dump_data "$mode-before"
	rm -f "$T/mix.rej"
	run import "$T/mix.csv" --map "$T/map.json" --rejects "$T/mix.rej" $extra
	expect_rc 0
	cp "$T/out" "$T/$mode-out" && cp "$T/err" "$T/$mode-err" && mv "$T/mix.rej" "$T/$mode-rej"
	dump "$mode-imported"
	STEP="$mode: every reference holds"
	[ -z "$(sql 'PRAGMA foreign_key_check')" ] && ok || fail "$(sql 'PRAGMA foreign_key_check')"
	[ $mode = new ] && check_by_hand
	run import undo 1
	expect_rc 0
	dump "$mode-undone"
	dump_data "$mode-undone-data"
	STEP="$mode: undo leaves the data as it was (the import log keeps the undone import)"
	expect_same_dump "$mode-before" "$mode-undone-data"
done

for f in out err rej imported.dump undone.dump; do
	STEP="--row-by-row and the default path: $f"
	if cmp -s "$T/row-$f" "$T/new-$f"; then ok; else
		fail "differ"
		diff "$T/row-$f" "$T/new-$f" | head -20 >&2
	fi
done

STEP="--timing: one line on stderr with the phases and the write lock"
rm -f "$T/t.db"
export LEADCTL_DB="$T/t.db"
new_db
run import "$T/mix.csv" --map "$T/map.json" --rejects "$T/t.rej" --timing
expect_rc 0
[ "$(grep -c 'timing' "$T/err")" = 1 ] && ok || fail "no single timing line"
grep -Eq '^leadctl: import: .*mix.csv: timing: read and normalise [0-9]+\.[0-9]{3} s \(CPU [0-9.]+ s\), write lock [0-9.]+ s \(apply [0-9.]+ s, CPU [0-9.]+ s; commit [0-9.]+ s\), total [0-9.]+ s \(CPU [0-9.]+ s\)$' "$T/err" &&
	ok || fail "timing line"
run -q import "$T/mix.csv" --map "$T/map.json" --force --timing
expect_rc 0
STEP="--timing is a note: -q silences it"
grep -q timing "$T/err" && fail "printed under -q" || ok
finish
