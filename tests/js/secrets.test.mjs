// Secrets stay secret: every error class is triggered with known tokens in
// play (service, client, user and refresh token), and no token may appear in
// its message, stack, toString(), JSON.stringify(err), util.inspect(err), the
// attached response's toJSON(), or anything written to the console. Requests
// go only to the configured base URL: redirects are not followed (a second
// server hears nothing), no cookies are sent (also proven in headless
// Chromium), and no token is ever part of a URL.
//
//   node --test tests/js/secrets.test.mjs   (needs `make pkg`, the emulator, /usr/bin/chromium)
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";

import { startEmulator } from "../support/emulator.mjs";
import { launchChromium } from "../support/browser.mjs";
import { AuthNService, PangeaConfig, PangeaErrors, services, sessionPool, settle } from "./reliability-support.mjs";

const T = { timeout: 90_000 };
const PKG = fileURLToPath(new URL("../../pkg/", import.meta.url));

let emu;
let pool;
let svc;
/** Every token that must never leak. */
const SECRETS = new Set();
/** `[label, error, { rawReply }]` of every failure provoked below. */
const failures = [];
/** Everything written through console.* while calls ran. */
const consoleOutput = [];
const restoreConsole = [];

function captureConsole() {
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
    const original = console[level];
    restoreConsole.push(() => (console[level] = original));
    console[level] = (...args) => {
      consoleOutput.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 6 }))).join(" "));
      original.apply(console, args);
    };
  }
  const onWarning = (w) => consoleOutput.push(String(w?.stack ?? w));
  process.on("warning", onWarning);
  restoreConsole.push(() => process.off("warning", onWarning));
}

/** A local server recording every request; `reply(req, body, res)` answers. */
async function recordingServer(reply) {
  const seen = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      reply(req, body, res);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

let echo;
let echoMode = "html";

before(async () => {
  captureConsole();
  emu = await startEmulator({ seed: 60 });
  pool = await sessionPool(emu);
  svc = services(emu, { requestRetries: 0, requestTimeout: 1500, pollResultTimeoutMs: 1200 });
  SECRETS.add(emu.serviceToken).add(emu.clientToken);
  // A hostile server that echoes what it receives: the Authorization header
  // and the body (with the user and refresh tokens) come back in the reply.
  echo = await recordingServer((req, body, res) => {
    const echoed = `${req.headers.authorization} ${body}`;
    if (echoMode === "html") {
      res.writeHead(502, { "content-type": "text/html" });
      res.end(`<html><body><h1>502</h1><pre>${echoed}</pre></body></html>`);
    } else if (echoMode === "text") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(`you sent: ${echoed}`);
    } else if (echoMode === "truncated-json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"status":"Success","result":{"token":"${echoed.replaceAll('"', "'")}"`);
    } else if (echoMode === "json") {
      res.writeHead(400, { "content-type": "application/json", "x-request-id": "prq_echo" });
      res.end(
        JSON.stringify({
          request_id: "prq_echo",
          request_time: "2026-01-01T00:00:00Z",
          response_time: "2026-01-01T00:00:00Z",
          status: "ValidationError",
          summary: `Bad request from ${req.headers.authorization}`,
          result: { errors: [{ code: "InvalidString", source: "/token", detail: `bad value ${body}` }] },
        }),
      );
    }
  });
});

after(async () => {
  for (const restore of restoreConsole) restore();
  await echo?.close();
  await emu?.stop();
});

/** Makes a call that must fail, records the error with the tokens it carried. */
async function provoke(label, promise, tokens, options = {}) {
  for (const t of tokens) SECRETS.add(t);
  const outcome = await settle(promise);
  assert.ok(!outcome.ok, `${label}: expected a failure, got ${outcome.value?.status}`);
  failures.push([label, outcome.error, options]);
  return outcome.error;
}

/** What a program might print of an error. */
function surfaces(e, { rawReply = false } = {}) {
  const out = { message: e.message, stack: e.stack, String: String(e), toString: e.toString() };
  if (e.excerpt !== undefined) out.excerpt = e.excerpt;
  if (!rawReply) {
    // A server that echoes a token inside its JSON reply gets it back in
    // `response` (the parsed reply is exposed as received); everything the
    // library itself composes is checked in every case.
    out.JSON = JSON.stringify(e);
    out.inspect = inspect(e, { depth: 8, showHidden: false });
    if (e.response?.toJSON) out.responseToJSON = e.response.toJSON();
    if (e.body !== undefined) out.body = String(e.body);
  }
  return out;
}

describe("every error class, with the tokens in play", () => {
  const STATUSES = [
    ["ValidationError", PangeaErrors.ValidationError],
    ["TooManyRequests", PangeaErrors.RateLimitError],
    ["NoCredit", PangeaErrors.NoCreditError],
    ["Unauthorized", PangeaErrors.UnauthorizedError],
    ["ServiceNotEnabled", PangeaErrors.ServiceNotEnabledError],
    ["MissingConfigID", PangeaErrors.MissingConfigID],
    ["ProviderError", PangeaErrors.ProviderError],
    ["InternalError", PangeaErrors.InternalServerError],
    ["ServiceNotAvailable", PangeaErrors.ServiceNotAvailableError],
    ["InvalidPayloadReceived", PangeaErrors.InvalidPayloadReceived],
    ["ForbiddenVaultOperation", PangeaErrors.ForbiddenVaultOperation],
    ["NotFound", PangeaErrors.NotFound],
    ["InvalidToken", PangeaErrors.APIError],
  ];

  it("API errors of every status (client token, refresh and user tokens in the call)", T, async () => {
    for (const [status, Class] of STATUSES) {
      const { session } = pool.take();
      await emu.faults([{ path: "/v2/client/session/refresh", action: { kind: "status", http: 400, status } }]);
      const e = await provoke(
        status,
        svc.client.client.session.refresh(session.refresh_token, { user_token: session.user_token }),
        [session.refresh_token, session.user_token],
      );
      assert.ok(e instanceof Class, `${status}: ${e.constructor.name}`);
    }
  });

  it("AcceptedRequestException (still pending when polling ends) and HTTP 503", T, async () => {
    let { session } = pool.take();
    await emu.faults([{ path: "/v2/client/session/list", action: { kind: "accepted", polls: 1000 } }]);
    let e = await provoke("accepted", svc.client.client.session.list(session.user_token), [session.user_token]);
    assert.ok(e instanceof PangeaErrors.AcceptedRequestException);
    ({ session } = pool.take());
    await emu.faults([{ path: "/v2/client/session/logout", action: { kind: "status", http: 503 } }]);
    e = await provoke("503", svc.client.client.session.logout(session.user_token), [session.user_token]);
    assert.ok(e instanceof PangeaErrors.ServiceTemporarilyUnavailable);
  });

  it("the emulator's own refusals: invalid, expired and misplaced tokens, a wrong service token", T, async () => {
    const { session } = pool.take();
    const fresh = await svc.client.client.session.refresh(session.refresh_token, { user_token: session.user_token });
    // The refresh result legitimately holds the new tokens; they are secrets too.
    const newUser = fresh.result.active_token.token;
    const newRefresh = fresh.result.refresh_token.token;
    let e = await provoke("expired user token", svc.client.client.session.logout(session.user_token), [session.user_token]);
    assert.equal(e.pangeaResponse.status, "ExpiredToken");
    e = await provoke(
      "expired refresh token",
      svc.client.client.session.refresh(session.refresh_token, { user_token: newUser }),
      [session.refresh_token, newUser],
    );
    e = await provoke(
      "a user token where the refresh token goes",
      svc.client.client.session.refresh(newUser, { user_token: newRefresh }),
      [newUser, newRefresh],
    );
    assert.ok(e instanceof PangeaErrors.ValidationError, e.message);
    const unknown = `ptu_${"q".repeat(32)}`;
    e = await provoke("unknown user token", svc.client.client.session.list(unknown), [unknown]);
    assert.equal(e.pangeaResponse.status, "InvalidToken");
    const wrongService = `pts_${"w".repeat(32)}`;
    const stranger = new AuthNService(wrongService, new PangeaConfig({ baseUrlTemplate: emu.url }));
    e = await provoke("a wrong service token", stranger.session.list(), [wrongService]);
    assert.ok(e instanceof PangeaErrors.UnauthorizedError);
  });

  it("TimeoutError, NetworkError (dropped, cut mid-reply, refused) and InvalidResponseError from the emulator", T, async () => {
    for (const [label, action, Class] of [
      ["hang", { kind: "hang" }, PangeaErrors.TimeoutError],
      ["drop", { kind: "drop" }, PangeaErrors.NetworkError],
      ["truncate", { kind: "truncate" }, PangeaErrors.NetworkError],
      ["html body", { kind: "status", http: 502, body: "html" }, PangeaErrors.InvalidResponseError],
      ["truncated body", { kind: "status", http: 200, body: "truncated" }, PangeaErrors.InvalidResponseError],
      ["empty body", { kind: "status", http: 200, body: "empty" }, PangeaErrors.InvalidResponseError],
    ]) {
      const { session } = pool.take();
      await emu.faults([{ path: "/v2/client/session/refresh", action }]);
      const e = await provoke(
        label,
        svc.client.client.session.refresh(session.refresh_token, { user_token: session.user_token }),
        [session.refresh_token, session.user_token],
      );
      assert.ok(e instanceof Class, `${label}: ${e.constructor.name}`);
    }
    // A refresh reply cut in half holds the *new* tokens: the excerpt masks them.
    const { session } = pool.take();
    await emu.faults([{ path: "/v2/client/session/refresh", action: { kind: "truncate" } }]);
    await provoke("a cut refresh reply", svc.client.client.session.refresh(session.refresh_token), [session.refresh_token]);
    const { users } = await emu.fixture();
    const rotated = users.flatMap((u) => u.sessions).find((s) => s.id === session.id);
    SECRETS.add(rotated.user_token).add(rotated.refresh_token);
    const refused = new AuthNService(emu.serviceToken, new PangeaConfig({ baseUrlTemplate: "http://127.0.0.1:9" }));
    await provoke("connection refused", refused.session.logout("pui_x"), []);
  });

  it("TypeError for bad arguments never quotes the values", T, async () => {
    const { session } = pool.take();
    let e = await provoke(
      "user_token of the wrong type",
      svc.client.client.session.refresh(session.refresh_token, { user_token: [session.user_token] }),
      [session.refresh_token, session.user_token],
    );
    assert.ok(e instanceof TypeError);
    e = await provoke("a bad size", svc.client.client.session.list(session.user_token, { size: session.user_token }), [
      session.user_token,
    ]);
    assert.ok(e instanceof TypeError);
    e = await provoke(
      "a throwing getter whose message is a token",
      svc.client.client.session.list(session.user_token, {
        get filter() {
          throw new Error(`cannot read ${session.user_token}`);
        },
      }),
      [session.user_token],
    );
    assert.ok(e instanceof TypeError && e.message.includes("ptu_***"), e.message);
  });

  it("a hostile server that echoes the request: bodies and summaries are masked", T, async () => {
    const { session } = pool.take();
    const hostile = services({ ...emu, url: echo.url }, { requestRetries: 1, requestTimeout: 2000 });
    for (const mode of ["html", "text", "truncated-json", "json"]) {
      echoMode = mode;
      for (const [who, call] of [
        ["client", () => hostile.client.client.session.refresh(session.refresh_token, { user_token: session.user_token })],
        ["client", () => hostile.client.client.session.invalidate(session.user_token, session.id)],
        ["service", () => hostile.service.session.list({ filter: { id: session.id } })],
      ]) {
        await provoke(`echo ${mode} (${who})`, call(), [session.refresh_token, session.user_token], {
          rawReply: mode === "json",
        });
      }
    }
    assert.ok(echo.seen.length >= 12);
  });

  it("no surface of any of these errors holds a token; neither does the console", T, () => {
    assert.ok(failures.length >= 35, `${failures.length} failures`);
    const secrets = [...SECRETS].filter(Boolean);
    assert.ok(secrets.length >= 20, `${secrets.length} secrets`);
    let checked = 0;
    for (const [label, error, options] of failures) {
      for (const [surface, text] of Object.entries(surfaces(error, options))) {
        checked++;
        for (const secret of secrets) {
          assert.ok(!String(text).includes(secret), `${label}: ${surface} contains ${secret.slice(0, 4)}…\n${text}`);
        }
      }
    }
    for (const line of consoleOutput) for (const secret of secrets) assert.ok(!line.includes(secret), line);
    console.log(`# secrets: ${failures.length} failures x surfaces = ${checked} texts searched for ${secrets.length} tokens`);
  });

  it("no token in any URL the emulator or the echo server received", T, async () => {
    const paths = [...(await emu.requests()).map((r) => r.path), ...echo.seen.map((r) => r.url)];
    assert.ok(paths.length > 30);
    for (const p of paths) for (const secret of SECRETS) assert.ok(!p.includes(secret), p);
    for (const r of echo.seen) assert.equal(r.headers.cookie, undefined);
  });
});

describe("requests go only to the configured base URL", () => {
  it("a redirect (301, 302, 303, 307, 308) is not followed: the second server records nothing", T, async () => {
    const second = await recordingServer((req, body, res) => res.writeHead(200).end("{}"));
    let code = 302;
    const first = await recordingServer((req, body, res) => {
      res.writeHead(code, { location: `${second.url}${req.url}` });
      res.end();
    });
    try {
      const redirected = services({ ...emu, url: first.url }, { requestRetries: 2 });
      for (code of [301, 302, 303, 307, 308]) {
        const { session } = pool.take();
        for (const call of [
          () => redirected.service.session.list(),
          () => redirected.client.client.session.refresh(session.refresh_token, { user_token: session.user_token }),
        ]) {
          const e = (await settle(call())).error;
          assert.ok(e instanceof PangeaErrors.NetworkError, `${code}: ${e?.constructor?.name} ${e?.message}`);
          for (const secret of [emu.serviceToken, emu.clientToken, session.refresh_token, session.user_token]) {
            assert.ok(!e.message.includes(secret));
          }
        }
      }
      assert.equal(first.seen.length, 10, "one attempt per call, no retry of a redirect");
      assert.deepEqual(second.seen, [], "the redirect target heard nothing");
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("in headless Chromium, a cookie set for the emulator's origin is never sent", T, async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      await context.addCookies([{ name: "session_cookie", value: "cookie-secret-value", url: emu.url }]);
      const page = await context.newPage();
      // Serve the package and a blank page from the emulator's own origin, so
      // the cookie is first-party and `credentials: "same-origin"` would send it.
      await page.route(`${emu.url}/__app/**`, async (route) => {
        const name = new URL(route.request().url()).pathname.replace("/__app/", "");
        if (name === "index.html") return route.fulfill({ contentType: "text/html", body: "<!doctype html><title>t</title>" });
        const type = name.endsWith(".wasm") ? "application/wasm" : "text/javascript";
        return route.fulfill({ contentType: type, body: await readFile(PKG + name) });
      });
      await page.goto(`${emu.url}/__app/index.html`);
      await emu.clearRequests();
      const { session } = pool.take();
      const results = await page.evaluate(
        async ({ serviceToken, clientToken, session }) => {
          const m = await import("/__app/index.js");
          const config = new m.PangeaConfig({ baseUrlTemplate: location.origin });
          const service = new m.AuthNService(serviceToken, config);
          const client = new m.AuthNService(clientToken, config);
          // The control: a plain same-origin fetch does carry the cookie.
          await fetch("/v2/session/list", {
            method: "POST",
            headers: { authorization: `Bearer ${serviceToken}`, "content-type": "application/json" },
            body: '{"size":1}',
          });
          const out = [];
          out.push((await service.session.list({ size: 1 })).status);
          out.push((await client.client.session.list(session.user_token)).status);
          out.push((await client.client.session.refresh(session.refresh_token, { user_token: session.user_token })).status);
          out.push(await service.session.logout("pui_nobody").then((r) => r.status));
          return out;
        },
        { serviceToken: emu.serviceToken, clientToken: emu.clientToken, session },
      );
      assert.deepEqual(results, ["Success", "Success", "Success", "Success"]);
      const reqs = (await emu.requests()).filter((r) => r.path.startsWith("/v2/"));
      assert.equal(reqs.length, 5);
      assert.match(reqs[0].headers.cookie ?? "", /session_cookie=cookie-secret-value/, "the control fetch sent the cookie");
      for (const r of reqs.slice(1)) {
        assert.equal(r.headers.cookie, undefined, `${r.path} carried a cookie`);
        assert.ok(!r.path.includes("ptu_") && !r.path.includes("ptr_"));
      }
    } finally {
      await browser.close();
    }
  });
});
