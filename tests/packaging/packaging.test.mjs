// Packaging tests: `npm pack` the real pkg/, install the tarball into small
// consumer projects (copies of the fixtures next to this file, in a temp dir)
// and prove each one works against the emulator: Node CommonJS, Node ESM (and
// both in one process), a plain <script type="module"> page, a Vite build, a
// zero-config webpack 5 build and a module Web Worker, in headless Chromium.
// Also checks the tarball's contents, manifest and TypeScript declarations.
//
// Needs pkg/ (`make pkg`) and the emulator binary (`make emulator-bin`).
// KEEP_PACKAGING_TMP=1 keeps the temp dir (its path is printed) for debugging.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, extname, join, normalize, sep } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import ts from "typescript";
import { launchChromium } from "../support/browser.mjs";
import { liveSessions, startEmulator } from "../support/emulator.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PKG = join(ROOT, "pkg");
const BIN = join(ROOT, "node_modules", ".bin");
const FIXTURES = ["node-cjs", "node-esm", "plain-html", "vite", "webpack", "worker", "types"];

/** The files the published tarball must hold, and nothing else. */
const EXPECTED_FILES = [
  "README.md",
  "index.d.cts",
  "index.d.ts",
  "index.js",
  "node.cjs",
  "node.mjs",
  "package.json",
  "pangea_authn_wasm_bg.wasm",
];

/** Runs a command; resolves { stdout, stderr }, rejects with both on a non-zero exit. */
function run(cmd, args, { cwd = ROOT, env = {}, timeout = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, env: { ...process.env, ...env }, timeout, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) {
        error.message = `${cmd} ${args.join(" ")} (in ${cwd}) failed: ${error.message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
        reject(error);
      } else resolve({ stdout, stderr });
    });
  });
}

/** Starts a promise now, awaited later; never reported as unhandled meanwhile. */
function early(promise) {
  promise.catch(() => {});
  return promise;
}

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".css": "text/css",
};

/**
 * A tiny static server. Every response carries a strict CSP: scripts only
 * from the page's origin plus 'wasm-unsafe-eval' (no 'unsafe-eval', no inline
 * script), and network access only to itself and the emulator.
 */
async function serveStatic(root, emulatorUrl) {
  const csp = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `connect-src 'self' ${new URL(emulatorUrl).origin}`,
    "worker-src 'self'",
  ].join("; ");
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, "http://localhost");
    let path = normalize(join(root, decodeURIComponent(pathname)));
    if (path !== root && !path.startsWith(root.endsWith(sep) ? root : root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (pathname.endsWith("/")) path = join(path, "index.html");
    try {
      const body = await readFile(path);
      res.writeHead(200, {
        "content-type": MIME[extname(path)] ?? "application/octet-stream",
        "content-security-policy": csp,
        "cache-control": "no-store",
      });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

// Shared state, set up once in before().
let tmp;
let fx; // the fixture copies
let packed; // npm pack --json entry
let emulator; // Promise of the emulator handle (stopped in after() even if before() failed)
let emu;
let userSession; // { user, session } of a live session
let browser; // Promise<Browser>
let builds; // { vite, webpack }: Promise<{ stdout, stderr }>
const servers = [];

const fixtureDir = (name) => join(fx, name);

before(async () => {
  if (!existsSync(join(PKG, "package.json"))) throw new Error("pkg/ is missing: run `make pkg` first");
  tmp = mkdtempSync(join(tmpdir(), "authn-packaging-"));
  if (process.env.KEEP_PACKAGING_TMP) console.log(`# packaging temp dir: ${tmp}`);
  fx = join(tmp, "fixtures");
  browser = early(launchChromium());
  emulator = early(startEmulator({ faults: false }));

  // 1. The real tarball, as `npm publish` would upload it.
  const packDir = join(tmp, "pack");
  mkdirSync(packDir);
  const { stdout } = await run("npm", ["pack", PKG, "--pack-destination", packDir, "--json", "--ignore-scripts"]);
  [packed] = JSON.parse(stdout);
  const tarball = join(packDir, packed.filename);

  // 2. Fixture sources only (whatever a local run left behind stays behind).
  const skip = new Set(["node_modules", "dist", "package-lock.json", basename(fileURLToPath(import.meta.url))]);
  cpSync(HERE, fx, { recursive: true, filter: (src) => !skip.has(basename(src)) });

  // 3. Install the tarball into every fixture, in parallel. It has no
  // dependencies, so npm never needs the network. Bundlers and tsc come from
  // the repository's own node_modules/.bin.
  await Promise.all(
    FIXTURES.map((name) =>
      run("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--ignore-scripts", "--prefer-offline", tarball], {
        cwd: fixtureDir(name),
      }),
    ),
  );

  // 4. Bundles build while the Node and static checks run.
  builds = {
    vite: early(run(join(BIN, "vite"), ["build", "--logLevel", "warn"], { cwd: fixtureDir("vite") })),
    webpack: early(run(join(BIN, "webpack"), ["--mode", "production", "--no-color"], { cwd: fixtureDir("webpack") })),
  };

  emu = await emulator;
  [userSession] = await liveSessions(emu);
  assert.ok(userSession, "the emulator has a live session");
});

after(async () => {
  await Promise.allSettled(servers.map((s) => s.close()));
  if (browser) await (await browser.catch(() => undefined))?.close();
  await (await emulator?.catch(() => undefined))?.stop();
  if (tmp && !process.env.KEEP_PACKAGING_TMP) rmSync(tmp, { recursive: true, force: true });
});

/** What every environment must report (see shared/calls.mjs). */
function assertCallResults(result, where) {
  const { serviceList, clientList, badToken } = result;
  assert.equal(serviceList.status, "Success", `${where}: service list status`);
  assert.equal(serviceList.success, true, `${where}: service list success`);
  assert.equal(serviceList.sessions, 2, `${where}: service list honours size: 2`);
  assert.ok(serviceList.count > 2, `${where}: service list count (${serviceList.count})`);
  assert.equal(serviceList.hasLast, true, `${where}: service list has a cursor`);
  assert.equal(serviceList.isPangeaResponse, true, `${where}: the reply is a PangeaResponse`);
  assert.equal(clientList.status, "Success", `${where}: client list status`);
  assert.ok(clientList.ids.includes(userSession.session.id), `${where}: the client list shows the user's session`);
  assert.deepEqual(
    badToken,
    { thrown: true, name: "UnauthorizedError", unauthorized: true, apiError: true, status: "Unauthorized" },
    `${where}: a bad token rejects with PangeaErrors.UnauthorizedError`,
  );
}

const emulatorEnv = () => ({
  EMU_URL: emu.url,
  EMU_SERVICE_TOKEN: emu.serviceToken,
  EMU_CLIENT_TOKEN: emu.clientToken,
  EMU_USER_TOKEN: userSession.session.user_token,
});

// ---------------------------------------------------------------- the tarball

test("tarball holds exactly the intended files", () => {
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, EXPECTED_FILES);
  assert.equal(packed.name, "pangea-authn-wasm");
  // Nothing a package should not leak: maps, tests, sources, dotfiles, keys.
  for (const f of files) assert.doesNotMatch(f, /\.map$|test|spec|\.rs$|^\.|\.env|\.pem$|\.key$/i, f);
});

test("manifest: version from Cargo.toml, engines, exports targets exist", () => {
  const manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  const cargo = /^\[package\][^[]*?^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(ROOT, "Cargo.toml"), "utf8"));
  assert.ok(cargo, "Cargo.toml has a [package] version");
  assert.equal(manifest.version, cargo[1], "package.json version equals Cargo.toml's");
  assert.equal(packed.version, cargo[1]);
  assert.equal(manifest.engines?.node, ">=20.19");
  const [major, minor] = process.versions.node.split(".").map(Number);
  assert.ok(major > 20 || (major === 20 && minor >= 19), `this Node (${process.version}) satisfies engines`);

  // Every file the manifest points at is in the tarball.
  const inTarball = new Set(packed.files.map((f) => f.path));
  const targets = [];
  const walk = (v) => (typeof v === "string" ? targets.push(v) : Object.values(v).forEach(walk));
  walk(manifest.exports);
  for (const field of ["main", "module", "types"]) targets.push(manifest[field]);
  for (const t of targets) assert.ok(inTarball.has(t.replace(/^\.\//, "")), `${t} is in the tarball`);
  // Condition order matters (first match wins): "default" comes last, and in
  // every leaf object (file targets only) "types" comes first.
  const checkOrder = (conditions, where) => {
    if (typeof conditions !== "object") return;
    const keys = Object.keys(conditions);
    const leaf = Object.values(conditions).every((v) => typeof v === "string");
    if (leaf && keys.includes("types")) assert.equal(keys[0], "types", `${where}: "types" first`);
    if (keys.includes("default")) assert.equal(keys.at(-1), "default", `${where}: "default" last`);
    for (const [k, v] of Object.entries(conditions)) checkOrder(v, `${where}.${k}`);
  };
  checkOrder(manifest.exports["."], "exports['.']");
  // Node ESM, Node CommonJS and everyone else each get a JS file and declarations.
  const dot = manifest.exports["."];
  assert.equal(dot.node?.import?.default, "./node.mjs");
  assert.equal(dot.node?.require?.default, "./node.cjs");
  assert.equal(dot.default, "./index.js");
});

test("every entry exports the same names, all declared, no internals", async () => {
  const browserNames = Object.keys(await import(join(PKG, "index.js"))).sort();
  const esmNames = Object.keys(await import(join(PKG, "node.mjs"))).sort();
  const cjsNames = Object.keys(createRequire(import.meta.url)(join(PKG, "node.cjs"))).sort();
  assert.deepEqual(esmNames, browserNames, "node.mjs and index.js");
  assert.deepEqual(cjsNames, browserNames, "node.cjs and index.js");
  const dts = readFileSync(join(PKG, "index.d.ts"), "utf8");
  const declared = [...dts.matchAll(/^export declare (?:class|const|function) (\w+)/gm)].map((m) => m[1]).sort();
  assert.deepEqual(browserNames, declared, "index.d.ts declares exactly the runtime exports");
  assert.equal(readFileSync(join(PKG, "index.d.cts"), "utf8"), dts, "index.d.cts matches index.d.ts");
});

test("JavaScript: no top-level await, no inlined wasm, no source maps", async () => {
  for (const name of ["index.js", "node.mjs"]) {
    const code = readFileSync(join(PKG, name), "utf8");
    // esbuild refuses top-level await when the output is CommonJS.
    await assert.doesNotReject(transform(code, { format: "cjs", loader: "js", logLevel: "silent" }), `${name} has no top-level await`);
  }
  for (const name of ["index.js", "node.cjs", "node.mjs"]) {
    const code = readFileSync(join(PKG, name), "utf8");
    assert.doesNotMatch(code, /AGFzbQ/, `${name}: no base64 wasm ("\\0asm" → AGFzbQ)`);
    assert.doesNotMatch(code, /data:application\/wasm/, `${name}: no data: URL wasm`);
    assert.doesNotMatch(code, /[A-Za-z0-9+/]{2000,}/, `${name}: no long base64 run`);
    assert.doesNotMatch(code, /sourceMappingURL/, `${name}: no source map reference`);
    assert.ok(code.length < 120_000, `${name} is small (${code.length} bytes): the wasm is a separate file`);
  }
  const browserEntry = readFileSync(join(PKG, "index.js"), "utf8");
  assert.match(browserEntry, /new URL\("\.\/pangea_authn_wasm_bg\.wasm", import\.meta\.url\)/, "the bundler-visible asset reference");
  assert.doesNotMatch(browserEntry, /glue_bg\.wasm/, "no reference to a .wasm that is not shipped");
  const wasm = readFileSync(join(PKG, "pangea_authn_wasm_bg.wasm"));
  assert.equal(wasm.subarray(0, 4).toString("latin1"), "\0asm", "the .wasm is a wasm binary");
  assert.ok(!/\/(home|root|work|Users)\//.test(wasm.toString("latin1")), "the .wasm embeds no absolute build paths");
});

// TypeScript runs in-process (compiler API) with one source-file cache, so the
// lib files (es2022, dom) are parsed once for all the programs below.
const sourceFiles = new Map();

/**
 * Type-checks a fixture tsconfig (with option overrides). Returns the
 * diagnostics as text ("" when clean) and, for each root file, the
 * declaration file "pangea-authn-wasm" resolves to from it.
 */
function typeCheck(config, overrides = {}) {
  const dir = fixtureDir("types");
  const parsed = ts.getParsedCommandLineOfConfigFile(join(dir, config), overrides, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
  });
  const host = ts.createCompilerHost(parsed.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, ...rest) => {
    const o = languageVersionOrOptions;
    const key = `${fileName}|${typeof o === "object" ? `${o.languageVersion}/${o.impliedNodeFormat}` : o}`;
    if (!sourceFiles.has(key)) sourceFiles.set(key, read(fileName, languageVersionOrOptions, ...rest));
    return sourceFiles.get(key);
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host });
  const diagnostics = ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => dir,
    getNewLine: () => "\n",
  });
  const resolved = {};
  for (const root of parsed.fileNames) {
    const mode = root.endsWith(".mts") ? ts.ModuleKind.ESNext : root.endsWith(".cts") ? ts.ModuleKind.CommonJS : undefined;
    const r = ts.resolveModuleName("pangea-authn-wasm", root, parsed.options, host, undefined, undefined, mode);
    resolved[basename(root)] = r.resolvedModule ? basename(r.resolvedModule.resolvedFileName) : null;
  }
  // Every pangea-authn-wasm declaration file the program loaded, whoever asked.
  const loaded = program.getSourceFiles().map((f) => f.fileName).filter((f) => f.includes("/pangea-authn-wasm/") && /\.d\.c?ts$/.test(f)).map((f) => basename(f));
  return { diagnostics, resolved, loaded };
}

test("types resolve for node16 ESM, node16 CommonJS and bundler consumers", () => {
  // Node: an ESM (.mts) and a CommonJS (.cts) consumer, moduleResolution node16.
  for (const [config, expected] of [
    ["tsconfig.esm.json", { "esm.mts": "index.d.ts" }],
    ["tsconfig.cjs.json", { "cjs.cts": "index.d.cts" }],
    ["tsconfig.bundler.json", { "bundler.ts": "index.d.ts" }],
  ]) {
    const { diagnostics, resolved, loaded } = typeCheck(config);
    assert.equal(diagnostics, "", `${config}: type-checks cleanly`);
    assert.deepEqual(resolved, expected, `${config}: resolved declarations`);
    // Only that entry's declarations are loaded (a CommonJS consumer must not pull in the ESM file).
    assert.deepEqual(loaded, Object.values(expected), `${config}: declarations loaded`);
  }
});

test("types: a Node-only project (lib es2022 + @types/node, no DOM lib)", () => {
  const typeRoots = join(ROOT, "node_modules", "@types");
  if (!existsSync(join(typeRoots, "node"))) return;
  for (const config of ["tsconfig.esm.json", "tsconfig.cjs.json"]) {
    const { diagnostics } = typeCheck(config, { lib: ["lib.es2022.d.ts"], types: ["node"], typeRoots: [typeRoots] });
    assert.equal(diagnostics, "", `${config} without the DOM lib`);
  }
});

// ------------------------------------------------------------------------ Node

test("Node CommonJS: require() works against the emulator", async () => {
  const { stdout } = await run(process.execPath, ["main.cjs"], { cwd: fixtureDir("node-cjs"), env: emulatorEnv() });
  const result = JSON.parse(stdout);
  assertCallResults(result, "node-cjs");
  assert.ok(result.resolved.endsWith(join("node_modules", "pangea-authn-wasm", "node.cjs")), result.resolved);
  assert.equal(result.sameClassesViaImport, true, "import() from CommonJS returns the same classes");
  for (const name of ["AuthNService", "PangeaConfig", "PangeaErrors", "PangeaResponse", "initAsync", "UnauthorizedError"]) {
    assert.ok(result.exportNames.includes(name), `exports ${name}`);
  }
});

test("Node ESM: import works, and require() in the same process shares the classes", async () => {
  const { stdout } = await run(process.execPath, ["main.mjs"], { cwd: fixtureDir("node-esm"), env: emulatorEnv() });
  const result = JSON.parse(stdout);
  assertCallResults(result, "node-esm");
  assert.ok(result.resolved.endsWith("/node_modules/pangea-authn-wasm/node.mjs"), result.resolved);
  assert.ok(result.subpaths.wasm.endsWith("/pangea-authn-wasm/pangea_authn_wasm_bg.wasm"), result.subpaths.wasm);
  assert.equal(result.subpaths.version, packed.version);
  assert.equal(result.exportNamesMatch, true, "ESM and CJS export the same names");
  assert.equal(result.sameClasses, true, "ESM and CJS exports are identical objects");
  assert.deepEqual(result.crossInstanceof, {
    esmResponseIsCjsResponse: true,
    cjsErrorIsEsmUnauthorized: true,
    cjsErrorIsEsmApiError: true,
    esmConfigAcceptedByCjs: true,
  });
});

// --------------------------------------------------------------------- browser

/**
 * Opens a page with the emulator's coordinates in its query string and waits
 * for it to report. Returns the result plus what the browser saw: errors and
 * warnings, and the .wasm responses (from the page or its workers).
 */
async function runPage(pageUrl) {
  const context = await (await browser).newContext();
  const problems = [];
  const wasm = [];
  context.on("response", (r) => {
    if (new URL(r.url()).pathname.endsWith(".wasm")) wasm.push({ url: r.url(), status: r.status(), type: r.headers()["content-type"] });
  });
  try {
    const page = await context.newPage();
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      // A 401 reply is logged by Chromium itself; the page expects it.
      if ((m.type() === "error" || m.type() === "warning") && !/Failed to load resource/.test(m.text())) {
        problems.push(`console.${m.type()}: ${m.text()}`);
      }
    });
    const query = new URLSearchParams({
      url: emu.url,
      service: emu.serviceToken,
      client: emu.clientToken,
      user: userSession.session.user_token,
    });
    await page.goto(`${pageUrl}?${query}`);
    await page.waitForSelector("body[data-state]", { timeout: 30_000 });
    const state = await page.getAttribute("body", "data-state");
    const text = await page.textContent("#out");
    assert.equal(state, "done", `the page reported an error: ${text}\n${problems.join("\n")}`);
    return { result: JSON.parse(text), problems, wasm };
  } finally {
    await context.close();
  }
}

async function assertPage(label, root, path) {
  const server = await serveStatic(root, emu.url);
  servers.push(server);
  return assertPageAt(label, server.url + path);
}

async function assertPageAt(label, pageUrl) {
  const { result, problems, wasm } = await runPage(pageUrl);
  assertCallResults(result, label);
  assert.deepEqual(problems, [], `${label}: no page errors or warnings`);
  assert.equal(wasm.length, 1, `${label}: the .wasm was fetched once, as a file: ${JSON.stringify(wasm)}`);
  assert.equal(wasm[0].status, 200);
  assert.equal(wasm[0].type, "application/wasm");
  return result;
}

/** Files of a directory tree, relative paths. */
function listFiles(dir, prefix = "") {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

test("browser: plain <script type=module> page, no bundler", async () => {
  // Served from the fixtures root so the page can import ../shared/calls.mjs.
  await assertPage("plain-html", fx, "/plain-html/index.html");
});

test("browser: Vite production build", async () => {
  const { stdout, stderr } = await builds.vite;
  assert.doesNotMatch(stdout + stderr, /warn|error|doesn't exist at build time/i, "vite build is clean");
  const dist = join(fixtureDir("vite"), "dist");
  const files = listFiles(dist);
  assert.ok(files.some((f) => /^assets\/pangea_authn_wasm_bg-[\w-]+\.wasm$/.test(f)), `Vite emitted the .wasm asset: ${files}`);
  for (const f of files.filter((f) => f.endsWith(".js"))) assert.doesNotMatch(readFileSync(join(dist, f), "utf8"), /AGFzbQ/, `${f}: wasm not inlined`);
  await assertPage("vite", dist, "/index.html");
});

test("browser: Vite dev server (dependency pre-bundled by the optimizer)", async () => {
  // Not a production path, but the first thing a Vite user runs: the optimizer
  // moves the package into node_modules/.vite/deps and must keep the .wasm URL working.
  const { createServer: createViteServer } = await import("vite");
  const server = await createViteServer({
    root: fixtureDir("vite"),
    configFile: false,
    logLevel: "silent",
    server: { host: "127.0.0.1", port: 0, hmr: false },
  });
  try {
    await server.listen();
    const { port } = server.httpServer.address();
    await assertPageAt("vite dev", `http://127.0.0.1:${port}/index.html`);
  } finally {
    await server.close();
  }
});

test("browser: webpack 5 production build, zero config", async () => {
  const { stdout, stderr } = await builds.webpack;
  assert.doesNotMatch(stdout + stderr, /WARNING|ERROR/, "webpack build is clean");
  const files = listFiles(join(fixtureDir("webpack"), "dist"));
  assert.ok(files.includes("main.js") && files.some((f) => f.endsWith(".wasm")), `webpack emitted main.js and the .wasm asset: ${files}`);
  await assertPage("webpack", fixtureDir("webpack"), "/index.html");
});

test("browser: module Web Worker", async () => {
  const result = await assertPage("worker", fx, "/worker/index.html");
  assert.equal(result.inWorker, true, "the calls ran inside the worker");
});
