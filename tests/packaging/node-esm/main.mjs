// ESM consumer: `import` the package, make real calls; then load it through
// `require` in the same process and check that both are one instance (classes,
// `instanceof` on responses and errors across the two module systems).
import { createRequire } from "node:module";
import * as pkg from "pangea-authn-wasm";
import { AuthNService, PangeaConfig, PangeaErrors } from "pangea-authn-wasm";
import { runCalls } from "../shared/calls.mjs";

const require = createRequire(import.meta.url);
const env = process.env;
const result = await runCalls(pkg, {
  url: env.EMU_URL,
  serviceToken: env.EMU_SERVICE_TOKEN,
  clientToken: env.EMU_CLIENT_TOKEN,
  userToken: env.EMU_USER_TOKEN,
});
result.resolved = import.meta.resolve("pangea-authn-wasm");
result.subpaths = {
  wasm: import.meta.resolve("pangea-authn-wasm/pangea_authn_wasm_bg.wasm"),
  packageJson: require.resolve("pangea-authn-wasm/package.json"),
  version: require("pangea-authn-wasm/package.json").version,
};

const cjs = require("pangea-authn-wasm");
result.exportNamesMatch = JSON.stringify(Object.keys(pkg).sort()) === JSON.stringify(Object.keys(cjs).sort());
result.sameClasses = Object.keys(cjs).every((name) => pkg[name] === cjs[name]);

// Objects made by one side are instances of the other side's classes.
const config = new PangeaConfig({ baseUrlTemplate: env.EMU_URL, requestRetries: 0 });
const response = await new AuthNService(env.EMU_SERVICE_TOKEN, config).session.list({ size: 1 });
let error;
try {
  await new cjs.AuthNService("pts_notarealtoken", new cjs.PangeaConfig({ baseUrlTemplate: env.EMU_URL })).session.list();
} catch (e) {
  error = e;
}
result.crossInstanceof = {
  esmResponseIsCjsResponse: response instanceof cjs.PangeaResponse,
  cjsErrorIsEsmUnauthorized: error instanceof PangeaErrors.UnauthorizedError,
  cjsErrorIsEsmApiError: error instanceof pkg.APIError,
  esmConfigAcceptedByCjs: (() => {
    try {
      return new cjs.AuthNService(env.EMU_SERVICE_TOKEN, config) instanceof AuthNService;
    } catch {
      return false;
    }
  })(),
};
process.stdout.write(JSON.stringify(result) + "\n");
