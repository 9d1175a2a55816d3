#!/usr/bin/env node
// One-off experiment behind "What is left" in bench/README.md: where the
// package loses throughput with 256 calls in flight. Interleaved segments of
// 4 × 256 concurrent `session.list` calls against bench/server.mjs (another
// process): raw fetch, the same per-call work in plain JavaScript
// (js-equivalent, bench/lib/contenders.mjs) and the package (pkg/, default
// config), with the garbage collections during each contender's segments.
// Then, in one process per mode, the time spent inside each of the package's
// steps, with a stub fetch and with the real one.
//
//   make pkg && node --expose-gc bench/experiments/concurrent.mjs [rounds=21]
//
// Prints the median per-segment throughput ratio and client CPU µs/call over
// raw fetch (paired by round) and the collections per 10,000 calls, then µs
// per call inside each step.
import { spawn, execFileSync } from "node:child_process";
import { PerformanceObserver, constants } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { makeCaller, OPS, TOKEN } from "../lib/contenders.mjs";
import { median } from "../lib/stats.mjs";

const rounds = Number(process.argv[2] ?? 21);
const here = fileURLToPath(import.meta.url);

async function startServer() {
  const server = spawn(process.execPath, [fileURLToPath(new URL("../server.mjs", import.meta.url))], { stdio: ["pipe", "pipe", "inherit"] });
  const url = await new Promise((resolve) => server.stdout.once("data", (d) => resolve(JSON.parse(d).url)));
  return { server, base: `${url}/small` };
}

const batch = (call) => Promise.all(Array.from({ length: 256 }, () => call()));

async function segment(call) {
  globalThis.gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let b = 0; b < 4; b++) await batch(call);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return { rate: (1024 / (t1 - t0)) * 1000, cpu: (cpu.user + cpu.system) / 1024, window: [t0, t1] };
}

/** Scavenges and mark-compacts that started inside the given time windows. */
function collections(entries, windows) {
  const inside = entries.filter((e) => windows.some(([a, b]) => e.startTime >= a && e.startTime < b));
  const count = (kind) => inside.filter((e) => e.detail.kind === kind).length;
  return { minor: count(constants.NODE_PERFORMANCE_GC_MINOR), major: count(constants.NODE_PERFORMANCE_GC_MAJOR) };
}

/** Throughput and CPU of raw, js-equivalent and pkg, interleaved. */
async function interleaved(base) {
  const names = ["raw", "js-equivalent", "pkg"];
  const calls = Object.fromEntries(names.map((n) => [n, makeCaller(n, base, { token: TOKEN, op: OPS.list })]));
  for (const n of names) for (let i = 0; i < 3; i++) await segment(calls[n]);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const gcs = [];
  const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + r) % names.length];
      samples[n].push(await segment(calls[n]));
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 100)); // the last gc entries
  observer.disconnect();
  const per10k = 10_000 / (rounds * 1024);
  for (const n of names) {
    const ratio = median(samples[n].map((s, i) => s.rate / samples.raw[i].rate));
    const cpu = median(samples[n].map((s, i) => s.cpu - samples.raw[i].cpu));
    const { minor, major } = collections(gcs, samples[n].map((s) => s.window));
    console.log(`${n.padEnd(14)} ${ratio.toFixed(3)}× raw fetch, ${cpu >= 0 ? "+" : ""}${cpu.toFixed(1)} µs CPU/call, ` +
      `${(minor * per10k).toFixed(1)} scavenges and ${(major * per10k).toFixed(1)} mark-compacts per 10,000 calls`);
  }
}

/**
 * Child mode: µs per call inside each step of the package, timed around the
 * wasm Client's methods (wrapped on its prototype) and `JSON.parse`.
 */
async function steps(mode, base) {
  if (mode === "stub") (await import("../lib/stub-fetch.mjs")).installStubFetch("small");
  const spent = { parse: 0, start: 0, url: 0, init: 0, replied: 0, finish: 0 };
  const parse = JSON.parse;
  JSON.parse = (text) => {
    const t = performance.now();
    try { return parse(text); } finally { spent.parse += performance.now() - t; }
  };
  // The wasm Client is private to the package. wasm-bindgen registers each
  // one in a FinalizationRegistry when it is built: catch it there (as the
  // memory benchmark catches the wasm instance), then put register back.
  const register = FinalizationRegistry.prototype.register;
  let proto;
  FinalizationRegistry.prototype.register = function (target, ...rest) {
    if (typeof target?.replied === "function") proto ??= Object.getPrototypeOf(target);
    return register.call(this, target, ...rest);
  };
  const pkg = (await import("../lib/contenders.mjs")).loadPackage();
  const authn = new pkg.AuthNService(TOKEN, new pkg.PangeaConfig({ baseUrlTemplate: base }));
  await authn.session.list({}); // builds the wasm Client
  FinalizationRegistry.prototype.register = register;
  if (!proto) throw new Error("concurrent.mjs: the package's Client was not found");
  const wrapped = { session_list: "start", url: "url", init: "init", replied: "replied", finish: "finish" };
  for (const [method, key] of Object.entries(wrapped)) {
    const original = proto[method];
    proto[method] = function (...args) {
      const t = performance.now();
      try { return original.apply(this, args); } finally { spent[key] += performance.now() - t; }
    };
  }
  const call = () => authn.session.list({});
  for (let i = 0; i < 20; i++) await batch(call);
  for (const k of Object.keys(spent)) spent[k] = 0;
  const batches = 80;
  for (let i = 0; i < batches; i++) await batch(call);
  const n = batches * 256;
  const out = Object.entries(spent).map(([k, v]) => `${k} ${((v * 1000) / n).toFixed(2)}`);
  console.log(`${mode.padEnd(4)} µs/call: ${out.join(" · ")} (parse is JSON.parse of the reply, inside replied)`);
}

if (process.argv[2] === "--steps") {
  await steps(process.argv[3], process.argv[4]);
} else {
  const { server, base } = await startServer();
  try {
    await interleaved(base);
    for (const mode of ["stub", "real"]) {
      execFileSync(process.execPath, ["--expose-gc", here, "--steps", mode, base], { stdio: "inherit" });
    }
  } finally {
    server.kill();
  }
}
