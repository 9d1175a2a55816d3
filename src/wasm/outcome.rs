//! A call's outcome as JavaScript values: the `PangeaResponse`, or the error
//! object of the class the core's kind names (both built by the JS shim).

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use super::calls::Outcome;
use super::client::Inner;
use super::fetch::JsBody;
use crate::errors::{Answer, Error};
use crate::transport::BodyProblem;

impl Inner {
    /// The value a call resolves with (`Ok`) or rejects with (`Err`).
    pub(super) fn settle(&self, outcome: Outcome) -> Result<JsValue, JsValue> {
        match outcome {
            Ok(answer) => self.response(answer),
            Err(error) => Err(self.error(error)),
        }
    }

    fn response(&self, answer: Answer<JsBody>) -> Result<JsValue, JsValue> {
        let status = JsValue::from(answer.http_status);
        self.make_response.call3(
            &JsValue::NULL,
            &answer.body.value,
            &status,
            &answer.body.response,
        )
    }

    /// The JS error for `error`; if building it throws, that exception instead.
    pub(super) fn error(&self, error: Error<JsBody>) -> JsValue {
        let kind = JsValue::from_str(error.kind().name());
        let message = JsValue::from_str(&error.message());
        let details = Object::new();
        let mut response = JsValue::UNDEFINED;
        match error {
            Error::Api { answer, .. } => response = self.response(answer).unwrap_or_else(|e| e),
            Error::InvalidResponse {
                http_status,
                problem,
                excerpt,
            } => {
                detail(&details, "status", &JsValue::from(http_status));
                detail(&details, "excerpt", &JsValue::from_str(&excerpt));
                detail(
                    &details,
                    "problem",
                    &JsValue::from_str(problem_name(problem)),
                );
            }
            Error::Timeout { timeout_ms } => {
                detail(&details, "timeoutMs", &JsValue::from_f64(timeout_ms as f64));
            }
            Error::InvalidArgument(e) => {
                detail(&details, "argument", &JsValue::from_str(&e.argument))
            }
            Error::Network { .. } => {}
        }
        let args = Array::of4(&kind, &message, &response, &details);
        self.make_error
            .apply(&JsValue::NULL, &args)
            .unwrap_or_else(|e| e)
    }
}

fn detail(details: &Object, key: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(details, &JsValue::from_str(key), value);
}

const fn problem_name(problem: BodyProblem) -> &'static str {
    match problem {
        BodyProblem::Empty => "empty",
        BodyProblem::NotJson => "not_json",
        BodyProblem::NotObject => "not_object",
    }
}
