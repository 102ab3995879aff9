#!/bin/sh
# report weekly: one self-contained HTML file with the numbers of the text
# reports, and -o FILE on every report (replaced whole, only on success).
# Data: the report fixture (tests/fixtures/reports/fixture.sql), whose
# numbers t0700_reports.sh derives by hand, with its two SLA versions made
# whole (sla.example.json with the fixture's zone, commitments, stale spans
# and economics) so that the overdue section can read the work list.
. "$(dirname "$0")/lib.sh"

export LEADCTL_NOW=2026-11-21T09:30:00Z
run init
expect_rc 0
sqlite3 "$LEADCTL_DB" <"$LEADCTL_SRC/tests/fixtures/reports/fixture.sql" && ok || fail "loading the fixture"
python3 - "$LEADCTL_SRC/sla.example.json" "$LEADCTL_DB" <<'PY' && ok || fail "whole SLA versions"
import json, sqlite3, sys
base = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
for version, content in db.execute("SELECT version, content FROM sla_versions").fetchall():
    fx = json.loads(content)
    sla = dict(base)
    sla.update(fx)
    # The views read {"after": "30d"}; the engine wants the plain form.
    sla["stale"] = {k: (v["after"] if isinstance(v, dict) else v) for k, v in fx["stale"].items()}
    if "economics" in fx:
        sla["economics"] = dict(fx["economics"], currency="EUR")
    else:
        sla.pop("economics")
    db.execute("UPDATE sla_versions SET content = ? WHERE version = ?", (json.dumps(sla), version))
db.commit()
PY
# Patching the SLA text leaves the hand-derived W46 funnel as it was.
run report funnel --week 2026-W46
expect_out_has '(all)	20	21	9	2	3	2	3	8	0.3810	2	2	4	0.2222	0.2222	0.4444	0.4000	18.00	1.1667'

# --- the file: written with -o, nothing on stdout, mode 0600.
run report weekly --week 2026-W46 --weeks 3 -o "$T/w46.html"
expect_rc 0
expect_out_empty
expect_err_empty
[ "$(stat -c %a "$T/w46.html")" = 600 ] && ok || fail "mode $(stat -c %a "$T/w46.html"), expected 600"
cp "$T/w46.html" "$T/out"
expect_out_has '<!DOCTYPE html>'
expect_out_has 'Period [2026-11-09, 2026-11-16) in Europe/Madrid'
# Self-contained: no script, no external reference of any kind.
for bad in '<script' ' src=' ' href=' 'url(' '@import' '<link' '<iframe'; do
	expect_out_lacks "$bad"
done
if grep -o 'https\?://[^"]*' "$T/out" | grep -v '^http://www.w3.org/2000/svg$' | grep -q .; then
	fail "an external URL in the report"
else ok; fi

# Hand-derived figures (t0700): W46 new 20, mql 21, win rate 0.4000,
# commitment 18.00 (3 days x 2 + 4 days x 3).
expect_out_has 'data-col="new" data-value="20">20<'
expect_out_has 'data-col="mql" data-value="21">21<'
expect_out_has 'data-col="win_rate" data-value="0.4000">40.0%<'
expect_out_has 'data-col="mql_commitment" data-value="18.00">18.00<'
# The trend: the three whole weeks up to the week of P's last day.
expect_out_has 'id="chart-trend" data-bars="3"'
expect_out_has '<tr><td>2026-W44</td>'
# A month: 30 Nov is a Monday, so W47 W48 W49; W47 (16..22 Nov under v2,
# 3 a day) commits 21.00 with 2 MQLs (L24, L33).
run report weekly --month 2026-11 --weeks 3
expect_rc 0
expect_out_has '<tr><td>2026-W47</td>'
expect_out_has '<tr><td>2026-W49</td>'
expect_out_has 'data-period="2026-W47" data-since="2026-11-16" data-until="2026-11-23" data-col="mql_commitment" data-value="21.00"'
expect_out_has 'data-period="2026-W47" data-since="2026-11-16" data-until="2026-11-23" data-col="mql" data-value="2"'
cp "$T/w46.html" "$T/out"

# Every figure and bar equals the JSON of the text report it names.
STEP="weekly_check.py"
python3 "$LEADCTL_SRC/tests/cli/weekly_check.py" "$T/w46.html" "$LEADCTL_BIN" >"$T/check" 2>&1 && ok ||
	{ cat "$T/check" >&2; fail "the HTML disagrees with the text reports"; }
# ... and the check is not blind: one changed figure is caught.
sed 's/data-col="sql" data-value="9">9</data-col="sql" data-value="8">8</' "$T/w46.html" >"$T/tampered.html"
if python3 "$LEADCTL_SRC/tests/cli/weekly_check.py" "$T/tampered.html" "$LEADCTL_BIN" >"$T/check" 2>&1; then
	fail "a tampered figure was not caught"
else
	grep -q "funnel 2026-W46 (all) sql: html 8, json 9" "$T/check" && ok || fail "unexpected: $(cat "$T/check")"
fi

# Histogram of time to first touch: its bars add up to the touched cohort.
python3 - "$T/w46.html" <<'PY' && ok || fail "histogram total"
import re, sys
h = open(sys.argv[1]).read()
chart = re.search(r'id="chart-response".*?</svg>', h, re.S).group(0)
bars = sum(int(v) for v in re.findall(r'class="bar"[^>]*data-value="(\d+)"', chart))
touched = int(re.search(r'data-report="response"[^>]*data-col="touched" data-value="(\d+)"', h).group(1))
assert bars == touched, (bars, touched)
leaked = int(re.search(r'data-report="leak"[^>]*data-col="leaked" data-value="(\d+)"', h).group(1))
rows = len(re.findall(r'<tr data-lead=', re.search(r'id="leaked".*?</table>', h, re.S).group(0)))
assert rows == leaked, (rows, leaked)
PY

# Five most overdue per owner, in the order of `next --owner`.
run next --owner ana --format json
python3 - "$T/out" "$T/w46.html" <<'PY' && ok || fail "overdue rows of ana"
import json, re, sys
items = [i["id"] for i in json.load(open(sys.argv[1])) if i["group"] == "overdue"][:5]
h = open(sys.argv[2]).read()
sec = re.search(r'data-owner="ana".*?</table>', h, re.S)
got = [int(x) for x in re.findall(r'<tr class="overdue" data-lead="(\d+)"', sec.group(0))] if sec else []
assert got == items, (got, items)
PY

# To stdout without -o; --format html is the only format of the weekly.
run report weekly --week 2026-W46 --format html
expect_rc 0
expect_out_has '</html>'
run report weekly --format json
expect_rc 64
expect_err_has "the weekly report is HTML only"
run report funnel --format html
expect_rc 64
expect_err_has "--format html is for 'report weekly'"

# --- -o on every report: the same bytes as stdout.
for r in funnel response velocity leak cac; do
	run report $r --week 2026-W46 --format csv
	cp "$T/out" "$T/$r.stdout"
	run report $r --week 2026-W46 --format csv -o "$T/$r.csv"
	expect_rc 0
	expect_out_empty
	cmp -s "$T/$r.stdout" "$T/$r.csv" && ok || fail "report $r -o differs from stdout"
done
# A file on a terminal-less path is never a table unless asked: -o gives TSV.
LEADCTL_TTY=1 "$LEADCTL_BIN" report funnel --week 2026-W46 -o "$T/auto.txt" && ok || fail "auto format"
head -1 "$T/auto.txt" | grep -q '^group	new' && ok || fail "-o with the automatic format is not TSV"

# A failing run leaves an existing file as it was, and no temporary file.
printf 'keep me\n' >"$T/keep.html"
run report weekly --week 2026-W99 -o "$T/keep.html"
expect_rc 64
[ "$(cat "$T/keep.html")" = "keep me" ] && ok || fail "a failed run changed the file"
ls -a "$T" | grep -q '\.leadctl-' && fail "a temporary file was left behind" || ok
# A folder that does not exist: 73, one line naming the file.
run report funnel -o "$T/nope/f.tsv"
expect_rc 73
expect_err_lines 1
expect_err_has "cannot create '$T/nope/f.tsv'"
run report funnel -o "$T"
expect_rc 73
expect_err_has "is not a regular file"

finish
