#!/usr/bin/env bash
# `make test`: every check, in the order that fails fastest. Each phase prints
# its own runner's summary; a failing phase stops the run with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."

phase() {
  local name=$1; shift
  local start=$SECONDS
  printf '\n==> %s\n' "$name"
  "$@"
  printf '<== %s: ok (%ds)\n' "$name" $((SECONDS - start))
}

phase "lint (fmt, clippy host + wasm32)" make --no-print-directory lint
phase "Rust tests (core + emulator)" cargo test --workspace
phase "build pkg/" make --no-print-directory pkg
phase "build the emulator (release)" make --no-print-directory emulator-bin
phase "wasm tests (Node + headless Chromium)" scripts/wasm-tests.sh
phase "JavaScript API tests" node --test --test-concurrency=1 tests/js/
phase "packaging tests" node --test --test-concurrency=1 tests/packaging/
phase "www end-to-end tests" node --test --test-concurrency=1 tests/www/
phase "demo walkthrough (DEMO_ONESHOT=1)" env DEMO_ONESHOT=1 node scripts/demo.mjs
phase "bounded fuzz run" scripts/fuzz.sh short
printf '\nmake test: all phases passed\n'
