//! The deterministic data set behind `--seed N`.
//!
//! `N` users, each with 1–3 active sessions, plus two expired sessions (for
//! `N ≥ 1`). Everything — ids, secrets, emails, times — comes from a ChaCha
//! generator seeded with `N` and from the fixed epoch 2026-01-01T00:00:00Z,
//! so the same `N` always yields a byte-identical fixture.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::clock::{self, Micros, MICROS_PER_SEC, SEED_EPOCH};
use crate::fixture::{Fixture, FixtureSession, FixtureUser};
use crate::ids;
use crate::model::{Profile, SESSION_TYPE};

/// Largest accepted `--seed` (memory stays small: ~2 KiB per user).
pub const MAX_USERS: u64 = 100_000;

/// Lifetime of seeded active sessions: ten years, so they stay valid "now"
/// although their `created_at` is pinned to January 2026.
pub const ACTIVE_LIFE_SECS: i64 = 10 * 365 * 86_400;

/// Lifetime of the seeded expired sessions: two days (Pangea's usual).
pub const EXPIRED_LIFE_SECS: i64 = 172_800;

/// How many expired sessions a non-empty data set carries.
pub const EXPIRED_SESSIONS: usize = 2;

const FIRST_NAMES: [&str; 16] = [
    "Joe",
    "Ada",
    "Grace",
    "Alan",
    "Linus",
    "Margaret",
    "Ken",
    "Barbara",
    "Dennis",
    "Frances",
    "Edsger",
    "Radia",
    "Donald",
    "Hedy",
    "Tim",
    "Katherine",
];
const LAST_NAMES: [&str; 16] = [
    "User",
    "Lovelace",
    "Hopper",
    "Turing",
    "Torvalds",
    "Hamilton",
    "Thompson",
    "Liskov",
    "Ritchie",
    "Allen",
    "Dijkstra",
    "Perlman",
    "Knuth",
    "Lamarr",
    "Berners-Lee",
    "Johnson",
];
const DOMAINS: [&str; 3] = ["example.com", "example.org", "test.example"];
const DEPARTMENTS: [&str; 5] = ["engineering", "sales", "support", "research", "finance"];
const COUNTRIES: [&str; 5] = ["US", "DE", "FR", "JP", "BR"];
const USER_AGENTS: [&str; 4] = [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:109.0) Gecko/20100101 Firefox/109.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "pangea-node/5.6.0",
];
const SCOPE_SETS: [&[&str]; 5] = [
    &[],
    &["read:sessions"],
    &["read:sessions", "write:sessions"],
    &["admin"],
    &["admin", "read:sessions"],
];

/// Deterministic service and client tokens for `seed`.
pub fn tokens(seed: u64) -> (String, String) {
    // A separate stream so changing the user generator never moves the tokens.
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x746f_6b65_6e73);
    (
        ids::random_id(&mut rng, ids::SERVICE_TOKEN),
        ids::random_id(&mut rng, ids::CLIENT_TOKEN),
    )
}

/// Builds the data set for `--seed n` (`n` users).
pub fn generate(n: u64) -> Fixture {
    let mut rng = ChaCha8Rng::seed_from_u64(n);
    let (service_token, client_token) = tokens(n);
    let count = n.min(MAX_USERS);
    let mut users: Vec<FixtureUser> = (0..count).map(|i| user(&mut rng, i)).collect();
    for u in users.iter_mut() {
        let sessions = rng.random_range(1..=3);
        for _ in 0..sessions {
            let created_at = active_created_at(&mut rng);
            let s = session(&mut rng, u, created_at);
            u.sessions.push(s);
        }
    }
    add_expired(&mut rng, &mut users);
    Fixture {
        service_token,
        client_token,
        users,
    }
}

/// One user; every seventh user (but never the first) is disabled.
fn user(rng: &mut ChaCha8Rng, index: u64) -> FixtureUser {
    let first = pick(rng, &FIRST_NAMES);
    let last = pick(rng, &LAST_NAMES);
    let domain = pick(rng, &DOMAINS);
    let id = ids::random_id(rng, ids::USER);
    let number = index + 1;
    let email = format!("{}.{}{number}@{domain}", first, last).to_lowercase();
    let username = rng
        .random_bool(0.6)
        .then(|| format!("{}{}{number}", first, last).to_lowercase());
    let mut profile = Profile::new();
    profile.insert("first_name".into(), first.into());
    profile.insert("last_name".into(), last.into());
    profile.insert("department".into(), pick(rng, &DEPARTMENTS).into());
    profile.insert("country".into(), pick(rng, &COUNTRIES).into());
    if rng.random_bool(0.5) {
        profile.insert(
            "image_url".into(),
            format!("https://avatars.example.com/u/{number}.png"),
        );
    }
    FixtureUser {
        id,
        email,
        username,
        profile,
        enabled: index == 0 || (index + 1) % 7 != 0,
        sessions: Vec::new(),
    }
}

/// A creation time within the first 30 days of 2026.
fn active_created_at(rng: &mut ChaCha8Rng) -> Micros {
    let within = rng.random_range(0..30 * 86_400 * MICROS_PER_SEC);
    SEED_EPOCH + within
}

/// One session of `user` created at `created_at` (long-lived).
fn session(rng: &mut ChaCha8Rng, user: &FixtureUser, created_at: Micros) -> FixtureSession {
    session_with_life(rng, user, created_at, ACTIVE_LIFE_SECS)
}

fn session_with_life(
    rng: &mut ChaCha8Rng,
    user: &FixtureUser,
    created_at: Micros,
    life: i64,
) -> FixtureSession {
    let mut profile = user.profile.clone();
    profile.insert("Login-Time".into(), clock::format(created_at));
    profile.insert("User-Agent".into(), pick(rng, &USER_AGENTS).into());
    let scopes = pick(rng, &SCOPE_SETS)
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    // The active token is minted a few milliseconds after its session.
    let token_created = created_at + rng.random_range(1_000..10_000);
    FixtureSession {
        id: ids::random_id(rng, ids::TOKEN_ID),
        kind: SESSION_TYPE.to_owned(),
        life,
        expire: clock::format(clock::add_secs(created_at, life)),
        created_at: clock::format(created_at),
        scopes,
        profile,
        active_token_id: ids::random_id(rng, ids::TOKEN_ID),
        active_token_created_at: Some(clock::format(token_created)),
        user_token: ids::random_id(rng, ids::USER_TOKEN),
        refresh_token: ids::random_id(rng, ids::REFRESH_TOKEN),
        invalidated: false,
        expired: false,
        retired_user_tokens: Vec::new(),
        retired_refresh_tokens: Vec::new(),
    }
}

/// Two sessions created in December 2025 with a two-day life: expired now.
/// They go to the first and the last user.
fn add_expired(rng: &mut ChaCha8Rng, users: &mut [FixtureUser]) {
    let len = users.len();
    if len == 0 {
        return;
    }
    for k in 0..EXPIRED_SESSIONS {
        let owner = if k == 0 { 0 } else { len - 1 };
        let created_at = SEED_EPOCH - 31 * 86_400 * MICROS_PER_SEC
            + rng.random_range(0..86_400 * MICROS_PER_SEC);
        if let Some(u) = users.get_mut(owner) {
            let s = session_with_life(rng, u, created_at, EXPIRED_LIFE_SECS);
            u.sessions.push(s);
        }
    }
}

/// A uniformly chosen element (the tables are never empty).
fn pick<T: Copy + Default>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    let i = rng.random_range(0..items.len().max(1));
    items.get(i).copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn same_seed_same_data() {
        assert_eq!(generate(20), generate(20));
        assert_ne!(generate(20), generate(21));
    }

    #[test]
    fn seed_is_user_count_with_one_to_three_sessions_and_two_expired() {
        let f = generate(20);
        assert_eq!(f.users.len(), 20);
        let now = clock::now();
        let mut expired = 0;
        for u in &f.users {
            let active = u
                .sessions
                .iter()
                .filter(|s| clock::parse(&s.expire).unwrap() > now)
                .count();
            assert!((1..=3).contains(&active));
            expired += u.sessions.len() - active;
        }
        assert_eq!(expired, EXPIRED_SESSIONS);
        assert!(generate(0).users.is_empty());
    }
}
