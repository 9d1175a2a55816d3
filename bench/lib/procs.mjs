// Child processes of the benchmark, all tracked so that every one is killed at
// the end, on error, and on Ctrl-C.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const children = new Set();
const cleanups = new Set();

/** Spawns a tracked child. */
export function track(child) {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export function spawnTracked(cmd, args, options = {}) {
  return track(spawn(cmd, args, options));
}

/** Registers an async cleanup (browser.close(), server.close()). */
export function onCleanup(fn) {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Kills every tracked child still running: SIGTERM, then SIGKILL after `graceMs`. */
export async function killAll(graceMs = 2000) {
  for (const fn of [...cleanups]) {
    cleanups.delete(fn);
    try {
      await Promise.race([fn(), new Promise((r) => setTimeout(r, graceMs))]);
    } catch {
      // best effort
    }
  }
  const alive = [...children].filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(
    alive.map(
      (c) =>
        new Promise((resolve) => {
          const hard = setTimeout(() => {
            try {
              c.kill("SIGKILL");
            } catch {
              // gone
            }
            resolve();
          }, graceMs);
          c.once("exit", () => {
            clearTimeout(hard);
            resolve();
          });
          try {
            c.kill("SIGTERM");
          } catch {
            resolve();
          }
        }),
    ),
  );
}

/** Last resort at process exit: synchronous SIGKILL of anything left. */
process.on("exit", () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      try {
        c.kill("SIGKILL");
      } catch {
        // gone
      }
    }
  }
});

/** Resolves with the first stdout line of `child` (parsed as JSON); rejects if it exits first. */
export function firstJsonLine(child, what) {
  const lines = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    const onExit = (code, signal) => reject(new Error(`${what} exited early (${code ?? signal})`));
    child.once("exit", onExit);
    lines.once("line", (line) => {
      child.off("exit", onExit);
      lines.on("line", () => {}); // keep draining
      try {
        resolve(JSON.parse(line));
      } catch (e) {
        reject(new Error(`${what}: not JSON: ${line.slice(0, 200)}`, { cause: e }));
      }
    });
  });
}

/** Runs a child to its end; resolves with its stdout (rejects on a non-zero exit). */
export function runChild(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(cmd, args, { stdio: ["ignore", "pipe", "inherit"], ...options });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d) => (out += d));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.slice(0, 2).join(" ")} exited with ${code ?? signal}`));
    });
  });
}
