//! Identifier and secret formats: a prefix plus 32 characters of `[a-z2-7]`.
//!
//! Pangea writes every id and opaque token this way (`pui_`, `pmt_`, `ptu_`,
//! `ptr_`, `pts_`, `pcl_`, `prq_`), so one generator and one checker serve all.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use rand::Rng;

/// The 32-letter alphabet of the random part (RFC 4648 base32, lower case).
const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

/// Number of random characters after the prefix.
pub const BODY_LEN: usize = 32;

/// User ids.
pub const USER: &str = "pui_";
/// Session ids and token ids (sessions and tokens share this prefix).
pub const TOKEN_ID: &str = "pmt_";
/// User (active) token secrets.
pub const USER_TOKEN: &str = "ptu_";
/// Refresh token secrets.
pub const REFRESH_TOKEN: &str = "ptr_";
/// Service token secrets.
pub const SERVICE_TOKEN: &str = "pts_";
/// Client token secrets.
pub const CLIENT_TOKEN: &str = "pcl_";
/// Request ids.
pub const REQUEST: &str = "prq_";

/// Draws `prefix` + 32 random characters from `rng`.
pub fn random_id<R: Rng + ?Sized>(rng: &mut R, prefix: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + BODY_LEN);
    out.push_str(prefix);
    for _ in 0..BODY_LEN {
        out.push(alphabet_char(rng.random::<u8>()));
    }
    out
}

/// Maps the low five bits of `bits` to a character of the alphabet.
fn alphabet_char(bits: u8) -> char {
    // `& 31` keeps the index inside the 32-entry table, so `get` never misses.
    ALPHABET
        .get(usize::from(bits & 31))
        .map_or('a', |&b| char::from(b))
}

/// True when `s` is `prefix` followed by exactly 32 characters of `[a-z2-7]`.
pub fn is_id(s: &str, prefix: &str) -> bool {
    match s.strip_prefix(prefix) {
        Some(body) => body.len() == BODY_LEN && body.bytes().all(is_alphabet_byte),
        None => false,
    }
}

/// True for the bytes of `[a-z2-7]`.
fn is_alphabet_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b)
}

/// Fast, unique request ids (`prq_…`) without locking.
///
/// Uniqueness comes from a counter; the counter is scrambled with a bijective
/// mixer keyed per process so ids look random and differ between runs.
#[derive(Debug)]
pub struct RequestIds {
    counter: AtomicU64,
    key: u64,
}

impl Default for RequestIds {
    fn default() -> Self {
        Self::new()
    }
}

impl RequestIds {
    /// A generator keyed from the clock and the process id.
    pub fn new() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        // Truncation is fine: this only needs to vary between runs.
        let key = (nanos as u64) ^ (u64::from(std::process::id()) << 32);
        Self {
            counter: AtomicU64::new(0),
            key: splitmix64(key),
        }
    }

    /// The next request id.
    pub fn next_id(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        // The first word is a bijection of the counter, so ids never repeat;
        // the second only adds look-alike randomness for the remaining chars.
        let first = splitmix64(n ^ self.key);
        let second = splitmix64(first ^ self.key.rotate_left(17));
        let mut out = String::with_capacity(REQUEST.len() + BODY_LEN);
        out.push_str(REQUEST);
        push_bits(&mut out, first, 12);
        push_bits(&mut out, second, 12);
        push_bits(&mut out, first ^ second.rotate_left(29), 8);
        out
    }
}

/// Appends `count` (≤ 12) alphabet characters taken 5 bits at a time from `word`.
fn push_bits(out: &mut String, word: u64, count: u32) {
    for i in 0..count {
        // Shift stays below 64 because count ≤ 12 (12 × 5 = 60).
        let bits = (word >> (i * 5)) as u8;
        out.push(alphabet_char(bits));
    }
}

/// The SplitMix64 finaliser: a fast bijection on `u64` with good mixing.
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use rand::SeedableRng;
    use std::collections::HashSet;

    #[test]
    fn random_ids_have_the_pangea_shape() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        for prefix in [USER, TOKEN_ID, USER_TOKEN, REFRESH_TOKEN] {
            let id = random_id(&mut rng, prefix);
            assert!(is_id(&id, prefix), "{id}");
        }
    }

    #[test]
    fn request_ids_are_unique_and_well_formed() {
        let ids = RequestIds::new();
        let mut seen = HashSet::new();
        for _ in 0..10_000 {
            let id = ids.next_id();
            assert!(is_id(&id, REQUEST), "{id}");
            assert!(seen.insert(id));
        }
    }

    #[test]
    fn is_id_rejects_near_misses() {
        assert!(!is_id("ptu_abc", USER_TOKEN));
        assert!(!is_id("ptu_ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", USER_TOKEN));
        assert!(!is_id("ptu_abcdefghijklmnopqrstuvwxyz2345678", USER_TOKEN));
        assert!(!is_id("ptr_abcdefghijklmnopqrstuvwxyz234567", USER_TOKEN));
        assert!(!is_id("ptu_abcdefghijklmnopqrstuvwxyz23456é", USER_TOKEN));
        assert!(is_id("ptu_abcdefghijklmnopqrstuvwxyz234567", USER_TOKEN));
    }
}
