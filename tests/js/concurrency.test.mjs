// 1,000 calls in flight at once on ONE AuthNService pair (service and client
// token), all seven operations mixed, while the emulator injects random 5xx
// faults and random delays into every request (`random` fault kind). With
// requestRetries 3, every Promise must settle exactly once, each with its
// own reply, nothing may stay pending, and the emulator's state afterwards
// must match what each call reported (invalidated, logged out, refreshed).
//
//   node --test tests/js/concurrency.test.mjs   (needs `make pkg` and the emulator)
import { after, before, it } from "node:test";
import assert from "node:assert/strict";

import { startEmulator } from "../support/emulator.mjs";
import { OPS, PangeaErrors, bounded, services, sessionPool, tally } from "./reliability-support.mjs";

const CALLS = 1000;
const RETRIES = 3;
const FAULT_RATE = 0.25;
const MAX_DELAY_MS = 150;

let emu;

before(async () => {
  emu = await startEmulator({ seed: CALLS + 50 });
});
after(() => emu?.stop());

it(`${CALLS} concurrent calls under random faults: each settles once, with its own reply`, { timeout: 120_000 }, async () => {
  const pool = await sessionPool(emu);
  const svc = services(emu, { requestRetries: RETRIES, requestTimeout: 15_000 });
  await emu.clearRequests();
  await emu.faults([{ action: { kind: "random", rate: FAULT_RATE, seed: 42, max_delay_ms: MAX_DELAY_MS } }]);

  // Every call gets a user no other call touches.
  const calls = Array.from({ length: CALLS }, (_, i) => ({ i, op: OPS[i % OPS.length], slot: pool.take(), settled: 0 }));
  const start = performance.now();
  const promises = calls.map((c) => {
    const promise = c.op.call(svc, c.slot);
    assert.ok(promise instanceof Promise);
    return promise.then(
      (value) => {
        c.settled++;
        c.outcome = { ok: true, value };
      },
      (error) => {
        c.settled++;
        c.outcome = { ok: false, error };
      },
    );
  });
  await bounded(Promise.all(promises), 90_000, `${calls.filter((c) => !c.settled).length} calls`);
  const seconds = (performance.now() - start) / 1000;
  await emu.clearFaults();

  // Settled exactly once, nothing pending.
  assert.deepEqual(
    calls.filter((c) => c.settled !== 1).map((c) => [c.i, c.settled]),
    [],
  );

  // Each reply is the reply to that very call; the only failures are 5xx
  // classes, after all retries.
  const RETRY_EXHAUSTED = [
    PangeaErrors.InternalServerError,
    PangeaErrors.ServiceNotAvailableError,
    PangeaErrors.ServiceTemporarilyUnavailable,
  ];
  for (const c of calls) {
    if (c.outcome.ok) {
      try {
        c.op.check(c.outcome.value, c.slot);
      } catch (e) {
        e.message = `call ${c.i} (${c.op.name}) got someone else's reply: ${e.message}`;
        throw e;
      }
    } else {
      const e = c.outcome.error;
      assert.ok(
        RETRY_EXHAUSTED.some((Class) => e instanceof Class),
        `call ${c.i} (${c.op.name}): ${e?.constructor?.name}: ${e?.message}`,
      );
    }
  }
  // For list calls the reply also names the caller: only the user's own sessions.
  for (const c of calls.filter((c) => c.outcome.ok && c.op.name.endsWith("list"))) {
    for (const s of c.outcome.value.result.sessions) assert.equal(s.identity, c.slot.user.id);
  }

  // The emulator's state matches what every call reported.
  const { users } = await emu.fixture();
  const sessionById = new Map(users.flatMap((u) => u.sessions.map((s) => [s.id, s])));
  const userById = new Map(users.map((u) => [u.id, u]));
  for (const c of calls) {
    const { session, user } = c.slot;
    const now = sessionById.get(session.id);
    const ok = c.outcome.ok;
    const label = `call ${c.i} (${c.op.name}, ${ok ? "succeeded" : "failed"})`;
    switch (c.op.name) {
      case "client.session.invalidate":
      case "client.session.logout":
      case "session.invalidate":
        assert.equal(now.invalidated, ok, label);
        break;
      case "session.logout":
        for (const s of userById.get(user.id).sessions.filter((s) => s.id === session.id || ok)) {
          assert.equal(s.invalidated, ok, `${label}: ${s.id}`);
        }
        break;
      case "client.session.refresh":
        if (ok) {
          assert.equal(now.user_token, c.outcome.value.result.active_token.token, label);
          assert.equal(now.refresh_token, c.outcome.value.result.refresh_token.token, label);
          assert.ok(now.retired_user_tokens.includes(session.user_token), `${label}: old token retired`);
        } else {
          assert.equal(now.user_token, session.user_token, label);
        }
        break;
      default:
        assert.equal(now.invalidated, false, label);
    }
  }

  // The request log agrees: every retry followed a 5xx of the same call, and
  // the retried-ids header lists only request ids of earlier 5xx replies.
  const reqs = (await emu.requests()).filter((r) => r.path.startsWith("/v2/"));
  const failed = calls.filter((c) => !c.outcome.ok).length;
  const fives = reqs.filter((r) => r.reply_status >= 500);
  assert.equal(fives.length, reqs.length - CALLS + failed, "one 5xx per retry, plus the last one of each failed call");
  assert.ok(reqs.length <= CALLS * (RETRIES + 1));
  const fiveIds = new Set(fives.map((r) => r.request_id));
  let retriedHeaders = 0;
  for (const r of reqs) {
    const header = r.headers["x-pangea-retried-request-ids"];
    if (!header) continue;
    retriedHeaders++;
    for (const id of header.split(",")) assert.ok(fiveIds.has(id), `${id} was not a failed attempt`);
  }
  assert.equal(retriedHeaders, reqs.length - CALLS);

  console.log(
    `# concurrency: ${CALLS} calls in flight, ${reqs.length} requests (${fives.length} injected 5xx, ` +
      `delays up to ${MAX_DELAY_MS} ms) in ${seconds.toFixed(1)} s; outcomes ${JSON.stringify(tally(calls.map((c) => c.outcome)))}`,
  );

  // And the same services still work.
  const after = await svc.service.session.list({ size: 1 });
  assert.equal(after.result.sessions.length, 1);
});
