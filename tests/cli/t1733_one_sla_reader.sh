#!/bin/sh
# The SLA has one reader (issue 13): its text is read by engine.c, which
# gives every command the validated struct (sla_load, src/sla.c), by `sla
# show` (which prints the file as installed) and by the reports' loader of
# older versions (sla_load again); commands take its time zone, reasons,
# currency and phone code from the struct.  In SQL, the SLA document is
# read with json_extract only where the store resolves a national phone
# number (store_identity.c: the SLA must not be required to load just to
# find a lead, and a failed read is reported as such, t1502); the report
# views read migration 020's tables.  Then the behaviour those readers
# serve, with an SLA in another zone and its own reasons and currency.
. "$(dirname "$0")/lib.sh"

# readers DIR: "file:line: text" for every reader of the SLA's text in
# DIR/src outside the allowed ones.
readers() {
	(cd "$1" && for f in src/*.c; do
		case ${f#src/} in
		engine.c | store_lead.c | cmd_sla.c) ok_current=1 ;;
		*) ok_current=0 ;;
		esac
		[ $ok_current = 1 ] || grep -nE '(^|[^A-Za-z0-9_])store_sla_current[[:space:]]*\(' "$f" | sed "s|^|$f:|"
		case ${f#src/} in
		cmd_sla.c | cmd_report.c | store_sla.c) ;;
		*) grep -nE '(^|[^A-Za-z0-9_])store_sla_version[[:space:]]*\(' "$f" | sed "s|^|$f:|" ;;
		esac
		case ${f#src/} in
		store_identity.c) ;;
		*) grep -nE "json_extract\\(content" "$f" | sed "s|^|$f:|" ;;
		esac
	done)
}
STEP="one reader of the SLA's text"
readers "$LEADCTL_SRC" >"$T/out"
[ ! -s "$T/out" ] && ok || fail "the SLA's text read outside its reader: $(cat "$T/out")"
for plant in '	rc = store_sla_current(ctx->db, &json, &version);' \
	'	rc = store_sla_version(ctx->db, 1, &json, &n, &s, &at, &by);' \
	'	"SELECT json_extract(content, '"'"'$.timezone'"'"') FROM sla_versions"'; do
	STEP="planted: $plant"
	rm -rf "$T/tree"
	mkdir -p "$T/tree/src"
	cp "$LEADCTL_SRC"/src/*.c "$T/tree/src/"
	printf '%s\n' "$plant" >>"$T/tree/src/cmdutil.c"
	readers "$T/tree" >"$T/out"
	grep -q '^src/cmdutil.c:' "$T/out" && ok || fail "not caught"
done

# Behaviour: the zone, reasons and currency come from the SLA in force.
cat >"$T/sla.json" <<'JSON'
{"version": 1, "name": "tokyo", "timezone": "Asia/Tokyo", "phone_country_code": "81",
 "business_hours": {"mon": {"open": "09:00", "close": "18:00"}},
 "qualification": {"behavior": [{"name": "demo", "event": "demo_request", "points": 60}], "mql_threshold": 50},
 "response": [{"name": "r1d", "when": {"stage": "mql"}, "first_touch": {"within": "1d", "business": false}}],
 "reasons": {"disqualified": ["spam", "reseller"], "nurture": ["no_response"], "lost": ["price", "keiretsu"]},
 "economics": {"gross_margin": 0.5, "lifetime_years": 3, "currency": "JPY"}}
JSON
export LEADCTL_NOW=2026-06-01T10:00:00Z
run init --sla "$T/sla.json"
expect_rc 0
# 2026-06-01T09:30 in Tokyo is 00:30Z
run add --email aiko.sato@kyoto.example --at 2026-06-01T09:30
expect_rc 0
expect_sql "SELECT created_at FROM leads WHERE id = 1" "$(date -u -d 2026-06-01T00:30:00Z +%s)"
run stage 1 disqualified --reason reseller
expect_rc 0
run stage 1 nurture --reason not_ready
expect_rc 65
expect_err_has "no_response"
run add --email ken.ito@osaka.example
run stage 2 mql
run stage 2 sql
run stage 2 won --amount 1200000
expect_rc 0
expect_sql "SELECT amount_cents, currency FROM stage_history WHERE lead_id = 2 AND to_stage = 'won'" "120000000|JPY"
run stage 2 lost --reason keiretsu
expect_rc 65

# An installed SLA that no longer loads (here: a key this version does not
# know) never changes the zone silently: a time shown is in TZ, and one
# line says so and what to do.
sqlite3 "$LEADCTL_DB" "UPDATE sla_versions SET content = json_set(content, '$.no_such_key', 1)"
STEP="list with an SLA that does not load"
TZ=Europe/Madrid run list --format table
expect_rc 0
expect_err_has "the installed SLA does not load, so times are shown and read in Europe/Madrid"
expect_err_has "sla check --dry-run' says why"
[ "$(grep -c . "$T/err")" = 1 ] && ok || fail "one line expected on stderr: $(cat "$T/err")"
expect_out_has "created (CEST)"
expect_out_has "2026-06-01 02:30"
run sla check --dry-run
expect_rc 78
expect_err_has "unknown key 'no_such_key'"
finish
