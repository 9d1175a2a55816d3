//! The core's own JSON reader and writer (`src/json.rs`, used instead of a JSON
//! library to keep the wasm small), checked against serde_json on any text:
//! what serde accepts is accepted with the same kind, members and values;
//! what the reader accepts beyond serde is only deep nesting, numbers beyond
//! f64 or lone surrogate escapes (which `JSON.stringify` does produce); string escaping
//! round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pangea_authn_wasm::json::{parse_object, unescape, write_string, Kind};
use serde_json::Value;

fn kind(v: &Value) -> Kind {
    match v {
        Value::Null => Kind::Null,
        Value::Bool(_) => Kind::Bool,
        Value::Number(_) => Kind::Number,
        Value::String(_) => Kind::String,
        Value::Array(_) => Kind::Array,
        Value::Object(_) => Kind::Object,
    }
}

/// The deepest bracket nesting outside strings.
fn depth(text: &str) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for c in text.chars() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (false, _, '"') => in_string = true,
            (false, _, '[' | '{') => {
                depth += 1;
                max = max.max(depth);
            }
            (false, _, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let ours = parse_object(&text);
    let serde = serde_json::from_str::<Value>(&text);
    match (&ours, &serde) {
        (Ok((k, members)), Ok(v)) => {
            assert_eq!(*k, kind(v));
            if let Value::Object(map) = v {
                let mut keys: Vec<&str> = members.iter().map(|m| m.key.as_str()).collect();
                keys.dedup();
                if keys.len() == members.len() && keys.len() == map.len() {
                    for (m, (key, value)) in members.iter().zip(map) {
                        assert_eq!(&m.key, key);
                        assert_eq!(m.kind, kind(value));
                        let raw: Value =
                            serde_json::from_str(m.raw).expect("a member's raw text is JSON");
                        assert_eq!(&raw, value);
                        assert_eq!(
                            serde_json::from_str::<String>(m.raw_key).ok().as_ref(),
                            Some(key)
                        );
                    }
                }
            } else {
                assert!(members.is_empty());
            }
        }
        (Err(_), Ok(_)) => panic!("serde accepts what the reader refuses: {text:?}"),
        (Ok(_), Err(e)) => {
            // serde refuses numbers beyond f64 (JSON.parse gives Infinity),
            // nesting beyond 128 and lone surrogate escapes; the grammar allows all three.
            let why = e.to_string();
            let allowed = why.contains("out of range")
                || why.contains("recursion limit")
                || why.contains("surrogate")
                || why.contains("unicode code point")
                || text.to_ascii_lowercase().contains("\\ud")
                || depth(&text) > 100;
            assert!(
                allowed,
                "the reader accepts what serde refuses ({why}): {text:?}"
            );
        }
        (Err(_), Err(_)) => {}
    }

    // Escaping round-trips and matches serde (and so JSON.stringify).
    let mut out = String::new();
    write_string(&mut out, &text);
    assert_eq!(
        serde_json::from_str::<String>(&out).ok().as_deref(),
        Some(&*text)
    );
    assert_eq!(Some(out.clone()), serde_json::to_string(&*text).ok());
    assert_eq!(unescape(&out).as_deref(), Some(&*text));
    // Unescaping any literal agrees with serde where serde can decide.
    if let Ok(s) = serde_json::from_str::<String>(&text) {
        assert_eq!(unescape(text.trim()), Some(s));
    }
});
