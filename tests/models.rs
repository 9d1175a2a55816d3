//! The typed models against Pangea's OpenAPI document and `js/index.d.ts`:
//! the document's examples round-trip losslessly, and every field a model
//! declares is declared by the TypeScript type of the same name.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(not(target_arch = "wasm32"))]

use pangea_authn_wasm::models::{
    ListFilter, ListOptions, ListResult, LoginToken, RefreshResult, Session, SessionToken,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

const OPENAPI: &str = include_str!("../emulator/tests/data/authn.openapi.json");
const TYPES: &str = include_str!("../js/index.d.ts");

fn spec() -> Value {
    serde_json::from_str(OPENAPI).unwrap()
}

/// Every example value found under a JSON subtree.
fn examples(node: &Value, out: &mut Vec<Value>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::Array(list)) = map.get("examples") {
                out.extend(list.iter().cloned());
            }
            map.values().for_each(|v| examples(v, out));
        }
        Value::Array(list) => list.iter().for_each(|v| examples(v, out)),
        _ => {}
    }
}

fn round_trips<T: Serialize + DeserializeOwned>(value: &Value) {
    let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{e}: {value}"));
    assert_eq!(&serde_json::to_value(typed).unwrap(), value);
}

#[test]
fn list_results_in_the_spec_round_trip_losslessly() {
    let spec = spec();
    for path in ["/v2/session/list", "/v2/client/session/list"] {
        let mut found = vec![];
        examples(&spec["paths"][path]["post"]["responses"]["200"], &mut found);
        assert!(!found.is_empty(), "{path} has examples");
        for example in found.iter().filter(|e| e.get("sessions").is_some()) {
            round_trips::<ListResult>(example);
        }
    }
}

#[test]
fn list_requests_in_the_spec_round_trip() {
    let mut found = vec![];
    examples(
        &spec()["paths"]["/v2/session/list"]["post"]["requestBody"],
        &mut found,
    );
    assert!(!found.is_empty());
    for example in &found {
        round_trips::<ListOptions>(example);
    }
}

#[test]
fn unknown_fields_survive_a_rust_round_trip() {
    let token = json!({
        "id": "pmt_a", "type": "user", "life": 1, "expire": "e", "identity": "pui_a", "email": "a@b",
        "profile": {"message": "{\"x\":1}"}, "created_at": "c", "token": "ptu_a",
        "enabled": true, "audience": null, "client_id": "psa_a", "claims": {"k": [1]},
        "intelligence": {"embargo": false}
    });
    round_trips::<LoginToken>(&token);
    round_trips::<RefreshResult>(
        &json!({"refresh_token": token, "active_token": token, "new_field": 1}),
    );
    round_trips::<ListResult>(&json!({"sessions": [], "count": 0, "last": "x", "more": true}));
}

/// The body of `export interface <name> {…}` in the .d.ts.
fn interface(name: &str) -> &'static str {
    let start = TYPES
        .find(&format!("export interface {name} "))
        .unwrap_or_else(|| panic!("index.d.ts declares interface {name}"));
    let body = &TYPES[start..];
    let end = body.find("\n}").unwrap();
    &body[..end]
}

fn declared_keys<T: Serialize>(value: &T) -> Vec<String> {
    match serde_json::to_value(value).unwrap() {
        Value::Object(map) => map.keys().cloned().collect(),
        other => panic!("not an object: {other}"),
    }
}

fn assert_declared(ts_name: &str, keys: &[String]) {
    let body = interface(ts_name);
    for key in keys {
        let declared =
            body.contains(&format!("\n  {key}?:")) || body.contains(&format!("\n  {key}:"));
        assert!(declared, "index.d.ts interface {ts_name} lacks `{key}`");
    }
}

#[test]
fn typescript_declares_every_model_field() {
    let token_json = json!({"id": "i", "type": "t", "life": 1, "expire": "e", "identity": "u", "email": "m",
        "scopes": [], "profile": {}, "created_at": "c"});
    let token: SessionToken = serde_json::from_value(token_json.clone()).unwrap();
    assert_declared("SessionToken", &declared_keys(&token));
    let mut session_json = token_json.clone();
    session_json["active_token"] = token_json.clone();
    let session: Session = serde_json::from_value(session_json).unwrap();
    assert_declared("SessionItem", &declared_keys(&session));
    let list: ListResult =
        serde_json::from_value(json!({"sessions": [], "last": "l", "count": 1})).unwrap();
    assert_declared("ListResult", &declared_keys(&list));
    let every_filter: Value = serde_json::from_str(
        r#"{"active_token_id":"","active_token_id__contains":[],"active_token_id__in":[],"created_at":"",
        "created_at__gt":"","created_at__gte":"","created_at__lt":"","created_at__lte":"","email":"",
        "email__contains":[],"email__in":[],"expire":"","expire__gt":"","expire__gte":"","expire__lt":"",
        "expire__lte":"","id":"","id__contains":[],"id__in":[],"identity":"","identity__contains":[],
        "identity__in":[],"scopes":[],"type":"","type__contains":[],"type__in":[]}"#,
    )
    .unwrap();
    let filter: ListFilter = serde_json::from_value(every_filter.clone()).unwrap();
    assert!(
        filter.extra.is_empty(),
        "every operator is a declared field"
    );
    assert_declared("ListFilter", &declared_keys(&filter));
    let options: ListOptions = serde_json::from_value(
        json!({"filter": {}, "last": "l", "order": "asc", "order_by": "id", "size": 1}),
    )
    .unwrap();
    assert_declared("ListOptions", &declared_keys(&options));
}

#[test]
fn the_filter_model_covers_every_filter_key_in_the_spec() {
    let spec = spec();
    let filter = &spec["components"]["schemas"]["authn-filter-tokens"]["properties"]["filter"];
    let props = filter["properties"].as_object().or_else(|| {
        // The filter may be a $ref to its own schema.
        let name = filter["$ref"].as_str()?.rsplit('/').next()?;
        spec["components"]["schemas"][name]["properties"].as_object()
    });
    let props = props.expect("the filter schema lists its properties");
    // Spec-only keys that no SDK declares; they pass through `extra`.
    let known: Vec<&str> = ["username", "username__contains", "username__in", "enabled"].to_vec();
    for key in props.keys() {
        let typed = serde_json::from_value::<ListFilter>(json!({ key.as_str(): null }));
        let in_model = typed.map(|f| f.extra.is_empty()).unwrap_or(true);
        assert!(
            in_model || known.contains(&key.as_str()),
            "filter key {key} is not modelled"
        );
    }
    assert!(props.len() >= 26, "the schema lists the operator keys");
}
