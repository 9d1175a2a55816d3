//! The [`Transport`] seam on the platform's global `fetch`.
//!
//! Measured on Node 20: a plain init object and the platform's own `JSON.parse`
//! keep most of raw-fetch throughput, while a `Request` object per call or
//! routing the reply through serde cost a third to a half. So the body is parsed
//! by `JSON.parse` and stays a JS value; only `status` and `request_id` are read.

use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::convert::error_message;
use super::js::{abort_signal_timeout, fetch, json_parse, FetchResponse};
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

fn string_field(object: &JsValue, key: &str) -> Option<String> {
    Reflect::get(object, &JsValue::from_str(key))
        .ok()?
        .as_string()
}

impl Envelope for JsBody {
    fn status(&self) -> Option<String> {
        string_field(&self.value, "status")
    }
    fn request_id(&self) -> Option<String> {
        string_field(&self.value, "request_id")
    }
}

/// Sends attempts with the global `fetch`.
pub struct FetchTransport {
    /// The headers every request carries, built once.
    headers: Object,
    header_pairs: Vec<(&'static str, String)>,
}

fn set(object: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

fn headers_object(pairs: &[(&'static str, String)], extra: Option<(&str, &str)>) -> Object {
    let headers = Object::new();
    for (name, value) in pairs.iter().map(|(n, v)| (*n, v.as_str())).chain(extra) {
        set(&headers, name, &JsValue::from_str(value));
    }
    headers
}

impl FetchTransport {
    /// A transport sending `header_pairs` on every request.
    pub fn new(header_pairs: Vec<(&'static str, String)>) -> Self {
        Self {
            headers: headers_object(&header_pairs, None),
            header_pairs,
        }
    }

    fn init(&self, attempt: &Attempt<'_>) -> Object {
        let init = Object::new();
        set(
            &init,
            "method",
            &JsValue::from_str(attempt.request.method.as_str()),
        );
        match attempt.retried_request_ids {
            None => set(&init, "headers", &self.headers),
            Some(ids) => set(
                &init,
                "headers",
                &headers_object(&self.header_pairs, Some((RETRIED_IDS_HEADER, ids))),
            ),
        }
        if let Some(body) = &attempt.request.body {
            set(&init, "body", &JsValue::from_str(body));
        }
        if let Some(ms) = attempt.timeout_ms {
            set(&init, "signal", &abort_signal_timeout(ms as f64));
        }
        // Tokens travel in the Authorization header only: no cookies, and no
        // redirect that could carry the header to another origin.
        set(&init, "credentials", &JsValue::from_str("omit"));
        set(&init, "redirect", &JsValue::from_str("error"));
        init
    }
}

fn rejection(error: JsValue) -> TransportError {
    let name = Reflect::get(&error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string());
    match name.as_deref() {
        Some("TimeoutError") | Some("AbortError") => TransportError::Timeout,
        _ => {
            // Node's "fetch failed" hides the reason in `cause`.
            let cause = Reflect::get(&error, &JsValue::from_str("cause"))
                .ok()
                .filter(|c| !c.is_undefined() && !c.is_null())
                .map(|c| error_message(&c));
            let message = error_message(&error);
            TransportError::Network(match cause {
                Some(cause) => format!("{message} ({cause})"),
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
        let init = self.init(&attempt);
        let response = JsFuture::from(fetch(&attempt.request.url, &init))
            .await
            .map_err(rejection)?;
        let fetched: &FetchResponse = response.unchecked_ref();
        let http_status = fetched.status();
        let request_id_header = fetched.headers().get("x-request-id");
        let text = JsFuture::from(fetched.text()).await.map_err(rejection)?;
        Ok(Reply {
            http_status,
            request_id_header,
            body: parse_body(text, response),
        })
    }
}
