//! The fixture format: the whole data set, secrets included, as JSON.
//!
//! `GET /_emulator/fixture` writes it and `--fixture FILE` reads it, so a
//! fixture saved from a running emulator starts an identical one.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::Profile;

/// The data set plus the two Pangea tokens the emulator accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fixture {
    /// Service token (`pts_…`): accepted everywhere.
    pub service_token: String,
    /// Client token (`pcl_…`): accepted on `/v2/client/*` and `/request/*`.
    pub client_token: String,
    /// Users, each with their sessions.
    pub users: Vec<FixtureUser>,
}

/// One user and their sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixtureUser {
    /// `pui_…` (any identity matching `^[a-zA-Z0-9 '.:/_-]+$` is accepted).
    pub id: String,
    /// Login email.
    pub email: String,
    /// Optional user name (`null` when absent).
    #[serde(default)]
    pub username: Option<String>,
    /// Profile fields.
    #[serde(default)]
    pub profile: Profile,
    /// Whether the account is enabled.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// The user's sessions (active, expired and invalidated).
    #[serde(default)]
    pub sessions: Vec<FixtureSession>,
}

/// One session with its secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixtureSession {
    /// `pmt_…` session id.
    pub id: String,
    /// Always `"session"`.
    #[serde(rename = "type", default = "default_session_type")]
    pub kind: String,
    /// Lifetime in seconds (≥ 1).
    pub life: i64,
    /// Expiry (RFC 3339).
    pub expire: String,
    /// Creation time (RFC 3339).
    pub created_at: String,
    /// Granted scopes.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Session profile.
    #[serde(default)]
    pub profile: Profile,
    /// `pmt_…` id of the active user token.
    pub active_token_id: String,
    /// When the active token was issued; defaults to `created_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_token_created_at: Option<String>,
    /// Active user token secret (`ptu_…`).
    pub user_token: String,
    /// Refresh token secret (`ptr_…`).
    pub refresh_token: String,
    /// Invalidated or logged out.
    #[serde(default)]
    pub invalidated: bool,
    /// Output only, for convenience: `expire` is in the past at export time.
    /// Ignored when loading (the expiry time itself decides).
    #[serde(default)]
    pub expired: bool,
    /// User tokens rotated out by refreshes (they answer `ExpiredToken`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired_user_tokens: Vec<String>,
    /// Refresh tokens rotated out by refreshes (they answer `ExpiredToken`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired_refresh_tokens: Vec<String>,
}

fn default_true() -> bool {
    true
}

fn default_session_type() -> String {
    crate::model::SESSION_TYPE.to_owned()
}

/// Reads a fixture file.
///
/// Accepts the bare fixture object and also what `GET /_emulator/fixture`
/// returns verbatim (the fixture keys next to envelope keys, which are ignored).
pub fn read_file(path: &Path) -> Result<Fixture, String> {
    let text =
        std::fs::read(path).map_err(|e| format!("cannot read fixture {}: {e}", path.display()))?;
    serde_json::from_slice(&text)
        .map_err(|e| format!("fixture {} is not valid: {e}", path.display()))
}
