//! Request validation: every code and pointer, malformed bodies, size
//! limits, unknown routes.

use std::time::Duration;

use bytes::Bytes;
use http::Method;
use serde_json::json;

use crate::common::{head_value, raw_exchange, split_reply, Emu};
use emulator::Config;

const PTU: &str = "ptu_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const PMT: &str = "pmt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const PTR: &str = "ptr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// (path, body, expected `(code, source)` errors in order)
type Case = (
    &'static str,
    serde_json::Value,
    Vec<(&'static str, &'static str)>,
);

#[tokio::test]
async fn required_fields_types_and_patterns() {
    let emu = Emu::start().await;
    let cases: Vec<Case> = vec![
        (
            "/v2/client/session/invalidate",
            json!({}),
            vec![
                ("FieldRequired", "/token"),
                ("FieldRequired", "/session_id"),
            ],
        ),
        (
            "/v2/client/session/invalidate",
            json!({"token": 5, "session_id": "pmt_short", "x": 1}),
            vec![
                ("InvalidString", "/token"),
                ("DoesNotMatchPattern", "/session_id"),
                ("UnexpectedProperty", "/x"),
            ],
        ),
        (
            "/v2/client/session/logout",
            json!({"token": "ptu_" , "extra/key": true}),
            vec![
                ("DoesNotMatchPattern", "/token"),
                ("UnexpectedProperty", "/extra~1key"),
            ],
        ),
        (
            "/v2/client/session/logout",
            json!({"token": null}),
            vec![("InvalidString", "/token")],
        ),
        (
            "/v2/client/session/refresh",
            json!({"user_token": "a.b"}),
            vec![
                ("FieldRequired", "/refresh_token"),
                ("DoesNotMatchPattern", "/user_token"),
            ],
        ),
        (
            "/v2/client/session/refresh",
            json!({"refresh_token": PTU, "user_token": PTR}),
            vec![
                ("DoesNotMatchPattern", "/refresh_token"),
                ("DoesNotMatchPattern", "/user_token"),
            ],
        ),
        (
            // The spec's loose `^(ptu_…)|(JWT)$` would accept this; we don't.
            "/v2/client/session/logout",
            json!({"token": format!("{PTU}zz")}),
            vec![("DoesNotMatchPattern", "/token")],
        ),
        (
            "/v2/session/invalidate",
            json!({"session_id": PMT, "user_initiated": "yes"}),
            vec![("InvalidBool", "/user_initiated")],
        ),
        (
            "/v2/session/invalidate",
            json!({"session_id": [PMT]}),
            vec![("InvalidString", "/session_id")],
        ),
        (
            "/v2/session/logout",
            json!({"user_id": "bad\"id", "also": 1}),
            vec![
                ("DoesNotMatchPattern", "/user_id"),
                ("UnexpectedProperty", "/also"),
            ],
        ),
        (
            "/v2/session/logout",
            json!({"user_id": ""}),
            vec![("DoesNotMatchPattern", "/user_id")],
        ),
        (
            "/v2/client/session/list",
            json!({"size": 1, "more": 1}),
            vec![
                ("FieldRequired", "/token"),
                ("NoUnevaluatedProperties", "/more"),
            ],
        ),
        (
            "/v2/session/list",
            json!({"order": "up", "order_by": "name", "size": 0}),
            vec![
                ("NotEnumMember", "/order"),
                ("NotEnumMember", "/order_by"),
                ("IsTooSmall", "/size"),
            ],
        ),
        (
            "/v2/session/list",
            json!({"order": 1, "size": "2", "last": 3}),
            vec![
                ("InvalidString", "/order"),
                ("InvalidInteger", "/size"),
                ("InvalidString", "/last"),
            ],
        ),
        (
            "/v2/session/list",
            json!({"size": 2.5}),
            vec![("InvalidInteger", "/size")],
        ),
        (
            "/v2/session/list",
            json!({"size": -4}),
            vec![("IsTooSmall", "/size")],
        ),
        (
            "/v2/session/list",
            json!({"last": "Mjoy"}),
            vec![("BadFormat", "/last")],
        ),
        (
            "/v2/session/list",
            json!({"filter": []}),
            vec![("InvalidObject", "/filter")],
        ),
        (
            "/v2/session/list",
            json!({"filter": null}),
            vec![("InvalidObject", "/filter")],
        ),
        (
            "/v2/session/list",
            json!({"filter": {
                "email__in": ["a", 1],
                "id__contains": "x",
                "enabled": "yes",
                "created_at__gt": "yesterday",
                "expire": "2026-01-01",
                "scopes": ["ok:scope", "not a scope"],
                "profile_country__exists": 1,
                "profile_country__contains": [true],
                "profile_country": 3,
                "username": null,
                "nope": 1,
                "id__gt": "x",
                "a/b": 1
            }}),
            vec![
                ("InvalidString", "/filter/email__in/1"),
                ("InvalidArray", "/filter/id__contains"),
                ("InvalidBool", "/filter/enabled"),
                ("BadFormatDateTime", "/filter/created_at__gt"),
                ("BadFormatDateTime", "/filter/expire"),
                ("DoesNotMatchPattern", "/filter/scopes/1"),
                ("InvalidBool", "/filter/profile_country__exists"),
                ("InvalidString", "/filter/profile_country__contains/0"),
                ("InvalidString", "/filter/profile_country"),
                ("InvalidString", "/filter/username"),
                ("UnexpectedProperty", "/filter/nope"),
                ("UnexpectedProperty", "/filter/id__gt"),
                ("UnexpectedProperty", "/filter/a~1b"),
            ],
        ),
    ];
    for (path, body, want) in cases {
        let r = emu.svc(path, body.clone()).await;
        r.expect_validation(&want);
        for e in r.body["result"]["errors"].as_array().unwrap() {
            assert!(!e["detail"].as_str().unwrap().is_empty(), "{path} {body}");
        }
    }
    emu.stop().await;
}

#[tokio::test]
async fn session_list_ignores_unknown_top_level_keys() {
    // Its schema does not forbid them (unlike every other request).
    let emu = Emu::start().await;
    let r = emu
        .svc("/v2/session/list", json!({"size": 1, "config_id": "x"}))
        .await;
    r.ok();
    let r = emu.svc("/v2/session/list", json!({"size": 2.0})).await;
    assert_eq!(r.ok()["sessions"].as_array().unwrap().len(), 2);
    emu.stop().await;
}

async fn raw(emu: &Emu, path: &str, body: &'static [u8]) -> crate::common::Resp {
    emu.send(
        Method::POST,
        path,
        Some(&emu.service.clone()),
        &[],
        Bytes::from_static(body),
    )
    .await
}

#[tokio::test]
async fn malformed_bodies() {
    let emu = Emu::start().await;
    for path in ["/v2/session/list", "/v2/client/session/logout"] {
        for body in [
            &b"{\"token\": "[..],
            b"",
            b"   ",
            b"{'single': 1}",
            b"\xff\xfe{}",
            b"{} trailing",
        ] {
            raw(&emu, path, body)
                .await
                .expect_validation(&[("BadFormat", "")]);
        }
        for body in [&b"[1,2]"[..], b"\"str\"", b"null", b"42", b"true"] {
            raw(&emu, path, body)
                .await
                .expect_validation(&[("InvalidObject", "")]);
        }
    }
    // Deep nesting is refused by the JSON parser's depth limit, not a crash.
    let deep = Bytes::from("[".repeat(200_000));
    let r = emu
        .send(
            Method::POST,
            "/v2/session/list",
            Some(&emu.service.clone()),
            &[],
            deep,
        )
        .await;
    r.expect_validation(&[("BadFormat", "")]);
    emu.stop().await;
}

#[tokio::test]
async fn body_size_limit() {
    let emu = Emu::start().await;
    let service = emu.service.clone();
    // Exactly 1 MiB: accepted.
    let mut ok = b"{\"size\":1}".to_vec();
    ok.resize(1024 * 1024, b' ');
    let r = emu
        .send(
            Method::POST,
            "/v2/session/list",
            Some(&service),
            &[],
            Bytes::from(ok),
        )
        .await;
    r.ok();
    // One byte more (declared by Content-Length): 413.
    let mut big = b"{\"size\":1}".to_vec();
    big.resize(1024 * 1024 + 1, b' ');
    let r = emu
        .send(
            Method::POST,
            "/v2/session/list",
            Some(&service),
            &[],
            Bytes::from(big),
        )
        .await;
    r.expect(413, "PayloadTooLarge");
    // Chunked (no Content-Length), 3 MiB: 413 too.
    let addr = emu.addr();
    let mut req = format!(
        "POST /v2/session/list HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {service}\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    let chunk = vec![b' '; 64 * 1024];
    for _ in 0..48 {
        req.extend(format!("{:x}\r\n", chunk.len()).as_bytes());
        req.extend(&chunk);
        req.extend(b"\r\n");
    }
    req.extend(b"0\r\n\r\n");
    let (got, _) = raw_exchange(&addr, &req, Duration::from_secs(5)).await;
    let (head, body) = split_reply(&got);
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    let len: usize = head_value(&head, "content-length")
        .unwrap()
        .parse()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&body[..len]).unwrap();
    crate::common::check_envelope("/v2/session/list", 413, &parse_head(&head), &v);
    // A huge declared length is refused without reading it.
    let req = format!(
        "POST /v2/session/list HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {service}\r\nContent-Length: 99999999999\r\n\r\n{{}}"
    );
    let (got, _) = raw_exchange(&addr, req.as_bytes(), Duration::from_secs(5)).await;
    assert!(String::from_utf8_lossy(&got).starts_with("HTTP/1.1 413"));
    // The server is fine afterwards.
    emu.svc("/v2/session/list", json!({})).await.ok();
    emu.stop().await;
}

/// Parses a raw head's headers into a `HeaderMap`.
pub fn parse_head(head: &str) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for line in head.lines().skip(1) {
        if let Some((k, v)) = line.split_once(':') {
            map.append(
                http::HeaderName::from_bytes(k.trim().as_bytes()).unwrap(),
                v.trim().parse().unwrap(),
            );
        }
    }
    map
}

#[tokio::test]
async fn unknown_routes_and_methods_are_404() {
    let emu = Emu::start().await;
    let service = emu.service.clone();
    for (method, path) in [
        (Method::GET, "/v2/session/list"),
        (Method::PUT, "/v2/client/session/refresh"),
        (Method::POST, "/v2/session/nothing"),
        (Method::GET, "/"),
        (Method::POST, "/request/prq_x"),
        (Method::POST, "/health"),
        (Method::DELETE, "/_emulator/fixture"),
    ] {
        let r = emu
            .send(method.clone(), path, Some(&service), &[], Bytes::new())
            .await;
        r.expect(404, "NotFound");
        assert!(r.body["summary"].as_str().unwrap().contains(path));
    }
    emu.stop().await;
}

#[tokio::test]
async fn control_routes_need_the_faults_flag() {
    let emu = Emu::with(Config::default()).await;
    for (method, path) in [
        (Method::GET, "/_emulator/faults"),
        (Method::POST, "/_emulator/faults"),
        (Method::DELETE, "/_emulator/faults"),
        (Method::GET, "/_emulator/requests"),
        (Method::DELETE, "/_emulator/requests"),
        (Method::POST, "/_emulator/reset"),
    ] {
        emu.send(method, path, None, &[], Bytes::from_static(b"{}"))
            .await
            .expect(404, "NotFound");
    }
    // The fixture is always there.
    emu.fixture().await;
    emu.stop().await;
}

#[tokio::test]
async fn garbage_on_the_wire_does_not_hurt() {
    let emu = Emu::start().await;
    let addr = emu.addr();
    let service = emu.service.clone();
    let junk: Vec<Vec<u8>> = vec![
        b"\x00\x01\x02\xff\xfe garbage\r\n\r\n".to_vec(),
        b"GET / HTTP/9.9\r\n\r\n".to_vec(),
        b"POST /v2/session/list HTTP/1.1\r\nContent-Length: abc\r\n\r\n".to_vec(),
        format!("POST /v2/session/list HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "a".repeat(512 * 1024)).into_bytes(),
        // Authorization that is not valid UTF-8.
        b"POST /v2/session/list HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\r\nContent-Length: 2\r\n\r\n{}".to_vec(),
        // Half a request, then the client goes away.
        b"POST /v2/session/list HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"si".to_vec(),
    ];
    for j in &junk {
        let (got, _) = raw_exchange(&addr, j, Duration::from_millis(300)).await;
        if !got.is_empty() {
            let text = String::from_utf8_lossy(&got);
            assert!(text.starts_with("HTTP/1.1 4"), "{text}");
        }
    }
    // Pipelined requests on one connection are answered in order.
    let one = crate::common::raw_post(&addr, "/v2/session/list", &service, "{\"size\":1}");
    let mut two = one.clone();
    two.extend(one);
    let (got, _) = raw_exchange(&addr, &two, Duration::from_millis(500)).await;
    assert_eq!(
        String::from_utf8_lossy(&got)
            .matches("HTTP/1.1 200")
            .count(),
        2
    );
    emu.svc("/v2/session/list", json!({})).await.ok();
    emu.stop().await;
}

#[tokio::test]
async fn a_body_that_never_arrives_times_out() {
    let emu = Emu::with(Config {
        body_timeout_ms: 300,
        ..Config::default()
    })
    .await;
    let addr = emu.addr();
    let req = format!(
        "POST /v2/session/list HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\nContent-Length: 50\r\n\r\n{{\"si",
        emu.service
    );
    let (got, _) = raw_exchange(&addr, req.as_bytes(), Duration::from_secs(3)).await;
    let (head, body) = split_reply(&got);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    crate::common::check_envelope("/v2/session/list", 408, &parse_head(&head), &v);
    assert_eq!(v["status"], "RequestTimeout");
    emu.stop().await;
}
