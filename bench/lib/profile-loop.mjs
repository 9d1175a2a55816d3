// Child of bench/profile.mjs, run under `node --cpu-prof`: a loop of sequential
// small session.list calls. argv: <real|stub> <base url> <contender> <calls>.
import { performance } from "node:perf_hooks";
import { installStubFetch } from "./stub-fetch.mjs";
import { makeCaller, OPS, TOKEN } from "./contenders.mjs";

const [mode, base, name, callsArg] = process.argv.slice(2);
const calls = Number(callsArg);
if (mode === "stub") installStubFetch("small");
const call = makeCaller(name, base, { token: TOKEN, op: OPS.list });
for (let i = 0; i < 2000; i++) await call();
const t0 = performance.now();
for (let i = 0; i < calls; i++) {
  const r = await call();
  if (r.result.sessions.length !== 2) throw new Error("bad reply");
}
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ mode, name, calls, ms, us_per_call: (ms * 1000) / calls }) + "\n");
