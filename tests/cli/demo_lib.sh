# demo_lib.sh: one demo database shared by the tests that need a working
# team's data (the browser and terminal tests).  It is made once per build
# (beside the binary, under a lock, again when the binary or the demo is newer) by
# examples/make-demo.sh, and each test works on its own copy in $T.
# Source after lib.sh.

# demo_db: copy the shared demo database to $LEADCTL_DB and export the
# demo's clock.  Fails the test when the demo cannot be made.
demo_db() {
	shared="$(dirname "$LEADCTL_BIN")/demo-shared.db"
	(
		flock 9
		if [ ! -s "$shared" ] || [ "$LEADCTL_BIN" -nt "$shared" ] ||
			[ "$LEADCTL_SRC/examples/make-demo.sh" -nt "$shared" ] || [ "$LEADCTL_SRC/examples/gen-quarter.py" -nt "$shared" ]; then
			rm -rf "$shared" "$shared".tmp*
			LEADCTL_NOW= LEADCTL_DB="$shared.tmp" LEADCTL_DEMO_HTML="$T/demo-weekly.html" LEADCTL_TTY=0 sh "$LEADCTL_SRC/examples/make-demo.sh" >"$T/demo.log" 2>&1 &&
				sqlite3 "$shared.tmp" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null &&
				mv "$shared.tmp" "$shared" && rm -f "$shared.tmp-wal" "$shared.tmp-shm"
		fi
	) 9>"$shared.lock"
	if [ ! -s "$shared" ]; then
		STEP="demo database"
		fail "examples/make-demo.sh failed: $(tail -3 "$T/demo.log" 2>/dev/null)"
		finish
	fi
	cp "$shared" "$LEADCTL_DB"
	export LEADCTL_NOW=2026-11-23T08:30:00Z # make-demo.sh's Monday
}
