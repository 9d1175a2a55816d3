//! The executor against a server that answers anything: arbitrary status
//! codes, envelopes, bad bodies, timeouts and network errors, under a fake
//! clock. It must end, send at most `retries + 1` POSTs and never leak the
//! secret into a message.
#![no_main]

use std::cell::{Cell, RefCell};
use std::future::{ready, Future};
use std::pin::pin;
use std::task::{Context as TaskContext, Poll, Waker};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use pangea_authn_wasm::args::ObjectArg;
use pangea_authn_wasm::config::Config;
use pangea_authn_wasm::errors::Error;
use pangea_authn_wasm::exchange::Settings;
use pangea_authn_wasm::execute::Context;
use pangea_authn_wasm::runtime::{Clock, Runtime};
use pangea_authn_wasm::session;
use pangea_authn_wasm::transport::{
    Attempt, BadBody, BodyProblem, Envelope, Method, Reply, Transport, TransportError,
};

const SECRET: &str = "pts_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz";

#[derive(Debug, Arbitrary)]
enum Scripted {
    Body {
        http: u16,
        header: Option<String>,
        status: Option<String>,
        request_id: Option<String>,
    },
    Bad {
        http: u16,
        problem: u8,
        text: String,
    },
    Timeout,
    Network(String),
}

#[derive(Debug, Arbitrary)]
struct Input {
    retries: u8,
    queued: bool,
    poll_timeout_ms: u32,
    latency_ms: u16,
    random: f64,
    script: Vec<Scripted>,
}

struct Body {
    status: Option<String>,
    request_id: Option<String>,
}

impl Envelope for Body {
    fn status(&self) -> Option<String> {
        self.status.clone()
    }
    fn request_id(&self) -> Option<String> {
        self.request_id.clone()
    }
}

struct Fake<'a> {
    input: &'a Input,
    now: Cell<u64>,
    sent: RefCell<Vec<Method>>,
}

impl Clock for Fake<'_> {
    fn now_ms(&self) -> u64 {
        self.now.get()
    }
    fn random(&self) -> f64 {
        self.input.random
    }
}

impl Runtime for Fake<'_> {
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        self.now.set(self.now.get() + ms);
        ready(())
    }
}

impl Transport for Fake<'_> {
    type Body = Body;
    fn send(&self, a: Attempt<'_>) -> impl Future<Output = Result<Reply<Body>, TransportError>> {
        let n = self.sent.borrow().len();
        self.sent.borrow_mut().push(a.request.method);
        self.now
            .set(self.now.get() + u64::from(self.input.latency_ms));
        let script = &self.input.script;
        let reply = match script.get(n % script.len().max(1)) {
            None => Err(TransportError::Timeout),
            Some(Scripted::Body {
                http,
                header,
                status,
                request_id,
            }) => Ok(Reply {
                http_status: *http,
                request_id_header: header.clone(),
                body: Ok(Body {
                    status: status.clone(),
                    request_id: request_id.clone(),
                }),
            }),
            Some(Scripted::Bad {
                http,
                problem,
                text,
            }) => Ok(Reply {
                http_status: *http,
                request_id_header: None,
                body: Err(BadBody {
                    problem: match problem % 3 {
                        0 => BodyProblem::Empty,
                        1 => BodyProblem::NotJson,
                        _ => BodyProblem::NotObject,
                    },
                    excerpt: format!("{text}{SECRET}"),
                }),
            }),
            Some(Scripted::Timeout) => Err(TransportError::Timeout),
            Some(Scripted::Network(m)) => Err(TransportError::Network(format!("{m}{SECRET}"))),
        };
        ready(reply)
    }
}

fuzz_target!(|input: Input| {
    let retries = u32::from(input.retries % 8);
    let config = Config {
        base_url_template: "http://h".into(),
        request_retries: retries,
        queued_retry_enabled: input.queued,
        poll_result_timeout_ms: u64::from(input.poll_timeout_ms % 600_000),
        ..Config::default()
    };
    let fake = Fake {
        input: &input,
        now: Cell::new(0),
        sent: RefCell::default(),
    };
    let ctx = Context {
        transport: &fake,
        runtime: &fake,
        settings: Settings {
            config: &config,
            base_url: "http://h",
            secrets: &[SECRET],
        },
    };
    let call = session::list(ObjectArg::Undefined).expect("an empty list call is valid");
    let future = pin!(ctx.execute(call));
    let mut future = future;
    let outcome = match future
        .as_mut()
        .poll(&mut TaskContext::from_waker(Waker::noop()))
    {
        Poll::Ready(outcome) => outcome,
        Poll::Pending => panic!("the fakes never pend"),
    };
    let sent = fake.sent.borrow();
    let posts = sent.iter().filter(|m| **m == Method::Post).count() as u32;
    assert!(posts >= 1 && posts <= retries + 1);
    if let Err(e @ (Error::Network { .. } | Error::InvalidResponse { .. })) = &outcome {
        assert!(!e.message().contains(SECRET));
    }
});
