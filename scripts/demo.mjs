#!/usr/bin/env node
// `make demo`: starts the AuthN emulator, walks through the seven session calls
// of pangea-authn-wasm from Node (printing what came back), then serves the
// session-manager page (www/ + pkg/) until Ctrl-C.
//
// Builds nothing: the Makefile target depends on `pkg` and `emulator-bin`.
//
//   DEMO_ONESHOT=1     run the walkthrough and exit (0 if every call did what
//                      it should, 1 otherwise); CI runs this.
//   EMULATOR_PORT      the emulator's port (default 4010, or a free one if 4010 is taken)
//   EMULATOR_SEED      the emulator's data set (default 20 users)
//   DEMO_WWW_PORT      the web page's port (default 8787, or a free one if taken)
//   EMULATOR_BIN       the emulator binary (default target/release/emulator)
//
// Against the real service instead of the emulator (nothing is started):
//   PANGEA_DOMAIN              e.g. aws.us.pangea.cloud
//                              (or PANGEA_BASE_URL_TEMPLATE, e.g. https://{SERVICE_NAME}.example.com)
//   PANGEA_AUTHN_TOKEN         service token (pts_…)
//   PANGEA_AUTHN_CLIENT_TOKEN  client token (pcl_…), optional
//   PANGEA_USER_TOKEN          a user's token (ptu_…), optional
//   PANGEA_REFRESH_TOKEN       that user's refresh token (ptr_…), optional
// Calls whose tokens are missing are skipped (and say so). Against the real
// service the walkthrough only ends sessions of the user whose tokens you give:
// it logs that user out.

import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const env = process.env;
const ONESHOT = env.DEMO_ONESHOT === "1" || env.DEMO_ONESHOT === "true";
const REAL = Boolean(env.PANGEA_DOMAIN || env.PANGEA_BASE_URL_TEMPLATE || env.PANGEA_AUTHN_TOKEN);

const color = process.stdout.isTTY && !env.NO_COLOR;
const paint = (code) => (s) => (color ? `\x1b[${code}m${s}\x1b[0m` : String(s));
const bold = paint("1");
const dim = paint("2");
const green = paint("32");
const red = paint("31");
const yellow = paint("33");
const say = (line = "") => process.stdout.write(line + "\n");

// ------------------------------------------------------------------ processes

const children = new Set();
let stopping = false;

/** Starts a child whose first stdout line is a JSON start-up object. */
function startChild(name, cmd, args) {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"] });
  children.add(child);
  const lines = createInterface({ input: child.stdout });
  const first = new Promise((resolve, reject) => {
    lines.once("line", (line) => {
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`${name}: unexpected first line: ${line}`));
      }
    });
    child.once("error", (e) => reject(new Error(`${name}: cannot start ${cmd}: ${e.message}`)));
    child.once("exit", (code, signal) => reject(new Error(`${name} exited before it was ready (${signal ?? `exit ${code}`})`)));
  });
  lines.on("line", () => {}); // the rest (banners) is not needed: keep the pipe drained
  child.once("exit", (code, signal) => {
    children.delete(child);
    if (!stopping) {
      process.stderr.write(red(`${name} stopped unexpectedly (${signal ?? `exit ${code}`})\n`));
      void shutdown(1);
    }
  });
  return { child, ready: first };
}

/** Stops every child (SIGTERM, then SIGKILL after 3 s) and exits with `code`. */
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  const waits = [...children].map((child) => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", resolve);
    child.kill("SIGTERM");
  }));
  const timer = setTimeout(() => children.forEach((c) => c.kill("SIGKILL")), 3000);
  await Promise.all(waits);
  clearTimeout(timer);
  process.exit(code);
}

process.on("SIGINT", () => {
  say();
  say(dim("Stopping…"));
  void shutdown(0);
});
process.on("SIGTERM", () => void shutdown(0));
// Last resort (an exception, process.exit elsewhere): never leave children behind.
process.on("exit", () => children.forEach((c) => c.kill("SIGKILL")));

/** Whether 127.0.0.1:port can be bound right now. */
function portFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** The port to use: the one the user asked for (strict), else the default if free, else 0 (any). */
async function choosePort(requested, fallback, what) {
  if (requested !== undefined && requested !== "") {
    const port = Number(requested);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad ${what} port: ${requested}`);
    if (port !== 0 && !(await portFree(port))) throw new Error(`${what} port ${port} is in use`);
    return port;
  }
  if (await portFree(fallback)) return fallback;
  say(dim(`(port ${fallback} is taken; ${what} uses a free port instead)`));
  return 0;
}

// ----------------------------------------------------------------- formatting

/** A token or id, shortened: "ptu_lzgb…". Full values are only printed for the emulator's paste list. */
const tok = (t) => (typeof t === "string" && t.length > 12 ? `${t.slice(0, 8)}…` : String(t));
const id = (s) => (typeof s === "string" && s.length > 16 ? `${s.slice(0, 12)}…` : String(s));
const day = (iso) => (typeof iso === "string" ? iso.slice(0, 10) : "?");

let failures = 0;
let stepNo = 0;

/**
 * Runs one call and prints it: the call, the outcome (status, request id,
 * time) and `describe(response)`'s lines. `expect` turns an error into the
 * expected outcome. Returns the response (or the expected error), or undefined.
 */
async function step(title, call, describe = () => [], { expect, check = false } = {}) {
  const label = check ? `   ${dim("check:")} ${title}` : `${String(++stepNo).padStart(2)}. ${bold(title)}`;
  say(label);
  const started = performance.now();
  try {
    const response = await call();
    const ms = Math.round(performance.now() - started);
    if (expect) {
      failures++;
      say(`      ${red("✗")} expected ${expect.what}, but it succeeded (${response.status})`);
      return undefined;
    }
    say(`      ${green("✓")} ${response.status} ${dim(`· ${ms} ms · request ${response.request_id}`)}`);
    for (const line of describe(response) ?? []) say(`        ${line}`);
    return response;
  } catch (e) {
    const ms = Math.round(performance.now() - started);
    if (expect?.test(e)) {
      say(`      ${green("✓")} rejected as expected: ${e.constructor?.name ?? e.name}${e.response?.status ? ` (${e.response.status})` : ""} ${dim(`· ${ms} ms`)}`);
      return e;
    }
    failures++;
    const detail = e.response ? `${e.response.status}: ${e.response.summary}` : String(e.message).split("\n")[0];
    say(`      ${red("✗")} ${e.name ?? "Error"} — ${detail}`);
    return undefined;
  }
}

function skip(title, reason) {
  say(`${String(++stepNo).padStart(2)}. ${bold(title)}`);
  say(`      ${yellow("–")} skipped: ${reason}`);
}

const sessionLine = (s, current) =>
  `${id(s.id)}  ${s.email ?? s.identity ?? ""}  created ${day(s.created_at)}  expires ${day(s.expire)}` +
  `${s.profile?.["User-Agent"] ? dim(`  ${clip(s.profile["User-Agent"], 30)}`) : ""}${current ? green("  ← this session") : ""}`;
const clip = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

// ---------------------------------------------------------------- walkthrough

/**
 * The seven calls, in order. `ctx`: { sdk, config, serviceToken?, clientToken?,
 * me: { userToken?, refreshToken?, sessionId?, email?, id? }, target?: { id, email } }
 * where `target` is the user the service-token calls act on (in real mode:
 * the same user as `me`, learnt from the client calls).
 */
async function walkthrough({ sdk, config, serviceToken, clientToken, me, target, real }) {
  const { AuthNService, PangeaErrors } = sdk;
  const client = clientToken ? new AuthNService(clientToken, config) : undefined;
  const service = serviceToken ? new AuthNService(serviceToken, config) : undefined;
  const rejected = { what: "a rejection", test: (e) => e instanceof PangeaErrors.APIError };
  const needClient = "no client token (PANGEA_AUTHN_CLIENT_TOKEN)";
  const needUser = "no user token (PANGEA_USER_TOKEN)";

  say(bold(`As a user — client token + the user's own token${me.email ? ` (${me.email})` : ""}`));

  // 1. client.session.list
  let mine = [];
  if (!client) skip("client.session.list(userToken)", needClient);
  else if (!me.userToken) skip("client.session.list(userToken)", needUser);
  else {
    const r = await step(`client.session.list(${tok(me.userToken)})`, () => client.client.session.list(me.userToken), (r) => [
      `${r.result.sessions.length} session(s) of this user:`,
      ...r.result.sessions.slice(0, 5).map((s) => `  ${sessionLine(s, s.id === me.sessionId)}`),
    ]);
    mine = r?.result.sessions ?? [];
    me.email ??= mine[0]?.email;
    me.id ??= mine[0]?.identity;
  }

  // 2. client.session.refresh
  if (!client) skip("client.session.refresh(refreshToken, { user_token })", needClient);
  else if (!me.refreshToken) skip("client.session.refresh(refreshToken, { user_token })", "no refresh token (PANGEA_REFRESH_TOKEN)");
  else {
    const options = me.userToken ? { user_token: me.userToken } : undefined;
    const r = await step(
      `client.session.refresh(${tok(me.refreshToken)}${options ? `, { user_token: ${tok(me.userToken)} }` : ""})`,
      () => client.client.session.refresh(me.refreshToken, options),
      (r) => [
        `new user token    ${tok(r.result.active_token?.token)}  expires ${day(r.result.active_token?.expire)}`,
        `new refresh token ${tok(r.result.refresh_token?.token)}  session ${id(r.result.refresh_token?.id)}`,
      ],
    );
    if (r) {
      me.userToken = r.result.active_token?.token ?? me.userToken;
      me.refreshToken = r.result.refresh_token?.token ?? me.refreshToken;
      me.sessionId = r.result.refresh_token?.id ?? me.sessionId;
      me.email ??= r.result.active_token?.email;
      me.id ??= r.result.active_token?.identity;
    }
  }

  // 3. client.session.invalidate: one of the user's other sessions.
  const other = me.sessionId ? mine.find((s) => s.id !== me.sessionId) : undefined;
  if (!client) skip("client.session.invalidate(userToken, sessionId)", needClient);
  else if (!me.userToken) skip("client.session.invalidate(userToken, sessionId)", needUser);
  else if (!other) {
    skip("client.session.invalidate(userToken, sessionId)", me.sessionId
      ? "the user has no other session to end"
      : "the current session is unknown without a refresh (PANGEA_REFRESH_TOKEN), so no other session is picked");
  } else {
    await step(`client.session.invalidate(${tok(me.userToken)}, "${id(other.id)}")`, () => client.client.session.invalidate(me.userToken, other.id), () => [
      `ended the user's session ${id(other.id)} (${clip(other.profile?.["User-Agent"] ?? "another device", 40)})`,
    ]);
  }

  // 4. client.session.logout: ends this session; the token then stops working.
  if (!client) skip("client.session.logout(userToken)", needClient);
  else if (!me.userToken) skip("client.session.logout(userToken)", needUser);
  else {
    const out = await step(`client.session.logout(${tok(me.userToken)})`, () => client.client.session.logout(me.userToken), () => [
      "ended the current session",
    ]);
    if (out) await step(`client.session.list(${tok(me.userToken)}) with the logged-out token`, () => client.client.session.list(me.userToken), undefined, { expect: rejected, check: true });
  }

  // Real service: the service-token calls act on the same user, never on anyone else.
  if (real && !target && me.id) target = { id: me.id, email: me.email };
  say();
  say(bold(`As an administrator — service token${target ? ` (acting on ${target.email ?? target.id})` : ""}`));

  // 5. session.list with a filter
  let theirs = [];
  const filter = target?.email ? { email: target.email } : { expire__gt: new Date().toISOString() };
  const listRequest = { filter, order_by: "created_at", order: "desc", size: 10 };
  const shownRequest = target?.email ? `{ filter: { email: "${target.email}" }, order_by: "created_at", order: "desc" }` : `{ filter: { expire__gt: <now> }, order_by: "created_at", order: "desc", size: 10 }`;
  if (!service) skip(`session.list(${shownRequest})`, "no service token (PANGEA_AUTHN_TOKEN)");
  else {
    const r = await step(`session.list(${shownRequest})`, () => service.session.list(listRequest), (r) => [
      `${r.result.sessions.length} shown${r.result.count !== undefined ? ` of ${r.result.count} matching` : ""}:`,
      ...r.result.sessions.slice(0, 5).map((s) => `  ${sessionLine(s)}`),
    ]);
    theirs = target ? (r?.result.sessions ?? []).filter((s) => s.identity === target.id || s.email === target.email) : [];
  }

  // 6. session.invalidate: one session of the target user.
  const victim = theirs[0];
  const noTarget = "no user to act on: against the real service this needs PANGEA_USER_TOKEN or PANGEA_REFRESH_TOKEN (the walkthrough only ends that user's sessions)";
  if (!service) skip("session.invalidate(sessionId)", "no service token (PANGEA_AUTHN_TOKEN)");
  else if (!target) skip("session.invalidate(sessionId)", noTarget);
  else if (!victim) skip("session.invalidate(sessionId)", `${target.email ?? target.id} has no session left to end`);
  else {
    await step(`session.invalidate("${id(victim.id)}")`, () => service.session.invalidate(victim.id), () => [
      `ended ${target.email ?? target.id}'s session ${id(victim.id)}`,
    ]);
  }

  // 7. session.logout: every session of the target user.
  if (!service) skip("session.logout(userId)", "no service token (PANGEA_AUTHN_TOKEN)");
  else if (!target) skip("session.logout(userId)", noTarget);
  else {
    const out = await step(`session.logout("${id(target.id)}")`, () => service.session.logout(target.id), () => [
      `ended every remaining session of ${target.email ?? target.id}`,
    ]);
    if (out && target.email) {
      await step(`session.list({ filter: { email: "${target.email}" } })`, () => service.session.list({ filter: { email: target.email } }), (r) => {
        const left = r.result.sessions.length;
        // The emulator is immediate; a real deployment may lag, so there it is only reported.
        if (left !== 0 && !real) failures++;
        return [left === 0 ? "no sessions left" : (real ? yellow : red)(`${left} session(s) still listed`)];
      }, { check: true });
    }
  }
}

// ----------------------------------------------------------------------- main

async function loadPackage() {
  const entry = join(ROOT, "pkg", "node.mjs");
  if (!existsSync(entry)) throw new Error("pkg/ is missing: run `make pkg` (`make demo` builds it)");
  const sdk = await import(pathToFileURL(entry).href);
  const { version } = JSON.parse(readFileSync(join(ROOT, "pkg", "package.json"), "utf8"));
  return { sdk, version };
}

async function startEmulator() {
  const bin = env.EMULATOR_BIN || join(ROOT, "target", "release", "emulator");
  if (!existsSync(bin)) throw new Error(`emulator binary not found at ${bin}: run \`make emulator-bin\` (\`make demo\` builds it)`);
  const port = await choosePort(env.EMULATOR_PORT, 4010, "the emulator");
  const seed = env.EMULATOR_SEED || "20";
  const { ready } = startChild("emulator", bin, ["--seed", seed, "--port", String(port), "--host", "127.0.0.1", "--quiet"]);
  const info = await ready;
  const res = await fetch(`${info.url}/_emulator/fixture`, { headers: { authorization: `Bearer ${info.service_token}` } });
  if (!res.ok) throw new Error(`emulator: GET /_emulator/fixture: HTTP ${res.status}`);
  const { users } = await res.json();
  return { info, users };
}

/** Users with live sessions, most sessions first (stable order otherwise). */
function liveUsers(users) {
  const now = Date.now();
  return users
    .map((u) => ({ ...u, live: u.sessions.filter((s) => !s.invalidated && !s.expired && Date.parse(s.expire) > now) }))
    .filter((u) => u.live.length > 0)
    .sort((a, b) => b.live.length - a.live.length);
}

async function serveWww(args) {
  const port = await choosePort(env.DEMO_WWW_PORT, 8787, "the web page");
  const { ready } = startChild("serve-www", process.execPath, [join(ROOT, "scripts", "serve-www.mjs"), "--port", String(port), "--host", "127.0.0.1", ...args]);
  return (await ready).url;
}

async function main() {
  const { sdk, version } = await loadPackage();
  const started = performance.now();

  if (REAL) {
    const domain = env.PANGEA_DOMAIN;
    const template = env.PANGEA_BASE_URL_TEMPLATE;
    const serviceToken = env.PANGEA_AUTHN_TOKEN;
    if (!(domain || template) || !serviceToken) throw new Error("the real service needs PANGEA_DOMAIN (or PANGEA_BASE_URL_TEMPLATE) and PANGEA_AUTHN_TOKEN");
    const config = new sdk.PangeaConfig(template ? { baseUrlTemplate: template } : { domain });
    const baseUrl = config.baseUrlTemplate.replace("{SERVICE_NAME}", "authn");
    say(bold(`pangea-authn-wasm ${version} — walkthrough against the real service (${baseUrl})`));
    say(dim(`Node ${process.version}; tokens are shown shortened.`));
    if (env.PANGEA_USER_TOKEN || env.PANGEA_REFRESH_TOKEN) {
      say(yellow("Note: this ends sessions of the user whose PANGEA_USER_TOKEN/PANGEA_REFRESH_TOKEN you gave (it logs that user out), and no one else's."));
    }
    say();
    await walkthrough({
      sdk,
      config,
      serviceToken,
      clientToken: env.PANGEA_AUTHN_CLIENT_TOKEN,
      me: { userToken: env.PANGEA_USER_TOKEN, refreshToken: env.PANGEA_REFRESH_TOKEN },
      real: true,
    });
    finish(started);
    if (ONESHOT) return shutdown(failures ? 1 : 0);
    const args = ["--emulator-url", baseUrl];
    if (env.PANGEA_AUTHN_CLIENT_TOKEN) args.push("--client-token", env.PANGEA_AUTHN_CLIENT_TOKEN);
    const url = await serveWww(args);
    say();
    say(bold(`Web page: ${url}/`));
    say(`  Base URL ${env.PANGEA_AUTHN_CLIENT_TOKEN ? "and client token are" : "is"} pre-filled; the service token is not (paste it in Settings if you want the admin view).`);
    say("  Paste a user token under \"My sessions\" (the walkthrough logged out the one you gave).");
    say(dim("Press Ctrl-C to stop."));
    return;
  }

  const { info, users } = await startEmulator();
  const live = liveUsers(users);
  // Three different users: "me" (client calls), "them" (service calls), and
  // one left untouched for the web page.
  const [me, them, spare] = live;
  say(bold(`pangea-authn-wasm ${version} — walkthrough against the local emulator (${info.url})`));
  say(dim(`Node ${process.version}; ${info.users} users, ${info.sessions} live sessions (seed ${env.EMULATOR_SEED || 20})`));
  say();
  const current = me?.live[0];
  await walkthrough({
    sdk,
    config: new sdk.PangeaConfig({ baseUrlTemplate: info.url }),
    serviceToken: info.service_token,
    clientToken: info.client_token,
    me: { userToken: current?.user_token, refreshToken: current?.refresh_token, sessionId: current?.id, email: me?.email, id: me?.id },
    target: them ? { id: them.id, email: them.email } : undefined,
    real: false,
  });
  finish(started);
  if (ONESHOT) return shutdown(failures ? 1 : 0);

  const url = await serveWww(["--emulator-url", info.url, "--client-token", info.client_token, "--service-token", info.service_token]);
  say();
  say(bold(`Web page: ${url}/`));
  say("  Settings are pre-filled with the emulator's URL, client token and service token.");
  say(`  Emulator: ${info.url}  service token ${info.service_token}  client token ${info.client_token}`);
  const pasteUser = spare ?? live.find((u) => u !== me && u !== them);
  if (pasteUser) {
    const s = pasteUser.live[0];
    say(`  To manage "My sessions", paste ${pasteUser.email}'s tokens (${pasteUser.live.length} session${pasteUser.live.length > 1 ? "s" : ""}):`);
    say(`    user token:    ${s.user_token}`);
    say(`    refresh token: ${s.refresh_token}`);
  }
  say(dim(`  More users and tokens: curl -s ${info.url}/_emulator/fixture -H 'Authorization: Bearer ${info.service_token}'`));
  say(dim("Press Ctrl-C to stop the emulator and the web server."));
}

function finish(started) {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  say();
  if (failures) say(red(bold(`${failures} call(s) did not do what they should (${seconds} s).`)));
  else say(green(bold(`All calls did what they should (${seconds} s).`)));
}

main().catch((e) => {
  process.stderr.write(red(`demo: ${e?.message ?? e}\n`));
  void shutdown(1);
});
