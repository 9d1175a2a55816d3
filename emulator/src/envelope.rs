//! The Pangea response envelope, and the standard replies built on it.
//!
//! Every reply body is `{request_id, request_time, response_time, status,
//! summary, result}` and carries the header `x-request-id: <request_id>`.

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::{header, HeaderValue, StatusCode};
use serde_json::{json, Value};

use crate::clock::{self, Micros};
use crate::store::{StoreError, TokenProblem};
use crate::validate::{Code, Errors};

/// The response header that repeats the envelope's `request_id`.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// An envelope `result`: a JSON value, or JSON text this crate wrote
/// itself (list replies are assembled from per-session JSON cached in the
/// store, skipping `Value` entirely).
#[derive(Debug, Clone)]
pub enum Payload {
    /// A value.
    Value(Value),
    /// Valid JSON text produced by this crate (never from input).
    Json(String),
}

impl Payload {
    /// As a `Value` (parses JSON text; for comparisons and tests).
    pub fn to_value(&self) -> Value {
        match self {
            Self::Value(v) => v.clone(),
            Self::Json(text) => serde_json::from_str(text).unwrap_or(Value::Null),
        }
    }

    /// Appends the JSON text.
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            // Writing a `Value` into a `Vec` cannot fail.
            Self::Value(v) => {
                let _ = serde_json::to_writer(&mut *out, v);
            }
            Self::Json(text) => out.extend_from_slice(text.as_bytes()),
        }
    }
}

impl PartialEq for Payload {
    fn eq(&self, other: &Self) -> bool {
        self.to_value() == other.to_value()
    }
}

impl From<Value> for Payload {
    fn from(v: Value) -> Self {
        Self::Value(v)
    }
}

/// What to answer, before request ids and times are stamped on.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// HTTP status code.
    pub http: StatusCode,
    /// Envelope `status` string (`Success`, `ValidationError`, …).
    pub status: String,
    /// Envelope `summary`.
    pub summary: String,
    /// Envelope `result` (`null` for most errors).
    pub result: Payload,
}

impl Reply {
    /// A reply with every part given.
    pub fn new(http: StatusCode, status: &str, summary: &str, result: impl Into<Payload>) -> Self {
        Self {
            http,
            status: status.to_owned(),
            summary: summary.to_owned(),
            result: result.into(),
        }
    }

    /// HTTP 200 `Success`.
    pub fn success(result: impl Into<Payload>) -> Self {
        Self::new(StatusCode::OK, "Success", "Success", result)
    }

    /// HTTP 400 `ValidationError` with `result.errors`.
    pub fn validation(errors: &Errors) -> Self {
        let n = errors.list.len();
        let whole_body = |code| {
            errors
                .list
                .iter()
                .all(|e| e.code == code && e.source.is_empty())
        };
        let summary = if n == 1 && whole_body(Code::BadFormat) {
            "The request body is not valid JSON".to_owned()
        } else if n == 1 && whole_body(Code::InvalidObject) {
            "The request body must be a JSON object".to_owned()
        } else if n == 1 {
            "There was 1 error validating the request body".to_owned()
        } else {
            format!("There were {n} errors validating the request body")
        };
        let result = json!({ "errors": errors.list });
        Self::new(StatusCode::BAD_REQUEST, "ValidationError", &summary, result)
    }

    /// HTTP 401 `Unauthorized` (missing or unknown bearer token).
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Not authorized to access this resource",
            Value::Null,
        )
    }

    /// HTTP 404 `NotFound`.
    pub fn not_found(summary: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NotFound", summary, Value::Null)
    }

    /// HTTP 413 `PayloadTooLarge`.
    pub fn too_large(limit: usize) -> Self {
        let summary = format!("The request body is larger than the {limit}-byte limit");
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PayloadTooLarge",
            &summary,
            Value::Null,
        )
    }

    /// HTTP 408 `RequestTimeout` (the body did not arrive in time).
    pub fn body_timeout() -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "RequestTimeout",
            "The request body did not arrive in time",
            Value::Null,
        )
    }

    /// HTTP 400 for a refused token or a missing session (see README).
    pub fn from_store_error(e: StoreError) -> Self {
        let (status, summary, code, source, detail) = match e {
            StoreError::Token { field, problem } => token_error(field, problem),
            StoreError::UserTokenMismatch => (
                "InvalidToken",
                "The user token does not belong to the refresh token's session",
                Code::BadState,
                "/user_token",
                "user_token belongs to a different session than refresh_token",
            ),
            StoreError::SessionNotFound => (
                "ValidationError",
                "There was 1 error validating the request body",
                Code::DoesNotExist,
                "/session_id",
                "no active session with this id (that you may see)",
            ),
        };
        let errors = Errors::one(code, source, detail);
        Self::new(
            StatusCode::BAD_REQUEST,
            status,
            summary,
            json!({ "errors": errors.list }),
        )
    }

    /// Serialises the envelope (written by hand so a pre-built `result`
    /// is copied, not re-parsed).
    pub fn body(&self, request_id: &str, request_time: Micros) -> Bytes {
        let mut out = Vec::with_capacity(256);
        let fields: [(&str, &str); 5] = [
            ("request_id", request_id),
            ("request_time", &clock::format(request_time)),
            ("response_time", &clock::format(clock::now())),
            ("status", &self.status),
            ("summary", &self.summary),
        ];
        for (i, (key, value)) in fields.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"{\"" } else { b",\"" });
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b"\":");
            // Writing a string into a `Vec` cannot fail.
            let _ = serde_json::to_writer(&mut out, value);
        }
        out.extend_from_slice(b",\"result\":");
        self.result.write(&mut out);
        out.push(b'}');
        Bytes::from(out)
    }

    /// The full HTTP response.
    pub fn into_response(self, request_id: &str, request_time: Micros) -> Response {
        let body = self.body(request_id, request_time);
        json_response(self.http, body, Some(request_id))
    }
}

/// `(status, summary, code, source, detail)` for a refused token.
fn token_error(
    field: &'static str,
    problem: TokenProblem,
) -> (&'static str, &'static str, Code, &'static str, &'static str) {
    match problem {
        TokenProblem::Unknown => (
            "InvalidToken",
            "The token is not valid",
            Code::DoesNotExist,
            field,
            "no such token was issued",
        ),
        TokenProblem::Expired => (
            "ExpiredToken",
            "The token has expired",
            Code::BadState,
            field,
            "the token's session has ended (expired, invalidated or logged out) or a refresh replaced the token",
        ),
    }
}

/// A JSON response with `content-type` and, when given, `x-request-id`.
pub fn json_response(http: StatusCode, body: Bytes, request_id: Option<&str>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = http;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(id).ok()) {
        headers.insert(REQUEST_ID_HEADER, id);
    }
    response
}
