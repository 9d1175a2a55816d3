//! The seven session operations and result polling, from an authenticated
//! caller and a raw body to a [`Reply`].

use http::StatusCode;
use serde_json::{json, Map, Value};

use crate::auth::Caller;
use crate::clock;
use crate::envelope::{Payload, Reply};
use crate::pending::{self, Poll};
use crate::requests::{self, Op, Request};
use crate::state::{self, App};
use crate::store::{ListQuery, Scope, Store};

/// Runs `op`: auth, then validation, then the operation (auth comes first,
/// so an unauthorised caller learns nothing about the body).
pub fn execute(app: &App, op: Op, caller: Option<Caller>, body: &[u8]) -> Reply {
    let allowed = match caller {
        Some(Caller::Service) => true,
        Some(Caller::Client) => op.is_client(),
        None => false,
    };
    if !allowed {
        return Reply::unauthorized();
    }
    match requests::parse(op, body) {
        Ok(request) => run(app, request),
        Err(errors) => Reply::validation(&errors),
    }
}

fn run(app: &App, request: Request) -> Reply {
    let now = clock::now();
    let outcome = match request {
        Request::ClientList { token, query } => {
            let store = state::read(&app.store);
            store
                .user_scope(&token, now)
                .map(|scope| list_result(&store, scope, &query, now, false))
        }
        Request::SessionList { query } => {
            let store = state::read(&app.store);
            Ok(list_result(&store, Scope::All, &query, now, true))
        }
        Request::ClientInvalidate { token, session_id } => {
            let mut store = state::write(&app.store);
            store
                .user_scope(&token, now)
                .and_then(|scope| store.invalidate(scope, &session_id, now))
                .map(|()| empty())
        }
        Request::SessionInvalidate { session_id } => state::write(&app.store)
            .invalidate(Scope::All, &session_id, now)
            .map(|()| empty()),
        Request::ClientLogout { token } => state::write(&app.store)
            .logout_token(&token, now)
            .map(|()| empty()),
        Request::SessionLogout { user_id } => {
            state::write(&app.store).logout_user(&user_id);
            Ok(empty())
        }
        Request::ClientRefresh {
            refresh_token,
            user_token,
        } => state::write(&app.store)
            .refresh(&refresh_token, user_token.as_deref(), now)
            .map(Payload::Value),
    };
    match outcome {
        Ok(result) => Reply::success(result),
        Err(e) => Reply::from_store_error(e),
    }
}

fn empty() -> Payload {
    Payload::Value(Value::Object(Map::new()))
}

/// `{sessions, last?, count?}`: `last` only when more pages follow, `count`
/// (all matches) only for the service list, as the schemas say. Written by
/// hand around the store's ready-made `sessions` array.
fn list_result(
    store: &Store,
    scope: Scope,
    query: &ListQuery,
    now: i64,
    with_count: bool,
) -> Payload {
    let page = store.list(scope, query, now);
    let mut out = String::with_capacity(page.sessions.len() + 128);
    out.push_str("{\"sessions\":");
    out.push_str(&page.sessions);
    if let Some(last) = &page.last {
        // The cursor is base64url: no character needs escaping.
        out.push_str(",\"last\":\"");
        out.push_str(last);
        out.push('"');
    }
    if with_count {
        out.push_str(",\"count\":");
        out.push_str(&page.count.to_string());
    }
    out.push('}');
    Payload::Json(out)
}

/// `GET /request/{id}`: any of our tokens may poll, but only with the token
/// that made the original request (Pangea's documented rule).
pub fn poll(app: &App, caller: Option<Caller>, token: &str, request_id: &str, base: &str) -> Reply {
    if caller.is_none() {
        return Reply::unauthorized();
    }
    match state::lock(&app.pending).poll(request_id, token) {
        Poll::Unknown => Reply::not_found(&format!("No pending or finished request {request_id}")),
        Poll::WrongToken => Reply::unauthorized(),
        Poll::InProgress { retry_counter } => accepted(base, request_id, retry_counter),
        Poll::Done(reply) => reply,
    }
}

/// The `202 Accepted` reply pointing at `/request/{request_id}`.
pub fn accepted(base: &str, request_id: &str, retry_counter: u32) -> Reply {
    Reply::new(
        StatusCode::ACCEPTED,
        "Accepted",
        "Your request is in progress",
        json!({
            "ttl_mins": pending::TTL_MINS,
            "retry_counter": retry_counter,
            "location": format!("{base}/request/{request_id}"),
        }),
    )
}
