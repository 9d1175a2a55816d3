#!/usr/bin/env node
// `make size`: what a browser app pays to use pangea-authn-wasm.
//
// Builds a minimal app that imports AuthNService and PangeaConfig from the
// package in pkg/ (through its exports map, browser conditions) and makes a
// call, bundles it with esbuild (--bundle --minify --format=esm), and measures
// the minified JS and the .wasm (a separate asset: esbuild leaves the
// `new URL("./pangea_authn_wasm_bg.wasm", import.meta.url)` reference alone,
// the app ships the file next to its bundle). Sizes: raw, gzip -9 (node:zlib)
// and, for information, brotli (max quality). Target: <= 35 KiB gzipped in all.
//
// Also: the npm package's packed/unpacked size, and for comparison a browser
// bundle of pangea-node-sdk's AuthNService (when esbuild can make one).
// Writes bench/results/size.json and bench/results/size.md.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PKG = join(ROOT, "pkg");
const RESULTS = join(ROOT, "bench", "results");
const TARGET_GZIP = 35 * 1024;

const APP = `
import { AuthNService, PangeaConfig } from "pangea-authn-wasm";

const authn = new AuthNService(window.PANGEA_CLIENT_TOKEN, new PangeaConfig({ domain: "aws.us.pangea.cloud" }));
authn.client.session
  .list(window.PANGEA_USER_TOKEN, { order_by: "created_at", size: 20 })
  .then((r) => console.log(r.result.sessions.length))
  .catch((e) => console.error(e.name, e.message));
`;

const SDK_APP = `
import { AuthNService, PangeaConfig } from "pangea-node-sdk";

const authn = new AuthNService(window.PANGEA_CLIENT_TOKEN, new PangeaConfig({ domain: "aws.us.pangea.cloud" }));
authn.client.session
  .list(window.PANGEA_USER_TOKEN, { order_by: "created_at", size: 20 })
  .then((r) => console.log(r.result.sessions.length))
  .catch((e) => console.error(e.name, e.message));
`;

const sizes = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length,
});
/** Byte size of each section of a wasm binary (custom sections by name). */
function wasmSections(buf) {
  const names = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount", "tag"];
  const out = {};
  let i = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = buf[i++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  while (i < buf.length) {
    const id = buf[i++];
    const len = leb();
    const end = i + len;
    let name = names[id] ?? `section${id}`;
    if (id === 0) {
      const n = leb();
      name = `custom:${buf.subarray(i, i + n).toString("utf8")}`;
    }
    out[name] = (out[name] ?? 0) + len;
    i = end;
  }
  return out;
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const bytes = (n) => `${n.toLocaleString("en-US")} B`;

/** Bundles `contents` (resolved from `resolveDir`) for the browser; returns the JS or the errors. */
async function bundle(contents, resolveDir, extra = {}) {
  try {
    const result = await build({
      stdin: { contents, resolveDir, sourcefile: "app.js", loader: "js" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      outdir: "out",
      legalComments: "none",
      logLevel: "silent",
      ...extra,
    });
    const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
    return { ok: true, js: Buffer.from(js.contents), warnings: result.warnings.map((w) => w.text) };
  } catch (e) {
    const errors = (e.errors ?? [{ text: String(e) }]).map((x) => (x.location ? `${x.location.file}: ${x.text}` : x.text));
    return { ok: false, errors };
  }
}

if (!existsSync(join(PKG, "package.json"))) {
  console.error("pkg/ is missing: run `make pkg` (make size does it for you)");
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));

// The app resolves "pangea-authn-wasm" as an installed dependency would: a
// node_modules entry (a symlink to pkg/), so esbuild applies the exports map.
const tmp = mkdtempSync(join(tmpdir(), "authn-size-"));
try {
  mkdirSync(join(tmp, "node_modules"));
  symlinkSync(PKG, join(tmp, "node_modules", "pangea-authn-wasm"), "dir");

  const ours = await bundle(APP, tmp);
  if (!ours.ok) throw new Error(`esbuild could not bundle the app:\n${ours.errors.join("\n")}`);
  const jsText = ours.js.toString("utf8");
  if (!jsText.includes("pangea_authn_wasm_bg.wasm")) throw new Error("the bundle lost the .wasm reference");
  const wasmBuf = readFileSync(join(PKG, "pangea_authn_wasm_bg.wasm"));
  const js = sizes(ours.js);
  const wasm = sizes(wasmBuf);
  const total = { raw: js.raw + wasm.raw, gzip: js.gzip + wasm.gzip, brotli: js.brotli + wasm.brotli };
  const pass = total.gzip <= TARGET_GZIP;

  // The npm package as published.
  const [packed] = JSON.parse(execFileSync("npm", ["pack", PKG, "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  const npmPackage = {
    name: packed.name,
    version: packed.version,
    tarball: packed.size,
    unpacked: packed.unpackedSize,
    files: Object.fromEntries(packed.files.map((f) => [f.path, f.size])),
  };

  // pangea-node-sdk, for comparison: first as a browser bundle, then (if that
  // fails) with Node built-ins left external, which says what it would weigh
  // but would not run in a browser.
  let sdk;
  const sdkVersion = (() => {
    try {
      return JSON.parse(readFileSync(join(ROOT, "node_modules", "pangea-node-sdk", "package.json"), "utf8")).version;
    } catch {
      return undefined;
    }
  })();
  if (!sdkVersion) {
    sdk = { available: false, note: "pangea-node-sdk is not installed in node_modules (npm ci)" };
  } else {
    const browserBuild = await bundle(SDK_APP, ROOT);
    if (browserBuild.ok) {
      sdk = { available: true, version: sdkVersion, browserBundle: true, js: sizes(browserBuild.js) };
    } else {
      const unresolved = [...new Set(browserBuild.errors.map((e) => /Could not resolve "([^"]+)"/.exec(e)?.[1]).filter(Boolean))].sort();
      const nodeBuild = await bundle(SDK_APP, ROOT, { platform: "node", format: "esm" });
      sdk = {
        available: true,
        version: sdkVersion,
        browserBundle: false,
        errorCount: browserBuild.errors.length,
        unresolved,
        firstErrors: browserBuild.errors.slice(0, 3),
        nodeBundle: nodeBuild.ok ? sizes(nodeBuild.js) : undefined,
      };
    }
  }

  // --- report
  const rows = [
    ["minified JS (esbuild)", js],
    [".wasm (asset)", wasm],
    ["total", total],
  ];
  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);
  const lines = [];
  lines.push(`pangea-authn-wasm@${manifest.version}: minimal browser app (AuthNService + PangeaConfig + one call), esbuild --bundle --minify --format=esm`);
  lines.push("");
  lines.push(`${pad("", 24)}${lpad("raw", 12)}${lpad("gzip -9", 12)}${lpad("brotli", 12)}`);
  for (const [name, s] of rows) lines.push(`${pad(name, 24)}${lpad(bytes(s.raw), 12)}${lpad(bytes(s.gzip), 12)}${lpad(bytes(s.brotli), 12)}`);
  lines.push("");
  lines.push(`target: total gzip <= ${kib(TARGET_GZIP)} -> ${kib(total.gzip)}: ${pass ? "PASS" : `MISS (over by ${kib(total.gzip - TARGET_GZIP)})`}`);
  const sec = wasmSections(wasmBuf);
  lines.push(`.wasm sections: code ${bytes(sec.code ?? 0)}, data ${bytes(sec.data ?? 0)}, other ${bytes(wasm.raw - (sec.code ?? 0) - (sec.data ?? 0))}`);
  lines.push(`npm package: ${bytes(npmPackage.tarball)} tarball, ${bytes(npmPackage.unpacked)} unpacked (${kib(npmPackage.unpacked)}), ${packed.files.length} files`);
  if (!sdk.available) lines.push(`pangea-node-sdk: ${sdk.note}`);
  else if (sdk.browserBundle) lines.push(`pangea-node-sdk@${sdk.version} AuthNService, esbuild browser bundle: ${bytes(sdk.js.raw)} minified, ${bytes(sdk.js.gzip)} gzip (${kib(sdk.js.gzip)})`);
  else {
    lines.push(`pangea-node-sdk@${sdk.version} AuthNService: esbuild cannot bundle it for the browser (${sdk.errorCount} errors; unresolved Node modules: ${sdk.unresolved.join(", ") || "see errors"}).`);
    if (sdk.nodeBundle) lines.push(`  for scale, the same app bundled for Node (built-ins external; does not run in a browser): ${bytes(sdk.nodeBundle.raw)} minified, ${bytes(sdk.nodeBundle.gzip)} gzip (${kib(sdk.nodeBundle.gzip)})`);
  }
  console.log(lines.join("\n"));

  const result = {
    generated: new Date().toISOString(),
    package: { name: manifest.name, version: manifest.version },
    app: "AuthNService + PangeaConfig, one client.session.list call",
    bundler: { tool: "esbuild", flags: "--bundle --minify --format=esm --platform=browser" },
    compression: { gzip: "node:zlib level 9", brotli: "node:zlib quality 11" },
    js,
    wasm: { ...wasm, sections: wasmSections(wasmBuf) },
    total,
    target: { gzipBytes: TARGET_GZIP, pass },
    npmPackage,
    pangeaNodeSdk: sdk,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, "size.json"), JSON.stringify(result, null, 2) + "\n");

  const md = [];
  md.push(`# Size: pangea-authn-wasm@${manifest.version}`);
  md.push("");
  md.push(`A minimal browser app (\`AuthNService\` + \`PangeaConfig\`, one \`client.session.list\` call) bundled with`);
  md.push("`esbuild --bundle --minify --format=esm`; the `.wasm` is a separate asset. gzip is level 9 (node:zlib), brotli quality 11.");
  md.push("");
  md.push("| | raw | gzip -9 | brotli |");
  md.push("|---|---:|---:|---:|");
  for (const [name, s] of rows) md.push(`| ${name} | ${bytes(s.raw)} | ${bytes(s.gzip)} | ${bytes(s.brotli)} |`);
  md.push("");
  md.push(`**Target** total gzip <= ${kib(TARGET_GZIP)}: ${kib(total.gzip)} — **${pass ? "PASS" : `MISS (over by ${kib(total.gzip - TARGET_GZIP)})`}**`);
  md.push("");
  md.push(`**npm package**: ${bytes(npmPackage.tarball)} tarball, ${bytes(npmPackage.unpacked)} unpacked:`);
  md.push("");
  md.push("| file | bytes |");
  md.push("|---|---:|");
  for (const [f, n] of Object.entries(npmPackage.files)) md.push(`| ${f} | ${bytes(n)} |`);
  md.push("");
  if (!sdk.available) md.push(`**pangea-node-sdk**: ${sdk.note}`);
  else if (sdk.browserBundle) md.push(`**pangea-node-sdk@${sdk.version}** AuthNService, same app, esbuild browser bundle: ${bytes(sdk.js.raw)} minified, ${bytes(sdk.js.gzip)} gzip.`);
  else {
    md.push(`**pangea-node-sdk@${sdk.version}**: esbuild cannot bundle its AuthNService for the browser (${sdk.errorCount} errors; unresolved: ${sdk.unresolved.map((m) => `\`${m}\``).join(", ") || "see size.json"}).`);
    if (sdk.nodeBundle) md.push(`For scale, the same app bundled for Node (built-ins external; it would not run in a browser): ${bytes(sdk.nodeBundle.raw)} minified, ${bytes(sdk.nodeBundle.gzip)} gzip.`);
  }
  md.push("");
  md.push(`_Generated ${result.generated} by \`make size\` (bench/size.mjs)._`);
  writeFileSync(join(RESULTS, "size.md"), md.join("\n") + "\n");
  console.log(`\nwrote bench/results/size.json and bench/results/size.md`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
