//! Typed models of every request and result of the session API.
//!
//! They document the wire format for Rust users and the TypeScript types
//! (`js/index.d.ts` is checked against them by `tests/models.rs`). They never
//! filter what a JavaScript caller gets: results reach JavaScript as the
//! platform parsed them. Every struct keeps unknown fields in `extra`, so a Rust
//! round trip is lossless too.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Fields a model does not declare, kept as they came.
pub type Extra = Map<String, Value>;

/// `order` of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemOrder {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

/// `order_by` of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderBy {
    /// Session id.
    Id,
    /// Creation time.
    CreatedAt,
    /// Token type.
    Type,
    /// User id.
    Identity,
    /// E-mail address.
    Email,
    /// Expiry time.
    Expire,
    /// The active token's id.
    ActiveTokenId,
}

/// The filter of a session list: every operator key of `authn-filter-tokens`.
/// Keys the schema adds later (`profile_<Name>`, `username`...) land in `extra`.
// Field names are the wire keys verbatim (`email__in`), so that the Rust and
// TypeScript spellings match the API documentation.
#[allow(non_snake_case)]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListFilter {
    /// Active token id equals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_token_id: Option<String>,
    /// Active token id contains each of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_token_id__contains: Option<Vec<String>>,
    /// Active token id is one of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_token_id__in: Option<Vec<String>>,
    /// Created at exactly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Created after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at__gt: Option<String>,
    /// Created at or after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at__gte: Option<String>,
    /// Created before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at__lt: Option<String>,
    /// Created at or before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at__lte: Option<String>,
    /// E-mail equals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// E-mail contains each of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email__contains: Option<Vec<String>>,
    /// E-mail is one of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email__in: Option<Vec<String>>,
    /// Expires exactly at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire: Option<String>,
    /// Expires after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire__gt: Option<String>,
    /// Expires at or after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire__gte: Option<String>,
    /// Expires before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire__lt: Option<String>,
    /// Expires at or before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expire__lte: Option<String>,
    /// Session id equals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Session id contains each of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id__contains: Option<Vec<String>>,
    /// Session id is one of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id__in: Option<Vec<String>>,
    /// User id equals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// User id contains each of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity__contains: Option<Vec<String>>,
    /// User id is one of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity__in: Option<Vec<String>>,
    /// Every listed scope is present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// Token type equals.
    #[serde(skip_serializing_if = "Option::is_none", rename = "type")]
    pub type_: Option<String>,
    /// Token type contains each of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type__contains: Option<Vec<String>>,
    /// Token type is one of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type__in: Option<Vec<String>>,
    /// Other filter keys.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Options of both list calls (`ListOptions` / `ListRequest` in the SDK).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListOptions {
    /// Which sessions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<ListFilter>,
    /// The cursor from the previous page's `last`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    /// Sort direction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<ItemOrder>,
    /// Sort field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_by: Option<OrderBy>,
    /// Page size, at least 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Other keys, sent as given.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Options of `client.session.refresh`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RefreshOptions {
    /// The user's current active token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_token: Option<String>,
}

/// A token without its secret (`authn-token-info-nocreds`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionToken {
    /// Token id (`pmt_…`).
    pub id: String,
    /// Token type (`user`, `session`...; unknown values kept).
    #[serde(rename = "type")]
    pub type_: String,
    /// Lifetime in seconds.
    pub life: i64,
    /// Expiry time, ISO-8601.
    pub expire: String,
    /// The user id.
    #[serde(default)]
    pub identity: Option<String>,
    /// The user's e-mail.
    pub email: String,
    /// Scopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// Profile fields.
    pub profile: Map<String, Value>,
    /// Creation time, ISO-8601.
    pub created_at: String,
    /// Fields not declared above (`intelligence`, `enabled`, `audience`, `client_id`, `claims`...).
    #[serde(flatten)]
    pub extra: Extra,
}

/// A token with its secret (`authn-token-info-creds`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginToken {
    /// The secret token value.
    pub token: String,
    /// Everything else.
    #[serde(flatten)]
    pub info: SessionToken,
}

/// One session in a list (`authn-session-item`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Session id (`pmt_…`).
    pub id: String,
    /// Token type, `session`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Lifetime in seconds.
    pub life: i64,
    /// Expiry time, ISO-8601.
    pub expire: String,
    /// The user id (the SDK's type omits it).
    pub identity: String,
    /// The user's e-mail (the SDK's type omits it).
    pub email: String,
    /// Scopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// Profile fields.
    pub profile: Map<String, Value>,
    /// Creation time, ISO-8601.
    pub created_at: String,
    /// The session's current user token, without its secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_token: Option<SessionToken>,
    /// Undeclared fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Result of both list calls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListResult {
    /// The page.
    pub sessions: Vec<Session>,
    /// Cursor for the next page, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    /// Matching sessions in all (service list; the SDK's type omits it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Undeclared fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Result of `client.session.refresh`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefreshResult {
    /// The new refresh token.
    pub refresh_token: LoginToken,
    /// The new active (user) token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_token: Option<LoginToken>,
    /// Undeclared fields.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One field error of a `ValidationError` reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    /// Error code, e.g. `DoesNotMatchPattern`.
    pub code: String,
    /// Human text.
    pub detail: String,
    /// JSON Pointer into the request body.
    pub source: String,
    /// JSON Pointer into the schema (verbose mode).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// The reply envelope, with a typed result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// `prq_…`.
    pub request_id: String,
    /// ISO-8601.
    pub request_time: String,
    /// ISO-8601.
    pub response_time: String,
    /// `Success` or an error status.
    pub status: String,
    /// Human text.
    #[serde(default)]
    pub summary: Option<String>,
    /// The result.
    pub result: T,
}
