//! The retry schedule: which replies are retried, how long to wait, and the
//! `X-Pangea-Retried-Request-Ids` header.

/// Longest wait between two attempts.
const MAX_BACKOFF_MS: u64 = 8_000;
/// Wait before the first retry, doubled on each further retry.
const BASE_BACKOFF_MS: u64 = 500;

/// Whether an API call (POST) is retried after this HTTP status.
pub const fn is_retryable_post(http_status: u16) -> bool {
    matches!(http_status, 500 | 502 | 503 | 504)
}

/// Whether a result poll (GET) is retried: the SDK retries 404, since a just
/// accepted request may not be registered yet.
pub const fn is_retryable_poll(http_status: u16) -> bool {
    http_status == 404
}

/// The wait before retry number `retry` (0-based): `min(0.5 s * 2^retry, 8 s)`
/// times a jitter factor in `(0.75, 1]` drawn from `random` in `[0, 1)`.
pub fn backoff_ms(retry: u32, random: f64) -> u64 {
    // 2^5 * 500 ms already exceeds the cap; clamping the shift avoids overflow.
    let base = (BASE_BACKOFF_MS << retry.min(5)).min(MAX_BACKOFF_MS);
    let random = if random.is_finite() {
        random.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let factor = 1.0 - 0.25 * random;
    // `as` saturates; the product is at most 8000.
    (base as f64 * factor).round() as u64
}

/// The request IDs of failed attempts, de-duplicated in order of arrival, kept
/// as the `X-Pangea-Retried-Request-Ids` value itself (`id1,id2,…`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RetriedIds {
    header: String,
}

impl RetriedIds {
    /// Records the `x-request-id` of a failed attempt, if it had one.
    pub fn record(&mut self, request_id_header: Option<String>) {
        let Some(id) = request_id_header.filter(|id| !id.is_empty()) else {
            return;
        };
        if self.header.split(',').any(|known| known == id) {
            return;
        }
        if !self.header.is_empty() {
            self.header.push(',');
        }
        self.header.push_str(&id);
    }

    /// The header value, or `None` when no attempt failed yet.
    pub fn header_value(&self) -> Option<&str> {
        (!self.header.is_empty()).then_some(self.header.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_gateway_and_server_errors_are_retried_for_post() {
        for s in [500, 502, 503, 504] {
            assert!(is_retryable_post(s));
        }
        for s in [200, 202, 400, 401, 404, 429, 501, 505] {
            assert!(!is_retryable_post(s));
        }
        assert!(is_retryable_poll(404) && !is_retryable_poll(500));
    }

    #[test]
    fn backoff_doubles_from_half_a_second_and_caps_at_eight() {
        let no_jitter: Vec<u64> = (0..7).map(|n| backoff_ms(n, 0.0)).collect();
        assert_eq!(no_jitter, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
        assert_eq!(backoff_ms(u32::MAX, 0.0), 8000);
    }

    #[test]
    fn jitter_stays_in_three_quarters_to_one() {
        assert_eq!(backoff_ms(1, 0.999_999), 750);
        assert_eq!(backoff_ms(1, 0.5), 875);
        assert_eq!(backoff_ms(1, f64::NAN), 1000);
        assert_eq!(backoff_ms(1, -3.0), 1000);
        assert_eq!(backoff_ms(1, 7.0), 750);
    }

    #[test]
    fn retried_ids_are_deduplicated_in_order() {
        let mut ids = RetriedIds::default();
        assert_eq!(ids.header_value(), None);
        for id in ["prq_b", "prq_a", "prq_b", ""] {
            ids.record(Some(id.to_owned()));
        }
        ids.record(None);
        assert_eq!(ids.header_value(), Some("prq_b,prq_a"));
    }
}
