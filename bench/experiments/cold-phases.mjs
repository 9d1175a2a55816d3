#!/usr/bin/env node
// One-off experiment behind "What is left" in bench/README.md: where the
// package's cold start goes. Fresh `node` processes, bare fetch and the
// package interleaved, each timing the phases of its one call from inside:
// the import, building the service, until `fetch` is called (the global fetch
// is wrapped before the import), the fetch, reading the body, and the rest.
//
//   make pkg && node bench/experiments/cold-phases.mjs [runs=25]
//
// Prints the median of each phase (ms) and of the paired (same round)
// difference in total time to the parsed reply.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "../lib/stats.mjs";

const runs = Number(process.argv[2] ?? 25);
const root = fileURLToPath(new URL("../..", import.meta.url));
const server = spawn(process.execPath, [join(root, "bench", "server.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
const base = `${await new Promise((resolve) => server.stdout.once("data", (d) => resolve(JSON.parse(d).url)))}/small`;

// Both scripts: t(name) records performance.now() (ms since process start).
const prelude = `const T = {}; const t = (k) => (T[k] ??= performance.now());
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init) => { t("fetch called"); const r = await realFetch(url, init); t("headers");
  const text = r.text.bind(r); r.text = async () => { const s = await text(); t("body read"); return s; }; return r; };
t("script start");`;
const report = `t("reply parsed"); if (r.result.sessions.length !== 2) throw new Error("bad reply"); console.log(JSON.stringify(T));`;
const scripts = {
  bare: `${prelude}
t("imported"); t("built");
const res = await fetch("${base}/v2/session/list", { method: "POST", headers: { Authorization: "Bearer pts_x", "Content-Type": "application/json", "User-Agent": "pangea-authn-wasm/0.1.0" }, body: JSON.stringify({}), credentials: "omit", redirect: "error" });
const r = JSON.parse(await res.text());
${report}`,
  package: `${prelude}
const { AuthNService, PangeaConfig } = await import(${JSON.stringify(join(root, "pkg", "node.mjs"))});
t("imported");
const authn = new AuthNService("pts_x", new PangeaConfig({ baseUrlTemplate: "${base}" }));
t("built");
const r = await authn.session.list({});
${report}`,
};
// Run as script files, as programs are (with `node -e`, the first import of any
// file also pays for setting up Node's file loading, which bare Node never does).
const dir = join(root, "target", "bench-cold-phases");
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(scripts)) writeFileSync(join(dir, `${name}.mjs`), text);
const once = (name) => JSON.parse(execFileSync(process.execPath, [join(dir, `${name}.mjs`)], { encoding: "utf8" }));

try {
  for (const name of Object.keys(scripts)) once(name);
  const samples = { bare: [], package: [] };
  for (let r = 0; r < runs; r++) for (const name of r % 2 ? ["package", "bare"] : ["bare", "package"]) samples[name].push(once(name));
  const phases = ["script start", "imported", "built", "fetch called", "headers", "body read", "reply parsed"];
  console.log(`phase (ms, median of ${runs})`.padEnd(32) + "bare".padStart(8) + "package".padStart(10));
  for (let i = 0; i < phases.length; i++) {
    const span = (s) => s[phases[i]] - (i ? s[phases[i - 1]] : 0);
    const label = i ? `${phases[i - 1]} → ${phases[i]}` : "process start → script start";
    console.log(label.padEnd(32) + median(samples.bare.map(span)).toFixed(2).padStart(8) + median(samples.package.map(span)).toFixed(2).padStart(10));
  }
  const over = median(samples.package.map((s, i) => s["reply parsed"] - samples.bare[i]["reply parsed"]));
  console.log(`package − bare, reply parsed (paired): +${over.toFixed(2)} ms`);
} finally {
  server.kill();
}
