// The browser and bundler entry (ESM): no top-level await, no inlined wasm.
// The module fetches `pangea_authn_wasm_bg.wasm` next to this file when the first
// AuthNService is built; calls made before it is ready wait for it.

import init, * as glue from "./glue.js";
import { defineServices } from "./service.js";

let core;
let pending;

function load(source) {
  pending = init({ module_or_path: source }).then(() => (core = glue));
  // Callers see a failure through ready(); do not also report it as unhandled.
  pending.catch(() => {});
  return pending;
}

const loader = {
  start() {
    // Bundlers (Vite, webpack 5) recognise this `new URL(…, import.meta.url)` form
    // and emit the .wasm as an asset; without a bundler it resolves next to this file.
    if (!pending) load(new URL("./pangea_authn_wasm_bg.wasm", import.meta.url));
  },
  core: () => core,
  ready() {
    loader.start();
    return pending;
  },
};

/**
 * Loads the module from somewhere else than next to this file: a URL, a
 * `Response`, bytes or a compiled `WebAssembly.Module`. Optional; call it
 * before the first AuthNService to host the .wasm elsewhere.
 */
export function initAsync(source) {
  if (core) return Promise.resolve();
  return (pending && !source ? pending : load(source ?? new URL("./pangea_authn_wasm_bg.wasm", import.meta.url))).then(() => {});
}

export const { AuthNService, Session, ClientSession } = defineServices(loader, { sendUserAgent: false });
export { PangeaConfig } from "./config.js";
export { PangeaResponse } from "./response.js";
export * from "./errors.js";
export { PangeaErrors } from "./error-map.js";
