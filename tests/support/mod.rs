//! A scripted transport and a fake clock for native tests of the core.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::{ready, Future};
use std::pin::pin;
use std::task::{Context as TaskContext, Poll, Waker};

use pangea_authn_wasm::runtime::{Clock as ClockSeam, Runtime};
use pangea_authn_wasm::transport::{
    Attempt, BadBody, BodyProblem, Envelope, Method, Reply, Transport, TransportError,
};
use serde_json::{json, Value};

/// A parsed reply body.
#[derive(Debug, Clone, PartialEq)]
pub struct Json(pub Value);

impl Envelope for Json {
    fn status(&self) -> Option<String> {
        self.0
            .get("status")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }
    fn request_id(&self) -> Option<String> {
        self.0
            .get("request_id")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }
}

/// What the transport was asked to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub method: Method,
    pub url: String,
    pub body: Option<String>,
    pub retried: Option<String>,
    pub timeout_ms: Option<u64>,
    pub at_ms: u64,
}

/// Replies in script order; records every attempt.
pub struct Script<'a> {
    replies: RefCell<VecDeque<Result<Reply<Json>, TransportError>>>,
    pub sent: RefCell<Vec<Sent>>,
    clock: &'a Clock,
}

impl<'a> Script<'a> {
    pub fn new(clock: &'a Clock, replies: Vec<Result<Reply<Json>, TransportError>>) -> Self {
        Self {
            replies: RefCell::new(replies.into()),
            sent: RefCell::default(),
            clock,
        }
    }
    pub fn remaining(&self) -> usize {
        self.replies.borrow().len()
    }
}

impl Transport for Script<'_> {
    type Body = Json;
    fn send(&self, a: Attempt<'_>) -> impl Future<Output = Result<Reply<Json>, TransportError>> {
        self.sent.borrow_mut().push(Sent {
            method: a.request.method,
            url: a.request.url.clone(),
            body: a.request.body.clone(),
            retried: a.retried_request_ids.map(str::to_owned),
            timeout_ms: a.timeout_ms,
            at_ms: self.clock.now.get(),
        });
        let next = self
            .replies
            .borrow_mut()
            .pop_front()
            .expect("script ran out of replies");
        self.clock
            .now
            .set(self.clock.now.get() + self.clock.latency_ms);
        ready(next)
    }
}

/// A clock that advances only when slept on (plus a fixed latency per attempt).
pub struct Clock {
    pub now: Cell<u64>,
    pub latency_ms: u64,
    pub random: f64,
    pub sleeps: RefCell<Vec<u64>>,
}

impl Clock {
    pub fn new(latency_ms: u64, random: f64) -> Self {
        Self {
            now: Cell::new(1_000_000),
            latency_ms,
            random,
            sleeps: RefCell::default(),
        }
    }
}

impl ClockSeam for Clock {
    fn now_ms(&self) -> u64 {
        self.now.get()
    }
    fn random(&self) -> f64 {
        self.random
    }
}

impl Runtime for Clock {
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        self.sleeps.borrow_mut().push(ms);
        self.now.set(self.now.get() + ms);
        ready(())
    }
}

/// Runs a future whose every await is already ready (the fakes never pend).
pub fn run<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = TaskContext::from_waker(Waker::noop());
    match f.as_mut().poll(&mut cx) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("a fake future pended"),
    }
}

/// A well-formed envelope reply.
pub fn envelope(
    http: u16,
    status: &str,
    request_id: &str,
    result: Value,
) -> Result<Reply<Json>, TransportError> {
    Ok(Reply {
        http_status: http,
        request_id_header: Some(request_id.to_owned()),
        body: Ok(Json(json!({
            "request_id": request_id,
            "request_time": "2026-01-01T00:00:00.000000Z",
            "response_time": "2026-01-01T00:00:00.000001Z",
            "status": status,
            "summary": format!("summary of {status}"),
            "result": result,
        }))),
    })
}

/// A reply whose body is not an object.
pub fn bad(http: u16, problem: BodyProblem, text: &str) -> Result<Reply<Json>, TransportError> {
    Ok(Reply {
        http_status: http,
        request_id_header: None,
        body: Err(BadBody {
            problem,
            excerpt: text.to_owned(),
        }),
    })
}
