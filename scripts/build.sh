#!/bin/sh
# Configure and build leadctl into DIR (default build/).  Extra arguments go
# to cmake's configure step, e.g. -DLEADCTL_SANITIZE=ON.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-"$root/build"}
[ $# -gt 0 ] && shift
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)" -- --no-print-directory >/dev/null
