// The Node entry, built twice by scripts/build-pkg.mjs: `node.mjs` (ESM) and
// `node.cjs` (CommonJS), each self-contained, so that neither module system
// goes through the other's loader (an ESM entry that loaded the CommonJS one
// with `createRequire` cost about 1.5 ms more at cold start, measured). The
// module is read and compiled synchronously at load, so no init call is needed.
//
// Both builds give a process one instance: the first to load registers its
// exports under a global symbol named with the package version, and the other
// exports those. Classes, `instanceof` and the wasm memory are then the same
// whether a program (or one of its dependencies) imports or requires the
// package, and in whichever order.

import { initSync } from "./glue.js";
import * as glue from "./glue.js";
import { defineServices } from "./service.js";
import * as config from "./config.js";
import * as response from "./response.js";
import * as errors from "./errors.js";
import * as errorMap from "./error-map.js";

/* global PACKAGE_VERSION -- replaced by the build with the package's version */
const INSTANCE = Symbol.for(`pangea-authn-wasm@${PACKAGE_VERSION}`);
const WASM = "pangea_authn_wasm_bg.wasm";

// Builtins through process.getBuiltinModule (Node >= 20.16), not `import … from
// "node:fs"`: an ESM import of node:fs builds its ESM facade, which reads every
// export and so loads fs streams, about 1.5 ms more at cold start (measured).
const builtin = (name) => process.getBuiltinModule(name);

/** The .wasm next to this file: `import.meta.url` in the ESM build, `__dirname` in the CommonJS one. */
function wasmLocation() {
  const here = import.meta.url;
  return here ? new URL(WASM, here) : builtin("node:path").join(__dirname, WASM);
}

function load() {
  initSync({ module: builtin("node:fs").readFileSync(wasmLocation()) });
  const loader = { start() {}, core: () => glue, ready: () => Promise.resolve(glue) };
  return Object.freeze({
    ...defineServices(loader, { sendUserAgent: true }),
    PangeaConfig: config.PangeaConfig,
    PangeaResponse: response.PangeaResponse,
    PangeaErrors: errorMap.PangeaErrors,
    ...errors,
    initAsync: initialised,
  });
}

/** `initAsync`: already initialised in Node; kept so the same code runs everywhere. */
function initialised() {
  return Promise.resolve();
}

if (!Object.hasOwn(globalThis, INSTANCE)) Object.defineProperty(globalThis, INSTANCE, { value: load() });

export const {
  APIError,
  AcceptedRequestException,
  AuthNService,
  ClientSession,
  ForbiddenVaultOperation,
  InternalServerError,
  InvalidPayloadReceived,
  InvalidResponseError,
  MissingConfigID,
  NetworkError,
  NoCreditError,
  NotFound,
  PangeaConfig,
  PangeaError,
  PangeaErrors,
  PangeaResponse,
  ProviderError,
  RateLimitError,
  ServiceNotAvailableError,
  ServiceNotEnabledError,
  ServiceTemporarilyUnavailable,
  Session,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
  initAsync,
} = globalThis[INSTANCE];
