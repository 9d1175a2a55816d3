//! Fault injection, result polling and the request log.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http::Method;
use serde_json::{json, Value};

use crate::common::{
    assert_schema, head_value, op_schema, raw_exchange, raw_post, split_reply, Emu,
};

const LIST: &str = "/v2/session/list";
const LOGOUT: &str = "/v2/session/logout";

#[tokio::test]
async fn status_faults_with_json_envelopes() {
    let emu = Emu::start().await;
    emu.faults(json!([
        {"path": LIST, "action": {"kind": "status", "http": 503}},
        {"path": LIST, "times": 2, "action": {"kind": "status", "http": 500}},
        {"path": LIST, "action": {"kind": "status", "http": 502, "body": "json"}},
        {"path": LIST, "action": {"kind": "status", "http": 504, "status": "Custom", "summary": "custom summary"}},
        {"path": LIST, "action": {"kind": "status", "http": 200, "status": "SomeStatus"}},
        {"path": LIST, "action": {"kind": "status", "http": 429}},
    ]))
    .await;
    // Another path is not affected.
    emu.svc(LOGOUT, json!({"user_id": "pui_nobody"})).await.ok();
    let expected = [
        (
            503,
            "ServiceNotAvailable",
            "Service temporarily unavailable",
        ),
        (
            500,
            "InternalError",
            "Internal Error. Contact support@pangea.cloud if the error persists.",
        ),
        (
            500,
            "InternalError",
            "Internal Error. Contact support@pangea.cloud if the error persists.",
        ),
        (502, "ServiceNotAvailable", "Bad gateway"),
        (504, "Custom", "custom summary"),
        (200, "SomeStatus", "Injected fault: HTTP 200"),
        (429, "TooManyRequests", "Too many requests"),
    ];
    for (http, status, summary) in expected {
        let r = emu.svc(LIST, json!({})).await;
        r.expect(http, status);
        assert_eq!(r.body["summary"], summary);
        assert_eq!(r.body["result"], Value::Null);
    }
    // Queue used up: back to normal.
    emu.svc(LIST, json!({})).await.ok();
    emu.stop().await;
}

#[tokio::test]
async fn status_faults_with_broken_bodies() {
    let emu = Emu::start().await;
    let kinds = ["html", "text", "empty", "not_object", "truncated"];
    let faults: Vec<Value> = kinds
        .iter()
        .map(|k| json!({"action": {"kind": "status", "http": 502, "body": k}}))
        .collect();
    emu.faults(Value::Array(faults)).await;
    let service = emu.service.clone();
    for kind in kinds {
        let (status, headers, body) = emu
            .send_unchecked(
                Method::POST,
                LIST,
                Some(&service),
                Bytes::from_static(b"{}"),
            )
            .await;
        assert_eq!(status, 502, "{kind}");
        let ctype = headers["content-type"].to_str().unwrap();
        let id = headers["x-request-id"].to_str().unwrap();
        assert!(id.starts_with("prq_"));
        assert_eq!(
            headers["content-length"].to_str().unwrap(),
            body.len().to_string()
        );
        assert_eq!(headers["access-control-allow-origin"], "*");
        match kind {
            "html" => {
                assert_eq!(ctype, "text/html");
                assert!(String::from_utf8_lossy(&body).contains("<h1>502 Bad Gateway</h1>"));
            }
            "text" => {
                assert_eq!(ctype, "text/plain");
                assert!(body.starts_with(b"upstream connect error"));
            }
            "empty" => assert!(body.is_empty()),
            "not_object" => {
                let v: Value = serde_json::from_slice(&body).unwrap();
                assert!(!v.is_object());
            }
            "truncated" => {
                assert!(serde_json::from_slice::<Value>(&body).is_err());
                assert!(body.starts_with(b"{\"request_id\":\"prq_"));
            }
            _ => unreachable!(),
        }
    }
    emu.svc(LIST, json!({})).await.ok();
    emu.stop().await;
}

#[tokio::test]
async fn accepted_then_polled() {
    let emu = Emu::start().await;
    let s = emu.sessions().await;
    emu.faults(
        json!([{"path": "/v2/session/invalidate", "action": {"kind": "accepted", "polls": 2}}]),
    )
    .await;
    let r = emu
        .svc("/v2/session/invalidate", json!({"session_id": s[0].id}))
        .await;
    r.expect(202, "Accepted");
    let id = r.body["request_id"].as_str().unwrap().to_owned();
    let result = &r.body["result"];
    assert_eq!(result["retry_counter"], 0);
    assert!(result["ttl_mins"].as_u64().unwrap() > 0);
    let location = result["location"].as_str().unwrap();
    assert_eq!(location, format!("{}/request/{id}", emu.url));
    // The operation already happened.
    let listed = crate::common::ids(emu.svc(LIST, json!({"size": 1000})).await.ok());
    assert!(!listed.contains(&s[0].id));
    let path = format!("/request/{id}");
    // Another token may not poll it; an unknown id is 404.
    emu.get(&path, Some(&emu.client_token))
        .await
        .expect(401, "Unauthorized");
    emu.get("/request/prq_nothing", Some(&emu.service))
        .await
        .expect(404, "NotFound");
    for n in 1..=2 {
        let p = emu.get(&path, Some(&emu.service)).await;
        p.expect(202, "Accepted");
        assert_eq!(p.body["result"]["retry_counter"], n);
        assert_eq!(p.body["result"]["location"], location);
    }
    let done = emu.get(&path, Some(&emu.service)).await;
    assert_eq!(done.ok(), &json!({}));
    assert_schema(&op_schema("/v2/session/invalidate", 200), false, &done.body);
    assert_ne!(done.body["request_id"], json!(id));
    // The result stays available.
    emu.get(&path, Some(&emu.service)).await.ok();
    // Accepted with a failing operation: the poll gives the failure.
    emu.faults(json!([{"action": {"kind": "accepted"}}])).await;
    let r = emu
        .svc("/v2/session/invalidate", json!({"session_id": s[0].id}))
        .await;
    r.expect(202, "Accepted");
    let path = format!("/request/{}", r.body["request_id"].as_str().unwrap());
    let p = emu.get(&path, Some(&emu.service)).await;
    p.expect_validation(&[("DoesNotExist", "/session_id")]);
    // A list accepted with the client token, polled with it.
    emu.faults(
        json!([{"path": "/v2/client/session/list", "action": {"kind": "accepted", "polls": 1}}]),
    )
    .await;
    let ct = emu.client_token.clone();
    let r = emu
        .post(
            "/v2/client/session/list",
            Some(&ct),
            json!({"token": s[1].user_token}),
        )
        .await;
    r.expect(202, "Accepted");
    let path = format!("/request/{}", r.body["request_id"].as_str().unwrap());
    emu.get(&path, Some(&ct)).await.expect(202, "Accepted");
    let done = emu.get(&path, Some(&ct)).await;
    assert!(!done.ok()["sessions"].as_array().unwrap().is_empty());
    assert_schema(
        &op_schema("/v2/client/session/list", 200),
        false,
        &done.body,
    );
    emu.stop().await;
}

#[tokio::test]
async fn delay_fault() {
    let emu = Emu::start().await;
    emu.faults(json!([{"action": {"kind": "delay", "ms": 600}}]))
        .await;
    let started = Instant::now();
    emu.svc(LIST, json!({})).await.ok();
    assert!(started.elapsed() >= Duration::from_millis(600));
    let started = Instant::now();
    emu.svc(LIST, json!({})).await.ok();
    assert!(started.elapsed() < Duration::from_millis(600));
    emu.stop().await;
}

#[tokio::test]
async fn drop_closes_without_a_reply() {
    let emu = Emu::start().await;
    emu.faults(json!([{"path": LIST, "action": {"kind": "drop"}}]))
        .await;
    let addr = emu.addr();
    let (got, closed) = raw_exchange(
        &addr,
        &raw_post(&addr, LIST, &emu.service, "{}"),
        Duration::from_secs(5),
    )
    .await;
    assert!(
        closed && got.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&got)
    );
    // The next request is normal; the log shows the dropped one without a reply.
    emu.svc(LIST, json!({})).await.ok();
    let log = emu.get("/_emulator/requests", None).await;
    let entries = log.body["requests"].as_array().unwrap();
    assert_eq!(entries[0]["reply_status"], Value::Null);
    assert_eq!(entries[0]["request_id"], Value::Null);
    assert_eq!(entries[1]["reply_status"], 200);
    emu.stop().await;
}

#[tokio::test]
async fn truncate_sends_half_then_closes() {
    let emu = Emu::start().await;
    emu.faults(json!([{"action": {"kind": "truncate"}}])).await;
    let addr = emu.addr();
    let (got, closed) = raw_exchange(
        &addr,
        &raw_post(&addr, LIST, &emu.service, "{\"size\":3}"),
        Duration::from_secs(5),
    )
    .await;
    assert!(closed);
    let (head, body) = split_reply(&got);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let declared: usize = head_value(&head, "content-length")
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        !body.is_empty() && body.len() < declared,
        "{} of {declared}",
        body.len()
    );
    assert!(body.starts_with(b"{\"request_id\":\"prq_"));
    let id = head_value(&head, "x-request-id").unwrap();
    assert!(String::from_utf8_lossy(&body).contains(&id));
    emu.svc(LIST, json!({})).await.ok();
    emu.stop().await;
}

#[tokio::test]
async fn hang_holds_until_the_client_leaves() {
    let emu = Emu::start().await;
    emu.faults(json!([{"path": LIST, "action": {"kind": "hang"}}]))
        .await;
    let addr = emu.addr();
    let (got, closed) = raw_exchange(
        &addr,
        &raw_post(&addr, LIST, &emu.service, "{}"),
        Duration::from_millis(700),
    )
    .await;
    assert!(got.is_empty() && !closed, "no reply, connection still open");
    // raw_exchange dropped the socket: the server notices and lets go.
    let mut hanging = 1;
    for _ in 0..100 {
        hanging = emu.get("/_emulator/faults", None).await.ok()["hanging"]
            .as_u64()
            .unwrap();
        if hanging == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(hanging, 0, "the hanging request ended with its client");
    emu.svc(LIST, json!({})).await.ok();
    // A hanging request does not hold up shutdown.
    emu.faults(json!([{"path": LIST, "action": {"kind": "hang"}}]))
        .await;
    let addr2 = addr.clone();
    let service = emu.service.clone();
    let pending = tokio::spawn(async move {
        raw_exchange(
            &addr2,
            &raw_post(&addr2, LIST, &service, "{}"),
            Duration::from_secs(30),
        )
        .await
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    emu.stop().await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "stopped in {:?}",
        started.elapsed()
    );
    let (got, closed) = pending.await.unwrap();
    assert!(got.is_empty() && closed);
}

#[tokio::test]
async fn random_mode_is_seeded_and_clearable() {
    let emu = Emu::start().await;
    let spec = json!([{"action": {"kind": "random", "rate": 0.4, "seed": 7, "max_delay_ms": 5}}]);
    let mut runs = Vec::new();
    for _ in 0..2 {
        emu.faults(spec.clone()).await;
        let mut statuses = Vec::new();
        for _ in 0..40 {
            let r = emu.svc(LIST, json!({"size": 1})).await;
            if r.status != 200 {
                assert!([500, 502, 503, 504].contains(&r.status));
            }
            statuses.push(r.status);
        }
        runs.push(statuses);
        let cleared = emu
            .send(Method::DELETE, "/_emulator/faults", None, &[], Bytes::new())
            .await;
        assert_eq!(cleared.ok()["random"], Value::Null);
    }
    assert_eq!(runs[0], runs[1], "same seed, same sequence");
    let failures = runs[0].iter().filter(|s| **s != 200).count();
    assert!(
        failures > 5 && failures < 35,
        "{failures} failures at rate 0.4"
    );
    for _ in 0..10 {
        emu.svc(LIST, json!({})).await.ok();
    }
    emu.stop().await;
}

#[tokio::test]
async fn fault_queue_can_be_shown_and_cleared() {
    let emu = Emu::start().await;
    let r = emu
        .faults(json!([
            {"path": LIST, "times": 3, "action": {"kind": "drop"}},
            {"path": "/request/*", "action": {"kind": "status", "http": 404}},
            {"action": {"kind": "random", "rate": 0.1}},
        ]))
        .await;
    let shown = emu.get("/_emulator/faults", None).await;
    assert_eq!(shown.ok(), r.ok());
    let queue = shown.ok()["queue"].as_array().unwrap().clone();
    assert_eq!(queue.len(), 2);
    assert_eq!(
        queue[0],
        json!({"path": LIST, "remaining": 3, "action": {"kind": "drop"}})
    );
    assert_eq!(shown.ok()["random"]["action"]["rate"], 0.1);
    // The /request/* prefix pattern applies to polls.
    let r = emu.get("/request/prq_abc", Some(&emu.service)).await;
    r.expect(404, "NotFound");
    assert_eq!(r.body["summary"], "Injected fault: HTTP 404");
    let cleared = emu
        .send(Method::DELETE, "/_emulator/faults", None, &[], Bytes::new())
        .await;
    assert_eq!(
        cleared.ok(),
        &json!({"queue": [], "random": null, "hanging": 0})
    );
    emu.svc(LIST, json!({})).await.ok();
    // Malformed fault specs are validation errors.
    let r = emu
        .post("/_emulator/faults", None, json!({"faults": [{"action": {"kind": "explode"}}, {"path": "x", "action": {"kind": "delay"}}], "more": 1}))
        .await;
    r.expect_validation(&[
        ("UnexpectedProperty", "/more"),
        ("NotEnumMember", "/faults/0/action/kind"),
        ("DoesNotMatchPattern", "/faults/1/path"),
        ("FieldRequired", "/faults/1/action/ms"),
    ]);
    emu.post("/_emulator/faults", None, json!({"faults": {}}))
        .await
        .expect_validation(&[("InvalidArray", "/faults")]);
    emu.send(
        Method::POST,
        "/_emulator/faults",
        None,
        &[],
        Bytes::from_static(b"nope"),
    )
    .await
    .expect_validation(&[("BadFormat", "")]);
    // A single bare fault object is accepted too.
    let r = emu
        .post(
            "/_emulator/faults",
            None,
            json!({"action": {"kind": "delay", "ms": 1}}),
        )
        .await;
    assert_eq!(r.ok()["queue"].as_array().unwrap().len(), 1);
    emu.stop().await;
}

#[tokio::test]
async fn request_log_records_what_clients_sent() {
    let emu = Emu::start().await;
    let s = emu.sessions().await;
    emu.send(
        Method::DELETE,
        "/_emulator/requests",
        None,
        &[],
        Bytes::new(),
    )
    .await
    .ok();
    let service = emu.service.clone();
    let r = emu
        .send(
            Method::POST,
            LIST,
            Some(&service),
            &[
                ("user-agent", "pangea-node/5.6.0 extra"),
                ("x-pangea-retried-request-ids", "prq_a,prq_b"),
                ("origin", "http://localhost:5173"),
                ("cookie", "a=b"),
                ("x-ignored", "1"),
            ],
            Bytes::from_static(b"{\"size\":1}"),
        )
        .await;
    r.ok();
    emu.send(
        Method::POST,
        LOGOUT,
        Some(&service),
        &[],
        Bytes::from_static(b"not json"),
    )
    .await
    .expect(400, "ValidationError");
    emu.faults(json!([{"path": "/v2/client/session/logout", "action": {"kind": "accepted"}}]))
        .await;
    let acc = emu
        .post(
            "/v2/client/session/logout",
            Some(&emu.client_token),
            json!({"token": s[0].user_token}),
        )
        .await;
    let poll_path = format!("/request/{}", acc.body["request_id"].as_str().unwrap());
    let polled = emu.get(&poll_path, Some(&emu.client_token)).await;
    emu.get("/health", None).await;
    let log = emu.get("/_emulator/requests", None).await;
    let entries = log.body["requests"].as_array().unwrap();
    assert_eq!(entries.len(), 4, "API requests only: {entries:?}");
    let first = &entries[0];
    assert_eq!(first["method"], "POST");
    assert_eq!(first["path"], LIST);
    assert_eq!(first["body"], json!({"size": 1}));
    assert_eq!(first["reply_status"], 200);
    assert_eq!(first["request_id"], r.body["request_id"]);
    assert_eq!(
        first["headers"],
        json!({
            "authorization": format!("Bearer {service}"),
            "content-type": "application/json",
            "cookie": "a=b",
            "origin": "http://localhost:5173",
            "user-agent": "pangea-node/5.6.0 extra",
            "x-pangea-retried-request-ids": "prq_a,prq_b",
        })
    );
    assert_eq!(entries[1]["body"], "not json");
    assert_eq!(entries[1]["reply_status"], 400);
    assert_eq!(entries[2]["reply_status"], 202);
    assert_eq!(entries[2]["body"]["token"], json!(s[0].user_token));
    assert_eq!(entries[3]["method"], "GET");
    assert_eq!(entries[3]["path"], json!(poll_path));
    assert_eq!(entries[3]["request_id"], polled.body["request_id"]);
    let seqs: Vec<u64> = entries.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    emu.send(
        Method::DELETE,
        "/_emulator/requests",
        None,
        &[],
        Bytes::new(),
    )
    .await
    .ok();
    let log = emu.get("/_emulator/requests", None).await;
    assert!(log.body["requests"].as_array().unwrap().is_empty());
    emu.stop().await;
}
