//! What comes back from the platform's `fetch`: the reply body, parsed by
//! `JSON.parse`, and rejections.
//!
//! Measured on Node 20: a plain init object and the platform's own `JSON.parse`
//! keep most of raw-fetch throughput, while a `Request` object per call or
//! routing the reply through serde cost a third to a half. So the body is parsed
//! by `JSON.parse` and stays a JS value; only `status` and `request_id` are read.

use js_sys::{Array, JsString};
use wasm_bindgen::{JsCast, JsValue};

use super::convert::error_message;
use super::js::{json_parse, EnvelopeObject, ThrownError};
use crate::redact::SCAN_CHARS;
use crate::transport::{BadBody, BodyProblem, Envelope, TransportError};

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

/// What a rejected `fetch` or body read means.
pub fn rejection(error: JsValue) -> TransportError {
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

/// The reply text as an envelope object, or what is wrong with it.
pub fn parse_body(text: JsValue, response: JsValue) -> Result<JsBody, BadBody> {
    match json_parse(&text) {
        Ok(value) if value.is_object() && !Array::is_array(&value) => {
            Ok(JsBody { value, response })
        }
        parsed => Err(bad_body(text.unchecked_into(), parsed.is_ok())),
    }
}

/// What is wrong with a reply text that is not an envelope object; only then
/// is the text itself read.
fn bad_body(text: JsString, is_json: bool) -> BadBody {
    let problem = if text.length() == 0 {
        BodyProblem::Empty
    } else if is_json {
        BodyProblem::NotObject
    } else {
        BodyProblem::NotJson
    };
    BadBody {
        problem,
        excerpt: String::from(text.slice(0, SCAN_CHARS as u32)),
    }
}
