// Child of bench/profile.mjs: where the package's cold start goes. Fresh `node`
// processes, interleaved, for bare Node and for the package loaded several ways.
// The variants are temporary copies of pkg/ (the package itself is not changed):
//   esm-shipped      import from pkg/node.mjs as shipped (it loads ./node.cjs with
//                    `createRequire`: one instance for CJS and ESM users)
//   esm-createRequire  the same loading path in a second copy whose node.mjs
//                    exports two names: a control for the noise between variants
//   esm-createRequire-minified  the same with node.cjs minified by esbuild
//                    (a minified node.cjs loses the export annotation `export *` needs)
//   cjs-require      `require("…/node.cjs")` from a CommonJS `node -e`
//   esm-bundle       node.mjs built as a self-contained ESM bundle of the shim
//                    (no CommonJS loader; ESM and CJS users would get two instances)
//   async-compile    node.cjs built from an entry that compiles the .wasm with
//                    `WebAssembly.compile` (off the main thread) at import and
//                    waits for it at the first call, instead of `initSync`
// The last two are built from `make pkg`'s staging directory, target/pkg-src.
// argv: <base url> <runs> <tmp dir>. Prints JSON.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ROOT, TOKEN } from "./contenders.mjs";
import { median, rotate } from "./stats.mjs";

const [base, runsArg, tmp] = process.argv.slice(2);
const runs = Number(runsArg);
const url = `${base}/v2/session/list`;

function copyPkg(name, edit) {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const f of ["node.cjs", "node.mjs", "package.json", "pangea_authn_wasm_bg.wasm"]) copyFileSync(join(ROOT, "pkg", f), join(dir, f));
  edit?.(dir);
  return dir;
}
const shipped = join(ROOT, "pkg");
const createRequireDir = copyPkg("create-require", (dir) =>
  writeFileSync(join(dir, "node.mjs"), `import { createRequire } from "node:module";\nconst cjs = createRequire(import.meta.url)("./node.cjs");\nexport const { AuthNService, PangeaConfig } = cjs;\n`));
const minify = (dir) =>
  execFileSync(join(ROOT, "node_modules", ".bin", "esbuild"), [join(shipped, "node.cjs"), "--minify", "--format=cjs", "--platform=node", "--target=es2022", `--outfile=${join(dir, "node.cjs")}`, "--log-level=error"]);
const bothDir = copyPkg("create-require-minified", (dir) => {
  minify(dir);
  writeFileSync(join(dir, "node.mjs"), `import { createRequire } from "node:module";\nconst cjs = createRequire(import.meta.url)("./node.cjs");\nexport const { AuthNService, PangeaConfig } = cjs;\n`);
});

// Variants built from the shim itself, as make pkg stages it.
const stage = join(ROOT, "target", "pkg-src");
const bundle = (entry, outfile, format, extra = []) =>
  execFileSync(join(ROOT, "node_modules", ".bin", "esbuild"), [entry, "--bundle", `--format=${format}`, "--platform=node", "--target=es2022", `--outfile=${outfile}`, "--external:*.wasm", "--log-level=error", ...extra]);
const esmBundleDir = copyPkg("esm-bundle", (dir) =>
  bundle(join(stage, "entry-node.js"), join(dir, "node.mjs"), "esm",
    ['--banner:js=import { fileURLToPath as __f } from "node:url"; const __dirname = __f(new URL(".", import.meta.url));']));
const asyncCompileDir = copyPkg("async-compile", (dir) => {
  const src = join(tmp, "stage-async-compile");
  cpSync(stage, src, { recursive: true });
  const entry = join(src, "entry-node.js");
  const shipped = readFileSync(entry, "utf8");
  const changed = shipped
    .replace('import { initSync } from "./glue.js";\nimport * as glue from "./glue.js";', 'import init, * as glue from "./glue.js";')
    .replace(/initSync\(\{ module: readFileSync\(join\(__dirname, "pangea_authn_wasm_bg.wasm"\)\) \}\);\n\nconst loader = \{[\s\S]*?\n\};/,
      `let core;
const pending = WebAssembly.compile(readFileSync(join(__dirname, "pangea_authn_wasm_bg.wasm")))
  .then((module) => init({ module_or_path: module }))
  .then(() => (core = glue));
pending.catch(() => {});
const loader = { start() {}, core: () => core, ready: () => pending };`);
  if (!changed.includes("WebAssembly.compile") || changed.includes("initSync")) throw new Error("cold-variants: js/entry-node.js changed shape; update the async-compile variant");
  writeFileSync(entry, changed);
  bundle(entry, join(dir, "node.cjs"), "cjs");
});

const report = `console.log(JSON.stringify({ imported, done: performance.now(), n: r.result.sessions.length }));`;
const hdr = `{ Authorization: "Bearer ${TOKEN}", "Content-Type": "application/json", "User-Agent": "pangea-authn-wasm/0.1.0" }`;
const bareBody = `const imported = performance.now();
const res = await fetch("${url}", { method: "POST", headers: ${hdr}, body: JSON.stringify({}), credentials: "omit", redirect: "error" });
const r = JSON.parse(await res.text());
${report}`;
const pkgCall = `const imported = performance.now();
const r = await new AuthNService("${TOKEN}", new PangeaConfig({ baseUrlTemplate: "${base}" })).session.list({});
${report}`;
const esm = (dir) => ["--input-type=module", "-e", `import { AuthNService, PangeaConfig } from ${JSON.stringify(join(dir, "node.mjs"))};\n${pkgCall}`];
const variants = {
  "bare-esm": ["--input-type=module", "-e", bareBody],
  "bare-cjs": ["-e", `(async () => { ${bareBody} })()`],
  "esm-shipped": esm(shipped),
  "esm-createRequire": esm(createRequireDir),
  "esm-createRequire-minified": esm(bothDir),
  "esm-bundle": esm(esmBundleDir),
  "async-compile": esm(asyncCompileDir),
  "cjs-require": ["-e", `const { AuthNService, PangeaConfig } = require(${JSON.stringify(join(shipped, "node.cjs"))});\n(async () => { ${pkgCall} })()`],
};

function once(args) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`exit ${code}`));
      const info = JSON.parse(out);
      if (info.n !== 2) return reject(new Error("bad reply"));
      resolve({ wall: performance.now() - start, imported: info.imported, done: info.done });
    });
  });
}

const names = Object.keys(variants);
for (const n of names) await once(variants[n]);
const samples = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < runs; r++) for (const n of rotate(names, r)) samples[n].push(await once(variants[n]));
const summary = Object.fromEntries(names.map((n) => [n, {
  wall: median(samples[n].map((s) => s.wall)),
  imported: median(samples[n].map((s) => s.imported)),
  done: median(samples[n].map((s) => s.done)),
  done_over_bare_esm: median(samples[n].map((s, i) => s.done - samples["bare-esm"][i].done)),
  wall_over_bare_esm: median(samples[n].map((s, i) => s.wall - samples["bare-esm"][i].wall)),
}]));
process.stdout.write(JSON.stringify({ runs, summary }) + "\n");
