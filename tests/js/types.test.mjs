// Type-checks tests/types/*.ts against pkg/index.d.ts with the TypeScript
// compiler (strict, noEmit): a Node project that also uses pangea-node-sdk's
// types, and a browser project (DOM lib, no Node types). Needs `make pkg`.
import { it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = `${root}node_modules/.bin/tsc`;

/** Runs tsc -p `project`: { code, output }. */
function typecheck(project) {
  return new Promise((resolve) => {
    execFile(tsc, ["-p", project, "--pretty", "false"], { cwd: root, timeout: 170_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? error.signal) : 0, output: `${stdout}${stderr}` });
    });
  });
}

// Both compiles start at once; each test awaits its own.
const projects = ["tests/types/tsconfig.json", "tests/types/tsconfig.browser.json"];
const runs = new Map(projects.map((p) => [p, typecheck(p)]));

for (const project of projects) {
  it(`tsc -p ${project} passes`, { timeout: 180_000 }, async () => {
    const { code, output } = await runs.get(project);
    assert.equal(code, 0, output);
  });
}
