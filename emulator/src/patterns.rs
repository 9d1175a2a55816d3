//! The string patterns of the OpenAPI request schemas, as plain functions.
//!
//! The spec writes the user-token pattern as `^(ptu_…)|(JWT)$`, where the
//! anchors bind to one alternative each, so a literal reading accepts e.g.
//! `ptu_<32 chars>garbage`. We apply the evident intent instead: the whole
//! string is either a `ptu_` token or a JWT.

use crate::ids;

/// `authn-token-user`: `ptu_` + 32 × `[a-z2-7]`, or a JWT.
pub fn is_user_token(s: &str) -> bool {
    ids::is_id(s, ids::USER_TOKEN) || is_jwt(s)
}

/// Three non-empty base64url segments joined by dots.
pub fn is_jwt(s: &str) -> bool {
    let mut parts = 0;
    for part in s.split('.') {
        parts += 1;
        let ok = !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !ok || parts > 3 {
            return false;
        }
    }
    parts == 3
}

/// `authn-identity`: `^[a-zA-Z0-9 '.:/_-]+$`.
pub fn is_identity(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" '.:/_-".contains(&b))
}

/// `authn-scope`: `^[a-zA-Z0-9:*/_=-]+$`.
pub fn is_scope(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b":*/_=-".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_tokens() {
        assert!(is_user_token("ptu_wuk7tvtpswyjtlsx52b7yyi2l7zotv4a"));
        assert!(is_user_token("eyJh.eyJz.c2ln"));
        assert!(!is_user_token("ptu_wuk7tvtpswyjtlsx52b7yyi2l7zotv4aX"));
        assert!(!is_user_token("a.b"));
        assert!(!is_user_token("a.b.c.d"));
        assert!(!is_user_token("a..c"));
        assert!(!is_user_token("ptr_wuk7tvtpswyjtlsx52b7yyi2l7zotv4a"));
    }

    #[test]
    fn identities_and_scopes() {
        assert!(is_identity("pui_xpkhwpnz2cmegsws737xbsqnmnuwtbm5"));
        assert!(is_identity("My Service Token"));
        assert!(!is_identity(""));
        assert!(!is_identity("a\"b"));
        assert!(is_scope("read:sessions"));
        assert!(!is_scope("read sessions"));
    }
}
