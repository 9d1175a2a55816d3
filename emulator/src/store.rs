//! The in-memory data set and the session operations on it.
//!
//! Callers hold one lock around a whole operation (look up the token, then
//! list or change), so every reply reflects one consistent snapshot.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::clock::{self, Micros, Stamp};
use crate::cursor::{Cursor, OwnedKey};
use crate::filter::Filter;
use crate::fixture::{Fixture, FixtureSession, FixtureUser};
use crate::ids;
use crate::model::{self, Session, User, SESSION_TYPE};
use crate::order::{self, Order, OrderBy, SortKey};
use crate::patterns;

/// Which kind of secret a token string is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SecretKind {
    User,
    Refresh,
}

/// Where a secret leads: its session, and whether a refresh rotated it out.
#[derive(Debug, Clone, Copy)]
struct SecretRef {
    session: usize,
    kind: SecretKind,
    current: bool,
}

/// Why a token in a request body was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// Never issued here (`InvalidToken`).
    Unknown,
    /// Issued, but its session ended or a refresh replaced it (`ExpiredToken`).
    Expired,
}

/// Why a session operation failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// A token field was refused; `field` is its JSON Pointer (`/token`, …).
    Token {
        /// JSON Pointer of the offending body field.
        field: &'static str,
        /// What is wrong with it.
        problem: TokenProblem,
    },
    /// Refresh: `user_token` belongs to another session than `refresh_token`.
    UserTokenMismatch,
    /// Invalidate: no active session with that id (in the caller's scope).
    SessionNotFound,
}

/// Which sessions an operation may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every session (service token).
    All,
    /// Only the sessions of this user (index), for client-token calls.
    User(usize),
}

/// A validated list request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Conditions every listed session meets.
    pub filter: Filter,
    /// Direction.
    pub order: Order,
    /// Sort field.
    pub order_by: OrderBy,
    /// Page size (1..=1000).
    pub size: usize,
    /// Start strictly after this position.
    pub after: Option<Cursor>,
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's sessions: the JSON text of an array of API items.
    pub sessions: String,
    /// Matching sessions in total (all pages).
    pub count: usize,
    /// Cursor for the next page; `None` on the last page.
    pub last: Option<String>,
}

/// How many sessions a data set holds, for the start-up line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Users.
    pub users: usize,
    /// Listable sessions.
    pub active_sessions: usize,
    /// Sessions past their expiry and not invalidated.
    pub expired_sessions: usize,
}

/// All users and sessions plus lookup tables.
#[derive(Debug, Clone)]
pub struct Store {
    users: Vec<User>,
    user_by_id: HashMap<String, usize>,
    sessions: Vec<Session>,
    session_by_id: HashMap<String, usize>,
    sessions_of_user: Vec<Vec<usize>>,
    secrets: HashMap<String, SecretRef>,
    retired: HashMap<usize, Retired>,
    /// Every active-token id ever issued (ids must never be reused).
    token_ids: HashSet<String>,
    /// Each session's list-item JSON, built on first listing and dropped
    /// when a refresh changes the session (parallel to `sessions`).
    items: Vec<OnceLock<Box<RawValue>>>,
    /// Source of fresh ids and secrets on refresh (seeded: reproducible runs).
    rng: ChaCha8Rng,
}

/// Secrets a session's refreshes rotated out, oldest first.
#[derive(Debug, Clone, Default)]
struct Retired {
    user_tokens: Vec<String>,
    refresh_tokens: Vec<String>,
}

impl Store {
    /// Builds a store from a fixture, checking ids, secrets and times.
    pub fn from_fixture(fixture: &Fixture, rng_seed: u64) -> Result<Self, String> {
        let mut store = Self {
            users: Vec::with_capacity(fixture.users.len()),
            user_by_id: HashMap::new(),
            sessions: Vec::new(),
            session_by_id: HashMap::new(),
            sessions_of_user: Vec::with_capacity(fixture.users.len()),
            secrets: HashMap::new(),
            retired: HashMap::new(),
            token_ids: HashSet::new(),
            items: Vec::new(),
            rng: ChaCha8Rng::seed_from_u64(rng_seed),
        };
        for (ui, fu) in fixture.users.iter().enumerate() {
            store
                .add_user(fu)
                .map_err(|e| format!("users[{ui}]: {e}"))?;
            for (si, fs) in fu.sessions.iter().enumerate() {
                if !store.token_ids.insert(fs.active_token_id.clone()) {
                    return Err(format!(
                        "users[{ui}].sessions[{si}]: duplicate active_token_id"
                    ));
                }
                store
                    .add_session(ui, fs)
                    .map_err(|e| format!("users[{ui}].sessions[{si}]: {e}"))?;
            }
        }
        Ok(store)
    }

    fn add_user(&mut self, fu: &FixtureUser) -> Result<(), String> {
        if !patterns::is_identity(&fu.id) {
            return Err(format!(
                "id {:?} does not match the identity pattern",
                fu.id
            ));
        }
        let index = self.users.len();
        if self.user_by_id.insert(fu.id.clone(), index).is_some() {
            return Err(format!("duplicate user id {}", fu.id));
        }
        self.users.push(User {
            id: fu.id.clone(),
            email: fu.email.clone(),
            username: fu.username.clone(),
            profile: fu.profile.clone(),
            enabled: fu.enabled,
        });
        self.sessions_of_user.push(Vec::new());
        Ok(())
    }

    fn add_session(&mut self, user: usize, fs: &FixtureSession) -> Result<(), String> {
        let session = session_from_fixture(user, fs)?;
        let index = self.sessions.len();
        if self
            .session_by_id
            .insert(session.id.clone(), index)
            .is_some()
        {
            return Err(format!("duplicate session id {}", session.id));
        }
        self.add_secret(&session.user_token, index, SecretKind::User, true)?;
        self.add_secret(&session.refresh_token, index, SecretKind::Refresh, true)?;
        for t in &fs.retired_user_tokens {
            self.add_secret(t, index, SecretKind::User, false)?;
        }
        for t in &fs.retired_refresh_tokens {
            self.add_secret(t, index, SecretKind::Refresh, false)?;
        }
        if !fs.retired_user_tokens.is_empty() || !fs.retired_refresh_tokens.is_empty() {
            self.retired.insert(
                index,
                Retired {
                    user_tokens: fs.retired_user_tokens.clone(),
                    refresh_tokens: fs.retired_refresh_tokens.clone(),
                },
            );
        }
        if let Some(list) = self.sessions_of_user.get_mut(user) {
            list.push(index);
        }
        self.sessions.push(session);
        self.items.push(OnceLock::new());
        Ok(())
    }

    fn add_secret(
        &mut self,
        secret: &str,
        session: usize,
        kind: SecretKind,
        current: bool,
    ) -> Result<(), String> {
        let ok = match kind {
            SecretKind::User => patterns::is_user_token(secret),
            SecretKind::Refresh => ids::is_id(secret, ids::REFRESH_TOKEN),
        };
        if !ok {
            return Err(format!("malformed token {secret:?}"));
        }
        let r = SecretRef {
            session,
            kind,
            current,
        };
        if self.secrets.insert(secret.to_owned(), r).is_some() {
            return Err(format!("duplicate token {secret}"));
        }
        Ok(())
    }

    /// Writes the current data, secrets included, as a fixture.
    pub fn to_fixture(&self, service_token: &str, client_token: &str, now: Micros) -> Fixture {
        let users = self
            .users
            .iter()
            .zip(&self.sessions_of_user)
            .map(|(u, list)| FixtureUser {
                id: u.id.clone(),
                email: u.email.clone(),
                username: u.username.clone(),
                profile: u.profile.clone(),
                enabled: u.enabled,
                sessions: list
                    .iter()
                    .filter_map(|&i| Some(self.session_to_fixture(i, self.sessions.get(i)?, now)))
                    .collect(),
            })
            .collect();
        Fixture {
            service_token: service_token.to_owned(),
            client_token: client_token.to_owned(),
            users,
        }
    }

    fn session_to_fixture(&self, index: usize, s: &Session, now: Micros) -> FixtureSession {
        let retired = self.retired.get(&index).cloned().unwrap_or_default();
        FixtureSession {
            id: s.id.clone(),
            kind: SESSION_TYPE.to_owned(),
            life: s.life,
            expire: s.expire.text.clone(),
            created_at: s.created_at.text.clone(),
            scopes: s.scopes.clone(),
            profile: s.profile.clone(),
            active_token_id: s.active_token_id.clone(),
            active_token_created_at: Some(s.active_token_created_at.text.clone()),
            user_token: s.user_token.clone(),
            refresh_token: s.refresh_token.clone(),
            invalidated: s.invalidated,
            expired: !s.invalidated && s.expire.at <= now,
            retired_user_tokens: retired.user_tokens,
            retired_refresh_tokens: retired.refresh_tokens,
        }
    }

    /// Users and active/expired session counts at `now`.
    pub fn counts(&self, now: Micros) -> Counts {
        let active = self.sessions.iter().filter(|s| s.is_active(now)).count();
        let expired = self
            .sessions
            .iter()
            .filter(|s| !s.invalidated && s.expire.at <= now)
            .count();
        Counts {
            users: self.users.len(),
            active_sessions: active,
            expired_sessions: expired,
        }
    }

    /// The session a user token belongs to, if the token is live.
    pub fn session_of_user_token(&self, token: &str, now: Micros) -> Result<usize, TokenProblem> {
        let r = self
            .secrets
            .get(token)
            .filter(|r| r.kind == SecretKind::User)
            .ok_or(TokenProblem::Unknown)?;
        let live = r.current
            && self
                .sessions
                .get(r.session)
                .is_some_and(|s| s.is_active(now));
        if live {
            Ok(r.session)
        } else {
            Err(TokenProblem::Expired)
        }
    }

    /// The scope of a user token's owner (client calls).
    pub fn user_scope(&self, token: &str, now: Micros) -> Result<Scope, StoreError> {
        let session =
            self.session_of_user_token(token, now)
                .map_err(|problem| StoreError::Token {
                    field: "/token",
                    problem,
                })?;
        self.sessions
            .get(session)
            .map(|s| Scope::User(s.user))
            .ok_or(StoreError::Token {
                field: "/token",
                problem: TokenProblem::Unknown,
            })
    }

    /// One page of the active sessions in `scope` that match `query`.
    pub fn list(&self, scope: Scope, query: &ListQuery, now: Micros) -> Page {
        let order = query.order;
        let cmp = |a: &Match<'_>, b: &Match<'_>| order::compare(order, a.key(), b.key());
        let mut matching = self.matching(scope, query, now);
        let count = matching.len();
        if let Some(c) = &query.after {
            let after = (&c.key.as_key(), c.id.as_str());
            matching.retain(|m| order::compare(order, m.key(), after).is_gt());
        }
        // Only the page itself needs sorting: pick its members in O(n) first.
        let more = matching.len() > query.size;
        if more {
            matching.select_nth_unstable_by(query.size, cmp);
            matching.truncate(query.size);
        }
        matching.sort_unstable_by(cmp);
        let last = match matching.last() {
            Some(m) if more => Some(
                Cursor {
                    order_by: query.order_by,
                    order,
                    key: OwnedKey::from(&m.key),
                    id: m.session.id.clone(),
                }
                .encode(),
            ),
            _ => None,
        };
        Page {
            sessions: self.items_json(&matching),
            count,
            last,
        }
    }

    /// The active sessions in `scope` that pass the filter, with sort keys.
    fn matching(&self, scope: Scope, query: &ListQuery, now: Micros) -> Vec<Match<'_>> {
        self.candidates(scope)
            .filter_map(|index| {
                let session = self.sessions.get(index)?;
                let user = self.users.get(session.user)?;
                let keep = session.is_active(now) && query.filter.matches(session, user);
                keep.then(|| Match {
                    key: order::sort_key(query.order_by, session, user),
                    index,
                    session,
                    user,
                })
            })
            .collect()
    }

    /// The JSON array of `page`'s items, from the per-session cache.
    fn items_json(&self, page: &[Match<'_>]) -> String {
        let mut out = String::with_capacity(2 + page.len() * 1536);
        out.push('[');
        for (i, m) in page.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let build = || {
                // Serialising borrowed strings cannot fail.
                serde_json::value::to_raw_value(&model::session_item(m.session, m.user))
                    .unwrap_or_default()
            };
            match self.items.get(m.index) {
                Some(cell) => out.push_str(cell.get_or_init(build).get()),
                None => out.push_str(build().get()),
            }
        }
        out.push(']');
        out
    }

    fn candidates(&self, scope: Scope) -> Box<dyn Iterator<Item = usize> + '_> {
        match scope {
            Scope::All => Box::new(0..self.sessions.len()),
            Scope::User(u) => Box::new(
                self.sessions_of_user
                    .get(u)
                    .map(|v| v.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .copied(),
            ),
        }
    }

    /// Ends the active session `id` if `scope` may see it.
    pub fn invalidate(&mut self, scope: Scope, id: &str, now: Micros) -> Result<(), StoreError> {
        let session = self
            .session_by_id
            .get(id)
            .and_then(|&i| self.sessions.get_mut(i))
            .filter(|s| s.is_active(now))
            .filter(|s| match scope {
                Scope::All => true,
                Scope::User(u) => s.user == u,
            })
            .ok_or(StoreError::SessionNotFound)?;
        session.invalidated = true;
        Ok(())
    }

    /// Ends the session a user token belongs to.
    pub fn logout_token(&mut self, token: &str, now: Micros) -> Result<(), StoreError> {
        let index =
            self.session_of_user_token(token, now)
                .map_err(|problem| StoreError::Token {
                    field: "/token",
                    problem,
                })?;
        if let Some(s) = self.sessions.get_mut(index) {
            s.invalidated = true;
        }
        Ok(())
    }

    /// Ends every session of a user; unknown users are a no-op.
    pub fn logout_user(&mut self, user_id: &str) {
        let Some(&user) = self.user_by_id.get(user_id) else {
            return;
        };
        let list = self.sessions_of_user.get(user).cloned().unwrap_or_default();
        for i in list {
            if let Some(s) = self.sessions.get_mut(i) {
                s.invalidated = true;
            }
        }
    }

    /// Rotates a session's secrets; returns the refresh result.
    pub fn refresh(
        &mut self,
        refresh_token: &str,
        user_token: Option<&str>,
        now: Micros,
    ) -> Result<Value, StoreError> {
        let index = self.session_of_refresh_token(refresh_token, now)?;
        if let Some(t) = user_token {
            self.check_user_token_of(index, t)?;
        }
        let fresh = self.fresh_secrets();
        let session = self
            .sessions
            .get_mut(index)
            .ok_or(StoreError::SessionNotFound)?;
        let old_user = std::mem::replace(&mut session.user_token, fresh.user_token.clone());
        let old_refresh =
            std::mem::replace(&mut session.refresh_token, fresh.refresh_token.clone());
        session.active_token_id = fresh.active_token_id;
        session.active_token_created_at = Stamp::new(now);
        // A refresh extends the session by its life, like a sliding login.
        session.expire = Stamp::new(clock::add_secs(now, session.life));
        self.retire(index, old_user, old_refresh);
        if let Some(cell) = self.items.get_mut(index) {
            *cell = OnceLock::new();
        }
        self.insert_current(index, fresh.user_token, fresh.refresh_token);
        let session = self
            .sessions
            .get(index)
            .ok_or(StoreError::SessionNotFound)?;
        let user = self
            .users
            .get(session.user)
            .ok_or(StoreError::SessionNotFound)?;
        Ok(serde_json::to_value(model::refresh_result(session, user)).unwrap_or(Value::Null))
    }

    fn session_of_refresh_token(&self, token: &str, now: Micros) -> Result<usize, StoreError> {
        let refused = |problem| StoreError::Token {
            field: "/refresh_token",
            problem,
        };
        let r = self
            .secrets
            .get(token)
            .filter(|r| r.kind == SecretKind::Refresh)
            .ok_or(refused(TokenProblem::Unknown))?;
        let live = r.current
            && self
                .sessions
                .get(r.session)
                .is_some_and(|s| s.is_active(now));
        if live {
            Ok(r.session)
        } else {
            Err(refused(TokenProblem::Expired))
        }
    }

    /// `user_token` on refresh must be one of this session's user tokens
    /// (current or rotated out: clients refresh with the token they hold).
    fn check_user_token_of(&self, session: usize, token: &str) -> Result<(), StoreError> {
        match self.secrets.get(token) {
            Some(r) if r.kind == SecretKind::User && r.session == session => Ok(()),
            Some(r) if r.kind == SecretKind::User => Err(StoreError::UserTokenMismatch),
            _ => Err(StoreError::Token {
                field: "/user_token",
                problem: TokenProblem::Unknown,
            }),
        }
    }

    fn retire(&mut self, session: usize, user_token: String, refresh_token: String) {
        for t in [&user_token, &refresh_token] {
            if let Some(r) = self.secrets.get_mut(t) {
                r.current = false;
            }
        }
        let entry = self.retired.entry(session).or_default();
        entry.user_tokens.push(user_token);
        entry.refresh_tokens.push(refresh_token);
    }

    fn insert_current(&mut self, session: usize, user_token: String, refresh_token: String) {
        let r = |kind| SecretRef {
            session,
            kind,
            current: true,
        };
        self.secrets.insert(user_token, r(SecretKind::User));
        self.secrets.insert(refresh_token, r(SecretKind::Refresh));
    }

    fn fresh_secrets(&mut self) -> FreshSecrets {
        FreshSecrets {
            active_token_id: self.fresh(ids::TOKEN_ID),
            user_token: self.fresh(ids::USER_TOKEN),
            refresh_token: self.fresh(ids::REFRESH_TOKEN),
        }
    }

    /// A new id or secret that collides with nothing in the store.
    fn fresh(&mut self, prefix: &str) -> String {
        loop {
            let candidate = ids::random_id(&mut self.rng, prefix);
            let taken = self.secrets.contains_key(&candidate)
                || self.session_by_id.contains_key(&candidate)
                || self.token_ids.contains(&candidate);
            if !taken {
                if prefix == ids::TOKEN_ID {
                    self.token_ids.insert(candidate.clone());
                }
                return candidate;
            }
        }
    }
}

/// A listable session with its sort key.
struct Match<'a> {
    key: SortKey<'a>,
    index: usize,
    session: &'a Session,
    user: &'a User,
}

impl<'a> Match<'a> {
    /// The total-order key: sort key, then session id.
    fn key(&self) -> (&SortKey<'a>, &str) {
        (&self.key, &self.session.id)
    }
}

struct FreshSecrets {
    active_token_id: String,
    user_token: String,
    refresh_token: String,
}

/// Converts and checks one fixture session.
fn session_from_fixture(user: usize, fs: &FixtureSession) -> Result<Session, String> {
    if fs.kind != SESSION_TYPE {
        return Err(format!("type must be \"session\", not {:?}", fs.kind));
    }
    for (name, id) in [("id", &fs.id), ("active_token_id", &fs.active_token_id)] {
        if !ids::is_id(id, ids::TOKEN_ID) {
            return Err(format!("{name} {id:?} is not pmt_ + 32 chars of [a-z2-7]"));
        }
    }
    if fs.life < 1 {
        return Err("life must be at least 1".into());
    }
    if let Some(bad) = fs.scopes.iter().find(|s| !patterns::is_scope(s)) {
        return Err(format!("scope {bad:?} does not match ^[a-zA-Z0-9:*/_=-]+$"));
    }
    let time = |name: &str, text: &str| {
        clock::parse(text).ok_or(format!("{name} {text:?} is not an RFC 3339 date-time"))
    };
    let created_at = time("created_at", &fs.created_at)?;
    let active_token_created_at = match &fs.active_token_created_at {
        Some(t) => time("active_token_created_at", t)?,
        None => created_at,
    };
    Ok(Session {
        id: fs.id.clone(),
        user,
        life: fs.life,
        created_at: Stamp::new(created_at),
        expire: Stamp::new(time("expire", &fs.expire)?),
        scopes: fs.scopes.clone(),
        profile: fs.profile.clone(),
        active_token_id: fs.active_token_id.clone(),
        active_token_created_at: Stamp::new(active_token_created_at),
        user_token: fs.user_token.clone(),
        refresh_token: fs.refresh_token.clone(),
        invalidated: fs.invalidated,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use crate::seed;

    #[test]
    fn fixture_round_trips_through_the_store() {
        let f = seed::generate(7);
        let store = Store::from_fixture(&f, 7).unwrap();
        let mut back = store.to_fixture(&f.service_token, &f.client_token, clock::now());
        for u in &mut back.users {
            for s in &mut u.sessions {
                s.expired = false;
            }
        }
        assert_eq!(back, f);
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let mut f = seed::generate(3);
        let first = f.users[0].sessions[0].clone();
        f.users[1].sessions.push(first);
        assert!(Store::from_fixture(&f, 1).is_err());
    }
}
