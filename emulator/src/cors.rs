//! CORS on every route, preflights included, so browser pages on any origin
//! can call the emulator (and read `x-request-id`).

use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};

/// Methods announced to preflights.
pub const ALLOW_METHODS: &str = "GET, POST, DELETE, OPTIONS";
/// Headers announced when the preflight does not list any.
pub const ALLOW_HEADERS: &str =
    "authorization, content-type, user-agent, x-pangea-retried-request-ids";
/// Preflight cache lifetime in seconds.
pub const MAX_AGE: &str = "600";

/// Middleware: answers `OPTIONS` itself and decorates every other response.
pub async fn layer(request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        return preflight(request.headers());
    }
    let mut response = next.run(request).await;
    decorate(response.headers_mut());
    response
}

/// `204` with the allow-headers; any requested header is allowed.
fn preflight(request_headers: &HeaderMap) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    decorate(headers);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static(ALLOW_METHODS),
    );
    let allow = request_headers
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or(HeaderValue::from_static(ALLOW_HEADERS));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allow);
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static(MAX_AGE),
    );
    // Chrome's Private Network Access asks before a public page may call
    // localhost; say yes.
    if request_headers.contains_key("access-control-request-private-network") {
        headers.insert(
            "access-control-allow-private-network",
            HeaderValue::from_static("true"),
        );
    }
    response
}

/// Headers every response carries.
fn decorate(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("x-request-id"),
    );
}
