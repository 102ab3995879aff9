#!/usr/bin/env python3
"""reports.py: `leadctl report` at N leads against hand-written indexed queries (the floors).

    python3 bench/reports.py LEADCTL DB [--runs 3] [--simulate SLA]

DB is a database made by bench/gen_history.py (bench/reports.sh makes it).  For each report
(funnel, response, velocity, leak, cac) and period (one month, one year, and all history), it runs
`leadctl report R PERIOD --format json` and a floor: the fewest index ranges and probes that
give the report's key totals, written by hand in plain SQL (below) and run in this process
through Python's sqlite3 module, i.e. the same SQLite library.  It checks that both give the
same totals, and prints a Markdown table of CPU times (user + system, the median of --runs runs:
the machine may be shared, and CPU time is what a run costs) and their ratio.  With --simulate
SLA, also the CPU time of `leadctl sla simulate SLA` over one year and over all history.

The clock is fixed (LEADCTL_NOW=2026-11-20T10:00:00Z, the data ends the day before); the period
bounds are the ones leadctl prints in its JSON.
"""
import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time

NOW = "2026-11-20T10:00:00Z"
# `sla simulate`'s periods (--simulate): the leads created in the last year, and all of them
SIMULATE = [(["--since", "2025-11-01"], "one year (leads created since 2025-11-01)"), ([], "all history")]
NOW_S = 1795168800
PERIODS = [("--month 2026-10", "one month (2026-10)"), ("--since 2025-11-01", "one year (since 2025-11-01)"),
           ("--since 2025-01-01", "all history (23 months)")]

# The first entry of each lead into stage ?3 in [?1, ?2): the index range of stage_history_to
# (to_stage, at), one group per lead.
FIRST = "SELECT lead_id, min(at) AS at FROM stage_history WHERE to_stage = ?3 AND at >= ?1 AND at < ?2 " \
        "GROUP BY lead_id"

FLOORS = {
    # per stage, the leads that entered it in P: stage_history_at's range
    "funnel": ("SELECT to_stage, count(DISTINCT lead_id) FROM stage_history WHERE at >= ?1 AND at < ?2 "
               "GROUP BY to_stage", None,
               lambda rows: {s: n for s, n in rows}, ["new", "mql", "sql", "won", "lost", "nurture", "disqualified"]),
    # the MQL cohort and the never touched (no touch at or after the entry, by now)
    "response": ("SELECT count(*), sum(NOT EXISTS (SELECT 1 FROM touches t WHERE t.lead_id = f.lead_id "
                 "AND t.at >= f.at AND t.at <= ?4)) FROM (" + FIRST + ") f", "mql",
                 lambda rows: {"cohort": rows[0][0], "never_touched": rows[0][1] or 0}, ["cohort", "never_touched"]),
    # first sql entries in P with an mql entry before them
    "velocity": ("SELECT count(*) FROM (" + FIRST + ") f WHERE EXISTS (SELECT 1 FROM stage_history p "
                 "WHERE p.lead_id = f.lead_id AND p.to_stage = 'mql' AND p.at < f.at)", "sql",
                 lambda rows: {"mql_to_sql": rows[0][0]}, ["mql_to_sql"]),
    # the MQL cohort and those of it now won
    "leak": ("SELECT count(*), sum(l.stage = 'won') FROM (" + FIRST + ") f JOIN leads l ON l.id = f.lead_id",
             "mql", lambda rows: {"cohort": rows[0][0], "won": rows[0][1] or 0}, ["cohort", "won"]),
    # leads created in P (leads_created's range) and the wins and revenue of P
    "cac": ("SELECT (SELECT count(*) FROM leads WHERE created_at >= ?1 AND created_at < ?2), count(*), "
            "coalesce(sum(amount_cents), 0) FROM (SELECT lead_id, min(at), amount_cents FROM stage_history "
            "WHERE to_stage = ?3 AND at >= ?1 AND at < ?2 GROUP BY lead_id)", "won",
            lambda rows: {"leads": rows[0][0], "wins": rows[0][1], "revenue": round(rows[0][2] / 100, 2)},
            ["leads", "wins", "revenue"]),
}


def iso(s):
    """Seconds since the epoch of an ISO-8601 UTC time ("2026-09-30T22:00:00Z")."""
    return int(time.mktime(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ")) - time.timezone)


def run_leadctl(leadctl, db, args):
    """(CPU seconds, parsed JSON) of one `leadctl ARGS --format json` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([leadctl, "--db", db] + args + ["--format", "json"],
                         check=True, capture_output=True, env=dict(os.environ, LEADCTL_NOW=NOW)).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), json.loads(out)


def run_floor(con, report, frm, to):
    """(CPU seconds, totals) of the floor query of report over [frm, to)."""
    sql, stage, shape, _ = FLOORS[report]
    args = [frm, to] + ([stage] if stage else [])
    if "?4" in sql:
        args.append(NOW_S)
    t0 = time.process_time()
    rows = con.execute(sql, args).fetchall()
    return time.process_time() - t0, shape(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("leadctl")
    ap.add_argument("db")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--simulate", metavar="SLA", help="also time `sla simulate SLA` over one year and all history")
    a = ap.parse_args()
    con = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
    n = con.execute("SELECT count(*) FROM leads").fetchone()[0]
    print("%d leads, %d stage entries, %d touches" % (
        n, con.execute("SELECT count(*) FROM stage_history").fetchone()[0],
        con.execute("SELECT count(*) FROM touches").fetchone()[0]))
    print()
    print("| report | period | leadctl (CPU ms) | floor (CPU ms) | ratio | same totals |")
    print("|---|---|---:|---:|---:|---|")
    bad = 0
    for report in FLOORS:
        for period, label in PERIODS:
            lc, fl = [], []
            for _ in range(a.runs):
                t, doc = run_leadctl(a.leadctl, a.db, ["report", report] + period.split())
                lc.append(t)
                frm = iso(doc["period"]["from"])
                to = min(iso(doc["period"]["to"]), NOW_S + 1)
                t, totals = run_floor(con, report, frm, to)
                fl.append(t)
            got = {k: doc["total"].get(k) for k in FLOORS[report][3]}
            want = {k: totals.get(k, 0) for k in FLOORS[report][3]}
            same = got == want
            bad += not same
            lm, fm = statistics.median(lc) * 1000, statistics.median(fl) * 1000
            print("| %s | %s | %.0f | %.0f | %s | %s |" % (
                report, label, lm, fm, "%.1f" % (lm / fm) if fm > 0 else "-",
                "yes" if same else "**no**: %s vs %s" % (got, want)))
    if a.simulate:
        print()
        print("| sla simulate | leads replayed | leadctl (CPU ms) |")
        print("|---|---:|---:|")
        for since, label in SIMULATE:
            ts, n = [], 0
            for _ in range(a.runs):
                t, doc = run_leadctl(a.leadctl, a.db, ["sla", "simulate", a.simulate] + since)
                ts.append(t)
                n = doc["leads"]
            print("| %s | %d | %.0f |" % (label, n, statistics.median(ts) * 1000))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
