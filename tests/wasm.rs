//! The exported wasm `Client` against the real emulator, in Node and in
//! headless Chromium (`scripts/wasm-tests.sh` runs this file in both).
//!
//! The script starts `emulator --faults` and passes, at compile time, its URL
//! and tokens (`EMULATOR_URL`, `EMULATOR_SERVICE_TOKEN`,
//! `EMULATOR_CLIENT_TOKEN`), a URL on a closed port (`WASM_TEST_CLOSED_URL`)
//! and the platform the run must happen on (`WASM_TEST_EXPECT`: `node` or
//! `browser`). User and refresh tokens come from `GET /_emulator/fixture` at
//! run time.
//!
//! wasm-bindgen-test runs the tests of one binary one at a time (its
//! `CONCURRENCY` is 1), and every test starts from a clean emulator: data
//! reset, fault queue emptied. Each fault names the path it applies to and
//! how many times, and each test checks that its faults were all consumed,
//! so no fault can leak into another test. Requests are counted in the
//! emulator's request log from a mark taken at the start of the test.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use js_sys::{Array, Date, Function, Object, Promise, Reflect, JSON};
use pangea_authn_wasm::wasm::Client;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

// ---------------------------------------------------------------------------
// Plumbing: JS values, the emulator's control routes, the client under test.
// ---------------------------------------------------------------------------

/// A well-formed user token that the emulator never issued.
const UNKNOWN_USER_TOKEN: &str = "ptu_abcdefghijklmnopqrstuvwxyz234567";
/// A well-formed session id that does not exist.
const UNKNOWN_SESSION_ID: &str = "pmt_abcdefghijklmnopqrstuvwxyz234567";

fn js(value: &Value) -> JsValue {
    JSON::parse(&value.to_string()).unwrap()
}

fn to_json(value: &JsValue) -> Value {
    if value.is_undefined() {
        return Value::Null;
    }
    let text = JSON::stringify(value).unwrap();
    serde_json::from_str(&String::from(text)).unwrap()
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap()
}

fn has_global(name: &str) -> bool {
    let value = get(&js_sys::global(), name);
    !value.is_undefined() && !value.is_null()
}

fn is_browser() -> bool {
    has_global("window") && has_global("document")
}

fn now_ms() -> f64 {
    Date::now()
}

/// `f(...args)`, awaited if it returns a promise.
async fn call(f: &Function, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let array = Array::new();
    for a in args {
        array.push(a);
    }
    let value = f.apply(&JsValue::NULL, &array)?;
    JsFuture::from(Promise::resolve(&value)).await
}

/// The emulator started by the script.
struct Emulator {
    url: &'static str,
    service_token: &'static str,
    client_token: &'static str,
}

fn emulator() -> Emulator {
    match (
        option_env!("EMULATOR_URL"),
        option_env!("EMULATOR_SERVICE_TOKEN"),
        option_env!("EMULATOR_CLIENT_TOKEN"),
    ) {
        (Some(url), Some(service_token), Some(client_token)) => Emulator {
            url,
            service_token,
            client_token,
        },
        _ => panic!(
            "EMULATOR_URL, EMULATOR_SERVICE_TOKEN and EMULATOR_CLIENT_TOKEN were not set \
             when this test was compiled: run scripts/wasm-tests.sh"
        ),
    }
}

impl Emulator {
    /// A control route, with the service token; the parsed reply.
    async fn control(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let f = Function::new_with_args(
            "url, method, token, body",
            "return fetch(url, { method, body, headers: { authorization: 'Bearer ' + token, \
             'content-type': 'application/json' } }).then(async (r) => { const t = await r.text(); \
             if (!r.ok) throw new Error(method + ' ' + url + ': HTTP ' + r.status + ' ' + t); \
             return t ? JSON.parse(t) : null; });",
        );
        let body = body.map_or(JsValue::UNDEFINED, |b| JsValue::from_str(&b.to_string()));
        let args = [
            JsValue::from_str(&format!("{}{path}", self.url)),
            JsValue::from_str(method),
            JsValue::from_str(self.service_token),
            body,
        ];
        match call(&f, &args).await {
            Ok(v) => to_json(&v),
            Err(e) => panic!("emulator control {method} {path} failed: {e:?}"),
        }
    }

    /// Resets the data and empties the fault queue; returns the current data
    /// and a mark in the request log.
    async fn begin(&self) -> Start {
        self.control("DELETE", "/_emulator/faults", None).await;
        self.control("POST", "/_emulator/reset", None).await;
        let fixture = self.control("GET", "/_emulator/fixture", None).await;
        let mark = self.requests().await.iter().map(seq).max().unwrap_or(0);
        Start { fixture, mark }
    }

    async fn fixture(&self) -> Value {
        self.control("GET", "/_emulator/fixture", None).await
    }

    async fn faults(&self, faults: Value) {
        self.control(
            "POST",
            "/_emulator/faults",
            Some(json!({ "faults": faults })),
        )
        .await;
    }

    /// Fails if a queued fault was not used.
    async fn assert_faults_consumed(&self) {
        let left = self.control("GET", "/_emulator/faults", None).await;
        assert_eq!(left["result"]["queue"], json!([]), "unused faults: {left}");
    }

    async fn requests(&self) -> Vec<Value> {
        let log = self.control("GET", "/_emulator/requests", None).await;
        log["requests"].as_array().cloned().unwrap_or_default()
    }

    /// The requests recorded after `mark`, oldest first.
    async fn since(&self, mark: u64) -> Vec<Value> {
        self.requests()
            .await
            .into_iter()
            .filter(|r| seq(r) > mark)
            .collect()
    }
}

fn seq(request: &Value) -> u64 {
    request["seq"].as_u64().unwrap()
}

/// Where a test starts from.
struct Start {
    fixture: Value,
    mark: u64,
}

/// A user and one of their live sessions.
struct Live {
    user_id: String,
    session_id: String,
    user_token: String,
    refresh_token: String,
}

impl Start {
    /// The live sessions of the `n`-th user that has at least `at_least` of them.
    fn user_with(&self, at_least: usize, n: usize) -> Vec<Live> {
        let users = self.fixture["users"].as_array().unwrap();
        users
            .iter()
            .map(|user| {
                let sessions = user["sessions"].as_array().unwrap();
                sessions
                    .iter()
                    .filter(|s| s["invalidated"] == json!(false) && s["expired"] == json!(false))
                    .map(|s| Live {
                        user_id: user["id"].as_str().unwrap().to_owned(),
                        session_id: s["id"].as_str().unwrap().to_owned(),
                        user_token: s["user_token"].as_str().unwrap().to_owned(),
                        refresh_token: s["refresh_token"].as_str().unwrap().to_owned(),
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|live| live.len() >= at_least)
            .nth(n)
            .unwrap_or_else(|| panic!("no user #{n} with {at_least} live sessions"))
    }
}

/// The session's state in a fixture.
fn session_state(fixture: &Value, session_id: &str) -> Value {
    fixture["users"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["sessions"].as_array().unwrap())
        .find(|s| s["id"] == json!(session_id))
        .cloned()
        .unwrap_or(Value::Null)
}

/// How to build a client.
#[derive(Clone)]
struct Setup {
    base_url: String,
    token: String,
    retries: f64,
    timeout_ms: f64,
    queued: bool,
    poll_ms: f64,
    make_error: Option<Function>,
    make_response: Option<Function>,
}

impl Setup {
    /// A service-token client with the SDK's defaults.
    fn service() -> Self {
        let emu = emulator();
        Self {
            base_url: emu.url.to_owned(),
            token: emu.service_token.to_owned(),
            retries: 3.0,
            timeout_ms: 5_000.0,
            queued: true,
            poll_ms: 120_000.0,
            make_error: None,
            make_response: None,
        }
    }

    /// A client-token client with the SDK's defaults.
    fn client() -> Self {
        Self {
            token: emulator().client_token.to_owned(),
            ..Self::service()
        }
    }

    fn retries(mut self, n: u32) -> Self {
        self.retries = f64::from(n);
        self
    }

    fn timeout(mut self, ms: u32) -> Self {
        self.timeout_ms = f64::from(ms);
        self
    }

    fn build(&self) -> Driven {
        // Browsers do not let a page set User-Agent; the JS shim passes none there.
        let ua = (!is_browser()).then(|| "wasm-tests/1".to_owned());
        Driven::new(Client::new(
            self.base_url.clone(),
            self.token.clone(),
            self.retries,
            self.timeout_ms,
            self.queued,
            self.poll_ms,
            ua,
            self.make_response.clone().unwrap_or_else(make_response),
            self.make_error.clone().unwrap_or_else(make_error),
        ))
    }
}

#[wasm_bindgen(module = "/js/driver.js")]
extern "C" {
    /// The package's own call loop (the JS shim runs every call through it).
    fn drive(client: &JsValue, start: &Function) -> Promise;
}

/// The exported `Client` as JavaScript holds it, with each operation run
/// through `js/driver.js` exactly as the shim runs it.
struct Driven(JsValue);

impl Driven {
    fn new(client: Client) -> Self {
        Self(JsValue::from(client))
    }

    /// `drive(client, (c) => c[method](...args))`.
    fn run(&self, method: &str, args: &[JsValue]) -> Promise {
        let array: Array = args.iter().collect();
        let make_start =
            Function::new_with_args("method, args", "return (c) => c[method](...args);");
        let start = make_start
            .call2(&JsValue::NULL, &JsValue::from_str(method), &array)
            .unwrap();
        drive(&self.0, start.unchecked_ref())
    }

    fn client_session_invalidate(&self, token: JsValue, session_id: JsValue) -> Promise {
        self.run("client_session_invalidate", &[token, session_id])
    }
    fn client_session_list(&self, token: JsValue, options: JsValue) -> Promise {
        self.run("client_session_list", &[token, options])
    }
    fn client_session_logout(&self, token: JsValue) -> Promise {
        self.run("client_session_logout", &[token])
    }
    fn client_session_refresh(&self, refresh_token: JsValue, options: JsValue) -> Promise {
        self.run("client_session_refresh", &[refresh_token, options])
    }
    fn session_invalidate(&self, session_id: JsValue) -> Promise {
        self.run("session_invalidate", &[session_id])
    }
    fn session_list(&self, request: JsValue) -> Promise {
        self.run("session_list", &[request])
    }
    fn session_logout(&self, user_id: JsValue) -> Promise {
        self.run("session_logout", &[user_id])
    }
}

/// `(body, httpStatus, gotResponse) => ({ body, httpStatus, gotResponse })`.
fn make_response() -> Function {
    Function::new_with_args(
        "body, httpStatus, gotResponse",
        "return { body, httpStatus, gotResponse };",
    )
}

/// `(kind, message, response, details) => ({ kind, message, response, details })`.
fn make_error() -> Function {
    Function::new_with_args(
        "kind, message, response, details",
        "return { kind, message, response, details };",
    )
}

/// A resolved call, as `make_response` built it.
#[derive(Debug)]
struct Reply {
    http_status: u16,
    body: Value,
    got_response: JsValue,
}

/// A rejected call, as `make_error` built it.
#[derive(Debug)]
struct Failure {
    kind: String,
    message: String,
    details: Value,
    response: Option<Reply>,
}

fn reply_of(value: &JsValue) -> Reply {
    Reply {
        http_status: get(value, "httpStatus").as_f64().unwrap() as u16,
        body: to_json(&get(value, "body")),
        got_response: get(value, "gotResponse"),
    }
}

impl Reply {
    /// `gotResponse` is the platform's fetch `Response` with this status.
    fn assert_got_response(&self) {
        let check = Function::new_with_args("r", "return r instanceof Response ? r.status : -1");
        let status = check.call1(&JsValue::NULL, &self.got_response).unwrap();
        assert_eq!(status.as_f64(), Some(f64::from(self.http_status)));
    }
}

async fn settle(promise: Promise) -> Result<Reply, Failure> {
    match JsFuture::from(promise).await {
        Ok(value) => Ok(reply_of(&value)),
        Err(error) => {
            let response = get(&error, "response");
            Err(Failure {
                kind: get(&error, "kind").as_string().unwrap(),
                message: get(&error, "message").as_string().unwrap(),
                details: to_json(&get(&error, "details")),
                response: (!response.is_undefined()).then(|| reply_of(&response)),
            })
        }
    }
}

async fn success(promise: Promise) -> Reply {
    match settle(promise).await {
        Ok(reply) => {
            assert_eq!(reply.http_status, 200, "{:?}", reply.body);
            assert_eq!(reply.body["status"], "Success", "{}", reply.body);
            reply.assert_got_response();
            reply
        }
        Err(e) => panic!("expected success, got {e:?}"),
    }
}

async fn failure(promise: Promise, kind: &str) -> Failure {
    match settle(promise).await {
        Ok(reply) => panic!("expected {kind}, got success {:?}", reply.body),
        Err(e) => {
            assert_eq!(e.kind, kind, "{e:?}");
            e
        }
    }
}

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn header<'a>(request: &'a Value, name: &str) -> Option<&'a str> {
    request["headers"][name].as_str()
}

/// Checks what every request of a call carries.
fn assert_sent(request: &Value, method: &str, path: &str, token: &str) {
    assert_eq!(request["method"], method, "{request}");
    assert_eq!(request["path"], path, "{request}");
    assert_eq!(
        header(request, "authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    // `credentials: 'omit'`: no cookie ever travels.
    assert_eq!(header(request, "cookie"), None);
    if method == "POST" {
        assert_eq!(header(request, "content-type"), Some("application/json"));
    }
    if is_browser() {
        assert!(header(request, "origin").is_some(), "{request}");
    } else {
        let ua = header(request, "user-agent").unwrap_or_default();
        assert!(
            ua.starts_with("pangea-authn-wasm/") && ua.ends_with(" wasm-tests/1"),
            "{ua}"
        );
    }
}

/// The single request of a call, checked.
async fn one_request(emu: &Emulator, mark: u64, path: &str, token: &str) -> Value {
    let sent = emu.since(mark).await;
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_sent(&sent[0], "POST", path, token);
    sent[0].clone()
}

// ---------------------------------------------------------------------------
// The platform.
// ---------------------------------------------------------------------------

#[wasm_bindgen_test]
fn runs_on_the_expected_platform() {
    let global = js_sys::global();
    match option_env!("WASM_TEST_EXPECT") {
        Some("browser") => {
            assert!(is_browser(), "expected a browser page, got another global");
            assert!(!has_global("process"), "a browser page has no `process`");
            let ua = get(&get(&global, "navigator"), "userAgent")
                .as_string()
                .unwrap_or_default();
            assert!(ua.contains("Chrome"), "not Chromium: {ua}");
        }
        Some("node") => {
            assert!(!is_browser(), "expected Node, got a browser page");
            let node = get(&get(&get(&global, "process"), "versions"), "node");
            assert!(node.as_string().is_some(), "no process.versions.node");
        }
        other => {
            panic!("WASM_TEST_EXPECT must be `node` or `browser` at compile time, got {other:?}")
        }
    }
    // The platform APIs the binding relies on.
    for name in [
        "fetch",
        "AbortController",
        "Response",
        "setTimeout",
        "clearTimeout",
    ] {
        assert!(has_global(name), "no global {name}");
    }
}

// ---------------------------------------------------------------------------
// The seven operations succeed.
// ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn client_session_list_succeeds() {
    let emu = emulator();
    let start = emu.begin().await;
    let live = start.user_with(3, 0);
    let client = Setup::client().build();
    let options = json!({ "size": 2, "order_by": "created_at", "order": "asc" });
    let reply = success(client.client_session_list(s(&live[0].user_token), js(&options))).await;
    let sessions = reply.body["result"]["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    assert!(sessions
        .iter()
        .all(|x| x["identity"] == json!(live[0].user_id)));
    assert!(
        reply.body["result"]["last"].is_string(),
        "a further page exists"
    );
    let sent = one_request(
        &emu,
        start.mark,
        "/v2/client/session/list",
        emu.client_token,
    )
    .await;
    assert_eq!(
        sent["body"],
        json!({ "token": live[0].user_token, "size": 2, "order_by": "created_at", "order": "asc" })
    );
    assert_eq!(sent["request_id"], reply.body["request_id"]);
    assert_eq!(sent["headers"].get("x-pangea-retried-request-ids"), None);

    // Paging with `last` reaches the remaining session.
    let next = json!({ "size": 2, "order_by": "created_at", "order": "asc", "last": reply.body["result"]["last"] });
    let reply = success(client.client_session_list(s(&live[0].user_token), js(&next))).await;
    assert_eq!(
        reply.body["result"]["sessions"].as_array().unwrap().len(),
        live.len() - 2
    );
}

#[wasm_bindgen_test]
async fn client_session_invalidate_succeeds() {
    let emu = emulator();
    let start = emu.begin().await;
    let live = start.user_with(2, 0);
    let client = Setup::client().build();
    let call = client.client_session_invalidate(s(&live[0].user_token), s(&live[1].session_id));
    let reply = success(call).await;
    assert_eq!(reply.body["result"], json!({}));
    let sent = one_request(
        &emu,
        start.mark,
        "/v2/client/session/invalidate",
        emu.client_token,
    )
    .await;
    assert_eq!(
        sent["body"],
        json!({ "token": live[0].user_token, "session_id": live[1].session_id })
    );
    let after = emu.fixture().await;
    assert_eq!(
        session_state(&after, &live[1].session_id)["invalidated"],
        true
    );
    assert_eq!(
        session_state(&after, &live[0].session_id)["invalidated"],
        false
    );
}

#[wasm_bindgen_test]
async fn client_session_logout_succeeds_and_the_token_then_expires() {
    let emu = emulator();
    let start = emu.begin().await;
    let live = start.user_with(1, 1);
    let client = Setup::client().build();
    let reply = success(client.client_session_logout(s(&live[0].user_token))).await;
    assert_eq!(reply.body["result"], json!({}));
    let sent = one_request(
        &emu,
        start.mark,
        "/v2/client/session/logout",
        emu.client_token,
    )
    .await;
    assert_eq!(sent["body"], json!({ "token": live[0].user_token }));

    // An APIError for a status without a class of its own: ExpiredToken.
    let e = failure(
        client.client_session_logout(s(&live[0].user_token)),
        "APIError",
    )
    .await;
    let response = e.response.unwrap();
    assert_eq!(response.http_status, 400);
    assert_eq!(response.body["status"], "ExpiredToken");
    response.assert_got_response();
}

#[wasm_bindgen_test]
async fn client_session_refresh_succeeds() {
    let emu = emulator();
    let start = emu.begin().await;
    let live = start.user_with(1, 2);
    let client = Setup::client().build();
    let options = json!({ "user_token": live[0].user_token });
    let reply =
        success(client.client_session_refresh(s(&live[0].refresh_token), js(&options))).await;
    let result = &reply.body["result"];
    let active = result["active_token"]["token"].as_str().unwrap();
    let refresh = result["refresh_token"]["token"].as_str().unwrap();
    assert!(
        active.starts_with("ptu_") && active != live[0].user_token,
        "{result}"
    );
    assert!(
        refresh.starts_with("ptr_") && refresh != live[0].refresh_token,
        "{result}"
    );
    let sent = one_request(
        &emu,
        start.mark,
        "/v2/client/session/refresh",
        emu.client_token,
    )
    .await;
    assert_eq!(
        sent["body"],
        json!({ "refresh_token": live[0].refresh_token, "user_token": live[0].user_token })
    );

    // The new tokens work; options may be omitted.
    success(client.client_session_list(s(active), JsValue::UNDEFINED)).await;
    success(client.client_session_refresh(s(refresh), JsValue::UNDEFINED)).await;
    let sent = emu.since(start.mark).await;
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[1]["body"], json!({ "token": active }));
    assert_eq!(sent[2]["body"], json!({ "refresh_token": refresh }));
}

#[wasm_bindgen_test]
async fn session_invalidate_succeeds() {
    let emu = emulator();
    let start = emu.begin().await;
    let live = start.user_with(1, 3);
    let client = Setup::service().build();
    let reply = success(client.session_invalidate(s(&live[0].session_id))).await;
    assert_eq!(reply.body["result"], json!({}));
    let sent = one_request(
        &emu,
        start.mark,
        "/v2/session/invalidate",
        emu.service_token,
    )
    .await;
    assert_eq!(sent["body"], json!({ "session_id": live[0].session_id }));
    let after = emu.fixture().await;
    assert_eq!(
        session_state(&after, &live[0].session_id)["invalidated"],
        true
    );
}

#[wasm_bindgen_test]
async fn session_list_succeeds() {
    let emu = emulator();
    let start = emu.begin().await;
    let client = Setup::service().build();
    let request = json!({
        "filter": { "email__contains": ["@test.example"] },
        "order": "desc",
        "order_by": "created_at",
        "size": 3,
    });
    let reply = success(client.session_list(js(&request))).await;
    let result = &reply.body["result"];
    assert_eq!(result["sessions"].as_array().unwrap().len(), 3);
    assert!(result["count"].as_u64().unwrap() > 3, "{result}");
    assert!(result["last"].is_string());
    let sent = one_request(&emu, start.mark, "/v2/session/list", emu.service_token).await;
    assert_eq!(sent["body"], request);
    // Keys keep the caller's order on the wire, as JSON.stringify writes them.
    let keys: Vec<&String> = sent["body"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["filter", "order", "order_by", "size"]);

    // `undefined` sends `{}`.
    success(client.session_list(JsValue::UNDEFINED)).await;
    let sent = emu.since(start.mark).await;
    assert_eq!(sent[1]["body"], json!({}));
}

#[wasm_bindgen_test]
async fn session_logout_succeeds() {
    let emu = emulator();
    let start = emu.begin().await;
    let live = start.user_with(2, 1);
    let client = Setup::service().build();
    let reply = success(client.session_logout(s(&live[0].user_id))).await;
    assert_eq!(reply.body["result"], json!({}));
    let sent = one_request(&emu, start.mark, "/v2/session/logout", emu.service_token).await;
    assert_eq!(sent["body"], json!({ "user_id": live[0].user_id }));
    // Every session of the user has ended.
    let user = Setup::client().build();
    for session in &live {
        let e = failure(
            user.client_session_list(s(&session.user_token), JsValue::UNDEFINED),
            "APIError",
        )
        .await;
        assert_eq!(e.response.unwrap().body["status"], "ExpiredToken");
    }
}

// ---------------------------------------------------------------------------
// Every error kind.
// ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn validation_errors_come_from_the_service() {
    let emu = emulator();
    let start = emu.begin().await;
    let client = Setup::service().build();
    let e = failure(
        client.session_list(js(&json!({ "order_by": "nope" }))),
        "ValidationError",
    )
    .await;
    assert_eq!(
        e.message, "",
        "API errors take their message from the reply"
    );
    let response = e.response.unwrap();
    assert_eq!(response.http_status, 400);
    assert_eq!(response.body["status"], "ValidationError");
    assert_eq!(response.body["result"]["errors"][0]["source"], "/order_by");
    response.assert_got_response();

    let e = failure(
        client.session_invalidate(s(UNKNOWN_SESSION_ID)),
        "ValidationError",
    )
    .await;
    assert_eq!(
        e.response.unwrap().body["result"]["errors"][0]["code"],
        "DoesNotExist"
    );
    // Not retried: two calls, two requests.
    assert_eq!(emu.since(start.mark).await.len(), 2);
}

#[wasm_bindgen_test]
async fn unauthorized_errors_for_a_wrong_token() {
    let emu = emulator();
    let start = emu.begin().await;
    let wrong = "pts_abcdefghijklmnopqrstuvwxyz234567";
    let client = Setup {
        token: wrong.to_owned(),
        ..Setup::service()
    }
    .build();
    let e = failure(client.session_list(JsValue::UNDEFINED), "UnauthorizedError").await;
    let response = e.response.unwrap();
    assert_eq!(response.http_status, 401);
    assert_eq!(response.body["status"], "Unauthorized");
    one_request(&emu, start.mark, "/v2/session/list", wrong).await;

    // The client token may not call the service-token operations.
    let client = Setup::client().build();
    let e = failure(
        client.session_logout(s("pui_abcdefghijklmnopqrstuvwxyz234567")),
        "UnauthorizedError",
    )
    .await;
    assert_eq!(e.response.unwrap().http_status, 401);
}

#[wasm_bindgen_test]
async fn api_error_for_an_invalid_user_token() {
    let emu = emulator();
    let start = emu.begin().await;
    let client = Setup::client().build();
    let call = client.client_session_list(s(UNKNOWN_USER_TOKEN), JsValue::UNDEFINED);
    let e = failure(call, "APIError").await;
    let response = e.response.unwrap();
    assert_eq!(response.http_status, 400);
    assert_eq!(response.body["status"], "InvalidToken");
    assert_eq!(response.body["result"]["errors"][0]["source"], "/token");
    one_request(
        &emu,
        start.mark,
        "/v2/client/session/list",
        emu.client_token,
    )
    .await;
}

#[wasm_bindgen_test]
async fn internal_server_error_once_the_retries_are_spent() {
    let emu = emulator();
    let start = emu.begin().await;
    let path = "/v2/session/logout";
    let fault =
        json!({ "kind": "status", "http": 500, "status": "InternalError", "summary": "boom" });
    emu.faults(json!([{ "path": path, "times": 2, "action": fault }]))
        .await;
    let client = Setup::service().retries(1).build();
    let e = failure(
        client.session_logout(s(&start.user_with(1, 4)[0].user_id)),
        "InternalServerError",
    )
    .await;
    let response = e.response.unwrap();
    assert_eq!(response.http_status, 500);
    assert_eq!(response.body["summary"], "boom");
    let sent = emu.since(start.mark).await;
    assert_eq!(sent.len(), 2, "one retry: {sent:#?}");
    for r in &sent {
        assert_sent(r, "POST", path, emu.service_token);
        assert_eq!(r["reply_status"], 500);
    }
    assert_eq!(
        header(&sent[1], "x-pangea-retried-request-ids"),
        sent[0]["request_id"].as_str()
    );
    assert_eq!(response.body["request_id"], sent[1]["request_id"]);
    emu.assert_faults_consumed().await;
}

#[wasm_bindgen_test]
async fn service_temporarily_unavailable_on_503() {
    let emu = emulator();
    let start = emu.begin().await;
    let path = "/v2/client/session/logout";
    let fault = json!({ "kind": "status", "http": 503 });
    emu.faults(json!([{ "path": path, "times": 1, "action": fault }]))
        .await;
    let client = Setup::client().retries(0).build();
    let live = start.user_with(1, 5);
    let e = failure(
        client.client_session_logout(s(&live[0].user_token)),
        "ServiceTemporarilyUnavailable",
    )
    .await;
    assert_eq!(e.response.unwrap().http_status, 503);
    one_request(&emu, start.mark, path, emu.client_token).await;
    emu.assert_faults_consumed().await;
    // Nothing was done: the session is still live.
    let after = emu.fixture().await;
    assert_eq!(
        session_state(&after, &live[0].session_id)["invalidated"],
        false
    );
}

#[wasm_bindgen_test]
async fn invalid_response_errors_for_unreadable_bodies() {
    let emu = emulator();
    let start = emu.begin().await;
    let path = "/v2/session/invalidate";
    let client = Setup::service().retries(0).build();
    let cases = [
        ("html", 502, "not_json", "<"),
        ("text", 200, "not_json", ""),
        ("empty", 200, "empty", ""),
        ("not_object", 200, "not_object", "["),
        ("truncated", 200, "not_json", "{"),
    ];
    for (body, http, problem, excerpt_start) in cases {
        let fault = json!({ "kind": "status", "http": http, "body": body });
        emu.faults(json!([{ "path": path, "times": 1, "action": fault }]))
            .await;
        let e = failure(
            client.session_invalidate(s(UNKNOWN_SESSION_ID)),
            "InvalidResponseError",
        )
        .await;
        assert_eq!(e.details["status"], http, "{body}: {e:?}");
        assert_eq!(e.details["problem"], problem, "{body}: {e:?}");
        let excerpt = e.details["excerpt"].as_str().unwrap();
        assert!(excerpt.starts_with(excerpt_start), "{body}: {excerpt:?}");
        assert_eq!(excerpt.is_empty(), body == "empty", "{body}: {excerpt:?}");
        assert!(e.message.contains(&format!("HTTP {http}")), "{}", e.message);
        assert!(e.response.is_none());
        emu.assert_faults_consumed().await;
    }
    assert_eq!(emu.since(start.mark).await.len(), cases.len());
}

#[wasm_bindgen_test]
async fn timeout_errors_when_the_service_hangs_or_is_slow() {
    let emu = emulator();
    let start = emu.begin().await;
    let path = "/v2/session/list";
    emu.faults(json!([
        { "path": path, "times": 1, "action": { "kind": "hang" } },
        { "path": path, "times": 1, "action": { "kind": "delay", "ms": 1000 } },
    ]))
    .await;
    // Timeouts are not retried, whatever requestRetries says.
    let client = Setup::service().retries(3).timeout(300).build();
    for _ in 0..2 {
        let began = now_ms();
        let e = failure(client.session_list(JsValue::UNDEFINED), "TimeoutError").await;
        let took = now_ms() - began;
        assert!((250.0..3_000.0).contains(&took), "took {took} ms");
        assert_eq!(e.details["timeoutMs"], 300);
        assert!(e.message.contains("300 ms"), "{}", e.message);
    }
    emu.assert_faults_consumed().await;
    // The hung request is logged at once; the delayed one only if the
    // emulator finished it after the client left (it currently does not).
    let sent = emu.since(start.mark).await;
    assert!(matches!(sent.len(), 1 | 2), "{sent:#?}");
    assert_eq!(sent[0]["reply_status"], Value::Null, "hang: no reply");

    // A reply within the timeout is fine (and its timer does not fire later).
    emu.faults(json!([{ "path": path, "times": 1, "action": { "kind": "delay", "ms": 100 } }]))
        .await;
    let client = Setup::service().timeout(2_000).build();
    success(client.session_list(JsValue::UNDEFINED)).await;
    emu.assert_faults_consumed().await;
}

#[wasm_bindgen_test]
async fn network_errors_when_the_connection_breaks() {
    let emu = emulator();
    let start = emu.begin().await;
    let live = start.user_with(2, 2);
    let assert_network = |e: &Failure, secret: &str| {
        let prefix = "The request failed before a reply";
        assert!(e.message.starts_with(prefix), "{}", e.message);
        assert!(!e.message.contains(secret), "{}", e.message);
        assert!(e.response.is_none());
    };

    // The connection closes without a reply. Chromium's network stack itself
    // resends a request (any method) whose reused keep-alive connection closed
    // before any reply, on the next idle connection, until one that was not
    // reused fails too (at most 6 idle connections per host + a new one). So
    // the fault is queued for 10 attempts: every one is dropped. Node does
    // not resend.
    const DROPS: usize = 10;
    let path = "/v2/client/session/invalidate";
    emu.faults(json!([{ "path": path, "times": DROPS, "action": { "kind": "drop" } }]))
        .await;
    let client = Setup::client().retries(3).build();
    let call = client.client_session_invalidate(s(&live[0].user_token), s(&live[1].session_id));
    let e = failure(call, "NetworkError").await;
    assert_network(&e, &live[0].user_token);
    let sent = emu.since(start.mark).await;
    // Never retried by the library (requestRetries is 3).
    let platform_resends = if is_browser() { 1..=DROPS } else { 1..=1 };
    assert!(platform_resends.contains(&sent.len()), "{sent:#?}");
    for r in &sent {
        assert_sent(r, "POST", path, emu.client_token);
        assert_eq!(r["reply_status"], Value::Null);
    }
    emu.control("DELETE", "/_emulator/faults", None).await;
    // Nothing was done.
    let after = emu.fixture().await;
    assert_eq!(
        session_state(&after, &live[1].session_id)["invalidated"],
        false
    );

    // Headers and half the body, then the connection closes.
    let mark = sent.iter().map(seq).max().unwrap_or(start.mark);
    let path = "/v2/session/list";
    emu.faults(json!([{ "path": path, "times": 1, "action": { "kind": "truncate" } }]))
        .await;
    let client = Setup::service().retries(3).build();
    let e = failure(client.session_list(JsValue::UNDEFINED), "NetworkError").await;
    assert_network(&e, emu.service_token);
    emu.assert_faults_consumed().await;
    one_request(&emu, mark, path, emu.service_token).await;
}

#[wasm_bindgen_test]
async fn network_error_on_a_closed_port() {
    let closed = option_env!("WASM_TEST_CLOSED_URL").unwrap_or("http://127.0.0.1:9");
    let client = Setup {
        base_url: closed.to_owned(),
        ..Setup::service()
    }
    .retries(2)
    .build();
    let began = now_ms();
    let e = failure(
        client.session_logout(s("pui_abcdefghijklmnopqrstuvwxyz234567")),
        "NetworkError",
    )
    .await;
    // Not retried (a retry would wait at least 375 ms first).
    assert!(now_ms() - began < 2_000.0);
    assert!(
        e.message.starts_with("The request failed before a reply"),
        "{}",
        e.message
    );
    assert!(
        !e.message.contains(emulator().service_token),
        "{}",
        e.message
    );
    assert_eq!(e.details, json!({}));
}

#[wasm_bindgen_test]
async fn type_errors_reject_and_send_nothing() {
    let emu = emulator();
    let start = emu.begin().await;
    let client = Setup::client().build();
    let service = Setup::service().build();
    let num = JsValue::from_f64(5.0);
    let cases: Vec<(Promise, &str, &str)> = vec![
        (
            client.client_session_invalidate(num.clone(), s("pmt_x")),
            "client.session.invalidate",
            "token",
        ),
        (
            client.client_session_invalidate(s("ptu_x"), JsValue::NULL),
            "client.session.invalidate",
            "sessionID",
        ),
        (
            client.client_session_list(s("ptu_x"), s("not an object")),
            "client.session.list",
            "options",
        ),
        (
            client.client_session_list(s("ptu_x"), js(&json!({ "size": 0 }))),
            "client.session.list",
            "options.size",
        ),
        (
            client.client_session_logout(JsValue::UNDEFINED),
            "client.session.logout",
            "token",
        ),
        (
            client.client_session_refresh(s("ptr_x"), js(&json!({ "user_token": 5 }))),
            "client.session.refresh",
            "options.user_token",
        ),
        (
            client.client_session_refresh(Array::new().into(), JsValue::UNDEFINED),
            "client.session.refresh",
            "refreshToken",
        ),
        (
            service.session_invalidate(JsValue::TRUE),
            "session.invalidate",
            "sessionID",
        ),
        (
            service.session_list(js(&json!([]))),
            "session.list",
            "request",
        ),
        (
            service.session_list(js(&json!({ "filter": "x" }))),
            "session.list",
            "request.filter",
        ),
        (
            service.session_logout(Object::new().into()),
            "session.logout",
            "user_id",
        ),
    ];
    for (promise, method, argument) in cases {
        let e = failure(promise, "TypeError").await;
        assert_eq!(e.details["argument"], argument, "{e:?}");
        assert!(
            e.message
                .starts_with(&format!("{method}: argument `{argument}`")),
            "{}",
            e.message
        );
        assert!(e.response.is_none());
    }
    assert_eq!(
        emu.since(start.mark).await,
        Vec::<Value>::new(),
        "nothing is sent"
    );
}

// ---------------------------------------------------------------------------
// Retries and 202 polling.
// ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn retries_until_success_with_the_retried_ids_header() {
    let emu = emulator();
    let start = emu.begin().await;
    let path = "/v2/client/session/list";
    let k = 2;
    emu.faults(json!([{ "path": path, "times": k, "action": { "kind": "status", "http": 503 } }]))
        .await;
    let client = Setup::client().retries(3).build();
    let live = start.user_with(1, 6);
    let began = now_ms();
    let reply =
        success(client.client_session_list(s(&live[0].user_token), JsValue::UNDEFINED)).await;
    // Back-off: 500 ms and 1000 ms, each times a jitter in (0.75, 1].
    let took = now_ms() - began;
    assert!(took >= 1_100.0, "took {took} ms");
    let sent = emu.since(start.mark).await;
    assert_eq!(sent.len(), k + 1, "{sent:#?}");
    let ids: Vec<&str> = sent
        .iter()
        .map(|r| r["request_id"].as_str().unwrap())
        .collect();
    for r in &sent {
        assert_sent(r, "POST", path, emu.client_token);
        assert_eq!(r["body"], json!({ "token": live[0].user_token }));
    }
    assert_eq!(header(&sent[0], "x-pangea-retried-request-ids"), None);
    assert_eq!(
        header(&sent[1], "x-pangea-retried-request-ids"),
        Some(ids[0])
    );
    let both = format!("{},{}", ids[0], ids[1]);
    assert_eq!(
        header(&sent[2], "x-pangea-retried-request-ids"),
        Some(both.as_str())
    );
    assert_eq!(reply.body["request_id"], ids[2]);
    emu.assert_faults_consumed().await;
}

#[wasm_bindgen_test]
async fn a_retried_reply_may_be_unreadable() {
    let emu = emulator();
    let start = emu.begin().await;
    let path = "/v2/session/list";
    let fault =
        json!({ "kind": "status", "http": 502, "body": "html", "request_id_header": false });
    emu.faults(json!([{ "path": path, "times": 1, "action": fault }]))
        .await;
    let client = Setup::service().retries(1).build();
    success(client.session_list(JsValue::UNDEFINED)).await;
    let sent = emu.since(start.mark).await;
    assert_eq!(sent.len(), 2);
    // The failed attempt had no x-request-id header: nothing to report.
    assert_eq!(header(&sent[1], "x-pangea-retried-request-ids"), None);
    emu.assert_faults_consumed().await;
}

#[wasm_bindgen_test]
async fn accepted_replies_are_polled_until_they_complete() {
    let emu = emulator();
    let start = emu.begin().await;
    let path = "/v2/session/list";
    emu.faults(json!([{ "path": path, "times": 1, "action": { "kind": "accepted", "polls": 1 } }]))
        .await;
    // Polls after 1 s (still 202), then at the 2 s deadline (done).
    let client = Setup {
        poll_ms: 2_000.0,
        ..Setup::service()
    }
    .build();
    let began = now_ms();
    let reply = success(client.session_list(js(&json!({ "size": 1 })))).await;
    let took = now_ms() - began;
    // Unclipped, the second poll would come 5 s after the first reply.
    assert!((1_900.0..4_500.0).contains(&took), "took {took} ms");
    assert_eq!(
        reply.body["result"]["sessions"].as_array().unwrap().len(),
        1
    );
    let sent = emu.since(start.mark).await;
    assert_eq!(sent.len(), 3, "{sent:#?}");
    assert_sent(&sent[0], "POST", path, emu.service_token);
    assert_eq!(sent[0]["reply_status"], 202);
    let poll_path = format!("/request/{}", sent[0]["request_id"].as_str().unwrap());
    for r in &sent[1..] {
        assert_sent(r, "GET", &poll_path, emu.service_token);
    }
    assert_eq!(sent[1]["reply_status"], 202);
    assert_eq!(sent[2]["reply_status"], 200);
    emu.assert_faults_consumed().await;
}

#[wasm_bindgen_test]
async fn accepted_request_exception_when_polling_runs_out_or_is_off() {
    let emu = emulator();
    let start = emu.begin().await;
    let path = "/v2/client/session/list";
    let live = start.user_with(1, 7);
    emu.faults(json!([{ "path": path, "times": 2, "action": { "kind": "accepted", "polls": 2 } }]))
        .await;
    // Polls after 1 s and at the 1.5 s deadline: both still 202.
    let client = Setup {
        poll_ms: 1_500.0,
        ..Setup::client()
    }
    .build();
    let e = failure(
        client.client_session_list(s(&live[0].user_token), JsValue::UNDEFINED),
        "AcceptedRequestException",
    )
    .await;
    let response = e.response.unwrap();
    assert_eq!(response.http_status, 202);
    assert_eq!(response.body["status"], "Accepted");
    let sent = emu.since(start.mark).await;
    assert_eq!(sent.len(), 3, "{sent:#?}");
    assert_eq!(sent[0]["method"], "POST");
    assert!(sent[1..]
        .iter()
        .all(|r| r["method"] == "GET" && r["reply_status"] == 202));

    // queuedRetryEnabled: false never polls.
    let client = Setup {
        queued: false,
        ..Setup::client()
    }
    .build();
    let e = failure(
        client.client_session_list(s(&live[0].user_token), JsValue::UNDEFINED),
        "AcceptedRequestException",
    )
    .await;
    assert_eq!(e.response.unwrap().body["status"], "Accepted");
    assert_eq!(emu.since(start.mark).await.len(), 4);
    emu.assert_faults_consumed().await;
}

// ---------------------------------------------------------------------------
// The binding's contract with the JS shim.
// ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn factories_that_throw_become_the_rejection() {
    let emu = emulator();
    emu.begin().await;
    let throwing = Function::new_with_args("", "throw new RangeError('factory failed');");
    let client = Setup {
        make_error: Some(throwing.clone()),
        make_response: Some(throwing),
        ..Setup::service()
    }
    .build();
    for promise in [
        client.session_logout(JsValue::NULL),
        client.session_list(JsValue::UNDEFINED),
    ] {
        let thrown = JsFuture::from(promise).await.unwrap_err();
        assert_eq!(
            get(&thrown, "name").as_string().as_deref(),
            Some("RangeError")
        );
        assert_eq!(
            get(&thrown, "message").as_string().as_deref(),
            Some("factory failed")
        );
    }
}

#[wasm_bindgen_test]
async fn overlapping_calls_and_a_client_dropped_or_freed_mid_call() {
    let emu = emulator();
    let start = emu.begin().await;
    let client = Setup::service().build();
    let calls = Array::new();
    for size in 1..=3 {
        calls.push(&client.session_list(js(&json!({ "size": size }))));
    }
    let all = JsFuture::from(Promise::all(&calls)).await.unwrap();
    let all: Array = all.into();
    for (i, reply) in all.iter().enumerate() {
        let reply = reply_of(&reply);
        assert_eq!(
            reply.body["result"]["sessions"].as_array().unwrap().len(),
            i + 1
        );
    }

    // The driver holds the client: dropping this handle does not break a call.
    let path = "/v2/session/list";
    let delay = json!([{ "path": path, "times": 1, "action": { "kind": "delay", "ms": 200 } }]);
    emu.faults(delay.clone()).await;
    let pending = client.session_list(JsValue::UNDEFINED);
    drop(client);
    success(pending).await;
    emu.assert_faults_consumed().await;

    // Freeing the wasm object itself mid-call rejects the call; it never hangs.
    emu.faults(delay).await;
    let client = Setup::service().build();
    let pending = client.session_list(JsValue::UNDEFINED);
    let free: Function = get(&client.0, "free").unchecked_into();
    free.call0(&client.0).unwrap();
    let error = JsFuture::from(pending).await.unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>(), "{error:?}");
    emu.assert_faults_consumed().await;
    assert_eq!(emu.since(start.mark).await.len(), 5);
}
