#!/bin/sh
# next --format ics: the work list as an RFC 5545 calendar (CRLF lines
# folded at 75 octets, TEXT escaped, UTC times, stable UIDs), the same
# leads in the same order as next's JSON; -o writes it to a file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/demo_lib.sh"
demo_db
# A name that needs escaping and folding.
"$LEADCTL_BIN" add --email ics@example.org --first-name "Zoë, the; very long named" \
	--last-name "Ñandú-Über-Ångström-Østergård-Ærøskøbing" --company "Comma, Semicolon; Ltd" --at "2h ago" >/dev/null
"$LEADCTL_BIN" event ics@example.org demo_request --at "1h ago" >/dev/null && ok || fail "event"

run next --format ics
expect_rc 0
cp "$T/out" "$T/a.ics"
run next --all --format json
cp "$T/out" "$T/next.json"
python3 - "$T/a.ics" "$T/next.json" <<'PY' && ok || fail "the calendar"
import json, re, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), raw[:40]
assert raw.endswith(b"END:VCALENDAR\r\n")
lines = raw.split(b"\r\n")[:-1]
assert all(len(l) <= 75 for l in lines), max(len(l) for l in lines)
assert b"\n" not in raw.replace(b"\r\n", b"")
text = raw.decode("utf-8").replace("\r\n ", "")        # unfold (RFC 5545 3.1)
events = re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, re.S)
items = json.load(open(sys.argv[2]))
assert len(events) == len(items), (len(events), len(items))
for ev, it in zip(events, items):
    f = dict(l.split(":", 1) for l in ev.strip().split("\r\n"))
    assert f["UID"] == f"lead-{it['id']}-{it['kind']}-" + f["UID"].split("-")[-1], f["UID"]
    due = it["due_at"].replace("-", "").replace(":", "")
    assert f["DTSTART"] == due, (f["DTSTART"], due)
    assert f["CATEGORIES"] == it["group"]
    assert (f.get("PRIORITY") == "1") == (it["group"] == "overdue")
zoe = [e for e in events if "Zo" in e][0]
assert "SUMMARY:OVERDUE first touch: Zoë\\, the\\; very long named Ñandú-Über-Ångström-Østergård-Ærøskøbing (Comma\\, Semicolon\\; Ltd)" in zoe, zoe
PY
# The same list twice: the same UIDs (a subscribed calendar updates).
run next --format ics
grep '^UID' "$T/out" >"$T/uids2"
grep '^UID' "$T/a.ics" >"$T/uids1"
cmp -s "$T/uids1" "$T/uids2" && ok || fail "UIDs changed between runs"
# -o FILE, and only next takes ics.
run next --owner jon --format ics -o "$T/jon.ics"
expect_rc 0
expect_out_empty
grep -q 'BEGIN:VCALENDAR' "$T/jon.ics" && ok || fail "no calendar in -o file"
run list --format ics
expect_rc 64
expect_err_has "--format ics is for 'next'"

finish
