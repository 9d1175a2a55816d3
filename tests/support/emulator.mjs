// Starts the real emulator binary for a test and talks to its control routes.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The emulator binary: $EMULATOR_BIN, else the release build, else the debug build. */
export function emulatorBin() {
  const candidates = [
    process.env.EMULATOR_BIN,
    `${root}target/release/emulator`,
    `${root}target/debug/emulator`,
    "/work/target-emu/release/emulator",
    "/work/target-emu/debug/emulator",
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`emulator binary not found (tried ${candidates.join(", ")}); run \`make emulator-bin\``);
  return found;
}

/**
 * Starts an emulator on a free port. Options: seed (default 20), faults
 * (default true), args (extra flags). Returns a handle; call stop() when done.
 */
export async function startEmulator({ seed = 20, faults = true, args = [] } = {}) {
  const flags = ["--seed", String(seed), "--port", "0", "--quiet", ...(faults ? ["--faults"] : []), ...args];
  const child = spawn(emulatorBin(), flags, { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited early (${code})`)));
  });
  lines.on("line", () => {}); // keep draining stdout
  const info = JSON.parse(first);
  const url = info.url;
  const serviceToken = info.service_token;
  const clientToken = info.client_token;

  async function control(method, path, body, token = serviceToken) {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  }

  return {
    url,
    serviceToken,
    clientToken,
    info,
    /** Current data with secrets: { users: [{ id, email, sessions: [{ id, user_token, refresh_token, … }] }] }. */
    fixture: () => control("GET", "/_emulator/fixture"),
    /** Queues faults: [{ path?, times?, action: { kind, … } }]. */
    faults: (list) => control("POST", "/_emulator/faults", { faults: list }),
    clearFaults: () => control("DELETE", "/_emulator/faults"),
    /** The recorded requests: [{ seq, method, path, headers, body, reply_status, request_id }]. */
    requests: async () => (await control("GET", "/_emulator/requests")).requests,
    clearRequests: () => control("DELETE", "/_emulator/requests"),
    reset: () => control("POST", "/_emulator/reset"),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** The first live session of each user, with its tokens: [{ user, session }]. */
export async function liveSessions(emulator) {
  const { users } = await emulator.fixture();
  return users.flatMap((user) =>
    user.sessions.filter((s) => !s.invalidated && Date.parse(s.expire) > Date.now()).map((session) => ({ user, session })),
  );
}
