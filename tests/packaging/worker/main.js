// The page only starts the worker and shows what it reports.
import { paramsFrom, report } from "../shared/calls.mjs";

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
report(
  new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => (data.ok ? resolve(data.result) : reject(new Error(data.error)));
    worker.onerror = (e) => reject(new Error(`worker error: ${e.message}`));
    worker.postMessage(paramsFrom(location.search));
  }),
);
