// Node ESM entry: the same instance as require("pangea-authn-wasm"), so CJS and
// ESM users share one module and one set of classes. Node finds the CommonJS
// entry's named exports through the annotation esbuild writes for it.
export * from "./node.cjs";
