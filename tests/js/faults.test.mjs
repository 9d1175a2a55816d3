// Fault matrix: every one of the seven operations against every fault the
// emulator can inject, checking the outcome, the exact number of attempts,
// the retried-ids header and the timing. The seven operations of a scenario
// run at the same time (faults are queued per path), so the matrix takes
// about as long as its slowest column.
//
//   node --test tests/js/faults.test.mjs      (needs `make pkg` and the emulator)
//
// The time-exact retry/poll schedule is covered under a fake clock in
// tests/execute.rs; here real time is measured with margins.
import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";

import { startEmulator } from "../support/emulator.mjs";
import { OPS, PangeaErrors, failedWith, requestsTo, services, sessionPool, settle } from "./reliability-support.mjs";

const T = { timeout: 60_000 };
/** Scheduling slack allowed on top of a deadline (2 shared cores). */
const MARGIN_MS = 700;

let emu;
let pool;

before(async () => {
  emu = await startEmulator({ seed: 200 });
  pool = await sessionPool(emu);
});
after(() => emu?.stop());
beforeEach(async () => {
  await emu.clearFaults();
  await emu.clearRequests();
});

/**
 * Runs `scenario(op, slot, svc)` for the seven operations at once, each after
 * queuing `faults(op)` for its path; returns the per-operation results.
 */
async function eachOperation(config, faults, scenario) {
  const svc = services(emu, config);
  const list = OPS.flatMap((op) => faults(op).map((f) => ({ path: op.path, ...f })));
  if (list.length) await emu.faults(list);
  const results = await Promise.all(
    OPS.map(async (op) => {
      const slot = pool.take();
      try {
        return await scenario(op, slot, svc);
      } catch (e) {
        e.message = `${op.name}: ${e.message}`;
        throw e;
      }
    }),
  );
  await emu.clearFaults();
  return results;
}

const status = (http, body = "json", times = 1) => ({ times, action: { kind: "status", http, body } });

describe("HTTP 5xx that recovers: k failures, then success (requestRetries 3)", () => {
  for (const http of [500, 502, 503, 504]) {
    it(`HTTP ${http} twice: succeeds on attempt 3, retried ids carried`, T, async () => {
      const k = 2;
      await eachOperation({ requestRetries: 3 }, () => [status(http, "json", k)], async (op, slot, svc) => {
        const outcome = await settle(op.call(svc, slot));
        assert.ok(outcome.ok, `failed: ${outcome.error?.name} ${outcome.error?.message}`);
        op.check(outcome.value, slot);
        const reqs = await requestsTo(emu, op.path);
        assert.equal(reqs.length, k + 1, "exactly k + 1 attempts");
        assert.deepEqual(
          reqs.map((r) => r.reply_status),
          [...Array(k).fill(http), 200],
        );
        for (const [i, r] of reqs.entries()) {
          const expected = reqs.slice(0, i).map((p) => p.request_id).join(",");
          assert.equal(r.headers["x-pangea-retried-request-ids"] ?? "", expected, `attempt ${i + 1}`);
          assert.deepEqual(r.body, op.body(slot), "every attempt sends the same body");
        }
      });
    });
  }
});

describe("HTTP 5xx that never recovers: requestRetries + 1 attempts, then the error", () => {
  const expected = {
    500: PangeaErrors.InternalServerError,
    502: PangeaErrors.ServiceNotAvailableError,
    503: PangeaErrors.ServiceTemporarilyUnavailable,
    504: PangeaErrors.ServiceNotAvailableError,
  };
  for (const [http, Class] of Object.entries(expected)) {
    it(`HTTP ${http} for ever: ${Class.name} after exactly 2 attempts (requestRetries 1)`, T, async () => {
      await eachOperation({ requestRetries: 1 }, () => [status(Number(http), "json", 10)], async (op, slot, svc) => {
        const e = failedWith(await settle(op.call(svc, slot)), Class, op.name);
        const reqs = await requestsTo(emu, op.path);
        assert.equal(reqs.length, 2);
        assert.ok(reqs.every((r) => r.reply_status === Number(http)));
        if (e instanceof PangeaErrors.APIError) assert.equal(e.pangeaResponse.request_id, reqs[1].request_id);
        else assert.equal(JSON.parse(e.body).request_id, reqs[1].request_id);
      });
    });
  }

  it("requestRetries 0: a single attempt", T, async () => {
    await eachOperation({ requestRetries: 0 }, () => [status(500, "json", 10)], async (op, slot, svc) => {
      failedWith(await settle(op.call(svc, slot)), PangeaErrors.InternalServerError, op.name);
      assert.equal((await requestsTo(emu, op.path)).length, 1);
    });
  });
});

describe("connections that break", () => {
  it("dropped before any reply: NetworkError, not retried", T, async () => {
    const faults = () => [{ action: { kind: "drop" } }];
    await eachOperation({ requestRetries: 3 }, faults, async (op, slot, svc) => {
      const e = failedWith(await settle(op.call(svc, slot)), PangeaErrors.NetworkError, op.name);
      assert.match(e.message, /before a reply/);
      const reqs = await requestsTo(emu, op.path);
      assert.equal(reqs.length, 1, "a POST that got no reply is never re-sent");
      assert.equal(reqs[0].reply_status, null);
    });
  });

  it("dropped mid-reply (headers and half the body sent): NetworkError", T, async () => {
    const faults = () => [{ action: { kind: "truncate" } }];
    await eachOperation({ requestRetries: 3 }, faults, async (op, slot, svc) => {
      failedWith(await settle(op.call(svc, slot)), PangeaErrors.NetworkError, op.name);
      assert.equal((await requestsTo(emu, op.path)).length, 1);
    });
  });
});

describe("unreadable bodies: InvalidResponseError with the status and a short excerpt", () => {
  const cases = [
    ["truncated", "not_json", (x) => x.startsWith('{"request_id":"prq_')],
    ["empty", "empty", (x) => x === ""],
    ["html", "not_json", (x) => x.startsWith("<html>")],
    ["text", "not_json", (x) => x.startsWith("upstream connect error")],
    ["not_object", "not_object", (x) => x === "[1,2]"],
  ];
  for (const [body, problem, excerptOk] of cases) {
    it(`HTTP 200 with a ${body} body`, T, async () => {
      await eachOperation({ requestRetries: 3 }, () => [status(200, body)], async (op, slot, svc) => {
        const e = failedWith(await settle(op.call(svc, slot)), PangeaErrors.InvalidResponseError, op.name);
        assert.equal(e.status, 200);
        assert.equal(e.problem, problem);
        assert.ok(e.excerpt.length <= 200, `excerpt of ${e.excerpt.length} characters`);
        assert.ok(excerptOk(e.excerpt), JSON.stringify(e.excerpt));
        assert.ok(e.message.includes("HTTP 200"));
        assert.equal((await requestsTo(emu, op.path)).length, 1, "a 200 is not retried");
      });
    });
  }

  it("HTTP 502 with a proxy's HTML page for ever: retried, then InvalidResponseError 502", T, async () => {
    await eachOperation({ requestRetries: 1 }, () => [status(502, "html", 10)], async (op, slot, svc) => {
      const e = failedWith(await settle(op.call(svc, slot)), PangeaErrors.InvalidResponseError, op.name);
      assert.equal(e.status, 502);
      assert.match(e.excerpt, /502 Bad Gateway/);
      assert.equal((await requestsTo(emu, op.path)).length, 2);
    });
  });

  it("HTTP 503 with an empty body, then success", T, async () => {
    await eachOperation({ requestRetries: 2 }, () => [status(503, "empty")], async (op, slot, svc) => {
      const outcome = await settle(op.call(svc, slot));
      assert.ok(outcome.ok, `${outcome.error?.name}: ${outcome.error?.message}`);
      op.check(outcome.value, slot);
      assert.equal((await requestsTo(emu, op.path)).length, 2);
    });
  });
});

describe("HTTP 202 Accepted", () => {
  it("completes after 2 polls (waits of 1 s and 4 s): the real result", T, async () => {
    const faults = () => [{ action: { kind: "accepted", polls: 1 } }];
    await eachOperation({ requestRetries: 1 }, faults, async (op, slot, svc) => {
      const outcome = await settle(op.call(svc, slot));
      assert.ok(outcome.ok, `${outcome.error?.name}: ${outcome.error?.message}`);
      op.check(outcome.value, slot);
      assert.ok(outcome.ms >= 5000 - 50, `${outcome.ms} ms`);
      const [post] = await requestsTo(emu, op.path);
      assert.equal(post.reply_status, 202);
      const polls = await requestsTo(emu, `/request/${post.request_id}`);
      assert.deepEqual(
        polls.map((p) => [p.method, p.reply_status]),
        [
          ["GET", 202],
          ["GET", 200],
        ],
      );
      assert.equal(polls[0].headers.authorization, post.headers.authorization, "polled with the same token");
    });
  });

  it("never completes: AcceptedRequestException once pollResultTimeoutMs has passed, not later", T, async () => {
    const timeout = 2500;
    const faults = () => [{ action: { kind: "accepted", polls: 1000 } }];
    await eachOperation({ pollResultTimeoutMs: timeout }, faults, async (op, slot, svc) => {
      const outcome = await settle(op.call(svc, slot));
      const e = failedWith(outcome, PangeaErrors.AcceptedRequestException, op.name);
      assert.ok(outcome.ms >= timeout - 50, `gave up early: ${outcome.ms} ms`);
      assert.ok(outcome.ms <= timeout + MARGIN_MS, `gave up late: ${outcome.ms} ms`);
      assert.match(e.accepted_result.location, /\/request\/prq_/);
      const [post] = await requestsTo(emu, op.path);
      const polls = await requestsTo(emu, `/request/${post.request_id}`);
      assert.equal(polls.length, 2, "polls at 1 s and at the deadline (2.5 s)");
    });
  });

  it("queuedRetryEnabled false: AcceptedRequestException at once, no poll", T, async () => {
    const faults = () => [{ action: { kind: "accepted", polls: 0 } }];
    await eachOperation({ queuedRetryEnabled: false }, faults, async (op, slot, svc) => {
      const outcome = await settle(op.call(svc, slot));
      failedWith(outcome, PangeaErrors.AcceptedRequestException, op.name);
      assert.ok(outcome.ms < MARGIN_MS, `${outcome.ms} ms`);
      const all = await emu.requests();
      const [post] = all.filter((r) => r.path === op.path);
      assert.equal(all.filter((r) => r.path === `/request/${post.request_id}`).length, 0);
    });
  });
});

describe("slow and silent servers", () => {
  it("a reply that never comes: TimeoutError within requestTimeout + margin, not retried", T, async () => {
    const requestTimeout = 400;
    const faults = () => [{ action: { kind: "hang" } }];
    await eachOperation({ requestTimeout, requestRetries: 3 }, faults, async (op, slot, svc) => {
      const outcome = await settle(op.call(svc, slot));
      const e = failedWith(outcome, PangeaErrors.TimeoutError, op.name);
      assert.equal(e.timeoutMs, requestTimeout);
      assert.ok(outcome.ms >= requestTimeout - 20, `too early: ${outcome.ms} ms`);
      assert.ok(outcome.ms <= requestTimeout + MARGIN_MS, `too late: ${outcome.ms} ms`);
      assert.equal((await requestsTo(emu, op.path)).length, 1);
    });
  });

  it("a slow reply within requestTimeout succeeds", T, async () => {
    const faults = () => [{ action: { kind: "delay", ms: 300 } }];
    await eachOperation({ requestTimeout: 3000 }, faults, async (op, slot, svc) => {
      const outcome = await settle(op.call(svc, slot));
      assert.ok(outcome.ok, `${outcome.error?.name}: ${outcome.error?.message}`);
      op.check(outcome.value, slot);
      assert.ok(outcome.ms >= 290, `${outcome.ms} ms`);
    });
  });

  it("a mixed queue on one path: 502, 503 (empty body), 504 (HTML), then success", T, async () => {
    const faults = () => [status(502), status(503, "empty"), status(504, "html")];
    await eachOperation({ requestRetries: 3 }, faults, async (op, slot, svc) => {
      const outcome = await settle(op.call(svc, slot));
      assert.ok(outcome.ok, `${outcome.error?.name}: ${outcome.error?.message}`);
      const reqs = await requestsTo(emu, op.path);
      assert.deepEqual(
        reqs.map((r) => r.reply_status),
        [502, 503, 504, 200],
      );
      // Attempts whose reply carried an x-request-id are listed on later attempts.
      assert.equal(reqs[3].headers["x-pangea-retried-request-ids"], reqs.slice(0, 3).map((r) => r.request_id).join(","));
    });
  });
});

it("after every fault above, the same kind of service still works", T, async () => {
  await eachOperation({}, () => [], async (op, slot, svc) => {
    const outcome = await settle(op.call(svc, slot));
    assert.ok(outcome.ok, `${outcome.error?.name}: ${outcome.error?.message}`);
    op.check(outcome.value, slot);
  });
  assert.ok(pool.left >= 0);
});
