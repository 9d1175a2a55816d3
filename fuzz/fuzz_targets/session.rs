//! Argument checks and the seven request bodies from fuzzed JSON: the bytes
//! are split at the first `\u{1}` into a string argument and the text that
//! `JSON.stringify` would have produced for an options object.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pangea_authn_wasm::args::{ArgValue, Checker, ObjectArg};
use pangea_authn_wasm::session;
use serde_json::{Map, Value};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (arg, json) = text.split_once('\u{1}').unwrap_or((&text, &text));
    let s = || ArgValue::Str(arg.to_owned());
    let o = || ObjectArg::Json(json.to_owned());

    let calls = [
        session::client_invalidate(s(), s()),
        session::client_list(s(), o()),
        session::client_logout(s()),
        session::client_refresh(s(), o()),
        session::invalidate(s()),
        session::list(o()),
        session::logout(s()),
        session::list(ObjectArg::Unserializable(json.to_owned())),
    ];
    let options = serde_json::from_str::<Value>(json).ok();
    for call in calls {
        match call {
            Ok(call) => {
                // Every body is a JSON object that carries the arguments intact
                // (checked when serde can read the options: it stops at 128 levels).
                if options.is_some() || !call.body.contains(json) {
                    let body: Map<String, Value> =
                        serde_json::from_str(&call.body).expect("a body is a JSON object");
                    let carries = body.values().any(|v| v.as_str() == Some(arg));
                    assert!(carries || body.is_empty() || options.is_some());
                }
            }
            Err(e) => {
                assert!(!e.argument.is_empty());
                assert!(e.message().chars().count() < 400);
            }
        }
    }
    let c = Checker::new("session.list");
    let as_options = ObjectArg::Json(json.to_owned());
    if let Ok(members) = c.object("request", &as_options) {
        let _ = c.list_options("request", &members);
        // Accepted options are always valid JSON objects (when serde can
        // judge: it stops at 128 levels of nesting).
        if let Some(v) = &options {
            assert!(v.is_object());
        }
    }
    let _ = c.object("request", &ObjectArg::Json(arg.to_owned()));
});
