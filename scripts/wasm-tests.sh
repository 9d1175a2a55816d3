#!/usr/bin/env bash
# The wasm tests (tests/wasm.rs): the exported Client, compiled to wasm, against
# the real emulator, first in Node (`wasm-pack test --node`), then in headless
# Chromium (`wasm-pack test --headless --chrome`).
#
# Starts `$EMULATOR_BIN --faults` (default target/release/emulator; built if
# missing) on a free port and passes its URL and tokens to the test at compile
# time; stops it on exit. Each run must pass every test the file declares: a
# suite that wasm-bindgen-test-runner skipped (it does so silently, exit 0,
# when the browser/Node mode does not match) is a failure. Prints the counts.
#
# Needs what scripts/bootstrap.sh installs: the wasm32 target, wasm-bindgen-cli
# at the Cargo.lock version (wasm-pack uses it from PATH and downloads nothing),
# wasm-pack, Node, /usr/bin/chromium and /usr/bin/chromedriver.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$root/node_modules/.bin:$PATH"

EMULATOR_BIN=${EMULATOR_BIN:-$root/target/release/emulator}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export CHROMEDRIVER
# The browser runner's limit for the whole suite (default 20 s): the polling and
# retry tests wait for real, and the first page load compiles the module.
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-180}
# The most one wasm-pack run may take, compiling included.
RUN_LIMIT_S=${RUN_LIMIT_S:-600}

log() { printf '[wasm-tests] %s\n' "$*"; }
started=$SECONDS

tmp=$(mktemp -d)
emulator_pid=
cleanup() {
  if [ -n "$emulator_pid" ] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ ! -x "$EMULATOR_BIN" ]; then
  log "building the emulator (release)"
  cargo build --release -p emulator
fi

# --- the emulator ----------------------------------------------------------
"$EMULATOR_BIN" --seed 20 --port 0 --faults --quiet >"$tmp/emulator.out" 2>"$tmp/emulator.err" &
emulator_pid=$!
for _ in $(seq 100); do
  # The whole first line (wc counts newlines).
  [ "$(wc -l <"$tmp/emulator.out")" -ge 1 ] && break
  if ! kill -0 "$emulator_pid" 2>/dev/null; then
    log "the emulator exited at start:"; cat "$tmp/emulator.err" >&2; exit 1
  fi
  sleep 0.1
done
if [ "$(wc -l <"$tmp/emulator.out")" -lt 1 ]; then
  log "the emulator printed nothing in 10 s:"; cat "$tmp/emulator.err" >&2; exit 1
fi
# Node reads the start-up line and finds a closed port (bound, then released).
vars=$(node -e '
  const net = require("node:net");
  const line = require("node:fs").readFileSync(process.argv[1], "utf8").split("\n")[0];
  const info = JSON.parse(line);
  if (info.event !== "listening") throw new Error("unexpected first line: " + line);
  const q = (s) => "\x27" + String(s).replace(/\x27/g, "") + "\x27";
  const srv = net.createServer().listen(0, "127.0.0.1", () => {
    const port = srv.address().port;
    srv.close(() => {
      console.log(`EMULATOR_URL=${q(info.url)}`);
      console.log(`EMULATOR_SERVICE_TOKEN=${q(info.service_token)}`);
      console.log(`EMULATOR_CLIENT_TOKEN=${q(info.client_token)}`);
      console.log(`WASM_TEST_CLOSED_URL=${q("http://127.0.0.1:" + port)}`);
    });
  });
' "$tmp/emulator.out")
eval "$vars"
export EMULATOR_URL EMULATOR_SERVICE_TOKEN EMULATOR_CLIENT_TOKEN WASM_TEST_CLOSED_URL
log "emulator at $EMULATOR_URL (pid $emulator_pid)"

# The number of tests the file declares: every run must pass all of them.
expected=$(grep -c '^#\[wasm_bindgen_test\]' tests/wasm.rs)

# run <label> <WASM_TEST_EXPECT> <runner mode env> <wasm-pack test args...>: runs
# the suite, checks that it ran and passed every test, stores the count in
# passed_<label>.
run() {
  local label=$1 expect=$2 mode=$3; shift 3
  local out="$tmp/$label.log" t0=$SECONDS
  log "running tests/wasm.rs in $label"
  local status=0
  # Node runs have no runner timeout: `timeout` bounds both (compiles included).
  # shellcheck disable=SC2086 # $mode is one or two words for env
  env $mode WASM_TEST_EXPECT="$expect" timeout --kill-after=10 "$RUN_LIMIT_S" \
    wasm-pack --log-level warn test "$@" -- --test wasm 2>&1 | tee "$out" || status=$?
  local line passed failed
  line=$(grep -E '^test result: ' "$out" | tail -n 1 || true)
  passed=$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$line")
  failed=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")
  if [ "$status" != 0 ] || [ -z "$passed" ] || [ "${failed:-0}" != 0 ] || [ "$passed" != "$expected" ]; then
    log "FAILED in $label: exit $status, ${passed:-no} tests passed, ${failed:-?} failed, $expected expected"
    if grep -q 'skipping' "$out"; then log "(the runner skipped the suite: wrong Node/browser mode)"; fi
    exit 1
  fi
  printf -v "passed_$label" '%s' "$passed"
  log "$label: $passed passed, 0 failed ($((SECONDS - t0))s)"
}

# tests/wasm.rs has no wasm_bindgen_test_configure! (it would pin one mode for
# both runs): the runner's default is Node, and WASM_BINDGEN_USE_BROWSER=1
# selects the browser. Without it, `--chrome` would skip the suite and pass.
run node node "-u WASM_BINDGEN_USE_BROWSER" --node
run chromium browser WASM_BINDGEN_USE_BROWSER=1 --headless --chrome --chromedriver "$CHROMEDRIVER"

log "all passed: Node $passed_node/$expected, headless Chromium $passed_chromium/$expected ($((SECONDS - started))s)"
