// Shared by the reliability tests (faults, concurrency, bad input, secrets,
// burst): the seven operations as a table, a pool of fresh sessions, and small
// helpers. Not a test file (node --test only runs *.test.mjs).
import assert from "node:assert/strict";

import { AuthNService, PangeaConfig, PangeaErrors } from "../../pkg/node.mjs";

export { AuthNService, PangeaConfig, PangeaErrors };

/**
 * The seven operations. `call(services, slot)` makes the call for one fresh
 * session slot `{ user, session }`; `check(response, slot)` asserts it is the
 * reply to that very call; `mutates` says whether it changes the emulator.
 */
export const OPS = [
  {
    name: "client.session.invalidate",
    path: "/v2/client/session/invalidate",
    mutates: true,
    call: ({ client }, { session }) => client.client.session.invalidate(session.user_token, session.id),
    body: ({ session }) => ({ token: session.user_token, session_id: session.id }),
    check: (r) => assert.deepEqual(r.result, {}),
  },
  {
    name: "client.session.list",
    path: "/v2/client/session/list",
    mutates: false,
    call: ({ client }, { session }) => client.client.session.list(session.user_token, { filter: { id: session.id } }),
    body: ({ session }) => ({ token: session.user_token, filter: { id: session.id } }),
    check: (r, { session }) => assert.deepEqual(r.result.sessions.map((s) => s.id), [session.id]),
  },
  {
    name: "client.session.logout",
    path: "/v2/client/session/logout",
    mutates: true,
    call: ({ client }, { session }) => client.client.session.logout(session.user_token),
    body: ({ session }) => ({ token: session.user_token }),
    check: (r) => assert.deepEqual(r.result, {}),
  },
  {
    name: "client.session.refresh",
    path: "/v2/client/session/refresh",
    mutates: true,
    call: ({ client }, { session }) =>
      client.client.session.refresh(session.refresh_token, { user_token: session.user_token }),
    body: ({ session }) => ({ refresh_token: session.refresh_token, user_token: session.user_token }),
    check: (r, { user }) => {
      assert.match(r.result.refresh_token.token, /^ptr_/);
      assert.equal(r.result.active_token.identity, user.id);
    },
  },
  {
    name: "session.invalidate",
    path: "/v2/session/invalidate",
    mutates: true,
    call: ({ service }, { session }) => service.session.invalidate(session.id),
    body: ({ session }) => ({ session_id: session.id }),
    check: (r) => assert.deepEqual(r.result, {}),
  },
  {
    name: "session.list",
    path: "/v2/session/list",
    mutates: false,
    call: ({ service }, { session }) => service.session.list({ filter: { id: session.id }, size: 5 }),
    body: ({ session }) => ({ filter: { id: session.id }, size: 5 }),
    check: (r, { session }) => assert.deepEqual(r.result.sessions.map((s) => s.id), [session.id]),
  },
  {
    name: "session.logout",
    path: "/v2/session/logout",
    mutates: true,
    call: ({ service }, { user }) => service.session.logout(user.id),
    body: ({ user }) => ({ user_id: user.id }),
    check: (r) => assert.deepEqual(r.result, {}),
  },
];

/** A service-token and a client-token AuthNService on the emulator. */
export function services(emu, config = {}) {
  const cfg = () => new PangeaConfig({ baseUrlTemplate: emu.url, ...config });
  return { service: new AuthNService(emu.serviceToken, cfg()), client: new AuthNService(emu.clientToken, cfg()) };
}

/**
 * Hands out users that no other call has touched, each with one live session
 * (their other sessions are left alone): mutating calls never interfere.
 */
export async function sessionPool(emu) {
  const { users } = await emu.fixture();
  const now = Date.now();
  const free = users
    .map((user) => ({ user, session: user.sessions.find((s) => !s.invalidated && Date.parse(s.expire) > now) }))
    .filter((slot) => slot.session);
  return {
    take() {
      const slot = free.shift();
      assert.ok(slot, "the session pool ran dry: start the emulator with a larger seed");
      return slot;
    },
    get left() {
      return free.length;
    },
  };
}

/** `{ ok, value | error, ms }` of a promise, never rejecting. */
export async function settle(promise) {
  const start = performance.now();
  try {
    const value = await promise;
    return { ok: true, value, ms: performance.now() - start };
  } catch (error) {
    return { ok: false, error, ms: performance.now() - start };
  }
}

/** Asserts `outcome` failed with an instance of `Class` and returns the error. */
export function failedWith(outcome, Class, label = "") {
  assert.ok(!outcome.ok, `${label}: expected ${Class.name}, but the call succeeded`);
  const e = outcome.error;
  assert.ok(
    e instanceof Class,
    `${label}: expected ${Class.name}, got ${e?.constructor?.name} (${e?.name}): ${String(e?.message).slice(0, 300)}`,
  );
  return e;
}

/** The recorded requests for one path (oldest first). */
export async function requestsTo(emu, path) {
  return (await emu.requests()).filter((r) => r.path === path);
}

/** Rejects if `promise` has not settled after `ms` (names what hung). */
export async function bounded(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still pending after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every settled-or-not state of an array of promises, counted. */
export function tally(outcomes) {
  const counts = {};
  for (const o of outcomes) {
    const key = o.ok ? "resolved" : (o.error?.name ?? typeof o.error);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
