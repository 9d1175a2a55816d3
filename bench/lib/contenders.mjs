// The three Node contenders, each a `call()` returning a Promise of the parsed
// reply, all aimed at the same URL with the same headers and body.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const TOKEN = "pts_benchbenchbenchbenchbenchbench";
export const CLIENT_TOKEN = "pcl_benchbenchbenchbenchbenchbench";
export const REFRESH_TOKEN = "ptr_benchbenchbenchbenchbenchbench";
export const USER_TOKEN = "ptu_benchbenchbenchbenchbenchbench";

const require = createRequire(import.meta.url);

/**
 * The package as a Node user gets it (`pkg/node.cjs`, which `pkg/node.mjs`
 * re-exports). BENCH_PKG_DIR points at another build (bench/profile.mjs uses a
 * copy whose .wasm keeps its function names).
 */
export function loadPackage() {
  return require(`${process.env.BENCH_PKG_DIR ?? `${ROOT}pkg`}/node.cjs`);
}

/** pangea-node-sdk 5.6.0 from the root node_modules. */
export function loadSdk() {
  return require("pangea-node-sdk");
}

/** The User-Agent our package sends in Node (`pangea-authn-wasm/<version>`). */
export function packageUserAgent() {
  return `pangea-authn-wasm/${require(`${ROOT}pkg/package.json`).version}`;
}

/**
 * A raw-fetch caller: `fetch` + `JSON.parse` of the text, with the headers and
 * init options our package sends (no timeout signal: the bare minimum).
 */
function rawCaller(base, { token, op, timeoutMs }) {
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "User-Agent": packageUserAgent() };
  const url = `${base}/${op.path}`;
  // `signal: undefined` as in the package's own init object (fetch ignores it).
  const init = (arg, signal) => ({ method: "POST", headers, body: JSON.stringify(op.body(arg)), signal, credentials: "omit", redirect: "error" });
  if (timeoutMs) {
    // raw-signal (analysis only): raw fetch with the package's timeout mechanism,
    // an AbortController per call aborted by a timer that is cleared afterwards.
    return async (arg) => {
      const controller = new AbortController();
      const timer = setTimeout(abortCall, timeoutMs, controller);
      try {
        const response = await fetch(url, init(arg, controller.signal));
        return replyBody(response.status, await response.text());
      } finally {
        clearTimeout(timer);
      }
    };
  }
  return async (arg) => {
    const response = await fetch(url, init(arg));
    return replyBody(response.status, await response.text());
  };
}
const abortCall = (controller) => controller.abort();

/** The parsed reply of a raw call; a status other than 200 is an error. */
function replyBody(status, text) {
  const body = JSON.parse(text);
  if (status !== 200) throw new Error(`HTTP ${status}`);
  return body;
}

/**
 * js-equivalent (analysis only): what the package does per call, in plain
 * JavaScript and without wasm (default config, so no timeout): stringify the
 * options, fetch with the same init, read status and x-request-id, parse, check
 * the envelope status, build the package's own PangeaResponse. The difference
 * between this and the package is the cost of the wasm route (calls into the
 * module, strings copied in and out of its memory); between this and raw fetch,
 * the cost of the work itself.
 */
function jsEquivalentCaller(base, { token, op }) {
  const { PangeaResponse } = loadPackage();
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "User-Agent": packageUserAgent() };
  const url = `${base}/${op.path}`;
  return async (arg) => {
    const body = JSON.stringify(op.body(arg));
    const response = await fetch(url, { method: "POST", headers, body, credentials: "omit", redirect: "error" });
    const status = response.status;
    const requestId = response.headers.get("x-request-id");
    const parsed = JSON.parse(await response.text());
    if (status !== 200 || parsed === null || typeof parsed !== "object" || parsed.status !== "Success") throw new Error(`HTTP ${status} ${requestId}`);
    return new PangeaResponse(parsed, status, response);
  };
}

/** The operations measured: what raw fetch sends, and how the libraries call them. */
export const OPS = {
  list: {
    path: "v2/session/list",
    body: () => ({}),
    lib: (authn) => () => authn.session.list({}),
  },
  refresh: {
    path: "v2/client/session/refresh",
    body: (rt = REFRESH_TOKEN) => (rt === REFRESH_TOKEN ? { refresh_token: rt, user_token: USER_TOKEN } : { refresh_token: rt }),
    lib: (authn) => (rt = REFRESH_TOKEN) =>
      rt === REFRESH_TOKEN
        ? authn.client.session.refresh(rt, { user_token: USER_TOKEN })
        : authn.client.session.refresh(rt, {}),
  },
};

/**
 * Builds a contender's call function. `name` is raw | pkg | sdk, or for analysis
 * (bench/profile.mjs) raw-signal (raw + a per-call AbortController and timer),
 * js-equivalent (the package's per-call work written in plain JavaScript) and
 * pkg-timeout (the package with `requestTimeout: 5000`: a signal and a timer per attempt).
 */
export function makeCaller(name, base, { token, op, config = {} }) {
  switch (name) {
    case "raw":
      return rawCaller(base, { token, op });
    case "raw-signal":
      return rawCaller(base, { token, op, timeoutMs: 5000 });
    case "js-equivalent":
      return jsEquivalentCaller(base, { token, op });
    case "pkg":
    case "pkg-timeout": {
      const { AuthNService, PangeaConfig } = loadPackage();
      const extra = name === "pkg-timeout" ? { requestTimeout: 5000 } : {};
      const authn = new AuthNService(token, new PangeaConfig({ baseUrlTemplate: base, ...extra, ...config }));
      return OPS[op.name].lib(authn);
    }
    case "sdk": {
      const { AuthNService, PangeaConfig } = loadSdk();
      const authn = new AuthNService(token, new PangeaConfig({ baseUrlTemplate: base, ...config }));
      return OPS[op.name].lib(authn);
    }
    default:
      throw new Error(`unknown contender ${name}`);
  }
}
for (const [name, op] of Object.entries(OPS)) op.name = name;

/** The parsed body of a result, whoever produced it (PangeaResponse or raw object). */
export function resultOf(reply) {
  return reply.result;
}
