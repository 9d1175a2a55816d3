#!/usr/bin/env node
// One-off experiment behind the PangeaResponse line of "What was tried" in
// bench/README.md: JSON.parse + construction of a 2-session-sized envelope,
// with the earlier constructor (defineProperty per reply key) and the shipped
// one (pkg/node.cjs: Object.assign unless the reply has a `__proto__` key).
//
//   make pkg && node bench/experiments/response-assign.mjs
import { createRequire } from "node:module";

const { PangeaResponse } = createRequire(import.meta.url)("../../pkg/node.cjs");

/** The constructor before the change, kept here for the comparison only. */
class DefinePerKey {
  request_id = "InvalidPayloadReceived";
  request_time = "InvalidPayloadReceived";
  response_time = "InvalidPayloadReceived";
  status = "NoStatus";
  result = {};
  accepted_result;
  summary = "InvalidPayloadReceived";
  gotResponse;
  success;
  attachedFiles = [];
  constructor(body, httpStatus, gotResponse) {
    for (const key of Object.keys(body)) {
      Object.defineProperty(this, key, { value: body[key], writable: true, enumerable: true, configurable: true });
    }
    this.gotResponse = gotResponse;
    this.success = this.status === "Success";
    if (this.result == null) this.result = {};
  }
}

const text = JSON.stringify({ request_id: "prq_1", request_time: "t", response_time: "t", status: "Success", summary: "ok", result: { sessions: [{ id: "pmt_1" }, { id: "pmt_2" }] } });
const N = 200_000;
let sink;
for (let round = 0; round < 5; round++) {
  for (const [name, C] of [["defineProperty per key", DefinePerKey], ["shipped (Object.assign)", PangeaResponse]]) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) sink = new C(JSON.parse(text), 200, null);
    console.log(`${name.padEnd(24)} ${(((performance.now() - t0) * 1e6) / N).toFixed(0)} ns per parse + construction`);
  }
}
if (!sink.success) throw new Error("not a success envelope");
