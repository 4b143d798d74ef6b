#!/usr/bin/env bash
# Installs what ConvScope's build needs, idempotently and pinned: a second run does nothing.
#   scripts/setup.sh            Rust target, Trunk, the wasm-bindgen CLI, wasm-opt (npm binaryen)
#   scripts/setup.sh --browser  also Debian's Chromium and ChromeDriver, for the browser tests
# Every tool comes from a package registry (crates.io, npm, Debian): nothing is downloaded from
# anywhere else, and Trunk is always run with --offline so it never fetches its own tools.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# The CLI must equal the wasm-bindgen crate in Cargo.lock, or Trunk refuses to build offline.
WASM_BINDGEN_VERSION=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

installed_targets=$(rustup target list --installed)
grep -qx wasm32-unknown-unknown <<<"$installed_targets" || { say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }
installed_components=$(rustup component list --installed)
grep -q '^clippy' <<<"$installed_components" || rustup component add clippy
grep -q '^rustfmt' <<<"$installed_components" || rustup component add rustfmt

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (a few minutes, once)"
  # Thin LTO off and many codegen units: the tool builds in half the time; its speed is not ours.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # No --locked: the CLI's own lock file pins versions that no longer build with this rustc.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# npm packages (wasm-opt 132 from binaryen, Playwright), exactly as package-lock.json says.
# The stamp holds the lock file's checksum, so `npm ci` runs only when the lock changed.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.convscope-lock 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund
  echo "$lock_sum" > node_modules/.convscope-lock
fi

if [ "${1:-}" = "--browser" ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian's chromium and chromium-driver"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  fi
fi

# Crates for the offline builds below (a no-op when they are already in the cache).
cargo fetch --locked >/dev/null
