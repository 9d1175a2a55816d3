//! Request pieces that do not depend on the operation: headers and poll paths.

/// The `User-Agent` this library sends where the platform lets it:
/// `pangea-authn-wasm/<version>`, plus the caller's `customUserAgent`.
pub fn user_agent(custom: &str) -> String {
    let base = concat!("pangea-authn-wasm/", env!("CARGO_PKG_VERSION"));
    let custom = custom.trim();
    if custom.is_empty() {
        base.to_owned()
    } else {
        [base, " ", custom].concat()
    }
}

/// The headers every request carries (the retried-ids header is added per attempt).
pub fn base_headers(token: &str, user_agent: Option<&str>) -> Vec<(&'static str, String)> {
    let mut headers = vec![
        ("Authorization", ["Bearer ", token].concat()),
        ("Content-Type", "application/json".to_owned()),
    ];
    if let Some(ua) = user_agent {
        headers.push(("User-Agent", ua.to_owned()));
    }
    headers
}

/// The name of the header that lists the request IDs of failed attempts.
pub const RETRIED_IDS_HEADER: &str = "X-Pangea-Retried-Request-Ids";

/// The path that polls an accepted request, with the id percent-encoded so that
/// a hostile id cannot change the path (`../`, `?`, `#`). `None` for an id that
/// would still be a dot segment or empty (`.`, `..`): URL parsing would resolve
/// `request/..` to the base URL's root, so such a reply is not polled at all.
pub fn poll_path(request_id: &str) -> Option<String> {
    if matches!(request_id, "" | "." | "..") {
        return None;
    }
    let mut path = String::from("request/");
    for byte in request_id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            path.push(char::from(byte));
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            path.push('%');
            path.push(char::from(HEX[usize::from(byte >> 4)]));
            path.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_appends_the_custom_part() {
        assert!(user_agent("").starts_with("pangea-authn-wasm/"));
        assert!(user_agent(" my-app/1 ").ends_with(" my-app/1"));
    }

    #[test]
    fn base_headers_bear_the_token() {
        let h = base_headers("pts_x", None);
        assert_eq!(h[0], ("Authorization", "Bearer pts_x".to_owned()));
        assert_eq!(h.len(), 2);
        assert_eq!(base_headers("t", Some("ua")).len(), 3);
    }

    #[test]
    fn poll_ids_are_encoded() {
        assert_eq!(poll_path("prq_abc").as_deref(), Some("request/prq_abc"));
        assert_eq!(
            poll_path("../x?y#é").as_deref(),
            Some("request/..%2Fx%3Fy%23%C3%A9")
        );
        assert_eq!(poll_path("...").as_deref(), Some("request/..."));
    }

    #[test]
    fn dot_segment_and_empty_ids_are_not_polled() {
        for id in ["", ".", ".."] {
            assert_eq!(poll_path(id), None, "{id:?}");
        }
    }
}
