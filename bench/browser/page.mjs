// The browser half of the benchmark: raw fetch and the package (pkg/index.js,
// which fetches pangea_authn_wasm_bg.wasm next to it) against bench/server.mjs
// on another origin (CORS). bench/run.mjs calls window.bench.* through
// playwright-core and interleaves the segments itself.
import { AuthNService, PangeaConfig } from "/pkg/index.js";

const TOKEN = "pts_benchbenchbenchbenchbenchbench";
const callers = {};

function raw(base) {
  // What the package sends from a browser: no User-Agent (a page cannot set it).
  const headers = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
  const url = `${base}/v2/session/list`;
  return async () => {
    const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({}), credentials: "omit", redirect: "error" });
    const status = response.status;
    const body = JSON.parse(await response.text());
    if (status !== 200) throw new Error(`HTTP ${status}`);
    return body;
  };
}

function pkg(base) {
  const authn = new AuthNService(TOKEN, new PangeaConfig({ baseUrlTemplate: base }));
  return () => authn.session.list({});
}

window.bench = {
  /** Builds the callers of one scenario: `${scenario}/${contender}`. */
  setup(scenario, base) {
    callers[`${scenario}/raw`] = raw(base);
    callers[`${scenario}/pkg`] = pkg(base);
    return true;
  },
  /** Runs `n` sequential calls; returns the elapsed ms and the last reply's session count. */
  async segment(scenario, contender, n) {
    const call = callers[`${scenario}/${contender}`];
    let last;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) last = await call();
    const ms = performance.now() - t0;
    return { ms, sessions: last.result.sessions.length };
  },
};
document.title = "ready";
