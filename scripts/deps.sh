#!/bin/sh
# Install the Debian packages leadctl needs, only when one is missing.
# Needs root (apt-get) only in that case; costs nothing when all are present.
set -eu
PKGS="build-essential cmake pkg-config libsqlite3-dev libcjson-dev libcsv-dev libcmocka-dev tzdata sqlite3 python3 valgrind"
# Identity keys (src/identity.c): IDNA 2008 domains; Unicode properties, NFC and case;
# phone numbering plans (src/phone_plan.cc) and the ICU and protobuf its headers use.
PKGS="$PKGS libidn2-dev libunistring-dev libphonenumber-dev libicu-dev libprotobuf-dev g++"
# The weekly report's browser test (headless) and the 80-column terminal tests.
PKGS="$PKGS chromium tmux"
# SLA regexes (src/regex.c): a bounded engine (match, depth and heap limits).
PKGS="$PKGS libpcre2-dev"
# The fuzz harnesses of the parsers (scripts/fuzz.sh): clang and its libFuzzer runtime.
PKGS="$PKGS clang libclang-rt-14-dev"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	echo "deps: installing:$missing" >&2
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: these Debian packages are missing:$missing; run this script as root (or: sudo apt-get install$missing)" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi
