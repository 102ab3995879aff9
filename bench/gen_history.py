#!/usr/bin/env python3
"""gen_history.py: a deterministic leadctl database with N leads and two years of history,
for the report benchmark (bench/reports.sh).

    leadctl --db bench.db init --sla sla.example.json
    python3 bench/gen_history.py bench.db 1000000 [--seed 42]

It writes the rows that `leadctl add`, `stage`, `touch` and the engine would write (leads,
stage_history, touches, obligations, owners, spend) in bulk, straight into the database made by
`leadctl init`: going through the commands would take hours at a million leads.  The same
arguments always give the same rows (Python's PRNG seeded per lead, no clock).

Lead i is created at an instant spread evenly over [2024-12-01, 2026-11-19) UTC, then:
  * 70 % stay new;
  * the others enter mql 1 h to 5 days later, with a response obligation (rule "mql": first touch
    within 1 day, 6 attempts within 14 days); half of them are called 10 minutes to 3 days after
    (connected: the obligation is met);
  * from mql, 40 % enter sql 1 to 10 days later, 15 % go to nurture (no_response) after 15 days,
    10 % are disqualified (not_a_fit) after 2 days, the rest stay;
  * from sql, 35 % are won (an amount of 1,000 to 50,000.00 EUR) 5 to 40 days later, 30 % lost
    (price) 10 to 60 days later, the rest stay (and stall: the SLA's sql rule is 30 days).
Nothing is dated after the end; a step that would be is not taken.  Spend: one row per source and
month, 2,000 to 20,000 EUR.
"""
import argparse
import random
import sqlite3
import sys

START = 1733011200  # 2024-12-01T00:00:00Z
END = 1795046400  # 2026-11-19T00:00:00Z
SOURCES = ["webinar", "paid_search", "linkedin", "partner", "organic", "event"]
CAMPAIGNS = ["spring", "summer", "autumn", "winter", None]
OWNERS = ["ana", "jon", "marta", "luis", "sara"]
HOUR, DAY = 3600, 86400


def lead_rows(i, n, seed):
    """The rows of lead i: (lead, history, touches, obligation or None)."""
    r = random.Random(seed * 1000003 + i)
    created = START + (END - START) * (i - 1) // n
    source = SOURCES[r.randrange(len(SOURCES))]
    campaign = CAMPAIGNS[r.randrange(len(CAMPAIGNS))]
    hist = [(None, "new", created, None, None)]
    touches = []
    obligation = None
    owner = None
    stage, at = "new", created

    def step(to, when, reason=None, amount=None):
        nonlocal stage, at
        if when >= END:
            return False
        hist.append((stage, to, when, reason, amount))
        stage, at = to, when
        return True

    if r.random() < 0.30 and step("mql", created + r.randrange(HOUR, 5 * DAY)):
        owner = OWNERS[r.randrange(len(OWNERS))]
        mql_at = at
        touched = None
        if r.random() < 0.5:
            t = mql_at + r.randrange(600, 3 * DAY)
            if t < END:
                touched = t
                touches.append((t, "call", "connected"))
        x = r.random()
        if x < 0.40:
            if step("sql", mql_at + r.randrange(DAY, 10 * DAY)):
                y = r.random()
                if y < 0.35:
                    step("won", at + r.randrange(5 * DAY, 40 * DAY), None, r.randrange(100000, 5000001))
                elif y < 0.65:
                    step("lost", at + r.randrange(10 * DAY, 60 * DAY), "price")
        elif x < 0.55:
            step("nurture", mql_at + 15 * DAY, "no_response")
        elif x < 0.65:
            step("disqualified", mql_at + 2 * DAY, "not_a_fit")
        exit_at = hist[2][2] if len(hist) > 2 else None
        obligation = (mql_at, touched, exit_at)
    last_touch = touches[-1][0] if touches else 0
    lead = (i, "lead%d@bench%d.example" % (i, i % 997), source, campaign, owner, stage, at,
            round(r.uniform(0, 150), 1), created, at, max(at, last_touch))
    return lead, hist, touches, obligation


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    db = sqlite3.connect(a.db)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("BEGIN")
    db.executemany("INSERT OR IGNORE INTO owners(name, created_at) VALUES (?, ?)",
                   [(o, START) for o in OWNERS])
    hid = 0
    leads, hists, touch_rows, obls = [], [], [], []

    # leads.score_at (migration 015) when the schema has it
    has_score_at = any(c[1] == "score_at" for c in db.execute("PRAGMA table_info(leads)"))
    lead_sql = ("INSERT INTO leads(id, email, source, campaign, owner, stage, stage_at, score, created_at, "
                "updated_at, activity_at%s) VALUES (?,?,?,?,?,?,?,?,?,?,?%s)"
                % ((", score_at", ",?") if has_score_at else ("", "")))

    def flush():
        db.executemany(lead_sql, leads if has_score_at else [x[:-1] for x in leads])
        db.executemany("INSERT INTO stage_history(id, lead_id, from_stage, to_stage, at, actor, reason, "
                       "origin, amount_cents, currency) VALUES (?,?,?,?,?,'bench',?,'cli',?,?)", hists)
        db.executemany("INSERT INTO touches(lead_id, at, actor, channel, outcome) VALUES (?,?,'bench',?,?)",
                       touch_rows)
        db.executemany("INSERT INTO obligations(lead_id, entry_id, stage, rule, sla_version, started_at, "
                       "first_touch_due, first_touch_at, attempts_owed, attempts_made, attempts_due, "
                       "on_exhausted, state, next_due_at, closed_at) "
                       "VALUES (?,?,'mql','mql',1,?,?,?,6,?,?,'recycle',?,?,?)", obls)
        for v in (leads, hists, touch_rows, obls):
            v.clear()

    for i in range(1, a.n + 1):
        lead, hist, touches, obl = lead_rows(i, a.n, a.seed)
        leads.append(lead + (lead[9],))
        mql_hid = None
        for (frm, to, at, reason, amount) in hist:
            hid += 1
            if to == "mql":
                mql_hid = hid
            hists.append((hid, i, frm, to, at, reason, amount, "EUR" if amount else None))
        for (at, ch, out) in touches:
            touch_rows.append((i, at, ch, out))
        if obl:
            mql_at, touched, exit_at = obl
            if touched is not None:
                state, nxt, closed = "met", None, touched
            elif exit_at is not None:
                state, nxt, closed = "closed", None, exit_at
            else:
                state, nxt, closed = "open", mql_at + DAY, None
            obls.append((i, mql_hid, mql_at, mql_at + DAY, touched, 1 if touched else 0, mql_at + 14 * DAY,
                         state, nxt, closed))
        if len(leads) >= 20000:
            flush()
    flush()
    spend = []
    y, m = 2024, 12
    while (y, m) < (2026, 12):
        nxt = (y + (m == 12), m % 12 + 1)
        last = "%04d-%02d-%02d" % (nxt[0], nxt[1], 1)
        for k, s in enumerate(SOURCES):
            r = random.Random(a.seed * 7919 + y * 100 + m * 10 + k)
            spend.append((s, "%04d-%02d-01" % (y, m), last, r.randrange(200000, 2000001)))
        y, m = nxt
    db.executemany("INSERT INTO spend(channel, start_date, end_date, amount_cents, currency, created_at, actor) "
                   "VALUES (?, ?, date(?, '-1 day'), ?, 'EUR', 1733011200, 'bench')", spend)
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
