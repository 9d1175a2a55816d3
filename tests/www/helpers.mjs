// Helpers for the www end-to-end test: find and start the emulator and the
// static server, and always stop them again.

import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { emulatorBin } from "../support/emulator.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const children = new Set();

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal); // the child leads its own process group
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

// Last resort: never leave a child behind when the test process exits.
process.on("exit", () => {
  for (const child of children) killGroup(child, "SIGKILL");
});
// The children lead their own process groups, so a Ctrl-C or a runner's
// SIGTERM does not reach them: pass it on, then exit as the signal would.
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
]) {
  process.once(signal, () => {
    for (const child of children) killGroup(child, "SIGTERM");
    process.exit(code);
  });
}

/**
 * Spawn a program whose first stdout line is JSON `{"event":"listening",…}`.
 * Resolves to { child, info, stop } once that line arrives.
 */
export function startListening(command, args, { name = path.basename(command), timeoutMs = 60_000, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    children.add(child);
    let stdout = "";
    let stderr = "";
    let settled = false;
    const stop = () => stopProcess(child);
    const finish = (err, info) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        stop().finally(() => reject(err));
      } else {
        resolve({ child, info, stop });
      }
    };
    const timer = setTimeout(
      () => finish(new Error(`${name} did not report listening within ${timeoutMs} ms; stderr:\n${stderr}`)),
      timeoutMs,
    );
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      if (settled) return;
      stdout += chunk;
      const nl = stdout.indexOf("\n");
      if (nl < 0) return;
      const line = stdout.slice(0, nl);
      try {
        const info = JSON.parse(line);
        if (info.event !== "listening" || typeof info.url !== "string") throw new Error("not a listening event");
        finish(null, info);
      } catch (e) {
        finish(new Error(`${name}: unexpected first stdout line ${JSON.stringify(line)} (${e.message})`));
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-8000);
      if (process.env.WWW_TEST_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
    });
    child.on("error", (err) => finish(new Error(`${name} failed to start: ${err.message}`)));
    child.on("exit", (code, signal) => {
      children.delete(child);
      finish(new Error(`${name} exited before listening (code ${code}, signal ${signal}); stderr:\n${stderr}`));
    });
  });
}

/** SIGTERM the process group, SIGKILL after a grace period. */
export function stopProcess(child, graceMs = 3000) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      children.delete(child);
      resolve();
      return;
    }
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      children.delete(child);
      resolve();
    });
    killGroup(child, "SIGTERM");
  });
}

/** Start the emulator with a fixed seed, a free port and the faults API. */
export function startEmulator() {
  const bin = emulatorBin();
  return startListening(bin, ["--seed", "20", "--port", "0", "--faults"], { name: "emulator" });
}

/** Start scripts/serve-www.mjs on a free port. */
export function startStaticServer(extraArgs = []) {
  const args = [path.join(ROOT, "scripts", "serve-www.mjs"), "--port", "0", "--host", "127.0.0.1"];
  // Development hook: serve another directory as /pkg/ (the default is pkg/).
  if (process.env.WWW_PKG_DIR) args.push("--pkg", process.env.WWW_PKG_DIR);
  return startListening(process.execPath, [...args, ...extraArgs], { name: "serve-www", timeoutMs: 15_000 });
}

/** A small JSON client for the emulator's control endpoints. */
export function emulatorClient(url, serviceToken) {
  async function call(method, pathname, body) {
    const res = await fetch(new URL(pathname, url), {
      method,
      headers: {
        Authorization: `Bearer ${serviceToken}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${pathname}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : {};
  }
  return {
    fixture: () => call("GET", "/_emulator/fixture"),
    reset: () => call("POST", "/_emulator/reset", {}),
    faults: (faults) => call("POST", "/_emulator/faults", { faults }),
  };
}
