//! List semantics: every filter operator, every ordering, paging, count.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::common::{ids, Emu, Sess};
use emulator::Config;

const LIST: &str = "/v2/session/list";
const CLIENT_LIST: &str = "/v2/client/session/list";

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Lists with `filter` (one big page) and returns the ids, checking `count`.
async fn listed(emu: &Emu, filter: Value) -> Vec<String> {
    let r = emu.svc(LIST, json!({"filter": filter, "size": 1000})).await;
    let result = r.ok();
    let got = ids(result);
    assert_eq!(result["count"].as_u64().unwrap() as usize, got.len());
    assert!(result.get("last").is_none());
    got
}

/// Asserts the filter selects exactly the sessions `keep` accepts (and,
/// to be meaningful, some but not all of them unless `trivial`).
async fn check(
    emu: &Emu,
    all: &[Sess],
    filter: Value,
    keep: impl Fn(&Sess) -> bool,
    trivial: bool,
) {
    let mut got = listed(emu, filter.clone()).await;
    got.sort();
    let mut want: Vec<String> = all
        .iter()
        .filter(|s| keep(s))
        .map(|s| s.id.clone())
        .collect();
    want.sort();
    assert_eq!(got, want, "filter {filter}");
    if !trivial {
        assert!(
            !want.is_empty() && want.len() < all.len(),
            "filter {filter} should be selective"
        );
    }
}

/// Reads one string field of a session (`None`: the field is absent).
type Getter = fn(&Sess) -> Option<String>;

#[tokio::test]
async fn every_string_filter_operator() {
    let emu = Emu::start().await;
    let all = emu.sessions().await;
    let a = all[0].clone();
    let b = all[all.len() - 1].clone();
    // (field name, accessor)
    let fields: [(&str, Getter); 6] = [
        ("id", |s| Some(s.id.clone())),
        ("identity", |s| Some(s.user_id.clone())),
        ("email", |s| Some(s.email.clone())),
        ("active_token_id", |s| Some(s.active_token_id.clone())),
        ("username", |s| s.username.clone()),
        ("type", |_| Some("session".to_owned())),
    ];
    for (name, get) in fields {
        let trivial = name == "type";
        let with_value: Vec<&Sess> = all.iter().filter(|s| get(s).is_some()).collect();
        let va = get(with_value[0]).unwrap();
        let vb = get(with_value[with_value.len() - 1]).unwrap();
        check(
            &emu,
            &all,
            json!({ name: va }),
            |s| get(s).as_deref() == Some(va.as_str()),
            trivial,
        )
        .await;
        check(
            &emu,
            &all,
            json!({ format!("{name}__in"): [va, vb, "nope"] }),
            |s| get(s).is_some_and(|v| v == va || v == vb),
            trivial,
        )
        .await;
        // Two substrings that must both be contained.
        let sub1 = va[..va.len().min(6)].to_owned();
        let sub2 = va[va.len() - 3..].to_owned();
        check(
            &emu,
            &all,
            json!({ format!("{name}__contains"): [sub1, sub2] }),
            |s| get(s).is_some_and(|v| v.contains(&sub1) && v.contains(&sub2)),
            true,
        )
        .await;
    }
    // __in with no values matches nothing; __contains with none matches all.
    check(&emu, &all, json!({"email__in": []}), |_| false, true).await;
    check(&emu, &all, json!({"email__contains": []}), |_| true, true).await;
    check(
        &emu,
        &all,
        json!({"email__contains": ["@example.org"]}),
        |s| s.email.contains("@example.org"),
        false,
    )
    .await;
    // Conditions combine with AND.
    check(
        &emu,
        &all,
        json!({"identity": a.user_id, "id__in": [a.id, b.id]}),
        |s| s.user_id == a.user_id && (s.id == a.id || s.id == b.id),
        true,
    )
    .await;
    emu.stop().await;
}

#[tokio::test]
async fn time_filters_compare_instants() {
    let emu = Emu::start().await;
    let all = emu.sessions().await;
    let mut sorted = all.clone();
    sorted.sort_by_key(|s| t(&s.created_at));
    let mid = sorted[sorted.len() / 2].clone();
    let pivot = t(&mid.created_at);
    // The same instant spelled with an offset must compare equal.
    let shifted = pivot
        .with_timezone(&chrono::FixedOffset::east_opt(2 * 3600).unwrap())
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, false);
    check(
        &emu,
        &all,
        json!({"created_at": shifted}),
        |s| t(&s.created_at) == pivot,
        false,
    )
    .await;
    for (op, f) in [
        (
            "gt",
            (|a, b| a > b) as fn(DateTime<Utc>, DateTime<Utc>) -> bool,
        ),
        ("gte", |a, b| a >= b),
        ("lt", |a, b| a < b),
        ("lte", |a, b| a <= b),
    ] {
        check(
            &emu,
            &all,
            json!({ format!("created_at__{op}"): mid.created_at }),
            |s| f(t(&s.created_at), pivot),
            false,
        )
        .await;
        let exp = t(&mid.expire);
        check(
            &emu,
            &all,
            json!({ format!("expire__{op}"): mid.expire }),
            |s| f(t(&s.expire), exp),
            false,
        )
        .await;
    }
    check(
        &emu,
        &all,
        json!({"expire": mid.expire}),
        |s| s.expire == mid.expire,
        false,
    )
    .await;
    // A range.
    let lo = &sorted[3].created_at;
    let hi = &sorted[sorted.len() - 4].created_at;
    check(
        &emu,
        &all,
        json!({"created_at__gte": lo, "created_at__lt": hi}),
        |s| t(&s.created_at) >= t(lo) && t(&s.created_at) < t(hi),
        false,
    )
    .await;
    emu.stop().await;
}

#[tokio::test]
async fn scopes_enabled_and_profile_filters() {
    let emu = Emu::start().await;
    let all = emu.sessions().await;
    let has = |s: &Sess, want: &[&str]| want.iter().all(|w| s.scopes.iter().any(|x| x == w));
    check(
        &emu,
        &all,
        json!({"scopes": ["admin"]}),
        |s| has(s, &["admin"]),
        false,
    )
    .await;
    check(
        &emu,
        &all,
        json!({"scopes": ["admin", "read:sessions"]}),
        |s| has(s, &["admin", "read:sessions"]),
        false,
    )
    .await;
    check(&emu, &all, json!({"scopes": []}), |_| true, true).await;
    check(&emu, &all, json!({"enabled": false}), |s| !s.enabled, false).await;
    check(&emu, &all, json!({"enabled": true}), |s| s.enabled, false).await;
    let prof = |s: &Sess, k: &str| s.profile.get(k).and_then(Value::as_str).map(str::to_owned);
    let dept = prof(&all[0], "department").unwrap();
    check(
        &emu,
        &all,
        json!({"profile_department": dept}),
        |s| prof(s, "department") == Some(dept.clone()),
        false,
    )
    .await;
    // Beyond the spec's [A-Za-z]+ names: first_name is reachable too.
    let first = prof(&all[0], "first_name").unwrap();
    check(
        &emu,
        &all,
        json!({"profile_first_name": first}),
        |s| prof(s, "first_name") == Some(first.clone()),
        false,
    )
    .await;
    // __contains: one of the substrings (the spec's wording for profile keys).
    check(
        &emu,
        &all,
        json!({"profile_department__contains": ["eng", "fin"]}),
        |s| prof(s, "department").is_some_and(|d| d.contains("eng") || d.contains("fin")),
        false,
    )
    .await;
    for exists in [true, false] {
        check(
            &emu,
            &all,
            json!({"profile_image_url__exists": exists}),
            |s| s.profile.contains_key("image_url") == exists,
            false,
        )
        .await;
    }
    check(
        &emu,
        &all,
        json!({"profile_nosuchfield": "x"}),
        |_| false,
        true,
    )
    .await;
    emu.stop().await;
}

/// The ascending comparison key of an ordering, as the test understands it.
fn key(s: &Sess, order_by: &str) -> (String, String) {
    let k = match order_by {
        "id" => s.id.clone(),
        "type" => "session".into(),
        "identity" => s.user_id.clone(),
        "email" => s.email.clone(),
        "active_token_id" => s.active_token_id.clone(),
        // Fixed-width micros: text order equals instant order.
        "created_at" => format!("{:020}", t(&s.created_at).timestamp_micros()),
        "expire" => format!("{:020}", t(&s.expire).timestamp_micros()),
        other => panic!("{other}"),
    };
    (k, s.id.clone())
}

const ORDER_BY: [&str; 7] = [
    "id",
    "created_at",
    "type",
    "identity",
    "email",
    "expire",
    "active_token_id",
];

#[tokio::test]
async fn every_order_by_in_both_directions() {
    let emu = Emu::start().await;
    let all = emu.sessions().await;
    for order_by in ORDER_BY {
        let mut want = all.clone();
        want.sort_by_key(|s| key(s, order_by));
        let asc: Vec<String> = want.iter().map(|s| s.id.clone()).collect();
        let got = ids(emu
            .svc(
                LIST,
                json!({"order_by": order_by, "order": "asc", "size": 1000}),
            )
            .await
            .ok());
        assert_eq!(got, asc, "order_by {order_by} asc");
        let got = ids(emu
            .svc(
                LIST,
                json!({"order_by": order_by, "order": "desc", "size": 1000}),
            )
            .await
            .ok());
        let desc: Vec<String> = asc.iter().rev().cloned().collect();
        assert_eq!(got, desc, "order_by {order_by} desc");
    }
    // Defaults: created_at ascending.
    let mut want = all.clone();
    want.sort_by_key(|s| key(s, "created_at"));
    let got = ids(emu.svc(LIST, json!({"size": 1000})).await.ok());
    assert_eq!(got, want.iter().map(|s| s.id.clone()).collect::<Vec<_>>());
    emu.stop().await;
}

/// Pages through with `last`, asserting page sizes and the end condition.
async fn page_through(emu: &Emu, path: &str, base: Value, size: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut last: Option<String> = None;
    let mut count = None;
    for _ in 0..1000 {
        let mut body = base.clone();
        body["size"] = json!(size);
        if let Some(l) = &last {
            body["last"] = json!(l);
        }
        let token = if path == LIST {
            emu.service.clone()
        } else {
            emu.client_token.clone()
        };
        let r = emu.post(path, Some(&token), body).await;
        let result = r.ok().clone();
        let page = ids(&result);
        assert!(page.len() <= size);
        if path == LIST {
            let c = result["count"].as_u64().unwrap();
            assert_eq!(
                *count.get_or_insert(c),
                c,
                "count is the total, on every page"
            );
        }
        out.extend(page.clone());
        match result.get("last").and_then(Value::as_str) {
            Some(l) => {
                assert_eq!(page.len(), size, "only full pages announce more");
                last = Some(l.to_owned());
            }
            None => return out,
        }
    }
    panic!("paging did not end");
}

#[tokio::test]
async fn paging_yields_every_session_exactly_once() {
    let emu = Emu::with(Config {
        seed: 45,
        faults: true,
        ..Config::default()
    })
    .await;
    let all = emu.sessions().await;
    let every: Vec<String> = ids(emu.svc(LIST, json!({"size": 1000})).await.ok());
    assert_eq!(every.len(), all.len());
    for (order_by, order, size) in [
        ("created_at", "asc", 1),
        ("created_at", "desc", 7),
        ("type", "asc", 3),
        ("identity", "desc", 2),
        ("email", "asc", 10),
        ("expire", "desc", 5),
        ("active_token_id", "asc", 50),
        ("id", "desc", every.len()),
        ("id", "asc", every.len() - 1),
    ] {
        let base = json!({"order_by": order_by, "order": order});
        let paged = page_through(&emu, LIST, base.clone(), size).await;
        let full = ids(emu
            .svc(
                LIST,
                json!({"order_by": order_by, "order": order, "size": 1000}),
            )
            .await
            .ok());
        assert_eq!(paged, full, "{order_by} {order} size {size}");
        let unique: HashSet<&String> = paged.iter().collect();
        assert_eq!(unique.len(), paged.len());
    }
    // With a filter.
    let filter = json!({"filter": {"scopes": ["read:sessions"]}});
    let paged = page_through(&emu, LIST, filter.clone(), 4).await;
    assert_eq!(paged, listed(&emu, filter["filter"].clone()).await);
    // The default size is 20.
    let r = emu.svc(LIST, json!({})).await;
    assert_eq!(ids(r.ok()).len(), 20);
    assert!(r.body["result"]["last"].is_string());
    // An empty `last` means the first page.
    let r = emu.svc(LIST, json!({"last": "", "size": 3})).await;
    assert_eq!(ids(r.ok()), every[..3].to_vec());
    emu.stop().await;
}

#[tokio::test]
async fn paging_survives_invalidation_between_pages() {
    let emu = Emu::start().await;
    let every = ids(emu.svc(LIST, json!({"size": 1000})).await.ok());
    let first = emu.svc(LIST, json!({"size": 5})).await;
    let page1 = ids(first.ok());
    let last = first.body["result"]["last"].as_str().unwrap().to_owned();
    // End one session already seen and one not yet seen.
    for gone in [&every[1], &every[10]] {
        emu.svc("/v2/session/invalidate", json!({"session_id": gone}))
            .await
            .ok();
    }
    let rest = ids(emu
        .svc(LIST, json!({"size": 1000, "last": last}))
        .await
        .ok());
    let want: Vec<String> = every[5..]
        .iter()
        .filter(|i| **i != every[10])
        .cloned()
        .collect();
    assert_eq!(rest, want);
    assert_eq!(page1, every[..5].to_vec());
    emu.stop().await;
}

#[tokio::test]
async fn cursor_keeps_its_ordering() {
    let emu = Emu::start().await;
    let r = emu
        .svc(
            LIST,
            json!({"size": 2, "order_by": "email", "order": "desc"}),
        )
        .await;
    let last = r.ok()["last"].as_str().unwrap().to_owned();
    // Omitting the ordering continues the cursor's.
    let cont = ids(emu.svc(LIST, json!({"size": 2, "last": last})).await.ok());
    let full = ids(emu
        .svc(
            LIST,
            json!({"size": 4, "order_by": "email", "order": "desc"}),
        )
        .await
        .ok());
    assert_eq!(cont, full[2..].to_vec());
    // Contradicting it is an error.
    emu.svc(LIST, json!({"size": 2, "last": last, "order": "asc"}))
        .await
        .expect_validation(&[("BadState", "/last")]);
    emu.svc(LIST, json!({"size": 2, "last": last, "order_by": "id"}))
        .await
        .expect_validation(&[("BadState", "/last")]);
    emu.stop().await;
}

#[tokio::test]
async fn size_is_clamped_to_1000() {
    let emu = Emu::with(Config {
        seed: 600,
        ..Config::default()
    })
    .await;
    let r = emu.svc(LIST, json!({"size": 5000})).await;
    let result = r.ok();
    assert_eq!(ids(result).len(), 1000);
    assert!(result["count"].as_u64().unwrap() > 1000);
    assert!(result["last"].is_string());
    emu.stop().await;
}

#[tokio::test]
async fn client_list_filters_orders_and_pages_within_the_user() {
    let emu = Emu::with(Config {
        seed: 45,
        faults: true,
        ..Config::default()
    })
    .await;
    let all = emu.sessions().await;
    let owner = all
        .iter()
        .find(|s| all.iter().filter(|o| o.user_id == s.user_id).count() == 3)
        .expect("a user with three sessions")
        .clone();
    let mine: Vec<&Sess> = all.iter().filter(|s| s.user_id == owner.user_id).collect();
    let base = json!({"token": owner.user_token, "order_by": "id", "order": "desc"});
    let paged = page_through(&emu, CLIENT_LIST, base, 1).await;
    let mut want: Vec<String> = mine.iter().map(|s| s.id.clone()).collect();
    want.sort();
    want.reverse();
    assert_eq!(paged, want);
    let r = emu
        .post(
            CLIENT_LIST,
            Some(&emu.client_token),
            json!({"token": owner.user_token, "filter": {"id": mine[1].id}}),
        )
        .await;
    assert_eq!(ids(r.ok()), vec![mine[1].id.clone()]);
    // A filter naming someone else's session finds nothing.
    let other = all.iter().find(|s| s.user_id != owner.user_id).unwrap();
    let r = emu
        .post(
            CLIENT_LIST,
            Some(&emu.client_token),
            json!({"token": owner.user_token, "filter": {"id": other.id}}),
        )
        .await;
    assert!(ids(r.ok()).is_empty());
    emu.stop().await;
}
