//! Test harness: an emulator started in-process on a free port, an HTTP
//! client whose every reply is checked against the OpenAPI response schemas,
//! and raw-socket helpers for the faults that break HTTP.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use emulator::{Config, Running};
use http::{HeaderMap, Method, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The OpenAPI document, copied into the crate so tests are self-contained.
const OPENAPI: &str = include_str!("../data/authn.openapi.json");

/// A reply, already schema-checked.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Resp {
    /// The envelope `status` string.
    pub fn pangea_status(&self) -> &str {
        self.body["status"].as_str().unwrap_or("")
    }

    /// `result.errors` as `(code, source)` pairs.
    pub fn error_pairs(&self) -> Vec<(String, String)> {
        self.body["result"]["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| {
                        (
                            e["code"].as_str().unwrap_or("").to_owned(),
                            e["source"].as_str().unwrap_or("").to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Asserts HTTP 200 / `Success` and returns `result`.
    #[track_caller]
    pub fn ok(&self) -> &Value {
        assert_eq!(self.status, 200, "expected success, got {}", self.body);
        assert_eq!(self.pangea_status(), "Success");
        &self.body["result"]
    }

    /// Asserts an error reply's HTTP code and status string.
    #[track_caller]
    pub fn expect(&self, http: u16, status: &str) -> &Self {
        assert_eq!(
            (self.status, self.pangea_status()),
            (http, status),
            "body: {}",
            self.body
        );
        self
    }

    /// Asserts a 400 `ValidationError` with exactly these `(code, source)`s.
    #[track_caller]
    pub fn expect_validation(&self, expected: &[(&str, &str)]) {
        self.expect(400, "ValidationError");
        let got = self.error_pairs();
        let want: Vec<(String, String)> = expected
            .iter()
            .map(|(c, s)| ((*c).to_owned(), (*s).to_owned()))
            .collect();
        assert_eq!(got, want, "body: {}", self.body);
        let n = want.len();
        let summary = if expected == [("BadFormat", "")] {
            "The request body is not valid JSON".to_owned()
        } else if expected == [("InvalidObject", "")] {
            "The request body must be a JSON object".to_owned()
        } else if n == 1 {
            "There was 1 error validating the request body".to_owned()
        } else {
            format!("There were {n} errors validating the request body")
        };
        assert_eq!(self.body["summary"], json!(summary));
    }
}

/// A running emulator plus a client.
pub struct Emu {
    pub running: Option<Running>,
    pub url: String,
    pub service: String,
    pub client_token: String,
    http: Client<HttpConnector, Full<Bytes>>,
}

/// Seed used by most tests: 20 users.
pub const SEED: u64 = 20;

impl Emu {
    /// `--seed 20 --faults --quiet` on a free port.
    pub async fn start() -> Self {
        Self::with(Config {
            seed: SEED,
            faults: true,
            ..Config::default()
        })
        .await
    }

    /// Starts with the given configuration.
    pub async fn with(config: Config) -> Self {
        let running = emulator::start(&config).await.expect("emulator starts");
        let url = running.url().to_owned();
        let service = running.startup.service_token.clone();
        let client_token = running.startup.client_token.clone();
        Self {
            running: Some(running),
            url,
            service,
            client_token,
            http: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// Stops the server.
    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.stop().await;
        }
    }

    /// POSTs JSON with the service token.
    pub async fn svc(&self, path: &str, body: Value) -> Resp {
        self.post(path, Some(&self.service.clone()), body).await
    }

    /// POSTs JSON with an optional bearer token.
    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Resp {
        let bytes = Bytes::from(serde_json::to_vec(&body).unwrap());
        self.send(Method::POST, path, token, &[], bytes).await
    }

    /// GETs with an optional bearer token.
    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        self.send(Method::GET, path, token, &[], Bytes::new()).await
    }

    /// Any request; the reply must be a schema-valid JSON envelope.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Bytes,
    ) -> Resp {
        let (status, h, raw) = self.exchange(method, path, token, headers, body).await;
        let body: Value = serde_json::from_slice(&raw)
            .unwrap_or_else(|e| panic!("{path}: reply is not JSON ({e}): {raw:?}"));
        check_envelope(path, status, &h, &body);
        Resp {
            status,
            headers: h,
            body,
        }
    }

    /// Any request, reply returned unparsed. Only for the faults that send
    /// non-JSON bodies on purpose; everything else goes through [`send`].
    pub async fn send_unchecked(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Bytes,
    ) -> (u16, HeaderMap, Bytes) {
        self.exchange(method, path, token, &[], body).await
    }

    async fn exchange(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Bytes,
    ) -> (u16, HeaderMap, Bytes) {
        let mut builder = Request::builder()
            .method(method)
            .uri(format!("{}{}", self.url, path))
            .header("content-type", "application/json");
        if let Some(t) = token {
            builder = builder.header("authorization", format!("Bearer {t}"));
        }
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let request = builder.body(Full::new(body)).unwrap();
        let response = tokio::time::timeout(Duration::from_secs(20), self.http.request(request))
            .await
            .expect("reply within 20 s")
            .expect("HTTP exchange");
        let status = response.status().as_u16();
        let (parts, body) = response.into_parts();
        let bytes = body.collect().await.expect("body").to_bytes();
        (status, parts.headers, bytes)
    }

    /// The current fixture (checked as an envelope too).
    pub async fn fixture(&self) -> Value {
        let r = self
            .get("/_emulator/fixture", Some(&self.service.clone()))
            .await;
        assert_eq!(r.status, 200);
        r.body
    }

    /// Active sessions of the fixture, flattened.
    pub async fn sessions(&self) -> Vec<Sess> {
        sessions_of(&self.fixture().await, false)
    }

    /// Queues faults.
    pub async fn faults(&self, faults: Value) -> Resp {
        let r = self
            .post("/_emulator/faults", None, json!({ "faults": faults }))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r
    }

    /// `host:port` for raw sockets.
    pub fn addr(&self) -> String {
        self.url.trim_start_matches("http://").to_owned()
    }
}

/// One session of a fixture with its owner's details.
#[derive(Debug, Clone, PartialEq)]
pub struct Sess {
    pub user_id: String,
    pub email: String,
    pub username: Option<String>,
    pub enabled: bool,
    pub id: String,
    pub active_token_id: String,
    pub user_token: String,
    pub refresh_token: String,
    pub created_at: String,
    pub expire: String,
    pub scopes: Vec<String>,
    pub profile: serde_json::Map<String, Value>,
    pub expired: bool,
    pub invalidated: bool,
}

/// The sessions of a fixture: active ones, or with `all` every one.
pub fn sessions_of(fixture: &Value, all: bool) -> Vec<Sess> {
    let mut out = Vec::new();
    for u in fixture["users"].as_array().unwrap() {
        for s in u["sessions"].as_array().unwrap() {
            let sess = Sess {
                user_id: u["id"].as_str().unwrap().into(),
                email: u["email"].as_str().unwrap().into(),
                username: u["username"].as_str().map(str::to_owned),
                enabled: u["enabled"].as_bool().unwrap(),
                id: s["id"].as_str().unwrap().into(),
                active_token_id: s["active_token_id"].as_str().unwrap().into(),
                user_token: s["user_token"].as_str().unwrap().into(),
                refresh_token: s["refresh_token"].as_str().unwrap().into(),
                created_at: s["created_at"].as_str().unwrap().into(),
                expire: s["expire"].as_str().unwrap().into(),
                scopes: serde_json::from_value(s["scopes"].clone()).unwrap(),
                profile: s["profile"].as_object().unwrap().clone(),
                expired: s["expired"].as_bool().unwrap(),
                invalidated: s["invalidated"].as_bool().unwrap(),
            };
            if all || (!sess.expired && !sess.invalidated) {
                out.push(sess);
            }
        }
    }
    out
}

/// Ids in a list result.
pub fn ids(result: &Value) -> Vec<String> {
    result["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

// ---------------------------------------------------------------- schemas

/// The OpenAPI document, as published and with the envelope relaxed for
/// error replies (see `check_envelope`).
struct Docs {
    strict: Value,
    relaxed: Value,
    cache: Mutex<HashMap<(bool, String), Arc<jsonschema::Validator>>>,
}

fn docs() -> &'static Docs {
    static DOCS: OnceLock<Docs> = OnceLock::new();
    DOCS.get_or_init(|| {
        let strict: Value = serde_json::from_str(OPENAPI).unwrap();
        let mut relaxed = strict.clone();
        let props = &mut relaxed["components"]["schemas"]["pangea-response"]["properties"];
        // The spec's envelope allows only status "Success" and an object
        // result; error replies carry other statuses and, per Pangea's own
        // SDK fixtures, `result: null`.
        props["status"] = json!({"type": "string", "minLength": 1});
        props["result"] = json!({"type": ["object", "null"]});
        Docs {
            strict,
            relaxed,
            cache: Mutex::new(HashMap::new()),
        }
    })
}

/// A validator for the schema at `pointer` inside the OpenAPI document: the
/// whole document is the root (so `#/components/...` refs resolve) plus a
/// root `$ref` to the schema wanted.
fn validator(relaxed: bool, pointer: &str) -> Arc<jsonschema::Validator> {
    let d = docs();
    let key = (relaxed, pointer.to_owned());
    if let Some(v) = d.cache.lock().unwrap().get(&key) {
        return Arc::clone(v);
    }
    let mut root = if relaxed {
        d.relaxed.clone()
    } else {
        d.strict.clone()
    };
    // `{requestId}` must be percent-encoded inside a URI fragment.
    let fragment = pointer.replace('{', "%7B").replace('}', "%7D");
    root["$ref"] = json!(format!("#{fragment}"));
    let v = Arc::new(
        jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("schema {pointer}: {e}")),
    );
    d.cache.lock().unwrap().insert(key, Arc::clone(&v));
    v
}

fn escape(path: &str) -> String {
    path.replace('~', "~0").replace('/', "~1")
}

/// The response schema pointer of an API operation for an HTTP code.
pub fn op_schema(path: &str, http: u16) -> String {
    format!(
        "/paths/{}/post/responses/{http}/content/application~1json/schema",
        escape(path)
    )
}

/// Asserts `body` validates against the schema at `pointer`.
#[track_caller]
pub fn assert_schema(pointer: &str, relaxed: bool, body: &Value) {
    let v = validator(relaxed, pointer);
    let errors: Vec<String> = v
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "reply does not match {pointer}: {errors:?}\nbody: {body}"
    );
}

/// Every reply: envelope shape, header/body agreement, and the response
/// schema that fits the route and HTTP code.
#[track_caller]
pub fn check_envelope(path: &str, http: u16, headers: &HeaderMap, body: &Value) {
    assert_eq!(
        headers
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap()),
        Some("*"),
        "CORS header on {path}"
    );
    if path == "/health" && http == 200 {
        assert_eq!(body, &json!({"status": "ok"}));
        return;
    }
    assert_eq!(
        headers.get("content-type").map(|v| v.to_str().unwrap()),
        Some("application/json")
    );
    let id = body["request_id"].as_str().expect("request_id");
    assert!(is_id(id, "prq_"), "request_id {id}");
    assert_eq!(
        headers.get("x-request-id").map(|v| v.to_str().unwrap()),
        Some(id),
        "x-request-id header equals request_id"
    );
    for key in ["request_time", "response_time"] {
        let t = body[key].as_str().expect(key);
        assert!(
            t.len() == 27 && t.ends_with('Z') && t.as_bytes()[19] == b'.',
            "{key} {t} is ISO-8601 UTC with microseconds"
        );
    }
    let status = body["status"].as_str().expect("status");
    let success = status == "Success";
    let api = path.starts_with("/v2/");
    let path_only = path.split('?').next().unwrap_or(path);
    let pointer = if api && ((http == 200 && success) || http == 400) {
        op_schema(path_only, http)
    } else if http == 202 {
        "/paths/~1request~1{requestId}/get/responses/202/content/application~1json/schema".into()
    } else if path.starts_with("/request/") && http == 200 {
        "/paths/~1request~1{requestId}/get/responses/200/content/application~1json/schema".into()
    } else {
        "/components/schemas/pangea-response".into()
    };
    assert_schema(&pointer, !success, body);
    if api && http == 200 && success && path_only.ends_with("/list") {
        // The client-list schema misspells `required` (`requred`), so the
        // presence of `sessions` is checked here instead.
        assert!(body["result"]["sessions"].is_array());
    }
}

pub fn is_id(s: &str, prefix: &str) -> bool {
    s.strip_prefix(prefix).is_some_and(|b| {
        b.len() == 32
            && b.bytes()
                .all(|c| c.is_ascii_lowercase() || (b'2'..=b'7').contains(&c))
    })
}

// ---------------------------------------------------------------- raw HTTP

/// Writes `request` on a fresh connection and reads until EOF or `wait`.
/// Returns what arrived and whether the server closed the connection.
pub async fn raw_exchange(addr: &str, request: &[u8], wait: Duration) -> (Vec<u8>, bool) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return (got, false),
            Ok(Ok(0)) => return (got, true),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            // A reset also means "closed".
            Ok(Err(_)) => return (got, true),
        }
    }
}

/// A raw HTTP/1.1 POST with a JSON body.
pub fn raw_post(addr: &str, path: &str, token: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Splits a raw reply into (head, body).
pub fn split_reply(raw: &[u8]) -> (String, Vec<u8>) {
    let pos = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end");
    (
        String::from_utf8_lossy(&raw[..pos]).into_owned(),
        raw[pos + 4..].to_vec(),
    )
}

/// A header value from a raw head (case-insensitive name).
pub fn head_value(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}
