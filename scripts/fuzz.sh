#!/usr/bin/env bash
# Property tests and coverage-guided fuzzing of the pure Rust core.
#
#   scripts/fuzz.sh short   # in `make test`: proptest with 2,000 cases per
#                           # property, then each cargo-fuzz target for
#                           # FUZZ_SECONDS (default 12) if cargo-fuzz and a
#                           # nightly toolchain are installed
#   scripts/fuzz.sh long    # `make fuzz`: 20,000 cases, each target for
#                           # FUZZ_SECONDS (default 180); installs cargo-fuzz
#
# Prints the number of executions of every run. A crash leaves its input in
# fuzz/artifacts/<target>/; replay it with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-short}
case $mode in
  short) cases=${PROPTEST_CASES:-2000}; seconds=${FUZZ_SECONDS:-12} ;;
  long) cases=${PROPTEST_CASES:-20000}; seconds=${FUZZ_SECONDS:-180} ;;
  *) echo "usage: $0 short|long" >&2; exit 2 ;;
esac
targets=(reply session json urls executor)

log() { printf '[fuzz] %s\n' "$*"; }

# --- proptest -------------------------------------------------------------
log "proptest: tests/properties.rs with PROPTEST_CASES=$cases"
start=$SECONDS
out=$(mktemp)
if ! PROPTEST_CASES=$cases cargo test -q --test properties -- --test-threads=2 >"$out" 2>&1; then
  cat "$out"; rm -f "$out"
  log "proptest: FAILED (the minimal failing input is printed above)"
  exit 1
fi
properties=$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' "$out")
rm -f "$out"
log "proptest: ok, $properties properties, $cases cases each (huge_inputs: 4) ($((SECONDS - start)) s)"

# --- cargo-fuzz -----------------------------------------------------------
have_nightly() { rustup toolchain list 2>/dev/null | grep -q '^nightly'; }
have_cargo_fuzz() { cargo +nightly fuzz --version >/dev/null 2>&1; }

if [ "$mode" = long ] && have_nightly && ! have_cargo_fuzz; then
  log "installing cargo-fuzz (a few minutes)"
  cargo install --locked cargo-fuzz || cargo install cargo-fuzz
fi
if ! have_nightly || ! have_cargo_fuzz; then
  log "cargo-fuzz or the nightly toolchain is missing: fuzz targets skipped"
  log "(install with: rustup toolchain install nightly && cargo install cargo-fuzz)"
  exit 0
fi

cd fuzz
log "building the fuzz targets (cargo +nightly fuzz build)"
cargo +nightly fuzz build >/dev/null 2>&1 || cargo +nightly fuzz build
total=0
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  out=$(mktemp)
  if ! cargo +nightly fuzz run "$target" "corpus/$target" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$out" 2>&1; then
    tail -40 "$out"
    log "$target: FAILED (input saved under fuzz/artifacts/$target/)"
    rm -f "$out"
    exit 1
  fi
  runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$out" | tail -1)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' "$out" | tail -1)
  rm -f "$out"
  total=$((total + ${runs:-0}))
  log "$target: ok, ${runs:-?} executions in ${seconds} s (coverage ${cov:-?} edges, corpus $(ls "corpus/$target" | wc -l) inputs)"
done
log "cargo-fuzz: ok, $total executions over ${#targets[@]} targets"
