//! The replies of `status` faults: proper envelopes and the broken bodies a
//! proxy or a failing server might send.

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::{header, HeaderValue, StatusCode};
use serde_json::Value;

use crate::clock::Micros;
use crate::envelope::{self, Reply};
use crate::faults::{BodyKind, StatusFault};

/// Envelope `status` for an injected HTTP code (overridable per fault).
pub fn default_status(http: u16) -> &'static str {
    match http {
        200..=299 => "Success",
        400 => "ValidationError",
        401 => "Unauthorized",
        402 => "NoCredit",
        403 => "Forbidden",
        404 => "NotFound",
        429 => "TooManyRequests",
        500 => "InternalError",
        502..=504 => "ServiceNotAvailable",
        405..=499 => "BadRequest",
        _ => "InternalError",
    }
}

/// Envelope `summary` for an injected HTTP code (overridable per fault).
pub fn default_summary(http: u16) -> String {
    match http {
        500 => "Internal Error. Contact support@pangea.cloud if the error persists.".into(),
        502 => "Bad gateway".into(),
        503 => "Service temporarily unavailable".into(),
        504 => "Gateway timeout".into(),
        429 => "Too many requests".into(),
        _ => format!("Injected fault: HTTP {http}"),
    }
}

/// The response a `status` fault sends.
pub fn status_response(fault: &StatusFault, request_id: &str, request_time: Micros) -> Response {
    let http = StatusCode::from_u16(fault.http).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let id = fault.request_id_header.then_some(request_id);
    let (content_type, body) = match fault.body {
        BodyKind::Json | BodyKind::Truncated => {
            let reply = Reply {
                http,
                status: fault
                    .status
                    .clone()
                    .unwrap_or_else(|| default_status(fault.http).to_owned()),
                summary: fault
                    .summary
                    .clone()
                    .unwrap_or_else(|| default_summary(fault.http)),
                result: fault.result.clone().unwrap_or(Value::Null).into(),
            };
            let full = reply.body(request_id, request_time);
            let body = if fault.body == BodyKind::Truncated {
                full.slice(..full.len() / 2)
            } else {
                full
            };
            ("application/json", body)
        }
        BodyKind::Html => ("text/html", Bytes::from(html_page(http))),
        BodyKind::Text => (
            "text/plain",
            Bytes::from_static(b"upstream connect error or disconnect/reset before headers. reset reason: connection failure"),
        ),
        BodyKind::Empty => ("application/json", Bytes::new()),
        BodyKind::NotObject => ("application/json", Bytes::from_static(b"[1,2]")),
    };
    let mut response = envelope::json_response(http, body, id);
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A gateway-style HTML error page.
fn html_page(http: StatusCode) -> String {
    let line = format!(
        "{} {}",
        http.as_u16(),
        http.canonical_reason().unwrap_or("Error")
    );
    format!(
        "<html>\r\n<head><title>{line}</title></head>\r\n<body>\r\n<center><h1>{line}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
}

/// Headers of `reply` with the full `content-length`, but only the first half
/// of the body, after which the connection is cut (`truncate` fault).
pub fn truncated_response(
    full: Response,
    conn: Option<std::sync::Arc<crate::server::ConnControl>>,
    body: Bytes,
) -> Response {
    let (mut parts, _) = full.into_parts();
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let half = body.slice(..body.len() / 2);
    Response::from_parts(parts, Body::new(crate::body::Truncated::new(half, conn)))
}
