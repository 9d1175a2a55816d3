// Session manager page for pangea-authn-wasm.
//
// Loads the package as a user would (`import … from "pangea-authn-wasm"`,
// resolved by the page's import map to /pkg/index.js) and drives the session
// calls of AuthNService: client-token calls under "My sessions" and
// service-token calls under "All sessions".

const DEFAULT_BASE_URL = "http://127.0.0.1:4010";
const STORAGE_KEYS = {
  baseUrl: "pangea-authn-www.baseUrl",
  clientToken: "pangea-authn-www.clientToken",
  serviceToken: "pangea-authn-www.serviceToken",
};
const TOAST_MS = 6000;
const MAX_TOASTS = 4;

// ---------------------------------------------------------------------------
// Small DOM helpers

const byTestId = (id, root = document) => root.querySelector(`[data-testid="${id}"]`);

/** Create an element: h("td", { class: "x", "data-label": "Created" }, child, "text"). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function svgIcon(pathD) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 20 20");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", "icon");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", pathD);
  svg.append(path);
  return svg;
}
const ICON_ERROR =
  "M10 1.75a8.25 8.25 0 1 0 0 16.5 8.25 8.25 0 0 0 0-16.5ZM10 5.5c.41 0 .75.34.75.75v4.5a.75.75 0 0 1-1.5 0v-4.5c0-.41.34-.75.75-.75Zm0 9a.9.9 0 1 1 0-1.8.9.9 0 0 1 0 1.8Z";
const ICON_OK =
  "M10 1.75a8.25 8.25 0 1 0 0 16.5 8.25 8.25 0 0 0 0-16.5Zm3.78 6.03-4.5 4.5a.75.75 0 0 1-1.06 0l-2-2a.75.75 0 1 1 1.06-1.06l1.47 1.47 3.97-3.97a.75.75 0 1 1 1.06 1.06Z";

// ---------------------------------------------------------------------------
// Formatting

const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});
const dayFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

function timeCell(iso, { markPast = false } = {}) {
  if (!iso) return h("span", { class: "muted", text: "—" });
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h("span", { text: String(iso) });
  const el = h(
    "time",
    { datetime: iso, title: iso },
    h("span", { class: "date-day", text: dayFormat.format(date) }),
    " ",
    h("span", { class: "date-clock", text: clockFormat.format(date) }),
  );
  if (markPast && date.getTime() < Date.now()) {
    return h("span", { class: "time-with-badge" }, el, h("span", { class: "badge badge-muted", text: "expired" }));
  }
  return el;
}

function profileName(profile) {
  if (!profile || typeof profile !== "object") return "";
  return [profile.first_name, profile.last_name].filter(Boolean).join(" ");
}

// ---------------------------------------------------------------------------
// Errors

/** An error found before calling the API (an empty required field, …). */
class InputError extends Error {
  constructor(message, field) {
    super(message);
    this.name = "InputError";
    this.field = field;
  }
}

function safeGet(fn) {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** Reduce anything thrown to what a person needs: name, summary, status, field errors. */
function describeError(e) {
  if (e === null || typeof e !== "object") {
    return { name: "Error", summary: String(e), fields: [] };
  }
  const name = (typeof e.name === "string" && e.name) || e.constructor?.name || "Error";
  const response = safeGet(() => e.pangeaResponse) ?? safeGet(() => e.response);
  let summary = safeGet(() => e.summary);
  if (typeof summary !== "string" || !summary) {
    const message = typeof e.message === "string" ? e.message : "";
    // API errors of some SDKs append a multi-line dump to the message; keep its first line.
    summary = message.split("\n")[0] || "Something went wrong (no message).";
  }
  const status = typeof response?.status === "string" ? response.status : undefined;
  const requestId = typeof response?.request_id === "string" ? response.request_id : undefined;
  // Transport errors for unreadable replies carry the HTTP status as a number.
  const httpStatus = typeof e.status === "number" ? e.status : undefined;
  let fields = safeGet(() => e.errors);
  if (!Array.isArray(fields)) fields = [];
  return { name, summary, status, requestId, httpStatus, fields };
}

function showError(region, e) {
  const d = describeError(e);
  const dismiss = h(
    "button",
    { type: "button", class: "alert-dismiss", "aria-label": "Dismiss error", "data-testid": "error-dismiss" },
    "×",
  );
  const box = h(
    "div",
    { class: "alert alert-error", "data-testid": "error" },
    svgIcon(ICON_ERROR),
    h(
      "div",
      { class: "alert-body" },
      h("p", { class: "alert-title" }, h("strong", { "data-testid": "error-name", text: d.name })),
      h("p", { class: "alert-summary", "data-testid": "error-summary", text: d.summary }),
      d.status || d.requestId || d.httpStatus
        ? h(
            "p",
            { class: "alert-meta" },
            d.status ? h("span", {}, "Status ", h("code", { "data-testid": "error-status", text: d.status })) : null,
            d.httpStatus ? h("span", {}, "HTTP ", h("code", { text: String(d.httpStatus) })) : null,
            d.requestId ? h("span", {}, "Request ", h("code", { text: d.requestId })) : null,
          )
        : null,
      d.fields.length
        ? h(
            "ul",
            { class: "alert-fields", "data-testid": "error-fields" },
            d.fields.map((f) =>
              h(
                "li",
                {},
                h("code", { text: String(f?.source ?? "") }),
                " ",
                h("code", { text: String(f?.code ?? "") }),
                `: ${String(f?.detail ?? "")}`,
              ),
            ),
          )
        : null,
    ),
    dismiss,
  );
  dismiss.addEventListener("click", () => {
    region.replaceChildren();
    if (document.activeElement === document.body || !document.activeElement) {
      region.closest("section, main")?.querySelector("h2")?.focus?.();
    }
  });
  region.replaceChildren(box);
  const rect = region.getBoundingClientRect();
  if (rect.top < 0 || rect.bottom > window.innerHeight) region.scrollIntoView({ block: "nearest", behavior: "smooth" });
  if (e instanceof InputError && e.field) e.field.focus();
}

function clearError(region) {
  region.replaceChildren();
}

// ---------------------------------------------------------------------------
// Toasts

const toasts = byTestId("toasts");

function toast(message, kind = "success") {
  while (toasts.children.length >= MAX_TOASTS) toasts.firstElementChild.remove();
  const close = h("button", { type: "button", class: "toast-close", "aria-label": "Dismiss notification" }, "×");
  const el = h(
    "div",
    { class: `toast toast-${kind}`, "data-testid": "toast" },
    svgIcon(ICON_OK),
    h("p", { text: message }),
    close,
  );
  const remove = () => el.remove();
  close.addEventListener("click", remove);
  toasts.append(el);
  setTimeout(remove, TOAST_MS);
}

// ---------------------------------------------------------------------------
// Confirmation dialog

const dialog = byTestId("confirm-dialog");

function confirmAction({ title, body, confirmLabel }) {
  return new Promise((resolve) => {
    dialog.querySelector("#confirm-title").textContent = title;
    dialog.querySelector("#confirm-body").textContent = body;
    byTestId("confirm-ok", dialog).textContent = confirmLabel;
    dialog.returnValue = "";
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
    dialog.showModal();
  });
}

// ---------------------------------------------------------------------------
// Settings (sessionStorage only)

const settings = {
  baseUrl: byTestId("base-url"),
  clientToken: byTestId("client-token"),
  serviceToken: byTestId("service-token"),
};
const savedState = byTestId("settings-saved");

function storageGet(key) {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}
function storageSet(key, value) {
  try {
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch {
    /* storage disabled: settings just are not remembered */
  }
}

let savedTimer;
function saveSettings() {
  for (const [name, input] of Object.entries(settings)) storageSet(STORAGE_KEYS[name], input.value.trim());
  savedState.textContent = "Saved in this tab";
  clearTimeout(savedTimer);
  savedTimer = setTimeout(() => (savedState.textContent = ""), 2500);
}

async function loadSettings() {
  let config = {};
  try {
    const res = await fetch("/config.json", { cache: "no-store" });
    if (res.ok) config = await res.json();
  } catch {
    /* no served config: use the defaults */
  }
  settings.baseUrl.value = storageGet(STORAGE_KEYS.baseUrl) || config.baseUrl || DEFAULT_BASE_URL;
  settings.clientToken.value = storageGet(STORAGE_KEYS.clientToken) || config.clientToken || "";
  settings.serviceToken.value = storageGet(STORAGE_KEYS.serviceToken) || config.serviceToken || "";
}

for (const input of Object.values(settings)) input.addEventListener("input", saveSettings);
byTestId("forget-tokens").addEventListener("click", () => {
  settings.clientToken.value = "";
  settings.serviceToken.value = "";
  saveSettings();
  savedState.textContent = "Tokens cleared from this tab.";
  toast("Stored tokens cleared");
});
document.getElementById("settings-form").addEventListener("submit", (ev) => ev.preventDefault());

// Show/hide toggles for every secret field.
for (const button of document.querySelectorAll(".secret-toggle")) {
  const input = document.getElementById(button.getAttribute("aria-controls"));
  const label = input.labels?.[0]?.firstChild?.textContent?.trim() || "token";
  button.setAttribute("aria-label", `Show ${label.toLowerCase()}`);
  button.addEventListener("click", () => {
    const show = input.type === "password";
    input.type = show ? "text" : "password";
    button.textContent = show ? "Hide" : "Show";
    button.setAttribute("aria-pressed", String(show));
    button.setAttribute("aria-label", `${show ? "Hide" : "Show"} ${label.toLowerCase()}`);
  });
}

const tz = safeGet(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
if (tz) document.getElementById("tz-hint").textContent = `Dates are in your local time zone (${tz}) and sent to the API as UTC.`;

// ---------------------------------------------------------------------------
// The package

let sdkPromise;
function loadSdk() {
  sdkPromise ??= import("pangea-authn-wasm").then(
    (mod) => {
      document.documentElement.dataset.sdk = "ready";
      return mod;
    },
    (err) => {
      sdkPromise = undefined;
      document.documentElement.dataset.sdk = "failed";
      const wrapped = new Error(
        `Could not load the pangea-authn-wasm package from /pkg/index.js (${err?.message ?? err}). ` +
          "Build it with “make pkg” and serve it with scripts/serve-www.mjs.",
      );
      wrapped.name = err?.name || "PackageLoadError";
      throw wrapped;
    },
  );
  return sdkPromise;
}

const services = new Map();
async function authn(kind) {
  const sdk = await loadSdk();
  const baseUrl = settings.baseUrl.value.trim().replace(/\/+$/, "");
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new InputError("Enter the AuthN base URL in Settings, for example http://127.0.0.1:4010.", settings.baseUrl);
  }
  const input = kind === "client" ? settings.clientToken : settings.serviceToken;
  const token = input.value.trim();
  if (!token) {
    throw new InputError(
      kind === "client"
        ? "Enter a client token (pcl_…) in Settings to manage your own sessions."
        : "Enter a service token (pts_…) in Settings to manage all sessions.",
      input,
    );
  }
  const key = `${kind}\n${baseUrl}\n${token}`;
  let service = services.get(key);
  if (!service) {
    service = new sdk.AuthNService(token, new sdk.PangeaConfig({ baseUrlTemplate: baseUrl }));
    services.set(key, service);
  }
  return service;
}

// ---------------------------------------------------------------------------
// Busy state: one call at a time, spinner + aria-busy, buttons disabled.

let busy = false;
const appAlert = byTestId("app-alert");
const busyIndicator = byTestId("busy-indicator");

function refreshButtons() {
  for (const button of document.querySelectorAll("main button:not(.secret-toggle):not(.alert-dismiss)")) {
    button.disabled = busy || button.dataset.off === "1";
  }
}

/**
 * Run one API action for a section: shows its spinner, sets aria-busy,
 * disables the buttons, clears and then fills its alert region on failure.
 */
async function run(section, label, action) {
  if (busy) return;
  busy = true;
  const focused = document.activeElement;
  section.el.setAttribute("aria-busy", "true");
  section.spinner.querySelector(".spinner-label").textContent = label;
  section.spinner.hidden = false;
  busyIndicator.hidden = false;
  clearError(section.alert);
  clearError(appAlert);
  refreshButtons();
  try {
    await action();
  } catch (e) {
    showError(section.alert, e);
  } finally {
    busy = false;
    section.el.setAttribute("aria-busy", "false");
    section.spinner.hidden = true;
    busyIndicator.hidden = true;
    refreshButtons();
    // Keep keyboard users where they were (disabling a button drops its focus).
    if (!document.activeElement || document.activeElement === document.body) {
      if (focused instanceof HTMLElement && focused.isConnected && !focused.closest("[hidden]")) focused.focus();
      else if (!section.results.hidden) section.summary.focus();
    }
  }
}

// ---------------------------------------------------------------------------
// Session lists (shared by both sections)

function makeSection(prefix, el) {
  return {
    prefix,
    el,
    spinner: byTestId(`${prefix}-spinner`),
    alert: byTestId(`${prefix}-alert`),
    results: byTestId(`${prefix}-results`),
    summary: byTestId(`${prefix}-summary`),
    tbody: byTestId(`${prefix}-table`).tBodies[0],
    first: byTestId(`${prefix}-first`),
    prev: byTestId(`${prefix}-prev`),
    next: byTestId(`${prefix}-next`),
    pageLabel: byTestId(`${prefix}-page`),
    // Paging: cursors[i] is the `last` value that fetches page i (page 0 has none).
    cursors: [undefined],
    page: 0,
    params: null,
    result: null,
  };
}

function readSize(input) {
  const raw = input.value.trim();
  if (raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new InputError("Page size must be a number.", input);
  // Range checks (a whole number >= 1) are the package's: it throws a TypeError.
  return n;
}

/** A table cell with one wrapper, so the phone card layout has one value box per label. */
function cell(attrs, ...children) {
  return h("td", attrs, h("div", { class: "cell" }, ...children));
}

function sessionRow(section, s, { showUser }) {
  const id = String(s?.id ?? "");
  const scopes = Array.isArray(s?.scopes) ? s.scopes : [];
  const name = profileName(s?.profile);
  const actions = [
    h(
      "button",
      {
        type: "button",
        class: "btn btn-sm btn-danger-outline",
        "data-testid": `${section.prefix}-invalidate`,
        "data-action": "invalidate",
        "aria-label": `Invalidate session ${id}`,
      },
      "Invalidate",
    ),
  ];
  if (showUser) {
    actions.push(
      h(
        "button",
        {
          type: "button",
          class: "btn btn-sm btn-ghost-danger",
          "data-testid": `${section.prefix}-logout-user`,
          "data-action": "logout-user",
          "aria-label": `Log out user ${s?.email || s?.identity || ""} everywhere`,
        },
        "Log out user everywhere",
      ),
    );
  }
  return h(
    "tr",
    {
      "data-testid": `${section.prefix}-row`,
      "data-session-id": id,
      "data-identity": s?.identity ?? "",
      "data-email": s?.email ?? "",
    },
    cell(
      { "data-label": "Session", class: "cell-session" },
      h(
        "div",
        { class: "cell-line" },
        h("code", { class: "id id-session", "data-testid": "session-id", text: id }),
        s?.type ? h("span", { class: "badge", "data-testid": "session-type", text: s.type }) : null,
      ),
      s?.active_token?.id
        ? h(
            "div",
            { class: "sub-line" },
            h("span", { class: "sub-label", text: "Active token" }),
            h("code", { class: "id id-muted", "data-testid": "session-active-token", title: s.active_token.id, text: s.active_token.id }),
          )
        : null,
      scopes.length
        ? h(
            "div",
            { class: "chips", "aria-label": "Scopes", "data-testid": "session-scopes" },
            scopes.map((scope) => h("span", { class: "chip", "data-testid": "session-scope", text: scope })),
          )
        : null,
    ),
    showUser
      ? cell(
          { "data-label": "User", class: "cell-user" },
          name ? h("div", { class: "user-name", text: name }) : null,
          h("div", { class: "user-email", "data-testid": "session-email", text: s?.email ?? "—" }),
          h("code", { class: "id id-muted", "data-testid": "session-identity", title: s?.identity ?? "", text: s?.identity ?? "" }),
        )
      : null,
    cell({ "data-label": "Created", "data-testid": "session-created" }, timeCell(s?.created_at)),
    cell({ "data-label": "Expires", "data-testid": "session-expire" }, timeCell(s?.expire, { markPast: true })),
    h("td", { class: "cell-actions" }, h("div", { class: "row-actions" }, actions)),
  );
}

function render(section, result, { showUser }) {
  const sessions = Array.isArray(result?.sessions) ? result.sessions : [];
  section.result = result;
  const rows = sessions.map((s) => sessionRow(section, s, { showUser }));
  if (!rows.length) {
    rows.push(
      h(
        "tr",
        { class: "empty-row" },
        h("td", { colspan: showUser ? 5 : 4, "data-testid": `${section.prefix}-empty` }, "No sessions match."),
      ),
    );
  }
  section.tbody.replaceChildren(...rows);

  const size = section.params?.size;
  const start = sessions.length ? (size ? section.page * size : 0) + 1 : 0;
  const end = sessions.length ? start + sessions.length - 1 : 0;
  const count = typeof result?.count === "number" ? result.count : undefined;
  const noun = (n) => (n === 1 ? "session" : "sessions");
  let text;
  if (!sessions.length) text = count ? `No sessions on this page (${count} in total)` : "No sessions";
  else if (size) text = `Showing ${start}–${end}${count !== undefined ? ` of ${count}` : ""} ${noun(count ?? end)}`;
  else text = `Showing ${sessions.length}${count !== undefined ? ` of ${count}` : ""} ${noun(count ?? sessions.length)}`;
  section.summary.textContent = text;
  if (count !== undefined) section.summary.dataset.count = String(count);
  else delete section.summary.dataset.count;

  section.pageLabel.textContent = `Page ${section.page + 1}`;
  section.first.dataset.off = section.page === 0 ? "1" : "0";
  section.prev.dataset.off = section.page === 0 ? "1" : "0";
  section.next.dataset.off = result?.last ? "0" : "1";
  section.results.hidden = false;
  refreshButtons();
}

// ---------------------------------------------------------------------------
// My sessions (client token)

const my = makeSection("my", byTestId("my-section"));
const userTokenInput = byTestId("user-token");
const refreshTokenInput = byTestId("refresh-token");
const refreshPanel = byTestId("refresh-result");

function requireUserToken() {
  const token = userTokenInput.value.trim();
  if (!token) throw new InputError("Enter the user token (ptu_…) of the signed-in user.", userTokenInput);
  return token;
}

async function loadMyPage() {
  const service = await authn("client");
  const token = requireUserToken();
  const options = {};
  const { order, order_by, size } = my.params;
  if (order) options.order = order;
  if (order_by) options.order_by = order_by;
  if (size !== undefined) options.size = size;
  const last = my.cursors[my.page];
  if (last) options.last = last;
  const response = await service.client.session.list(token, options);
  render(my, response.result, { showUser: false });
  return response.result;
}

async function reloadPage(section, load) {
  const result = await load();
  const empty = !Array.isArray(result?.sessions) || result.sessions.length === 0;
  if (empty && section.page > 0) {
    section.page -= 1;
    await load();
  }
}

byTestId("my-section").querySelector("#my-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  run(my, "Loading sessions…", async () => {
    my.params = {
      order: byTestId("my-order").value,
      order_by: byTestId("my-order-by").value,
      size: readSize(byTestId("my-size")),
    };
    my.cursors = [undefined];
    my.page = 0;
    await loadMyPage();
  });
});

function pagerHandlers(section, load, label) {
  section.next.addEventListener("click", () =>
    run(section, label, async () => {
      const last = section.result?.last;
      if (!last) return;
      section.cursors[section.page + 1] = last;
      section.page += 1;
      try {
        await load();
      } catch (e) {
        section.page -= 1;
        throw e;
      }
    }),
  );
  section.prev.addEventListener("click", () =>
    run(section, label, async () => {
      if (section.page === 0) return;
      section.page -= 1;
      try {
        await load();
      } catch (e) {
        section.page += 1;
        throw e;
      }
    }),
  );
  section.first.addEventListener("click", () =>
    run(section, label, async () => {
      const previous = section.page;
      section.page = 0;
      try {
        await load();
      } catch (e) {
        section.page = previous;
        throw e;
      }
    }),
  );
}
pagerHandlers(my, loadMyPage, "Loading sessions…");

my.tbody.addEventListener("click", (ev) => {
  const button = ev.target.closest("button[data-action]");
  if (!button) return;
  const row = button.closest("tr");
  const sessionId = row.dataset.sessionId;
  if (button.dataset.action === "invalidate") {
    run(my, "Invalidating session…", async () => {
      const service = await authn("client");
      await service.client.session.invalidate(requireUserToken(), sessionId);
      row.remove();
      toast(`Session ${sessionId} invalidated`);
      await reloadPage(my, loadMyPage);
    });
  }
});

byTestId("my-refresh").addEventListener("click", () =>
  run(my, "Refreshing session…", async () => {
    const service = await authn("client");
    const refreshToken = refreshTokenInput.value.trim();
    if (!refreshToken) throw new InputError("Enter the refresh token (ptr_…) of the session to refresh.", refreshTokenInput);
    const userToken = userTokenInput.value.trim();
    const response = await service.client.session.refresh(refreshToken, userToken ? { user_token: userToken } : {});
    const active = response.result?.active_token;
    const refresh = response.result?.refresh_token;
    byTestId("new-active-token").textContent = active?.token ?? "—";
    byTestId("new-refresh-token").textContent = refresh?.token ?? "—";
    byTestId("new-active-expire").textContent = active?.expire ? `expires ${dateFormat.format(new Date(active.expire))}` : "";
    byTestId("new-refresh-expire").textContent = refresh?.expire ? `expires ${dateFormat.format(new Date(refresh.expire))}` : "";
    if (active?.token) userTokenInput.value = active.token;
    if (refresh?.token) refreshTokenInput.value = refresh.token;
    refreshPanel.hidden = false;
    toast("Session refreshed: new active and refresh tokens issued");
    if (!my.results.hidden && my.params) {
      my.cursors = [undefined];
      my.page = 0;
      await loadMyPage();
    }
  }),
);

byTestId("my-logout").addEventListener("click", () =>
  run(my, "Logging out…", async () => {
    const service = await authn("client");
    await service.client.session.logout(requireUserToken());
    my.results.hidden = true;
    my.tbody.replaceChildren();
    refreshPanel.hidden = true;
    toast("Logged out: this user token no longer works");
  }),
);

// ---------------------------------------------------------------------------
// All sessions (service token)

const all = makeSection("all", byTestId("all-section"));

function localToIso(input) {
  const value = input.value;
  if (!value) return undefined;
  const date = new Date(value); // datetime-local values are read as local time
  if (Number.isNaN(date.getTime())) throw new InputError(`“${value}” is not a valid date and time.`, input);
  return date.toISOString();
}

function readFilter() {
  const filter = {};
  const text = (id) => byTestId(id).value.trim();
  const email = text("f-email");
  if (email) {
    if (byTestId("f-email-mode").value === "contains") filter.email__contains = [email];
    else filter.email = email;
  }
  if (text("f-identity")) filter.identity = text("f-identity");
  if (text("f-id")) filter.id = text("f-id");
  if (text("f-type")) filter.type = text("f-type");
  const ranges = [
    ["created_at__gte", "f-created-from"],
    ["created_at__lte", "f-created-to"],
    ["expire__gte", "f-expire-from"],
    ["expire__lte", "f-expire-to"],
  ];
  for (const [key, id] of ranges) {
    const iso = localToIso(byTestId(id));
    if (iso) filter[key] = iso;
  }
  const scopes = text("f-scopes")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (scopes.length) filter.scopes = scopes;
  return filter;
}

async function loadAllPage() {
  const service = await authn("service");
  const { filter, order, order_by, size } = all.params;
  const request = {};
  if (Object.keys(filter).length) request.filter = filter;
  if (order) request.order = order;
  if (order_by) request.order_by = order_by;
  if (size !== undefined) request.size = size;
  const last = all.cursors[all.page];
  if (last) request.last = last;
  const response = await service.session.list(request);
  render(all, response.result, { showUser: true });
  return response.result;
}

document.getElementById("all-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  run(all, "Searching sessions…", async () => {
    all.params = {
      filter: readFilter(),
      order: byTestId("all-order").value,
      order_by: byTestId("all-order-by").value,
      size: readSize(byTestId("all-size")),
    };
    all.cursors = [undefined];
    all.page = 0;
    await loadAllPage();
  });
});

byTestId("all-clear").addEventListener("click", () => {
  for (const input of document.querySelectorAll("#all-form .filters input")) input.value = "";
  byTestId("f-email-mode").value = "eq";
  byTestId("f-email").focus();
});

pagerHandlers(all, loadAllPage, "Loading sessions…");

all.tbody.addEventListener("click", async (ev) => {
  const button = ev.target.closest("button[data-action]");
  if (!button || busy) return;
  const row = button.closest("tr");
  const { sessionId, identity, email } = row.dataset;
  if (button.dataset.action === "invalidate") {
    run(all, "Invalidating session…", async () => {
      const service = await authn("service");
      await service.session.invalidate(sessionId);
      row.remove();
      toast(`Session ${sessionId} invalidated`);
      await reloadPage(all, loadAllPage);
    });
  } else if (button.dataset.action === "logout-user") {
    const who = email ? `${email} (${identity})` : identity;
    const ok = await confirmAction({
      title: "Log this user out everywhere?",
      body: `Every session of ${who} will end, on all devices. They will have to sign in again.`,
      confirmLabel: "Log out everywhere",
    });
    if (!ok) return;
    run(all, "Logging user out…", async () => {
      const service = await authn("service");
      await service.session.logout(identity);
      for (const other of [...all.tbody.rows]) if (other.dataset.identity === identity) other.remove();
      toast(`User ${email || identity} logged out everywhere`);
      await reloadPage(all, loadAllPage);
    });
  }
});

// ---------------------------------------------------------------------------
// Start

// Anything that escapes the handlers above still ends up in front of the user.
window.addEventListener("unhandledrejection", (ev) => showError(appAlert, ev.reason));

await loadSettings();
refreshButtons();
loadSdk().catch((e) => showError(appAlert, e));
document.documentElement.dataset.app = "ready";
