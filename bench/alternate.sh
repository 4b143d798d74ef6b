#!/usr/bin/env bash
# Page budgets of two (or more) builds side by side: runs `bench/page.mjs` on each dist in
# turn, ROUNDS times (default 2), so both see the same machine load, and prints every line
# tagged with its build. The machine is noisy: compare within one run of this only.
# Usage: PAGE_ONLY=slider,anim,lab bench/alternate.sh DIST_A DIST_B [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: PAGE_ONLY=slider,anim,lab bench/alternate.sh DIST_A DIST_B [ROUNDS]" >&2
  exit 2
fi
rounds=2
dists=("$1" "$2")
if [ $# -ge 3 ]; then rounds=$3; fi
for d in "${dists[@]}"; do
  [ -f "$d/index.html" ] || { echo "$d: no index.html (build it first)" >&2; exit 2; }
done
for r in $(seq 1 "$rounds"); do
  for d in "${dists[@]}"; do
    echo "== round $r, $d ($(cut -d' ' -f1-3 /proc/loadavg))"
    node bench/page.mjs "$d" | sed "s|^|[$(basename "$d")] |"
  done
done
