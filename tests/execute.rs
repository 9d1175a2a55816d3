//! The call executor under a scripted transport and a fake clock: retries,
//! back-off, the retried-ids header, 202 polling and classification, with no
//! real waiting.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use pangea_authn_wasm::args::{ArgValue, ObjectArg};
use pangea_authn_wasm::config::Config;
use pangea_authn_wasm::errors::{Error, ErrorKind};
use pangea_authn_wasm::exchange::Settings;
use pangea_authn_wasm::session;
use pangea_authn_wasm::transport::{BodyProblem, Method, TransportError};
use serde_json::json;
use support::{bad, envelope, run, Clock, Json, Script};

const BASE: &str = "http://127.0.0.1:4010";

fn config(retries: u32) -> Config {
    Config {
        base_url_template: BASE.into(),
        request_retries: retries,
        request_timeout_ms: Some(5_000),
        ..Config::default()
    }
}

fn list_call() -> session::Call {
    session::list(ObjectArg::Json(r#"{"size":2}"#.into())).unwrap()
}

fn execute(
    clock: &Clock,
    script: &Script<'_>,
    cfg: &Config,
) -> Result<pangea_authn_wasm::errors::Answer<Json>, Error<Json>> {
    let ctx = pangea_authn_wasm::execute::Context {
        transport: script,
        runtime: clock,
        settings: Settings {
            config: cfg,
            base_url: BASE,
            secrets: &["pts_secret_value"],
        },
    };
    run(ctx.execute(list_call()))
}

#[test]
fn success_sends_one_post_with_the_body_and_timeout() {
    let clock = Clock::new(5, 0.0);
    let script = Script::new(
        &clock,
        vec![envelope(200, "Success", "prq_1", json!({"sessions": []}))],
    );
    let answer = execute(&clock, &script, &config(3)).unwrap();
    assert_eq!(answer.http_status, 200);
    let sent = script.sent.borrow();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, Method::Post);
    assert_eq!(sent[0].url, "http://127.0.0.1:4010/v2/session/list");
    assert_eq!(sent[0].body.as_deref(), Some(r#"{"size":2}"#));
    assert_eq!(
        (sent[0].retried.as_deref(), sent[0].timeout_ms),
        (None, Some(5000))
    );
}

#[test]
fn server_errors_are_retried_with_backoff_and_retried_ids() {
    for status in [500, 502, 503, 504] {
        let clock = Clock::new(0, 0.0);
        let script = Script::new(
            &clock,
            vec![
                envelope(status, "InternalError", "prq_a", json!(null)),
                envelope(status, "InternalError", "prq_b", json!(null)),
                envelope(200, "Success", "prq_c", json!({})),
            ],
        );
        execute(&clock, &script, &config(3)).unwrap();
        let retried: Vec<_> = script
            .sent
            .borrow()
            .iter()
            .map(|s| s.retried.clone())
            .collect();
        assert_eq!(
            retried,
            [None, Some("prq_a".into()), Some("prq_a,prq_b".into())]
        );
        assert_eq!(*clock.sleeps.borrow(), [500, 1000]);
    }
}

#[test]
fn request_retries_is_honoured_and_the_last_reply_is_classified() {
    for retries in [0, 1, 4] {
        let clock = Clock::new(0, 0.999);
        let replies = (0..=retries)
            .map(|i| envelope(500, "InternalError", &format!("prq_{i}"), json!(null)))
            .collect();
        let script = Script::new(&clock, replies);
        let err = execute(&clock, &script, &config(retries)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InternalServerError);
        assert_eq!(script.sent.borrow().len() as u32, retries + 1);
        assert_eq!(script.remaining(), 0);
        let expected: Vec<u64> = (0..retries).map(|n| (500u64 << n) * 3 / 4).collect();
        let sleeps = clock.sleeps.borrow();
        assert!(
            sleeps
                .iter()
                .zip(&expected)
                .all(|(s, e)| s.abs_diff(*e) <= 1),
            "{sleeps:?} vs {expected:?}"
        );
    }
}

#[test]
fn a_final_503_is_service_temporarily_unavailable() {
    let clock = Clock::new(0, 0.0);
    let script = Script::new(
        &clock,
        vec![envelope(503, "ServiceUnavailable", "prq_1", json!(null))],
    );
    let err = execute(&clock, &script, &config(0)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ServiceTemporarilyUnavailable);
}

#[test]
fn client_errors_are_not_retried() {
    let clock = Clock::new(0, 0.0);
    let script = Script::new(
        &clock,
        vec![envelope(
            400,
            "ValidationError",
            "prq_1",
            json!({"errors": []}),
        )],
    );
    let err = execute(&clock, &script, &config(3)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ValidationError);
    assert_eq!(script.sent.borrow().len(), 1);
}

#[test]
fn transport_failures_are_not_retried_and_carry_no_secret() {
    let clock = Clock::new(0, 0.0);
    let script = Script::new(
        &clock,
        vec![Err(TransportError::Network(
            "reset by pts_secret_value".into(),
        ))],
    );
    let err = execute(&clock, &script, &config(3)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NetworkError);
    assert!(!err.message().contains("pts_secret_value"));
    let script = Script::new(&clock, vec![Err(TransportError::Timeout)]);
    let err = execute(&clock, &script, &config(3)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TimeoutError);
}

#[test]
fn bad_bodies_become_invalid_response_errors_after_retries() {
    let clock = Clock::new(0, 0.0);
    let script = Script::new(
        &clock,
        vec![
            bad(502, BodyProblem::NotJson, "<html>bad gateway</html>"),
            bad(502, BodyProblem::NotJson, "<html>2</html>"),
        ],
    );
    let err = execute(&clock, &script, &config(1)).unwrap_err();
    match err {
        Error::InvalidResponse {
            http_status,
            problem,
            excerpt,
        } => {
            assert_eq!(
                (http_status, problem, excerpt.as_str()),
                (502, BodyProblem::NotJson, "<html>2</html>")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(script.sent.borrow().len(), 2);
}

#[test]
fn accepted_is_polled_with_quadratic_waits_until_done() {
    let clock = Clock::new(0, 0.0);
    let script = Script::new(
        &clock,
        vec![
            envelope(202, "Accepted", "prq_acc", json!({"location": "x"})),
            envelope(202, "Accepted", "prq_p1", json!({})),
            envelope(404, "NotFound", "prq_p2", json!(null)),
            envelope(202, "Accepted", "prq_p3", json!({})),
            envelope(200, "Success", "prq_done", json!({"sessions": []})),
        ],
    );
    let answer = execute(&clock, &script, &config(3)).unwrap();
    assert_eq!(answer.body.request_id().as_deref(), Some("prq_done"));
    let sent = script.sent.borrow();
    assert!(sent[1..]
        .iter()
        .all(|s| s.method == Method::Get && s.url == "http://127.0.0.1:4010/request/prq_acc"));
    assert_eq!(
        sent[3].retried.as_deref(),
        Some("prq_p2"),
        "a poll 404 is retried"
    );
    assert_eq!(*clock.sleeps.borrow(), [1000, 4000, 500, 9000]);
}

use pangea_authn_wasm::transport::Envelope;

#[test]
fn polling_stops_at_the_deadline_with_accepted() {
    let clock = Clock::new(0, 0.0);
    let replies = (0..10)
        .map(|i| envelope(202, "Accepted", &format!("prq_{i}"), json!({})))
        .collect();
    let script = Script::new(&clock, replies);
    let cfg = Config {
        poll_result_timeout_ms: 10_000,
        ..config(0)
    };
    let start = clock.now.get();
    let err = execute(&clock, &script, &cfg).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AcceptedRequestException);
    assert_eq!(*clock.sleeps.borrow(), [1000, 4000, 5000]);
    assert_eq!(
        clock.now.get() - start,
        10_000,
        "ends exactly at the deadline, not later"
    );
}

#[test]
fn polling_disabled_reports_accepted_at_once() {
    let clock = Clock::new(0, 0.0);
    let script = Script::new(&clock, vec![envelope(202, "Accepted", "prq_1", json!({}))]);
    let cfg = Config {
        queued_retry_enabled: false,
        ..config(3)
    };
    assert_eq!(
        execute(&clock, &script, &cfg).unwrap_err().kind(),
        ErrorKind::AcceptedRequestException
    );
    assert!(clock.sleeps.borrow().is_empty());
}

#[test]
fn arguments_are_checked_before_anything_is_sent() {
    let e = session::logout(ArgValue::Other("number")).unwrap_err();
    assert_eq!(e.argument, "user_id");
}

#[test]
fn an_accepted_reply_with_a_dot_segment_id_is_not_polled() {
    // `request/..` would resolve to the base URL's root: such ids are not polled.
    for id in ["..", ".", ""] {
        let clock = Clock::new(0, 0.0);
        let script = Script::new(&clock, vec![envelope(202, "Accepted", id, json!({}))]);
        let err = execute(&clock, &script, &config(3)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AcceptedRequestException, "{id:?}");
        assert_eq!(script.sent.borrow().len(), 1, "{id:?}");
        assert!(clock.sleeps.borrow().is_empty());
    }
}
