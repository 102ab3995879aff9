#!/bin/sh
# The main job on the bundled sample: install what is missing, build, make a
# demo database from examples/, then show what a rep and a manager see.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
"$root/scripts/build.sh" "$root/build"
db=${LEADCTL_DEMO_DB:-"$root/build/demo.db"}
rm -f "$db" "$db-wal" "$db-shm"
export LEADCTL_DB="$db"
export LEADCTL_BIN="$root/build/leadctl"
sh "$root/examples/make-demo.sh"
