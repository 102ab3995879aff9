#!/bin/sh
# report weekly in a real browser: headless Chromium loads the demo's
# report without a console error, every chart has the number of bars the
# reports say it should, and it renders to a screenshot.  Chromium is a
# Debian package that scripts/deps.sh installs; without it this test says
# "skipped" (or fails under LEADCTL_REQUIRE_BROWSER=1, as scripts/test.sh
# sets after installing it).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/demo_lib.sh"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	if [ "${LEADCTL_REQUIRE_BROWSER:-}" = 1 ]; then
		STEP="chromium"
		fail "chromium not found but LEADCTL_REQUIRE_BROWSER=1 (run scripts/deps.sh as root)"
		finish
	fi
	echo "skipped: chromium not found (scripts/deps.sh installs it)"
	exit 0
fi
demo_db

# chrome FLAGS... URL: headless Chromium, its own profile, logging on stderr.
chrome() {
	timeout 60 "$browser" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
		--user-data-dir="$T/profile" --enable-logging=stderr --v=0 "$@"
}

run report weekly --month 2026-11 -o "$T/weekly.html"
expect_rc 0

# The checker sees a console error when there is one (the check can fail).
printf '<!DOCTYPE html><title>x</title><script>console.error("boom")</script>\n' >"$T/bad.html"
STEP="chromium on a page with a console error"
chrome --dump-dom "file://$T/bad.html" >"$T/bad.dom" 2>"$T/bad.log"
grep -q ':CONSOLE' "$T/bad.log" && ok || fail "console error not seen: $(tail -3 "$T/bad.log")"

STEP="chromium --dump-dom weekly.html"
chrome --dump-dom "file://$T/weekly.html" >"$T/dom.html" 2>"$T/chrome.log"
[ -s "$T/dom.html" ] && ok || fail "no DOM: $(tail -3 "$T/chrome.log")"
if grep -E ':CONSOLE|net::ERR' "$T/chrome.log" >"$T/console"; then
	fail "console messages: $(head -5 "$T/console")"
else ok; fi

# Bars per chart, from the DOM the browser built, against the reports.
"$LEADCTL_BIN" report cac --month 2026-11 --format json >"$T/cac.json" &&
	"$LEADCTL_BIN" report leak --month 2026-11 --format json >"$T/leak.json" && ok || fail "reports"
python3 - "$T/dom.html" "$T/cac.json" "$T/leak.json" <<'PY' && ok || fail "bars per chart"
import json, re, sys
dom = open(sys.argv[1]).read()
cac = json.load(open(sys.argv[2]))
leak = json.load(open(sys.argv[3]))
states = [s for s in ("won", "lost", "disqualified", "recycled", "open_overdue", "open_stalled",
                      "open_on_track", "other") if s in leak["total"]]
want = {"funnel": 7, "trend": 8, "response": 6, "hygiene": 4, "leak": len(states),
        "cac": len(cac["rows"])}
got = {}
for m in re.finditer(r'<svg[^>]*id="chart-([a-z]+)"[^>]*>(.*?)</svg>', dom, re.S):
    got[m.group(1)] = len(re.findall(r'<rect[^>]*class="bar"', m.group(2)))
assert got == want, (got, want)
PY
# Figures in the browser's DOM agree with the text reports too.
python3 "$LEADCTL_SRC/tests/cli/weekly_check.py" "$T/dom.html" "$LEADCTL_BIN" >"$T/check" 2>&1 && ok ||
	fail "DOM disagrees: $(head -5 "$T/check")"

STEP="chromium --screenshot"
(cd "$T" && chrome --window-size=1000,1400 --screenshot="$T/weekly.png" "file://$T/weekly.html" >/dev/null 2>&1)
[ "$(head -c 8 "$T/weekly.png" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] && ok || fail "no PNG screenshot"
[ "$(stat -c %s "$T/weekly.png")" -gt 20000 ] && ok || fail "screenshot too small to hold the report"
# Printing (A4 PDF) works too.
(cd "$T" && chrome --print-to-pdf="$T/weekly.pdf" --no-pdf-header-footer "file://$T/weekly.html" >/dev/null 2>&1)
[ "$(head -c 5 "$T/weekly.pdf")" = "%PDF-" ] && ok || fail "no PDF"

finish
