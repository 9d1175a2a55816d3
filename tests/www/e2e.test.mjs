// End-to-end test of the session-manager page (www/) in headless Chromium,
// against the local AuthN emulator, with the built package served from pkg/.
//
//   node --test tests/www/e2e.test.mjs
//
// Needs: the emulator binary (EMULATOR_BIN, or target/{release,debug}/emulator,
// or /work/target-emu/debug/emulator), the built package in pkg/ (`make pkg`),
// and /usr/bin/chromium (or CHROMIUM_PATH). Screenshots go to $TMPDIR or /tmp.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../support/browser.mjs";
import { emulatorClient, startEmulator, startStaticServer, stopProcess } from "./helpers.mjs";

const SHOT_DIR = process.env.TMPDIR || "/tmp";
const DESKTOP_SHOT = path.join(SHOT_DIR, "pangea-authn-www-desktop.png");
const PHONE_SHOT = path.join(SHOT_DIR, "pangea-authn-www-phone.png");

let emulator;
let server;
let browser;
let page;
let api;
let fixture;
const pageErrors = [];

async function teardown() {
  const steps = [
    async () => browser && (await browser.close()),
    async () => server && (await stopProcess(server.child)),
    async () => emulator && (await stopProcess(emulator.child)),
  ];
  for (const step of steps) {
    try {
      await step();
    } catch (e) {
      process.stderr.write(`teardown: ${e?.message ?? e}\n`);
    }
  }
  browser = server = emulator = undefined;
}

before(async () => {
  try {
    emulator = await startEmulator();
    server = await startStaticServer();
    api = emulatorClient(emulator.info.url, emulator.info.service_token);
    fixture = await api.fixture();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
      timeout: 30_000,
    });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: "UTC",
      locale: "en-US",
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (e) => pageErrors.push(e));
    await page.goto(server.info.url);
    await waitForSdk();
  } catch (e) {
    await teardown();
    throw e;
  }
});

after(teardown);

// ---------------------------------------------------------------------------
// Helpers

const tid = (id) => `[data-testid="${id}"]`;

async function waitForSdk() {
  await page.waitForSelector("html[data-app=ready]");
  const state = await page
    .waitForFunction(() => document.documentElement.dataset.sdk, null, { timeout: 20_000 })
    .then((h) => h.jsonValue());
  if (state !== "ready") {
    const alert = await page.textContent(tid("app-alert"));
    throw new Error(`the page could not load pangea-authn-wasm from /pkg/: ${alert}`);
  }
}

/** Sessions the emulator would list: not invalidated, not expired. */
function activeSessions(user) {
  return user.sessions.filter((s) => !s.invalidated && !s.expired && Date.parse(s.expire) > Date.now());
}

/** Enabled users sorted by their number of active sessions, most first. */
function usersByActiveSessions() {
  return fixture.users
    .filter((u) => u.enabled !== false && activeSessions(u).length > 0)
    .sort((a, b) => activeSessions(b).length - activeSessions(a).length);
}

async function resetEmulator() {
  await api.reset();
  fixture = await api.fixture();
}

async function waitIdle(prefix) {
  await page.waitForFunction(
    (p) => document.querySelector(`[data-testid="${p}-section"]`).getAttribute("aria-busy") !== "true",
    prefix,
  );
}

/** Click something that starts a call in a section and wait until the call ends. */
async function act(selector, prefix) {
  await page.click(selector);
  await waitIdle(prefix);
}

async function rows(prefix) {
  return page.$$eval(`[data-testid="${prefix}-row"]`, (trs) =>
    trs.map((tr) => ({
      id: tr.dataset.sessionId,
      identity: tr.dataset.identity,
      email: tr.dataset.email,
      type: tr.querySelector('[data-testid="session-type"]')?.textContent ?? "",
      created: tr.querySelector('[data-testid="session-created"] time')?.getAttribute("datetime") ?? "",
      expire: tr.querySelector('[data-testid="session-expire"] time')?.getAttribute("datetime") ?? "",
      scopes: [...tr.querySelectorAll('[data-testid="session-scope"]')].map((c) => c.textContent),
    })),
  );
}

async function shownError(prefix) {
  const box = page.locator(`${tid(`${prefix}-alert`)} ${tid("error")}`);
  if ((await box.count()) === 0) return null;
  const text = async (id) => {
    const l = box.locator(tid(id));
    return (await l.count()) ? (await l.textContent()).trim() : undefined;
  };
  return {
    name: await text("error-name"),
    summary: await text("error-summary"),
    status: await text("error-status"),
    fields: await text("error-fields"),
    all: (await box.textContent()).trim(),
  };
}

async function assertNoError(prefix) {
  const err = await shownError(prefix);
  assert.equal(err, null, `unexpected error in ${prefix}: ${err?.all}`);
}

async function toastWith(text) {
  await page.locator(tid("toast"), { hasText: text }).first().waitFor({ state: "visible" });
}

async function isDisabled(id) {
  return page.$eval(tid(id), (b) => b.disabled);
}

async function fillSettings() {
  await page.fill(tid("base-url"), emulator.info.url);
  await page.fill(tid("client-token"), fixture.client_token);
  await page.fill(tid("service-token"), fixture.service_token);
}

async function listMy({ userToken, size = "10", order = "", orderBy = "" }) {
  if (userToken !== undefined) await page.fill(tid("user-token"), userToken);
  await page.fill(tid("my-size"), String(size));
  await page.selectOption(tid("my-order"), order);
  await page.selectOption(tid("my-order-by"), orderBy);
  await act(tid("my-list"), "my");
}

/** Fill the "All sessions" form from scratch and search. */
async function searchAll(opts = {}) {
  await page.click(tid("all-clear"));
  const fields = {
    email: "f-email",
    identity: "f-identity",
    id: "f-id",
    type: "f-type",
    createdFrom: "f-created-from",
    createdTo: "f-created-to",
    expireFrom: "f-expire-from",
    expireTo: "f-expire-to",
    scopes: "f-scopes",
  };
  for (const [key, id] of Object.entries(fields)) if (opts[key] !== undefined) await page.fill(tid(id), opts[key]);
  await page.selectOption(tid("f-email-mode"), opts.emailMode ?? "eq");
  await page.selectOption(tid("all-order"), opts.order ?? "");
  await page.selectOption(tid("all-order-by"), opts.orderBy ?? "");
  await page.fill(tid("all-size"), String(opts.size ?? 100));
  await act(tid("all-search"), "all");
  await assertNoError("all");
  return rows("all");
}

/** `datetime-local` value (the browser runs in UTC) of an ISO time, floored or ceiled to the second. */
function localValue(iso, { ceil = false } = {}) {
  let ms = Date.parse(iso);
  ms = ceil ? Math.ceil(ms / 1000) * 1000 : Math.floor(ms / 1000) * 1000;
  return new Date(ms).toISOString().slice(0, 19);
}

const sorted = (list, cmp) => [...list].sort(cmp);
const byString = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------------------
// Tests

test("settings: defaults, masked tokens with show toggles, kept in sessionStorage only", async () => {
  assert.equal(await page.inputValue(tid("base-url")), "http://127.0.0.1:4010", "defaults to the local emulator");
  const note = await page.textContent(tid("service-token-note"));
  assert.match(note, /service token belongs on a server/i);
  assert.ok(await page.isVisible(tid("service-token-note")));

  await fillSettings();
  for (const name of ["client-token", "service-token"]) {
    assert.equal(await page.getAttribute(tid(name), "type"), "password", `${name} is masked`);
    await page.click(tid(`${name}-toggle`));
    assert.equal(await page.getAttribute(tid(name), "type"), "text");
    assert.equal(await page.getAttribute(tid(`${name}-toggle`), "aria-pressed"), "true");
    await page.click(tid(`${name}-toggle`));
    assert.equal(await page.getAttribute(tid(name), "type"), "password");
  }

  await page.reload();
  await waitForSdk();
  assert.equal(await page.inputValue(tid("base-url")), emulator.info.url);
  assert.equal(await page.inputValue(tid("client-token")), fixture.client_token);
  assert.equal(await page.inputValue(tid("service-token")), fixture.service_token);
  const storage = await page.evaluate(() => ({
    session: Object.keys(sessionStorage).length,
    local: Object.keys(localStorage).length,
  }));
  assert.ok(storage.session >= 3, "settings are in sessionStorage");
  assert.equal(storage.local, 0, "nothing in localStorage");
});

test("my sessions: list, paging with size and last, order and order_by", async () => {
  const user = usersByActiveSessions()[0];
  const expected = activeSessions(user).map((s) => s.id);
  assert.ok(expected.length >= 2, "the seed has a user with at least two sessions");
  const token = activeSessions(user)[0].user_token;

  await listMy({ userToken: token, size: 100 });
  await assertNoError("my");
  assert.deepEqual(sorted((await rows("my")).map((r) => r.id), byString), sorted(expected, byString));

  // Page through with size 1: one row per page, `last` carries us on.
  await listMy({ size: 1 });
  const seen = [];
  for (let i = 0; i < expected.length; i++) {
    const page1 = await rows("my");
    assert.equal(page1.length, 1, `page ${i + 1} has one row`);
    seen.push(page1[0].id);
    assert.match(await page.textContent(tid("my-page")), new RegExp(`Page ${i + 1}`));
    if (i < expected.length - 1) {
      assert.equal(await isDisabled("my-next"), false, "next page is enabled while there is more");
      await act(tid("my-next"), "my");
      await assertNoError("my");
    }
  }
  assert.equal(await isDisabled("my-next"), true, "no next page after the last one");
  assert.deepEqual(sorted(seen, byString), sorted(expected, byString), "paging visits every session once");
  await act(tid("my-prev"), "my");
  assert.equal((await rows("my"))[0].id, seen.at(-2), "previous page");
  await act(tid("my-first"), "my");
  assert.equal((await rows("my"))[0].id, seen[0], "back to the first page");
  assert.equal(await isDisabled("my-first"), true);

  await listMy({ size: 10, order: "desc", orderBy: "id" });
  const desc = (await rows("my")).map((r) => r.id);
  assert.deepEqual(desc, sorted(desc, byString).reverse(), "order=desc order_by=id");
  await listMy({ size: 10, order: "asc", orderBy: "created_at" });
  const created = (await rows("my")).map((r) => Date.parse(r.created));
  assert.deepEqual(created, sorted(created, (a, b) => a - b), "order=asc order_by=created_at");
});

test("my sessions: invalidate one session, its row disappears", async () => {
  await resetEmulator();
  const user = usersByActiveSessions()[0];
  const [own, other] = activeSessions(user);
  await listMy({ userToken: own.user_token, size: 10 });
  await assertNoError("my");
  assert.ok((await rows("my")).some((r) => r.id === other.id));

  await act(`${tid("my-row")}[data-session-id="${other.id}"] ${tid("my-invalidate")}`, "my");
  await assertNoError("my");
  await toastWith(`Session ${other.id} invalidated`);
  const after = (await rows("my")).map((r) => r.id);
  assert.ok(!after.includes(other.id), "the invalidated session is gone");
  assert.ok(after.includes(own.id), "the other sessions stay");
});

test("my sessions: refresh shows new tokens and puts them in the fields", async () => {
  const user = usersByActiveSessions()[0];
  const session = activeSessions(user).at(-1);
  await page.fill(tid("user-token"), session.user_token);
  await page.fill(tid("refresh-token"), session.refresh_token);
  await act(tid("my-refresh"), "my");
  await assertNoError("my");
  await page.waitForSelector(`${tid("refresh-result")}:not([hidden])`);
  const active = (await page.textContent(tid("new-active-token"))).trim();
  const refresh = (await page.textContent(tid("new-refresh-token"))).trim();
  assert.ok(active.length > 8 && refresh.length > 8, "both tokens shown");
  assert.notEqual(active, session.user_token, "a new user token");
  assert.notEqual(refresh, session.refresh_token, "a new refresh token");
  assert.equal(await page.inputValue(tid("user-token")), active);
  assert.equal(await page.inputValue(tid("refresh-token")), refresh);
  await toastWith("Session refreshed");

  // The new user token works.
  await listMy({ size: 10 });
  await assertNoError("my");
  assert.ok((await rows("my")).some((r) => r.id === session.id));
});

test("my sessions: log out, then the user token is rejected", async () => {
  await act(tid("my-logout"), "my");
  await assertNoError("my");
  await toastWith("Logged out");
  assert.equal(await page.isVisible(tid("my-results")), false);

  await act(tid("my-list"), "my");
  const err = await shownError("my");
  assert.ok(err, "listing with a logged-out token shows an error");
  assert.match(err.status ?? "", /InvalidToken|ExpiredToken/, `status shown: ${err.all}`);
  assert.ok(err.name && err.summary, `name and summary shown: ${err.all}`);
});

test("all sessions: list with count, paging through last", async () => {
  await resetEmulator();
  const expected = fixture.users.flatMap((u) => activeSessions(u).map((s) => s.id));
  await searchAll({ size: 7 });
  const count = Number(await page.getAttribute(tid("all-summary"), "data-count"));
  assert.equal(count, expected.length, "count is shown");
  assert.match(await page.textContent(tid("all-summary")), new RegExp(`of ${expected.length} sessions`));

  const seen = [];
  for (let i = 0; i < 50; i++) {
    const pageRows = await rows("all");
    assert.ok(pageRows.length <= 7);
    seen.push(...pageRows.map((r) => r.id));
    if (await isDisabled("all-next")) break;
    await act(tid("all-next"), "all");
    await assertNoError("all");
  }
  assert.equal(new Set(seen).size, seen.length, "no session twice");
  assert.deepEqual(sorted(seen, byString), sorted(expected, byString), "every session once");
  await act(tid("all-first"), "all");
  assert.equal((await rows("all")).length, Math.min(7, expected.length));
});

test("all sessions: every filter kind", async () => {
  const everything = await searchAll({ size: 100 });
  assert.ok(everything.length > 5);
  const ids = (list) => sorted(list.map((r) => r.id), byString);
  const user = usersByActiveSessions()[0];
  const userIds = sorted(activeSessions(user).map((s) => s.id), byString);

  // email equals / contains
  assert.deepEqual(ids(await searchAll({ email: user.email })), userIds, "email equals");
  const part = user.email.split("@")[1];
  const contains = await searchAll({ email: part, emailMode: "contains" });
  assert.deepEqual(ids(contains), ids(everything.filter((r) => r.email.includes(part))), "email contains");
  assert.ok(contains.every((r) => r.email.includes(part)));

  // identity, id, type
  assert.deepEqual(ids(await searchAll({ identity: user.id })), userIds, "identity");
  const one = everything[3];
  assert.deepEqual(ids(await searchAll({ id: one.id })), [one.id], "id");
  const type = everything[0].type;
  assert.ok(type, "rows show the session type");
  const typed = await searchAll({ type });
  assert.deepEqual(ids(typed), ids(everything.filter((r) => r.type === type)), "type");
  const none = await searchAll({ type: "no-such-type" });
  assert.equal(none.length, 0);
  assert.ok(await page.isVisible(tid("all-empty")), "an empty result says so");

  // created_at and expire ranges (datetime-local, sent as __gte / __lte)
  for (const [key, from, to] of [
    ["created", "createdFrom", "createdTo"],
    ["expire", "expireFrom", "expireTo"],
  ]) {
    const times = sorted(everything.map((r) => r[key]), (a, b) => Date.parse(a) - Date.parse(b));
    const lo = localValue(times[2]);
    const hi = localValue(times[times.length - 3], { ceil: true });
    const got = await searchAll({ [from]: lo, [to]: hi });
    const want = everything.filter((r) => {
      const t = Date.parse(r[key]);
      return t >= Date.parse(`${lo}Z`) && t <= Date.parse(`${hi}Z`);
    });
    assert.ok(want.length > 0 && want.length < everything.length);
    assert.deepEqual(ids(got), ids(want), `${key} range`);
    const fromOnly = await searchAll({ [from]: lo });
    assert.deepEqual(ids(fromOnly), ids(everything.filter((r) => Date.parse(r[key]) >= Date.parse(`${lo}Z`))), `${key} from`);
  }

  // scopes: all listed scopes must be present
  const scoped = everything.find((r) => r.scopes.length >= 2) ?? everything.find((r) => r.scopes.length === 1);
  assert.ok(scoped, "some session has scopes");
  const got = await searchAll({ scopes: scoped.scopes.join(", ") });
  assert.deepEqual(ids(got), ids(everything.filter((r) => scoped.scopes.every((s) => r.scopes.includes(s)))), "scopes");
});

test("all sessions: order and order_by", async () => {
  const byEmail = (await searchAll({ order: "desc", orderBy: "email" })).map((r) => r.email);
  assert.deepEqual(byEmail, sorted(byEmail, byString).reverse(), "order=desc order_by=email");
  const byExpire = (await searchAll({ order: "asc", orderBy: "expire" })).map((r) => Date.parse(r.expire));
  assert.deepEqual(byExpire, sorted(byExpire, (a, b) => a - b), "order=asc order_by=expire");
  const byIdentity = (await searchAll({ order: "asc", orderBy: "identity" })).map((r) => r.identity);
  assert.deepEqual(byIdentity, sorted(byIdentity, byString), "order=asc order_by=identity");
});

test("all sessions: invalidate one session", async () => {
  const user = usersByActiveSessions()[0];
  const before = await searchAll({ identity: user.id });
  const target = before[0];
  await act(`${tid("all-row")}[data-session-id="${target.id}"] ${tid("all-invalidate")}`, "all");
  await assertNoError("all");
  await toastWith(`Session ${target.id} invalidated`);
  const after = (await rows("all")).map((r) => r.id);
  assert.ok(!after.includes(target.id), "row gone");
  assert.equal(after.length, before.length - 1);
  assert.equal((await searchAll({ id: target.id })).length, 0, "the API no longer lists it");
});

test("all sessions: log a user out everywhere", async () => {
  const user = usersByActiveSessions().find((u) => activeSessions(u).length >= 2) ?? usersByActiveSessions()[0];
  const before = await searchAll({ email: user.email });
  assert.ok(before.length >= 1);
  await page.click(`${tid("all-row")}[data-session-id="${before[0].id}"] ${tid("all-logout-user")}`);
  await page.waitForSelector(`${tid("confirm-dialog")}[open]`);
  assert.match(await page.textContent(tid("confirm-dialog")), new RegExp(user.email.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await page.click(tid("confirm-ok"));
  // The call starts once the dialog has closed; the toast comes after it succeeded.
  await toastWith(`User ${user.email} logged out everywhere`);
  await waitIdle("all");
  await assertNoError("all");
  assert.equal((await rows("all")).length, 0, "their sessions vanish from the list");
  const rest = await searchAll({ size: 100 });
  assert.ok(!rest.some((r) => r.identity === user.id), "none left anywhere");
});

test("errors: bad client token, scripted 500", async () => {
  const user = usersByActiveSessions()[1];
  await page.fill(tid("client-token"), "pcl_" + "x".repeat(32));
  await listMy({ userToken: activeSessions(user)[0].user_token, size: 10 });
  const unauthorized = await shownError("my");
  assert.ok(unauthorized, "an error is shown");
  assert.equal(unauthorized.name, "UnauthorizedError");
  assert.ok(unauthorized.summary && !/\n\s+at /.test(unauthorized.all), `summary, no stack: ${unauthorized.all}`);
  assert.equal(unauthorized.status, "Unauthorized");
  assert.equal(await page.getAttribute(`${tid("my-alert")}`, "role"), "alert");
  await page.click(`${tid("my-alert")} ${tid("error-dismiss")}`);
  assert.equal(await shownError("my"), null, "the error can be dismissed");
  await page.fill(tid("client-token"), fixture.client_token);
  await listMy({ size: 10 });
  await assertNoError("my");

  // The package retries a 5xx like pangea-node-sdk (requestRetries = 3), so script a 500
  // for the first try and for every retry.
  const fail500 = { path: "/v2/session/list", action: { kind: "status", http: 500, body: "json" } };
  await api.faults([fail500, fail500, fail500, fail500]);
  await act(tid("all-search"), "all");
  const internal = await shownError("all");
  assert.ok(internal, "the 500 is shown");
  assert.equal(internal.name, "InternalServerError");
  assert.ok(internal.summary, `summary shown: ${internal.all}`);
  await act(tid("all-search"), "all");
  await assertNoError("all");

  // A bad argument: the package throws a plain TypeError (or RangeError), shown as such.
  await listMy({ size: 0 });
  const badArg = await shownError("my");
  assert.ok(badArg, "the bad argument is reported");
  assert.match(badArg.name, /TypeError|RangeError/, badArg.all);
  assert.match(badArg.summary, /size/, badArg.all);

  // A ValidationError with field errors (a canned reply): every field error is listed.
  const listUrl = new URL("/v2/session/list", emulator.info.url).href;
  await page.route(listUrl, (route) =>
    route.fulfill({
      status: 400,
      contentType: "application/json",
      headers: { "Access-Control-Allow-Origin": "*" },
      body: JSON.stringify({
        request_id: "prq_canned",
        request_time: new Date().toISOString(),
        response_time: new Date().toISOString(),
        status: "ValidationError",
        summary: "There were 2 errors in the given payload",
        result: {
          errors: [
            { code: "InvalidEmail", detail: "not an email", source: "/filter/email" },
            { code: "NumberTooSmall", detail: "must be at least 1", source: "/size" },
          ],
        },
      }),
    }),
  );
  try {
    await act(tid("all-search"), "all");
  } finally {
    await page.unroute(listUrl);
  }
  const validation = await shownError("all");
  assert.ok(validation, "the ValidationError is shown");
  assert.equal(validation.name, "ValidationError");
  assert.equal(validation.summary, "There were 2 errors in the given payload");
  assert.equal(validation.status, "ValidationError");
  assert.match(validation.fields, /\/filter\/email InvalidEmail: not an email/);
  assert.match(validation.fields, /\/size NumberTooSmall: must be at least 1/);

  // A transport failure (nothing listens there) is shown by class name and message.
  await page.fill(tid("base-url"), "http://127.0.0.1:9");
  await act(tid("all-search"), "all");
  const network = await shownError("all");
  assert.ok(network, "the network error is shown");
  assert.ok(network.name && network.summary, `name and message shown: ${network.all}`);
  assert.ok(!/\n\s+at /.test(network.all), "no stack dump");
  await page.fill(tid("base-url"), emulator.info.url);
});

test("a spinner shows while a call is in flight, buttons disabled", async () => {
  await api.faults([{ path: "/v2/session/list", action: { kind: "delay", ms: 1500 } }]);
  const started = Date.now();
  await page.click(tid("all-search"));
  await page.waitForSelector(`${tid("all-spinner")}:not([hidden])`, { timeout: 1000 });
  assert.ok(Date.now() - started < 1500, "the spinner shows while the reply is still delayed");
  assert.equal(await page.getAttribute(tid("all-section"), "aria-busy"), "true");
  assert.equal(await isDisabled("all-search"), true);
  assert.equal(await isDisabled("my-list"), true);
  await waitIdle("all");
  assert.equal(await page.isVisible(tid("all-spinner")), false);
  assert.equal(await isDisabled("all-search"), false);
  assert.ok((await rows("all")).length > 0);
});

test("keyboard: tab to a button and press Enter", async () => {
  await page.fill(tid("user-token"), "");
  await page.focus(tid("user-token"));
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "user-token-toggle");
  await page.keyboard.press("Enter");
  assert.equal(await page.getAttribute(tid("user-token"), "type"), "text", "Enter on the toggle shows the token");
  await page.keyboard.press("Enter");
  assert.equal(await page.getAttribute(tid("user-token"), "type"), "password");

  await page.evaluate(() => document.querySelector('[data-testid="all-results"]').setAttribute("hidden", ""));
  await page.focus(tid("all-size"));
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "all-search");
  const outline = await page.$eval(tid("all-search"), (el) => getComputedStyle(el).outlineStyle);
  assert.notEqual(outline, "none", "the focused button shows a focus ring");
  await page.keyboard.press("Enter");
  await waitIdle("all");
  await assertNoError("all");
  assert.ok(await page.isVisible(tid("all-results")), "Enter on Search lists sessions");
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "all-search", "focus stays put");

  // A row button, by keyboard: the user's own invalidate button.
  await page.focus(`${tid("all-row")} ${tid("all-invalidate")}`);
  const id = await page.evaluate(() => document.activeElement.closest("tr").dataset.sessionId);
  await page.keyboard.press("Enter");
  await waitIdle("all");
  await toastWith(`Session ${id} invalidated`);
});

test("desktop screenshot with data loaded", async (t) => {
  await resetEmulator();
  const user = usersByActiveSessions()[0];
  const s = activeSessions(user)[0];
  await page.fill(tid("refresh-token"), s.refresh_token);
  await listMy({ userToken: s.user_token, size: 10 });
  await act(tid("my-refresh"), "my");
  await assertNoError("my");
  await searchAll({ size: 6, order: "asc", orderBy: "email" });
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.activeElement?.blur();
  });
  await page.locator(tid("toast")).evaluateAll((els) => els.forEach((e) => e.remove()));
  await page.screenshot({ path: DESKTOP_SHOT, fullPage: true });
  t.diagnostic(`desktop screenshot: ${DESKTOP_SHOT}`);
});

test("phone width (375x812) renders cards without sideways scrolling", async (t) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.evaluate(() => window.scrollTo(0, 0));
  const layout = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    rowDisplay: getComputedStyle(document.querySelector('[data-testid="all-row"]')).display,
    theadHidden: document.querySelector('[data-testid="all-table"] thead').getBoundingClientRect().height <= 1,
  }));
  assert.ok(layout.scrollWidth <= 375, `no horizontal overflow (scrollWidth ${layout.scrollWidth})`);
  assert.equal(layout.rowDisplay, "block", "rows become cards");
  assert.ok(layout.theadHidden, "table header hidden on phones");
  const box = await page.locator(`${tid("all-row")} ${tid("all-invalidate")}`).first().boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 375, "row buttons fit the screen");
  await page.screenshot({ path: PHONE_SHOT, fullPage: true });
  t.diagnostic(`phone screenshot: ${PHONE_SHOT}`);
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("no uncaught errors in the page", () => {
  assert.deepEqual(
    pageErrors.map((e) => String(e?.stack ?? e)),
    [],
  );
});
