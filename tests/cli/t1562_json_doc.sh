#!/bin/sh
# docs/json.md is the porcelain's contract: every command of `leadctl help`
# has an entry (its JSON fields, or a row saying it prints none), and each
# documented block, run on the demo database, prints exactly the fields the
# page lists, with their types and nullability (tests/cli/json_doc_check.py).
. "$(dirname "$0")/lib.sh"
. "$LEADCTL_SRC/tests/cli/demo_lib.sh"

demo_db
export LEADCTL_SRC
check="$LEADCTL_SRC/tests/cli/json_doc_check.py"
STEP="docs/json.md against the demo"
if python3 "$check" "$LEADCTL_SRC/docs/json.md" "$LEADCTL_BIN" "$LEADCTL_DB" "$T" >"$T/out" 2>"$T/err"; then
	ok
else
	fail "the doc and the output differ"
fi

# A value the doc promises: doctor's binary_schema_version is the newest
# schema this binary knows (the highest migration number), the same as a
# database it just made -- not the number of migrations (numbers have gaps).
run doctor --format json
STEP="doctor: binary_schema_version"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(d["binary_schema_version"] != d["schema_version"])' "$T/out" &&
	ok || fail "binary_schema_version differs from the schema version of a database it made"

# The check fails on each kind of gap: a field printed but not listed, one
# listed but not printed, a wrong type, null where never null, a command of
# the table without an entry.
cat >"$T/gaps.md" <<'DOC'
## `leadctl dedupe`

    leadctl dedupe --format json

| field | type | null | meaning |
|---|---|---|---|
| `[]` | object | no | |
| `[].keep` | string | no | |
| `[].merge` | string | no | |
| `[].why` | string | no | |
| `[].bogus` | integer | no | |

## `leadctl doctor`

    leadctl doctor --format json

| field | type | null | meaning |
|---|---|---|---|
| `database` | string | no | |
| `schema_version` | integer | no | |
| `binary_schema_version` | integer | no | |
| `journal_mode` | string | no | |
| `integrity` | string | no | |
| `foreign_key_violations` | integer | no | |
| `leads` | integer | no | |
| `sla` | object | no | |
| `sla.version` | integer | no | |
| `sla.name` | string | no | |
| `sla.installed_at` | date | no | |
| `ok` | boolean | no | |
DOC
python3 "$check" "$T/gaps.md" "$LEADCTL_BIN" "$LEADCTL_DB" "$T" >"$T/out" 2>"$T/err"
RC=$?
STEP="json_doc_check on a doc with gaps"
expect_rc 1
for want in "field '[].drop' is printed but not documented" \
	"field '[].bogus' is documented but no example printed it" \
	"'[].keep' = 1 is not of type string" \
	"'sla.installed_at' = \"2026-09-01T00:00:00Z\" is not of type date" \
	"'leadctl next' has no entry"; do
	grep -qF -- "$want" "$T/out" && ok || fail "not reported: $want"
done
finish
