#!/usr/bin/env python3
"""Check a weekly HTML report against the text reports' JSON.

usage: weekly_check.py REPORT.html LEADCTL [ARGS...]

Every element carrying data-report/data-col (a figure or a chart bar) is
compared with `leadctl report NAME <period> [--by source] --format json`:
the same value (data-value is the JSON text, null for an empty cell).
Each chart's <rect class="bar"> count must equal its data-bars.  Prints
one line per mismatch and exits 1 on any; prints a summary otherwise."""
import json
import subprocess
import sys
from html.parser import HTMLParser


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.figs = []
        self.charts = {}
        self.chart = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "chart" in (a.get("class") or ""):
            self.chart = a["id"]
            self.charts[self.chart] = [int(a["data-bars"]), 0]
        if tag == "rect" and a.get("class") == "bar" and self.chart:
            self.charts[self.chart][1] += 1
        if "data-report" in a:
            self.figs.append(a)

    def handle_endtag(self, tag):
        if tag == "svg":
            self.chart = None


def main():
    html, leadctl = sys.argv[1], sys.argv[2:]
    p = Collect()
    p.feed(open(html, encoding="utf-8").read())
    bad = 0
    for cid, (want, got) in p.charts.items():
        if want != got:
            print(f"{cid}: data-bars {want} but {got} bars")
            bad += 1
    cache = {}
    for f in p.figs:
        name, period = f["data-report"], f["data-period"]
        if period.count("-W"):
            args = ["--week", period]
        elif len(period) == 7:
            args = ["--month", period]
        else:
            args = ["--since", f["data-since"], "--until", f["data-until"]]
        key = (name, tuple(args))
        if key not in cache:
            out = subprocess.run(leadctl + ["report", name] + args + ["--format", "json"],
                                 capture_output=True, text=True, check=True).stdout
            cache[key] = json.loads(out)
        rep = cache[key]
        row = rep["total"]
        if "data-group" in f:
            g = None if f["data-group"] == "(none)" else f["data-group"]
            rows = [r for r in rep["rows"] if r["group"] == g]
            if len(rows) != 1:
                print(f"{name} {period}: no group {g!r}")
                bad += 1
                continue
            row = rows[0]
        col = f["data-col"]
        if ":" in col:
            state, reason = col.split(":", 1)
            want = row.get(state + "_by_reason", {}).get(reason)
        else:
            want = row.get(col, "missing")
        got = json.loads(f["data-value"])
        if want != got:
            print(f"{name} {period} {f.get('data-group', '(all)')} {col}: html {got!r}, json {want!r}")
            bad += 1
    if bad:
        sys.exit(1)
    print(f"{len(p.figs)} figures and {len(p.charts)} charts agree with the text reports")


if __name__ == "__main__":
    main()
