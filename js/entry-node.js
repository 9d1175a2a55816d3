// The Node entry, compiled to CommonJS (`node.cjs`): the module is read and
// compiled synchronously at require time, so no init call is ever needed.
// `node.mjs` re-exports this file, so CJS and ESM users share one instance and
// one set of classes (no dual-package hazard for `instanceof`).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync } from "./glue.js";
import * as glue from "./glue.js";
import { defineServices } from "./service.js";

// `__dirname` exists in the CommonJS output this file is compiled to.
initSync({ module: readFileSync(join(__dirname, "pangea_authn_wasm_bg.wasm")) });

const loader = {
  start() {},
  core: () => glue,
  ready: () => Promise.resolve(glue),
};

/** Already initialised in Node; kept so the same code runs everywhere. */
export function initAsync() {
  return Promise.resolve();
}

export const { AuthNService, Session, ClientSession } = defineServices(loader, { sendUserAgent: true });
export { PangeaConfig } from "./config.js";
export { PangeaResponse } from "./response.js";
export * from "./errors.js";
export { PangeaErrors } from "./error-map.js";
