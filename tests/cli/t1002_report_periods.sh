#!/bin/sh
# --by week|month lists every period of P, the ones without entries included,
# so that the rows add up to the total (issue 11); an empty group looks the
# same in every report: zero counts, empty ratios and durations.
. "$(dirname "$0")/lib.sh"

cat >"$T/sla.json" <<'JSON'
{"version": 1, "name": "periods", "timezone": "UTC",
 "business_hours": {"mon": {"open": "09:00", "close": "17:00"}},
 "qualification": {"behavior": [{"name": "never", "event": "never_seen", "points": 10}], "mql_threshold": 10},
 "response": [{"name": "r1d", "when": {"stage": "mql"}, "first_touch": {"within": "1d", "business": false}}],
 "reasons": {"disqualified": ["spam"], "nurture": ["no_response"], "lost": ["price"]},
 "commitments": {"mql_per_month": 31}}
JSON
export LEADCTL_NOW=2026-02-01T00:00:00Z
run init --sla "$T/sla.json"
expect_rc 0
export LEADCTL_NOW=2026-04-10T12:00:00Z
# one MQL in W11 (Tue 10 Mar), touched after 2 h; nothing else
run add --email olga@rho.example --source expo --at 2026-03-10T08:00:00Z
run stage 1 mql --at 2026-03-10T09:00:00Z
run touch 1 --channel call --outcome connected --at 2026-03-10T11:00:00Z
expect_rc 0

# W10, W11, W12 of March: 31 a month = 1 a day, 7 a week each
run report funnel --since 2026-03-02 --until 2026-03-23 --by week --format tsv
expect_rc 0
cut -f 1,3,18,19 "$T/out" >"$T/cols"
printf 'week\tmql\tmql_commitment\tmql_attainment\n2026-W10\t0\t7.00\t0.0000\n2026-W11\t1\t7.00\t0.1429\n2026-W12\t0\t7.00\t0.0000\n(all)\t1\t21.00\t0.0476\n' >"$T/want"
cmp -s "$T/cols" "$T/want" && ok || { fail "funnel by week"; diff "$T/want" "$T/cols" >&2; }

# by month over parts of three months: Feb 16-28 = 13 x 31/28 = 14.39,
# March 31, April 1-5 = 5 x 31/30 = 5.17; total 50.56 = the sum of the rows
run report funnel --since 2026-02-16 --until 2026-04-06 --by month --format json
expect_rc 0
python3 - "$T/out" <<'PY' && ok || fail "funnel by month"
import json, sys
d = json.load(open(sys.argv[1]))
rows = [(r["group"], r["mql"], r["mql_commitment"], r["mql_attainment"]) for r in d["rows"]]
assert rows == [("2026-02", 0, 14.39, 0.0), ("2026-03", 1, 31.0, 0.0323), ("2026-04", 0, 5.17, 0.0)], rows
assert d["total"]["mql_commitment"] == 50.56, d["total"]
PY

# every report: the empty weeks are there, with zeros and nulls alike
for rep in response leak velocity cac; do
	run report $rep --since 2026-03-02 --until 2026-03-23 --by week --format json
	expect_rc 0
	python3 - "$T/out" "$rep" <<'PY' && ok || fail "report $2 by week lists the empty weeks"
import json, sys
d, rep = json.load(open(sys.argv[1])), sys.argv[2]
assert [r["group"] for r in d["rows"]] == ["2026-W10", "2026-W11", "2026-W12"], d["rows"]
for r in (d["rows"][0], d["rows"][2]):
    for k, v in r.items():
        if k == "group" or isinstance(v, dict):
            continue
        # counts and money are 0, ratios and durations empty
        assert v in (0, None), (rep, k, v)
if rep == "response":
    w = d["rows"][1]
    assert (w["cohort"], w["in_time"], w["response_median"]) == (1, 1, 7200), w
for k, v in d["total"].items():
    if isinstance(v, (int, float)) and not isinstance(v, bool) and k not in ("response_median", "response_p90"):
        s = sum(r[k] or 0 for r in d["rows"])
        assert abs(s - v) < 0.011 or k.endswith("rate") or k in ("roi", "ltv_cac") or k.startswith("cost") or k == "cac", (k, s, v)
PY
done
finish
