#!/usr/bin/env python3
"""gen_leads.py: a deterministic CSV of N leads, shaped like a web-form export.

    python3 bench/gen_leads.py 100000 > leads-100k.csv
    python3 bench/gen_leads.py 1000 --seed 7 --start 2026-01-01 --end 2026-07-01 -o leads.csv

The same arguments always give the same bytes (Python's own PRNG, seeded per
row, no clock, no locale).  Rows are written as they are made: memory does
not grow with N.

The columns are what a marketing-automation form export carries (see
examples/leads.csv): contact fields, source and campaign, the submission
time, three behaviour columns that hold the date of an event or nothing
(bench/map.json maps them to events, as examples/map.json does), and two
form questions leadctl keeps as custom fields.  Rows are in submission
order, spread evenly over [--start, --end).

What a real export also holds, so that import does real work:
  * about 3 % of rows are re-submissions of an earlier person (same e-mail,
    later date, sometimes a new title): import updates the lead and records
    a form_submission event;
  * about 0.3 % of rows have a broken e-mail address: import rejects them;
  * about 25 % of people use a free-mail address (scored -10, account by
    company name), the others a company domain (account by domain);
  * behaviour and fit are drawn so that with sla.example.json about 6.5 % of
    the leads reach the MQL threshold and a third ask for a demo (a 5-minute
    response obligation).
"""
import argparse
import datetime as dt
import random
import sys

FIRST = ["Ana", "Bruno", "Carla", "David", "Elena", "Fernando", "Gloria", "Hugo", "Irene", "Javier",
         "Laura", "Luis", "Marta", "Nuria", "Oscar", "Paula", "Raul", "Sara", "Tomas", "Ursula",
         "Victor", "Alba", "Jon", "Iker", "Noa", "Emma", "Liam", "Olivia", "Noah", "Mia",
         "Lucas", "Sophie", "Max", "Lena", "Pierre", "Chloe", "Marco", "Giulia", "Jan", "Eva"]
LAST = ["Garcia", "Martin", "Lopez", "Sanchez", "Perez", "Gomez", "Fernandez", "Ruiz", "Diaz", "Moreno",
        "Alvarez", "Romero", "Navarro", "Torres", "Dominguez", "Vazquez", "Ramos", "Gil", "Serrano", "Molina",
        "Smith", "Jones", "Brown", "Taylor", "Wilson", "Muller", "Schmidt", "Dubois", "Rossi", "Silva",
        "de la Cruz", "van Dijk", "Costa", "Nowak", "Jensen", "Berg", "Keller", "Weber", "Moreau", "Bianchi"]
TITLES = [("CEO", 3), ("CTO", 3), ("VP Engineering", 3), ("VP Sales", 2), ("Head of Marketing", 4),
          ("Head of Data", 2), ("Director of Operations", 4), ("Marketing Director", 3),
          ("Software Engineer", 12), ("Developer", 10), ("Analyst", 10), ("Marketing Manager", 10),
          ("Product Manager", 8), ("Consultant", 6), ("Student", 4), ("Operations Manager", 8), ("", 8)]
INDUSTRIES = [("software", 20), ("fintech", 10), ("healthcare", 8), ("logistics", 7), ("retail", 12),
              ("manufacturing", 10), ("education", 8), ("media", 6), ("consulting", 9), ("", 10)]
EMPLOYEES = [("1-10", 10), ("11-50", 18), ("51-200", 20), ("201-500", 14), ("501-1000", 8),
             ("1,001-5,000", 7), ("5,001-10,000", 3), ("10,001+", 2), ("25", 4), ("120", 4),
             ("350", 3), ("2500", 2), ("", 5)]
COUNTRIES = [("ES", 30), ("PT", 8), ("FR", 10), ("DE", 10), ("GB", 10), ("US", 14), ("IT", 6),
             ("NL", 4), ("MX", 4), ("", 4)]
SOURCES = [("webinar", "nov-webinar", 18), ("paid_search", "spring_brand", 22), ("organic", "", 20),
           ("linkedin", "abm-q4", 15), ("partner", "", 5), ("referral", "", 6), ("events", "expo-2026", 6),
           ("paid_social", "spring_retarget", 8)]
FREE_MAIL = ["gmail.com", "outlook.com", "yahoo.es", "hotmail.com", "icloud.com"]
HEARD = ["Google", "A colleague", "LinkedIn", "Podcast", "Conference", "Newsletter", "", "", ""]
CO_A = ["Acme", "Nimbus", "Helix", "Cargo", "Quanta", "Bravo", "Vertex", "Orbit", "Lumen", "Pioneer",
        "Atlas", "Nova", "Zenith", "Summit", "Harbor", "Polar", "Delta", "Cobalt", "Ember", "Iris"]
CO_B = ["Robotics", "Pay", "Health", "Norte", "Labs", "Media", "Systems", "Logistics", "Foods", "Energy",
        "Analytics", "Retail", "Cloud", "Works", "Capital", "Bio", "Motors", "Studio", "Data", "Group"]
CO_SUFFIX = ["", "", " S.L.", " Inc.", " GmbH", " Ltd", " SA"]
TLD = [".com", ".io", ".es", ".eu", ".de", ".co.uk", ".ai"]
NCOMPANIES = 40000
HEADER = ["Email", "First Name", "Last Name", "Phone Number", "Company", "Website", "Job Title", "Industry",
          "Employees", "Country", "Lead Source", "Campaign", "Create Date", "Webinar Attended",
          "Case Study Downloaded", "Demo Requested", "How did you hear about us?", "Marketing Consent"]


def weighted(rng, table):
    """A value of [(value, weight)] or [(..., weight)] drawn with rng (weight last)."""
    total = sum(row[-1] for row in table)
    x = rng.random() * total
    for row in table:
        x -= row[-1]
        if x < 0:
            return row
    return table[-1]


def company(k):
    """Company number k: name, domain (deterministic, no state)."""
    a, b = CO_A[k % len(CO_A)], CO_B[(k // len(CO_A)) % len(CO_B)]
    n = k // (len(CO_A) * len(CO_B))
    name = f"{a} {b}" + (f" {n}" if n else "")
    slug = f"{a}{b}{n if n else ''}".lower()
    return name + CO_SUFFIX[k % len(CO_SUFFIX)], slug + TLD[k % len(TLD)]


def person(seed, i):
    """The person behind row i (the same for every re-submission)."""
    rng = random.Random(seed * 1_000_003 + i)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    # a fifth of the people work for 200 big accounts, the rest anywhere
    k = rng.randrange(200) if rng.random() < 0.2 else rng.randrange(NCOMPANIES)
    co, domain = company(k)
    local = f"{first}.{last}".lower().replace(" ", "")
    if rng.random() < 0.25:
        email = f"{local}.{i}@{rng.choice(FREE_MAIL)}"
    else:
        email = f"{local}.{i}@{domain}"
    phone = f"+34 6{rng.randrange(10**7, 10**8)}" if rng.random() < 0.6 else ""
    website = f"https://www.{domain}" if rng.random() < 0.7 else ""
    return {
        "rng": rng, "first": first, "last": last, "email": email, "phone": phone, "company": co,
        "website": website, "title": weighted(rng, TITLES)[0], "industry": weighted(rng, INDUSTRIES)[0],
        "employees": weighted(rng, EMPLOYEES)[0], "country": weighted(rng, COUNTRIES)[0],
        "source": weighted(rng, SOURCES),
    }


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
    ap.add_argument("-o", "--output", help="file to write (default: stdout)")
    a = ap.parse_args()
    t0 = int(dt.datetime.fromisoformat(a.start).replace(tzinfo=dt.timezone.utc).timestamp())
    t1 = int(dt.datetime.fromisoformat(a.end).replace(tzinfo=dt.timezone.utc).timestamp())
    out = open(a.output, "w", encoding="utf-8", newline="") if a.output else sys.stdout
    step = (t1 - t0) / max(a.n, 1)
    rows = random.Random(a.seed)  # decides re-submissions and broken rows
    buf = [",".join(HEADER)]
    for i in range(a.n):
        created = t0 + int(i * step) + rows.randrange(0, max(int(step), 1))
        resubmit = i > 100 and rows.random() < 0.03
        broken = rows.random() < 0.003
        who = rows.randrange(max(i - 50000, 0), i) if resubmit else i
        p = person(a.seed, who)
        rng = random.Random(a.seed * 7_000_009 + i)  # this submission's own answers
        email = p["email"]
        if broken:
            email = email.replace("@", " at ")
        title = p["title"]
        if resubmit and rng.random() < 0.3:
            title = weighted(rng, TITLES)[0]
        # Behaviour: dates after the submission, before the end.
        senior = any(w in title for w in ("CEO", "CTO", "VP", "Head", "Director"))
        webinar = case = demo = ""
        if rng.random() < (0.6 if p["source"][0] == "webinar" else 0.3):
            webinar = fmt(min(created + rng.randrange(3600, 3 * 86400), t1 - 60))
        if rng.random() < 0.5:
            case = fmt(min(created + rng.randrange(600, 5 * 86400), t1 - 60))
        if rng.random() < (0.6 if senior else 0.3):
            demo = fmt(min(created + rng.randrange(60, 2 * 86400), t1 - 60))
        source, campaign, _ = p["source"]
        row = [email, p["first"], p["last"], p["phone"], p["company"], p["website"], title, p["industry"],
               p["employees"], p["country"], source, campaign, fmt(created), webinar, case, demo,
               rng.choice(HEARD), "yes" if rng.random() < 0.8 else "no"]
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
