#!/bin/sh
# SQLite is fenced in the store (issue 13): only src/db*.c, src/db_internal.h
# and src/store_*.c include SQLite's header (or db_internal.h, which brings
# it), name its types or call it.  Everything else -- rules, commands,
# views, main.c, the public headers -- reaches the database through store
# functions that return plain structs.  The check is run on the real tree,
# and on a copy with one planted violation of each kind, so that it is
# known to fail when it should.
. "$(dirname "$0")/lib.sh"

# fence DIR: print "file:line: text" for every use of SQLite outside the
# store under DIR (a tree with src/ and include/).
fence() {
	(cd "$1" && for f in src/*.c src/*.cc src/*.h include/leadctl/*.h; do
		[ -e "$f" ] || continue
		case ${f#src/} in db*.c | db_internal.h | store_*.c) continue ;; esac
		grep -nE '#[[:space:]]*include[[:space:]]*[<"](sqlite3\.h|db_internal\.h)[>"]|sqlite3_[a-z0-9_]+[[:space:]]*\(|sqlite3_stmt|sqlite3[[:space:]]*\*' "$f" |
			sed "s|^|$f:|"
	done)
}

: >"$T/err"
STEP="the fence on the source tree"
fence "$LEADCTL_SRC" >"$T/out"
if [ -s "$T/out" ]; then
	fail "SQLite used outside db*.c / store_*.c (move it into a store file):"
	cat "$T/out" >&2
else
	ok
fi

# The store files themselves are allowed, and there are some.
STEP="store files exist"
ls "$LEADCTL_SRC"/src/store_*.c >/dev/null 2>&1 && ok || fail "no store_*.c files"

# Planted violations, one per kind, each in a copy of the tree: caught.
for plant in '#include <sqlite3.h>' '#include "db_internal.h"' '	sqlite3_step(st);' \
	'static sqlite3_stmt *st;' 'static sqlite3 *h;'; do
	STEP="planted: $plant"
	rm -rf "$T/tree"
	mkdir -p "$T/tree/src" "$T/tree/include/leadctl"
	cp "$LEADCTL_SRC"/src/*.c "$T/tree/src/"
	printf '%s\n' "$plant" >>"$T/tree/src/cmd_lead.c"
	fence "$T/tree" >"$T/out"
	if grep -q '^src/cmd_lead.c:' "$T/out"; then ok; else fail "not caught"; fi
done
# ... also in a public header, and not in a store file.
STEP="planted in a public header"
printf '#include <sqlite3.h>\n' >"$T/tree/include/leadctl/x.h"
fence "$T/tree" >"$T/out"
grep -q '^include/leadctl/x.h:1:' "$T/out" && ok || fail "not caught"
STEP="a store file may"
rm -rf "$T/tree"
mkdir -p "$T/tree/src" "$T/tree/include/leadctl"
printf '#include <sqlite3.h>\nint f(sqlite3_stmt *st) { return sqlite3_step(st); }\n' >"$T/tree/src/store_x.c"
cp "$T/tree/src/store_x.c" "$T/tree/src/db_x.c"
fence "$T/tree" >"$T/out"
[ ! -s "$T/out" ] && ok || fail "store_x.c / db_x.c flagged"
finish
