#!/bin/sh
# bench/reference_import.sh: run the set-based SQL reference import
# (bench/reference_import.sql) with the sqlite3 shell.
#
#   sh bench/reference_import.sh DB FILE.csv MAP.json REJECTS.csv
#
# DB was made by `leadctl init --sla ...` and holds no lead yet.  The rows it
# writes are those of `leadctl --db DB import FILE.csv --map MAP.json
# --rejects REJECTS.csv` with the same LEADCTL_NOW and LEADCTL_USER (the
# import log records FILE.csv, MAP.json and REJECTS.csv as given, REJECTS
# made absolute); REJECTS gets the line numbers of the rejected rows, one a
# line after a "line" header.  This driver only reads the clock, the user
# and the SLA's time zone, digests the two files, and starts the shell.
set -eu
[ $# -eq 4 ] || { echo "usage: sh bench/reference_import.sh DB FILE.csv MAP.json REJECTS.csv" >&2; exit 64; }
db=$1 csv=$2 map=$3 rejects=$4
here=$(cd "$(dirname "$0")" && pwd)
case $csv in *[!A-Za-z0-9_./+-]*) echo "reference_import.sh: '$csv': the shell's .import wants a plain path" >&2; exit 64 ;; esac
case $rejects in /*) abs=$rejects ;; *) abs=$(pwd)/$rejects ;; esac
now=$(date -u -d "${LEADCTL_NOW:?LEADCTL_NOW is the instant of the import}" +%s)
actor=${LEADCTL_USER:-${USER:-$(id -un)}}
zone=$(sqlite3 "$db" "SELECT json_extract(content, '\$.timezone') FROM sla_versions ORDER BY version DESC LIMIT 1")
[ -n "$zone" ] || { echo "reference_import.sh: $db has no SLA with a time zone" >&2; exit 78; }
sha=$(sha256sum <"$csv" | cut -d' ' -f1)
map_sha=$(sha256sum <"$map" | cut -d' ' -f1)
# parameters are bound as text unless they look like numbers: quote them
q() { printf "'%s'" "$(printf %s "$1" | sed "s/'/''/g")"; }
TZ=$zone sqlite3 -bail -batch \
	-cmd "PRAGMA cache_size = -65536" \
	-cmd ".parameter init" \
	-cmd ".parameter set @now $now" \
	-cmd ".parameter set @actor \"$(q "$actor")\"" \
	-cmd ".parameter set @file \"$(q "$csv")\"" \
	-cmd ".parameter set @sha \"$(q "$sha")\"" \
	-cmd ".parameter set @map \"$(q "$map")\"" \
	-cmd ".parameter set @map_sha \"$(q "$map_sha")\"" \
	-cmd ".parameter set @rejects \"$(q "$abs")\"" \
	"$db" ".import --csv --schema temp $csv staging" ".read $here/reference_import.sql" \
	".headers on" ".once $rejects" "SELECT line FROM temp.rejected ORDER BY line"
