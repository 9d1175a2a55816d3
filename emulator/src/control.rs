//! The emulator's own routes under `/_emulator/`: fixture export (always),
//! and with `--faults` the fault queue, the request log and reset.
//!
//! Their replies are envelopes too. Where the contract wants a bare payload
//! (`fixture`, `requests`), the payload keys sit at the top level next to
//! the envelope keys, so both `body.users` and `body.status` work.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};

use crate::auth::Caller;
use crate::body;
use crate::clock;
use crate::envelope::{self, Reply};
use crate::faults;
use crate::requests;
use crate::state::{self, App};
use crate::store::Store;
use crate::validate::{Code, Errors};

/// Adds the control routes (`/_emulator/fixture` always, the rest only
/// with `--faults`; without it they fall through to 404).
pub fn routes(router: Router<Arc<App>>, faults_enabled: bool) -> Router<Arc<App>> {
    let router = router.route("/_emulator/fixture", get(fixture));
    if !faults_enabled {
        return router;
    }
    router
        .route(
            "/_emulator/faults",
            get(faults_get).post(faults_post).delete(faults_delete),
        )
        .route(
            "/_emulator/requests",
            get(requests_get).delete(requests_delete),
        )
        .route("/_emulator/reset", post(reset))
}

/// `GET /_emulator/fixture` (service token): the data, secrets included.
async fn fixture(State(app): State<Arc<App>>, request: Request) -> Response {
    let now = clock::now();
    if app.tokens.identify(request.headers()) != Some(Caller::Service) {
        return Reply::unauthorized().into_response(&app.ids.next_id(), now);
    }
    let fixture = state::read(&app.store).to_fixture(&app.tokens.service, &app.tokens.client, now);
    let payload = serde_json::to_value(fixture).unwrap_or(Value::Null);
    with_payload(&app, payload, now)
}

/// `GET /_emulator/requests`: the recorded API requests, oldest first.
async fn requests_get(State(app): State<Arc<App>>) -> Response {
    let now = clock::now();
    let entries = state::lock(&app.requests).snapshot();
    let payload = json!({ "requests": entries });
    with_payload(&app, payload, now)
}

/// `DELETE /_emulator/requests`: forgets the recorded requests.
async fn requests_delete(State(app): State<Arc<App>>) -> Response {
    let now = clock::now();
    state::lock(&app.requests).clear();
    Reply::success(json!({})).into_response(&app.ids.next_id(), now)
}

/// `GET /_emulator/faults`: queued faults, random mode, and how many
/// requests a `hang` fault is holding right now.
async fn faults_get(State(app): State<Arc<App>>) -> Response {
    let now = clock::now();
    Reply::success(describe_faults(&app)).into_response(&app.ids.next_id(), now)
}

/// The fault state plus the `hang` gauge.
fn describe_faults(app: &App) -> Value {
    let mut described = state::lock(&app.faults).describe();
    described["hanging"] = json!(app.hanging.load(Ordering::Relaxed));
    described
}

/// `POST /_emulator/faults`: appends faults (see README for the format).
async fn faults_post(State(app): State<Arc<App>>, request: Request) -> Response {
    let now = clock::now();
    let id = app.ids.next_id();
    let (parts, body) = request.into_parts();
    let bytes = match body::read(body, &parts.headers, app.body_timeout).await {
        Ok(b) => b,
        Err(body::BodyError::TooLarge(_)) => {
            return Reply::too_large(body::MAX_BODY).into_response(&id, now)
        }
        Err(_) => {
            let e = Errors::one(Code::BadFormat, "", "the request body could not be read");
            return Reply::validation(&e).into_response(&id, now);
        }
    };
    let parsed = requests::parse_json(&bytes).and_then(|v| faults::parse_request(&v));
    match parsed {
        Ok(new) => {
            state::lock(&app.faults).add(new);
            Reply::success(describe_faults(&app)).into_response(&id, now)
        }
        Err(errors) => Reply::validation(&errors).into_response(&id, now),
    }
}

/// `DELETE /_emulator/faults`: clears the queue and random mode.
async fn faults_delete(State(app): State<Arc<App>>) -> Response {
    let now = clock::now();
    state::lock(&app.faults).clear();
    Reply::success(describe_faults(&app)).into_response(&app.ids.next_id(), now)
}

/// `POST /_emulator/reset`: back to the start-up data (faults and the
/// request log are left alone; they have their own `DELETE`).
async fn reset(State(app): State<Arc<App>>) -> Response {
    let now = clock::now();
    let id = app.ids.next_id();
    match Store::from_fixture(&app.initial, app.rng_seed) {
        Ok(store) => {
            *state::write(&app.store) = store;
            state::lock(&app.pending).clear();
            Reply::success(json!({})).into_response(&id, now)
        }
        // The start-up fixture was validated at start, so this cannot happen.
        Err(e) => Reply::new(
            http::StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            &e,
            Value::Null,
        )
        .into_response(&id, now),
    }
}

/// A `Success` envelope (no `result`) with `payload`'s keys beside it.
fn with_payload(app: &App, payload: Value, now: i64) -> Response {
    let id = app.ids.next_id();
    let mut map = Map::new();
    map.insert("request_id".into(), json!(id));
    map.insert("request_time".into(), json!(clock::format(now)));
    map.insert("response_time".into(), json!(clock::format(clock::now())));
    map.insert("status".into(), json!("Success"));
    map.insert("summary".into(), json!("Success"));
    if let Value::Object(extra) = payload {
        map.extend(extra);
    }
    let bytes = serde_json::to_vec(&Value::Object(map)).unwrap_or_default();
    envelope::json_response(http::StatusCode::OK, bytes.into(), Some(&id))
}
