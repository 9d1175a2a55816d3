// Child of bench/profile.mjs: where the package's cold start goes. Fresh `node`
// processes running script files, interleaved, for bare Node and for the
// package loaded several ways. The variants are temporary copies of pkg/ (the
// package itself is not changed):
//   esm-shipped        `import` from pkg/node.mjs as shipped (a self-contained ESM build)
//   esm-shipped-copy   the same files in a second directory: a control for the
//                      noise between variants
//   esm-minified       node.mjs minified by esbuild
//   esm-via-createRequire  the form shipped until 2026-11-26: node.mjs loads
//                      node.cjs with `createRequire` and re-exports its names
//   cjs-shipped        `require()` of pkg/node.cjs from a CommonJS script
// ESM variants are compared with a bare ESM script, CommonJS ones with a bare
// CommonJS script. COLD_PKG_DIRS="name=dir,…" adds an ESM variant per other
// build of the package (e.g. other optimisation levels, built elsewhere).
// argv: <base url> <runs> <tmp dir>. Prints JSON.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ROOT, TOKEN } from "./contenders.mjs";
import { median, rotate } from "./stats.mjs";

const [base, runsArg, tmp] = process.argv.slice(2);
const runs = Number(runsArg);
const url = `${base}/v2/session/list`;
const shipped = join(ROOT, "pkg");
const NAMES = ["AuthNService", "PangeaConfig"];

function copyPkg(name, edit) {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const f of ["node.cjs", "node.mjs", "package.json", "pangea_authn_wasm_bg.wasm"]) copyFileSync(join(shipped, f), join(dir, f));
  edit?.(dir);
  return dir;
}
const copyDir = copyPkg("copy");
const minifiedDir = copyPkg("minified", (dir) =>
  execFileSync(join(ROOT, "node_modules", ".bin", "esbuild"), [join(shipped, "node.mjs"), "--minify", "--format=esm", "--platform=node", "--target=es2022", `--outfile=${join(dir, "node.mjs")}`, "--log-level=error"]));
const createRequireDir = copyPkg("create-require", (dir) =>
  writeFileSync(join(dir, "node.mjs"), `import { createRequire } from "node:module";\nconst cjs = createRequire(import.meta.url)("./node.cjs");\nexport const { ${NAMES.join(", ")} } = cjs;\n`));

const report = `console.log(JSON.stringify({ imported, done: performance.now(), n: r.result.sessions.length }));`;
const hdr = `{ Authorization: "Bearer ${TOKEN}", "Content-Type": "application/json", "User-Agent": "pangea-authn-wasm/0.1.0" }`;
const bareBody = `const imported = performance.now();
const res = await fetch("${url}", { method: "POST", headers: ${hdr}, body: JSON.stringify({}), credentials: "omit", redirect: "error" });
const r = JSON.parse(await res.text());
${report}`;
const pkgCall = `const imported = performance.now();
const r = await new AuthNService("${TOKEN}", new PangeaConfig({ baseUrlTemplate: "${base}" })).session.list({});
${report}`;
const esm = (dir) => ({ file: "mjs", bare: "bare-esm", text: `import { ${NAMES.join(", ")} } from ${JSON.stringify(join(dir, "node.mjs"))};\n${pkgCall}` });
const variants = {
  "bare-esm": { file: "mjs", text: bareBody },
  "bare-cjs": { file: "cjs", text: `(async () => { ${bareBody} })();` },
  "esm-shipped": esm(shipped),
  "esm-shipped-copy": esm(copyDir),
  "esm-minified": esm(minifiedDir),
  "esm-via-createRequire": esm(createRequireDir),
  "cjs-shipped": { file: "cjs", bare: "bare-cjs", text: `const { ${NAMES.join(", ")} } = require(${JSON.stringify(join(shipped, "node.cjs"))});\n(async () => { ${pkgCall} })();` },
};
for (const entry of (process.env.COLD_PKG_DIRS ?? "").split(",").filter(Boolean)) {
  const [name, dir] = entry.split("=");
  variants[`esm-${name}`] = esm(dir);
}
const scriptDir = join(tmp, "scripts");
mkdirSync(scriptDir, { recursive: true });
const scriptOf = (name) => join(scriptDir, `${name}.${variants[name].file}`);
for (const name of Object.keys(variants)) writeFileSync(scriptOf(name), variants[name].text);

function once(name) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [scriptOf(name)], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`${name}: exit ${code}`));
      const info = JSON.parse(out);
      if (info.n !== 2) return reject(new Error(`${name}: bad reply`));
      resolve({ wall: performance.now() - start, imported: info.imported, done: info.done });
    });
  });
}

const names = Object.keys(variants);
for (const n of names) await once(n);
const samples = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < runs; r++) for (const n of rotate(names, r)) samples[n].push(await once(n));
const bareOf = (n) => variants[n].bare ?? n;
const summary = Object.fromEntries(names.map((n) => [n, {
  baseline: bareOf(n),
  wall: median(samples[n].map((s) => s.wall)),
  imported: median(samples[n].map((s) => s.imported)),
  done: median(samples[n].map((s) => s.done)),
  done_over_bare: median(samples[n].map((s, i) => s.done - samples[bareOf(n)][i].done)),
  wall_over_bare: median(samples[n].map((s, i) => s.wall - samples[bareOf(n)][i].wall)),
}]));
process.stdout.write(JSON.stringify({ runs, summary }) + "\n");
