// Child process of bench/run.mjs (run with --expose-gc): memory over many
// sequential small `session.list` calls. argv: <base url> <calls> <contender>.
//
// The package does not export its WebAssembly.Memory, and it must not grow a
// debug hook for the benchmark. So this bench-only harness wraps the global
// `WebAssembly.Instance` constructor *before* loading pkg/node.cjs, keeps a
// reference to the instance the package's glue creates, and restores the
// constructor: the package code runs unmodified.
import { performance } from "node:perf_hooks";
import { makeCaller, OPS, TOKEN } from "./contenders.mjs";

const [base, callsArg, name = "pkg"] = process.argv.slice(2);
const total = Number(callsArg);
const block = 5_000;

let instance;
if (name.startsWith("pkg")) {
  const Original = WebAssembly.Instance;
  function Capturing(module, imports) {
    instance = new Original(module, imports);
    return instance;
  }
  Capturing.prototype = Original.prototype;
  WebAssembly.Instance = Capturing;
  try {
    await import("./contenders.mjs").then((m) => m.loadPackage());
  } finally {
    WebAssembly.Instance = Original;
  }
  if (!instance) throw new Error("could not observe the package's WebAssembly.Instance");
}

const call = makeCaller(name, base, { token: TOKEN, op: OPS.list });

async function snapshot(calls) {
  // Let sockets and timers of the last calls settle, then collect fully.
  await new Promise((r) => setTimeout(r, 20));
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  const tables = instance
    ? Object.fromEntries(Object.entries(instance.exports).filter(([, v]) => v instanceof WebAssembly.Table).map(([k, v]) => [k, v.length]))
    : undefined;
  return {
    calls,
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    wasmMemory: instance?.exports.memory?.buffer.byteLength,
    wasmTables: tables,
  };
}

const snapshots = [await snapshot(0)];
const blockRates = [];
let done = 0;
while (done < total) {
  const t0 = performance.now();
  for (let i = 0; i < block; i++) {
    const r = await call();
    if (r.result.sessions.length !== 2) throw new Error("unexpected reply");
  }
  blockRates.push((block * 1000) / (performance.now() - t0));
  done += block;
  snapshots.push(await snapshot(done));
  if (done % 20_000 === 0) process.stderr.write(`  memory/${name}: ${done} calls, rss ${(snapshots.at(-1).rss / 2 ** 20).toFixed(1)} MiB\n`);
}
process.stdout.write(JSON.stringify({ contender: name, block, snapshots, blockRates }) + "\n");
