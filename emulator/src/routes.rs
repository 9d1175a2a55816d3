//! The router, and the pipeline every API request goes through:
//! plan faults → read body → (fault) → auth → validate → operate → reply,
//! recording the request in the log when `--faults` is on.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use bytes::Bytes;
use http::request::Parts;
use http::{header, StatusCode};
use serde_json::{json, Value};

use crate::auth;
use crate::body::{self, BodyError};
use crate::clock::{self, Micros};
use crate::control;
use crate::cors;
use crate::envelope::{self, Reply};
use crate::faults::{Action, Plan};
use crate::inject;
use crate::ops;
use crate::reqlog::{self, Entry};
use crate::requests::{Op, OPS};
use crate::server::ConnControl;
use crate::state::{self, App};
use crate::validate::{Code, Errors};

/// How long a `hang` fault holds a request at most.
pub const HANG_LIMIT: Duration = Duration::from_secs(600);

/// What an API request addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// One of the seven operations.
    Op(Op),
    /// `GET /request/{id}`.
    Poll(String),
}

/// Builds the whole application.
pub fn router(app: Arc<App>) -> Router {
    let mut router = Router::new().route("/health", get(health));
    for (op, path) in OPS {
        router = router.route(
            path,
            post(move |State(app): State<Arc<App>>, request: Request| {
                api(app, Target::Op(op), request)
            }),
        );
    }
    router = router.route(
        "/request/{request_id}",
        get(|State(app): State<Arc<App>>, request: Request| {
            let id = request
                .uri()
                .path()
                .strip_prefix("/request/")
                .unwrap_or_default()
                .to_owned();
            api(app, Target::Poll(id), request)
        }),
    );
    router = control::routes(router, app.faults_enabled);
    router
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(middleware::from_fn(cors::layer))
        .with_state(app)
}

/// `GET /health`: liveness, no auth.
async fn health() -> Response {
    envelope::json_response(
        StatusCode::OK,
        Bytes::from_static(br#"{"status":"ok"}"#),
        None,
    )
}

/// Unknown path or wrong method: 404 `NotFound`.
async fn not_found(State(app): State<Arc<App>>, request: Request) -> Response {
    let summary = format!("No route for {} {}", request.method(), request.uri().path());
    let id = app.ids.next_id();
    Reply::not_found(&summary).into_response(&id, clock::now())
}

/// The API pipeline for one request to `target`.
async fn api(app: Arc<App>, target: Target, request: Request) -> Response {
    let received = clock::now();
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let plan = if app.faults_enabled {
        state::lock(&app.faults).plan(parts.uri.path())
    } else {
        Plan::default()
    };
    let body = body::read(body, &parts.headers, app.body_timeout).await;
    if plan.delay_ms > 0 {
        pause(&app, plan.delay_ms).await;
    }
    let request_id = app.ids.next_id();
    let conn = parts.extensions.get::<Arc<ConnControl>>().cloned();
    let ctx = Ctx {
        app: &app,
        target,
        parts: &parts,
        body: &body,
        request_id: &request_id,
        received,
    };
    let response = match plan.action {
        Some(Action::Hang) => {
            ctx.record(None);
            return hang(&app, conn).await;
        }
        Some(Action::Drop) => {
            ctx.record(None);
            return cut(conn).await;
        }
        other => ctx.respond(other, conn).await,
    };
    ctx.record(Some(response.status().as_u16()));
    ctx.log_line(response.status().as_u16(), started);
    response
}

/// Everything one API request's handling needs.
struct Ctx<'a> {
    app: &'a App,
    target: Target,
    parts: &'a Parts,
    body: &'a Result<Bytes, BodyError>,
    request_id: &'a str,
    received: Micros,
}

impl Ctx<'_> {
    /// The reply, shaped by a fault that still answers (all but hang/drop).
    async fn respond(&self, action: Option<Action>, conn: Option<Arc<ConnControl>>) -> Response {
        let (id, received) = (self.request_id, self.received);
        match action {
            Some(Action::Delay { ms }) => {
                pause(self.app, ms).await;
                self.real().into_response(id, received)
            }
            Some(Action::Status(fault)) => inject::status_response(&fault, id, received),
            Some(Action::Accepted { polls }) => self.accept(polls),
            Some(Action::Truncate) => {
                let real = self.real();
                let bytes = real.body(id, received);
                let full = envelope::json_response(real.http, bytes.clone(), Some(id));
                inject::truncated_response(full, conn, bytes)
            }
            None | Some(Action::Hang) | Some(Action::Drop) => {
                self.real().into_response(id, received)
            }
        }
    }

    /// The reply the service itself would give.
    fn real(&self) -> Reply {
        let bytes = match self.body {
            Ok(b) => b,
            Err(BodyError::TooLarge(_)) => return Reply::too_large(body::MAX_BODY),
            Err(BodyError::Timeout) => return Reply::body_timeout(),
            Err(BodyError::Broken) => {
                let e = Errors::one(Code::BadFormat, "", "the request body was cut off");
                return Reply::validation(&e);
            }
        };
        let headers = &self.parts.headers;
        let caller = self.app.tokens.identify(headers);
        match &self.target {
            Target::Op(op) => ops::execute(self.app, *op, caller, bytes),
            Target::Poll(id) => {
                let token = auth::bearer(headers).unwrap_or_default();
                ops::poll(self.app, caller, token, id, &self.base_url())
            }
        }
    }

    /// `accepted` fault: do the work now, answer 202, keep the result.
    fn accept(&self, polls: u32) -> Response {
        let real = self.real();
        let token = auth::bearer(&self.parts.headers)
            .unwrap_or_default()
            .to_owned();
        state::lock(&self.app.pending).insert(self.request_id.to_owned(), token, polls, real);
        ops::accepted(&self.base_url(), self.request_id, 0)
            .into_response(self.request_id, self.received)
    }

    /// `http://<Host header>` when it looks like a host, else where we listen.
    fn base_url(&self) -> String {
        let host = self
            .parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| {
                !h.is_empty()
                    && h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
            });
        match host {
            Some(h) => format!("http://{h}"),
            None => self.app.base_url.clone(),
        }
    }

    /// Adds the request to the log (only with `--faults`).
    fn record(&self, reply_status: Option<u16>) {
        if !self.app.faults_enabled {
            return;
        }
        let (body, body_size) = match self.body {
            Ok(b) => (reqlog::recorded_body(b), b.len()),
            Err(BodyError::TooLarge(n)) => (Value::Null, *n),
            Err(_) => (Value::Null, 0),
        };
        let mut log = state::lock(&self.app.requests);
        let seq = log.next_seq();
        log.push(Entry {
            seq,
            time: clock::format(self.received),
            method: self.parts.method.to_string(),
            path: self.parts.uri.path().to_owned(),
            headers: reqlog::recorded_headers(&self.parts.headers),
            body,
            body_size,
            reply_status,
            request_id: reply_status.map(|_| self.request_id.to_owned()),
        });
    }

    /// One stderr line per request unless `--quiet`.
    fn log_line(&self, status: u16, started: Instant) {
        if let Some(log) = &self.app.log {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            log.line(format!(
                "{} {} -> {status} {} ({ms:.1} ms)",
                self.parts.method,
                self.parts.uri.path(),
                self.request_id
            ));
        }
    }
}

/// Sleeps, but not past shutdown.
async fn pause(app: &App, ms: u64) {
    tokio::select! {
        () = tokio::time::sleep(Duration::from_millis(ms)) => {}
        () = app.shutdown.wait() => {}
    }
}

/// `hang` fault: wait without replying. The future is dropped when the
/// client disconnects (hyper notices the EOF); otherwise we give up after
/// [`HANG_LIMIT`] or at shutdown and close the connection.
async fn hang(app: &App, conn: Option<Arc<ConnControl>>) -> Response {
    let _held = Held::new(&app.hanging);
    tokio::select! {
        () = tokio::time::sleep(HANG_LIMIT) => {}
        () = app.shutdown.wait() => {}
    }
    cut(conn).await
}

/// Counts a hanging request for as long as it lives (the count drops when
/// hyper drops the handler because the client left).
struct Held<'a>(&'a AtomicUsize);

impl<'a> Held<'a> {
    fn new(gauge: &'a AtomicUsize) -> Self {
        gauge.fetch_add(1, Ordering::Relaxed);
        Self(gauge)
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Closes the connection without a reply.
async fn cut(conn: Option<Arc<ConnControl>>) -> Response {
    match conn {
        Some(c) => {
            c.kill();
            // The connection task drops this future once it sees the kill.
            std::future::pending::<()>().await;
            Response::new(Body::empty())
        }
        // Only reachable when the router runs outside our server.
        None => {
            let mut r = Response::new(Body::from(json!({"error": "connection cut"}).to_string()));
            *r.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            r
        }
    }
}
