// Shared helpers of the JS API tests (not a test file: node --test skips it).
import assert from "node:assert/strict";
import { createServer } from "node:net";

/** POSTs `body` to the emulator directly: `{ http, json, headers }`. */
export async function rawPost(emu, path, body, token = emu.serviceToken) {
  const res = await fetch(emu.url + path, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { http: res.status, json: JSON.parse(text), headers: res.headers };
}

/**
 * Awaits `promise` (or calls it, if a function, catching a synchronous throw)
 * and returns the error, asserting it is an instance of `Class`.
 */
export async function rejectsWith(promise, Class, label = "") {
  let error;
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (e) {
    error = e;
  }
  if (error === undefined) assert.fail(`${label} expected ${Class.name}, but it resolved`);
  assert.ok(
    error instanceof Class,
    `${label} expected ${Class.name}, got ${error?.constructor?.name} (${error?.name}): ${String(error?.message).slice(0, 300)}`,
  );
  return error;
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function deadPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const REQUEST_ID = /prq_[a-z2-7]{32}/g;
const MINTED_TOKEN = /^(ptu|ptr)_[a-z2-7]{32}$/;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/**
 * A copy of a JSON value with the values that differ from run to run replaced:
 * request ids (also inside strings such as a poll `location`) become `prq_…`,
 * timestamps `<time>`, and with `tokens` also user and refresh token secrets
 * `ptu_…`/`ptr_…`. Keys and every other value (session ids, emails, profiles…)
 * are kept, so shapes and stable data still compare.
 */
export function normalise(value, { tokens = false } = {}) {
  if (Array.isArray(value)) return value.map((v) => normalise(v, { tokens }));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, { tokens })]));
  }
  if (typeof value === "string") {
    if (ISO_TIME.test(value)) return "<time>";
    if (tokens && MINTED_TOKEN.test(value)) return `${value.slice(0, 3)}_…`;
    return value.replace(REQUEST_ID, "prq_…");
  }
  return value;
}

/**
 * Settles `promise` or gives up after `ms`: `{ settled: true, value | error }`
 * or `{ settled: false }`. For calls that are expected to hang.
 */
export async function within(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), ms);
  });
  const outcome = promise.then(
    (value) => ({ settled: true, value }),
    (error) => ({ settled: true, error }),
  );
  try {
    return await Promise.race([outcome, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
