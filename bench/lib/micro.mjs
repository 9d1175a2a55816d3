// Child of bench/profile.mjs: per-call CPU cost with the network taken out.
// 1. Each contender against a stub fetch (bench/lib/stub-fetch.mjs), interleaved
//    rounds, µs per call, for session.list and client.session.refresh: the
//    difference to raw is the package's own overhead.
// 2. The pieces of the per-call path that run in JavaScript, timed alone.
// argv: <rounds> <calls per round>
import { performance } from "node:perf_hooks";
import { installStubFetch } from "./stub-fetch.mjs";
import { cannedBodies } from "./replies.mjs";
import { loadPackage, makeCaller, OPS, TOKEN } from "./contenders.mjs";
import { median, rotate } from "./stats.mjs";

const [roundsArg = "9", callsArg = "20000"] = process.argv.slice(2);
const rounds = Number(roundsArg);
const calls = Number(callsArg);
const gc = globalThis.gc ?? (() => {});

installStubFetch("small");
const base = "http://127.0.0.1:9/small";
const names = ["raw", "raw-signal", "js-equivalent", "pkg-timeout", "pkg", "sdk"];
const stubbed = {};
for (const op of ["list", "refresh"]) {
  const callers = Object.fromEntries(names.map((n) => [n, makeCaller(n, base, { token: TOKEN, op: OPS[op] })]));
  for (const n of names) for (let i = 0; i < 5000; i++) await callers[n]();
  const us = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const n of rotate(names, r)) {
      gc();
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) await callers[n]();
      us[n].push(((performance.now() - t0) * 1000) / calls);
    }
  }
  stubbed[op] = Object.fromEntries(names.map((n) => [n, { median_us: median(us[n]), samples: us[n] }]));
}

/** ns per iteration of `fn`, median of 7 timed batches. */
function time(fn, iterations = 200_000) {
  for (let i = 0; i < iterations / 10; i++) fn(i);
  const batches = [];
  for (let b = 0; b < 7; b++) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) fn(i);
    batches.push(((performance.now() - t0) * 1e6) / iterations);
  }
  return median(batches);
}

const { PangeaResponse } = loadPackage();
const smallText = cannedBodies().small.toString();
const largeText = cannedBodies().large.toString();
const parsed = JSON.parse(smallText);
const headers = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json", "User-Agent": "pangea-authn-wasm/0.1.0" };
const enc = new TextEncoder();
const dec = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true });
const scratch = new Uint8Array(256);
const urlBytes = enc.encode(`${base}/v2/session/list`);
let sink;
const pieces = {
  "JSON.parse, 2-session reply (2.3 kB)": () => (sink = JSON.parse(smallText)),
  "JSON.parse, 1,000-session reply (1 MB)": [() => (sink = JSON.parse(largeText)), 50],
  "new PangeaResponse(body, 200, response)": () => (sink = new PangeaResponse(parsed, 200, null)),
  "init object literal {method, headers, body, signal, credentials, redirect}": () =>
    (sink = { method: "POST", headers, body: "{}", signal: undefined, credentials: "omit", redirect: "error" }),
  "new AbortController()": () => (sink = new AbortController()),
  "new AbortController() + .signal": () => (sink = new AbortController().signal),
  "setTimeout(fn, 5000, arg) + clearTimeout": () => clearTimeout(setTimeout(noop, 5000, sink)),
  // Each leaves a pending (unref'd) timer behind: fewer iterations.
  "AbortSignal.timeout(5000)": [() => (sink = AbortSignal.timeout(5000)), 20_000],
  "new AbortController() + setTimeout + clearTimeout": () => {
    const c = new AbortController();
    const t = setTimeout(() => c.abort(), 5000);
    clearTimeout(t);
    sink = c.signal;
  },
  "TextDecoder.decode of the URL (wasm → JS string)": () => (sink = dec.decode(urlBytes)),
  "TextEncoder.encodeInto of the URL (JS string → wasm)": () => (sink = enc.encodeInto(`${base}/v2/session/list`, scratch)),
  "JSON.stringify({}) (the request options)": () => (sink = JSON.stringify({})),
};
function noop() {}
const parts = {};
for (const [label, spec] of Object.entries(pieces)) {
  if (!spec) continue;
  const [fn, n] = Array.isArray(spec) ? spec : [spec, 200_000];
  parts[label] = time(fn, n);
}
// One promise hop, for scale: an awaited resolved promise.
{
  const n = 200_000;
  const batches = [];
  for (let b = 0; b < 7; b++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await Promise.resolve(i);
    batches.push(((performance.now() - t0) * 1e6) / n);
  }
  parts["await Promise.resolve() (one microtask hop)"] = median(batches);
}
void sink;
process.stdout.write(JSON.stringify({ rounds, calls, stubbed, pieces_ns: parts }) + "\n");
