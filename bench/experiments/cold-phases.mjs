#!/usr/bin/env node
// One-off experiment behind "What is left" in bench/README.md: where the
// package's cold start goes. Fresh `node` processes, interleaved: bare fetch,
// bare fetch after importing an empty module, and the package, each timing the
// phases of its one call from inside: the import, building the service, until
// `fetch` is called (the global fetch is wrapped first), the fetch, reading the
// body, and the rest. Then, in fresh processes too, what compiling the package's
// .wasm costs: validation alone, the whole module, and a module holding only
// its imports (V8 compiles a wrapper per import signature up front, while the
// functions themselves are compiled lazily, at their first call).
//
//   make pkg && node bench/experiments/cold-phases.mjs [runs=25] [--eval]
//   PKG_DIR=<dir> node bench/experiments/cold-phases.mjs …   (another build)
//
// The scripts run as files (`node <file>.mjs`, as programs run), or with
// --eval as `node --input-type=module -e <script>`, the form `make bench`'s
// headline uses. Prints medians in ms, and the paired (same round) difference
// in the time to the parsed reply.
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "../lib/stats.mjs";

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 25);
const evalForm = process.argv.includes("--eval");
const root = fileURLToPath(new URL("../..", import.meta.url));
// PKG_DIR: another build of the package (scripts/build-pkg.mjs builds one there too).
const pkgDir = process.env.PKG_DIR ?? join(root, "pkg");
const server = spawn(process.execPath, [join(root, "bench", "server.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
const base = `${await new Promise((resolve) => server.stdout.once("data", (d) => resolve(JSON.parse(d).url)))}/small`;

// Every script: t(name) records performance.now() (ms since process start).
const prelude = `const T = {}; const t = (k) => (T[k] ??= performance.now());
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init) => { t("fetch called"); const r = await realFetch(url, init); t("headers");
  const text = r.text.bind(r); r.text = async () => { const s = await text(); t("body read"); return s; }; return r; };
t("script start");`;
const report = `t("reply parsed"); if (r.result.sessions.length !== 2) throw new Error("bad reply"); console.log(JSON.stringify(T));`;
const dir = join(root, "target", "bench-cold-phases");
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "empty.mjs"), "export {};\n");
const bareCall = `const res = await fetch("${base}/v2/session/list", { method: "POST", headers: { Authorization: "Bearer pts_x", "Content-Type": "application/json", "User-Agent": "pangea-authn-wasm/0.1.0" }, body: JSON.stringify({}), credentials: "omit", redirect: "error" });
const r = JSON.parse(await res.text());
${report}`;
const scripts = {
  bare: `${prelude}
t("imported"); t("built");
${bareCall}`,
  "empty module": `${prelude}
await import(${JSON.stringify(join(dir, "empty.mjs"))});
t("imported"); t("built");
${bareCall}`,
  package: `${prelude}
const { AuthNService, PangeaConfig } = await import(${JSON.stringify(join(pkgDir, "node.mjs"))});
t("imported");
const authn = new AuthNService("pts_x", new PangeaConfig({ baseUrlTemplate: "${base}" }));
t("built");
const r = await authn.session.list({});
${report}`,
};
// With `node -e`, the first import of any file also sets up Node's loading of
// files, which bare Node never does: the empty-module script shows that cost.
const file = (name) => join(dir, `${name.replace(" ", "-")}.mjs`);
for (const [name, text] of Object.entries(scripts)) writeFileSync(file(name), text);
const args = (name) => (evalForm ? ["--input-type=module", "-e", scripts[name]] : [file(name)]);
const once = (name) => JSON.parse(execFileSync(process.execPath, args(name), { encoding: "utf8" }));

/** The unsigned LEB128 number at `bytes[at]`, and the offset after it. */
function leb(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [value >>> 0, at];
}

/** The sections of a .wasm: id, where the section starts, where its contents start and end. */
function sections(bytes) {
  const found = [];
  for (let head = 8; head < bytes.length; ) {
    const [size, start] = leb(bytes, head + 1);
    found.push({ id: bytes[head], head, start, end: start + size });
    head = start + size;
  }
  return found;
}

/** The package's .wasm cut down to its type and import sections: a module with its imports and no code. */
function importsOnly(bytes) {
  const kept = sections(bytes).filter((s) => s.id === 1 || s.id === 2).map((s) => bytes.subarray(s.head, s.end));
  return Buffer.concat([bytes.subarray(0, 8), ...kept]);
}

/** The number of functions a .wasm defines (not imports): the count that opens its code section. */
function functionCount(bytes) {
  return leb(bytes, sections(bytes).find((s) => s.id === 10).start)[0];
}

const wasmPath = join(pkgDir, "pangea_authn_wasm_bg.wasm");
const importsPath = join(dir, "imports-only.wasm");
writeFileSync(importsPath, importsOnly(readFileSync(wasmPath)));
// Each probe is the first wasm work of a fresh process (a second compile of the
// same bytes would hit V8's module cache, not compile).
const wasmProbes = {
  "validate the package": `WebAssembly.validate(bytes)`,
  "compile the package": `new WebAssembly.Module(bytes)`,
  "compile its imports only": `new WebAssembly.Module(readFileSync(${JSON.stringify(importsPath)}))`,
};
const probe = (work) => Number(execFileSync(process.execPath, ["--input-type=module", "-e", `import { readFileSync } from "node:fs";
const bytes = readFileSync(${JSON.stringify(wasmPath)});
const t = performance.now(); ${work}; console.log(performance.now() - t);`], { encoding: "utf8" }));

// How many of the module's functions the first call runs (and so compiles),
// counted from V8's trace with a stub fetch, so that no other wasm (undici's
// llhttp) is compiled in the process.
const firstCall = `globalThis.fetch = async () => ({ status: 200, headers: { get: () => null },
  text: async () => ${JSON.stringify(JSON.stringify({ status: "Success", request_id: "prq_x", result: { sessions: [], count: 0 } }))} });
const { AuthNService, PangeaConfig } = await import(${JSON.stringify(join(pkgDir, "node.mjs"))});
await new AuthNService("pts_x", new PangeaConfig({ baseUrlTemplate: "http://127.0.0.1:1" })).session.list({});`;
const lazilyCompiled = () =>
  execFileSync(process.execPath, ["--trace-wasm-compilation-times", "--input-type=module", "-e", firstCall], { encoding: "utf8" })
    .split("\n").filter((line) => line.startsWith("Compiled function")).length;

try {
  const names = Object.keys(scripts);
  for (const name of names) once(name);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) for (let i = 0; i < names.length; i++) samples[names[(i + r) % names.length]].push(once(names[(i + r) % names.length]));
  const phases = ["script start", "imported", "built", "fetch called", "headers", "body read", "reply parsed"];
  console.log(`${evalForm ? "node -e" : "script files"}; phase (ms, median of ${runs})`.padEnd(40) + names.map((n) => n.padStart(14)).join(""));
  for (let i = 0; i < phases.length; i++) {
    const span = (s) => s[phases[i]] - (i ? s[phases[i - 1]] : 0);
    const label = i ? `${phases[i - 1]} → ${phases[i]}` : "process start → script start";
    console.log(label.padEnd(40) + names.map((n) => median(samples[n].map(span)).toFixed(2).padStart(14)).join(""));
  }
  for (const name of names.slice(1)) {
    const over = median(samples[name].map((s, i) => s["reply parsed"] - samples.bare[i]["reply parsed"]));
    console.log(`${name} − bare, reply parsed (paired): ${over >= 0 ? "+" : ""}${over.toFixed(2)} ms`);
  }
  const probeNames = Object.keys(wasmProbes);
  const probed = Object.fromEntries(probeNames.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) for (const n of probeNames) probed[n].push(probe(wasmProbes[n]));
  console.log(`the .wasm, first wasm work in a fresh process (ms, median of ${runs}): ` +
    probeNames.map((n) => `${n} ${median(probed[n]).toFixed(2)}`).join(", "));
  console.log(`the first call (stub fetch) compiles ${lazilyCompiled()} of the module's ${functionCount(readFileSync(wasmPath))} functions, each at its first run`);
} finally {
  server.kill();
}
