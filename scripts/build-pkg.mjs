#!/usr/bin/env node
// Builds pkg/, the npm package: Rust → wasm (release), wasm-bindgen (web glue),
// wasm-opt -Oz (the npm binaryen), then esbuild bundles the JS shim into a
// browser ESM entry and a Node CommonJS entry that share one .wasm.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const pkg = join(root, "pkg");
const stage = join(root, "target", "pkg-src");
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: "inherit" });
const bin = (name) => join(root, "node_modules", ".bin", name);

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];

run("cargo", ["build", "--release", "--target", "wasm32-unknown-unknown", "--lib", "-p", "pangea-authn-wasm"]);
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
run("wasm-bindgen", [
  "target/wasm32-unknown-unknown/release/pangea_authn_wasm.wasm",
  "--target", "web", "--no-typescript", "--out-dir", stage, "--out-name", "glue",
]);

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg);
// The wasm features rustc enables by default for wasm32-unknown-unknown.
const features = ["bulk-memory", "nontrapping-float-to-int", "sign-ext", "mutable-globals", "reference-types", "multivalue"];
run(bin("wasm-opt"), [
  join(stage, "glue_bg.wasm"), "-Oz", ...features.map((f) => `--enable-${f}`),
  "-o", join(pkg, "pangea_authn_wasm_bg.wasm"),
]);

cpSync(join(root, "js"), stage, { recursive: true });
const esbuild = (entry, out, format, platform) =>
  run(bin("esbuild"), [
    join(stage, entry), "--bundle", `--format=${format}`, `--platform=${platform}`, "--target=es2022",
    `--outfile=${join(pkg, out)}`, "--log-override:empty-import-meta=silent", "--legal-comments=none",
    "--external:*.wasm",
  ]);
esbuild("entry-browser.js", "index.js", "esm", "browser");
esbuild("entry-node.js", "node.cjs", "cjs", "node");
copyFileSync(join(root, "js", "node.mjs"), join(pkg, "node.mjs"));
copyFileSync(join(root, "js", "index.d.ts"), join(pkg, "index.d.ts"));
copyFileSync(join(root, "js", "index.d.ts"), join(pkg, "index.d.cts"));
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
