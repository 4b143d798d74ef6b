#!/usr/bin/env bash
# Builds what the kernel benchmark needs, then runs one of its scripts:
#   bench/run.sh check.mjs   the correctness checks (scripts/test.sh runs this; no timing)
#   bench/run.sh bench.mjs   the timing run (make bench), extra arguments passed on
# Installs bench/package-lock.json's npm packages when the lock changed (a stamp, as
# scripts/setup.sh does for the root), and builds the core's wasm export (bench/core-wasm)
# into the app's target/ directory, where it reuses the wasm32 release builds of the deps, and
# runs wasm-opt -Oz on it as Trunk does for the page.
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
out=../target/wasm32-unknown-unknown/release
test -f $out/convscope_bench_core.wasm
# Then wasm-opt -Oz, as Trunk does to the page's wasm (index.html: data-wasm-opt="z"), so the
# benchmark times the core as the page ships it (it moves B, C, D and E by a few per cent).
if [ ! -f $out/convscope_bench_core.opt.wasm ] || [ $out/convscope_bench_core.wasm -nt $out/convscope_bench_core.opt.wasm ]; then
  ../node_modules/.bin/wasm-opt -Oz $out/convscope_bench_core.wasm -o $out/convscope_bench_core.opt.wasm
fi

# TF.js prints an advert for its native Node backend once per process; it is not ours.
node "$script" "$@" 2> >(grep -v -e 'looks like you are running TensorFlow.js in Node.js' -e 'tfjs-node for more details' -e '^=*$' >&2)
