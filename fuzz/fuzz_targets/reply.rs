//! Reply handling: classification of any HTTP status and envelope `status`,
//! and the secret-free excerpt of any body. Input: 2 bytes of HTTP status,
//! then the body text; `\u{1}` separates the body from known secrets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pangea_authn_wasm::redact::{excerpt, EXCERPT_CHARS};
use pangea_authn_wasm::response::{classify, Outcome};
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((head, rest)) = data.split_first_chunk::<2>() else {
        return;
    };
    let http = u16::from_be_bytes(*head);
    let text = String::from_utf8_lossy(rest);
    let mut parts = text.split('\u{1}');
    let body = parts.next().unwrap_or_default();
    let secrets: Vec<&str> = parts.collect();

    // The envelope's status, as the transport reads it from the parsed body.
    let status = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v.get("status").and_then(Value::as_str).map(str::to_owned));
    match classify(http, status.as_deref()) {
        Outcome::Success => assert_eq!(status.as_deref(), Some("Success")),
        Outcome::Failure(kind) => assert!(!kind.name().is_empty()),
    }
    let _ = classify(http, Some(body));

    let out = excerpt(body, &secrets);
    assert!(out.chars().count() <= EXCERPT_CHARS);
    assert!(!out.chars().any(char::is_control));
    for s in &secrets {
        // A secret that appears whole is masked (the mask `***` itself could
        // rebuild a secret that contains `*`, so those are not checked).
        if s.chars().count() >= 4 && !s.contains('*') && body.contains(s) {
            assert!(!out.contains(s), "{s:?} survived in {out:?}");
        }
    }
});
