// Bad input, argument by argument: every argument of every method gets every
// kind of JavaScript value. A value of the wrong type must be refused with a
// TypeError that names the method and the argument, *before* any request (the
// emulator's request log stays empty). A value of the right type is sent
// exactly as pangea-node-sdk would send it (the recorded body is compared with
// the SDK's JSON.stringify), and the server judges it. Nothing may throw
// synchronously, hang, or corrupt a body. Then the same for PangeaConfig and
// AuthNService construction.
//
//   node --test tests/js/bad-input.test.mjs   (needs `make pkg` and the emulator)
import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";

import { startEmulator } from "../support/emulator.mjs";
import { AuthNService, PangeaConfig, PangeaErrors, bounded, services } from "./reliability-support.mjs";

const T = { timeout: 120_000 };
const USER_TOKEN = `ptu_${"a".repeat(32)}`;
const REFRESH_TOKEN = `ptr_${"b".repeat(32)}`;
const SESSION_ID = `pmt_${"c".repeat(32)}`;
const HUGE = "x".repeat(10 * 1024 * 1024);

let emu;
let svc;
let tried = 0;

before(async () => {
  emu = await startEmulator({ seed: 5 });
  svc = services(emu, { requestRetries: 0, requestTimeout: 10_000 });
});
after(async () => {
  await emu?.stop();
  console.log(`# bad-input: ${tried} calls with bad or odd arguments`);
});
beforeEach(() => emu.clearRequests());

function revokedProxy() {
  const r = Proxy.revocable({}, {});
  r.revoke();
  return r.proxy;
}

function cyclic() {
  const o = { size: 1 };
  o.self = o;
  return o;
}

/** Values that are not strings: [label, value, the type the message names]. */
const NOT_STRINGS = [
  ["undefined", undefined, "undefined"],
  ["null", null, "null"],
  ["a number", 42, "number"],
  ["NaN", NaN, "number"],
  ["a boolean", true, "boolean"],
  ["an array", [USER_TOKEN], "array"],
  ["a plain object", { token: USER_TOKEN }, "object"],
  ["a String object", new String(USER_TOKEN), "object"],
  ["an object with toString", { toString: () => USER_TOKEN }, "object"],
  ["an object whose toString throws", { toString() { throw new Error("no"); } }, "object"],
  ["a function", () => USER_TOKEN, "function"],
  ["a symbol", Symbol("token"), "symbol"],
  ["a BigInt", 10n, "bigint"],
  ["a Date", new Date(0), "object"],
  ["a lone high surrogate", `ptu_${"a".repeat(31)}\uD800`, "a string with unpaired surrogates"],
  ["a lone low surrogate", "\uDC00", "a string with unpaired surrogates"],
  ["a revoked Proxy", revokedProxy(), "a revoked Proxy"],
];

/** Values that are not plain objects (for options/request). */
const NOT_OBJECTS = [
  ["null", null, "null"],
  ["a number", 1, "number"],
  ["a string", "size=1", "string"],
  ["a boolean", false, "boolean"],
  ["an array", [{ size: 1 }], "array"],
  ["a function", function options() {}, "function"],
  ["a symbol", Symbol("o"), "symbol"],
  ["a BigInt", 1n, "bigint"],
  ["a revoked Proxy", revokedProxy(), "a revoked Proxy"],
  ["a cyclic object", cyclic(), "JSON.stringify rejects (Converting circular structure"],
  ["an object holding a BigInt", { size: 1n }, "JSON.stringify rejects (Do not know how to serialize a BigInt"],
  ["a getter that throws", { get size() { throw new Error("getter boom"); } }, "JSON.stringify rejects (getter boom"],
  ["a toJSON that throws", { toJSON() { throw new Error("toJSON boom"); } }, "JSON.stringify rejects (toJSON boom"],
  ["a toJSON that throws a revoked Proxy", { toJSON() { throw revokedProxy(); } }, "JSON.stringify rejects"],
  [
    "a toJSON that throws an object whose message getter throws",
    { toJSON() { throw { get message() { throw new Error("inner"); } }; } },
    "JSON.stringify rejects",
  ],
  ["a toJSON returning a string", { toJSON: () => "size=1" }, "got string"],
  ["a toJSON returning an array", { toJSON: () => [1] }, "got array"],
  ["a toJSON returning undefined", { toJSON: () => undefined }, "got undefined"],
  ["a toJSON returning null", { toJSON: () => null }, "got null"],
];

/** Options objects whose list keys have the wrong type: [label, value, argument suffix]. */
const BAD_LIST_OPTIONS = [
  ["size 0", { size: 0 }, "size"],
  ["size -1", { size: -1 }, "size"],
  ["size 1.5", { size: 1.5 }, "size"],
  ["size '2'", { size: "2" }, "size"],
  ["size NaN", { size: NaN }, "size"],
  ["size Infinity", { size: Infinity }, "size"],
  ["size null", { size: null }, "size"],
  ["size true", { size: true }, "size"],
  ["filter an array", { filter: [] }, "filter"],
  ["filter a string", { filter: "email=x" }, "filter"],
  ["filter null", { filter: null }, "filter"],
  ["last a number", { last: 5 }, "last"],
  ["order a boolean", { order: true }, "order"],
  ["order_by an object", { order_by: {} }, "order_by"],
  ["a toJSON with size 0", { toJSON: () => ({ size: 0 }) }, "size"],
];

/**
 * The seven methods: each argument's position, name, kind, a valid value, and
 * the body pangea-node-sdk would send (`sdk(args)` returns the object given
 * to JSON.stringify).
 */
const METHODS = [
  {
    name: "client.session.invalidate",
    path: "/v2/client/session/invalidate",
    run: (args) => svc.client.client.session.invalidate(...args),
    args: [
      ["token", "string", USER_TOKEN],
      ["sessionID", "string", SESSION_ID],
    ],
    sdk: ([token, sessionID]) => ({ token, session_id: sessionID }),
  },
  {
    name: "client.session.list",
    path: "/v2/client/session/list",
    run: (args) => svc.client.client.session.list(...args),
    args: [
      ["token", "string", USER_TOKEN],
      ["options", "list", { size: 2 }],
    ],
    sdk: ([token, options = {}]) => ({ token, ...options }),
  },
  {
    name: "client.session.logout",
    path: "/v2/client/session/logout",
    run: (args) => svc.client.client.session.logout(...args),
    args: [["token", "string", USER_TOKEN]],
    sdk: ([token]) => ({ token }),
  },
  {
    name: "client.session.refresh",
    path: "/v2/client/session/refresh",
    run: (args) => svc.client.client.session.refresh(...args),
    args: [
      ["refreshToken", "string", REFRESH_TOKEN],
      ["options", "refresh", { user_token: USER_TOKEN }],
    ],
    sdk: ([refresh_token, { user_token } = {}]) => (user_token ? { refresh_token, user_token } : { refresh_token }),
  },
  {
    name: "session.invalidate",
    path: "/v2/session/invalidate",
    run: (args) => svc.service.session.invalidate(...args),
    args: [["sessionID", "string", SESSION_ID]],
    sdk: ([session_id]) => ({ session_id }),
  },
  {
    name: "session.list",
    path: "/v2/session/list",
    run: (args) => svc.service.session.list(...args),
    args: [["request", "list", { size: 2 }]],
    sdk: ([request = {}]) => request,
  },
  {
    name: "session.logout",
    path: "/v2/session/logout",
    run: (args) => svc.service.session.logout(...args),
    args: [["user_id", "string", "pui_nobody"]],
    sdk: ([user_id]) => ({ user_id }),
  },
];

/** Calls the method with argument `i` replaced; never lets a synchronous throw or a hang pass. */
async function callWith(method, i, value) {
  const args = method.args.map(([, , valid]) => valid);
  args[i] = value;
  tried++;
  let promise;
  try {
    promise = method.run(args);
  } catch (e) {
    assert.fail(`${method.name} threw synchronously instead of rejecting: ${e}`);
  }
  assert.ok(promise instanceof Promise, `${method.name} returned ${typeof promise}`);
  try {
    return { ok: true, value: await bounded(promise, 20_000, method.name), args };
  } catch (error) {
    return { ok: false, error, args };
  }
}

async function assertRefused(method, i, value, mention) {
  const [argName] = method.args[i];
  const outcome = await callWith(method, i, value);
  assert.ok(!outcome.ok, "the call was accepted");
  const e = outcome.error;
  assert.ok(e instanceof TypeError, `expected a TypeError, got ${e?.constructor?.name}: ${e?.message}`);
  assert.ok(e.message.startsWith(`${method.name}: argument \``), e.message);
  assert.ok(e.message.includes(`\`${argName}`), `does not name ${argName}: ${e.message}`);
  if (mention) assert.ok(e.message.includes(mention), `does not mention ${JSON.stringify(mention)}: ${e.message}`);
  assert.ok(e.message.length < 400, "a short message");
  return e;
}

/** Sends, then checks the recorded body is the SDK's and the outcome is the server's verdict. */
async function assertSentAsTheSdk(method, i, value, { expectBody } = {}) {
  const outcome = await callWith(method, i, value);
  if (!outcome.ok) {
    assert.ok(
      outcome.error instanceof PangeaErrors.APIError,
      `expected the server's verdict, got ${outcome.error?.constructor?.name}: ${outcome.error?.message}`,
    );
  }
  const reqs = (await emu.requests()).filter((r) => r.path === method.path);
  assert.equal(reqs.length, 1, "exactly one request");
  const expected = JSON.stringify(expectBody ?? method.sdk(outcome.args));
  assert.equal(reqs[0].body_size, Buffer.byteLength(expected), "the body has the SDK's exact length");
  // The log holds the parsed body, or the raw text when the emulator's parser
  // refuses it (serde rejects the lone surrogate escapes JSON.stringify writes).
  const recorded = reqs[0].body;
  if (typeof recorded === "string") assert.equal(recorded, expected, "the body is the SDK's");
  else if (recorded !== null) assert.equal(JSON.stringify(recorded), expected, "the body is the SDK's");
  return outcome;
}

describe("wrong types are refused before any request, naming the argument", () => {
  for (const method of METHODS) {
    for (const [i, [argName, kind]] of method.args.entries()) {
      it(`${method.name}: ${argName}`, T, async () => {
        if (kind === "string") {
          for (const [label, value, type] of NOT_STRINGS) {
            await assertRefused(method, i, value, `must be a string, got ${type}`).catch((e) => {
              e.message = `${label}: ${e.message}`;
              throw e;
            });
          }
        } else {
          for (const [label, value, mention] of NOT_OBJECTS) {
            await assertRefused(method, i, value, mention).catch((e) => {
              e.message = `${label}: ${e.message}`;
              throw e;
            });
          }
          if (kind === "list") {
            for (const [label, value, key] of BAD_LIST_OPTIONS) {
              await assertRefused(method, i, value, `\`${argName}.${key}\``).catch((e) => {
                e.message = `${label}: ${e.message}`;
                throw e;
              });
            }
          } else {
            for (const user_token of [5, true, {}, ["x"]]) {
              await assertRefused(method, i, { user_token }, "`options.user_token`");
            }
          }
        }
        assert.deepEqual(await emu.requests(), [], "no request was sent");
      });
    }
  }

  it("client.session.refresh with a missing first argument, and list with no arguments at all", T, async () => {
    await assertRefused(METHODS[3], 0, undefined, "got undefined");
    const e = await svc.client.client.session.logout().catch((x) => x);
    assert.ok(e instanceof TypeError && e.message.includes("`token`"));
    assert.deepEqual(await emu.requests(), []);
  });
});

describe("values of the right type are sent exactly as the SDK sends them", () => {
  const ODD_STRINGS = [
    ["empty", ""],
    ["non-ASCII", "ptu_é用户😀"],
    ["quotes, backslashes and line breaks", 'a"b\\c\nd\re\tf'],
    ["U+2028 and U+2029", "a\u2028b\u2029c"],
    ["NUL and other controls", "a\u0000b\u0001c\u007f"],
    ["a well-formed surrogate pair", "\uD83D\uDE00"],
    ["JSON-looking text", '{"token":"x"}'],
    ["a 100 kB string", "y".repeat(100_000)],
  ];
  for (const method of METHODS) {
    for (const [i, [argName, kind]] of method.args.entries()) {
      if (kind !== "string") continue;
      it(`${method.name}: ${argName} (odd strings)`, T, async () => {
        for (const [label, value] of ODD_STRINGS) {
          await emu.clearRequests();
          await assertSentAsTheSdk(method, i, value).catch((e) => {
            e.message = `${label}: ${e.message}`;
            throw e;
          });
        }
      });
    }
  }

  it("a 10 MB string argument: sent whole, the server's 413 comes back as an APIError", T, async () => {
    for (const method of METHODS) {
      const i = method.args.findIndex(([, kind]) => kind === "string");
      if (i < 0) continue;
      await emu.clearRequests();
      const outcome = await assertSentAsTheSdk(method, i, HUGE);
      assert.ok(!outcome.ok);
      assert.equal(outcome.error.pangeaResponse.status, "PayloadTooLarge");
      assert.ok(outcome.error.message.length < 1000, "the message does not quote the body");
    }
  });

  const ODD_OPTIONS = [
    ["an empty object", {}],
    ["undefined values (dropped)", { size: undefined, order: "asc", filter: undefined }],
    ["a __proto__ key from JSON.parse", JSON.parse('{"__proto__":{"size":1},"order":"desc"}')],
    ["a nested __proto__ key", { filter: JSON.parse('{"__proto__":{"email":"x"}}') }],
    ["an inherited size (ignored)", Object.create({ size: 0 })],
    ["symbol keys (ignored)", { [Symbol("s")]: 1, order: "asc" }],
    ["a Date in the filter", { filter: { created_at__gte: new Date(0) } }],
    ["NaN in the filter (null)", { filter: { email: NaN } }],
    ["non-ASCII filter values", { filter: { email__contains: ["é", "用户", "😀"] } }],
    ["lone surrogates inside the object (JSON.stringify escapes them)", { filter: { email: "a\uD800b", ["\uDC00"]: 1 } }],
    ["control characters and escapes in keys and values", { filter: { "a\u0000\"\\": "\u0001\n\u2028" } }],
    ["unknown keys", { colour: "blue", size: 1 }],
    ["a huge size", { size: 1e21 }],
    ["a long filter list", { filter: { id__in: Array.from({ length: 5000 }, (_, n) => `pmt_${n}`) } }],
    ["a 10 MB filter value", { filter: { email: HUGE } }],
  ];
  for (const method of METHODS) {
    for (const [i, [argName, kind]] of method.args.entries()) {
      if (kind === "string") continue;
      it(`${method.name}: ${argName} (odd objects)`, T, async () => {
        for (const [label, value] of ODD_OPTIONS) {
          await emu.clearRequests();
          await assertSentAsTheSdk(method, i, value).catch((e) => {
            e.message = `${label}: ${e.message}`;
            throw e;
          });
        }
        if (kind === "refresh") {
          for (const options of [{ user_token: "" }, { user_token: null }, { user_token: undefined }, undefined]) {
            await emu.clearRequests();
            await assertSentAsTheSdk(method, i, options);
          }
        }
      });
    }
  }

  it("a toJSON on the options object: serialised with it, then merged (a deliberate difference)", T, async () => {
    // The SDK spreads `{token, ...options}`: the copied toJSON then replaces
    // the whole body, dropping the token. We serialise the options first.
    const options = { toJSON: () => ({ size: 3 }) };
    await assertSentAsTheSdk(METHODS[1], 1, options, { expectBody: { token: USER_TOKEN, size: 3 } });
    await emu.clearRequests();
    await assertSentAsTheSdk(METHODS[5], 0, options);
  });
});

describe("PangeaConfig and AuthNService construction: a clear error at once", () => {
  const CONFIGS = [
    [{ requestRetries: -1 }, RangeError, "requestRetries"],
    [{ requestRetries: 1.5 }, RangeError, "requestRetries"],
    [{ requestRetries: NaN }, RangeError, "requestRetries"],
    [{ requestRetries: Infinity }, RangeError, "requestRetries"],
    [{ requestRetries: 101 }, RangeError, "requestRetries"],
    [{ requestRetries: "3" }, TypeError, "requestRetries"],
    [{ requestRetries: null }, TypeError, "requestRetries"],
    [{ requestRetries: 3n }, TypeError, "requestRetries"],
    [{ requestTimeout: "5000" }, TypeError, "requestTimeout"],
    [{ requestTimeout: NaN }, RangeError, "requestTimeout"],
    [{ requestTimeout: 0 }, RangeError, "requestTimeout"],
    [{ requestTimeout: -1 }, RangeError, "requestTimeout"],
    [{ requestTimeout: {} }, TypeError, "requestTimeout"],
    [{ pollResultTimeoutMs: NaN }, RangeError, "pollResultTimeoutMs"],
    [{ pollResultTimeoutMs: Infinity }, RangeError, "pollResultTimeoutMs"],
    [{ pollResultTimeoutMs: -5 }, RangeError, "pollResultTimeoutMs"],
    [{ pollResultTimeoutMs: "1" }, TypeError, "pollResultTimeoutMs"],
    [{ queuedRetryEnabled: "true" }, TypeError, "queuedRetryEnabled"],
    [{ queuedRetryEnabled: 1 }, TypeError, "queuedRetryEnabled"],
    [{ queuedRetries: -1 }, RangeError, "queuedRetries"],
    [{ baseUrlTemplate: "" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "not a url" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "authn.example.org" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "//authn.example.org" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "javascript:alert(1)" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "JavaScript:fetch('//evil')//{SERVICE_NAME}" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "file:///etc/passwd" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "data:text/plain,x" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "ftp://{SERVICE_NAME}.example.org" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "ws://{SERVICE_NAME}.example.org" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "https://user:pass@{SERVICE_NAME}.example.org" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "https://{SERVICE_NAME}.example.org/?x=" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "https://{SERVICE_NAME}.example.org#frag" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: " https://{SERVICE_NAME}.example.org" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "https://{SERVICE_NAME}.exa\tmple.org" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: "https://{SERVICE_NAME}.example.org\n" }, TypeError, "baseUrlTemplate"],
    [{ baseUrlTemplate: 42 }, TypeError, "baseUrlTemplate"],
    [{ domain: "" }, TypeError, "domain"],
    [{ domain: 5 }, TypeError, "domain"],
    [{ domain: "example.org/?" }, TypeError, "baseUrlTemplate"],
    [{ domain: "exa mple.org" }, TypeError, "baseUrlTemplate"],
    [{ customUserAgent: "app\r\nX-Injected: 1" }, TypeError, "customUserAgent"],
    [{ customUserAgent: "app\nX-Injected: 1" }, TypeError, "customUserAgent"],
    [{ customUserAgent: "app\u0000" }, TypeError, "customUserAgent"],
    [{ customUserAgent: "app\u0001" }, TypeError, "customUserAgent"],
    [{ customUserAgent: "app\u007f" }, TypeError, "customUserAgent"],
    [{ customUserAgent: "app 用户" }, TypeError, "customUserAgent"],
    [{ customUserAgent: "app\u2028" }, TypeError, "customUserAgent"],
    [{ customUserAgent: 7 }, TypeError, "customUserAgent"],
  ];

  it("bad PangeaConfig values (as a PangeaConfig and as a plain object)", T, async () => {
    for (const [options, Class, field] of CONFIGS) {
      tried += 2;
      const label = JSON.stringify(options, (_, v) => (typeof v === "bigint" ? `${v}n` : v));
      assert.throws(() => new PangeaConfig(options), (e) => e instanceof Class && e.message.includes(`\`${field}\``), label);
      assert.throws(
        () => new AuthNService(emu.serviceToken, options),
        (e) => e instanceof Class && e.message.includes(`\`${field}\``),
        `${label} (plain object)`,
      );
    }
    for (const options of ["x", 5, true, Symbol("c")]) {
      assert.throws(() => new PangeaConfig(options), TypeError);
    }
    // A PangeaConfig changed after construction is checked again when used.
    const config = new PangeaConfig({ baseUrlTemplate: emu.url });
    config.requestRetries = -5;
    assert.throws(() => new AuthNService(emu.serviceToken, config), RangeError);
    config.requestRetries = 1;
    config.baseUrlTemplate = "file:///x";
    assert.throws(() => new AuthNService(emu.serviceToken, config), TypeError);
    assert.deepEqual(await emu.requests(), []);
  });

  it("acceptable odd configs still work", T, async () => {
    const odd = [
      { customUserAgent: "app/1 (é; tab\there)" },
      { customUserAgent: "" },
      { requestTimeout: Infinity },
      { requestRetries: 0, pollResultTimeoutMs: 0 },
      { baseUrlTemplate: `${emu.url}///` },
      { baseUrlTemplate: emu.url.replace("127.0.0.1", "127.0.0.1.") },
      { unknownField: { nested: true } },
    ];
    for (const options of odd) {
      const authn = new AuthNService(emu.serviceToken, new PangeaConfig({ baseUrlTemplate: emu.url, ...options }));
      const r = await authn.session.list({ size: 1 }).catch((e) => e);
      assert.ok(r.success, `${JSON.stringify(options)}: ${r.message}`);
    }
  });

  it("bad tokens", T, async () => {
    const TOKENS = [
      ["empty", "", Error, "A token is required"],
      ["undefined", undefined, Error, "A token is required"],
      ["null", null, Error, "A token is required"],
      ["zero", 0, Error, "A token is required"],
      ["a number", 42, TypeError, "string or a Vault secret"],
      ["a symbol", Symbol("t"), TypeError, "string or a Vault secret"],
      ["a line break", `${emu.serviceToken}\r\nX-Injected: 1`, TypeError, "printable ASCII"],
      ["a trailing newline", `${emu.serviceToken}\n`, TypeError, "printable ASCII"],
      ["a space", `Bearer ${emu.serviceToken}`, TypeError, "printable ASCII"],
      ["a control character", `${emu.serviceToken}\u0001`, TypeError, "printable ASCII"],
      ["non-ASCII", `${emu.serviceToken}é`, TypeError, "printable ASCII"],
      ["above U+00FF", `${emu.serviceToken}用`, TypeError, "printable ASCII"],
      ["a lone surrogate", "pts_\uD800", TypeError, "printable ASCII"],
      ["a Vault secret of another type", { type: "secret" }, Error, "not of type 'pangea_token'"],
      ["a disabled Vault secret", { type: "pangea_token", enabled: false }, Error, "not currently enabled"],
      ["a Vault secret with no versions", { type: "pangea_token", enabled: true, item_versions: [] }, Error, "current version"],
      [
        "a Vault secret holding a line break",
        { type: "pangea_token", enabled: true, item_versions: [{ state: "active", secret: "pts_x\r\nX: 1" }] },
        TypeError,
        "printable ASCII",
      ],
    ];
    for (const [label, token, Class, text] of TOKENS) {
      tried++;
      assert.throws(
        () => new AuthNService(token, new PangeaConfig({ baseUrlTemplate: emu.url })),
        (e) => e instanceof Class && e.message.includes(text) && (typeof token !== "string" || token.length < 8 || !e.message.includes(token)),
        label,
      );
    }
    // A well-formed but unknown token is the server's call.
    const stranger = new AuthNService(`pts_${"z".repeat(32)}`, new PangeaConfig({ baseUrlTemplate: emu.url }));
    const e = await stranger.session.list().catch((x) => x);
    assert.ok(e instanceof PangeaErrors.UnauthorizedError, e.message);
    assert.equal((await emu.requests()).length, 1);
  });
});

it("after all of the above, one service still answers normally", T, async () => {
  const r = await svc.service.session.list({ size: 1 });
  assert.equal(r.result.sessions.length, 1);
});
