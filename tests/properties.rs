//! Property tests of the pure core: no input makes it panic, loop or corrupt
//! a request. Every generator reaches the edges a JavaScript caller or a
//! broken server can produce: non-ASCII and huge strings, random JSON text,
//! arbitrary status codes, bodies and headers.
//!
//! The case count comes from `PROPTEST_CASES` (default 256); `scripts/fuzz.sh
//! short` runs this file with 2,000 cases, `long` with 20,000.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::cell::RefCell;
use std::future::{ready, Future};

use pangea_authn_wasm::args::{ArgValue, Checker, ObjectArg};
use pangea_authn_wasm::config::{join_url, Config};
use pangea_authn_wasm::errors::Error;
use pangea_authn_wasm::exchange::Settings;
use pangea_authn_wasm::execute::Context;
use pangea_authn_wasm::poll::PollSchedule;
use pangea_authn_wasm::redact::{excerpt, EXCERPT_CHARS};
use pangea_authn_wasm::request::poll_path;
use pangea_authn_wasm::response::{classify, Outcome};
use pangea_authn_wasm::retry::backoff_ms;
use pangea_authn_wasm::session::{self, Call, Operation};
use pangea_authn_wasm::transport::{
    Attempt, BadBody, BodyProblem, Envelope, Method, Reply, Transport, TransportError,
};
use proptest::prelude::*;
use serde_json::{Map, Number, Value};
use support::{run, Clock, Json};

// ---------------------------------------------------------------- generators

/// Strings as a JS caller may pass them: ASCII, any Unicode scalar, token-like,
/// and occasionally long (up to 64 K characters; `huge_inputs` goes to 3 MB).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => any::<String>(),
        3 => "[a-z0-9_]{0,40}",
        2 => "(ptu|ptr|pts|pcl|pmt|eyJ)_[a-z2-7]{0,40}",
        2 => "\\PC{0,64}",
        1 => (any::<char>(), 0usize..65_536).prop_map(|(c, n)| c.to_string().repeat(n)),
    ]
}

/// A huge string: one repeated character, 1 to 3 MB (the JS tests send 10 MB).
fn huge() -> impl Strategy<Value = String> {
    (any::<char>(), 1usize << 20..3 << 20)
        .prop_map(|(c, bytes)| c.to_string().repeat(bytes / c.len_utf8()))
}

const TYPE_NAMES: [&str; 9] = [
    "number",
    "boolean",
    "object",
    "array",
    "function",
    "symbol",
    "bigint",
    "a string with unpaired surrogates",
    "a revoked Proxy",
];

fn arg_value() -> impl Strategy<Value = ArgValue> {
    prop_oneof![
        6 => text().prop_map(ArgValue::Str),
        1 => Just(ArgValue::Undefined),
        1 => Just(ArgValue::Null),
        1 => proptest::sample::select(&TYPE_NAMES[..]).prop_map(ArgValue::Other),
    ]
}

/// Keys the core looks at, plus anything.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            &[
                "size",
                "filter",
                "last",
                "order",
                "order_by",
                "token",
                "user_token",
                "refresh_token",
                "__proto__",
                "constructor",
                "",
            ][..]
        )
        .prop_map(str::to_owned),
        any::<String>(),
    ]
}

fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<i64>().prop_map(Number::from),
        any::<u64>().prop_map(Number::from),
        (-3i64..5).prop_map(Number::from),
        any::<f64>().prop_filter_map("finite", Number::from_f64),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number().prop_map(Value::Number),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((key(), json()), 0..8).prop_map(|kv| kv.into_iter().collect())
}

fn object_arg() -> impl Strategy<Value = ObjectArg> {
    prop_oneof![
        1 => Just(ObjectArg::Undefined),
        4 => json_object().prop_map(|m| ObjectArg::Json(Value::Object(m).to_string())),
        2 => json().prop_map(|v| ObjectArg::Json(v.to_string())),
        2 => text().prop_map(ObjectArg::Json),
        1 => proptest::sample::select(&TYPE_NAMES[..]).prop_map(ObjectArg::Other),
        1 => text().prop_map(ObjectArg::Unserializable),
    ]
}

// ------------------------------------------------- arguments and the builders

const ARGUMENT_NAMES: [&str; 6] = [
    "token",
    "sessionID",
    "refreshToken",
    "user_id",
    "options",
    "request",
];

/// The SDK's list-option rules, written independently of `args.rs`.
fn list_options_ok(options: &Map<String, Value>) -> bool {
    options.iter().all(|(k, v)| match k.as_str() {
        "filter" => v.is_object(),
        "last" | "order" | "order_by" => v.is_string(),
        "size" => v.as_f64().is_some_and(|f| f >= 1.0 && f.fract() == 0.0),
        _ => true,
    })
}

fn parsed_object(arg: &ObjectArg) -> Option<Map<String, Value>> {
    match arg {
        ObjectArg::Undefined => Some(Map::new()),
        ObjectArg::Json(text) => match serde_json::from_str(text) {
            Ok(Value::Object(m)) => Some(m),
            _ => None,
        },
        _ => None,
    }
}

fn string_of(arg: &ArgValue) -> Option<&str> {
    match arg {
        ArgValue::Str(s) => Some(s),
        _ => None,
    }
}

fn object(pairs: &[(&str, &str)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Value::String((*v).to_owned())))
        .collect()
}

/// The body pangea-node-sdk would send, or `None` when the call must be refused.
fn expected_body(op: Operation, a: &ArgValue, b: &ArgValue, o: &ObjectArg) -> Option<Value> {
    let body = match op {
        Operation::ClientInvalidate => {
            object(&[("token", string_of(a)?), ("session_id", string_of(b)?)])
        }
        Operation::ClientList => {
            let token = string_of(a)?;
            let options = parsed_object(o)?;
            if !list_options_ok(&options) {
                return None;
            }
            let mut body = object(&[("token", token)]);
            body.extend(options);
            body
        }
        Operation::ClientLogout => object(&[("token", string_of(a)?)]),
        Operation::ClientRefresh => {
            let mut body = object(&[("refresh_token", string_of(a)?)]);
            match parsed_object(o)?.get("user_token") {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) if s.is_empty() => {}
                Some(v @ Value::String(_)) => {
                    body.insert("user_token".into(), v.clone());
                }
                Some(_) => return None,
            }
            body
        }
        Operation::Invalidate => object(&[("session_id", string_of(a)?)]),
        Operation::List => {
            let request = parsed_object(o)?;
            if !list_options_ok(&request) {
                return None;
            }
            request
        }
        Operation::Logout => object(&[("user_id", string_of(a)?)]),
    };
    Some(Value::Object(body))
}

fn build(op: Operation, a: ArgValue, b: ArgValue, o: ObjectArg) -> Result<Call, String> {
    let result = match op {
        Operation::ClientInvalidate => session::client_invalidate(a, b),
        Operation::ClientList => session::client_list(a, o),
        Operation::ClientLogout => session::client_logout(a),
        Operation::ClientRefresh => session::client_refresh(a, o),
        Operation::Invalidate => session::invalidate(a),
        Operation::List => session::list(o),
        Operation::Logout => session::logout(a),
    };
    result.map_err(|e| {
        let message = e.message();
        assert_eq!(e.method, op.method());
        let base = e.argument.split('.').next().unwrap_or_default();
        assert!(ARGUMENT_NAMES.contains(&base), "{}", e.argument);
        assert!(message.contains(op.method()) && message.contains(&e.argument));
        message
    })
}

proptest! {
    /// Every builder accepts exactly what the SDK would send, sends exactly the
    /// SDK's body (byte for byte, key order kept) and names the argument otherwise.
    #[test]
    fn builders_send_the_sdk_body_or_name_the_argument(
        op in proptest::sample::select(&Operation::ALL[..]),
        a in arg_value(),
        b in arg_value(),
        o in object_arg(),
    ) {
        let expected = expected_body(op, &a, &b, &o);
        let strings: Vec<String> = [&a, &b].iter().filter_map(|v| string_of(v)).map(str::to_owned).collect();
        match build(op, a, b, o) {
            Ok(call) => {
                let expected = expected.expect("accepted a call the SDK rules refuse");
                prop_assert_eq!(call.operation, op);
                // Values as JSON (number texts are kept as the caller's platform
                // wrote them, which serde may print differently), keys in order.
                let sent: Value = serde_json::from_str(&call.body).unwrap();
                prop_assert_eq!(&sent, &expected);
                let order = |v: &Value| v.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>());
                prop_assert_eq!(order(&sent), order(&expected));
                for secret in &call.secrets {
                    prop_assert!(["token", "refresh_token", "user_token"]
                        .iter()
                        .any(|k| sent.get(k).and_then(Value::as_str) == Some(secret)));
                }
            }
            Err(message) => {
                prop_assert!(expected.is_none(), "refused a valid call: {}", message);
                // The message names types, never values (which may be secrets or huge).
                prop_assert!(message.chars().count() < 400, "{}", message.len());
                for s in strings.iter().filter(|s| s.chars().count() >= 16) {
                    prop_assert!(!message.contains(s.as_str()));
                }
            }
        }
    }

    /// The argument checker never panics and agrees with the reference rules.
    #[test]
    fn checker_agrees_with_the_reference_rules(options in json_object(), raw in text()) {
        let c = Checker::new("session.list");
        let arg = ObjectArg::Json(Value::Object(options.clone()).to_string());
        let members = c.object("request", &arg).unwrap();
        prop_assert_eq!(c.list_options("request", &members).is_ok(), list_options_ok(&options));
        let raw_arg = ObjectArg::Json(raw.clone());
        let parsed = c.object("request", &raw_arg);
        let reference = matches!(serde_json::from_str::<Value>(&raw), Ok(Value::Object(_)));
        prop_assert_eq!(parsed.is_ok(), reference);
        prop_assert!(c.string("x", ArgValue::Str(raw.clone())).is_ok());
    }
}

// ------------------------------------------------------------------- redaction

/// Secrets as they come: token-like or any text (but without the mask's own
/// `*`, which could rebuild a secret out of a mask and its neighbours).
fn secret() -> impl Strategy<Value = String> {
    prop_oneof![
        "(ptu|ptr|pts|pcl)_[a-z2-7]{32}",
        "[A-Za-z0-9._-]{4,40}",
        "[^*]{4,24}",
    ]
}

fn text_with_secrets() -> impl Strategy<Value = (String, Vec<String>)> {
    (
        prop::collection::vec(secret(), 0..4),
        prop::collection::vec(any::<String>(), 0..6),
        prop::collection::vec(any::<prop::sample::Index>(), 0..6),
    )
        .prop_map(|(secrets, mut pieces, picks)| {
            if !secrets.is_empty() {
                for p in picks {
                    let at = p.index(pieces.len() + 1);
                    pieces.insert(at, p.get(&secrets).clone());
                }
            }
            (pieces.concat(), secrets)
        })
}

proptest! {
    /// Output is bounded, has no control characters, and no secret that
    /// appears whole in the input survives.
    #[test]
    fn excerpts_are_bounded_and_secret_free((text, secrets) in text_with_secrets()) {
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let out = excerpt(&text, &refs);
        prop_assert!(out.chars().count() <= EXCERPT_CHARS);
        prop_assert!(!out.chars().any(char::is_control));
        for s in &secrets {
            if text.contains(s.as_str()) {
                prop_assert!(!out.contains(s.as_str()), "{:?} survived in {:?}", s, out);
            }
        }
    }

    /// Arbitrary text and arbitrary "secrets" (short, empty, overlapping): no panic.
    #[test]
    fn excerpt_never_panics(text in text(), secrets in prop::collection::vec(any::<String>(), 0..5)) {
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let out = excerpt(&text, &refs);
        prop_assert!(out.chars().count() <= EXCERPT_CHARS);
    }
}

// ---------------------------------------------------------------- URLs, paths

proptest! {
    #[test]
    fn base_url_and_join_url_are_total(template in text(), path in text()) {
        let config = Config { base_url_template: template.clone(), ..Config::default() };
        let base = config.base_url();
        prop_assert!(!base.ends_with('/'));
        // Only the first placeholder is replaced (and "authn" cannot form a new one).
        let placeholders = |s: &str| s.matches("{SERVICE_NAME}").count();
        prop_assert_eq!(placeholders(&base), placeholders(&template).saturating_sub(1));
        let url = join_url(&base, &path);
        prop_assert_eq!(url, format!("{base}/{}", path.trim_start_matches('/')));
    }

    /// A poll path is `request/` plus one segment of unreserved characters and
    /// `%XX` escapes that decodes back to the id; never a dot segment.
    #[test]
    fn poll_paths_are_one_safe_segment(id in text()) {
        match poll_path(&id) {
            None => prop_assert!(matches!(id.as_str(), "" | "." | "..")),
            Some(path) => {
                let segment = path.strip_prefix("request/").expect("prefix");
                prop_assert!(!matches!(segment, "" | "." | ".."));
                prop_assert!(segment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
                let mut decoded = Vec::new();
                let bytes = segment.as_bytes();
                let mut i = 0;
                while i < bytes.len() {
                    if bytes[i] == b'%' {
                        let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                        decoded.push(u8::from_str_radix(hex, 16).unwrap());
                        i += 3;
                    } else {
                        decoded.push(bytes[i]);
                        i += 1;
                    }
                }
                prop_assert_eq!(decoded, id.as_bytes());
            }
        }
    }
}

// ------------------------------------------------------ back-off and polling

proptest! {
    #[test]
    fn backoff_is_bounded_and_monotonic(retry in any::<u32>(), random in any::<f64>()) {
        let ms = backoff_ms(retry, random);
        let base = (500u64 << retry.min(5)).min(8000);
        prop_assert!(ms <= base && ms * 4 >= base * 3, "{} for base {}", ms, base);
        prop_assert!(backoff_ms(retry.saturating_add(1), random) >= ms);
    }

    /// No wait ends past the deadline; `None` exactly when the deadline has
    /// passed; with time advancing by the waits the loop ends.
    #[test]
    fn poll_schedule_respects_the_deadline(
        start in prop_oneof![0u64..1 << 50, any::<u64>()],
        timeout in prop_oneof![0u64..300_000, any::<u64>()],
        latencies in prop::collection::vec(0u64..5_000, 1..16),
    ) {
        let mut schedule = PollSchedule::new(start, timeout);
        let deadline = start.saturating_add(timeout);
        let mut now = start;
        let mut polls = 0u64;
        // Huge deadlines would take ~10^5 polls to reach: 1,000 are checked.
        while polls < 1_000 {
            let Some(wait) = schedule.next_wait(now) else {
                prop_assert!(now >= deadline);
                break;
            };
            prop_assert!(now < deadline);
            prop_assert!(wait > 0 && now.saturating_add(wait) <= deadline);
            polls += 1;
            prop_assert!(wait <= polls * polls * 1000);
            now = now.saturating_add(wait).saturating_add(latencies[(polls as usize) % latencies.len()]);
        }
        if timeout < 300_000 {
            prop_assert!(now >= deadline, "a short schedule ends");
            prop_assert!(polls <= max_polls(timeout));
        }
    }
}

// -------------------------------------------------------------- the executor

/// One scripted reply.
#[derive(Debug, Clone)]
enum Scripted {
    Body {
        http: u16,
        header: Option<String>,
        body: Value,
    },
    Bad {
        http: u16,
        problem: BodyProblem,
        text: String,
    },
    Timeout,
    Network(String),
}

const SECRET: &str = "pts_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";

fn status_string() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => proptest::sample::select(&[
            "Success", "Accepted", "InternalError", "ValidationError", "NoStatus",
            "TooManyRequests", "Unauthorized", "NotFound", "ServiceNotEnabled",
        ][..]).prop_map(|s| Value::String(s.to_owned())),
        1 => any::<String>().prop_map(Value::String),
        1 => json(),
    ]
}

fn request_id() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => "prq_[a-z2-7]{8}".prop_map(Value::String),
        1 => proptest::sample::select(&["", ".", "..", "../x", "a/b?c#d", "%2e%2e"][..])
            .prop_map(|s| Value::String(s.to_owned())),
        1 => any::<String>().prop_map(Value::String),
        1 => json(),
    ]
}

fn http_status() -> impl Strategy<Value = u16> {
    prop_oneof![
        4 => proptest::sample::select(&[200u16, 202, 400, 404, 500, 502, 503, 504][..]),
        1 => any::<u16>(),
    ]
}

fn scripted() -> impl Strategy<Value = Scripted> {
    prop_oneof![
        6 => (http_status(), proptest::option::of(any::<String>()), prop::option::of(status_string()), prop::option::of(request_id()), json())
            .prop_map(|(http, header, status, id, result)| {
                let mut body = Map::new();
                if let Some(s) = status { body.insert("status".into(), s); }
                if let Some(id) = id { body.insert("request_id".into(), id); }
                body.insert("result".into(), result);
                Scripted::Body { http, header, body: Value::Object(body) }
            }),
        2 => (http_status(), proptest::sample::select(&[BodyProblem::Empty, BodyProblem::NotJson, BodyProblem::NotObject][..]), text())
            .prop_map(|(http, problem, text)| Scripted::Bad { http, problem, text: format!("{text}{SECRET}") }),
        1 => Just(Scripted::Timeout),
        1 => any::<String>().prop_map(|m| Scripted::Network(format!("{m} {SECRET}"))),
    ]
}

/// Cycles through its script for ever and records every attempt.
struct Cycle<'a> {
    script: Vec<Scripted>,
    clock: &'a Clock,
    latency_ms: u64,
    sent: RefCell<Vec<(Method, String, Option<String>)>>,
}

impl Transport for Cycle<'_> {
    type Body = Json;
    fn send(&self, a: Attempt<'_>) -> impl Future<Output = Result<Reply<Json>, TransportError>> {
        let n = self.sent.borrow().len();
        self.sent.borrow_mut().push((
            a.request.method,
            a.request.url.clone(),
            a.retried_request_ids.map(str::to_owned),
        ));
        self.clock.now.set(self.clock.now.get() + self.latency_ms);
        let reply = match &self.script[n % self.script.len()] {
            Scripted::Body { http, header, body } => Ok(Reply {
                http_status: *http,
                request_id_header: header.clone(),
                body: Ok(Json(body.clone())),
            }),
            Scripted::Bad {
                http,
                problem,
                text,
            } => Ok(Reply {
                http_status: *http,
                request_id_header: None,
                body: Err(BadBody {
                    problem: *problem,
                    excerpt: text.clone(),
                }),
            }),
            Scripted::Timeout => Err(TransportError::Timeout),
            Scripted::Network(m) => Err(TransportError::Network(m.clone())),
        };
        ready(reply)
    }
}

fn max_polls(timeout_ms: u64) -> u64 {
    // Waits of 1 s, 4 s, 9 s…: n polls need (n-1)n(2n-1)/6 s before the last.
    let mut n = 0u64;
    while (n * (n + 1) * (2 * n + 1) / 6) * 1000 < timeout_ms {
        n += 1;
    }
    n + 1
}

proptest! {
    /// Whatever the server does, a call ends, sends at most `retries + 1` POSTs
    /// (and as many GETs per poll), polls only `<base>/request/<encoded id>`,
    /// and its outcome agrees with the final reply; no message holds a secret.
    #[test]
    fn the_executor_always_terminates_within_its_budget(
        script in prop::collection::vec(scripted(), 1..12),
        retries in 0u32..5,
        queued in any::<bool>(),
        poll_timeout in prop_oneof![0u64..20_000, 0u64..200_000],
        latency in 0u64..3_000,
        random in 0.0f64..1.0,
    ) {
        let clock = Clock::new(0, random);
        let transport = Cycle { script, clock: &clock, latency_ms: latency, sent: RefCell::default() };
        let config = Config {
            base_url_template: "http://h".into(),
            request_retries: retries,
            request_timeout_ms: Some(5_000),
            queued_retry_enabled: queued,
            poll_result_timeout_ms: poll_timeout,
        };
        let settings = Settings { config: &config, base_url: "http://h", secrets: &[SECRET] };
        let ctx = Context { transport: &transport, runtime: &clock, settings };
        let call = session::list(ObjectArg::Undefined).unwrap();
        let start = clock.now.get();
        let outcome = run(ctx.execute(call.clone()));

        let sent = transport.sent.borrow();
        let posts = sent.iter().filter(|s| s.0 == Method::Post).count() as u64;
        let gets = sent.len() as u64 - posts;
        prop_assert!(posts >= 1 && posts <= u64::from(retries) + 1);
        prop_assert!(sent.iter().take(posts as usize).all(|s| s.0 == Method::Post && s.1 == "http://h/v2/session/list"));
        let per_poll = u64::from(retries) + 1;
        prop_assert!(gets <= max_polls(poll_timeout) * per_poll, "{} GETs", gets);
        if gets > 0 {
            prop_assert!(queued);
            let url = &sent[posts as usize].1;
            prop_assert!(url.starts_with("http://h/request/"));
            prop_assert!(sent.iter().skip(posts as usize).all(|s| s.0 == Method::Get && &s.1 == url));
        }
        // One round of attempts costs at most (retries + 1) latencies and
        // `retries` back-offs of at most 8 s. Polls start before the deadline.
        let round = per_poll * latency + u64::from(retries) * 8_000;
        let budget = round + if gets > 0 { poll_timeout + round } else { 0 };
        prop_assert!(clock.now.get() - start <= budget, "{} > {}", clock.now.get() - start, budget);

        match outcome {
            Ok(answer) => prop_assert_eq!(answer.body.status(), Some("Success".to_owned())),
            Err(Error::Api { kind, answer }) => {
                prop_assert_eq!(classify(answer.http_status, answer.body.status().as_deref()), Outcome::Failure(kind));
            }
            Err(e @ Error::InvalidResponse { .. }) | Err(e @ Error::Network { .. }) => {
                prop_assert!(!e.message().contains(SECRET));
                // The excerpt is quoted with `{:?}`: at worst `\u{10ffff}` per character.
                prop_assert!(e.message().chars().count() < EXCERPT_CHARS * 10 + 100);
            }
            Err(Error::Timeout { timeout_ms }) => prop_assert_eq!(timeout_ms, 5_000),
            Err(Error::InvalidArgument(_)) => prop_assert!(false, "no argument error expected"),
        }
    }
}

/// Megabytes through every entry point: no panic, bodies intact, output
/// bounded. Four cases whatever `PROPTEST_CASES` says (it would override a
/// `proptest_config`), since each case handles megabytes in a debug build.
#[test]
fn huge_inputs() {
    use proptest::test_runner::{Config as RunnerConfig, TestRunner};
    let mut runner = TestRunner::new(RunnerConfig {
        cases: 4,
        ..RunnerConfig::default()
    });
    runner
        .run(&huge(), |big| {
            let call = session::logout(ArgValue::Str(big.clone())).unwrap();
            let sent: Value = serde_json::from_str(&call.body).unwrap();
            prop_assert!(sent["user_id"] == big.as_str());
            let options =
                ObjectArg::Json(serde_json::json!({ "filter": { "email": big } }).to_string());
            prop_assert!(session::client_list(ArgValue::Str(big.clone()), options).is_ok());
            prop_assert!(excerpt(&big, &[&big]).chars().count() <= EXCERPT_CHARS);
            prop_assert!(poll_path(&big).is_some());
            let config = Config {
                base_url_template: big.clone(),
                ..Config::default()
            };
            prop_assert!(config.base_url().len() <= big.len());
            Ok(())
        })
        .unwrap();
}

// ------------------------------------------------- the core's JSON reader

proptest! {
    /// `json::parse_object` (the core's own reader, used instead of a JSON
    /// library) agrees with serde_json on every value `JSON.stringify` could
    /// write: same kind, same keys in order, raw member texts with the same
    /// values; and on arbitrary text it never panics and refuses what serde
    /// refuses (serde's nesting and number-range limits aside).
    #[test]
    fn the_json_reader_agrees_with_serde(value in json(), text in text()) {
        use pangea_authn_wasm::json::{parse_object, write_string, Kind};
        let kind = |v: &Value| match v {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        };
        let written = value.to_string();
        let (k, members) = parse_object(&written).expect("serde's output is JSON");
        prop_assert_eq!(k, kind(&value));
        if let Value::Object(map) = &value {
            prop_assert_eq!(members.len(), map.len());
            for (m, (key, v)) in members.iter().zip(map) {
                prop_assert_eq!(&m.key, key);
                prop_assert_eq!(m.kind, kind(v));
                // Both through serde's parser (it is not exact for all floats).
                let reparsed: Value = serde_json::from_str(&v.to_string()).unwrap();
                prop_assert_eq!(serde_json::from_str::<Value>(m.raw).unwrap(), reparsed);
            }
        }
        if parse_object(&text).is_err() {
            prop_assert!(serde_json::from_str::<Value>(&text).is_err(), "refused valid JSON {:?}", text);
        }
        let mut out = String::new();
        write_string(&mut out, &text);
        prop_assert_eq!(Some(out), serde_json::to_string(&text).ok());
    }
}
