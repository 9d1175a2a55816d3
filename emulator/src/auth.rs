//! Bearer-token checks: which Pangea token a request presents.

use http::{header, HeaderMap};

/// Which of the two configured tokens a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// The service token (`pts_…`): every route.
    Service,
    /// The client token (`pcl_…`): `/v2/client/*` and `/request/*`.
    Client,
}

/// The configured service and client tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    /// Service token.
    pub service: String,
    /// Client token.
    pub client: String,
}

impl Tokens {
    /// Who is calling, if the bearer token is one of ours.
    pub fn identify(&self, headers: &HeaderMap) -> Option<Caller> {
        let token = bearer(headers)?;
        if token == self.service {
            Some(Caller::Service)
        } else if token == self.client {
            Some(Caller::Client)
        } else {
            None
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header (scheme matched
/// case-insensitively, surrounding spaces ignored).
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    fn headers(auth: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, auth.parse().unwrap());
        h
    }

    #[test]
    fn identifies_tokens() {
        let t = Tokens {
            service: "pts_a".into(),
            client: "pcl_b".into(),
        };
        assert_eq!(t.identify(&headers("Bearer pts_a")), Some(Caller::Service));
        assert_eq!(t.identify(&headers("bearer  pcl_b ")), Some(Caller::Client));
        assert_eq!(t.identify(&headers("Bearer pts_x")), None);
        assert_eq!(t.identify(&headers("Basic pts_a")), None);
        assert_eq!(t.identify(&headers("Bearer")), None);
        assert_eq!(t.identify(&HeaderMap::new()), None);
    }
}
