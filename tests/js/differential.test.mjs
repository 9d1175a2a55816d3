// Differential tests: pangea-node-sdk 5.6.0 and this package make the same
// calls against the same emulator data (reset between the two runs) with the
// same scripted faults. The requests on the wire and the outcomes must match;
// the deliberate improvements are asserted one by one, each next to the SDK's
// own behaviour.
//
// Needs `make pkg` and the emulator binary (`make emulator-bin`).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import * as SDK from "pangea-node-sdk";
import * as OURS from "../../pkg/node.mjs";
import { liveSessions, startEmulator } from "../support/emulator.mjs";
import { deadPort, normalise, within } from "./helpers.mjs";

const T = { timeout: 60_000 };

// Error classes both packages have (ours adds TimeoutError, NetworkError, InvalidResponseError).
const SHARED_CLASSES = [
  "PangeaError",
  "ServiceTemporarilyUnavailable",
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

const IMPLS = {
  sdk: { name: "pangea-node-sdk", mod: SDK },
  ours: { name: "pangea-authn-wasm", mod: OURS },
};

let emu;
let tmp;

before(async () => {
  emu = await startEmulator({ seed: 20 });
  tmp = mkdtempSync(join(tmpdir(), "authn-diff-"));
});

after(async () => {
  await emu?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Services of one implementation on `emulator`. */
function clients(impl, config = {}, emulator = emu) {
  const { mod } = IMPLS[impl];
  const make = (token) => new mod.AuthNService(token, new mod.PangeaConfig({ baseUrlTemplate: emulator.url, ...config }));
  return { mod, service: make(emulator.serviceToken), client: make(emulator.clientToken), make };
}

/** Awaits a call (or runs a function), keeping a synchronous throw or a rejection. */
async function settle(call) {
  try {
    return { value: await (typeof call === "function" ? call() : call) };
  } catch (error) {
    return { error };
  }
}

const TEXT_VOLATILE = [
  [/prq_[a-z2-7]{32}/g, "prq_…"],
  [/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>"],
  [/ptu_[a-z2-7]{32}|ptr_[a-z2-7]{32}/g, "<token>"],
];
const normaliseText = (s) => TEXT_VOLATILE.reduce((acc, [re, to]) => acc.replace(re, to), String(s));

/** What the SDK and we must agree on for one call's outcome. */
function comparable(impl, outcome) {
  const { mod } = IMPLS[impl];
  if ("value" in outcome) {
    const r = outcome.value;
    return {
      ok: true,
      keys: Object.keys(r).sort(),
      success: r.success,
      status: r.status,
      summary: r.summary,
      result: normalise(r.result),
      accepted_result: normalise(r.accepted_result),
      json: normalise(JSON.parse(r.toJSON())),
      http: r.gotResponse?.status,
    };
  }
  const e = outcome.error;
  return {
    ok: false,
    classes: SHARED_CLASSES.filter((c) => e instanceof mod.PangeaErrors[c]),
    name: e.name,
    message: normaliseText(e.message),
    text: e instanceof mod.PangeaErrors.APIError ? normaliseText(e.toString()) : undefined,
    status: e.response?.status,
    summary: e.response?.summary,
    errors: e.errors,
    result: normalise(e.response?.result),
    http: e.response?.gotResponse?.status,
  };
}

/** What must match between the two runs' recorded requests. */
function wire(requests) {
  return requests.map((r) => ({
    method: r.method,
    path: r.path.replace(/^\/request\/prq_[a-z2-7]{32}$/, "/request/<id>"),
    body: r.body,
    authorization: r.headers.authorization,
    contentType: r.headers["content-type"],
    retriedIds: r.headers["x-pangea-retried-request-ids"]?.split(",").length ?? 0,
    reply: r.reply_status,
  }));
}

/**
 * Runs `scenario(clients, live)` once with the SDK and once with ours, each
 * from the start-up data with `faults` queued. Returns both runs.
 */
async function runBoth(scenario, { faults = [], config = {} } = {}) {
  const runs = {};
  for (const impl of ["sdk", "ours"]) {
    await emu.clearFaults();
    await emu.reset();
    await emu.clearRequests();
    const live = await liveSessions(emu);
    if (faults.length) await emu.faults(faults);
    const outcomes = await scenario(clients(impl, config), live);
    const requests = await emu.requests();
    runs[impl] = { outcomes, requests };
  }
  return runs;
}

/** Asserts that both runs sent the same requests and got the same outcomes. */
function assertSame(runs, label) {
  const sdkWire = wire(runs.sdk.requests);
  const ourWire = wire(runs.ours.requests);
  assert.deepEqual(ourWire, sdkWire, `${label}: same requests`);
  assert.ok(sdkWire.length > 0, `${label}: something was sent`);
  for (const r of runs.sdk.requests) assert.match(r.headers["user-agent"], /^pangea-node\/5\.6\.0$/);
  for (const r of runs.ours.requests) assert.match(r.headers["user-agent"], /^pangea-authn-wasm\//);
  assert.equal(runs.ours.outcomes.length, runs.sdk.outcomes.length);
  runs.sdk.outcomes.forEach((o, i) => {
    assert.deepEqual(comparable("ours", runs.ours.outcomes[i]), comparable("sdk", o), `${label}: outcome ${i}`);
  });
}

/** One call per scenario step, each settled. */
async function steps(...calls) {
  const out = [];
  for (const call of calls) out.push(await settle(call));
  return out;
}

describe("same requests, same results: the seven operations", () => {
  const SCENARIOS = {
    "session.list() with no argument": ({ service }) => steps(() => service.session.list()),
    "session.list({})": ({ service }) => steps(() => service.session.list({})),
    "session.list with filter, order, order_by, size, then last": async ({ service }) => {
      const request = {
        filter: { email__contains: ["example"], created_at__gte: "2026-01-01T00:00:00Z", type: "session" },
        order: "desc",
        order_by: "created_at",
        size: 4,
      };
      const first = await settle(service.session.list(request));
      const second = await settle(service.session.list({ ...request, last: first.value?.result.last }));
      return [first, second];
    },
    "session.list with identity__in, scopes, expire range, email order": ({ service }, live) =>
      steps(() =>
        service.session.list({
          filter: {
            identity__in: live.slice(0, 5).map((x) => x.user.id),
            expire__gt: "2026-01-01T00:00:00Z",
            expire__lte: "2100-01-01T00:00:00Z",
          },
          order: "asc",
          order_by: "email",
        }),
        () => service.session.list({ filter: { scopes: ["admin"] }, order_by: "id", size: 3 }),
        () => service.session.list({ filter: { id__in: live.slice(0, 3).map((x) => x.session.id), active_token_id__contains: ["pmt_"] } }),
      ),
    "client.session.list(token) and with options, then last": async ({ client }, live) => {
      const { session } = live.find((x) => x.user.sessions.length >= 2) ?? live[0];
      const all = await settle(client.client.session.list(session.user_token));
      const page = await settle(client.client.session.list(session.user_token, { order: "asc", order_by: "id", size: 1 }));
      const next = await settle(client.client.session.list(session.user_token, { order: "asc", order_by: "id", size: 1, last: page.value?.result.last }));
      const filtered = await settle(client.client.session.list(session.user_token, { filter: { id: session.id } }));
      return [all, page, next, filtered];
    },
    "client.session.invalidate(token, sessionID)": ({ client }, live) => {
      const { user, session } = live.find((x) => x.user.sessions.length >= 2) ?? live[0];
      const other = user.sessions.find((s) => s.id !== session.id) ?? session;
      return steps(
        () => client.client.session.invalidate(session.user_token, other.id),
        () => client.client.session.list(session.user_token),
      );
    },
    "client.session.logout(token)": ({ client }, [{ session }]) =>
      steps(
        () => client.client.session.logout(session.user_token),
        () => client.client.session.list(session.user_token),
      ),
    "client.session.refresh(refreshToken, {user_token}) and with {}": ({ client }, [a, b]) =>
      steps(
        () => client.client.session.refresh(a.session.refresh_token, { user_token: a.session.user_token }),
        () => client.client.session.refresh(b.session.refresh_token, {}),
        () => client.client.session.refresh(b.session.refresh_token, { user_token: "" }),
      ),
    "session.invalidate(sessionID)": ({ service }, [{ session }]) =>
      steps(
        () => service.session.invalidate(session.id),
        () => service.session.list({ filter: { id: session.id } }),
      ),
    "session.logout(user_id), also for an unknown user": ({ service }, [{ user }]) =>
      steps(
        () => service.session.logout(user.id),
        () => service.session.list({ filter: { identity: user.id } }),
        () => service.session.logout("pui_nobody"),
      ),
    "client calls with the service token": ({ service }, [{ session }]) =>
      steps(() => service.client.session.list(session.user_token, { size: 2 })),
  };

  for (const [label, scenario] of Object.entries(SCENARIOS)) {
    it(label, T, async () => {
      const runs = await runBoth(scenario);
      assertSame(runs, label);
      assert.ok(runs.ours.outcomes.some((o) => "value" in o), "at least one call succeeded");
    });
  }
});

describe("same requests, same errors", () => {
  const SCENARIOS = {
    "validation errors from the service (bad enum, unknown key, bad or unknown id, bad token, empty id)": ({ service, client }, [{ session }]) =>
      steps(
        () => service.session.list({ order: "sideways" }),
        () => service.session.list({ order_by: "nope", filter: { unknown_field: 1 } }),
        () => service.session.invalidate("not-a-session-id"),
        () => service.session.invalidate(`pmt_${"a".repeat(32)}`),
        () => client.client.session.list("not-a-token"),
        () => client.client.session.invalidate(session.user_token, "nope"),
        () => service.session.logout(""),
      ),
    "unknown and expired user tokens (InvalidToken / ExpiredToken → APIError)": async ({ client }, [{ session }]) => {
      await client.client.session.logout(session.user_token);
      return steps(
        () => client.client.session.list(`ptu_${"a".repeat(32)}`),
        () => client.client.session.refresh(`ptr_${"b".repeat(32)}`, {}),
        () => client.client.session.logout(session.user_token),
        () => client.client.session.refresh(session.refresh_token, { user_token: session.user_token }),
      );
    },
    "a bad service token (UnauthorizedError)": ({ make }) =>
      steps(() => make(`pts_${"c".repeat(32)}`).session.list(), () => make("").session?.list()),
  };
  for (const [label, scenario] of Object.entries(SCENARIOS)) {
    it(label, T, async () => {
      const runs = await runBoth(scenario);
      assertSame(runs, label);
      assert.ok(runs.ours.outcomes.every((o) => "error" in o), "every call failed");
    });
  }

  it("an empty token throws the same Error at construction", () => {
    for (const impl of ["sdk", "ours"]) {
      const { mod } = IMPLS[impl];
      assert.throws(() => new mod.AuthNService("", new mod.PangeaConfig()), { message: "A token is required" }, impl);
    }
  });

  it("a client token on session/* (UnauthorizedError)", T, async () => {
    const runs = await runBoth(({ client }) => steps(() => client.session.list(), () => client.session.logout("pui_x")));
    assertSame(runs, "client token on session/*");
  });

  // Status strings whose class is the same in both (ServiceNotEnabled and
  // MissingConfigID differ on purpose; see below). Non-5xx codes: no retries.
  const STATUSES = [
    ["ValidationError", 400],
    ["TooManyRequests", 429],
    ["NoCredit", 402],
    ["Unauthorized", 401],
    ["ProviderError", 400],
    ["InternalError", 400],
    ["ServiceNotAvailable", 400],
    ["InvalidPayloadReceived", 400],
    ["ForbiddenVaultOperation", 403],
    ["NotFound", 404],
    ["InvalidToken", 400],
    ["ExpiredToken", 401],
    ["SomethingNew", 418],
  ];
  it(`injected statuses map to the same class: ${STATUSES.map((s) => s[0]).join(", ")}`, T, async () => {
    const faults = STATUSES.map(([status, http]) => ({
      path: "/v2/session/logout",
      action: { kind: "status", http, status, summary: `injected ${status}`, result: { errors: [{ code: "X", detail: "d", source: "/user_id" }] } },
    }));
    const runs = await runBoth(({ service }) => steps(...STATUSES.map(() => () => service.session.logout("pui_x"))), { faults });
    assertSame(runs, "injected statuses");
    const classes = runs.ours.outcomes.map((o) => o.error.name);
    assert.deepEqual(classes, [
      "ValidationError",
      "RateLimitError",
      "NoCreditError",
      "UnauthorizedError",
      "ProviderError",
      "InternalServerError",
      "ServiceNotAvailableError",
      "InvalidPayloadReceived",
      "ForbiddenVaultOperation",
      "NotFound",
      "PangeanAPIError",
      "PangeanAPIError",
      "PangeanAPIError",
    ]);
  });

  it("HTTP 500 then success: one retry, the retried-ids header, same result", T, async () => {
    const faults = [{ path: "/v2/session/list", times: 1, action: { kind: "status", http: 500 } }];
    const runs = await runBoth(({ service }) => steps(() => service.session.list({ size: 2, order_by: "id" })), { faults });
    assertSame(runs, "500 then success");
    for (const impl of ["sdk", "ours"]) {
      const [first, second] = runs[impl].requests;
      assert.equal(first.reply_status, 500);
      assert.equal(first.headers["x-pangea-retried-request-ids"], undefined, impl);
      assert.equal(second.headers["x-pangea-retried-request-ids"], first.request_id, impl);
    }
  });

  it("HTTP 502 and 504 then success, on client calls", T, async () => {
    const faults = [
      { path: "/v2/client/session/logout", action: { kind: "status", http: 502 } },
      { path: "/v2/client/session/logout", action: { kind: "status", http: 504, body: "html" } },
    ];
    const runs = await runBoth(({ client }, [{ session }]) => steps(() => client.client.session.logout(session.user_token)), { faults });
    assertSame(runs, "502/504 then success");
    for (const impl of ["sdk", "ours"]) {
      const [a, b, c] = runs[impl].requests;
      assert.equal(c.headers["x-pangea-retried-request-ids"], `${a.request_id},${b.request_id}`, impl);
    }
  });

  it("HTTP 202, then the result on the first poll", T, async () => {
    const faults = [{ path: "/v2/session/list", action: { kind: "accepted", polls: 0 } }];
    const runs = await runBoth(({ service }) => steps(() => service.session.list({ size: 3 })), { faults });
    assertSame(runs, "202 then poll");
    assert.deepEqual(wire(runs.ours.requests).map((r) => [r.method, r.path, r.reply]), [
      ["POST", "/v2/session/list", 202],
      ["GET", "/request/<id>", 200],
    ]);
  });
});

describe("improvements over the SDK (each shown next to the SDK's behaviour)", () => {
  async function fresh() {
    await emu.clearFaults();
    await emu.reset();
    await emu.clearRequests();
  }

  it("requestRetries is honoured for POST (the SDK always retries 3 times)", T, async () => {
    const fault = { path: "/v2/session/list", times: 10, action: { kind: "status", http: 500 } };
    const counts = {};
    for (const impl of ["sdk", "ours"]) {
      await fresh();
      await emu.faults([fault]);
      const { service, mod } = clients(impl, { requestRetries: 0 });
      const { error } = await settle(service.session.list());
      assert.ok(error instanceof mod.PangeaErrors.InternalServerError, impl);
      counts[impl] = (await emu.requests()).length;
    }
    assert.deepEqual(counts, { sdk: 4, ours: 1 });
  });

  it("requestTimeout is enforced (the SDK waits for ever)", T, async () => {
    const fault = { path: "/v2/session/list", action: { kind: "hang" } };
    await fresh();
    await emu.faults([fault]);
    const sdkCall = clients("sdk", { requestTimeout: 300 }).service.session.list();
    sdkCall.catch(() => {}); // it ends when the emulator stops
    const sdkOutcome = await within(sdkCall, 2000);
    assert.equal(sdkOutcome.settled, false, "the SDK is still waiting after 2 s");

    await emu.faults([fault]);
    const started = Date.now();
    const ours = await within(clients("ours", { requestTimeout: 300 }).service.session.list(), 8000);
    assert.equal(ours.settled, true, "ours gave up");
    assert.ok(ours.error instanceof OURS.TimeoutError, String(ours.error));
    assert.ok(Date.now() - started < 8000);
  });

  it("by default neither times out: a reply after 5.3 s (past the SDK's nominal 5000 ms) succeeds with both", T, async () => {
    const faults = [{ path: "/v2/session/list", action: { kind: "delay", ms: 5300 } }];
    const runs = await runBoth(({ service }) => steps(() => service.session.list()), { faults });
    assertSame(runs, "delayed reply");
    assert.equal(runs.ours.outcomes[0].error, undefined, String(runs.ours.outcomes[0].error));
  });

  it("a non-JSON body is an InvalidResponseError with status and excerpt (the SDK throws a SyntaxError)", T, async () => {
    const faults = [
      { path: "/v2/session/list", action: { kind: "status", http: 200, body: "text" } },
      { path: "/v2/session/list", action: { kind: "status", http: 400, body: "html" } },
      { path: "/v2/session/list", action: { kind: "status", http: 200, body: "empty" } },
    ];
    const runs = await runBoth(({ service }) => steps(...faults.map(() => () => service.session.list())), { faults });
    assert.deepEqual(wire(runs.ours.requests), wire(runs.sdk.requests), "same requests");
    for (const { error } of runs.sdk.outcomes) {
      assert.ok(error instanceof SyntaxError, `SDK: ${error}`);
      assert.ok(!(error instanceof SDK.PangeaErrors.PangeaError));
    }
    const [text, html, empty] = runs.ours.outcomes.map((o) => o.error);
    for (const e of [text, html, empty]) assert.ok(e instanceof OURS.InvalidResponseError && e instanceof OURS.PangeaError);
    assert.deepEqual([text.status, html.status, empty.status], [200, 400, 200]);
    assert.ok(text.excerpt.startsWith("upstream connect error"));
    assert.ok(html.excerpt.startsWith("<html>"));
    assert.deepEqual([text.problem, html.problem, empty.problem], ["not_json", "not_json", "empty"]);
  });

  it("refresh(refreshToken) without options works (the SDK throws a TypeError)", T, async () => {
    await fresh();
    const [{ session }] = await liveSessions(emu);
    const sdk = await settle(() => clients("sdk").client.client.session.refresh(session.refresh_token));
    assert.ok(sdk.error instanceof TypeError);
    assert.match(sdk.error.message, /user_token/);
    assert.deepEqual(await emu.requests(), [], "the SDK sent nothing");
    const ours = await settle(() => clients("ours").client.client.session.refresh(session.refresh_token));
    assert.equal(ours.value?.status, "Success", String(ours.error));
    const [req] = await emu.requests();
    assert.deepEqual(req.body, { refresh_token: session.refresh_token });
  });

  it("AcceptedRequestException.accepted_result holds the accepted result (the SDK's is {})", T, async () => {
    const faults = [{ path: "/v2/session/logout", action: { kind: "accepted", polls: 0 } }];
    const runs = await runBoth(({ service }) => steps(() => service.session.logout("pui_x")), { faults, config: { queuedRetryEnabled: false } });
    assert.deepEqual(wire(runs.ours.requests), wire(runs.sdk.requests), "same requests (no poll)");
    const sdkError = runs.sdk.outcomes[0].error;
    const ourError = runs.ours.outcomes[0].error;
    assert.ok(sdkError instanceof SDK.PangeaErrors.AcceptedRequestException);
    assert.ok(ourError instanceof OURS.AcceptedRequestException);
    assert.deepEqual(sdkError.accepted_result, {});
    const location = `${emu.url}/request/${runs.ours.requests[0].request_id}`;
    assert.equal(ourError.accepted_result.location, location);
    assert.equal(typeof ourError.accepted_result.ttl_mins, "number");
    assert.deepEqual(ourError.accepted_result, ourError.response.accepted_result);
    // Both keep it on the response.
    assert.deepEqual(normalise(sdkError.pangeaResponse.accepted_result), normalise(ourError.pangeaResponse.accepted_result));
    assert.equal(sdkError.request_id, sdkError.pangeaResponse.request_id);
    assert.equal(ourError.request_id, ourError.pangeaResponse.request_id);
  });

  it("a profile value under `message` holding JSON text stays a string (the SDK's reviver parses it)", T, async () => {
    // A fixture whose first session has profile keys the SDK's reviver touches.
    const { users, service_token, client_token } = await emu.fixture();
    const session = users[0].sessions[0];
    session.profile = { ...session.profile, message: '{"note":"hi","n":1}', new: "[1,2]", old: "plain text" };
    const file = join(tmp, "fixture.json");
    writeFileSync(file, JSON.stringify({ service_token, client_token, users }));
    const special = await startEmulator({ seed: 20, args: ["--fixture", file] });
    try {
      const list = (impl) => clients(impl, {}, special).service.session.list({ filter: { id: session.id } });
      const sdk = (await list("sdk")).result.sessions[0].profile;
      const ours = (await list("ours")).result.sessions[0].profile;
      assert.deepEqual(sdk.message, { note: "hi", n: 1 }, "the SDK turned the text into an object");
      assert.deepEqual(sdk.new, [1, 2]);
      assert.equal(ours.message, '{"note":"hi","n":1}');
      assert.equal(ours.new, "[1,2]");
      assert.equal(ours.old, "plain text");
      assert.equal(sdk.old, "plain text");
    } finally {
      await special.stop();
    }
  });

  it("ServiceNotEnabled → ServiceNotEnabledError, still a ServiceNotAvailableError (the SDK: ServiceNotAvailableError)", T, async () => {
    const faults = [{ path: "/v2/session/list", action: { kind: "status", http: 403, status: "ServiceNotEnabled" } }];
    const runs = await runBoth(({ service }) => steps(() => service.session.list()), { faults });
    const sdkError = runs.sdk.outcomes[0].error;
    const ourError = runs.ours.outcomes[0].error;
    assert.ok(sdkError instanceof SDK.PangeaErrors.ServiceNotAvailableError);
    assert.ok(!(sdkError instanceof SDK.PangeaErrors.ServiceNotEnabledError));
    assert.equal(sdkError.name, "ServiceNotAvailableError");
    assert.ok(ourError instanceof OURS.ServiceNotEnabledError);
    assert.ok(ourError instanceof OURS.ServiceNotAvailableError, "code catching the SDK's class still catches it");
    assert.equal(ourError.name, "ServiceNotEnabledError");
  });

  it("MissingConfigID is named MissingConfigID (the SDK names it ServiceNotEnabledError)", T, async () => {
    const faults = [{ path: "/v2/session/list", action: { kind: "status", http: 400, status: "MissingConfigID" } }];
    const runs = await runBoth(({ service }) => steps(() => service.session.list()), { faults });
    const sdkError = runs.sdk.outcomes[0].error;
    const ourError = runs.ours.outcomes[0].error;
    assert.ok(sdkError instanceof SDK.PangeaErrors.MissingConfigID);
    assert.equal(sdkError.name, "ServiceNotEnabledError");
    assert.ok(ourError instanceof OURS.MissingConfigID);
    assert.equal(ourError.name, "MissingConfigID");
    assert.equal(ourError.message.split("\n")[0], sdkError.message.split("\n")[0], "same message");
  });

  it("no reply at all is a NetworkError (the SDK lets fetch's TypeError through)", T, async () => {
    const port = await deadPort();
    const outcomes = {};
    for (const impl of ["sdk", "ours"]) {
      const { mod } = IMPLS[impl];
      const a = new mod.AuthNService("pts_x", new mod.PangeaConfig({ baseUrlTemplate: `http://127.0.0.1:${port}` }));
      outcomes[impl] = (await settle(a.session.list())).error;
    }
    assert.ok(outcomes.sdk instanceof TypeError, String(outcomes.sdk));
    assert.ok(outcomes.ours instanceof OURS.NetworkError, String(outcomes.ours));
  });

  it("bad argument types are a TypeError before sending (the SDK sends them and gets a ValidationError)", T, async () => {
    const runs = await runBoth(({ service, client }) =>
      steps(
        () => service.session.list({ size: 0 }),
        () => service.session.invalidate(123),
        () => client.client.session.list("ptu_x", { order: 5 }),
      ),
    );
    assert.equal(runs.sdk.requests.length, 3);
    assert.deepEqual(runs.sdk.requests.map((r) => r.body), [{ size: 0 }, { session_id: 123 }, { token: "ptu_x", order: 5 }]);
    for (const { error } of runs.sdk.outcomes) assert.ok(error instanceof SDK.PangeaErrors.ValidationError, String(error));
    assert.deepEqual(runs.ours.requests, [], "ours sent nothing");
    const messages = runs.ours.outcomes.map(({ error }) => {
      assert.ok(error instanceof TypeError, String(error));
      return error.message;
    });
    assert.match(messages[0], /^session\.list: argument `request\.size` must be an integer >= 1, got 0$/);
    assert.match(messages[1], /^session\.invalidate: argument `sessionID` must be a string, got number$/);
    assert.match(messages[2], /^client\.session\.list: argument `options\.order` must be a string, got number$/);
  });

  it("the User-Agent differs by design", T, async () => {
    const runs = await runBoth(({ service }) => steps(() => service.session.logout("pui_x")), { config: { customUserAgent: "app/1" } });
    assert.equal(runs.sdk.requests[0].headers["user-agent"], "pangea-node/5.6.0 app/1");
    assert.match(runs.ours.requests[0].headers["user-agent"], /^pangea-authn-wasm\/\d+\.\d+\.\d+\S* app\/1$/);
  });
});
