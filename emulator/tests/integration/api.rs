//! The seven operations: auth rules and semantics.

use std::collections::HashSet;

use serde_json::json;

use crate::common::{ids, is_id, Emu, Sess};

const CLIENT_LIST: &str = "/v2/client/session/list";
const CLIENT_INVALIDATE: &str = "/v2/client/session/invalidate";
const CLIENT_LOGOUT: &str = "/v2/client/session/logout";
const CLIENT_REFRESH: &str = "/v2/client/session/refresh";
const LIST: &str = "/v2/session/list";
const INVALIDATE: &str = "/v2/session/invalidate";
const LOGOUT: &str = "/v2/session/logout";

/// A user with at least two active sessions.
fn user_with_two(sessions: &[Sess]) -> (Sess, Sess) {
    for a in sessions {
        if let Some(b) = sessions
            .iter()
            .find(|b| b.user_id == a.user_id && b.id != a.id)
        {
            return (a.clone(), b.clone());
        }
    }
    panic!("seed has no user with two sessions");
}

async fn count(emu: &Emu) -> u64 {
    emu.svc(LIST, json!({"size": 1})).await.ok()["count"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn health_needs_no_auth() {
    let emu = Emu::start().await;
    let r = emu.get("/health", None).await;
    assert_eq!(r.status, 200);
    emu.stop().await;
}

#[tokio::test]
async fn auth_rules_for_every_route() {
    let emu = Emu::start().await;
    let s = emu.sessions().await;
    let bodies = [
        (
            CLIENT_INVALIDATE,
            json!({"token": s[0].user_token, "session_id": s[1].id}),
            true,
        ),
        (CLIENT_LIST, json!({"token": s[0].user_token}), true),
        (
            CLIENT_LOGOUT,
            json!({"token": "ptu_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}),
            true,
        ),
        (
            CLIENT_REFRESH,
            json!({"refresh_token": "ptr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}),
            true,
        ),
        (
            INVALIDATE,
            json!({"session_id": "pmt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}),
            false,
        ),
        (LIST, json!({}), false),
        (LOGOUT, json!({"user_id": "pui_nobody"}), false),
    ];
    let client = emu.client_token.clone();
    let service = emu.service.clone();
    for (path, body, client_ok) in &bodies {
        // Missing, unknown and wrongly-schemed tokens: 401 before validation.
        for token in [None, Some("pts_bogus"), Some("")] {
            let r = emu.post(path, token, json!({"not": "valid"})).await;
            r.expect(401, "Unauthorized");
            assert_eq!(r.body["summary"], "Not authorized to access this resource");
            assert_eq!(r.body["result"], serde_json::Value::Null);
        }
        let basic = emu
            .send(
                http::Method::POST,
                path,
                None,
                &[("authorization", &format!("Basic {service}"))],
                bytes::Bytes::from(body.to_string()),
            )
            .await;
        basic.expect(401, "Unauthorized");
        // The client token: only on /v2/client/*.
        let r = emu.post(path, Some(&client), body.clone()).await;
        if *client_ok {
            assert_ne!(r.status, 401, "{path} with client token: {}", r.body);
        } else {
            r.expect(401, "Unauthorized");
        }
        // The service token: everywhere.
        let r = emu.post(path, Some(&service), body.clone()).await;
        assert_ne!(r.status, 401, "{path} with service token: {}", r.body);
    }
    // Polling accepts either token (here: unknown id → 404, not 401).
    for token in [&client, &service] {
        emu.get("/request/prq_unknown", Some(token))
            .await
            .expect(404, "NotFound");
    }
    emu.get("/request/prq_unknown", None)
        .await
        .expect(401, "Unauthorized");
    emu.stop().await;
}

#[tokio::test]
async fn client_list_shows_only_the_token_owners_sessions() {
    let emu = Emu::start().await;
    let all = emu.sessions().await;
    let users: HashSet<&str> = all.iter().map(|s| s.user_id.as_str()).collect();
    assert!(users.len() > 5);
    for s in all.iter().take(8) {
        let r = emu
            .post(
                CLIENT_LIST,
                Some(&emu.client_token),
                json!({"token": s.user_token}),
            )
            .await;
        let result = r.ok();
        assert!(result.get("count").is_none(), "client list has no count");
        let mut got = ids(result);
        got.sort();
        let mut want: Vec<String> = all
            .iter()
            .filter(|o| o.user_id == s.user_id)
            .map(|o| o.id.clone())
            .collect();
        want.sort();
        assert_eq!(got, want);
        for item in result["sessions"].as_array().unwrap() {
            assert_eq!(item["identity"], json!(s.user_id));
            assert_eq!(item["email"], json!(s.email));
            assert_eq!(item["type"], "session");
            assert_eq!(item["active_token"]["type"], "user");
            assert!(
                item.get("user_token").is_none() && item["active_token"].get("token").is_none()
            );
        }
    }
    emu.stop().await;
}

#[tokio::test]
async fn client_invalidate_is_scoped_to_the_user() {
    let emu = Emu::start().await;
    let all = emu.sessions().await;
    let (mine, my_other) = user_with_two(&all);
    let foreign = all
        .iter()
        .find(|s| s.user_id != mine.user_id)
        .unwrap()
        .clone();
    let ct = emu.client_token.clone();
    // Another user's session: not visible, so DoesNotExist, and untouched.
    emu.post(
        CLIENT_INVALIDATE,
        Some(&ct),
        json!({"token": mine.user_token, "session_id": foreign.id}),
    )
    .await
    .expect_validation(&[("DoesNotExist", "/session_id")]);
    // Unknown id: same answer.
    emu.post(
        CLIENT_INVALIDATE,
        Some(&ct),
        json!({"token": mine.user_token, "session_id": "pmt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}),
    )
    .await
    .expect_validation(&[("DoesNotExist", "/session_id")]);
    // Own other session: ends it.
    let r = emu
        .post(
            CLIENT_INVALIDATE,
            Some(&ct),
            json!({"token": mine.user_token, "session_id": my_other.id}),
        )
        .await;
    assert_eq!(r.ok(), &json!({}));
    let listed = ids(emu
        .post(CLIENT_LIST, Some(&ct), json!({"token": mine.user_token}))
        .await
        .ok());
    assert!(!listed.contains(&my_other.id) && listed.contains(&mine.id));
    // Twice: no longer exists.
    emu.post(
        CLIENT_INVALIDATE,
        Some(&ct),
        json!({"token": mine.user_token, "session_id": my_other.id}),
    )
    .await
    .expect_validation(&[("DoesNotExist", "/session_id")]);
    // The other user's session is still there; the ended one's token is expired.
    let everything = ids(emu.svc(LIST, json!({"size": 1000})).await.ok());
    assert!(everything.contains(&foreign.id) && !everything.contains(&my_other.id));
    emu.post(
        CLIENT_LIST,
        Some(&ct),
        json!({"token": my_other.user_token}),
    )
    .await
    .expect(400, "ExpiredToken");
    // Invalidating one's own current session works too.
    emu.post(
        CLIENT_INVALIDATE,
        Some(&ct),
        json!({"token": mine.user_token, "session_id": mine.id}),
    )
    .await
    .ok();
    emu.post(CLIENT_LIST, Some(&ct), json!({"token": mine.user_token}))
        .await
        .expect(400, "ExpiredToken");
    emu.stop().await;
}

#[tokio::test]
async fn client_logout_ends_only_the_tokens_session() {
    let emu = Emu::start().await;
    let (a, b) = user_with_two(&emu.sessions().await);
    let ct = emu.client_token.clone();
    let before = count(&emu).await;
    assert_eq!(
        emu.post(CLIENT_LOGOUT, Some(&ct), json!({"token": a.user_token}))
            .await
            .ok(),
        &json!({})
    );
    assert_eq!(count(&emu).await, before - 1);
    let r = emu
        .post(CLIENT_LOGOUT, Some(&ct), json!({"token": a.user_token}))
        .await;
    r.expect(400, "ExpiredToken");
    assert_eq!(
        r.error_pairs(),
        [("BadState".to_owned(), "/token".to_owned())]
    );
    let listed = ids(emu
        .post(CLIENT_LIST, Some(&ct), json!({"token": b.user_token}))
        .await
        .ok());
    assert!(listed.contains(&b.id) && !listed.contains(&a.id));
    emu.stop().await;
}

#[tokio::test]
async fn refresh_rotates_both_tokens() {
    let emu = Emu::start().await;
    let all = emu.sessions().await;
    let (s, sibling) = user_with_two(&all);
    let ct = emu.client_token.clone();
    let r = emu
        .post(
            CLIENT_REFRESH,
            Some(&ct),
            json!({"refresh_token": s.refresh_token, "user_token": s.user_token}),
        )
        .await;
    let result = r.ok().clone();
    let rt = &result["refresh_token"];
    let at = &result["active_token"];
    assert_eq!(rt["id"], json!(s.id));
    assert_eq!(rt["type"], "session");
    assert_eq!(at["type"], "user");
    assert_eq!(rt["identity"], json!(s.user_id));
    assert_eq!(at["email"], json!(s.email));
    let new_refresh = rt["token"].as_str().unwrap().to_owned();
    let new_user = at["token"].as_str().unwrap().to_owned();
    let new_token_id = at["id"].as_str().unwrap().to_owned();
    assert!(is_id(&new_refresh, "ptr_") && new_refresh != s.refresh_token);
    assert!(is_id(&new_user, "ptu_") && new_user != s.user_token);
    assert!(is_id(&new_token_id, "pmt_") && new_token_id != s.active_token_id);
    // Old secrets stop working; new ones work.
    emu.post(
        CLIENT_REFRESH,
        Some(&ct),
        json!({"refresh_token": s.refresh_token}),
    )
    .await
    .expect(400, "ExpiredToken");
    emu.post(CLIENT_LIST, Some(&ct), json!({"token": s.user_token}))
        .await
        .expect(400, "ExpiredToken");
    let listed = emu
        .post(CLIENT_LIST, Some(&ct), json!({"token": new_user}))
        .await;
    let item = listed.ok()["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == json!(s.id))
        .unwrap()
        .clone();
    assert_eq!(item["active_token"]["id"], json!(new_token_id));
    // The fixture shows the rotation, old secrets as retired.
    let now = emu
        .sessions()
        .await
        .into_iter()
        .find(|x| x.id == s.id)
        .unwrap();
    assert_eq!(
        (now.user_token.as_str(), now.refresh_token.as_str()),
        (new_user.as_str(), new_refresh.as_str())
    );
    // user_token of another session of the same user → InvalidToken.
    let r = emu
        .post(
            CLIENT_REFRESH,
            Some(&ct),
            json!({"refresh_token": new_refresh, "user_token": sibling.user_token}),
        )
        .await;
    r.expect(400, "InvalidToken");
    assert_eq!(
        r.error_pairs(),
        [("BadState".to_owned(), "/user_token".to_owned())]
    );
    // Unknown user token → InvalidToken; the old (rotated) one of the same session is fine.
    emu.post(
        CLIENT_REFRESH,
        Some(&ct),
        json!({"refresh_token": new_refresh, "user_token": "ptu_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}),
    )
    .await
    .expect(400, "InvalidToken");
    let again = emu
        .post(
            CLIENT_REFRESH,
            Some(&emu.service),
            json!({"refresh_token": new_refresh, "user_token": s.user_token}),
        )
        .await;
    again.ok();
    // Unknown refresh token.
    let r = emu
        .post(
            CLIENT_REFRESH,
            Some(&ct),
            json!({"refresh_token": "ptr_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}),
        )
        .await;
    r.expect(400, "InvalidToken");
    assert_eq!(
        r.error_pairs(),
        [("DoesNotExist".to_owned(), "/refresh_token".to_owned())]
    );
    // Refresh of an invalidated session.
    emu.svc(INVALIDATE, json!({"session_id": sibling.id}))
        .await
        .ok();
    emu.post(
        CLIENT_REFRESH,
        Some(&ct),
        json!({"refresh_token": sibling.refresh_token}),
    )
    .await
    .expect(400, "ExpiredToken");
    emu.stop().await;
}

#[tokio::test]
async fn expired_and_unknown_user_tokens() {
    let emu = Emu::start().await;
    let fixture = emu.fixture().await;
    let expired: Vec<Sess> = crate::common::sessions_of(&fixture, true)
        .into_iter()
        .filter(|s| s.expired)
        .collect();
    assert_eq!(expired.len(), 2);
    let ct = emu.client_token.clone();
    let e = &expired[0];
    emu.post(CLIENT_LIST, Some(&ct), json!({"token": e.user_token}))
        .await
        .expect(400, "ExpiredToken");
    emu.post(CLIENT_LOGOUT, Some(&ct), json!({"token": e.user_token}))
        .await
        .expect(400, "ExpiredToken");
    emu.post(
        CLIENT_INVALIDATE,
        Some(&ct),
        json!({"token": e.user_token, "session_id": e.id}),
    )
    .await
    .expect(400, "ExpiredToken");
    emu.post(
        CLIENT_REFRESH,
        Some(&ct),
        json!({"refresh_token": e.refresh_token}),
    )
    .await
    .expect(400, "ExpiredToken");
    // Expired sessions are never listed and cannot be invalidated.
    assert!(!ids(emu.svc(LIST, json!({"size": 1000})).await.ok()).contains(&e.id));
    emu.svc(INVALIDATE, json!({"session_id": e.id}))
        .await
        .expect_validation(&[("DoesNotExist", "/session_id")]);
    for unknown in [
        "ptu_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl",
    ] {
        let r = emu
            .post(CLIENT_LIST, Some(&ct), json!({"token": unknown}))
            .await;
        r.expect(400, "InvalidToken");
        assert_eq!(
            r.error_pairs(),
            [("DoesNotExist".to_owned(), "/token".to_owned())]
        );
    }
    emu.stop().await;
}

#[tokio::test]
async fn service_invalidate() {
    let emu = Emu::start().await;
    let s = emu.sessions().await;
    let before = count(&emu).await;
    assert_eq!(
        emu.svc(INVALIDATE, json!({"session_id": s[0].id}))
            .await
            .ok(),
        &json!({})
    );
    assert_eq!(count(&emu).await, before - 1);
    emu.svc(INVALIDATE, json!({"session_id": s[0].id}))
        .await
        .expect_validation(&[("DoesNotExist", "/session_id")]);
    emu.svc(
        INVALIDATE,
        json!({"session_id": "pmt_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}),
    )
    .await
    .expect_validation(&[("DoesNotExist", "/session_id")]);
    emu.svc(
        INVALIDATE,
        json!({"session_id": s[1].id, "user_initiated": true}),
    )
    .await
    .ok();
    assert_eq!(count(&emu).await, before - 2);
    emu.post(
        CLIENT_LIST,
        Some(&emu.client_token),
        json!({"token": s[0].user_token}),
    )
    .await
    .expect(400, "ExpiredToken");
    emu.stop().await;
}

#[tokio::test]
async fn service_logout_ends_all_of_a_users_sessions() {
    let emu = Emu::start().await;
    let all = emu.sessions().await;
    let (a, _) = user_with_two(&all);
    let theirs = all.iter().filter(|s| s.user_id == a.user_id).count() as u64;
    let before = count(&emu).await;
    assert_eq!(
        emu.svc(LOGOUT, json!({"user_id": a.user_id})).await.ok(),
        &json!({})
    );
    assert_eq!(count(&emu).await, before - theirs);
    let r = emu
        .svc(LIST, json!({"filter": {"identity": a.user_id}}))
        .await;
    assert_eq!(r.ok()["count"], 0);
    // Unknown user (or, as the Node SDK's own test does, a token string): no-op.
    for who in [
        "pui_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        all[0].user_token.as_str(),
    ] {
        emu.svc(LOGOUT, json!({"user_id": who})).await.ok();
    }
    assert_eq!(count(&emu).await, before - theirs);
    emu.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_invalidations_are_atomic() {
    let emu = std::sync::Arc::new(Emu::start().await);
    let all = emu.sessions().await;
    let target = all[3].id.clone();
    let mut tasks = Vec::new();
    for i in 0..24 {
        let emu = std::sync::Arc::clone(&emu);
        let target = target.clone();
        tasks.push(tokio::spawn(async move {
            if i % 3 == 0 {
                let r = emu.svc(LIST, json!({"size": 1000})).await;
                let listed = ids(r.ok());
                // One snapshot: count and the page agree.
                assert_eq!(
                    listed.len() as u64,
                    r.body["result"]["count"].as_u64().unwrap()
                );
                None
            } else {
                Some(
                    emu.svc(INVALIDATE, json!({"session_id": target}))
                        .await
                        .status,
                )
            }
        }));
    }
    let mut ok = 0;
    for t in tasks {
        if let Some(status) = t.await.unwrap() {
            assert!(status == 200 || status == 400);
            ok += usize::from(status == 200);
        }
    }
    assert_eq!(ok, 1, "exactly one invalidation wins");
    assert_eq!(count(&emu).await, all.len() as u64 - 1);
}
