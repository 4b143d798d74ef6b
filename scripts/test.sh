#!/usr/bin/env bash
# The one test command (README, CI): installs what is missing, then runs every check in order.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }

step "rustfmt"
cargo fmt --all -- --check

step "the core stays free of web crates (native dependency tree)"
host=$(rustc -vV | sed -n 's/^host: //p')
deps=$(cargo tree --locked -e normal --target "$host" --prefix none | sort -u)
if grep -Ei '^(yew|web-sys|js-sys|wasm-bindgen|gloo|plotters)' <<<"$deps"; then
  echo "a native build pulls in the web crates above; they belong under the wasm32 target"; exit 1
fi
# The CNN core itself is std only: it names none of the crate's dependencies.
crates=$(sed -n 's/^\([a-z0-9_-]*\) v.*/\1/p' <<<"$deps" | grep -vx convscope | tr - _ | paste -sd'|')
if [ -n "$crates" ] && grep -rnwE "($crates)" src/cnn; then
  echo "src/cnn uses a dependency above; the core is std only"; exit 1
fi

step "clippy (native and wasm32)"
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked --target wasm32-unknown-unknown --lib --bins -- -D warnings

step "rustdoc (every public item documented, no broken links)"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps --lib >/dev/null

step "native tests"
cargo test --locked

step "kernel benchmark: every peer's output against the core's (no timing; make bench times)"
bench/run.sh check.mjs

step "trunk build --release"
trunk build --release --offline

step "strict-CSP loader"
node scripts/csp-loader.mjs dist

step "single-file build (dist-single/convscope.html)"
node scripts/single-file.mjs dist dist-single/convscope.html

step "size of what the page loads"
node tests/browser/size-report.mjs dist

step "browser tests (headless Chromium)"
node tests/browser/run.mjs
