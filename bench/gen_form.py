#!/usr/bin/env python3
"""gen_form.py: a deterministic 12-column web-form CSV of N rows (the import bench).

    python3 bench/gen_form.py 100000 -o form-100k.csv
    python3 bench/gen_form.py 1000 --seed 7 > form.csv
    python3 bench/gen_form.py 1000 --first-person 100000 > more.csv  (new people)

The same arguments always give the same bytes (one seeded PRNG, no clock, no
locale); rows are written as they are made, so memory does not grow with N.

The shape is issue 13's import bench: what a form tool exports, one row per
submission, in submission order:

    Name, Email, Phone, Company, Job Title, Industry, Employees, Country,
    Lead Source, Submitted At, Webinar Attended, Demo Requested

(the last two hold the date of an event or nothing; bench/form_map.json maps
them to events).  What makes the import do real work:
  * about 10 % of rows are re-submissions of a person seen in the last 20,000
    rows, their e-mail written with other letter case and surrounding spaces
    ("  Ana.Garcia.17@Acme.io "), often with a new title or an event: import
    matches them to the lead (the identity module's e-mail key), records a
    form_submission event and the changed fields;
  * about 0.3 % of rows have a broken e-mail address: rejected with their line;
  * with sla.example.json a share of the leads ask for a demo (a 5-minute
    response obligation) or attend a webinar, enough of them with a senior
    title in a strategic industry to qualify (score >= 100) and be routed.
"""
import argparse
import datetime as dt
import random
import sys

FIRST = ["Ana", "Bruno", "Carla", "David", "Elena", "Fernando", "Gloria", "Hugo", "Irene", "Javier",
         "Laura", "Luis", "Marta", "Nuria", "Oscar", "Paula", "Raul", "Sara", "Tomas", "Ursula",
         "Victor", "Alba", "Jon", "Iker", "Noa", "Emma", "Liam", "Olivia", "Noah", "Mia"]
LAST = ["Garcia", "Martin", "Lopez", "Sanchez", "Perez", "Gomez", "Fernandez", "Ruiz", "Diaz", "Moreno",
        "Alvarez", "Romero", "Navarro", "Torres", "Smith", "Jones", "Brown", "Muller", "Rossi", "Silva"]
TITLES = ["CEO", "CTO", "VP Sales", "Head of Marketing", "Director of Operations", "Software Engineer",
          "Developer", "Analyst", "Marketing Manager", "Product Manager", "Consultant", "Student", ""]
INDUSTRIES = ["software", "fintech", "healthcare", "logistics", "retail", "manufacturing", "education",
              "media", ""]
EMPLOYEES = ["1-10", "11-50", "51-200", "201-500", "501-1000", "1,001-5,000", "25", "120", "2500", ""]
COUNTRIES = ["ES", "PT", "FR", "DE", "GB", "US", "IT", ""]
SOURCES = ["webinar", "paid_search", "organic", "linkedin", "partner", "referral", "events"]
FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.es", "hotmail.com"]
CO_A = ["Acme", "Nimbus", "Helix", "Cargo", "Quanta", "Bravo", "Vertex", "Orbit", "Lumen", "Pioneer"]
CO_B = ["Robotics", "Pay", "Health", "Labs", "Media", "Systems", "Logistics", "Foods", "Energy", "Cloud"]
TLD = [".com", ".io", ".es", ".de", ".co.uk"]
HEADER = ["Name", "Email", "Phone", "Company", "Job Title", "Industry", "Employees", "Country",
          "Lead Source", "Submitted At", "Webinar Attended", "Demo Requested"]
RESUBMIT_WINDOW = 20000


def person(seed, i):
    """The person behind row i: the same for each of their re-submissions."""
    rng = random.Random(seed * 1_000_003 + i)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    k = rng.randrange(5000)
    co = f"{CO_A[k % 10]} {CO_B[(k // 10) % 10]}" + (f" {k // 100}" if k >= 100 else "")
    domain = co.lower().replace(" ", "") + TLD[k % len(TLD)]
    host = rng.choice(FREE_MAIL) if rng.random() < 0.25 else domain
    return {
        "name": f"{first} {last}", "email": f"{first}.{last}.{i}@{host}".lower(),
        "phone": f"+34 6{rng.randrange(10**7, 10**8)}" if rng.random() < 0.5 else "",
        "company": co, "title": rng.choice(TITLES), "industry": rng.choice(INDUSTRIES),
        "employees": rng.choice(EMPLOYEES), "country": rng.choice(COUNTRIES),
        "source": rng.choice(SOURCES),
    }


def variant(rng, email):
    """The same address as a person types it again: other case, spaces around."""
    local, _, host = email.partition("@")
    style = rng.randrange(4)
    if style == 0:
        local = local.upper()
    elif style == 1:
        local = ".".join(p.capitalize() for p in local.split("."))
    elif style == 2:
        host = host.upper()
    pad = rng.choice(["", " ", "  ", "\t"])
    return f"{pad}{local}@{host}{rng.choice(['', ' '])}"


def fmt(t):
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%d %H:%M")


def csv_field(s):
    if any(c in s for c in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of rows")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--start", default="2025-01-01", help="first submission date (UTC)")
    ap.add_argument("--end", default="2026-11-20", help="submissions end before this date (UTC)")
    ap.add_argument("--first-person", type=int, default=0, metavar="K",
                    help="number the people from K (default 0): a second file with "
                         "--first-person N has none of the first N-row file's e-mails")
    ap.add_argument("-o", "--output", help="file to write (default: stdout)")
    a = ap.parse_args()
    t0 = int(dt.datetime.fromisoformat(a.start).replace(tzinfo=dt.timezone.utc).timestamp())
    t1 = int(dt.datetime.fromisoformat(a.end).replace(tzinfo=dt.timezone.utc).timestamp())
    out = open(a.output, "w", encoding="utf-8", newline="") if a.output else sys.stdout
    step = (t1 - t0) / max(a.n, 1)
    rng = random.Random(a.seed)
    buf = [",".join(HEADER)]
    for i in range(a.n):
        created = t0 + int(i * step) + rng.randrange(0, max(int(step), 1))
        resubmit = i > 10 and rng.random() < 0.10
        who = rng.randrange(max(i - RESUBMIT_WINDOW, 0), i) if resubmit else i
        p = person(a.seed, a.first_person + who)
        email = variant(rng, p["email"]) if resubmit else p["email"]
        if rng.random() < 0.003:
            email = email.replace("@", " at ")
        title = rng.choice(TITLES) if resubmit and rng.random() < 0.3 else p["title"]
        senior = title in ("CEO", "CTO", "VP Sales", "Head of Marketing", "Director of Operations")
        webinar = demo = ""
        if rng.random() < (0.5 if p["source"] == "webinar" else 0.15):
            webinar = fmt(min(created + rng.randrange(3600, 3 * 86400), t1 - 60))
        if rng.random() < (0.5 if senior else 0.1):
            demo = fmt(min(created + rng.randrange(60, 2 * 86400), t1 - 60))
        row = [p["name"], email, p["phone"], p["company"], title, p["industry"], p["employees"],
               p["country"], p["source"], fmt(created), webinar, demo]
        buf.append(",".join(csv_field(v) for v in row))
        if len(buf) >= 4096:
            out.write("\r\n".join(buf) + "\r\n")
            buf = []
    if buf:
        out.write("\r\n".join(buf) + "\r\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
