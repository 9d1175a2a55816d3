#!/usr/bin/env bash
# Installs what `make test` and `make demo` need on a fresh Debian machine that
# has the Rust toolchain, Node 20 and npm. Idempotent: each step checks first,
# so a second run takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[bootstrap] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The exact wasm-bindgen version Cargo.lock pins (the CLI must match it).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

[ -f Cargo.lock ] || cargo generate-lockfile
want=$(wasm_bindgen_version)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (a few minutes)"
  # --locked can fail when a locked transitive version was yanked from the
  # registry; the unlocked install resolves the same CLI version.
  cargo install --locked wasm-bindgen-cli --version "=$want" ||
    cargo install wasm-bindgen-cli --version "=$want"
fi

# Optional: the size build of pkg/ uses nightly's rust-src (build-std); without
# it scripts/build-pkg.mjs falls back to stable and the .wasm is larger.
if rustup toolchain list | grep -q '^nightly' &&
  ! rustup component list --toolchain nightly --installed | grep -qx rust-src; then
  log "adding rust-src to the nightly toolchain (for the size build)"
  rustup component add rust-src --toolchain nightly || log "rust-src unavailable: pkg/ will be built with stable"
fi

if ! command -v wasm-pack >/dev/null; then
  log "installing wasm-pack (a few minutes)"
  cargo install --locked wasm-pack || cargo install wasm-pack
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  log "installing Debian chromium and chromium-driver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# cargo-fuzz for the bounded fuzz run of `make test` (scripts/fuzz.sh). It
# needs a nightly toolchain; without one the fuzz targets are skipped there
# (the property tests still run).
if rustup toolchain list 2>/dev/null | grep -q '^nightly' && ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz (a few minutes)"
  cargo install --locked cargo-fuzz || cargo install cargo-fuzz
fi

# npm ci only when package-lock.json changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing JavaScript dev tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# wasm-opt must come from the npm binaryen: Debian's (108) corrupts the output.
[ -x node_modules/.bin/wasm-opt ] || { log "node_modules/.bin/wasm-opt is missing"; exit 1; }
log "ready"
