// The public API of pkg/ exactly as a user calls it (ESM and CommonJS), against
// the AuthN emulator: the seven operations, PangeaResponse, PangeaConfig, token
// forms, every error class, retries, polling, timeouts and argument checks.
//
// Needs `make pkg` and the emulator binary (`make emulator-bin`).
import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

import * as esm from "../../pkg/node.mjs";
import { liveSessions, startEmulator } from "../support/emulator.mjs";
import { deadPort, rawPost, rejectsWith } from "./helpers.mjs";

const require = createRequire(import.meta.url);
const cjs = require("../../pkg/node.cjs");

const FLAVOURS = [
  ["ESM (pkg/node.mjs)", esm],
  ["CommonJS (pkg/node.cjs)", cjs],
];

const ERROR_CLASSES = [
  "PangeaError",
  "ServiceTemporarilyUnavailable",
  "TimeoutError",
  "NetworkError",
  "InvalidResponseError",
  "APIError",
  "ValidationError",
  "RateLimitError",
  "NoCreditError",
  "UnauthorizedError",
  "ServiceNotEnabledError",
  "MissingConfigID",
  "ProviderError",
  "InternalServerError",
  "AcceptedRequestException",
  "ServiceNotAvailableError",
  "InvalidPayloadReceived",
  "ForbiddenVaultOperation",
  "NotFound",
];

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const T = { timeout: 60_000 };

let emu;

before(async () => {
  emu = await startEmulator({ seed: 20 });
});

after(async () => {
  await emu?.stop();
});

/** A service on the emulator (service token unless `token` is given). */
function service(mod = esm, config = {}, token = emu.serviceToken) {
  return new mod.AuthNService(token, new mod.PangeaConfig({ baseUrlTemplate: emu.url, ...config }));
}

/** Back to the start-up data, no faults, empty request log. */
async function fresh() {
  await emu.clearFaults();
  await emu.reset();
  await emu.clearRequests();
}

/** Recorded requests to one path (or all). */
async function recorded(path) {
  const all = await emu.requests();
  return path ? all.filter((r) => r.path === path) : all;
}

/** Checks every PangeaResponse field of a successful reply. */
function assertSuccessEnvelope(mod, r) {
  assert.ok(r instanceof mod.PangeaResponse, "a PangeaResponse");
  assert.match(r.request_id, /^prq_[a-z2-7]{32}$/);
  assert.match(r.request_time, ISO);
  assert.match(r.response_time, ISO);
  assert.equal(r.status, "Success");
  assert.equal(typeof r.summary, "string");
  assert.equal(r.success, true);
  assert.equal(r.accepted_result, undefined);
  assert.ok(r.gotResponse instanceof Response, "gotResponse is the fetch Response");
  assert.equal(r.gotResponse.status, 200);
  assert.ok(r.result && typeof r.result === "object");
  // toJSON() is a pretty JSON *string* of everything but gotResponse, as in the SDK.
  const text = r.toJSON();
  assert.equal(typeof text, "string");
  assert.ok(text.includes('\n  "request_id"'), "two-space indentation");
  const parsed = JSON.parse(text);
  assert.equal(parsed.gotResponse, undefined);
  assert.deepEqual(parsed, {
    request_id: r.request_id,
    request_time: r.request_time,
    response_time: r.response_time,
    status: r.status,
    summary: r.summary,
    result: r.result,
    success: true,
    attachedFiles: [],
  });
  // JSON.stringify uses toJSON(): the response serialises to that string.
  assert.equal(JSON.stringify(r), JSON.stringify(text));
}

/** Checks a session item as the service returns it. */
function assertSessionItem(s) {
  for (const key of ["id", "type", "expire", "identity", "email", "created_at"]) {
    assert.equal(typeof s[key], "string", `session.${key}`);
  }
  assert.match(s.id, /^pmt_/);
  assert.equal(s.type, "session");
  assert.equal(typeof s.life, "number");
  assert.ok(s.profile && typeof s.profile === "object");
  if (s.scopes !== undefined) assert.ok(Array.isArray(s.scopes));
  if (s.active_token) {
    assert.match(s.active_token.id, /^pmt_/);
    assert.equal(s.active_token.type, "user");
    assert.equal(s.active_token.token, undefined, "no secret in a list");
  }
}

function assertLoginToken(t, prefix, type) {
  assert.match(t.token, new RegExp(`^${prefix}_[a-z2-7]{32}$`));
  assert.match(t.id, /^pmt_/);
  assert.equal(t.type, type);
  assert.equal(typeof t.life, "number");
  assert.match(t.expire, ISO);
  assert.match(t.created_at, ISO);
  assert.equal(typeof t.identity, "string");
  assert.equal(typeof t.email, "string");
  assert.ok(Array.isArray(t.scopes));
  assert.ok(t.profile && typeof t.profile === "object");
}

describe("module", () => {
  it("ESM and CommonJS export the same classes (one instance)", () => {
    for (const name of ["AuthNService", "Session", "ClientSession", "PangeaConfig", "PangeaResponse", "PangeaErrors", "initAsync", ...ERROR_CLASSES]) {
      assert.ok(esm[name] !== undefined, `ESM exports ${name}`);
      assert.equal(esm[name], cjs[name], `${name} is the same object in ESM and CJS`);
    }
    for (const name of ERROR_CLASSES) {
      assert.equal(esm.PangeaErrors[name], esm[name], `PangeaErrors.${name}`);
      assert.equal(typeof esm[name], "function");
    }
    assert.ok(Object.isFrozen(esm.PangeaErrors));
  });

  it("one wasm instance per process, whichever build loads first; registered per version", async () => {
    const { version } = require("../../pkg/package.json");
    const slot = Object.getOwnPropertyDescriptor(globalThis, Symbol.for(`pangea-authn-wasm@${version}`));
    assert.equal(slot?.value?.AuthNService, esm.AuthNService, "registered under the versioned global symbol");
    assert.deepEqual([slot.enumerable, slot.writable, slot.configurable], [false, false, false], "a fixed, hidden slot");
    assert.ok(Object.isFrozen(slot.value), "its exports cannot be replaced");
    // Fresh processes that count instantiations, loading the two builds in both orders.
    const pkg = new URL("../../pkg/", import.meta.url).pathname;
    const count = `let n = 0; const I = WebAssembly.Instance;
      WebAssembly.Instance = function (...a) { n++; return new I(...a); };`;
    const orders = {
      "ESM first": `${count} const m = await import("${pkg}node.mjs");
        const c = (await import("node:module")).createRequire(import.meta.url)("${pkg}node.cjs");
        console.log(JSON.stringify([n, m.AuthNService === c.AuthNService]));`,
      "CommonJS first": `${count} const c = (await import("node:module")).createRequire(import.meta.url)("${pkg}node.cjs");
        const m = await import("${pkg}node.mjs");
        console.log(JSON.stringify([n, m.AuthNService === c.AuthNService]));`,
    };
    for (const [order, script] of Object.entries(orders)) {
      const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
      assert.deepEqual(JSON.parse(out), [1, true], `${order}: one instance, the same classes`);
    }
  });

  it("initAsync() resolves (a no-op in Node)", async () => {
    assert.equal(await esm.initAsync(), undefined);
  });

  it("the error tree: subclasses, names, PangeaError vs APIError", () => {
    const E = esm.PangeaErrors;
    for (const name of ["ServiceTemporarilyUnavailable", "TimeoutError", "NetworkError", "InvalidResponseError"]) {
      assert.ok(E[name].prototype instanceof E.PangeaError, name);
      assert.ok(!(E[name].prototype instanceof E.APIError), name);
    }
    for (const name of ERROR_CLASSES.slice(6)) {
      assert.ok(E[name].prototype instanceof E.APIError, `${name} extends APIError`);
      assert.ok(!(E[name].prototype instanceof E.PangeaError), `${name} is not a PangeaError`);
    }
    assert.ok(E.ServiceNotEnabledError.prototype instanceof E.ServiceNotAvailableError);
    assert.ok(E.APIError.prototype instanceof Error);
    assert.ok(!(E.APIError.prototype instanceof E.PangeaError));
    assert.equal(new E.PangeaError("x").name, "PangeaGeneralError");
  });
});

describe("PangeaConfig", () => {
  it("has the SDK's defaults, but no timeout (the SDK's 5000 is never enforced)", () => {
    const c = new esm.PangeaConfig();
    assert.deepEqual(
      { ...c },
      {
        baseUrlTemplate: "https://{SERVICE_NAME}.aws.us.pangea.cloud",
        domain: "aws.us.pangea.cloud",
        requestRetries: 3,
        requestTimeout: Infinity,
        queuedRetryEnabled: true,
        queuedRetries: 4,
        pollResultTimeoutMs: 120000,
        customUserAgent: "",
      },
    );
    assert.deepEqual({ ...new esm.PangeaConfig({}) }, { ...c });
    assert.deepEqual({ ...new esm.PangeaConfig(undefined) }, { ...c });
  });

  it("keeps every field given, and unknown keys (the SDK copies every key)", () => {
    const given = {
      baseUrlTemplate: "http://127.0.0.1:9/{SERVICE_NAME}",
      domain: "example.org",
      requestRetries: 0,
      requestTimeout: 250,
      queuedRetryEnabled: false,
      queuedRetries: 9,
      pollResultTimeoutMs: 0,
      customUserAgent: "my-app/1.2",
      somethingElse: 42,
    };
    const c = new esm.PangeaConfig(given);
    assert.deepEqual({ ...c }, given);
    assert.equal(new esm.PangeaConfig({ requestTimeout: Infinity }).requestTimeout, Infinity);
  });

  it("domain → https://{SERVICE_NAME}.<domain>; an explicit template wins", () => {
    assert.equal(new esm.PangeaConfig({ domain: "dev.example.org" }).baseUrlTemplate, "https://{SERVICE_NAME}.dev.example.org");
    const both = new esm.PangeaConfig({ domain: "dev.example.org", baseUrlTemplate: "http://x.test" });
    assert.equal(both.baseUrlTemplate, "http://x.test");
    assert.equal(both.domain, "dev.example.org");
  });

  it("rejects bad values at construction, naming the field", () => {
    const cases = [
      [{ baseUrlTemplate: 5 }, TypeError, "baseUrlTemplate"],
      [{ baseUrlTemplate: "not a url" }, TypeError, "baseUrlTemplate"],
      [{ baseUrlTemplate: "ftp://x.test" }, TypeError, "baseUrlTemplate"],
      [{ domain: "" }, TypeError, "domain"],
      [{ requestRetries: "3" }, TypeError, "requestRetries"],
      [{ requestRetries: -1 }, RangeError, "requestRetries"],
      [{ requestRetries: 1.5 }, RangeError, "requestRetries"],
      [{ requestTimeout: 0 }, RangeError, "requestTimeout"],
      [{ queuedRetryEnabled: "yes" }, TypeError, "queuedRetryEnabled"],
      [{ pollResultTimeoutMs: -5 }, RangeError, "pollResultTimeoutMs"],
      [{ customUserAgent: "a\r\nX-Evil: 1" }, TypeError, "customUserAgent"],
    ];
    for (const [options, Kind, field] of cases) {
      assert.throws(() => new esm.PangeaConfig(options), (e) => e instanceof Kind && e.message.includes(field), JSON.stringify(options));
    }
    assert.throws(() => new esm.PangeaConfig("x"), TypeError);
  });

  it("a plain object works as config too, and is checked", () => {
    const a = new esm.AuthNService("pts_x", { baseUrlTemplate: "http://127.0.0.1:1" });
    assert.ok(a.session);
    assert.throws(() => new esm.AuthNService("pts_x", { requestRetries: -1 }), RangeError);
  });
});

describe("the URL, headers and envelope (stubbed fetch)", () => {
  /** Runs `fn` with global fetch replaced by a recorder replying `envelope`. */
  async function withStub(envelope, fn, { status = 200, headers = {} } = {}) {
    const calls = [];
    const saved = globalThis.fetch;
    globalThis.fetch = async (url, init) => {
      calls.push({ url: String(url), init });
      return new Response(typeof envelope === "string" ? envelope : JSON.stringify(envelope), {
        status,
        headers: { "content-type": "application/json", "x-request-id": "prq_stub", ...headers },
      });
    };
    try {
      await fn();
    } finally {
      globalThis.fetch = saved;
    }
    return calls;
  }
  const ok = { request_id: "prq_1", request_time: "t1", response_time: "t2", status: "Success", summary: "Success", result: {} };

  it("domain → https://authn.<domain>/v2/…, template → its URL with exactly one /", async () => {
    const cases = [
      [{}, "https://authn.aws.us.pangea.cloud/v2/session/list"],
      [{ domain: "eu.example.org" }, "https://authn.eu.example.org/v2/session/list"],
      [{ baseUrlTemplate: "https://example.org/{SERVICE_NAME}" }, "https://example.org/authn/v2/session/list"],
      [{ baseUrlTemplate: "https://example.org/{SERVICE_NAME}/" }, "https://example.org/authn/v2/session/list"],
      [{ baseUrlTemplate: "http://127.0.0.1:4010" }, "http://127.0.0.1:4010/v2/session/list"],
    ];
    for (const [config, url] of cases) {
      const calls = await withStub(ok, () => new esm.AuthNService("pts_t", new esm.PangeaConfig(config)).session.list());
      assert.equal(calls.length, 1);
      assert.equal(calls[0].url, url, JSON.stringify(config));
    }
  });

  it("sends POST, the bearer token, JSON, the User-Agent with customUserAgent, no cookies", async () => {
    const calls = await withStub(ok, () =>
      new esm.AuthNService("pts_secret", new esm.PangeaConfig({ customUserAgent: "my-app/2" })).client.session.logout("ptu_u"),
    );
    const { init } = calls[0];
    assert.equal(init.method, "POST");
    const headers = new Headers(init.headers);
    assert.equal(headers.get("authorization"), "Bearer pts_secret");
    assert.equal(headers.get("content-type"), "application/json");
    assert.match(headers.get("user-agent"), /^pangea-authn-wasm\/\d+\.\d+\.\d+\S* my-app\/2$/);
    assert.equal(headers.get("x-pangea-retried-request-ids"), null);
    assert.equal(init.credentials, "omit");
    assert.equal(init.body, '{"token":"ptu_u"}');
  });

  it("copies unknown envelope keys, defaults missing ones, null result → {}", async () => {
    let r;
    await withStub({ status: "Success", result: null, extra_top: { a: 1 } }, async () => {
      r = await new esm.AuthNService("pts_t").session.list();
    });
    assert.equal(r.request_id, "InvalidPayloadReceived");
    assert.equal(r.request_time, "InvalidPayloadReceived");
    assert.equal(r.response_time, "InvalidPayloadReceived");
    assert.equal(r.summary, "InvalidPayloadReceived");
    assert.deepEqual(r.result, {});
    assert.deepEqual(r.extra_top, { a: 1 });
    assert.equal(r.success, true);
  });

  it("a reply without status is the generic APIError with status NoStatus", async () => {
    await withStub({ request_id: "prq_1", result: {} }, async () => {
      const e = await rejectsWith(new esm.AuthNService("pts_t").session.list(), esm.APIError);
      assert.equal(e.constructor, esm.APIError);
      assert.equal(e.response.status, "NoStatus");
      assert.ok(e.message.startsWith("NoStatus\n"));
    });
  });

  it("a Success body on a non-2xx HTTP code is a success (the envelope decides)", async () => {
    let r;
    await withStub(ok, async () => {
      r = await new esm.AuthNService("pts_t").session.logout("pui_x");
    }, { status: 400 });
    assert.equal(r.success, true);
    assert.equal(r.gotResponse.status, 400);
  });
});

describe("constructing an AuthNService", () => {
  it("throws on an empty or missing token, like the SDK", () => {
    for (const token of ["", undefined, null]) {
      assert.throws(() => new esm.AuthNService(token), { message: "A token is required" });
      assert.throws(() => new cjs.AuthNService(token, new cjs.PangeaConfig()), { message: "A token is required" });
    }
    assert.throws(() => new esm.AuthNService(42), TypeError);
  });

  it("exposes session and client.session", () => {
    const a = service();
    assert.ok(a.session instanceof esm.Session);
    assert.ok(a.client.session instanceof esm.ClientSession);
    for (const m of ["invalidate", "list", "logout"]) assert.equal(typeof a.session[m], "function");
    for (const m of ["invalidate", "list", "logout", "refresh"]) assert.equal(typeof a.client.session[m], "function");
  });

  it("accepts a Vault secret object holding the token", T, async () => {
    await fresh();
    const secret = {
      id: "pvi_x",
      type: "pangea_token",
      enabled: true,
      item_versions: [{ version: 1, state: "active", secret: emu.serviceToken }],
    };
    const a = new esm.AuthNService(secret, new esm.PangeaConfig({ baseUrlTemplate: emu.url }));
    const r = await a.session.list({ size: 1 });
    assert.equal(r.status, "Success");
    const [req] = await recorded();
    assert.equal(req.headers.authorization, `Bearer ${emu.serviceToken}`);
  });

  it("rejects each bad Vault secret shape with an explanatory Error", () => {
    const good = { type: "pangea_token", enabled: true, item_versions: [{ state: "active", secret: "pts_x" }] };
    const bad = [
      [{ ...good, type: "secret" }, /not of type 'pangea_token'/],
      [{ ...good, enabled: false }, /not currently enabled/],
      [{ ...good, item_versions: [] }, /does not have a current version/],
      [{ type: "pangea_token", enabled: true }, /does not have a current version/],
      [{ ...good, item_versions: [{ state: "deactivated", secret: "pts_x" }] }, /not currently active/],
      [{ ...good, item_versions: [{ state: "active" }] }, /not populated/],
      [{ ...good, item_versions: [{ state: "active", secret: "" }] }, /not populated/],
    ];
    for (const [secret, message] of bad) {
      assert.throws(() => new esm.AuthNService(secret), (e) => e instanceof Error && message.test(e.message), JSON.stringify(secret));
    }
  });
});

for (const [flavour, mod] of FLAVOURS) {
  describe(`the seven operations through ${flavour}`, () => {
    beforeEach(fresh);

    it("session.list: envelope, result shape, result equals the raw reply's result", T, async () => {
      const request = { order: "asc", order_by: "email", size: 5 };
      const r = await service(mod).session.list(request);
      assertSuccessEnvelope(mod, r);
      const raw = await rawPost(emu, "/v2/session/list", request);
      assert.deepStrictEqual(r.result, raw.json.result);
      const { sessions, count, last } = r.result;
      assert.equal(sessions.length, 5);
      sessions.forEach(assertSessionItem);
      assert.equal(typeof count, "number");
      assert.ok(count > 5);
      assert.equal(typeof last, "string");
      const emails = sessions.map((s) => s.email);
      assert.deepEqual(emails, [...emails].sort());
      const [req] = await recorded("/v2/session/list");
      assert.deepEqual(req.body, request);
      assert.equal(req.method, "POST");
      assert.equal(req.headers.authorization, `Bearer ${emu.serviceToken}`);
      assert.match(req.headers["user-agent"], /^pangea-authn-wasm\//);
    });

    it("session.list: pages with last until the end, covering count sessions once", T, async () => {
      const a = service(mod);
      const seen = [];
      let last;
      let count;
      for (let page = 0; page < 100; page++) {
        const r = await a.session.list({ order: "desc", order_by: "created_at", size: 7, ...(last ? { last } : {}) });
        seen.push(...r.result.sessions);
        count = r.result.count;
        last = r.result.last;
        if (!last) break;
      }
      assert.equal(seen.length, count);
      assert.equal(new Set(seen.map((s) => s.id)).size, count);
      const times = seen.map((s) => s.created_at);
      assert.deepEqual(times, [...times].sort().reverse());
    });

    it("session.list: filters (email, identity__in, scopes, created_at range, id__contains)", T, async () => {
      const a = service(mod);
      const live = await liveSessions(emu);
      const { user, session } = live.find((x) => x.session.scopes?.length) ?? live[0];
      const byEmail = await a.session.list({ filter: { email: user.email } });
      assert.ok(byEmail.result.sessions.length >= 1);
      assert.ok(byEmail.result.sessions.every((s) => s.email === user.email));
      const byIdentity = await a.session.list({ filter: { identity__in: [user.id] } });
      assert.deepEqual(byIdentity.result.sessions.map((s) => s.id).sort(), byEmail.result.sessions.map((s) => s.id).sort());
      if (session.scopes.length) {
        const byScopes = await a.session.list({ filter: { scopes: [session.scopes[0]] } });
        assert.ok(byScopes.result.sessions.every((s) => s.scopes.includes(session.scopes[0])));
        assert.ok(byScopes.result.sessions.some((s) => s.id === session.id));
      }
      const range = await a.session.list({ filter: { created_at__gte: session.created_at, created_at__lte: session.created_at } });
      assert.ok(range.result.sessions.some((s) => s.id === session.id));
      assert.ok(range.result.sessions.every((s) => s.created_at === session.created_at));
      const byId = await a.session.list({ filter: { id__contains: [session.id.slice(4, 14)] } });
      assert.deepEqual(byId.result.sessions.map((s) => s.id), [session.id]);
      const raw = await rawPost(emu, "/v2/session/list", { filter: { email: user.email } });
      assert.deepStrictEqual(byEmail.result, raw.json.result);
    });

    it("client.session.list: the user's own sessions; equals the raw reply", T, async () => {
      const [{ user, session }] = await liveSessions(emu);
      const a = service(mod, {}, emu.clientToken);
      const r = await a.client.session.list(session.user_token, { order_by: "id", order: "asc" });
      assertSuccessEnvelope(mod, r);
      assert.ok(r.result.sessions.length >= 1);
      assert.ok(r.result.sessions.every((s) => s.identity === user.id));
      r.result.sessions.forEach(assertSessionItem);
      const raw = await rawPost(emu, "/v2/client/session/list", { token: session.user_token, order_by: "id", order: "asc" }, emu.clientToken);
      assert.deepStrictEqual(r.result, raw.json.result);
      const [req] = await recorded("/v2/client/session/list");
      assert.deepEqual(req.body, { token: session.user_token, order_by: "id", order: "asc" });
      assert.equal(req.headers.authorization, `Bearer ${emu.clientToken}`);
      // Without options.
      const plain = await a.client.session.list(session.user_token);
      assert.equal(plain.result.sessions.length, r.result.sessions.length);
    });

    it("client.session.refresh: new refresh and active tokens; same shape as the raw reply", T, async () => {
      const [{ user, session }] = await liveSessions(emu);
      const a = service(mod, {}, emu.clientToken);
      const r = await a.client.session.refresh(session.refresh_token, { user_token: session.user_token });
      assertSuccessEnvelope(mod, r);
      assertLoginToken(r.result.refresh_token, "ptr", "session");
      assertLoginToken(r.result.active_token, "ptu", "user");
      assert.equal(r.result.active_token.identity, user.id);
      assert.notEqual(r.result.active_token.token, session.user_token);
      const [req] = await recorded("/v2/client/session/refresh");
      assert.deepEqual(req.body, { refresh_token: session.refresh_token, user_token: session.user_token });
      // The same call raw, from the same start-up data: same keys, same stable values.
      await emu.reset();
      const raw = await rawPost(emu, "/v2/client/session/refresh", req.body, emu.clientToken);
      assert.deepEqual(Object.keys(r.result).sort(), Object.keys(raw.json.result).sort());
      for (const k of ["refresh_token", "active_token"]) {
        assert.deepEqual(Object.keys(r.result[k]).sort(), Object.keys(raw.json.result[k]).sort(), k);
        for (const field of ["type", "life", "identity", "email", "scopes", "profile"]) {
          assert.deepEqual(r.result[k][field], raw.json.result[k][field], `${k}.${field}`);
        }
      }
      // The new tokens work; refresh without options (the SDK would throw) works too.
      await emu.reset();
      const again = await a.client.session.refresh(session.refresh_token);
      assertLoginToken(again.result.refresh_token, "ptr", "session");
      const mine = await a.client.session.list(again.result.active_token.token);
      assert.ok(mine.result.sessions.length >= 1);
    });

    it("client.session.logout: result {} and the token stops working", T, async () => {
      const [{ session }] = await liveSessions(emu);
      const a = service(mod, {}, emu.clientToken);
      const r = await a.client.session.logout(session.user_token);
      assertSuccessEnvelope(mod, r);
      assert.deepStrictEqual(r.result, {});
      const [req] = await recorded("/v2/client/session/logout");
      assert.deepEqual(req.body, { token: session.user_token });
      const e = await rejectsWith(a.client.session.list(session.user_token), mod.APIError);
      assert.equal(e.constructor, mod.APIError);
      assert.equal(e.response.status, "ExpiredToken");
      await emu.reset();
      const raw = await rawPost(emu, "/v2/client/session/logout", req.body, emu.clientToken);
      assert.deepStrictEqual(r.result, raw.json.result);
    });

    it("client.session.invalidate: result {} and the session is gone", T, async () => {
      const live = await liveSessions(emu);
      const { user, session } = live.find((x) => x.user.sessions.filter((s) => !s.invalidated && Date.parse(s.expire) > Date.now()).length >= 2);
      const other = user.sessions.find((s) => s.id !== session.id && !s.invalidated && Date.parse(s.expire) > Date.now());
      const a = service(mod, {}, emu.clientToken);
      const r = await a.client.session.invalidate(session.user_token, other.id);
      assertSuccessEnvelope(mod, r);
      assert.deepStrictEqual(r.result, {});
      const [req] = await recorded("/v2/client/session/invalidate");
      assert.deepEqual(req.body, { token: session.user_token, session_id: other.id });
      const mine = await a.client.session.list(session.user_token);
      assert.ok(!mine.result.sessions.some((s) => s.id === other.id));
      await emu.reset();
      const raw = await rawPost(emu, "/v2/client/session/invalidate", req.body, emu.clientToken);
      assert.deepStrictEqual(r.result, raw.json.result);
    });

    it("session.invalidate: result {} and the session is gone", T, async () => {
      const [{ session }] = await liveSessions(emu);
      const a = service(mod);
      const r = await a.session.invalidate(session.id);
      assertSuccessEnvelope(mod, r);
      assert.deepStrictEqual(r.result, {});
      const [req] = await recorded("/v2/session/invalidate");
      assert.deepEqual(req.body, { session_id: session.id });
      const left = await a.session.list({ filter: { id: session.id } });
      assert.deepEqual(left.result.sessions, []);
      await emu.reset();
      const raw = await rawPost(emu, "/v2/session/invalidate", req.body);
      assert.deepStrictEqual(r.result, raw.json.result);
    });

    it("session.logout: result {} and the user has no sessions left", T, async () => {
      const [{ user }] = await liveSessions(emu);
      const a = service(mod);
      const r = await a.session.logout(user.id);
      assertSuccessEnvelope(mod, r);
      assert.deepStrictEqual(r.result, {});
      const [req] = await recorded("/v2/session/logout");
      assert.deepEqual(req.body, { user_id: user.id });
      const left = await a.session.list({ filter: { identity: user.id } });
      assert.deepEqual(left.result.sessions, []);
      await emu.reset();
      const raw = await rawPost(emu, "/v2/session/logout", req.body);
      assert.deepStrictEqual(r.result, raw.json.result);
    });
  });
}

describe("result is exactly the reply's parsed JSON", () => {
  beforeEach(fresh);

  it("keeps fields no type declares, at any depth (injected 200 reply)", T, async () => {
    const result = {
      sessions: [{ id: "pmt_x", type: "session", profile: { message: '{"a":1}', new: "[1]" }, future_field: { deep: [1, null, "x"] } }],
      count: 1,
      brand_new: true,
    };
    await emu.faults([{ path: "/v2/session/list", action: { kind: "status", http: 200, status: "Success", summary: "ok", result } }]);
    const r = await service().session.list();
    assert.deepStrictEqual(r.result, result);
    assert.equal(r.summary, "ok");
  });
});

describe("errors from the service", () => {
  beforeEach(fresh);

  /** Common checks of an APIError and its reply. */
  async function assertApiError(e, { cls, name, status, summary, result, first }) {
    assert.ok(e instanceof esm[cls], `instanceof ${cls}`);
    assert.ok(e instanceof cjs[cls], `instanceof the CJS ${cls} (same class)`);
    assert.ok(e instanceof esm.APIError);
    assert.ok(e instanceof Error);
    assert.ok(!(e instanceof esm.PangeaError));
    assert.equal(e.name, name);
    assert.ok(e.response instanceof esm.PangeaResponse);
    assert.equal(e.pangeaResponse, e.response);
    assert.equal(e.response.status, status);
    assert.equal(e.response.success, false);
    assert.equal(e.summary, summary);
    assert.equal(e.response.summary, summary);
    assert.deepEqual(e.errors, result?.errors ?? []);
    const requests = await recorded();
    assert.equal(requests.length, 1, "exactly one request");
    assert.equal(e.response.request_id, requests[0].request_id);
    let report = `Summary: ${summary}\nstatus: ${status}\nrequest_id: ${e.response.request_id}\n`;
    report += `request_time: ${e.response.request_time}\nresponse_time: ${e.response.response_time}\n`;
    for (const f of result?.errors ?? []) report += `\t${f.source} ${f.code}: ${f.detail}\n`;
    assert.equal(e.toString(), report);
    const expectedFirst = typeof first === "function" ? first(e.response) : first ?? summary;
    assert.equal(e.message, `${expectedFirst}\n${JSON.stringify(report, null, 2)}`);
  }

  const errors = [{ code: "FieldRequired", detail: "token is required", source: "/token" }];
  const CASES = [
    { status: "ValidationError", http: 400, cls: "ValidationError", result: { errors } },
    { status: "TooManyRequests", http: 429, cls: "RateLimitError" },
    { status: "NoCredit", http: 402, cls: "NoCreditError" },
    { status: "Unauthorized", http: 401, cls: "UnauthorizedError", first: "User is not authorized to access service authn" },
    {
      status: "ServiceNotEnabled",
      http: 403,
      cls: "ServiceNotEnabledError",
      also: "ServiceNotAvailableError",
      first: "authn is not enabled. Go to console.pangea.cloud/service/{service_name} to enable",
    },
    ...["MissingConfigID", "MissingConfigIDScope"].map((status) => ({
      status,
      http: 400,
      cls: "MissingConfigID",
      first: "Token did not contain a config scope for service authn. Create a new token or provide a config ID explicitly in the service base",
    })),
    { status: "ProviderError", http: 400, cls: "ProviderError" },
    {
      status: "InternalError",
      http: 500,
      cls: "InternalServerError",
      first: (r) => `summary: ${r.summary}. request_id: ${r.request_id}. request_time: ${r.request_time}. response_time: ${r.response_time}`,
    },
    {
      status: "Accepted",
      http: 200,
      cls: "AcceptedRequestException",
      result: { ttl_mins: 5, retry_counter: 0, location: "http://x/request/prq_1" },
      first: (r) => `summary: ${r.summary}. request_id: ${r.request_id}.`,
    },
    { status: "ServiceNotAvailable", http: 502, cls: "ServiceNotAvailableError", first: "authn" },
    { status: "InvalidPayloadReceived", http: 400, cls: "InvalidPayloadReceived" },
    { status: "ForbiddenVaultOperation", http: 403, cls: "ForbiddenVaultOperation" },
    { status: "NotFound", http: 404, cls: "NotFound", first: () => `Resource ${emu.url}/v2/session/list not found` },
    { status: "InvalidToken", http: 400, cls: "APIError", first: "InvalidToken" },
    { status: "ExpiredToken", http: 400, cls: "APIError", first: "ExpiredToken" },
    { status: "SomethingNew", http: 418, cls: "APIError", first: "SomethingNew" },
  ];

  for (const c of CASES) {
    it(`status ${c.status} (HTTP ${c.http}) → ${c.cls}`, T, async () => {
      const summary = `injected ${c.status}`;
      const action = { kind: "status", http: c.http, status: c.status, summary, ...(c.result ? { result: c.result } : {}) };
      await emu.faults([{ path: "/v2/session/list", action }]);
      const e = await rejectsWith(service(esm, { requestRetries: 0 }).session.list(), esm[c.cls], c.status);
      if (c.cls === "APIError") assert.equal(e.constructor, esm.APIError, "the generic class itself");
      if (c.also) assert.ok(e instanceof esm[c.also], `also instanceof ${c.also}`);
      const name = c.cls === "APIError" ? "PangeanAPIError" : c.cls;
      await assertApiError(e, { ...c, name, summary });
      assert.equal(e.response.gotResponse.status, c.http);
      if (c.cls === "AcceptedRequestException") {
        assert.equal(e.request_id, e.response.request_id);
        assert.deepEqual(e.accepted_result, c.result);
      }
    });
  }

  it("MissingConfigID is named MissingConfigID (the SDK says ServiceNotEnabledError)", T, async () => {
    await emu.faults([{ action: { kind: "status", http: 400, status: "MissingConfigID" } }]);
    const e = await rejectsWith(service().session.logout("pui_x"), esm.MissingConfigID);
    assert.equal(e.name, "MissingConfigID");
  });

  it("a real ValidationError: field errors, toString() and message", T, async () => {
    const e = await rejectsWith(service().session.list({ order: "sideways" }), esm.ValidationError);
    assert.equal(e.response.status, "ValidationError");
    assert.equal(e.response.gotResponse.status, 400);
    assert.ok(e.errors.length >= 1);
    const [field] = e.errors;
    assert.equal(field.source, "/order");
    assert.equal(field.code, "NotEnumMember");
    assert.equal(typeof field.detail, "string");
    assert.ok(e.toString().includes(`\t/order NotEnumMember: ${field.detail}\n`));
    assert.ok(e.message.startsWith(`${e.summary}\n"Summary: `));
    await assertApiError(e, { cls: "ValidationError", name: "ValidationError", status: "ValidationError", summary: e.summary, result: e.response.result });
  });

  it("a real ValidationError for a malformed id (DoesNotMatchPattern)", T, async () => {
    const e = await rejectsWith(service().session.invalidate("not-an-id"), esm.ValidationError);
    assert.equal(e.errors[0].source, "/session_id");
    assert.equal(e.errors[0].code, "DoesNotMatchPattern");
  });

  it("a real UnauthorizedError: unknown service token, and a client token on session/*", T, async () => {
    const bad = service(esm, {}, "pts_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    const e = await rejectsWith(bad.session.list(), esm.UnauthorizedError);
    assert.equal(e.response.status, "Unauthorized");
    assert.equal(e.response.gotResponse.status, 401);
    assert.ok(e.message.startsWith("User is not authorized to access service authn\n"));
    assert.ok(!e.message.includes("pts_aaaa"), "no token in the message");
    await emu.clearRequests();
    await rejectsWith(service(esm, {}, emu.clientToken).session.list(), esm.UnauthorizedError);
  });

  it("a real generic APIError: InvalidToken for an unknown user token", T, async () => {
    const e = await rejectsWith(service().client.session.list(`ptu_${"a".repeat(32)}`), esm.APIError);
    assert.equal(e.constructor, esm.APIError);
    assert.equal(e.name, "PangeanAPIError");
    assert.equal(e.response.status, "InvalidToken");
    assert.ok(e.message.startsWith("InvalidToken\n"));
  });

  it("a final HTTP 503 → ServiceTemporarilyUnavailable (a PangeaError)", T, async () => {
    await emu.faults([{ path: "/v2/session/list", action: { kind: "status", http: 503, status: "ValidationError" } }]);
    const e = await rejectsWith(service(esm, { requestRetries: 0 }).session.list(), esm.ServiceTemporarilyUnavailable);
    assert.ok(e instanceof esm.PangeaError);
    assert.ok(!(e instanceof esm.APIError));
    assert.equal(e.name, "ServiceTemporarilyUnavailable");
    assert.equal(e.message, "Service temporarily unavailable");
    assert.equal(typeof e.body, "string");
    assert.equal(JSON.parse(e.body).status, "ValidationError");
    assert.ok(e.response instanceof esm.PangeaResponse);
    assert.equal(e.response.status, "ValidationError", "HTTP 503 wins over the envelope status");
    assert.equal((await recorded()).length, 1);
  });
});

describe("transport errors", () => {
  beforeEach(fresh);

  it("requestTimeout: a hung request → TimeoutError before the timeout + margin", T, async () => {
    await emu.faults([{ path: "/v2/session/list", action: { kind: "hang" } }]);
    const a = service(esm, { requestTimeout: 400 });
    const started = Date.now();
    const e = await rejectsWith(a.session.list(), esm.TimeoutError);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 350, `not before the timeout (${elapsed} ms)`);
    assert.ok(elapsed < 400 + 5000, `timed out before 5.4 s (${elapsed} ms)`);
    assert.ok(e instanceof esm.PangeaError);
    assert.equal(e.name, "TimeoutError");
    assert.equal(e.timeoutMs, 400);
    assert.ok(e.message.includes("400"));
    const requests = await recorded("/v2/session/list");
    assert.equal(requests.length, 1, "a timeout is not retried");
    assert.equal(requests[0].reply_status, null);
    // The same service works afterwards.
    assert.equal((await a.session.list({ size: 1 })).status, "Success");
  });

  it("a slow reply within requestTimeout succeeds", T, async () => {
    await emu.faults([{ path: "/v2/session/list", action: { kind: "delay", ms: 300 } }]);
    const r = await service(esm, { requestTimeout: 10_000 }).session.list({ size: 1 });
    assert.equal(r.status, "Success");
  });

  it("NetworkError: nothing listening on the port", T, async () => {
    const port = await deadPort();
    const secret = "pts_secretsecretsecretsecretsecret1";
    const a = new esm.AuthNService(secret, new esm.PangeaConfig({ baseUrlTemplate: `http://127.0.0.1:${port}` }));
    const e = await rejectsWith(a.client.session.logout("ptu_usersecretusersecretusersecret1"), esm.NetworkError);
    assert.ok(e instanceof esm.PangeaError);
    assert.equal(e.name, "NetworkError");
    assert.ok(!e.message.includes(secret) && !e.message.includes("ptu_usersecret"), e.message);
  });

  it("NetworkError: the connection is dropped, or cut mid-body", T, async () => {
    await emu.faults([{ action: { kind: "drop" } }, { action: { kind: "truncate" } }]);
    const a = service(esm, { requestRetries: 0 });
    await rejectsWith(a.session.list(), esm.NetworkError, "drop");
    await rejectsWith(a.session.list(), esm.NetworkError, "truncate");
    assert.equal((await recorded()).length, 2, "not retried");
  });

  for (const [body, http, problem, needle] of [
    ["html", 502, "not_json", "<html>"],
    ["text", 200, "not_json", "upstream connect error"],
    ["empty", 500, "empty", ""],
    ["not_object", 200, "not_object", "[1,2]"],
    ["truncated", 200, "not_json", '{"request_id"'],
  ]) {
    it(`InvalidResponseError: ${body} body on HTTP ${http}`, T, async () => {
      await emu.faults([{ action: { kind: "status", http, body } }]);
      const e = await rejectsWith(service(esm, { requestRetries: 0 }).session.list(), esm.InvalidResponseError);
      assert.ok(e instanceof esm.PangeaError);
      assert.equal(e.name, "InvalidResponseError");
      assert.equal(e.status, http);
      assert.equal(e.problem, problem);
      assert.equal(typeof e.excerpt, "string");
      assert.ok(e.excerpt.includes(needle), e.excerpt);
      assert.ok(e.message.includes(String(http)));
      assert.ok(!e.message.includes(emu.serviceToken));
    });
  }
});

describe("retries", () => {
  beforeEach(fresh);

  for (const [http, k] of [[500, 1], [502, 2], [503, 1], [504, 1]]) {
    it(`HTTP ${http} ×${k} then success: exactly ${k + 1} requests, retried ids listed`, T, async () => {
      await emu.faults([{ path: "/v2/session/logout", times: k, action: { kind: "status", http } }]);
      const started = Date.now();
      const r = await service().session.logout("pui_nobody");
      const elapsed = Date.now() - started;
      assert.equal(r.status, "Success");
      const requests = await recorded("/v2/session/logout");
      assert.equal(requests.length, k + 1);
      assert.deepEqual(requests.map((q) => q.reply_status), [...Array(k).fill(http), 200]);
      assert.equal(requests[0].headers["x-pangea-retried-request-ids"], undefined);
      for (let i = 1; i <= k; i++) {
        const expected = requests.slice(0, i).map((q) => q.request_id).join(",");
        assert.equal(requests[i].headers["x-pangea-retried-request-ids"], expected, `attempt ${i + 1}`);
        assert.deepEqual(requests[i].body, { user_id: "pui_nobody" });
      }
      assert.equal(r.request_id, requests[k].request_id);
      // Backoff 0.5 s, 1 s, … with jitter down to 75 %: a lower bound only.
      assert.ok(elapsed >= 350 * (2 ** k - 1), `backed off (${elapsed} ms)`);
    });
  }

  it("requestRetries is honoured: 1 → two attempts, then the error", T, async () => {
    await emu.faults([{ path: "/v2/session/list", times: 3, action: { kind: "status", http: 500 } }]);
    const e = await rejectsWith(service(esm, { requestRetries: 1 }).session.list(), esm.InternalServerError);
    const requests = await recorded("/v2/session/list");
    assert.equal(requests.length, 2);
    assert.equal(e.response.request_id, requests[1].request_id);
  });

  it("requestRetries 0 → one attempt", T, async () => {
    await emu.faults([{ path: "/v2/session/list", times: 2, action: { kind: "status", http: 502 } }]);
    await rejectsWith(service(esm, { requestRetries: 0 }).session.list(), esm.ServiceNotAvailableError);
    assert.equal((await recorded("/v2/session/list")).length, 1);
  });

  it("503 on every attempt → ServiceTemporarilyUnavailable after requestRetries + 1", T, async () => {
    await emu.faults([{ path: "/v2/session/list", times: 5, action: { kind: "status", http: 503 } }]);
    await rejectsWith(service(esm, { requestRetries: 1 }).session.list(), esm.ServiceTemporarilyUnavailable);
    assert.equal((await recorded("/v2/session/list")).length, 2);
  });

  it("other statuses are not retried (400, 401, 404, 429)", T, async () => {
    const a = service();
    for (const http of [400, 401, 404, 429]) {
      await emu.clearRequests();
      await emu.faults([{ path: "/v2/session/list", action: { kind: "status", http } }]);
      await rejectsWith(a.session.list(), esm.APIError, String(http));
      assert.equal((await recorded("/v2/session/list")).length, 1, `HTTP ${http}`);
    }
  });
});

describe("HTTP 202 and result polling", () => {
  beforeEach(fresh);

  it("accepted, then the result on the first poll", T, async () => {
    const request = { order_by: "id", size: 3 };
    await emu.faults([{ path: "/v2/session/list", action: { kind: "accepted", polls: 0 } }]);
    const r = await service().session.list(request);
    assert.equal(r.status, "Success");
    assert.equal(r.gotResponse.status, 200);
    assert.equal(r.accepted_result, undefined);
    const requests = await recorded();
    assert.equal(requests.length, 2);
    const [post, poll] = requests;
    assert.equal(post.reply_status, 202);
    assert.equal(poll.method, "GET");
    assert.equal(poll.path, `/request/${post.request_id}`);
    assert.equal(poll.headers.authorization, `Bearer ${emu.serviceToken}`);
    assert.equal(poll.reply_status, 200);
    const raw = await rawPost(emu, "/v2/session/list", request);
    assert.deepStrictEqual(r.result, raw.json.result);
  });

  it("still accepted when pollResultTimeoutMs ends → AcceptedRequestException with accepted_result", T, async () => {
    await emu.faults([{ path: "/v2/session/logout", action: { kind: "accepted", polls: 20 } }]);
    const started = Date.now();
    const e = await rejectsWith(service(esm, { pollResultTimeoutMs: 1500 }).session.logout("pui_x"), esm.AcceptedRequestException);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1500 + 5000, `stopped polling in time (${elapsed} ms)`);
    assert.ok(e instanceof esm.APIError);
    assert.equal(e.name, "AcceptedRequestException");
    const requests = await recorded();
    const post = requests[0];
    const polls = requests.slice(1);
    assert.equal(post.reply_status, 202);
    // Waits of 1 s, then what is left of 1.5 s (a timer may fire a millisecond early: one more poll).
    assert.ok(polls.length >= 1 && polls.length <= 3, `${polls.length} polls`);
    assert.ok(polls.every((p) => p.method === "GET" && p.path === `/request/${post.request_id}` && p.reply_status === 202));
    assert.equal(e.response.status, "Accepted");
    assert.equal(e.response.gotResponse.status, 202);
    assert.deepEqual(e.response.result, {});
    assert.equal(e.request_id, e.response.request_id);
    assert.deepEqual(e.accepted_result, e.response.accepted_result);
    assert.equal(typeof e.accepted_result.ttl_mins, "number");
    assert.equal(typeof e.accepted_result.retry_counter, "number");
    assert.equal(e.accepted_result.location, `${emu.url}/request/${post.request_id}`);
    assert.equal(e.message.split("\n")[0], `summary: ${e.response.summary}. request_id: ${e.response.request_id}.`);
  });

  it("queuedRetryEnabled: false → AcceptedRequestException at once, no poll", T, async () => {
    await emu.faults([{ path: "/v2/session/logout", action: { kind: "accepted", polls: 0 } }]);
    const e = await rejectsWith(service(esm, { queuedRetryEnabled: false }).session.logout("pui_x"), esm.AcceptedRequestException);
    const requests = await recorded();
    assert.equal(requests.length, 1);
    assert.equal(e.request_id, requests[0].request_id);
    assert.equal(e.accepted_result.location, `${emu.url}/request/${requests[0].request_id}`);
  });
});

describe("bad arguments", () => {
  beforeEach(fresh);

  const cyclic = {};
  cyclic.self = cyclic;
  const CASES = [
    ["session.invalidate()", (a) => a.session.invalidate(), "sessionID"],
    ["session.invalidate(123)", (a) => a.session.invalidate(123), "sessionID"],
    ["session.list('x')", (a) => a.session.list("x"), "request"],
    ["session.list(null)", (a) => a.session.list(null), "request"],
    ["session.list([])", (a) => a.session.list([]), "request"],
    ["session.list({size: 0})", (a) => a.session.list({ size: 0 }), "request.size"],
    ["session.list({size: 2.5})", (a) => a.session.list({ size: 2.5 }), "request.size"],
    ["session.list({filter: []})", (a) => a.session.list({ filter: [] }), "request.filter"],
    ["session.list({order: 1})", (a) => a.session.list({ order: 1 }), "request.order"],
    ["session.list({order_by: {}})", (a) => a.session.list({ order_by: {} }), "request.order_by"],
    ["session.list({last: 5})", (a) => a.session.list({ last: 5 }), "request.last"],
    ["session.list(cyclic)", (a) => a.session.list(cyclic), "request"],
    ["session.logout(null)", (a) => a.session.logout(null), "user_id"],
    ["session.logout({})", (a) => a.session.logout({}), "user_id"],
    ["client.session.invalidate(undefined, 'pmt')", (a) => a.client.session.invalidate(undefined, "pmt_x"), "token"],
    ["client.session.invalidate('ptu', 5)", (a) => a.client.session.invalidate("ptu_x", 5), "sessionID"],
    ["client.session.list(1)", (a) => a.client.session.list(1), "token"],
    ["client.session.list('ptu', 'x')", (a) => a.client.session.list("ptu_x", "x"), "options"],
    ["client.session.list('ptu', {size: -1})", (a) => a.client.session.list("ptu_x", { size: -1 }), "options.size"],
    ["client.session.logout(['t'])", (a) => a.client.session.logout(["ptu_x"]), "token"],
    ["client.session.refresh()", (a) => a.client.session.refresh(), "refreshToken"],
    ["client.session.refresh('ptr', 5)", (a) => a.client.session.refresh("ptr_x", 5), "options"],
    ["client.session.refresh('ptr', {user_token: 5})", (a) => a.client.session.refresh("ptr_x", { user_token: 5 }), "options.user_token"],
    ["client.session.refresh(1n)", (a) => a.client.session.refresh(1n), "refreshToken"],
  ];

  it("each bad argument → TypeError naming method and argument; nothing sent", T, async () => {
    const a = service();
    for (const [label, call, argument] of CASES) {
      const e = await rejectsWith(() => call(a), TypeError, label);
      assert.ok(e.message.includes(`\`${argument}\``), `${label}: ${e.message}`);
      const method = label.slice(0, label.indexOf("("));
      assert.ok(e.message.startsWith(`${method}:`), `${label}: ${e.message}`);
      assert.ok(!e.message.includes(emu.serviceToken));
    }
    assert.deepEqual(await recorded(), [], "no request was sent");
  });

  it("a bad call returns a rejected promise (it does not throw synchronously)", () => {
    const p = service().session.invalidate(1);
    assert.ok(p instanceof Promise);
    return assert.rejects(p, TypeError);
  });

  it("empty strings and extra keys are sent as given (the server judges them)", T, async () => {
    const a = service();
    const settle = (p) => p.then(() => null, (e) => e);
    await settle(a.session.logout(""));
    await settle(a.client.session.invalidate("", ""));
    await settle(a.session.list({ unknown_key: 1 }));
    assert.ok((await settle(a.client.session.list("ptu_x", { unknown_key: 1 }))) instanceof esm.ValidationError);
    const bodies = (await recorded()).map((r) => r.body);
    assert.deepEqual(bodies, [{ user_id: "" }, { token: "", session_id: "" }, { unknown_key: 1 }, { token: "ptu_x", unknown_key: 1 }]);
  });

  it("undefined option values vanish, as with JSON.stringify", T, async () => {
    await service().session.list({ size: undefined, order: undefined, filter: { email: undefined } });
    const [req] = await recorded();
    assert.deepEqual(req.body, { filter: {} });
  });
});

describe("overlapping calls on one service", () => {
  beforeEach(fresh);

  it("20 calls in flight at once each get their own reply", T, async () => {
    const live = (await liveSessions(emu)).slice(0, 12);
    assert.ok(live.length >= 8);
    // Slow down some replies so they come back out of order.
    await emu.faults([{ path: "/v2/session/list", times: 4, action: { kind: "delay", ms: 300 } }]);
    const a = service();
    const c = service(esm, {}, emu.clientToken);
    const lists = live.map(({ session }) => a.session.list({ filter: { id: session.id } }));
    const mine = live.slice(0, 6).map(({ session }) => c.client.session.list(session.user_token));
    const bad = a.session.list({ order: "sideways" });
    const [listed, own, failed] = await Promise.all([Promise.all(lists), Promise.all(mine), bad.then(() => null, (e) => e)]);
    listed.forEach((r, i) => assert.deepEqual(r.result.sessions.map((s) => s.id), [live[i].session.id]));
    own.forEach((r, i) => assert.ok(r.result.sessions.every((s) => s.identity === live[i].user.id)));
    assert.ok(failed instanceof esm.ValidationError);
    const ids = new Set([...listed, ...own].map((r) => r.request_id));
    assert.equal(ids.size, listed.length + own.length, "distinct replies");
  });

  it("a hung call does not hold up the others", T, async () => {
    await emu.faults([{ path: "/v2/session/logout", action: { kind: "hang" } }]);
    const a = service(esm, { requestTimeout: 2000 });
    let hungSettled = false;
    const hung = a.session.logout("pui_x").then(() => null, (e) => e).finally(() => { hungSettled = true; });
    const r = await a.session.list({ size: 1 });
    assert.equal(r.status, "Success");
    assert.equal(hungSettled, false, "answered while the other call still hangs");
    assert.ok((await hung) instanceof esm.TimeoutError);
  });
});
