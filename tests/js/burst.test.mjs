// The wasm module survives garbage: a scripted local HTTP server answers
// 10,000 calls on ONE AuthNService with random bad replies (random status
// codes, random bytes, JSON fragments, wrong envelopes, huge and many headers,
// bad lengths and encodings, raw garbage instead of HTTP, sockets destroyed
// before or during the reply, redirects, 202s with hostile request ids). Every
// call must settle, as a response or a PangeaErrors/TypeError rejection —
// never a WebAssembly RuntimeError, an unhandled rejection or a hang — and a
// normal call on the same service must then succeed.
//
//   node --test tests/js/burst.test.mjs      (needs `make pkg`)
//   BURST_CALLS=100000 node --test tests/js/burst.test.mjs
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";

import { AuthNService, PangeaConfig, PangeaErrors, bounded } from "./reliability-support.mjs";

const CALLS = Number(process.env.BURST_CALLS ?? 10_000);
const IN_FLIGHT = 64;
const SEED = Number(process.env.BURST_SEED ?? 20_251_125);

let worker;
let port;

/** Sends a message to the server thread and waits for its answer (if any). */
function tell(message, answerKey) {
  return new Promise((resolve) => {
    if (!answerKey) {
      worker.postMessage(message);
      return resolve();
    }
    const onMessage = (m) => {
      if (m[answerKey] !== undefined) {
        worker.off("message", onMessage);
        resolve(m[answerKey]);
      }
    };
    worker.on("message", onMessage);
    worker.postMessage(message);
  });
}

before(async () => {
  worker = new Worker(new URL("./burst-server.mjs", import.meta.url), { workerData: { seed: SEED } });
  port = await new Promise((resolve, reject) => {
    worker.once("message", (m) => resolve(m.port));
    worker.once("error", reject);
  });
});

after(() => worker?.terminate());

it(`${CALLS} calls on one AuthNService against random bad replies all settle; then a normal call succeeds`, { timeout: 300_000 }, async () => {
  const url = `http://127.0.0.1:${port}`;
  const authn = new AuthNService(
    "pts_burstburstburstburstburstburstbu",
    new PangeaConfig({ baseUrlTemplate: url, requestRetries: 0, requestTimeout: 1000, pollResultTimeoutMs: 30 }),
  );
  const CALLS_BY_OP = [
    () => authn.client.session.invalidate("ptu_" + "a".repeat(32), "pmt_" + "b".repeat(32)),
    () => authn.client.session.list("ptu_" + "a".repeat(32), { size: 2, filter: { email: "é" } }),
    () => authn.client.session.logout("ptu_" + "a".repeat(32)),
    () => authn.client.session.refresh("ptr_" + "c".repeat(32), { user_token: "ptu_" + "a".repeat(32) }),
    () => authn.session.invalidate("pmt_" + "b".repeat(32)),
    () => authn.session.list({ order: "desc" }),
    () => authn.session.logout("pui_x"),
  ];

  const unhandled = [];
  const onUnhandled = (e) => unhandled.push(e);
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
  const outcomes = { resolved: 0 };
  const bad = [];
  const typeErrors = [];
  let settledCount = 0;
  let next = 0;
  const start = performance.now();

  async function worker() {
    while (next < CALLS) {
      const n = next++;
      let settledHere = 0;
      try {
        const r = await CALLS_BY_OP[n % 7]();
        settledHere++;
        outcomes.resolved++;
        assert.equal(typeof r.status, "string");
      } catch (e) {
        settledHere++;
        const name = e?.constructor?.name ?? typeof e;
        outcomes[name] = (outcomes[name] ?? 0) + 1;
        const ok = e instanceof PangeaErrors.PangeaError || e instanceof PangeaErrors.APIError || e instanceof TypeError;
        if (e instanceof TypeError) typeErrors.push(e);
        if (!ok || e instanceof WebAssembly.RuntimeError || /unreachable|RuntimeError/.test(String(e?.message))) bad.push(e);
      }
      settledCount += settledHere;
    }
  }
  await bounded(Promise.all(Array.from({ length: IN_FLIGHT }, worker)), 240_000, "the burst");
  const seconds = (performance.now() - start) / 1000;
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);

  const kinds = await tell("stats", "kinds");
  console.log(`# burst: ${CALLS} calls in ${seconds.toFixed(1)} s; outcomes ${JSON.stringify(outcomes)}`);
  console.log(`# burst: server replies by kind ${JSON.stringify(kinds)}`);
  assert.equal(settledCount, CALLS, "every call settled exactly once");
  assert.deepEqual(typeErrors.map((e) => e.stack), [], "the arguments are valid: no TypeError");
  assert.deepEqual(bad.slice(0, 5).map(String), [], "only Pangea errors or TypeErrors");
  assert.deepEqual(unhandled.map(String), []);
  assert.ok(Object.keys(kinds).length >= 15, `only ${Object.keys(kinds).length} kinds of bad reply were used`);
  assert.equal(kinds.serverError ?? 0, 0);

  await tell("good", "good");
  for (const call of CALLS_BY_OP) {
    const r = await bounded(call(), 5000, "a normal call after the burst");
    assert.equal(r.status, "Success");
    assert.equal(r.request_id, "prq_fine");
  }
});
