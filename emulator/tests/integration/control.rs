//! Fixture, reset, seeding, CORS, start-up line and the binary itself.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::Method;
use serde_json::{json, Value};

use crate::common::{ids, is_id, sessions_of, Emu};
use emulator::Config;

/// The fixture part of a `/_emulator/fixture` reply (envelope keys removed).
fn data(body: &Value) -> Value {
    let mut v = body.clone();
    for k in [
        "request_id",
        "request_time",
        "response_time",
        "status",
        "summary",
    ] {
        v.as_object_mut().unwrap().remove(k);
    }
    v
}

#[tokio::test]
async fn fixture_needs_the_service_token() {
    let emu = Emu::start().await;
    let ct = emu.client_token.clone();
    emu.get("/_emulator/fixture", Some(&ct))
        .await
        .expect(401, "Unauthorized");
    emu.get("/_emulator/fixture", None)
        .await
        .expect(401, "Unauthorized");
    let f = emu.fixture().await;
    assert_eq!(f["service_token"], json!(emu.service));
    assert_eq!(f["client_token"], json!(emu.client_token));
    assert_eq!(f["users"].as_array().unwrap().len(), 20);
    emu.stop().await;
}

#[tokio::test]
async fn seeding_is_deterministic() {
    let a = Emu::with(Config {
        seed: 20,
        ..Config::default()
    })
    .await;
    let b = Emu::with(Config {
        seed: 20,
        ..Config::default()
    })
    .await;
    let c = Emu::with(Config {
        seed: 21,
        ..Config::default()
    })
    .await;
    let (fa, fb, fc) = (
        data(&a.fixture().await),
        data(&b.fixture().await),
        data(&c.fixture().await),
    );
    assert_eq!(
        serde_json::to_string(&fa).unwrap(),
        serde_json::to_string(&fb).unwrap()
    );
    assert_ne!(fa, fc);
    let startup = &a.running.as_ref().unwrap().startup;
    assert_eq!(startup.users, 20);
    let active = sessions_of(&fa, false).len();
    assert_eq!(startup.sessions, active);
    assert_eq!(startup.expired_sessions, 2);
    assert!(is_id(&startup.service_token, "pts_") && is_id(&startup.client_token, "pcl_"));
    assert_eq!(fc["users"].as_array().unwrap().len(), 21);
    // Every user has 1-3 active sessions; ids and secrets look like Pangea's.
    for u in fa["users"].as_array().unwrap() {
        assert!(is_id(u["id"].as_str().unwrap(), "pui_"));
        let n = u["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["expired"] == false)
            .count();
        assert!((1..=3).contains(&n));
        for s in u["sessions"].as_array().unwrap() {
            assert!(is_id(s["id"].as_str().unwrap(), "pmt_"));
            assert!(is_id(s["user_token"].as_str().unwrap(), "ptu_"));
            assert!(is_id(s["refresh_token"].as_str().unwrap(), "ptr_"));
            assert!(s["created_at"].as_str().unwrap() < "2026-02-01");
        }
    }
    // Seed 0: an empty data set still serves.
    let z = Emu::with(Config {
        seed: 0,
        ..Config::default()
    })
    .await;
    let r = z.svc("/v2/session/list", json!({})).await;
    assert_eq!(r.ok(), &json!({"sessions": [], "count": 0}));
    for e in [a, b, c, z] {
        e.stop().await;
    }
}

#[tokio::test]
async fn fixture_files_round_trip() {
    let a = Emu::start().await;
    // Change the state first: a refresh (rotated secrets) and an invalidation.
    let s = a.sessions().await;
    a.post(
        "/v2/client/session/refresh",
        Some(&a.client_token),
        json!({"refresh_token": s[0].refresh_token}),
    )
    .await
    .ok();
    a.svc("/v2/session/invalidate", json!({"session_id": s[1].id}))
        .await
        .ok();
    let body = a.fixture().await;
    // The reply saved verbatim (envelope keys included) is a valid fixture.
    let path = std::env::temp_dir().join(format!("emulator-fixture-{}.json", std::process::id()));
    std::fs::write(&path, serde_json::to_vec(&body).unwrap()).unwrap();
    let b = Emu::with(Config {
        fixture: Some(path.clone()),
        seed: 3, // ignored when a fixture is given
        ..Config::default()
    })
    .await;
    assert_eq!(data(&b.fixture().await), data(&body));
    assert_eq!(b.service, a.service);
    // Rotated-out and invalidated secrets still answer ExpiredToken there.
    b.post(
        "/v2/client/session/list",
        Some(&b.client_token),
        json!({"token": s[0].user_token}),
    )
    .await
    .expect(400, "ExpiredToken");
    b.post(
        "/v2/client/session/list",
        Some(&b.client_token),
        json!({"token": s[1].user_token}),
    )
    .await
    .expect(400, "ExpiredToken");
    // Token flags override the fixture's.
    let c = Emu::with(Config {
        fixture: Some(path.clone()),
        service_token: Some("pts_custom".into()),
        client_token: Some("pcl_custom".into()),
        ..Config::default()
    })
    .await;
    assert_eq!(
        (c.service.as_str(), c.client_token.as_str()),
        ("pts_custom", "pcl_custom")
    );
    c.svc("/v2/session/list", json!({})).await.ok();
    // Broken fixtures are refused at start.
    let mut bad = data(&body);
    bad["users"][0]["sessions"][0]["user_token"] = json!("nope");
    std::fs::write(&path, serde_json::to_vec(&bad).unwrap()).unwrap();
    let err = emulator::start(&Config {
        fixture: Some(path.clone()),
        ..Config::default()
    })
    .await
    .unwrap_err();
    assert!(err.contains("users[0].sessions[0]"), "{err}");
    std::fs::write(&path, b"{not json").unwrap();
    assert!(emulator::start(&Config {
        fixture: Some(path.clone()),
        ..Config::default()
    })
    .await
    .is_err());
    std::fs::remove_file(&path).unwrap();
    for e in [a, b, c] {
        e.stop().await;
    }
}

#[tokio::test]
async fn reset_restores_the_start_up_data() {
    let emu = Emu::start().await;
    let before = data(&emu.fixture().await);
    let s = emu.sessions().await;
    emu.svc("/v2/session/logout", json!({"user_id": s[0].user_id}))
        .await
        .ok();
    emu.post(
        "/v2/client/session/refresh",
        Some(&emu.client_token),
        json!({"refresh_token": s[5].refresh_token}),
    )
    .await
    .ok();
    assert_ne!(data(&emu.fixture().await), before);
    let r = emu
        .send(Method::POST, "/_emulator/reset", None, &[], Bytes::new())
        .await;
    assert_eq!(r.ok(), &json!({}));
    assert_eq!(data(&emu.fixture().await), before);
    emu.stop().await;
}

#[tokio::test]
async fn cors_everywhere() {
    let emu = Emu::start().await;
    for path in [
        "/v2/session/list",
        "/v2/client/session/refresh",
        "/request/prq_x",
        "/nowhere",
    ] {
        let (status, headers, body) = emu
            .exchange_preflight(
                path,
                "authorization, content-type, x-pangea-retried-request-ids, x-custom",
            )
            .await;
        assert_eq!(status, 204, "{path}");
        assert!(body.is_empty());
        assert_eq!(headers["access-control-allow-origin"], "*");
        let methods = headers["access-control-allow-methods"].to_str().unwrap();
        for m in ["GET", "POST", "OPTIONS"] {
            assert!(methods.contains(m));
        }
        assert_eq!(
            headers["access-control-allow-headers"],
            "authorization, content-type, x-pangea-retried-request-ids, x-custom"
        );
        assert_eq!(headers["access-control-max-age"], "600");
        assert_eq!(headers["access-control-expose-headers"], "x-request-id");
    }
    // Preflights are not API requests: not logged, no fault consumed.
    emu.faults(json!([{"action": {"kind": "status", "http": 500}}]))
        .await;
    emu.exchange_preflight("/v2/session/list", "authorization")
        .await;
    let log = emu.get("/_emulator/requests", None).await;
    assert!(log.body["requests"].as_array().unwrap().is_empty());
    emu.svc("/v2/session/list", json!({}))
        .await
        .expect(500, "InternalError");
    // Ordinary replies carry the CORS headers (checked for every reply by
    // the harness); the expose header too.
    let r = emu.svc("/v2/session/list", json!({})).await;
    assert_eq!(r.headers["access-control-expose-headers"], "x-request-id");
    emu.stop().await;
}

impl Emu {
    async fn exchange_preflight(&self, path: &str, headers: &str) -> (u16, http::HeaderMap, Bytes) {
        let addr = self.addr();
        let req = format!(
            "OPTIONS {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://localhost:5173\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: {headers}\r\nConnection: close\r\n\r\n"
        );
        let (got, _) =
            crate::common::raw_exchange(&addr, req.as_bytes(), Duration::from_secs(5)).await;
        let (head, body) = crate::common::split_reply(&got);
        let status: u16 = head[9..12].parse().unwrap();
        (
            status,
            crate::validation::parse_head(&head),
            Bytes::from(body),
        )
    }
}

#[tokio::test]
async fn request_ids_are_unique() {
    let emu = Emu::start().await;
    let mut seen = std::collections::HashSet::new();
    for _ in 0..50 {
        let r = emu.svc("/v2/session/list", json!({"size": 1})).await;
        assert!(seen.insert(r.body["request_id"].as_str().unwrap().to_owned()));
    }
    let r = emu.svc("/v2/session/list", json!({"size": 1000})).await;
    assert_eq!(
        ids(r.ok()).len(),
        r.body["result"]["count"].as_u64().unwrap() as usize
    );
    emu.stop().await;
}

/// Runs the real binary: start-up line, a request, clean exit on a signal.
#[test]
fn binary_prints_the_start_up_line_and_exits_cleanly() {
    for (args, env, users, faults, signal) in [
        (
            vec!["--port", "0", "--seed", "3", "--quiet"],
            vec![],
            3,
            false,
            "-TERM",
        ),
        (
            vec![],
            vec![
                ("EMULATOR_PORT", "0"),
                ("EMULATOR_SEED", "4"),
                ("EMULATOR_FAULTS", "yes"),
            ],
            4,
            true,
            "-INT",
        ),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_emulator"))
            .args(&args)
            .envs(env)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
        assert_eq!(first["event"], "listening");
        assert_eq!(first["users"], users);
        assert_eq!(first["faults"], faults);
        let keys: Vec<&str> = first
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "event",
                "url",
                "service_token",
                "client_token",
                "users",
                "sessions",
                "expired_sessions",
                "faults"
            ]
        );
        let url = first["url"].as_str().unwrap();
        assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with(":0"));
        let rest: Vec<String> = lines.by_ref().take(3).map(Result::unwrap).collect();
        assert!(rest[0].contains(url), "{rest:?}");
        // One real request through a raw socket.
        let addr = url.trim_start_matches("http://").to_owned();
        let token = first["service_token"].as_str().unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (got, _) = rt.block_on(crate::common::raw_exchange(
            &addr,
            &crate::common::raw_post(&addr, "/v2/session/list", token, "{}"),
            Duration::from_millis(500),
        ));
        let (head, body) = crate::common::split_reply(&got);
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        let reply: Value = serde_json::from_slice(&body).unwrap();
        crate::common::check_envelope(
            "/v2/session/list",
            200,
            &crate::validation::parse_head(&head),
            &reply,
        );
        // SIGTERM / SIGINT: clean exit.
        let started = Instant::now();
        let pid = child.id().to_string();
        Command::new("kill").args([signal, &pid]).status().unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "{status:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}

/// The spec copy in `tests/data` must match the reference it was taken from
/// (checked when the reference tree sits beside the repository).
#[test]
fn spec_copy_matches_the_reference() {
    let reference = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/authn.openapi.json");
    let Ok(original) = std::fs::read(&reference) else {
        return; // not available here: nothing to compare
    };
    let copy = include_bytes!("../data/authn.openapi.json");
    assert!(
        original == copy,
        "tests/data/authn.openapi.json differs from {}",
        reference.display()
    );
}
