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
deps=$(cargo tree --locked -e normal --target "$host" --depth 1 --prefix none | sort -u)
if [ "$deps" != "convscope v0.1.0 ($PWD)" ]; then
  echo "a native build pulls in dependencies; web crates belong under the wasm32 target:"; echo "$deps"; exit 1
fi

step "clippy (native and wasm32)"
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked --target wasm32-unknown-unknown --lib --bins -- -D warnings

step "rustdoc (every public item documented, no broken links)"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps --lib >/dev/null

step "native tests"
cargo test --locked

step "trunk build --release"
trunk build --release --offline

step "size of what the page loads"
node tests/browser/size-report.mjs dist

step "browser tests (headless Chromium)"
node tests/browser/run.mjs
