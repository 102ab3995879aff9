#!/bin/sh
# The store does not depend on the engine (issue 13, "one rules engine that
# decides, one store that applies"): no src/store_*.c or src/db*.c includes
# engine.h or calls an engine_* function.  Where a store phase needs the
# engine's step for a lead (sla use's re-apply, dedupe's merges) it is
# handed one as a callback (store_lead_fn); sla check decides in
# src/sla_check.c and the store only loads and records.  Checked on the
# real tree, and on copies with one planted violation of each kind.
. "$(dirname "$0")/lib.sh"

# below DIR: "file:line: text" for every use of the engine in DIR's store.
below() {
	(cd "$1" && for f in src/store_*.c src/db*.c; do
		[ -e "$f" ] || continue
		grep -nE '#[[:space:]]*include[[:space:]]*"leadctl/engine\.h"|(^|[^A-Za-z0-9_])engine_[a-z0-9_]+[[:space:]]*\(' "$f" |
			grep -v 'store_engine_' | sed "s|^|$f:|"
	done)
}

STEP="the store on the source tree"
below "$LEADCTL_SRC" >"$T/out"
[ ! -s "$T/out" ] && ok || fail "the store calls the engine: $(cat "$T/out")"

STEP="sla check decides outside the store"
# code lines of FILE (comment lines dropped)
code() { grep -vE '^[[:space:]]*(/\*|\*)' "$1"; }
code "$LEADCTL_SRC/src/sla_check.c" | grep -q 'rules_breaches *(' &&
	! code "$LEADCTL_SRC/src/store_check.c" | grep -q 'rules_breaches *(' &&
	ok || fail "rules_breaches is not called from sla_check.c alone"

for plant in '#include "leadctl/engine.h"' '	rc = engine_refresh(db, lead, &c);' \
	'	if ((rc = engine_sla(db, &sla, &version)))'; do
	STEP="planted: $plant"
	rm -rf "$T/tree"
	mkdir -p "$T/tree/src"
	cp "$LEADCTL_SRC"/src/store_*.c "$LEADCTL_SRC"/src/db*.c "$T/tree/src/"
	printf '%s\n' "$plant" >>"$T/tree/src/store_check.c"
	below "$T/tree" >"$T/out"
	grep -q '^src/store_check.c:' "$T/out" && ok || fail "not caught"
done
STEP="the store's own engine half is allowed"
printf 'int f(void) { return store_engine_load(0, 0, 0); }\n' >"$T/tree/src/store_x.c"
below "$T/tree" >"$T/out"
! grep -q store_x "$T/out" && ok || fail "store_engine_load flagged"
finish
