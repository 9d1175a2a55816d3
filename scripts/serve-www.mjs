#!/usr/bin/env node
// Small dependency-free static server for the session-manager demo page.
//
//   node scripts/serve-www.mjs [--port 8787] [--host 127.0.0.1]
//                              [--emulator-url URL] [--client-token pcl_…] [--service-token pts_…]
//                              [--www DIR] [--pkg DIR]
//
// Serves www/ at "/" and the built npm package pkg/ at "/pkg/". The first
// stdout line is JSON: {"event":"listening","url":"http://127.0.0.1:8787"}.
// `--port 0` picks a free port. Exits cleanly on SIGINT/SIGTERM.
//
// `/config.json` carries the optional pre-filled base URL and tokens. It exists
// only for the local demo: never run this server with a real service token on
// a network anyone else can reach.

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { readFile, realpath, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

const USAGE = `usage: node scripts/serve-www.mjs [--port N] [--host H] [--emulator-url URL]
                                [--client-token TOKEN] [--service-token TOKEN]
                                [--www DIR] [--pkg DIR]`;

function parseArgs(argv) {
  const opts = {
    port: 8787,
    host: "127.0.0.1",
    emulatorUrl: undefined,
    clientToken: undefined,
    serviceToken: undefined,
    www: path.join(ROOT, "www"),
    pkg: path.join(ROOT, "pkg"),
  };
  const names = {
    "--port": "port",
    "--host": "host",
    "--emulator-url": "emulatorUrl",
    "--client-token": "clientToken",
    "--service-token": "serviceToken",
    "--www": "www",
    "--pkg": "pkg",
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (arg === "-h" || arg === "--help") {
      process.stdout.write(USAGE + "\n");
      process.exit(0);
    }
    let value;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const key = names[arg];
    if (!key) fail(`unknown argument: ${arg}`);
    if (value === undefined) {
      if (i + 1 >= argv.length) fail(`missing value for ${arg}`);
      value = argv[++i];
    }
    opts[key] = value;
  }
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port: ${opts.port}`);
  opts.port = port;
  if (opts.emulatorUrl !== undefined) {
    try {
      const u = new URL(opts.emulatorUrl);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("not http(s)");
    } catch {
      fail(`bad --emulator-url: ${opts.emulatorUrl}`);
    }
  }
  opts.www = path.resolve(opts.www);
  opts.pkg = path.resolve(opts.pkg);
  return opts;
}

function fail(message) {
  process.stderr.write(`serve-www: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));

const config = {};
if (opts.emulatorUrl) config.baseUrl = opts.emulatorUrl;
if (opts.clientToken) config.clientToken = opts.clientToken;
if (opts.serviceToken) config.serviceToken = opts.serviceToken;
const configBody = JSON.stringify(config);

/** Resolve a URL path inside `root`, or return null when it would escape it. */
async function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/");
  if (segments.some((s) => s === ".." || s === ".")) return null;
  const candidate = path.resolve(root, "." + path.posix.normalize("/" + decoded));
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;
  let real;
  let realRoot;
  try {
    [real, realRoot] = await Promise.all([realpath(candidate), realpath(root)]);
  } catch {
    return { missing: true };
  }
  // Symlinks must not lead outside the served directory either.
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
  let info;
  try {
    info = await stat(real);
  } catch {
    return { missing: true };
  }
  if (info.isDirectory()) {
    const index = path.join(real, "index.html");
    try {
      const indexInfo = await stat(index);
      if (indexInfo.isFile()) return { file: index, size: indexInfo.size, mtime: indexInfo.mtime };
    } catch {
      /* fall through */
    }
    return { missing: true };
  }
  if (!info.isFile()) return { missing: true };
  return { file: real, size: info.size, mtime: info.mtime };
}

/** CSP for HTML pages: the inline import map is allowed by its hash. */
async function contentSecurityPolicy(file) {
  const html = await readFile(file, "utf8");
  const hashes = [];
  const re = /<script\b[^>]*type=["']importmap["'][^>]*>([\s\S]*?)<\/script>/gi;
  for (const m of html.matchAll(re)) {
    hashes.push(`'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`);
  }
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
    // The AuthN base URL is typed in by the user, so any http(s) origin may be called.
    "connect-src 'self' http: https:",
    "img-src 'self' data:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function send(res, status, body, headers = {}) {
  const data = Buffer.from(body);
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": data.length,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  res.end(res.req.method === "HEAD" ? undefined : data);
}

async function handle(req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    send(res, 405, "Method Not Allowed\n", { Allow: "GET, HEAD" });
    return;
  }
  let pathname;
  try {
    pathname = new URL(req.url, "http://localhost").pathname;
  } catch {
    send(res, 400, "Bad Request\n");
    return;
  }
  if (pathname === "/config.json") {
    send(res, 200, configBody, { "Content-Type": MIME[".json"] });
    return;
  }
  let root = opts.www;
  let rel = pathname;
  if (pathname === "/pkg") {
    send(res, 301, "", { Location: "/pkg/" });
    return;
  }
  if (pathname.startsWith("/pkg/")) {
    root = opts.pkg;
    rel = pathname.slice("/pkg".length);
  }
  const found = await resolveInside(root, rel);
  if (found === null) {
    send(res, 403, "Forbidden\n");
    return;
  }
  if (found.missing) {
    send(res, 404, "Not Found\n");
    return;
  }
  const ext = path.extname(found.file).toLowerCase();
  const headers = {
    "Content-Type": MIME[ext] ?? "application/octet-stream",
    "Content-Length": found.size,
    "Cache-Control": "no-store",
    "Last-Modified": found.mtime.toUTCString(),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  };
  if (ext === ".html") {
    headers["Content-Security-Policy"] = await contentSecurityPolicy(found.file);
    headers["X-Frame-Options"] = "DENY";
  }
  res.writeHead(200, headers);
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const stream = createReadStream(found.file);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    process.stderr.write(`serve-www: ${req.method} ${req.url}: ${err?.message ?? err}\n`);
    if (!res.headersSent) send(res, 500, "Internal Server Error\n");
    else res.destroy();
  });
});

server.on("error", (err) => {
  process.stderr.write(`serve-www: ${err.message}\n`);
  process.exit(1);
});

server.listen(opts.port, opts.host, () => {
  const { port } = server.address();
  const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  process.stdout.write(JSON.stringify({ event: "listening", url: `http://${host}:${port}` }) + "\n");
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeAllConnections();
  // Never hang on shutdown.
  setTimeout(() => process.exit(0), 2000).unref();
  process.stderr.write(`serve-www: ${signal}, shutting down\n`);
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
