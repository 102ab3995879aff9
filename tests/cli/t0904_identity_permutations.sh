#!/bin/sh
# The same three people arrive through `add`, a form CSV, a CRM export with
# record ids and a spreadsheet-damaged copy of that export, in every one of
# the 24 orders.  Each order ends with exactly one lead per person, each
# with one phone (E.164) and its HubSpot id when the export came, and no
# e-mail or record id ever rewritten (field_changes has no e-mail or
# external_id change from a known value).  Invented people.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-20T10:00:00Z
SLA="$LEADCTL_SRC/sla.example.json" # phone_country_code 34
nb=$(printf '\302\240')

# add: three reps type them in, each in their own spelling.
src_a() {
	for args in "--email ANA.RUIZ@SOL.EXAMPLE --first-name Ana --phone 611222333" \
		"--email Bo.Lind@Mar.Example --first-name Bo --phone +46701234567" \
		"--email cy.park@luna.example --first-name Cy --phone +1-415-555-0133"; do
		# shellcheck disable=SC2086
		"$LEADCTL_BIN" add $args >/dev/null 2>"$T/add.err"
		rc=$?
		# a person already known is refused (65, naming the lead), never doubled
		if [ $rc -ne 0 ] && { [ $rc -ne 65 ] || ! grep -q "already has" "$T/add.err"; }; then
			STEP="add $args ($order)"
			fail "exit $rc: $(cat "$T/add.err")"
		fi
	done
}
# a web form: invisible and upper-case spellings, national and 00 phones.
cat >form.csv <<EOF
Email,First Name,Phone,Country
${nb}ana.ruiz@sol.example,Ana,+34 611 22 23 33,
bo.lind@MAR.example,Bo,0046 70 123 45 67,
CY.PARK@LUNA.EXAMPLE${nb},Cy,(415) 555-0133,United States
EOF
# a HubSpot export with record ids
cat >crm.csv <<EOF
Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage,Create Date
15001000001,Ana,Ruiz,ana.ruiz@sol.example,+34611222333,Lead,2026-11-01 09:00
15001000002,Bo,Lind,bo.lind@mar.example,+46701234567,Lead,2026-11-01 09:00
15001000003,Cy,Park,cy.park@luna.example,+14155550133,Lead,2026-11-01 09:00
EOF
# the same export after a spreadsheet: ids rounded to one value, phones as floats
cat >damaged.csv <<EOF
Record ID,First Name,Last Name,Email,Phone Number,Lifecycle Stage,Create Date
1.5001E+10,Ana,Ruiz,Ana.Ruiz@Sol.Example,34611222333.0,Lead,2026-11-01 09:00
1.5001E+10,Bo,Lind,BO.LIND@MAR.EXAMPLE,46701234567.0,Lead,2026-11-01 09:00
1.5001E+10,Cy,Park,cy.park@luna.example,14155550133.0,Lead,2026-11-01 09:00
EOF

apply() {
	case $1 in
	a) src_a ;;
	f) "$LEADCTL_BIN" import form.csv >/dev/null 2>&1 || { STEP="import form.csv ($order)" && fail "exit $?"; } ;;
	c) "$LEADCTL_BIN" import crm.csv >/dev/null 2>&1 || { STEP="import crm.csv ($order)" && fail "exit $?"; } ;;
	d) "$LEADCTL_BIN" import damaged.csv >/dev/null 2>&1 || { STEP="import damaged.csv ($order)" && fail "exit $?"; } ;;
	esac
}

orders=0
for w in a f c d; do
	for x in a f c d; do
		[ $x = $w ] && continue
		for y in a f c d; do
			{ [ $y = $w ] || [ $y = $x ]; } && continue
			for z in a f c d; do
				{ [ $z = $w ] || [ $z = $x ] || [ $z = $y ]; } && continue
				order="$w$x$y$z"
				orders=$((orders + 1))
				rm -f "$LEADCTL_DB" "$LEADCTL_DB-wal" "$LEADCTL_DB-shm"
				"$LEADCTL_BIN" init --sla "$SLA" >/dev/null 2>&1 || fail "init"
				for s in $w $x $y $z; do apply $s; done
				STEP="order $order"
				expect_sql "SELECT email, phone, coalesce(external_id, '-') FROM leads ORDER BY email" \
					"ana.ruiz@sol.example|+34611222333|15001000001
bo.lind@mar.example|+46701234567|15001000002
cy.park@luna.example|+14155550133|15001000003"
				expect_sql "SELECT count(*) FROM field_changes WHERE field IN ('email', 'external_id') AND old_value IS NOT NULL" "0"
				expect_sql "SELECT group_concat(n) FROM (SELECT count(*) AS n FROM lead_identities GROUP BY lead_id, kind ORDER BY lead_id, kind)" \
					"1,1,1,1,1,1,1,1,1"
				expect_sql "SELECT count(*) FROM lead_identities WHERE key GLOB '*E+*' OR key GLOB '*.0'" "0"
			done
		done
	done
done
STEP="orders"
[ $orders = 24 ] && ok || fail "$orders orders"
finish
