#!/usr/bin/env node
// One-off experiment behind "Tried and not kept" in bench/README.md: what
// ways of giving a fetch a timeout cost in Node, as raw-fetch loops against
// bench/server.mjs (another process), interleaved round by round.
//
//   node --expose-gc bench/experiments/timeouts.mjs [rounds=20] [calls=1000]
//
// Prints, per variant, the median of paired (same round) differences in client
// CPU µs per call against plain fetch, and the median throughput ratio.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const [rounds = 20, calls = 1000] = process.argv.slice(2).map(Number);
const server = spawn(process.execPath, [fileURLToPath(new URL("../server.mjs", import.meta.url))], { stdio: ["pipe", "pipe", "inherit"] });
const base = await new Promise((resolve) => server.stdout.once("data", (d) => resolve(JSON.parse(d).url)));
const url = `${base}/v2/session/list`;
const headers = { Authorization: "Bearer pts_x", "Content-Type": "application/json" };
const send = async (signal) => JSON.parse(await (await fetch(url, { method: "POST", headers, body: "{}", signal, credentials: "omit", redirect: "error" })).text());
const abort = (controller) => controller.abort();
const shared = new AbortController();
const pool = [];

const variants = {
  // The floor.
  plain: () => send(undefined),
  // What the package does: a fresh controller and a timer per attempt.
  "fresh controller": async () => {
    const c = new AbortController();
    const t = setTimeout(abort, 5000, c);
    try { return await send(c.signal); } finally { clearTimeout(t); }
  },
  // One signal for every request (never aborted here).
  "shared signal": () => send(shared.signal),
  // Controllers reused by sequential requests, at most 64 times each.
  "pooled controllers": async () => {
    let c = pool.pop();
    if (!c || c.uses >= 64) c = { controller: new AbortController(), uses: 0 };
    c.uses++;
    const t = setTimeout(abort, 5000, c.controller);
    try { return await send(c.controller.signal); } finally { clearTimeout(t); pool.push(c); }
  },
  // No signal: a timer rejects the caller, the request itself runs on.
  "no signal, timer rejects": async () => {
    let t;
    try {
      return await new Promise((resolve, reject) => {
        t = setTimeout(reject, 5000, new Error("timeout"));
        send(undefined).then(resolve, reject);
      });
    } finally { clearTimeout(t); }
  },
};

const names = Object.keys(variants);
for (const name of names) for (let i = 0; i < 300; i++) await variants[name]();
const res = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < rounds; r++) {
  for (const name of names.map((_, i) => names[(i + r) % names.length])) {
    globalThis.gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await variants[name]();
    const c = process.cpuUsage(c0);
    res[name].push({ cpu: (c.user + c.system) / calls, wall: performance.now() - t0 });
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const name of names) {
  const cpu = median(res[name].map((x, i) => x.cpu - res.plain[i].cpu));
  const ratio = median(res[name].map((x, i) => res.plain[i].wall / x.wall));
  console.log(`${name.padEnd(26)} CPU over plain ${cpu >= 0 ? "+" : ""}${cpu.toFixed(1)} µs/call   throughput ÷ plain ${ratio.toFixed(3)}`);
}
server.kill();
