#!/usr/bin/env bash
# Builds what the kernel benchmark needs, then runs one of its scripts:
#   bench/run.sh check.mjs   the correctness checks (scripts/test.sh runs this; no timing)
#   bench/run.sh bench.mjs   the timing run (make bench), extra arguments passed on
# Installs bench/package-lock.json's npm packages when the lock changed (a stamp, as
# scripts/setup.sh does for the root), and builds the core's wasm export (bench/core-wasm)
# into the app's target/ directory, where it reuses the wasm32 release builds of the deps.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"
script=$1; shift

lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.convscope-lock 2>/dev/null)" != "$lock_sum" ]; then
  echo "bench: installing npm packages from bench/package-lock.json"
  npm ci --no-audit --no-fund
  echo "$lock_sum" > node_modules/.convscope-lock
fi

(cd core-wasm && cargo build --locked --offline --release --target wasm32-unknown-unknown \
  --target-dir ../../target 2>&1 | grep -Ev '^\s*(Compiling|Blocking)' || true)
test -f ../target/wasm32-unknown-unknown/release/convscope_bench_core.wasm

# TF.js prints an advert for its native Node backend once per process; it is not ours.
node "$script" "$@" 2> >(grep -v -e 'looks like you are running TensorFlow.js in Node.js' -e 'tfjs-node for more details' -e '^=*$' >&2)
