#!/bin/sh
# Build a demo database from the bundled sample and show `next` and the
# funnel report.  Expects LEADCTL_BIN and LEADCTL_DB (scripts/demo.sh sets them).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lc() { "$LEADCTL_BIN" "$@"; }
export LEADCTL_NOW=${LEADCTL_NOW:-2026-11-20T10:00:00Z}
lc init
lc doctor
