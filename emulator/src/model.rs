//! The records the emulator keeps (users and sessions) and the JSON views the
//! API shows of them (session items, token infos, login tokens).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::clock::{Micros, Stamp};

/// A profile: string keys to string values. A `BTreeMap` gives a stable,
/// sorted key order (the order Pangea's own examples show).
pub type Profile = BTreeMap<String, String>;

/// The `type` of every session record.
pub const SESSION_TYPE: &str = "session";
/// The `type` of every session's active (user) token.
pub const USER_TOKEN_TYPE: &str = "user";

/// A user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// `pui_…`
    pub id: String,
    /// Login email.
    pub email: String,
    /// Optional user name.
    pub username: Option<String>,
    /// Profile fields (`first_name`, `last_name`, …).
    pub profile: Profile,
    /// Whether the account is enabled.
    pub enabled: bool,
}

/// A login session and its current credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// `pmt_…` session id (also the id of its refresh token).
    pub id: String,
    /// Index of the owning user in the store's user table.
    pub user: usize,
    /// Lifetime in seconds.
    pub life: i64,
    /// When the session was created.
    pub created_at: Stamp,
    /// When the session (and its active token) expires.
    pub expire: Stamp,
    /// Granted scopes.
    pub scopes: Vec<String>,
    /// Session profile: the user's profile plus `Login-Time`, `User-Agent`.
    pub profile: Profile,
    /// `pmt_…` id of the active user token.
    pub active_token_id: String,
    /// When the active user token was issued.
    pub active_token_created_at: Stamp,
    /// Secret of the active user token (`ptu_…`); never listed.
    pub user_token: String,
    /// Secret of the refresh token (`ptr_…`); never listed.
    pub refresh_token: String,
    /// Set once the session is invalidated or logged out.
    pub invalidated: bool,
}

impl Session {
    /// Listed and usable: not invalidated and not yet expired at `now`.
    pub fn is_active(&self, now: Micros) -> bool {
        !self.invalidated && self.expire.at > now
    }
}

/// A token's information without its secret (spec
/// `authn-token-info-nocreds`, optional extras omitted).
#[derive(Debug, Serialize)]
pub struct TokenInfo<'a> {
    /// Token or session id.
    pub id: &'a str,
    /// Token type string.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Lifetime in seconds.
    pub life: i64,
    /// Expiry time.
    pub expire: &'a str,
    /// Owner's user id.
    pub identity: &'a str,
    /// Owner's email.
    pub email: &'a str,
    /// Granted scopes.
    pub scopes: &'a [String],
    /// Profile fields.
    pub profile: &'a Profile,
    /// Creation time.
    pub created_at: &'a str,
}

/// An element of `sessions` in list results (spec `authn-session-info-nocreds`).
///
/// The fields are spelled out rather than `#[serde(flatten)]`ed: flattening
/// forces serde's slower map path on the hottest reply.
#[derive(Debug, Serialize)]
pub struct SessionItem<'a> {
    /// Session id.
    pub id: &'a str,
    /// Always `session`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Lifetime in seconds.
    pub life: i64,
    /// Expiry time.
    pub expire: &'a str,
    /// Owner's user id.
    pub identity: &'a str,
    /// Owner's email.
    pub email: &'a str,
    /// Granted scopes.
    pub scopes: &'a [String],
    /// Profile fields.
    pub profile: &'a Profile,
    /// Creation time.
    pub created_at: &'a str,
    /// The session's active user token, without its secret.
    pub active_token: TokenInfo<'a>,
}

/// A token with its secret (spec `authn-token-info-creds`).
#[derive(Debug, Serialize)]
pub struct LoginToken<'a> {
    /// The secret value.
    pub token: &'a str,
    /// Token or session id.
    pub id: &'a str,
    /// Token type string.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Lifetime in seconds.
    pub life: i64,
    /// Expiry time.
    pub expire: &'a str,
    /// Owner's user id.
    pub identity: &'a str,
    /// Owner's email.
    pub email: &'a str,
    /// Granted scopes.
    pub scopes: &'a [String],
    /// Profile fields.
    pub profile: &'a Profile,
    /// Creation time.
    pub created_at: &'a str,
}

/// The result of a refresh (spec `authn-session-info-creds`).
#[derive(Debug, Serialize)]
pub struct RefreshResult<'a> {
    /// The new refresh token; its `id` is the session id, type `session`.
    pub refresh_token: LoginToken<'a>,
    /// The new active user token.
    pub active_token: LoginToken<'a>,
}

/// The active user token's info (type `user`).
pub fn active_token_info<'a>(session: &'a Session, user: &'a User) -> TokenInfo<'a> {
    TokenInfo {
        id: &session.active_token_id,
        kind: USER_TOKEN_TYPE,
        life: session.life,
        expire: &session.expire.text,
        identity: &user.id,
        email: &user.email,
        scopes: &session.scopes,
        profile: &session.profile,
        created_at: &session.active_token_created_at.text,
    }
}

/// A list item for `session`.
pub fn session_item<'a>(session: &'a Session, user: &'a User) -> SessionItem<'a> {
    SessionItem {
        id: &session.id,
        kind: SESSION_TYPE,
        life: session.life,
        expire: &session.expire.text,
        identity: &user.id,
        email: &user.email,
        scopes: &session.scopes,
        profile: &session.profile,
        created_at: &session.created_at.text,
        active_token: active_token_info(session, user),
    }
}

/// A refresh result from the session's current secrets.
pub fn refresh_result<'a>(session: &'a Session, user: &'a User) -> RefreshResult<'a> {
    let active = active_token_info(session, user);
    RefreshResult {
        refresh_token: LoginToken {
            token: &session.refresh_token,
            id: &session.id,
            kind: SESSION_TYPE,
            life: session.life,
            expire: &session.expire.text,
            identity: &user.id,
            email: &user.email,
            scopes: &session.scopes,
            profile: &session.profile,
            created_at: &session.created_at.text,
        },
        active_token: LoginToken {
            token: &session.user_token,
            id: active.id,
            kind: active.kind,
            life: active.life,
            expire: active.expire,
            identity: active.identity,
            email: active.email,
            scopes: active.scopes,
            profile: active.profile,
            created_at: active.created_at,
        },
    }
}
