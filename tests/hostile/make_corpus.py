#!/usr/bin/env python3
"""Write the hostile-input corpus of tests/cli/t1180_hostile.sh into DIR.

Every input is generated here (nothing big is committed): CSV files for
`leadctl import` and SLA files for `leadctl sla lint` / `sla use`.  DIR/manifest
gets one line per input:

    KIND|FILE|EXPECTED_EXIT|TEXT THE ERROR MUST CONTAIN|NOTE[|linear]

KIND is csv or sla; EXPECTED_EXIT is a number, or "any" when both accepting
and refusing are right (the test then only demands bounded time and memory,
no crash, one line per message, and an unchanged database on refusal).
"linear" marks the inputs issue 14 asks to be handled in linear time (a
header of 100k columns): they get a shorter time limit.

Usage: make_corpus.py DIR [--big]   (--big: the 50 MB field and the 100k
columns; the test always passes it, the option exists to inspect the rest)
"""
import os
import sys

out = sys.argv[1]
big = "--big" in sys.argv
os.makedirs(out, exist_ok=True)
manifest = []

HEADER = b"Email,First Name,Company\r\n"


def csv(name, rows, rc, text, note, header=HEADER):
    with open(os.path.join(out, name), "wb") as f:
        f.write(header)
        for r in rows:
            f.write(r)
    manifest.append(("csv", name, rc, text, note))


# Quotes and bytes the reader must refuse (every data row bad: nothing imported).
csv("unterminated_quote.csv", [b'ana@unterm.example,"Ana,Unterm\r\n'], 65, "never closed",
    "a quote opened and never closed before the end of the file")
csv("stray_quote.csv", [b'ana@stray.example,An"a,Stray\r\n'], 65, "quote", "a quote inside an unquoted field")
csv("junk_after_quote.csv", [b'ana@junk.example,"Ana"x,Junk\r\n'], 65, "quote", "text after a closing quote")
csv("nul_byte.csv", [b"ana@nul.example,An\x00a,Nul\r\n"], 65, "NUL", "a NUL byte in a field")
utf8 = {
    "overlong_slash": b"\xc0\xaf",
    "overlong_3byte": b"\xe0\x80\xaf",
    "overlong_4byte": b"\xf0\x80\x80\xaf",
    "surrogate_high": b"\xed\xa0\x80",
    "surrogate_low": b"\xed\xbf\xbf",
    "truncated_2of3": b"\xe2\x82",
    "truncated_3of4": b"\xf0\x9f\x98",
    "above_10ffff": b"\xf4\x90\x80\x80",
    "f5_lead": b"\xf5\x80\x80\x80",
    "lone_continuation": b"\x80",
    "ff_byte": b"\xff",
}
for k, v in utf8.items():
    csv("utf8_%s.csv" % k, [b"ana@utf.example,An" + v + b"a,Utf\r\n"], 65, "UTF-8", "invalid UTF-8: " + k)
# Numbers that must neither crash nor saturate: kept as text or refused.
for k, v in {"1e400": b"1e400", "2pow63": b"9223372036854775808", "minus_zero": b"-0",
             "2pow64": b"18446744073709551616", "minus_2pow63": b"-9223372036854775808",
             "long_digits": b"9" * 400}.items():
    csv("employees_%s.csv" % k, [b"ana@num.example,Ana,Num," + v + b"\r\n"], "any", "",
        "employees " + k, header=b"Email,First Name,Company,Employees\r\n")
    csv("date_%s.csv" % k, [b"ana@date.example,Ana,Date," + v + b"\r\n"], "any", "",
        "created date " + k, header=b"Email,First Name,Company,Created Date\r\n")
csv("date_fraction_20.csv", [b"ana@frac.example,Ana,Frac,2026-05-10T09:15:00.12345678901234567890Z\r\n"], 0, "",
    "a fraction of a second of 20 digits", header=b"Email,First Name,Company,Created Date\r\n")
csv("date_fraction_300.csv", [b"ana@frac.example,Ana,Frac,2026-05-10T09:15:00." + b"5" * 300 + b"Z\r\n"], 65,
    "too long to be a date", "a fraction of a second of 300 digits", header=b"Email,First Name,Company,Created Date\r\n")
csv("duplicate_header.csv", [b"ana@dup.example,ana2@dup.example,Dup\r\n"], "any", "",
    "the same column twice", header=b"Email,Email,Company\r\n")
csv("ragged.csv", [b"ana@rag.example,Ana,Rag,extra,more\r\n"], 65, "field", "more fields than the header")
csv("only_separators.csv", [b",,,,,,,,\r\n" * 1000], "any", "", "rows of nothing")
csv("many_short_lines.csv", [b"\r\n" * 200000 + b"x\r\n"], "any", "", "200k blank lines")
if big:
    with open(os.path.join(out, "field_50mb.csv"), "wb") as f:
        f.write(HEADER)
        f.write(b'ana@big.example,"')
        chunk = b"A" * (1 << 20)
        for _ in range(50):
            f.write(chunk)
        f.write(b'",Big\r\n')
    manifest.append(("csv", "field_50mb.csv", 65, "", "one field of 50 MB (quoted, no line break)"))
    with open(os.path.join(out, "field_50mb_unquoted.csv"), "wb") as f:
        f.write(HEADER)
        f.write(b"ana@big2.example,")
        for _ in range(50):
            f.write(chunk)
        f.write(b",Big\r\n")
    manifest.append(("csv", "field_50mb_unquoted.csv", 65, "", "one unquoted field of 50 MB"))
    with open(os.path.join(out, "columns_100k.csv"), "wb") as f:
        f.write(b"Email," + b",".join(b"c%d" % i for i in range(100000)) + b"\r\n")
        f.write(b"ana@cols.example," + b",".join(b"%d" % (i % 10) for i in range(100000)) + b"\r\n")
    manifest.append(("csv", "columns_100k.csv", "any", "", "100 000 columns", "linear"))
    with open(os.path.join(out, "columns_100k_same.csv"), "wb") as f:
        f.write(b"Email," + b",".join(b"Company" for i in range(100000)) + b"\r\n")
        f.write(b"ana@same.example," + b",".join(b"x" for i in range(100000)) + b"\r\n")
    manifest.append(("csv", "columns_100k_same.csv", "any", "", "100 000 columns of one name", "linear"))

# SLA files.
BASE = ('{"version": 1, "name": "hostile", "timezone": "UTC", "business_hours": {},\n'
        ' "qualification": {"mql_threshold": %s,\n'
        '   "fit": [{"name": "t", "points": %s, "when": {"title": {"regex": %s}}}]},\n'
        ' "response": [], "owners": {"ana": {"capacity": %s}},\n'
        ' "reasons": {"disqualified": ["spam"], "nurture": ["not_ready"], "lost": ["price"]}}\n')


def sla(name, data, rc, text, note):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    manifest.append(("sla", name, rc, text, note))


def base(threshold="10", points="10", regex='"cto"', capacity="5"):
    return (BASE % (threshold, points, regex, capacity)).encode()


sla("good.json", base(), 0, "", "a good file (the control)")
sla("deep_arrays.json", b"[" * 10000 + b"]" * 10000, 78, "", "arrays nested 10 000 deep")
sla("deep_objects.json", b'{"a":' * 10000 + b"1" + b"}" * 10000, 78, "", "objects nested 10 000 deep")
sla("threshold_1e400.json", base(threshold="1e400"), 78, "", "mql_threshold 1e400 (infinite as a double)")
sla("points_2pow63.json", base(points="9223372036854775808"), 78, "", "points 2^63")
sla("capacity_2pow63.json", base(capacity="9223372036854775808"), 78, "", "capacity 2^63")
sla("capacity_3_5.json", base(capacity="3.5"), 78, "", "3.5 for an integer")
sla("capacity_minus_zero.json", base(capacity="-0"), "any", "", "capacity -0")
sla("points_minus_zero.json", base(points="-0"), "any", "", "points -0")
sla("long_number.json", base(points="1" + "0" * 300), 78, "", "a 301-digit number")
sla("duplicate_keys.json", base().replace(b'"name": "hostile"', b'"name": "a", "name": "b"'), 78, "duplicate key",
    "a key twice")
sla("nul_escape.json", base(regex='"ct\\u0000o"'), 78, "", "\\u0000 in a string")
sla("invalid_utf8.json", base(regex='"ctXXo"').replace(b"XX", b"\xc0\xaf"), 78, "", "invalid UTF-8 in a string")
sla("lone_surrogate.json", base(regex='"\\ud800"'), 78, "", "an escaped lone surrogate")
sla("truncated.json", base()[:60], 78, "", "the file cut in the middle")
sla("trailing_garbage.json", base() + b"}", 78, "", "text after the end")
sla("regex_nested.json", base(regex='"(a+)+$"'), 78, "regular expression", "catastrophic regex (a+)+$")
sla("regex_backref.json", base(regex='"(a*)*b\\\\1"'), 78, "regular expression", "a back-reference")
sla("regex_alternation.json", base(regex='"(a|a)*$"'), "any", "", "catastrophic regex (a|a)*$ (refused, or bounded)")
sla("regex_huge.json", base(regex='"' + "a{1000}" * 100 + '"'), "any", "", "a regex of 100 000 states (refused, or bounded)")
sla("regex_many_wild.json", base(regex='"' + ".*" * 200 + 'x"'), "any", "", "(.*){200}x (refused, or bounded)")
sla("huge_file.json", b'{"version": 1, "name": "' + b"x" * (3 << 20) + b'"}', 78, "", "a 3 MB file")
sla("empty.json", b"", 78, "", "an empty file")
sla("bom_only.json", b"\xef\xbb\xbf", 78, "", "a byte-order mark and nothing else")

with open(os.path.join(out, "manifest"), "w") as f:
    for m in manifest:
        f.write("|".join(str(x) for x in m) + "\n")
print(len(manifest))
