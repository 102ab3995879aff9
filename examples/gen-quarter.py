#!/usr/bin/env python3
"""Generate the demo's quarter: a team's autumn (1 Sep .. 23 Nov 2026).

usage: gen-quarter.py OUTDIR

Deterministic (a fixed seed): the same files every time.  Writes
  OUTDIR/quarter.csv   ~320 form fills over the quarter (HubSpot-like
                       columns; webinar, case-study and demo-request dates
                       as event columns, as examples/map.json maps them)
  OUTDIR/spend.csv     spend per channel and campaign per month
  OUTDIR/actions.txt   what the reps did: one leadctl command a line
                       (touches and stage moves with --at), in time order
The reps answer most MQLs within hours and work them to SQL, won or lost;
a few leads slip (late or never touched) and the last days' leads are still
open, so `next` reads like a Monday morning, not like a broken team."""
import csv
import os
import random
import sys
from datetime import datetime, timedelta, timezone

R = random.Random(20261123)
NOW = datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc)  # Mon 09:30 in Madrid
START = datetime(2026, 9, 1, 7, 0, tzinfo=timezone.utc)

FIRST = ["Ana", "Bruno", "Carla", "David", "Elena", "Fernando", "Gloria", "Hugo", "Irene", "Jorge", "Laura",
         "Mario", "Nuria", "Óscar", "Pilar", "Raúl", "Sara", "Tomás", "Úrsula", "Víctor", "Julia", "Marc",
         "Sofia", "Lukas", "Emma", "Noah", "Chloé", "Mateo", "Inés", "Pablo", "Wei", "Aiko", "Priya", "Omar"]
LAST = ["García", "Martín", "López", "Sánchez", "Moreno", "Ruiz", "Navarro", "Díaz", "Vázquez", "Romero",
        "Torres", "Serrano", "Molina", "Ortega", "Delgado", "Castro", "Müller", "Dubois", "Rossi", "Silva",
        "Chen", "Tanaka", "Sharma", "Haddad", "Nguyen", "Kowalski", "Jensen", "O'Brien"]
COMPANIES = [("Acme Robotics", "acme-robotics.com", "manufacturing", 1500), ("Nimbus Pay", "nimbuspay.io", "fintech", 320),
             ("Helix Health", "helixhealth.es", "healthcare", 850), ("Cargo Norte", "cargonorte.es", "logistics", 140),
             ("Bravo Media", "bravomedia.com", "media", 60), ("Quanta Labs", "quantalabs.ai", "software", 45),
             ("Pixel Forge", "pixelforge.dev", "software", 25), ("Verde Energía", "verde-energia.es", "energy", 2300),
             ("Orbital SL", "orbital.es", "aerospace", 410), ("Lumen Retail", "lumenretail.com", "retail", 5200),
             ("Fjord Tools", "fjordtools.no", "manufacturing", 95), ("Sakura Foods", "sakurafoods.jp", "food", 700),
             ("Delta Seguros", "deltaseguros.pt", "insurance", 1200), ("Kappa Legal", "kappalegal.eu", "legal", 30),
             ("Mistral Cloud", "mistralcloud.fr", "software", 260), ("Nordwind Logistik", "nordwind.de", "logistics", 980),
             ("Atlas Bank", "atlasbank.com", "fintech", 8000), ("Cobalt Mining", "cobaltmining.cl", "mining", 3100)]
TITLES = [("CEO", 4), ("CTO", 4), ("VP Sales", 4), ("Head of Operations", 4), ("Director of IT", 4),
          ("Marketing Manager", 5), ("Analyst", 4), ("Engineer", 4), ("Consultant", 3), ("Student", 1)]
SENIOR = ("CEO", "CTO", "VP Sales", "Head of Operations", "Director of IT")
STRATEGIC = ("software", "fintech", "healthcare", "logistics")  # sla.example.json's fit rule
CHANNELS = [("webinar", "autumn-webinars", 3000), ("paid_search", "brand-search", 4500), ("linkedin", "abm-q4", 2400),
            ("partner", "", 1000), ("organic", "", 0), ("events", "madrid-summit", 6000)]
WEIGHTS = [24, 26, 16, 8, 18, 8]


def local(dt):
    """The SLA's zone (Europe/Madrid): CEST until 25 Oct, CET after."""
    off = 2 if dt < datetime(2026, 10, 25, 1, 0, tzinfo=timezone.utc) else 1
    return (dt + timedelta(hours=off)).strftime("%Y-%m-%d %H:%M")


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def workday_time(day):
    """A moment in office hours (08..18 local) of a weekday on or after day."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=R.randint(7, 16), minute=R.randint(0, 59))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rows, actions, used = [], [], set()
    span = (NOW - START).days
    for i in range(320):
        # More form fills lately (campaigns ramp up), none in the future.
        day = START + timedelta(days=int(span * (R.random() ** 0.8)))
        created = workday_time(day)
        if created >= NOW - timedelta(minutes=30):
            continue
        first, last = R.choice(FIRST), R.choice(LAST)
        company, domain, industry, employees = R.choice(COMPANIES)
        free = R.random() < 0.15
        base = f"{first}.{last}".lower().replace("'", "")
        for a, b in (("á", "a"), ("é", "e"), ("í", "i"), ("ó", "o"), ("ú", "u"), ("ü", "u"), ("é", "e"), ("ç", "c")):
            base = base.replace(a, b)
        email = f"{base}{i}@{'gmail.com' if free else domain}"
        if email in used:
            continue
        used.add(email)
        title = R.choices([t for t, _ in TITLES], [w for _, w in TITLES])[0]
        ch = R.choices(CHANNELS, WEIGHTS)[0]
        events = {}
        if ch[0] == "webinar" or R.random() < 0.45:
            events["webinar"] = created + timedelta(hours=R.randint(20, 30))
        if R.random() < 0.6:
            events["case"] = created + timedelta(hours=R.randint(1, 60))
        if R.random() < (0.6 if ch[0] in ("events", "partner", "paid_search") else 0.4):
            events["demo"] = created + timedelta(minutes=R.randint(2, 90))
        events = {k: v for k, v in events.items() if v < NOW}
        rows.append({"Email": email, "First Name": first, "Last Name": last, "Company": "" if free else company,
                     "Job Title": title, "Industry": industry, "Employees": employees if not free else "",
                     "Country": R.choice(["ES", "ES", "ES", "PT", "FR", "DE"]), "Lead Source": ch[0],
                     "Campaign": ch[1], "Create Date": local(created),
                     "Webinar Attended": local(events["webinar"]) if "webinar" in events else "",
                     "Case Study Downloaded": local(events["case"]) if "case" in events else "",
                     "Demo Requested": local(events["demo"]) if "demo" in events else ""})
        # The SLA's score (sla.example.json) once every event is in; a margin
        # keeps clear of the threshold that decay could cross.
        score = (50 if "demo" in events else 0) + (25 if "webinar" in events else 0) + \
            (20 if "case" in events else 0) + (20 if title in SENIOR else 0) + \
            (15 if industry in STRATEGIC and not free else 0) - (10 if free else 0)
        mql = not free and score >= 103
        demo = "demo" in events
        if not mql and not demo:
            continue  # nothing owed: marketing keeps nurturing it
        # What a rep does once the lead is an MQL (or asked for a demo).
        ready = max([created] + list(events.values())) + timedelta(minutes=1)
        age = NOW - ready
        roll = R.random()
        if age < timedelta(hours=72) and roll < 0.6:
            continue  # fresh (Friday, the weekend, this morning): due soon
        if age < timedelta(days=12) and roll < 0.1:
            continue  # slipped last week: never touched, overdue
        delay = timedelta(minutes=R.randint(1, 4)) if demo and R.random() < 0.8 else \
            timedelta(minutes=R.randint(10, 300)) if R.random() < 0.85 else timedelta(hours=R.randint(26, 60))
        t = ready + delay
        if t >= NOW:
            continue
        first_outcome = R.choices(["connected", "no_answer", "voicemail", "replied", "meeting_booked"],
                                  [4, 3, 1, 2, 2])[0]
        actions.append((t, f"touch {email} --channel {R.choice(['call', 'call', 'email', 'linkedin'])} "
                           f"--outcome {first_outcome} --at {iso(t)}"))
        if first_outcome in ("no_answer", "voicemail"):
            t = t + timedelta(hours=R.randint(20, 50))
            if t >= NOW:
                continue
            actions.append((t, f"touch {email} --channel call --outcome connected --at {iso(t)}"))
        fate = R.random()
        t_sql = t + timedelta(hours=R.randint(2, 96))
        if not mql or t_sql >= NOW or fate > 0.7:
            continue  # stays an MQL being worked
        actions.append((t_sql, f"stage {email} sql --at {iso(t_sql)} --actor rep"))
        t_close = t_sql + timedelta(days=R.randint(5, 35))
        close = R.random() if t_close < NOW else 1.0
        # An open deal is followed up every week or two until it closes.
        t_follow = t_sql + timedelta(days=R.randint(6, 14))
        end = t_close if close < 0.6 else NOW - timedelta(days=R.randint(0, 9))
        while t_follow < end:
            actions.append((t_follow, f"touch {email} --channel {R.choice(['call', 'email', 'meeting'])} "
                                      f"--outcome {R.choice(['connected', 'replied', 'meeting_booked'])} "
                                      f"--at {iso(t_follow)}"))
            t_follow += timedelta(days=R.randint(6, 14))
        if close < 0.35:
            amount = R.choice([6000, 9500, 12000, 18000, 24000, 36000])
            actions.append((t_close, f"stage {email} won --amount {amount} --currency EUR --at {iso(t_close)} --actor rep"))
        elif close < 0.6:
            reason = R.choice(["price", "competitor", "no_decision", "bad_timing", "missing_feature"])
            actions.append((t_close, f"stage {email} lost --reason {reason} --at {iso(t_close)} --actor rep"))
    fields = list(rows[0].keys())
    with open(os.path.join(out, "quarter.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(sorted(rows, key=lambda r: r["Create Date"]))
    with open(os.path.join(out, "spend.csv"), "w", newline="", encoding="utf-8") as f:
        f.write("channel,campaign,start_date,end_date,amount,currency\n")
        for m, end in (("09", "30"), ("10", "31"), ("11", "30")):
            for name, campaign, amount in CHANNELS:
                if amount:
                    f.write(f"{name},{campaign},2026-{m}-01,2026-{m}-{end},{amount:.2f},EUR\n")
    with open(os.path.join(out, "actions.txt"), "w", encoding="utf-8") as f:
        for _, line in sorted(actions):
            f.write(line + "\n")


if __name__ == "__main__":
    main()
