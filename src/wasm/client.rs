//! The exported `Client`: one per `AuthNService`, shared by its sub-objects.
//!
//! Each method checks its arguments with the core, then runs the call on a
//! clone of an `Rc`, so a call never borrows the exported object across an
//! `.await`: overlapping calls are safe and `free()` cannot break one in flight.

use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::convert::{arg, object_arg};
use super::fetch::{FetchTransport, JsBody};
use super::timer::JsRuntime;
use crate::args::ArgumentError;
use crate::config::Config;
use crate::errors::{Answer, Error};
use crate::execute::Context;
use crate::request::{base_headers, user_agent};
use crate::session::{self, Call};
use crate::transport::BodyProblem;

struct Inner {
    config: Config,
    base_url: String,
    token: String,
    transport: FetchTransport,
    /// `(body, httpStatus, gotResponse) => PangeaResponse`, from the JS shim.
    make_response: Function,
    /// `(kind, message, response, details) => Error`, from the JS shim.
    make_error: Function,
}

/// A configured AuthN session client. Built by the JavaScript `AuthNService`,
/// which has already validated the configuration.
#[wasm_bindgen]
pub struct Client {
    inner: Rc<Inner>,
}

/// Milliseconds from JS: `Infinity` (or anything not positive and finite) means none.
fn optional_ms(ms: f64) -> Option<u64> {
    (ms.is_finite() && ms > 0.0).then(|| ms.ceil() as u64)
}

#[wasm_bindgen]
impl Client {
    /// Creates a client. `user_agent_suffix` is `undefined` where the platform
    /// does not let a page set `User-Agent` (browsers).
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        base_url_template: String,
        token: String,
        request_retries: f64,
        request_timeout_ms: f64,
        queued_retry_enabled: bool,
        poll_result_timeout_ms: f64,
        user_agent_suffix: Option<String>,
        make_response: Function,
        make_error: Function,
    ) -> Client {
        let config = Config {
            base_url_template,
            // `as` saturates and maps NaN to 0: no panic on odd numbers.
            request_retries: request_retries as u32,
            request_timeout_ms: optional_ms(request_timeout_ms),
            queued_retry_enabled,
            poll_result_timeout_ms: poll_result_timeout_ms as u64,
        };
        let ua = user_agent_suffix.map(|custom| user_agent(&custom));
        let transport = FetchTransport::new(base_headers(&token, ua.as_deref()));
        let base_url = config.base_url();
        let inner = Inner {
            config,
            base_url,
            token,
            transport,
            make_response,
            make_error,
        };
        Client {
            inner: Rc::new(inner),
        }
    }

    /// `client.session.invalidate(token, sessionID)`.
    pub fn client_session_invalidate(&self, token: JsValue, session_id: JsValue) -> Promise {
        self.run(session::client_invalidate(arg(&token), arg(&session_id)))
    }

    /// `client.session.list(token, options)`.
    pub fn client_session_list(&self, token: JsValue, options: JsValue) -> Promise {
        self.run(session::client_list(arg(&token), object_arg(&options)))
    }

    /// `client.session.logout(token)`.
    pub fn client_session_logout(&self, token: JsValue) -> Promise {
        self.run(session::client_logout(arg(&token)))
    }

    /// `client.session.refresh(refreshToken, options)`.
    pub fn client_session_refresh(&self, refresh_token: JsValue, options: JsValue) -> Promise {
        self.run(session::client_refresh(
            arg(&refresh_token),
            object_arg(&options),
        ))
    }

    /// `session.invalidate(sessionID)`.
    pub fn session_invalidate(&self, session_id: JsValue) -> Promise {
        self.run(session::invalidate(arg(&session_id)))
    }

    /// `session.list(request)`.
    pub fn session_list(&self, request: JsValue) -> Promise {
        self.run(session::list(object_arg(&request)))
    }

    /// `session.logout(user_id)`.
    pub fn session_logout(&self, user_id: JsValue) -> Promise {
        self.run(session::logout(arg(&user_id)))
    }

    fn run(&self, call: Result<Call, ArgumentError>) -> Promise {
        let inner = Rc::clone(&self.inner);
        future_to_promise(async move { inner.run(call).await })
    }
}

impl Inner {
    async fn run(&self, call: Result<Call, ArgumentError>) -> Result<JsValue, JsValue> {
        let call = call.map_err(|e| self.error(Error::from(e)))?;
        let mut secrets: Vec<&str> = call.secrets.iter().map(String::as_str).collect();
        secrets.push(&self.token);
        let context = Context {
            transport: &self.transport,
            runtime: &JsRuntime,
            config: &self.config,
            base_url: &self.base_url,
            secrets: &secrets,
        };
        match context.execute(&call).await {
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
    fn error(&self, error: Error<JsBody>) -> JsValue {
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
