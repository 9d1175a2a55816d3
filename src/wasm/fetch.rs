//! The [`Transport`] seam on the platform's global `fetch`.
//!
//! Measured on Node 20: a plain init object and the platform's own `JSON.parse`
//! keep most of raw-fetch throughput, while a `Request` object per call or
//! routing the reply through serde cost a third to a half. So the body is parsed
//! by `JSON.parse` and stays a JS value; only `status` and `request_id` are read.

use std::cell::OnceCell;

use js_sys::{Array, Function, JsString, Object};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::convert::error_message;
use super::js::{
    abort_callback, clear_timeout, fetch_text, json_parse, request_init, set_timeout_with,
    AbortController, EnvelopeObject, FetchResponse, ThrownError,
};
use crate::redact::SCAN_CHARS;
use crate::request::RETRIED_IDS_HEADER;
use crate::transport::{Attempt, BadBody, BodyProblem, Envelope, Reply, Transport, TransportError};

/// A reply body parsed by the platform, and the raw `Response` (`gotResponse`).
pub struct JsBody {
    /// The parsed JSON object.
    pub value: JsValue,
    /// The fetch `Response` it came from.
    pub response: JsValue,
}

impl JsBody {
    fn envelope(&self) -> &EnvelopeObject {
        // Only objects become a JsBody (see parse_body), so the getters cannot throw.
        self.value.unchecked_ref()
    }
}

impl Envelope for JsBody {
    fn status(&self) -> Option<String> {
        self.envelope().status().as_string()
    }
    fn request_id(&self) -> Option<String> {
        self.envelope().request_id().as_string()
    }
}

/// Sends attempts with the global `fetch`.
pub struct FetchTransport {
    /// The headers every request carries, built once.
    headers: Object,
    header_pairs: Vec<(&'static str, String)>,
    /// `(controller) => controller.abort()`, fetched once.
    abort: OnceCell<Function>,
}

fn headers_object(pairs: &[(&'static str, String)], extra: Option<(&str, &str)>) -> Object {
    let headers = Object::new();
    for (name, value) in pairs.iter().map(|(n, v)| (*n, v.as_str())).chain(extra) {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(
            &headers,
            &JsValue::from_str(name),
            &JsValue::from_str(value),
        );
    }
    headers
}

/// A timer that aborts an attempt; cleared when the attempt ends first.
struct Deadline {
    controller: AbortController,
    timer: JsValue,
}

impl Drop for Deadline {
    fn drop(&mut self) {
        // Also frees the Node event loop, which a pending timer would keep alive.
        clear_timeout(&self.timer);
    }
}

impl FetchTransport {
    /// A transport sending `header_pairs` on every request.
    pub fn new(header_pairs: Vec<(&'static str, String)>) -> Self {
        Self {
            headers: headers_object(&header_pairs, None),
            header_pairs,
            abort: OnceCell::new(),
        }
    }

    fn deadline(&self, timeout_ms: Option<u64>) -> Option<Deadline> {
        let ms = timeout_ms?;
        let controller = AbortController::new();
        let abort = self.abort.get_or_init(abort_callback);
        let timer = set_timeout_with(abort, ms as f64, &controller);
        Some(Deadline { controller, timer })
    }

    fn init(&self, attempt: &Attempt<'_>, deadline: Option<&Deadline>) -> Object {
        let retried;
        let headers = match attempt.retried_request_ids {
            None => &self.headers,
            Some(ids) => {
                retried = headers_object(&self.header_pairs, Some((RETRIED_IDS_HEADER, ids)));
                &retried
            }
        };
        let signal = deadline.map_or(JsValue::UNDEFINED, |d| d.controller.signal());
        request_init(
            attempt.request.method.as_str(),
            headers,
            attempt.request.body.as_deref(),
            &signal,
        )
    }
}

fn rejection(error: JsValue) -> TransportError {
    // Getters on null/undefined would throw; only objects are read.
    let thrown: Option<&ThrownError> =
        (error.is_object() || error.is_function()).then(|| error.unchecked_ref());
    let name = thrown.and_then(|e| e.name().ok()?.as_string());
    match name.as_deref() {
        // We only ever abort on our own timer.
        Some("TimeoutError") | Some("AbortError") => TransportError::Timeout,
        _ => {
            // Node's "fetch failed" hides the reason in `cause`.
            let cause = thrown
                .and_then(|e| e.cause().ok())
                .filter(|c| !c.is_undefined() && !c.is_null());
            let message = error_message(&error);
            TransportError::Network(match cause {
                Some(cause) => [message.as_str(), " (", &error_message(&cause), ")"].concat(),
                None => message,
            })
        }
    }
}

fn parse_body(text: JsValue, response: JsValue) -> Result<JsBody, BadBody> {
    let js_text: JsString = text.clone().unchecked_into();
    let bad = |problem| BadBody {
        problem,
        excerpt: String::from(js_text.slice(0, SCAN_CHARS as u32)),
    };
    if js_text.length() == 0 {
        return Err(bad(BodyProblem::Empty));
    }
    match json_parse(&text) {
        Ok(value) if value.is_object() && !Array::is_array(&value) => {
            Ok(JsBody { value, response })
        }
        Ok(_) => Err(bad(BodyProblem::NotObject)),
        Err(_) => Err(bad(BodyProblem::NotJson)),
    }
}

impl Transport for FetchTransport {
    type Body = JsBody;

    async fn send(&self, attempt: Attempt<'_>) -> Result<Reply<JsBody>, TransportError> {
        // Dropped (timer cleared) when this attempt ends, whichever way.
        let deadline = self.deadline(attempt.timeout_ms);
        let init = self.init(&attempt, deadline.as_ref());
        let pair: Array = JsFuture::from(fetch_text(&attempt.request.url, &init))
            .await
            .map_err(rejection)?
            .unchecked_into();
        let (response, text) = (pair.get(0), pair.get(1));
        let fetched: &FetchResponse = response.unchecked_ref();
        let http_status = fetched.status();
        let request_id_header = fetched.headers().get("x-request-id");
        Ok(Reply {
            http_status,
            request_id_header,
            body: parse_body(text, response),
        })
    }
}
