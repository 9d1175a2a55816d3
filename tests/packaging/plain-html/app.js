// No bundler: the browser resolves the relative path; the module fetches the
// .wasm next to index.js by itself on the first AuthNService.
import * as pkg from "./node_modules/pangea-authn-wasm/index.js";
import { paramsFrom, report, runCalls } from "../shared/calls.mjs";

report(runCalls(pkg, paramsFrom(location.search)));
