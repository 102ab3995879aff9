#!/bin/sh
# The batched import equals the per-row one (issue 13: "a test imports the
# same file through the old per-row path and the new one and compares every
# table, identity conflicts and rejects included").  Two files of invented
# form fills -- re-submissions with the e-mail in other case and with
# spaces, events that qualify and route, record ids, identity conflicts (an
# e-mail of one lead with another's record id; two ids of one system for
# one address) placed first, inside and last in batches of 256 rows, broken
# rows -- are imported into two databases, one with --row-by-row (a
# savepoint per row) and one without (a savepoint per 256 rows, replayed
# when a row fails); then the second import is undone in both.  Every
# table, stdout, stderr and the rejects file must be the same.
. "$(dirname "$0")/import_lib.sh"
export LEADCTL_NOW=2026-11-20T10:00:00Z

python3 - "$T" <<'PY'
import random, sys
d = sys.argv[1]
rng = random.Random(1600)
titles = ["CEO", "Head of Data", "Engineer", "Student", ""]
head = "Email,Record ID,Name,Company,Job Title,Industry,Employees,Country,Lead Source,Created At,Demo Requested,Webinar Attended\r\n"
def row(i, email, rec, day):
    demo = f"2026-10-{day:02d} 12:00" if i % 3 == 0 else ""
    web = f"2026-10-{day:02d} 09:00" if i % 4 == 0 else ""
    return ",".join([email, rec, f"Pat Q{i}", f"Firm {i % 40}", titles[i % 5], ["software", "retail"][i % 2],
                     ["25", "300", "2000", ""][i % 4], ["ES", "FR"][i % 2], ["partner", "organic"][i % 3 == 0],
                     f"2026-10-{day:02d} 08:{i % 60:02d}", demo, web]) + "\r\n"
def email(i):
    return f"pat.q{i}@firm{i % 40}.example"
conflicts = {255: (20, 21), 256: (30, 31), 511: (40, 41), 600: (50, 51)}  # e-mail of a, record id of b
twoids = {300: 60, 512: 70}                                           # a's e-mail with a new id
with open(f"{d}/a.csv", "w", newline="") as f:
    f.write(head)
    for i in range(700):
        day = 1 + i % 28
        if i in conflicts:
            a, b = conflicts[i]
            f.write(row(i, email(a), f"R{b}", day))
        elif i in twoids:
            f.write(row(i, email(twoids[i]), f"R9{i}", day))
        elif i in (100, 257, 699):
            f.write(row(i, f"broken {i} at example", "", day))
        elif i > 50 and i % 10 == 0:
            j = rng.randrange(i)
            e = email(j)
            f.write(row(j, rng.choice([e.upper(), "  " + e + " ", e.capitalize()]), "", min(day + 1, 28)))
        else:
            f.write(row(i, email(i), f"R{i}", day))
with open(f"{d}/b.csv", "w", newline="") as f:
    f.write(head)
    for i in range(0, 700, 3):
        f.write(row(i + 1, email(i).upper(), "" if i % 2 else f"R{i}", 28))
    f.write(row(5, email(7), "R8", 28))
PY

cat >"$T/map.json" <<'JSON'
{"columns": {"Demo Requested": "event:demo_request", "Webinar Attended": "event:webinar_attended"}}
JSON
for mode in row batch; do
	export LEADCTL_DB="$T/$mode.db"
	new_db
	extra=
	[ $mode = row ] && extra=--row-by-row
	run add --email "pat.q45@firm5.example" --external-id R46 --company "Firm 5"
	expect_rc 0
	# the rejects file at the same path in both runs (the import log keeps it)
	rm -f "$T/a.rej" "$T/b.rej"
	run import "$T/a.csv" --rejects "$T/a.rej" --map "$T/map.json" $extra
	expect_rc 0
	cp "$T/out" "$T/$mode-a.out" && cp "$T/err" "$T/$mode-a.err"
	mv "$T/a.rej" "$T/$mode-a.rej"
	run import "$T/b.csv" --rejects "$T/b.rej" --map "$T/map.json" $extra
	expect_rc 0
	cp "$T/out" "$T/$mode-b.out" && cp "$T/err" "$T/$mode-b.err"
	mv "$T/b.rej" "$T/$mode-b.rej"
	dump "$mode-imported"
	run import undo 2
	expect_rc 0
	cp "$T/out" "$T/$mode-undo.out"
	dump "$mode-undone"
done

STEP="the files exercise what they should"
grep -q "created.*updated.*[1-9][0-9]* rejected" "$T/batch-a.out" && ok || fail "no rejects: $(cat "$T/batch-a.out")"
n=$(cat "$T/batch-a.rej" "$T/batch-b.rej" | grep -c "belongs to")
[ "$n" -eq 7 ] && ok || fail "$n identity conflicts in the rejects, expected 7"
expect_sql "SELECT count(*) > 0 FROM leads WHERE stage = 'mql'" 1
expect_sql "SELECT count(*) > 0 FROM leads WHERE owner IS NOT NULL" 1
expect_sql "SELECT count(*) > 0 FROM events WHERE type = 'form_submission'" 1
for f in imported.dump undone.dump a.out a.err a.rej b.out b.err b.rej undo.out; do
	STEP="--row-by-row and batched: $f"
	if cmp -s "$T/row-$f" "$T/batch-$f"; then ok; else
		fail "differ"
		diff "$T/row-$f" "$T/batch-$f" | head -20 >&2
	fi
done
finish
