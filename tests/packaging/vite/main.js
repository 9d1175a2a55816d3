import * as pkg from "pangea-authn-wasm";
import { paramsFrom, report, runCalls } from "../shared/calls.mjs";

report(runCalls(pkg, paramsFrom(location.search)));
