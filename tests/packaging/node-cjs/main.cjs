// CommonJS consumer: `require` the package, make real calls, then check that
// `import()` of the same specifier hands back the very same classes.
const pkg = require("pangea-authn-wasm");

async function main() {
  const { runCalls } = await import("../shared/calls.mjs");
  const env = process.env;
  const result = await runCalls(pkg, {
    url: env.EMU_URL,
    serviceToken: env.EMU_SERVICE_TOKEN,
    clientToken: env.EMU_CLIENT_TOKEN,
    userToken: env.EMU_USER_TOKEN,
  });
  result.resolved = require.resolve("pangea-authn-wasm");
  const esm = await import("pangea-authn-wasm");
  result.sameClassesViaImport = ["AuthNService", "PangeaConfig", "PangeaResponse", "PangeaErrors", "Session", "ClientSession"].every(
    (name) => esm[name] !== undefined && esm[name] === pkg[name],
  );
  result.exportNames = Object.keys(pkg).sort();
  process.stdout.write(JSON.stringify(result) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
