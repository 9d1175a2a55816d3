//! Instants as microseconds since the Unix epoch, and their ISO-8601 text.
//!
//! Everything the API shows is UTC with exactly six fractional digits and a
//! `Z` (`2026-01-01T00:00:00.000000Z`); comparisons use the integer form so
//! `…+02:00` and `…Z` spellings of one instant compare equal.

use chrono::{DateTime, SecondsFormat, Utc};

/// Microseconds since 1970-01-01T00:00:00Z.
pub type Micros = i64;

/// Microseconds in one second.
pub const MICROS_PER_SEC: i64 = 1_000_000;

/// The fixed epoch of seeded data: 2026-01-01T00:00:00Z.
pub const SEED_EPOCH: Micros = 1_767_225_600 * MICROS_PER_SEC;

/// The current instant.
pub fn now() -> Micros {
    Utc::now().timestamp_micros()
}

/// Formats an instant as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
///
/// Instants outside chrono's range (only reachable through absurd fixture
/// values) fall back to the Unix epoch rather than failing.
pub fn format(t: Micros) -> String {
    DateTime::<Utc>::from_timestamp_micros(t)
        .unwrap_or(DateTime::UNIX_EPOCH)
        .to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Parses an RFC 3339 date-time (what JSON Schema's `date-time` means).
pub fn parse(text: &str) -> Option<Micros> {
    let parsed = DateTime::parse_from_rfc3339(text).ok()?;
    Some(parsed.with_timezone(&Utc).timestamp_micros())
}

/// An instant together with its API text, formatted once (list replies
/// show several timestamps per session; formatting them per request would
/// dominate the cost of a list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The instant.
    pub at: Micros,
    /// `format(at)`.
    pub text: String,
}

impl Stamp {
    /// Stamps `at`.
    pub fn new(at: Micros) -> Self {
        Self {
            at,
            text: format(at),
        }
    }
}

/// `t` plus `secs` seconds, saturating instead of overflowing.
pub fn add_secs(t: Micros, secs: i64) -> Micros {
    t.saturating_add(secs.saturating_mul(MICROS_PER_SEC))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn seed_epoch_is_new_year_2026() {
        assert_eq!(format(SEED_EPOCH), "2026-01-01T00:00:00.000000Z");
    }

    #[test]
    fn parse_compares_instants_across_offsets() {
        let a = parse("2026-01-01T02:00:00+02:00").unwrap();
        let b = parse("2026-01-01T00:00:00Z").unwrap();
        assert_eq!(a, b);
        assert_eq!(parse("2026-01-01T00:00:00.123456Z").unwrap() - b, 123_456);
        assert!(parse("2026-01-01").is_none());
        assert!(parse("yesterday").is_none());
    }

    #[test]
    fn format_round_trips() {
        let t = SEED_EPOCH + 42_123_456;
        assert_eq!(parse(&format(t)), Some(t));
        assert_eq!(format(i64::MAX), "1970-01-01T00:00:00.000000Z");
    }
}
