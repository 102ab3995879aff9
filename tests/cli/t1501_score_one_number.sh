#!/bin/sh
# One number per fact (issue 11): a lead's score is the stored one, as of
# the instant the engine computed it (score_at), and list, next, show,
# score and export (CSV and JSON) all show that one number in the one
# rounding (one decimal, half away from zero) and say when it was computed
# -- also after decay time has passed, until something about the lead
# changes and it is computed again.  Hand-worked (half-life 30d):
#   lead 1: "VP Sales" (+15), case study Mon 2026-03-02 09:30 (+25), demo
#   request Wed 2026-04-01 10:00 (+60), mql then.  Score as of Apr 1 10:00:
#     15 + 60 + 25 * 2^-(30d 30m / 30d) = 15 + 60 + 12.4940 = 87.4940 -> 87.5
#   a touch Fri 2026-05-01 00:00 computes it again as of then:
#     15 + 60 * 2^-(29d 14h / 30d) + 25 * 2^-(59d 14h 30m / 30d)
#     = 15 + 30.2894 + 6.3082 = 51.5976 -> 51.6
. "$(dirname "$0")/lib.sh"

cat >"$T/sla.json" <<'JSON'
{"version": 1, "name": "decay", "timezone": "UTC",
 "business_hours": {"mon": {"open": "08:00", "close": "18:00"}},
 "qualification": {"behavior": [{"name": "demo", "event": "demo_request", "points": 60},
   {"name": "case", "event": "case_study_download", "points": 25}],
   "fit": [{"name": "vp", "points": 15, "when": {"title": {"regex": "^VP"}}}],
   "mql_threshold": 100, "decay": {"half_life": "30d"}},
 "response": [{"name": "r4h", "when": {"stage": "mql"}, "first_touch": {"within": "4h", "business": false},
   "attempts": {"count": 3, "within": "60d", "business": false}}],
 "reasons": {"disqualified": ["spam"], "nurture": ["no_response"], "lost": ["price"]}}
JSON
export LEADCTL_NOW=2026-03-01T00:00:00Z
run init --sla "$T/sla.json"
export LEADCTL_NOW=2026-03-02T10:00:00Z
run add --email vera@vp.example --first-name Vera --title "VP Sales" --owner rep --at 2026-03-02T09:00:00Z
run event 1 case_study_download --at 2026-03-02T09:30:00Z
expect_sql "SELECT round(score, 4), datetime(score_at, 'unixepoch') FROM leads" "40.0|2026-03-02 09:30:00"
export LEADCTL_NOW=2026-04-01T10:00:00Z
run event 1 demo_request
run stage 1 mql
expect_rc 0
expect_sql "SELECT round(score, 4), datetime(score_at, 'unixepoch') FROM leads" "87.494|2026-04-01 10:00:00"

# every command, a month later (the decay has gone on, nothing was computed)
five() {
	at=$1 want=$2 when=$3
	run list --format tsv
	[ "$(cut -f7 "$T/out" | tail -1)" = "$want" ] && ok || fail "list score at $at"
	run list --format json
	python3 - "$T/out" "$want" "$when" <<'PY' && ok || fail "list json at $at"
import json, sys
d = json.load(open(sys.argv[1]))[0]
assert (repr(d["score"]), d["score_at"]) == (sys.argv[2], sys.argv[3]), d
PY
	run next --format tsv
	[ "$(cut -f6 "$T/out" | tail -1)" = "$want" ] && ok || fail "next score at $at"
	run next --format json
	python3 - "$T/out" "$want" "$when" <<'PY' && ok || fail "next json at $at"
import json, sys
d = json.load(open(sys.argv[1]))[0]
assert (repr(d["score"]), d["score_at"]) == (sys.argv[2], sys.argv[3]), d
PY
	run show 1 --format json
	python3 - "$T/out" "$want" "$when" <<'PY' && ok || fail "show json at $at"
import json, sys
d = json.load(open(sys.argv[1]))
assert (repr(d["score"]), d["score_at"]) == (sys.argv[2], sys.argv[3]), d
assert "score_now" not in d
# the terms, computed at score_at, add up to the score
assert round(sum(t["points"] for t in d["score_terms"]), 1) == d["score"], d["score_terms"]
PY
	run show 1
	expect_out_has "score        $want as of $(echo "$when" | sed 's/T/ /; s/:00Z//') (MQL at 100)"
	run score 1
	expect_out_has "lead 1: score $want as of $(echo "$when" | sed 's/T/ /; s/:00Z//') (MQL at 100, SLA version 1)"
	run score 1 --format json
	python3 - "$T/out" "$want" "$when" <<'PY' && ok || fail "score json at $at"
import json, sys
d = json.load(open(sys.argv[1]))
assert (repr(d["score"]), d["score_at"]) == (sys.argv[2], sys.argv[3]), d
PY
	run export
	python3 - "$T/out" "$want" "$when" <<'PY' && ok || fail "export csv at $at"
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))[0]
assert (r["score"], r["score_at"]) == (sys.argv[2], sys.argv[3]), r
PY
	run export --format json
	python3 - "$T/out" "$want" "$when" <<'PY' && ok || fail "export json at $at"
import json, sys
d = json.load(open(sys.argv[1]))[0]
assert (repr(d["score"]), d["score_at"]) == (sys.argv[2], sys.argv[3]), d
PY
}
five "Apr 1" 87.5 2026-04-01T10:00:00Z
export LEADCTL_NOW=2026-05-01T00:00:00Z
five "May 1, before the touch" 87.5 2026-04-01T10:00:00Z
run score 1
expect_out_has "   +12.5  behavior  case"
# a touch computes it again, as of then, everywhere
run touch 1 --channel call --outcome no_answer
expect_sql "SELECT round(score, 4) FROM leads" "51.5976"
five "May 1, after the touch" 51.6 2026-05-01T00:00:00Z
run score 1
expect_out_has "   +30.3  behavior  demo"
expect_out_has "    +6.3  behavior  case"
finish
