//! URL building: any `baseUrlTemplate`, any path, any request id to poll.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pangea_authn_wasm::config::{join_url, Config};
use pangea_authn_wasm::request::poll_path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (template, id) = text.split_once('\u{1}').unwrap_or((&text, &text));

    let config = Config {
        base_url_template: template.to_owned(),
        ..Config::default()
    };
    let base = config.base_url();
    assert!(!base.ends_with('/'));
    let count = |s: &str| s.matches("{SERVICE_NAME}").count();
    assert_eq!(count(&base), count(template).saturating_sub(1));
    let url = join_url(&base, id);
    assert_eq!(url.len(), base.len() + 1 + id.trim_start_matches('/').len());

    match poll_path(id) {
        None => assert!(matches!(id, "" | "." | "..")),
        Some(path) => {
            let segment = path.strip_prefix("request/").expect("request/ prefix");
            assert!(!matches!(segment, "" | "." | ".."));
            assert!(segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
        }
    }
});
