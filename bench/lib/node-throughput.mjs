// Child process of bench/run.mjs: Node throughput scenarios, contenders
// interleaved round by round. Run with --expose-gc. Input: a JSON spec in
// argv[2]; output: one JSON line on stdout; progress on stderr.
import { performance } from "node:perf_hooks";
import { makeCaller, OPS } from "./contenders.mjs";
import { rotate } from "./stats.mjs";

const spec = JSON.parse(process.argv[2]);
const gc = globalThis.gc ?? (() => {});

/** Checks that a reply is what the scenario expects (every contender is checked). */
function check(scenario, name, reply) {
  const result = reply?.result;
  if (scenario.op === "list") {
    const n = result?.sessions?.length;
    if (n !== scenario.expectSessions) throw new Error(`${scenario.id}/${name}: got ${n} sessions, expected ${scenario.expectSessions}`);
  } else if (typeof result?.refresh_token?.token !== "string" || typeof result?.active_token?.token !== "string") {
    throw new Error(`${scenario.id}/${name}: not a refresh result`);
  }
}

function contender(scenario, name) {
  const base = scenario.bases?.[name] ?? scenario.base;
  const call = makeCaller(name, base, { token: scenario.token, op: OPS[scenario.op] });
  // A refresh chain (emulator): each call uses the refresh token the previous one returned.
  let arg = scenario.chainStart?.[name];
  let last;
  const one = async () => {
    last = await call(arg);
    if (scenario.chainStart) arg = last.result.refresh_token.token;
    return last;
  };
  return { name, one, last: () => last };
}

async function segment(scenario, c, calls) {
  if (scenario.mode === "concurrent") {
    const width = scenario.concurrency;
    for (let done = 0; done < calls; done += width) {
      const batch = [];
      for (let i = 0; i < width; i++) batch.push(c.one());
      await Promise.all(batch);
    }
    return;
  }
  for (let i = 0; i < calls; i++) await c.one();
}

async function run(scenario) {
  const contenders = scenario.contenders.map((name) => contender(scenario, name));
  for (const c of contenders) {
    await segment(scenario, c, scenario.warm);
    check(scenario, c.name, c.last());
  }
  const samples = Object.fromEntries(contenders.map((c) => [c.name, []]));
  // Client CPU time per call (user + system of this process, µs): far less
  // sensitive than wall time to other processes competing for the cores.
  const cpu = Object.fromEntries(contenders.map((c) => [c.name, []]));
  const order = [];
  for (let r = 0; r < spec.rounds; r++) {
    const inRound = rotate(contenders, r);
    order.push(inRound.map((c) => c.name));
    for (const c of inRound) {
      gc();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await segment(scenario, c, scenario.n);
      const ms = performance.now() - t0;
      const used = process.cpuUsage(c0);
      samples[c.name].push((scenario.n * 1000) / ms);
      cpu[c.name].push((used.user + used.system) / scenario.n);
    }
    process.stderr.write(`  ${scenario.id} round ${r + 1}/${spec.rounds}: ` +
      contenders.map((c) => `${c.name} ${samples[c.name].at(-1).toFixed(0)}/s`).join(", ") + "\n");
  }
  return { samples, cpu, order, calls: scenario.n };
}

const out = {};
for (const scenario of spec.scenarios) out[scenario.id] = await run(scenario);
process.stdout.write(JSON.stringify(out) + "\n");
