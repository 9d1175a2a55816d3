// The emulator holds up, black-box over HTTP (every test, the demo and the
// benchmarks depend on it): malformed JSON, bodies over 1 MiB, 2,000
// concurrent connections, slow clients, bounded memory under a 20,000-request
// load, and consistent state under a concurrent mix of refresh, invalidate,
// logout and list.
//
//   node --test tests/js/emulator-robustness.test.mjs   (needs the emulator binary)
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { createInterface } from "node:readline";

import { emulatorBin } from "../support/emulator.mjs";

const T = { timeout: 120_000 };

/** Starts the emulator binary ourselves, to know its pid. */
async function start(args) {
  const child = spawn(emulatorBin(), ["--port", "0", "--quiet", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited early (${code})`)));
  });
  lines.on("line", () => {});
  const info = JSON.parse(first);
  return {
    ...info,
    child,
    port: Number(new URL(info.url).port),
    rssMb: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))[1]) / 1024,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

let emu;

before(async () => {
  emu = await start(["--seed", "300", "--faults"]);
});
after(() => emu?.stop());

async function api(path, body, token = emu.service_token, init = {}) {
  const res = await fetch(emu.url + path, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
    body: typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body),
    ...init,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { http: res.status, json, text };
}

async function healthy() {
  const res = await fetch(`${emu.url}/health`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: "ok" });
  const list = await api("/v2/session/list", { size: 1 });
  assert.equal(list.json.status, "Success");
}

/** Sends raw bytes on a fresh TCP connection and returns everything read until it closes (or `ms`). */
function raw(chunks, { ms = 5000, gapMs = 0 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect(emu.port, "127.0.0.1");
    let data = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(data);
    }, ms);
    socket.on("data", (d) => (data += d));
    socket.on("error", reject);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(data);
    });
    socket.on("connect", async () => {
      for (const c of chunks) {
        if (socket.destroyed) break;
        socket.write(c);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

describe("malformed input", () => {
  it("malformed JSON bodies: HTTP 400 ValidationError, never a 5xx", T, async () => {
    const bodies = [
      "{",
      "nul",
      "[1,2",
      '{"size":}',
      '{"size":1}garbage',
      "\uFEFF{}",
      '{"size":1e999999}',
      '{"filter":' + "[".repeat(100_000) + "]".repeat(100_000) + "}",
      '{"a":"\\ud800"}',
      '{"a":"\u0000"}',
      "\u0000\u0001\u0002",
      new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]),
      "",
      "[]",
      "null",
      '"a string"',
      "12",
    ];
    for (const path of ["/v2/session/list", "/v2/client/session/refresh", "/v2/session/logout"]) {
      for (const body of bodies) {
        const r = await api(path, body);
        assert.ok(r.http >= 400 && r.http < 500, `${path} ${String(body).slice(0, 20)}: HTTP ${r.http}`);
        assert.equal(r.json?.status, "ValidationError", `${path} ${String(body).slice(0, 20)}: ${r.text.slice(0, 200)}`);
      }
    }
    // Wrong content types and methods do not crash it either.
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const r = await api("/v2/session/list", "size=1", emu.service_token, { headers: { "content-type": type } });
      assert.ok(r.http < 500, `${type}: ${r.http}`);
    }
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      const res = await fetch(`${emu.url}/v2/session/list`, { method, headers: { authorization: `Bearer ${emu.service_token}` } });
      assert.ok(res.status < 500, `${method}: ${res.status}`);
      await res.arrayBuffer();
    }
    await healthy();
  });

  it("bodies over 1 MiB: HTTP 413, declared or chunked, and the server carries on", T, async () => {
    const big = JSON.stringify({ filter: { email: "x".repeat(2 * 1024 * 1024) } });
    const declared = await api("/v2/session/list", big);
    assert.equal(declared.http, 413);
    assert.equal(declared.json.status, "PayloadTooLarge");
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode("y".repeat(64 * 1024)));
        controller.close();
      },
    });
    // Chunked (no Content-Length): the limit applies while reading. The
    // emulator answers 413 and closes without draining the rest, so a client
    // still uploading may see the connection reset before it reads the 413.
    const chunked = await api("/v2/session/list", undefined, emu.service_token, { body: stream, duplex: "half" }).catch(
      (e) => ({ error: e.cause?.code ?? e.message }),
    );
    assert.ok(chunked.http === 413 || ["EPIPE", "ECONNRESET", "UND_ERR_SOCKET"].includes(chunked.error), JSON.stringify(chunked));
    // A lying Content-Length far above the limit, with a tiny body: answered at once.
    const lie = await raw(
      [`POST /v2/session/list HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${emu.service_token}\r\nContent-Type: application/json\r\nContent-Length: 500000000\r\n\r\n{}`],
      { ms: 8000 },
    );
    assert.match(lie, /^HTTP\/1\.1 413/);
    // Exactly at the limit is fine (a validation error, not a 413).
    const limit = JSON.stringify({ filter: { email: "" } });
    const atLimit = await api("/v2/session/list", limit.replace('""', `"${"z".repeat(1024 * 1024 - limit.length)}"`));
    assert.notEqual(atLimit.http, 413);
    await healthy();
  });

  it("garbage instead of HTTP, and headers that never end", T, async () => {
    const replies = await Promise.all([
      raw(["GARBAGE\r\n\r\n"]),
      raw([Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256))]),
      raw(["POST /v2/session/list HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"]),
      raw(["POST /v2/session/list HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n"]),
    ]);
    for (const r of replies) assert.ok(r === "" || /^HTTP\/1\.1 4\d\d/.test(r), r.slice(0, 80));
    // Headers of 200 kB and 1 MB: served or refused (431), never a crash.
    for (const size of [200_000, 1_000_000]) {
      const r = await raw([`GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: ${"a".repeat(size)}\r\n\r\n`]);
      assert.ok(r === "" || /^HTTP\/1\.1 (200|4\d\d)/.test(r), r.slice(0, 80));
    }
    await healthy();
  });
});

describe("load", () => {
  it("2,000 concurrent connections: all answered, and health afterwards", T, async () => {
    const N = 2000;
    const request = `POST /v2/session/list HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${emu.service_token}\r\nContent-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n{"size":1}`;
    // Open all connections first, then send on all of them at once.
    const sockets = await Promise.all(
      Array.from(
        { length: N },
        () =>
          new Promise((resolve, reject) => {
            const s = connect(emu.port, "127.0.0.1", () => resolve(s));
            s.on("error", reject);
          }),
      ),
    );
    const start = performance.now();
    const replies = await Promise.all(
      sockets.map(
        (s) =>
          new Promise((resolve) => {
            let data = "";
            s.on("data", (d) => (data += d));
            s.on("close", () => resolve(data));
            s.write(request);
          }),
      ),
    );
    const ms = performance.now() - start;
    const ok = replies.filter((r) => r.startsWith("HTTP/1.1 200")).length;
    console.log(`# emulator: ${N} concurrent connections, ${ok} answered 200 in ${ms.toFixed(0)} ms`);
    assert.equal(ok, N);
    await healthy();
  });

  it("slow clients: a body trickled byte by byte is answered, and others are served meanwhile", T, async () => {
    const body = JSON.stringify({ size: 2, order: "asc" });
    const head = `POST /v2/session/list HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${emu.service_token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    // 20 trickling clients (about 1.2 s each) and 50 that send half a header and stall.
    const trickles = Array.from({ length: 20 }, () => raw([head, ...body.split("")], { gapMs: 50, ms: 20_000 }));
    const stalled = Array.from({ length: 50 }, () => raw(["POST /v2/session/list HTTP/1.1\r\nHost: x\r\n"], { ms: 3000 }));
    const served = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await healthy();
      served.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
    const answers = await Promise.all(trickles);
    for (const a of answers) {
      assert.match(a, /^HTTP\/1\.1 200/);
      assert.match(a, /"status":"Success"/);
    }
    await Promise.all(stalled);
    served.sort((a, b) => a - b);
    assert.ok(served[served.length - 1] < 1500, `others waited up to ${served.at(-1)} ms`);
    await healthy();
  });

  it("memory stays bounded: RSS grows < 50 MB over 20,000 requests (and < 10 MB over 10,000 more)", T, async () => {
    const fixture = await (await fetch(`${emu.url}/_emulator/fixture`, { headers: { authorization: `Bearer ${emu.service_token}` } })).json();
    const tokens = fixture.users.flatMap((u) => u.sessions.filter((s) => !s.invalidated).map((s) => s.user_token)).slice(0, 200);
    // A raw HTTP/1.1 client pipelining batches of requests on 8 keep-alive
    // connections: cheap enough on the client that the emulator is what is measured.
    const request = (path, body, token = emu.service_token) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const kinds = [
      () => request("/v2/session/list", JSON.stringify({ size: 20, order_by: "email" })),
      (i) => request("/v2/client/session/list", JSON.stringify({ token: tokens[i % tokens.length] }), emu.client_token),
      () => request("/v2/session/list", JSON.stringify({ filter: { email__contains: ["test"] }, size: 5 })),
      () => request("/v2/client/session/logout", JSON.stringify({ token: `ptu_${"a".repeat(32)}` }), emu.client_token),
      () => request("/v2/session/invalidate", JSON.stringify({ session_id: "bad" })),
      () => request("/v2/session/list", "{bad json"),
      () => request("/v2/session/list", "{}", "pts_wrong"),
    ];
    /** Sends `n` requests over one connection in batches; resolves with the status codes. */
    function pipeline(offset, n) {
      return new Promise((resolve, reject) => {
        const socket = connect(emu.port, "127.0.0.1");
        const statuses = [];
        let buf = Buffer.alloc(0);
        let sent = 0;
        const sendBatch = () => {
          const batch = [];
          for (let k = 0; k < 100 && sent < n; k++, sent++) batch.push(kinds[(offset + sent) % kinds.length](offset + sent));
          socket.write(batch.join(""));
        };
        socket.on("connect", sendBatch);
        socket.on("error", reject);
        socket.on("data", (chunk) => {
          buf = Buffer.concat([buf, chunk]);
          for (;;) {
            const end = buf.indexOf("\r\n\r\n");
            if (end < 0) break;
            const head = buf.subarray(0, end).toString("latin1");
            const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
            if (buf.length < end + 4 + length) break;
            statuses.push(Number(head.slice(9, 12)));
            buf = buf.subarray(end + 4 + length);
            if (statuses.length === n) {
              socket.end();
              return resolve(statuses);
            }
            if (statuses.length === sent) sendBatch();
          }
        });
      });
    }
    async function load(n) {
      const per = n / 8;
      const all = (await Promise.all(Array.from({ length: 8 }, (_, c) => pipeline(c * per, per)))).flat();
      assert.equal(all.length, n);
      return all.filter((status) => status >= 500).length;
    }
    await load(2000); // warm-up: allocator pools, the request log starts filling
    const before = emu.rssMb();
    const t0 = performance.now();
    assert.equal(await load(20_000), 0);
    const first = emu.rssMb();
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(await load(10_000), 0);
    const second = emu.rssMb();
    console.log(
      `# emulator: RSS ${before.toFixed(1)} MB -> ${first.toFixed(1)} MB after 20,000 requests (${(20_000 / seconds).toFixed(0)} req/s) -> ${second.toFixed(1)} MB after 10,000 more`,
    );
    assert.ok(first - before < 50, `grew ${(first - before).toFixed(1)} MB`);
    assert.ok(second - first < 10, `kept growing: ${(second - first).toFixed(1)} MB`);
    await healthy();
  });
});

describe("consistent state under a concurrent mix of refresh, invalidate, logout and list", () => {
  it("no session both listed and invalidated; refreshed tokens work, old ones do not", T, async () => {
    await fetch(`${emu.url}/_emulator/reset`, { method: "POST" });
    const fixture = await (await fetch(`${emu.url}/_emulator/fixture`, { headers: { authorization: `Bearer ${emu.service_token}` } })).json();
    const now = Date.now();
    const live = (u) => u.sessions.filter((s) => !s.invalidated && Date.parse(s.expire) > now);
    const users = fixture.users.filter((u) => live(u).length >= 2).slice(0, 120);
    assert.ok(users.length >= 100);

    // Overlapping operations on the same sessions, all at once, three rounds.
    const ops = [];
    const C = emu.client_token;
    for (const [n, u] of users.entries()) {
      const [a, b] = live(u);
      ops.push({ kind: "refresh", session: a, p: api("/v2/client/session/refresh", { refresh_token: a.refresh_token, user_token: a.user_token }, C) });
      ops.push({ kind: "refresh", session: a, p: api("/v2/client/session/refresh", { refresh_token: a.refresh_token }, C) });
      if (n % 3 === 0) ops.push({ kind: "invalidate", session: a, p: api("/v2/session/invalidate", { session_id: a.id }) });
      if (n % 3 === 1) ops.push({ kind: "client-invalidate", session: b, p: api("/v2/client/session/invalidate", { token: a.user_token, session_id: b.id }, C) });
      if (n % 4 === 2) ops.push({ kind: "logout-user", user: u, p: api("/v2/session/logout", { user_id: u.id }) });
      if (n % 5 === 3) ops.push({ kind: "logout", session: b, p: api("/v2/client/session/logout", { token: b.user_token }, C) });
      ops.push({ kind: "list", user: u, p: api("/v2/client/session/list", { token: b.user_token }, C) });
      ops.push({ kind: "list", user: u, p: api("/v2/session/list", { filter: { identity: u.id }, size: 1000 }) });
    }
    const results = await Promise.all(ops.map((o) => o.p));
    results.forEach((r, i) => (ops[i].r = r));
    assert.ok(results.every((r) => r.http < 500), "no server error");

    // Exactly one of the two racing refreshes of a session wins.
    const refreshes = ops.filter((o) => o.kind === "refresh");
    const bySession = new Map();
    for (const o of refreshes) bySession.set(o.session.id, [...(bySession.get(o.session.id) ?? []), o]);
    for (const [id, pair] of bySession) {
      const wins = pair.filter((o) => o.r.json.status === "Success");
      assert.ok(wins.length <= 1, `${id}: ${wins.length} refreshes won with the same refresh token`);
    }

    // Listed sessions are never invalidated; every active session is listed.
    const after = await (await fetch(`${emu.url}/_emulator/fixture`, { headers: { authorization: `Bearer ${emu.service_token}` } })).json();
    const all = after.users.flatMap((u) => u.sessions);
    const state = new Map(all.map((s) => [s.id, s]));
    const listed = new Set();
    let last;
    do {
      const page = await api("/v2/session/list", { size: 1000, order_by: "id", ...(last ? { last } : {}) });
      assert.equal(page.json.status, "Success");
      for (const s of page.json.result.sessions) {
        assert.ok(!listed.has(s.id), `${s.id} listed twice`);
        listed.add(s.id);
      }
      last = page.json.result.last;
    } while (last);
    for (const id of listed) assert.equal(state.get(id).invalidated, false, `${id} is listed but invalidated`);
    const active = all.filter((s) => !s.invalidated && Date.parse(s.expire) > Date.now());
    assert.equal(listed.size, active.length, "every active session is listed");

    // Every reported success is reflected.
    for (const o of ops.filter((o) => o.r.json.status === "Success")) {
      if (["invalidate", "client-invalidate", "logout"].includes(o.kind)) assert.equal(state.get(o.session.id).invalidated, true, o.kind);
      if (o.kind === "logout-user") for (const s of o.user.sessions) assert.equal(state.get(s.id).invalidated, true, "logout-user");
    }

    // Refreshed tokens work while their session lives; the old ones never do.
    for (const o of refreshes.filter((o) => o.r.json.status === "Success")) {
      const session = state.get(o.session.id);
      const fresh = o.r.json.result.active_token.token;
      const newer = await api("/v2/client/session/list", { token: fresh }, C);
      const older = await api("/v2/client/session/list", { token: o.session.user_token }, C);
      assert.equal(older.json.status, "ExpiredToken", "the pre-refresh token is retired");
      if (session.invalidated) assert.equal(newer.json.status, "ExpiredToken");
      else {
        assert.equal(newer.json.status, "Success");
        assert.ok(newer.json.result.sessions.some((s) => s.id === o.session.id));
      }
      const again = await api("/v2/client/session/refresh", { refresh_token: o.session.refresh_token }, C);
      assert.equal(again.json.status, "ExpiredToken", "an old refresh token cannot refresh again");
    }
    console.log(`# emulator: ${ops.length} concurrent mixed operations; ${listed.size} sessions listed, all consistent`);
    await healthy();
  });
});
