// The canned reply envelopes bench/server.mjs sends: built once, deterministically
// (a seeded PRNG), in the shape the Pangea AuthN API and the emulator use
// (`authn-session-info-nocreds` list items, `authn-session-info-creds` refresh).

/** A small deterministic PRNG (mulberry32), so every run serves the same bytes. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const FIRST = ["Ada", "Alan", "Grace", "Linus", "Radia", "Dennis", "Barbara", "Ken", "Margaret", "Tim", "Frances", "Edsger"];
const LAST = ["Lovelace", "Turing", "Hopper", "Torvalds", "Perlman", "Ritchie", "Liskov", "Thompson", "Hamilton", "Lamarr", "Allen", "Dijkstra"];
const DOMAINS = ["example.org", "example.com", "test.example", "corp.example"];
const COUNTRIES = ["US", "JP", "DE", "BR", "IN", "FR", "CA"];
const DEPARTMENTS = ["support", "sales", "engineering", "finance", "legal"];
const AGENTS = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:109.0) Gecko/20100101 Firefox/109.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  "pangea-node/5.6.0",
];
const SCOPES = [["read:sessions"], ["read:sessions", "write:sessions"], ["admin"]];

function makeIds(rand) {
  const id = (prefix) => {
    let s = prefix;
    for (let i = 0; i < 32; i++) s += ALPHABET[Math.floor(rand() * 32)];
    return s;
  };
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const time = (base) => new Date(base + Math.floor(rand() * 30 * 86400e3)).toISOString().replace("Z", "000Z");
  return { id, pick, time };
}

function sessionRecord(r, i) {
  const first = r.pick(FIRST);
  const last = r.pick(LAST);
  const email = `${first}.${last}${i}@${r.pick(DOMAINS)}`.toLowerCase();
  const created = r.time(Date.UTC(2026, 0, 1));
  const expire = r.time(Date.UTC(2026, 11, 1));
  const profile = {
    "Login-Time": created,
    "User-Agent": r.pick(AGENTS),
    country: r.pick(COUNTRIES),
    department: r.pick(DEPARTMENTS),
    first_name: first,
    last_name: last,
  };
  const info = {
    id: r.id("pmt_"),
    type: "session",
    life: 172800,
    expire,
    identity: r.id("pui_"),
    email,
    scopes: r.pick(SCOPES),
    profile,
    created_at: created,
  };
  const active = { ...info, id: r.id("pmt_"), type: "user", created_at: r.time(Date.UTC(2026, 0, 1)) };
  return { info, active };
}

function envelope(r, result) {
  const now = "2026-11-25T12:00:00.000000Z";
  return { request_id: r.id("prq_"), request_time: now, response_time: now, status: "Success", summary: "Success", result };
}

/** `session.list` with `n` sessions: `{ sessions: [...], count, last }`. */
export function listEnvelope(n, seed = 20) {
  const r = makeIds(prng(seed));
  const sessions = [];
  for (let i = 0; i < n; i++) {
    const { info, active } = sessionRecord(r, i);
    // The active token's profile is the session's own (as the service lists it).
    sessions.push({ ...info, active_token: active });
  }
  return envelope(r, { sessions, count: n, last: r.id("") });
}

/** `client.session.refresh`: new refresh and active tokens, with their secrets. */
export function refreshEnvelope(seed = 21) {
  const r = makeIds(prng(seed));
  const { info, active } = sessionRecord(r, 0);
  return envelope(r, {
    refresh_token: { token: r.id("ptr_"), ...info },
    active_token: { token: r.id("ptu_"), ...active },
  });
}

/** The three canned bodies, serialised once. */
export function cannedBodies() {
  return {
    small: Buffer.from(JSON.stringify(listEnvelope(2))),
    large: Buffer.from(JSON.stringify(listEnvelope(1000))),
    refresh: Buffer.from(JSON.stringify(refreshEnvelope())),
  };
}
