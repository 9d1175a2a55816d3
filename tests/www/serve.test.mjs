// Tests of scripts/serve-www.mjs: MIME types, /pkg/ mapping, /config.json,
// no directory traversal, clean shutdown.
//
//   node --test tests/www/serve.test.mjs

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startStaticServer } from "./helpers.mjs";

let dir;
let server;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "serve-www-test-"));
  const www = path.join(dir, "www");
  const pkg = path.join(dir, "pkg");
  await mkdir(path.join(www, "sub"), { recursive: true });
  await mkdir(pkg);
  await writeFile(
    path.join(www, "index.html"),
    '<!doctype html><script type="importmap">{"imports":{"x":"/pkg/index.js"}}</script><p>home</p>',
  );
  await writeFile(path.join(www, "app.js"), "export {};\n");
  await writeFile(path.join(www, "style.css"), "body{}\n");
  await writeFile(path.join(www, "sub", "index.html"), "<p>sub</p>");
  await writeFile(path.join(pkg, "index.js"), "export const x = 1;\n");
  await writeFile(path.join(pkg, "node.mjs"), "export {};\n");
  await writeFile(path.join(pkg, "pangea_authn_wasm_bg.wasm"), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  await writeFile(path.join(dir, "secret.txt"), "TOP SECRET");
  await symlink(path.join(dir, "secret.txt"), path.join(www, "escape.txt"));
  server = await startStaticServer([
    "--www", www,
    "--pkg", pkg,
    "--emulator-url", "http://127.0.0.1:4999",
    "--client-token", "pcl_demo",
  ]);
});

after(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A raw request, so that paths like /../x reach the server unnormalised. */
function raw(method, rawPath) {
  const { hostname, port } = new URL(server.info.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: rawPath }, (res) => {
      let body = "";
      res.setEncoding("latin1");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("first stdout line names the URL; --port 0 picks a free port", () => {
  assert.equal(server.info.event, "listening");
  assert.match(server.info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(new URL(server.info.url).port, "0");
});

test("serves www/ at / with the right MIME types", async () => {
  const home = await raw("GET", "/");
  assert.equal(home.status, 200);
  assert.match(home.headers["content-type"], /^text\/html/);
  assert.match(home.body, /home/);
  const csp = home.headers["content-security-policy"];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/, "the import map is allowed by hash");
  assert.match((await raw("GET", "/app.js")).headers["content-type"], /^text\/javascript/);
  assert.match((await raw("GET", "/style.css")).headers["content-type"], /^text\/css/);
  assert.match((await raw("GET", "/sub/")).body, /sub/);
  assert.equal((await raw("GET", "/nope.js")).status, 404);
  const head = await raw("HEAD", "/app.js");
  assert.equal(head.status, 200);
  assert.equal(head.body, "");
  assert.equal((await raw("POST", "/app.js")).status, 405);
});

test("serves pkg/ at /pkg/, .wasm as application/wasm", async () => {
  const wasm = await raw("GET", "/pkg/pangea_authn_wasm_bg.wasm");
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers["content-type"], "application/wasm");
  assert.equal(wasm.body.slice(1, 4), "asm");
  assert.match((await raw("GET", "/pkg/index.js")).headers["content-type"], /^text\/javascript/);
  assert.match((await raw("GET", "/pkg/node.mjs")).headers["content-type"], /^text\/javascript/);
  assert.equal((await raw("GET", "/pkg")).status, 301);
});

test("/config.json carries the pre-filled settings", async () => {
  const res = await raw("GET", "/config.json");
  assert.equal(res.status, 200);
  assert.deepEqual(JSON.parse(res.body), { baseUrl: "http://127.0.0.1:4999", clientToken: "pcl_demo" });
});

test("no directory traversal", async () => {
  for (const p of [
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/pkg/../../secret.txt",
    "/pkg/..%2f..%2fsecret.txt",
    "/pkg/%2e%2e/%2e%2e/secret.txt",
    "/sub/..%5c..%5csecret.txt",
    "/%00",
    "/escape.txt",
    "/%E0%A4%A",
  ]) {
    const res = await raw("GET", p);
    assert.ok([400, 403, 404].includes(res.status), `${p} → ${res.status}`);
    assert.ok(!res.body.includes("TOP SECRET"), `${p} leaked the file`);
  }
});

test("exits cleanly on SIGTERM", async () => {
  const child = server.child;
  const code = await new Promise((resolve) => {
    child.once("exit", (c, signal) => resolve(signal ?? c));
    child.kill("SIGTERM");
  });
  assert.equal(code, 0);
  server = undefined;
});
