// Runs in a DedicatedWorkerGlobalScope: no document, no window.
import * as pkg from "./node_modules/pangea-authn-wasm/index.js";
import { runCalls } from "../shared/calls.mjs";

self.onmessage = async ({ data }) => {
  try {
    const result = await runCalls(pkg, data);
    result.inWorker = typeof document === "undefined" && typeof WorkerGlobalScope !== "undefined";
    self.postMessage({ ok: true, result });
  } catch (e) {
    self.postMessage({ ok: false, error: String(e?.stack ?? e) });
  }
};
