#!/usr/bin/env python3
"""json_doc_check.py: docs/json.md against the JSON that leadctl prints.

    json_doc_check.py DOC LEADCTL DEMO_DB WORKDIR      check (t1562)
    json_doc_check.py --dump LEADCTL DB -- ARGS...     print one command's fields

The doc is read as blocks: a `## `leadctl NAME`` heading names a command of
the command table; under it, each run of indented lines `    leadctl ...`
is a block's script and the table that follows lists the fields of its
output (`| `path` | type | null | meaning |`).  A block's lines run in order
on one fresh copy of the demo database (cwd: $LEADCTL_SRC, else the doc's
tree; exit 0 or 1);
every line whose output is JSON (a document, or one object per line) counts,
others set the scene (`leadctl stage 12 mql`).  The JSON is flattened into
paths -- `a.b` for an object's field, `a[]` for an array's items, `[]` for a
top-level array -- and the set of paths must equal the table's: a field
printed but not documented fails, and so does one documented but never
printed.  Each value must have its documented type (integer, number,
string, boolean, object, array, map: an object with free keys, not looked
into; time: ISO-8601 UTC `YYYY-MM-DDTHH:MM:SSZ`; date: `YYYY-MM-DD`;
seconds: an integer number of seconds; or the name of an object described
once under a heading `## Object `NAME``, whose rows are its fields) and may
be null only where the null column says `yes`.
Every command of `leadctl help` must have a heading or be listed in the
section "Commands without JSON output", so a new command fails the test
until it is documented.
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def flatten(value, path, out, maps):
    """Record (path -> list of values) for value and everything below it;
    do not look inside a path documented as a map."""
    out.setdefault(path, []).append(value)
    if path in maps:
        return
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(v, (path + "." if path else "") + k, out, maps)
    elif isinstance(value, list):
        for v in value:
            flatten(v, path + "[]", out, maps)


def parse_output(text):
    """A JSON document, or JSON lines (one object per line) as a list."""
    text = text.strip()
    if not text:
        raise ValueError("no output")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def type_ok(kind, v):
    if kind == "integer" or kind == "seconds":
        return isinstance(v, int) and not isinstance(v, bool)
    if kind == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if kind == "string":
        return isinstance(v, str)
    if kind == "boolean":
        return isinstance(v, bool)
    if kind in ("object", "map"):
        return isinstance(v, dict)
    if kind == "array":
        return isinstance(v, list)
    if kind == "time":
        return isinstance(v, str) and TIME.match(v) is not None
    if kind == "date":
        return isinstance(v, str) and DATE.match(v) is not None
    raise ValueError("unknown type '%s'" % kind)


def parse_doc(path):
    """[(command, [examples], {path: (type, nullable)}, line)], [commands without
    JSON], {object name: {field: (type, nullable)}}."""
    blocks, nojson, objects = [], [], {}
    command, examples, fields, start, section = None, [], {}, 0, None
    obj = None
    lines = open(path, encoding="utf-8").read().splitlines()

    def close():
        if examples or fields:
            blocks.append((command, list(examples), dict(fields), start))
        examples.clear()
        fields.clear()

    for n, line in enumerate(lines, 1):
        m = re.match(r"^## `leadctl ([a-z ]+)`", line)
        if m:
            close()
            command, section, obj = m.group(1).strip(), "command", None
            continue
        m = re.match(r"^## Object `([a-z_]+)`", line)
        if m:
            close()
            command, section, obj = None, "object", m.group(1)
            objects[obj] = {}
            continue
        if line.startswith("## "):
            close()
            command, section, obj = None, line[3:].strip(), None
            continue
        if obj:
            m = re.match(r"^\| `([^`]*)` \| ([a-z_]+) \| (yes|no) \|", line)
            if m:
                objects[obj][m.group(1)] = (m.group(2), m.group(3) == "yes")
            continue
        if section == "Commands without JSON output":
            m = re.match(r"^\| `leadctl ([a-z ]+)` \|", line)
            if m:
                nojson.append(m.group(1).strip())
            continue
        if command is None:
            continue
        m = re.match(r"^    (leadctl .*)$", line)
        if m:
            if fields:  # a new block under the same heading
                close()
                start = n
            if not examples:
                start = n
            examples.append(m.group(1))
            continue
        m = re.match(r"^\| `([^`]*)` \| ([a-z_]+) \| (yes|no) \|", line)
        if m:
            if not examples:
                raise SystemExit("%s:%d: a field table without an example above it" % (path, n))
            fields["" if m.group(1) == "." else m.group(1)] = (m.group(2), m.group(3) == "yes")
    close()
    return blocks, nojson, objects


BUILTIN = ("integer", "number", "string", "boolean", "object", "array", "map", "time", "date", "seconds")


def expand(fields, objects, where, problems, depth=0):
    """fields with every object-typed path replaced by 'object' plus its
    object's fields below it."""
    out = {}
    for path, (kind, nullable) in fields.items():
        if kind in BUILTIN:
            out[path] = (kind, nullable)
        elif kind in objects and depth < 8:
            out[path] = ("object", nullable)
            sub = {(path + "." + f if path else f): t for f, t in objects[kind].items()}
            out.update(expand(sub, objects, where, problems, depth + 1))
        else:
            problems.append("%s: '%s' has an unknown type '%s'" % (where, path, kind))
    return out


def run_example(leadctl, cmdline, db, cwd):
    """Run one line; its JSON, or None when it printed something else."""
    args = shlex.split(cmdline)[1:]
    env = dict(os.environ, LEADCTL_DB=db, LEADCTL_TTY="0", NO_COLOR="1")
    p = subprocess.run([leadctl] + args, cwd=cwd, env=env, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise RuntimeError("exit %d: %s" % (p.returncode, p.stderr.strip()[:300]))
    try:
        out = parse_output(p.stdout)
    except ValueError:
        return None
    return out if isinstance(out, (dict, list)) else None


def help_commands(leadctl):
    p = subprocess.run([leadctl, "help"], capture_output=True, text=True, check=True)
    names, inside = [], False
    for line in p.stdout.splitlines():
        if line == "commands:":
            inside = True
        elif inside and not line.startswith("  "):
            break
        elif inside:
            m = re.match(r"^  ([a-z]+(?: [a-z]+)?)  ", line)
            if m:
                names.append(m.group(1))
    if not names:
        raise SystemExit("no commands in 'leadctl help'")
    return names


def check(doc, leadctl, demo, work):
    src = os.environ.get("LEADCTL_SRC") or os.path.dirname(os.path.dirname(os.path.abspath(doc)))
    blocks, nojson, objects = parse_doc(doc)
    problems = []
    documented = {b[0] for b in blocks}
    for name in help_commands(leadctl):
        if name not in documented and name not in nojson:
            problems.append("%s: 'leadctl %s' has no entry (a section, or a row of "
                            "'Commands without JSON output')" % (doc, name))
    for name in sorted(documented & set(nojson)):
        problems.append("%s: 'leadctl %s' has a section and is listed without JSON" % (doc, name))
    for command, examples, fields, line in blocks:
        where = "%s:%d (leadctl %s)" % (doc, line, command)
        fields = expand(fields, objects, where, problems)
        if not examples or not fields:
            problems.append("%s: a block needs examples and a field table" % where)
            continue
        maps = {p for p, (t, _) in fields.items() if t == "map"}
        seen = {}
        if not any(ex == "leadctl " + command or ex.startswith("leadctl " + command + " ")
                   for ex in examples):
            problems.append("%s: no line of the block runs 'leadctl %s'" % (where, command))
        db = os.path.join(work, "json-doc.db")
        shutil.copyfile(demo, db)
        for ext in ("-wal", "-shm"):
            if os.path.exists(db + ext):
                os.remove(db + ext)
        for ex in examples:
            try:
                out = run_example(leadctl, ex, db, src)
            except RuntimeError as e:
                problems.append("%s: '%s': %s" % (where, ex, e))
                continue
            if out is not None:
                flatten(out, "", seen, maps)
        seen.pop("", None)
        fields.pop("", None)  # the top-level object itself
        printed, doced = set(seen), set(fields)
        for p in sorted(printed - doced):
            problems.append("%s: field '%s' is printed but not documented" % (where, p))
        for p in sorted(doced - printed):
            problems.append("%s: field '%s' is documented but no example printed it" % (where, p))
        for p in sorted(printed & doced):
            kind, nullable = fields[p]
            for v in seen[p]:
                if v is None:
                    if not nullable:
                        problems.append("%s: '%s' is null, documented as never null" % (where, p))
                        break
                elif not type_ok(kind, v):
                    problems.append("%s: '%s' = %s is not of type %s" % (where, p, json.dumps(v)[:60], kind))
                    break
    for p in problems:
        print(p)
    print("json_doc_check: %d blocks, %d problems" % (len(blocks), len(problems)))
    return 1 if problems else 0


def dump(leadctl, db, args):
    """Print the paths, a JSON type and whether null was seen, to write a doc table."""
    seen = {}
    flatten(run_example(leadctl, "leadctl " + " ".join(shlex.quote(a) for a in args), db, os.getcwd()),
            "", seen, set())
    # (an example that prints no JSON dumps nothing)
    seen.pop("", None)
    for p in sorted(seen):
        kinds = sorted({type(v).__name__ for v in seen[p]})
        print("| `%s` | %s |" % (p, ",".join(kinds)))


if __name__ == "__main__":
    if len(sys.argv) > 4 and sys.argv[1] == "--dump" and sys.argv[4] == "--":
        dump(sys.argv[2], sys.argv[3], sys.argv[5:])
        sys.exit(0)
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sys.exit(check(*sys.argv[1:]))
