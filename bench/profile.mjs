#!/usr/bin/env node
// Profiles the package's per-call path in Node (not part of `make bench`):
//
//   node bench/profile.mjs            (PROFILE_CALLS=N to change the loop length)
//
// 1. `node --cpu-prof` on a loop of small session.list calls, for the package and
//    for raw fetch, against bench/server.mjs (real sockets, undici) and against a
//    stub fetch (bench/lib/stub-fetch.mjs: no network, only the per-call work).
//    The package is a copy of pkg/ whose .wasm is re-optimised from the same
//    wasm-bindgen output with `wasm-opt -Oz -g`, so wasm frames keep their Rust
//    names (pkg/ itself is stripped). The copy goes to a temporary directory.
// 2. Interleaved throughput against bench/server.mjs of raw fetch, raw fetch with
//    a per-call AbortController + timer, the package with and without its timeout.
// 3. bench/lib/micro.mjs: µs per call of each contender on the stub fetch, and
//    the JavaScript pieces of the path timed alone.
// Writes bench/results/profile.md and profile.json, prints the Markdown.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { killAll, firstJsonLine, runChild, spawnTracked } from "./lib/procs.mjs";
import { ROOT, TOKEN, CLIENT_TOKEN } from "./lib/contenders.mjs";
import { median, pairedRatio } from "./lib/stats.mjs";

const NODE = process.execPath;
const CALLS = Number(process.env.PROFILE_CALLS) || 20_000;
const RESULTS = join(ROOT, "bench", "results");
const log = (...a) => console.error(...a);

/** A copy of pkg/ whose .wasm keeps its names; undefined if it cannot be made. */
function namedPackage(tmp) {
  const src = join(ROOT, "target", "pkg-src", "glue_bg.wasm");
  const wasmOpt = join(ROOT, "node_modules", ".bin", "wasm-opt");
  if (!existsSync(src) || !existsSync(wasmOpt)) return undefined;
  // pkg/ and target/pkg-src/ must come from the same build (import names carry hashes).
  if (Math.abs(statSync(src).mtimeMs - statSync(join(ROOT, "pkg", "node.cjs")).mtimeMs) > 120_000) return undefined;
  const dir = join(tmp, "pkg-named");
  rmSync(dir, { recursive: true, force: true });
  execSyncQuiet("mkdir", ["-p", dir]);
  for (const f of ["node.cjs", "package.json"]) copyFileSync(join(ROOT, "pkg", f), join(dir, f));
  const features = ["bulk-memory", "nontrapping-float-to-int", "sign-ext", "mutable-globals", "reference-types", "multivalue"];
  execSyncQuiet(wasmOpt, [src, "-Oz", "-g", ...features.map((f) => `--enable-${f}`), "-o", join(dir, "pangea_authn_wasm_bg.wasm")]);
  return dir;
}

import { execFileSync } from "node:child_process";
function execSyncQuiet(cmd, args) {
  execFileSync(cmd, args, { stdio: ["ignore", "ignore", "inherit"] });
}

/** Self and total time per function of a .cpuprofile, in ms. */
function summarise(file) {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // timeDeltas[i + 1] is the time the sample samples[i] stood for.
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
  }
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n) => {
    const f = n.callFrame;
    const where = f.url ? `${f.url.replace(/^file:\/\/.*\/(pkg(-named)?|bench)\//, "$1/").replace(/^node:internal\/deps\//, "")}:${f.lineNumber + 1}` : "";
    return `${f.functionName || "(anonymous)"}\u0000${where}`;
  };
  // Which wasm module is ours: named builds say so in the URL; otherwise a module
  // whose frames are entered from undici's JS is llhttp (undici's HTTP parser).
  const votes = new Map();
  for (const n of prof.nodes) {
    const url = n.callFrame.url;
    if (!url.startsWith("wasm://")) continue;
    // Skip wasm frames and the URL-less JS-to-wasm wrapper frames.
    let p = parent.get(n.id);
    while (p !== undefined && (byId.get(p).callFrame.url === "" || byId.get(p).callFrame.url.startsWith("wasm://"))) p = parent.get(p);
    if (p === undefined) continue;
    const v = votes.get(url) ?? { undici: 0, other: 0 };
    if (category(byId.get(p).callFrame) === "undici (fetch)") v.undici++;
    else v.other++;
    votes.set(url, v);
  }
  const catOf = new Map();
  const categoryOfNode = (id) => {
    if (catOf.has(id)) return catOf.get(id);
    const n = byId.get(id);
    let c = category(n.callFrame);
    if (c === "wasm") {
      const url = n.callFrame.url;
      const v = votes.get(url);
      c = url.includes("pangea_authn_wasm") || !v || v.other >= v.undici ? "package: wasm" : "undici (llhttp, wasm)";
    }
    catOf.set(id, c);
    return c;
  };
  const funcs = new Map();
  let totalMs = 0;
  for (const [id, ms] of self) {
    totalMs += ms;
    const n = byId.get(id);
    const k = key(n);
    const e = funcs.get(k) ?? { self: 0, total: 0, category: categoryOfNode(id) };
    e.self += ms;
    funcs.set(k, e);
    // Inclusive time: credit each distinct function on the stack once.
    const seen = new Set();
    for (let p = id; p !== undefined; p = parent.get(p)) {
      const pk = key(byId.get(p));
      if (seen.has(pk)) continue;
      seen.add(pk);
      const pe = funcs.get(pk) ?? { self: 0, total: 0, category: categoryOfNode(p) };
      pe.total += ms;
      funcs.set(pk, pe);
    }
  }
  const categories = {};
  for (const e of funcs.values()) categories[e.category] = (categories[e.category] ?? 0) + e.self;
  const list = [...funcs.entries()].map(([k, e]) => {
    const [name, where] = k.split("\u0000");
    return { name, where, ...e };
  });
  return { totalMs, categories, functions: list };
}

function category({ url, functionName }) {
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(idle)") return "idle (waiting for the server)";
  if (functionName === "(program)") return "V8/Node native (program)";
  if (functionName === "(root)") return "root";
  if (url.startsWith("wasm://")) return "wasm";
  if (/\/pkg(-named)?\/node\.cjs$/.test(url)) return "package: JS (shim + wasm-bindgen glue)";
  if (url.includes("node:internal/deps/undici")) return "undici (fetch)";
  if (url.startsWith("node:")) return "Node internals (net, streams, timers)";
  if (url.includes("/bench/")) return "benchmark loop / stub";
  if (url.includes("pangea-node-sdk")) return "pangea-node-sdk";
  if (!url) return "V8 builtins";
  return "other";
}

async function profileRun(tmp, mode, base, name, env) {
  const dir = mkdtempSync(join(tmp, `prof-${mode}-${name}-`));
  const out = await runChild(NODE, ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=100", join(ROOT, "bench", "lib", "profile-loop.mjs"), mode, base, name, String(CALLS)], { env: { ...process.env, ...env } });
  const info = JSON.parse(out.trim());
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  return { ...info, profile: summarise(join(dir, file)) };
}

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "—");
const table = (head, rows) =>
  [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

function render(runs, micro, named, network, cold) {
  const out = ["## Profile of the per-call path (Node)", ""];
  out.push(`Loops of ${CALLS.toLocaleString("en-US")} sequential \`session.list\` calls (small reply) after 2,000 warm-up calls, ` +
    "`node --cpu-prof --cpu-prof-interval=100`. Self time is summed per function; µs/call = ms × 1000 / calls " +
    "(the profile also covers the warm-up and start-up, so per-call figures are slightly high).", "");
  out.push(named ? "Wasm frames carry their Rust names (a `wasm-opt -Oz -g` copy of the same build)." : "Wasm frames are unnamed (could not build a named copy).", "");
  for (const run of runs) {
    const p = run.profile;
    const per = (ms) => (ms * 1000) / (CALLS + 2000);
    out.push(`### ${run.name === "pkg" ? "This package" : "Raw fetch"}, ${run.mode === "stub" ? "stub fetch (no network)" : "real fetch against bench/server.mjs"}: ${fmt(run.us_per_call)} µs/call wall`, "");
    const cats = Object.entries(p.categories).filter(([c]) => c !== "root").sort((a, b) => b[1] - a[1]);
    out.push(table(["Category (self time)", "ms", "µs/call", "share"], cats.map(([c, ms]) => [c, fmt(ms, 0), fmt(per(ms), 2), `${fmt((100 * ms) / p.totalMs)}%`])));
    out.push("");
    const top = p.functions.filter((f) => f.category !== "idle (waiting for the server)" && f.category !== "root").sort((a, b) => b.self - a.self).slice(0, 15);
    out.push(table(["Top self time", "where", "category", "self µs/call", "total µs/call"], top.map((f) => [`\`${f.name}\``, f.where ? `\`${f.where}\`` : "", f.category, fmt(per(f.self), 2), fmt(per(f.total), 2)])));
    out.push("");
    if (run.name === "pkg") {
      const own = p.functions.filter((f) => f.category.startsWith("package"));
      const row = (f) => [`\`${f.name.length > 110 ? f.name.slice(0, 107) + "…" : f.name}\``, f.where ? `\`${f.where}\`` : "", fmt(per(f.self), 2), fmt(per(f.total), 2)];
      out.push(table(["Package functions by self time", "where", "self µs/call", "total µs/call"], [...own].sort((a, b) => b.self - a.self).slice(0, 20).map(row)));
      out.push("");
      out.push(table(["Package functions by total (inclusive) time", "where", "self µs/call", "total µs/call"], [...own].sort((a, b) => b.total - a.total).slice(0, 20).map(row)));
      out.push("");
    }
  }
  const legend = "`raw-signal` is raw fetch plus what the package does for its timeout (an AbortController per call, its signal passed to fetch, a timer set and cleared); " +
    "`js-equivalent` is the package's per-call work written in plain JavaScript (options stringified, status and x-request-id read, envelope checked, the package's PangeaResponse built) — the package minus the wasm route; " +
    "`pkg-timeout` is the package with `requestTimeout: 5000` (an AbortController and a timer per attempt); `pkg` has no timeout, the default.";
  if (micro) {
    out.push(`### Per-call cost without the network (stub fetch, ${micro.rounds} interleaved rounds × ${micro.calls.toLocaleString("en-US")} calls, median)`, "");
    const names = Object.keys(micro.stubbed.list);
    out.push(table(["Contender", ...Object.keys(micro.stubbed).flatMap((op) => [`${op} µs/call`, "over raw"])],
      names.map((n) => [n, ...Object.values(micro.stubbed).flatMap((byName) => [fmt(byName[n].median_us, 2), n === "raw" ? "—" : `${byName[n].median_us >= byName.raw.median_us ? "+" : "−"}${fmt(Math.abs(byName[n].median_us - byName.raw.median_us), 2)} µs`])])));
    out.push("", legend, "");
    out.push(table(["Piece, timed alone", "ns"], Object.entries(micro.pieces_ns).map(([k, v]) => [k, fmt(v, 0)])));
    out.push("");
  }
  if (network) {
    out.push(`### Per-call cost with the network (bench/server.mjs, ${network.rounds} interleaved rounds, median)`, "");
    const ops = Object.keys(network.results);
    const names = Object.keys(network.results[ops[0]].samples);
    const us = (op, n) => 1e6 / median(network.results[op].samples[n]);
    out.push(table(["Contender", ...ops.flatMap((op) => [`${op} µs/call`, "over raw", "÷ raw (throughput)"])],
      names.map((n) => [n, ...ops.flatMap((op) => [fmt(us(op, n), 1), n === "raw" ? "—" : `${fmt(us(op, n) - us(op, "raw"), 1)} µs`, n === "raw" ? "—" : `${fmt(pairedRatio(network.results[op].samples[n], network.results[op].samples.raw), 2)}×`])])));
    out.push("");
    const cpuOf = (op, n) => median(network.results[op].cpu[n]);
    const cpuDiff = (op, n) => median(network.results[op].cpu[n].map((x, i) => x - network.results[op].cpu.raw[i]));
    out.push(table(["Contender", ...ops.flatMap((op) => [`${op} client CPU µs/call`, "over raw (paired)"])],
      names.map((n) => [n, ...ops.flatMap((op) => [fmt(cpuOf(op, n), 0), n === "raw" ? "—" : `${cpuDiff(op, n) >= 0 ? "+" : "−"}${fmt(Math.abs(cpuDiff(op, n)), 0)} µs`])])));
    out.push("", "Client CPU time (user + system of the calling process per call) is much steadier than wall time on a shared machine.", "", legend, "");
  }
  if (cold) {
    out.push(`### Cold start by way of loading (${cold.runs} interleaved runs each of script files, medians; temporary copies of pkg/)`, "");
    out.push(table(["Variant", "wall (spawn → exit)", "imports done", "reply parsed", "reply parsed, over its bare script (paired)"],
      Object.entries(cold.summary).map(([n, v]) => [n, `${fmt(v.wall)} ms`, `${fmt(v.imported)} ms`, `${fmt(v.done)} ms`,
        v.baseline === n ? "—" : `${v.done_over_bare >= 0 ? "+" : "−"}${fmt(Math.abs(v.done_over_bare))} ms (${v.baseline})`])));
    out.push("", "Times are from the process start (`performance.now()` in the child). " +
      "esm-shipped = `import … from \"pkg/node.mjs\"` as published (a self-contained ESM build; node.cjs is the CommonJS build of the same entry, one instance per process either way); " +
      "esm-shipped-copy = the same files in a second directory (a control for the noise between variants); " +
      "esm-minified = node.mjs minified by esbuild; " +
      "esm-via-createRequire = the form shipped until 2026-11-26 (node.mjs loads node.cjs with `createRequire`); " +
      "cjs-shipped = `require()` of node.cjs from a CommonJS script.", "");
  }
  return out.join("\n");
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), "pangea-bench-profile-"));
  try {
    const named = namedPackage(tmp);
    log(named ? `profile: named wasm copy in ${named}` : "profile: no named wasm copy (using pkg/)");
    // Only the CPU profiles use the named copy; the timings use pkg/ itself.
    const env = named ? { BENCH_PKG_DIR: named } : {};
    const server = spawnTracked(NODE, [join(ROOT, "bench", "server.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
    const { url } = await firstJsonLine(server, "bench/server.mjs");
    const base = `${url}/small`;
    const runs = [];
    for (const mode of ["real", "stub"]) {
      for (const name of ["pkg", "raw"]) {
        log(`profile: ${mode} ${name}`);
        runs.push(await profileRun(tmp, mode, base, name, env));
      }
    }
    log("profile: network decomposition");
    const rounds = Number(process.env.PROFILE_ROUNDS) || 15;
    const contenders = ["raw", "raw-signal", "js-equivalent", "pkg-timeout", "pkg"];
    const spec = {
      rounds,
      scenarios: [
        { id: "list", op: "list", mode: "seq", n: 600, warm: 1000, expectSessions: 2, base, token: TOKEN, contenders },
        { id: "refresh", op: "refresh", mode: "seq", n: 600, warm: 1000, base, token: CLIENT_TOKEN, contenders },
      ],
    };
    const network = { rounds, results: JSON.parse((await runChild(NODE, ["--expose-gc", join(ROOT, "bench", "lib", "node-throughput.mjs"), JSON.stringify(spec)])).trim().split("\n").at(-1)) };
    log("profile: cold start variants");
    const cold = JSON.parse((await runChild(NODE, [join(ROOT, "bench", "lib", "cold-variants.mjs"), base, String(Number(process.env.PROFILE_COLD_RUNS) || 15), tmp])).trim());
    log("profile: micro");
    const micro = JSON.parse((await runChild(NODE, ["--expose-gc", join(ROOT, "bench", "lib", "micro.mjs"), "9", "10000"])).trim());
    const md = render(runs, micro, Boolean(named), network, cold);
    writeFileSync(join(RESULTS, "profile.md"), md + "\n");
    const slim = runs.map((r) => ({ ...r, profile: { ...r.profile, functions: r.profile.functions.sort((a, b) => b.self - a.self).slice(0, 60) } }));
    writeFileSync(join(RESULTS, "profile.json"), JSON.stringify({ date: new Date().toISOString(), calls: CALLS, named: Boolean(named), runs: slim, micro, network, cold }, null, 2) + "\n");
    console.log(md);
  } finally {
    await killAll();
    rmSync(tmp, { recursive: true, force: true });
  }
}

process.once("SIGINT", async () => {
  await killAll(1000);
  process.exit(130);
});
await main();
