#!/usr/bin/env node
// Builds pkg/, the npm package: Rust → wasm (release), wasm-bindgen (web glue),
// wasm-opt -Oz (the npm binaryen), then esbuild bundles the JS shim into a
// browser ESM entry and Node ESM and CommonJS entries that share one .wasm.
//
// For experiments (bench/README.md): PKG_DIR=<dir> builds there instead of pkg/,
// WASM_OPT_LEVEL="-O2" (or "-Oz -fimfs=40": flags split on spaces) replaces
// -Oz, and cargo's own CARGO_PROFILE_RELEASE_OPT_LEVEL replaces opt-level "z".
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const pkg = process.env.PKG_DIR ?? join(root, "pkg");
const stage = join(root, "target", "pkg-src");
const run = (cmd, args, env) => execFileSync(cmd, args, { cwd: root, stdio: "inherit", env: env ? { ...process.env, ...env } : undefined });
const bin = (name) => join(root, "node_modules", ".bin", name);

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];

// Panic locations name source files; by default those are absolute paths of
// this machine (e.g. /root/.cargo/registry/src/index.crates.io-…/serde_json-…/src/ser.rs)
// and would ship inside the .wasm. Remap them to short neutral prefixes.
const cargoHome = process.env.CARGO_HOME ?? join(homedir(), ".cargo");
// rustc applies the last matching prefix, so the most specific ones go last.
const rustupHome = process.env.RUSTUP_HOME ?? join(homedir(), ".rustup");
// The size build compiles the standard library from rust-src, under rustup's home.
const remaps = [[rustupHome, "/rustup"], [cargoHome, "/cargo"], [root.replace(/\/$/, ""), "/build"]];
const registry = join(cargoHome, "registry", "src");
if (existsSync(registry)) for (const dir of readdirSync(registry).sort()) remaps.push([join(registry, dir), "/crates"]);
const rustflags = [process.env.RUSTFLAGS ?? "", ...remaps.map(([from, to]) => `--remap-path-prefix=${from}=${to}`)].join(" ").trim();

// The size build: the standard library rebuilt for size with panics that abort
// at once (no panic messages or formatting code: about 8 KB of gzip off the
// .wasm, measured). It needs the nightly toolchain with rust-src; without it
// (or if it fails) the stable build below is used and the package is larger.
const sizeTarget = join(root, "target", "size");
function nightlyBuild() {
  if (process.env.PANGEA_STABLE_BUILD) return false;
  try {
    execFileSync("rustup", ["component", "list", "--toolchain", "nightly", "--installed"], { encoding: "utf8" })
      .split("\n").includes("rust-src") || (() => { throw new Error("no rust-src"); })();
    run("cargo", [
      "+nightly", "build", "--release", "--target", "wasm32-unknown-unknown", "--lib", "-p", "pangea-authn-wasm",
      "-Z", "build-std=std,panic_abort", "-Z", "build-std-features=optimize_for_size",
    ], { RUSTFLAGS: `${rustflags} -Zunstable-options -Cpanic=immediate-abort`, CARGO_TARGET_DIR: sizeTarget });
    return true;
  } catch (e) {
    console.warn(`build-pkg: nightly size build unavailable (${e.message.split("\n")[0]}); using stable, the .wasm will be larger`);
    return false;
  }
}
let wasmIn;
if (nightlyBuild()) {
  wasmIn = join(sizeTarget, "wasm32-unknown-unknown", "release", "pangea_authn_wasm.wasm");
} else {
  run("cargo", ["build", "--release", "--target", "wasm32-unknown-unknown", "--lib", "-p", "pangea-authn-wasm"], { RUSTFLAGS: rustflags });
  wasmIn = join(root, "target", "wasm32-unknown-unknown", "release", "pangea_authn_wasm.wasm");
}
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
run("wasm-bindgen", [
  wasmIn,
  "--target", "web", "--no-typescript", "--out-dir", stage, "--out-name", "glue",
]);

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);
// The wasm features rustc enables by default for wasm32-unknown-unknown.
const features = ["bulk-memory", "nontrapping-float-to-int", "sign-ext", "mutable-globals", "reference-types", "multivalue"];
run(bin("wasm-opt"), [
  // The producers and target_features custom sections are build metadata no
  // runtime reads (~260 bytes).
  join(stage, "glue_bg.wasm"), ...(process.env.WASM_OPT_LEVEL ?? "-Oz").split(" "), ...features.map((f) => `--enable-${f}`), "--strip-producers", "--strip-target-features",
  "-o", join(pkg, "pangea_authn_wasm_bg.wasm"),
]);

// wasm-bindgen's init() falls back to `new URL('glue_bg.wasm', import.meta.url)`
// when given no source. Our entries always pass one, and that file does not
// exist in pkg/: webpack 5 fails the build trying to resolve it ("Module not
// found: Can't resolve './glue_bg.wasm'") and Vite warns. Replace the dead
// fallback with an error so bundlers only see the real asset reference.
const gluePath = join(stage, "glue.js");
const glue = readFileSync(gluePath, "utf8");
const patched = glue.replace(
  /new URL\((['"])glue_bg\.wasm\1,\s*import\.meta\.url\)/g,
  '(() => { throw new Error("pangea-authn-wasm: init() needs a module source"); })()',
);
if (patched.includes("glue_bg.wasm")) throw new Error("build-pkg: the wasm-bindgen glue still names glue_bg.wasm (its fallback changed shape)");
writeFileSync(gluePath, patched);

cpSync(join(root, "js"), stage, { recursive: true });
const esbuild = (entry, out, format, platform) =>
  run(bin("esbuild"), [
    join(stage, entry), "--bundle", `--format=${format}`, `--platform=${platform}`, "--target=es2022",
    `--outfile=${join(pkg, out)}`, "--log-override:empty-import-meta=silent", "--legal-comments=none",
    "--external:*.wasm", `--define:PACKAGE_VERSION=${JSON.stringify(version)}`,
  ]);
esbuild("entry-browser.js", "index.js", "esm", "browser");
// Node gets the same entry twice, each self-contained (see js/entry-node.js:
// one instance per process whichever of the two loads first).
esbuild("entry-node.js", "node.mjs", "esm", "node");
esbuild("entry-node.js", "node.cjs", "cjs", "node");
// One declaration file serves the ESM entries (index.d.ts) and the CommonJS
// one (index.d.cts), so it must be self-contained: a relative import such as
// `import("./index.js").APIError` would, from index.d.cts, pull in the ESM
// index.d.ts and fail a node16 CommonJS consumer with TS1542 ("Type import of
// an ECMAScript module from a CommonJS module must have a 'resolution-mode'
// attribute"). tests/packaging type-checks both.
const dts = readFileSync(join(root, "js", "index.d.ts"), "utf8");
if (/(?:import|from)\s*\(?\s*['"]\./.test(dts)) throw new Error("build-pkg: js/index.d.ts imports a relative module; it must be self-contained (see above)");
writeFileSync(join(pkg, "index.d.ts"), dts);
writeFileSync(join(pkg, "index.d.cts"), dts);
copyFileSync(join(root, "README.md"), join(pkg, "README.md"));

const manifest = {
  name: "pangea-authn-wasm",
  version,
  description: "Pangea AuthN session API for browsers and Node: a Rust core compiled to WebAssembly, a drop-in for pangea-node-sdk's session calls.",
  license: "MIT",
  type: "module",
  main: "./node.cjs",
  module: "./index.js",
  types: "./index.d.ts",
  exports: {
    ".": {
      node: {
        import: { types: "./index.d.ts", default: "./node.mjs" },
        require: { types: "./index.d.cts", default: "./node.cjs" },
      },
      types: "./index.d.ts",
      default: "./index.js",
    },
    "./pangea_authn_wasm_bg.wasm": "./pangea_authn_wasm_bg.wasm",
    "./package.json": "./package.json",
  },
  files: ["index.js", "node.cjs", "node.mjs", "index.d.ts", "index.d.cts", "pangea_authn_wasm_bg.wasm", "README.md"],
  sideEffects: false,
  engines: { node: ">=20.19" },
  keywords: ["pangea", "authn", "session", "wasm", "webassembly"],
};
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`pkg/ built: pangea-authn-wasm@${version}`);
