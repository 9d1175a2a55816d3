//! The exported `Client`: one per `AuthNService`, shared by its sub-objects.
//!
//! A call is started by one of the seven operation methods, which checks the
//! arguments and returns the call's number; `js/driver.js` then performs its
//! steps (`url`, `init`, `replied`, `failed`) and takes its value (`finish`).
//! Each call is an independent slot, so overlapping calls are safe.

use std::borrow::Cow;
use std::cell::RefCell;

use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;

use super::calls::{Calls, JsClock, Slot};
use super::convert::{arg, object_arg};
use super::fetch::{parse_body, rejection, JsBody};
use super::js::{request_init, FetchResponse};
use super::strings::JsStrings;
use crate::args::ArgumentError;
use crate::config::Config;
use crate::errors::Error;
use crate::exchange::{Exchange, Settings, Step};
use crate::request::{base_headers, user_agent, RETRIED_IDS_HEADER};
use crate::session::{self, Call};
use crate::transport::Attempt;

/// What every call of one client shares.
pub struct Inner {
    config: Config,
    base_url: String,
    token: String,
    /// The headers every request carries, as a JS object built once.
    headers: Object,
    header_pairs: Vec<(&'static str, String)>,
    /// The URLs and the method as JS strings, made once.
    strings: JsStrings,
    /// `(body, httpStatus, gotResponse) => PangeaResponse`, from the JS shim.
    pub(super) make_response: Function,
    /// `(kind, message, response, details) => Error`, from the JS shim.
    pub(super) make_error: Function,
}

impl Inner {
    /// The settings an exchange of this client works with; `secrets` are the
    /// values to mask in error messages besides the call's own.
    fn settings<'a>(&'a self, secrets: &'a [&'a str]) -> Settings<'a> {
        Settings {
            config: &self.config,
            base_url: &self.base_url,
            secrets,
        }
    }

    /// The request headers, with `X-Pangea-Retried-Request-Ids` on a retry.
    fn headers(&self, retried_ids: Option<&str>) -> Cow<'_, Object> {
        match retried_ids {
            None => Cow::Borrowed(&self.headers),
            Some(ids) => Cow::Owned(headers_object(
                &self.header_pairs,
                Some((RETRIED_IDS_HEADER, ids)),
            )),
        }
    }
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

/// A configured AuthN session client. Built by the JavaScript `AuthNService`,
/// which has already validated the configuration.
#[wasm_bindgen]
pub struct Client {
    inner: Inner,
    calls: RefCell<Calls>,
}

/// The step number that means "over: take the value with `finish`".
const DONE: f64 = -1.0;

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
        let header_pairs = base_headers(&token, ua.as_deref());
        let inner = Inner {
            base_url: config.base_url(),
            config,
            token,
            headers: headers_object(&header_pairs, None),
            header_pairs,
            strings: JsStrings::default(),
            make_response,
            make_error,
        };
        Client {
            inner,
            calls: RefCell::default(),
        }
    }

    /// `client.session.invalidate(token, sessionID)`.
    pub fn client_session_invalidate(
        &self,
        token: JsValue,
        session_id: JsValue,
    ) -> Result<u32, JsValue> {
        self.start(session::client_invalidate(arg(&token), arg(&session_id)))
    }

    /// `client.session.list(token, options)`.
    pub fn client_session_list(&self, token: JsValue, options: JsValue) -> Result<u32, JsValue> {
        self.start(session::client_list(arg(&token), object_arg(&options)))
    }

    /// `client.session.logout(token)`.
    pub fn client_session_logout(&self, token: JsValue) -> Result<u32, JsValue> {
        self.start(session::client_logout(arg(&token)))
    }

    /// `client.session.refresh(refreshToken, options)`.
    pub fn client_session_refresh(
        &self,
        refresh_token: JsValue,
        options: JsValue,
    ) -> Result<u32, JsValue> {
        self.start(session::client_refresh(
            arg(&refresh_token),
            object_arg(&options),
        ))
    }

    /// `session.invalidate(sessionID)`.
    pub fn session_invalidate(&self, session_id: JsValue) -> Result<u32, JsValue> {
        self.start(session::invalidate(arg(&session_id)))
    }

    /// `session.list(request)`.
    pub fn session_list(&self, request: JsValue) -> Result<u32, JsValue> {
        self.start(session::list(object_arg(&request)))
    }

    /// `session.logout(user_id)`.
    pub fn session_logout(&self, user_id: JsValue) -> Result<u32, JsValue> {
        self.start(session::logout(arg(&user_id)))
    }

    /// The per-attempt timeout in milliseconds; 0 for none.
    #[wasm_bindgen(getter)]
    pub fn timeout_ms(&self) -> f64 {
        self.inner
            .config
            .request_timeout_ms
            .map_or(0.0, |ms| ms as f64)
    }

    /// The URL of call `id`'s next attempt (a JS string).
    pub fn url(&self, id: u32) -> JsValue {
        self.with_attempt(id, |inner, attempt| inner.strings.get(&attempt.request.url))
            .unwrap_or_default()
    }

    /// The fetch init of call `id`'s next attempt, aborted by `signal` (if any).
    pub fn init(&self, id: u32, signal: &JsValue) -> Object {
        let init = self.with_attempt(id, |inner, attempt| {
            let request = attempt.request;
            request_init(
                &inner.strings.get(request.method.as_str()),
                &inner.headers(attempt.retried_request_ids),
                request.body.as_deref(),
                signal,
            )
        });
        init.unwrap_or_default()
    }

    /// Reports the reply to call `id`'s attempt, with its whole body as text.
    pub fn replied(&self, id: u32, response: JsValue, text: JsValue) -> f64 {
        let fetched: &FetchResponse = response.unchecked_ref();
        let http_status = fetched.status();
        let request_id = || fetched.headers().get("x-request-id");
        let body = parse_body(text, response.clone());
        self.advance(id, |exchange, settings| {
            exchange.replied(settings, http_status, body, request_id, &JsClock)
        })
    }

    /// Reports that call `id`'s attempt got no reply: `fetch` or reading the
    /// body rejected with `error`.
    pub fn failed(&self, id: u32, error: JsValue) -> f64 {
        let error = rejection(error);
        self.advance(id, |exchange, settings| exchange.failed(settings, error))
    }

    /// Ends call `id`: its `PangeaResponse`, or its error (thrown).
    pub fn finish(&self, id: u32) -> Result<JsValue, JsValue> {
        let slot = self.end(id);
        match slot {
            Some(Slot::Done(outcome)) => self.inner.settle(outcome),
            // Only a driver that skipped a step gets here.
            _ => Err(JsValue::from_str(
                "pangea-authn-wasm: the call has not ended",
            )),
        }
    }

    /// Drops call `id` unfinished (its driver failed).
    pub fn abandon(&self, id: u32) {
        self.end(id);
    }
}

impl Client {
    fn start(&self, call: Result<Call, ArgumentError>) -> Result<u32, JsValue> {
        let call = call.map_err(|e| self.inner.error(Error::from(e)))?;
        let exchange = Exchange::new(call, &self.inner.settings(&[]));
        Ok(self.calls.borrow_mut().insert(Slot::Running(exchange)))
    }

    fn with_attempt<T>(&self, id: u32, f: impl FnOnce(&Inner, Attempt<'_>) -> T) -> Option<T> {
        let calls = self.calls.borrow();
        let Some(Slot::Running(exchange)) = calls.get(id) else {
            return None;
        };
        Some(f(&self.inner, exchange.attempt(&self.inner.settings(&[]))))
    }

    /// Moves call `id` on by `f`; the step for the driver.
    fn advance(
        &self,
        id: u32,
        f: impl FnOnce(&mut Exchange, &Settings<'_>) -> Step<JsBody>,
    ) -> f64 {
        let Some(slot) = self.calls.borrow_mut().take(id) else {
            return DONE;
        };
        let Slot::Running(mut exchange) = slot else {
            self.calls.borrow_mut().put(id, slot);
            return DONE;
        };
        let secrets = [self.inner.token.as_str()];
        let (slot, step) = match f(&mut exchange, &self.inner.settings(&secrets)) {
            Step::Send => (Slot::Running(exchange), 0.0),
            Step::Wait(ms) => (Slot::Running(exchange), ms as f64),
            Step::Done(outcome) => (Slot::Done(outcome), DONE),
        };
        self.calls.borrow_mut().put(id, slot);
        step
    }

    fn end(&self, id: u32) -> Option<Slot> {
        let mut calls = self.calls.borrow_mut();
        let slot = calls.take(id);
        if slot.is_some() {
            calls.release(id);
        }
        slot
    }
}
