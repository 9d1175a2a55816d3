//! Short, secret-free excerpts of text that came from the network.
//!
//! Error messages quote the start of an unreadable body or a platform error, but
//! a truncated refresh reply holds fresh tokens, and a proxy may echo a header.
//! So known secrets and anything token-shaped are masked before a message is made.

/// How many characters of a body an error message quotes.
pub const EXCERPT_CHARS: usize = 200;
/// How many characters the transport should hand over: enough that a secret
/// which starts inside the excerpt is masked whole before truncation.
pub const SCAN_CHARS: usize = 1024;

const TOKEN_PREFIXES: [&str; 6] = ["pts_", "pcl_", "ptu_", "ptr_", "pti_", "psa_"];
const MASK: &str = "***";
/// Shortest run after a token prefix that is treated as a secret.
const MIN_SECRET_RUN: usize = 8;

/// The first [`EXCERPT_CHARS`] characters of `text`, with every occurrence of
/// `secrets`, every Pangea-token-shaped word and every JWT-shaped word masked,
/// and control characters shown as spaces.
pub fn excerpt(text: &str, secrets: &[&str]) -> String {
    // Control characters become spaces *before* masking, in the text and in
    // the secrets alike: mapping afterwards could turn a near-copy of a secret
    // (`\n` where the secret has a space) into the secret itself.
    let scanned: String = text.chars().take(SCAN_CHARS).map(printable).collect();
    let mut masked = mask_known(&scanned, secrets);
    masked = mask_shapes(&masked);
    masked.chars().take(EXCERPT_CHARS).collect()
}

fn printable(c: char) -> char {
    if c.is_control() {
        ' '
    } else {
        c
    }
}

fn mask_known(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    // Very short "secrets" would mask ordinary words; real tokens are long.
    // One longer than the scanned text cannot occur in it.
    let candidates = secrets
        .iter()
        .filter(|s| s.len() <= text.len() && s.chars().count() >= 4);
    for secret in candidates {
        let secret: String = secret.chars().map(printable).collect();
        out = replace_all(&out, &secret, MASK);
    }
    out
}

/// The byte offset of `needle` in `hay` at or after `from`. A plain byte
/// search: the texts are at most [`SCAN_CHARS`] long, and it keeps the
/// standard library's substring searchers out of the wasm.
fn find(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let needle = needle.as_bytes();
    if needle.is_empty() {
        return None;
    }
    let hay = hay.as_bytes().get(from..)?;
    hay.windows(needle.len())
        .position(|w| w == needle)
        .map(|at| at + from)
}

fn replace_all(text: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    // A match of valid UTF-8 in valid UTF-8 starts and ends on char boundaries.
    while let Some(at) = find(text, needle, from) {
        out.push_str(text.get(from..at).unwrap_or(""));
        out.push_str(with);
        from = at + needle.len();
    }
    out.push_str(text.get(from..).unwrap_or(""));
    out
}

fn is_secret_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'
}

/// The length in bytes of the run of secret characters that starts `text`.
fn secret_run(text: &str) -> usize {
    text.len() - text.trim_start_matches(is_secret_char).len()
}

/// Masks `<prefix><run>` for Pangea token prefixes and `eyJ<run>` (JWTs).
fn mask_shapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    while let Some((start, keep)) = next_shape(text, from) {
        out.push_str(text.get(from..start).unwrap_or(""));
        out.push_str(text.get(start..start + keep).unwrap_or(""));
        out.push_str(MASK);
        from = start + secret_run(text.get(start..).unwrap_or(""));
    }
    out.push_str(text.get(from..).unwrap_or(""));
    out
}

/// The byte offset (at or after `from`) of the next secret-shaped word and the
/// length of the prefix to keep visible.
fn next_shape(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let candidates = TOKEN_PREFIXES
        .iter()
        .map(|p| (*p, p.len()))
        .chain([("eyJ", 0)]);
    for (prefix, keep) in candidates {
        let mut at_or_after = from;
        while let Some(at) = find(text, prefix, at_or_after) {
            let run = text.get(at + prefix.len()..).unwrap_or("");
            if secret_run(run) >= MIN_SECRET_RUN {
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, keep));
                }
                break;
            }
            at_or_after = at + prefix.len();
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_jwts_are_masked_but_ids_are_kept() {
        let text = "tok ptu_wuk7tvtpswyjtlsx52b7yyi2l7zotv4a and ptr_xpkhwpnz2cmegsws737xbsqnmnuwtbm5; \
                    jwt eyJhbGciOi.eyJzdWIiOiIx.sig_sig_sig; id pmt_zppkzrjguxyblaia6itbiesejn7jejnr ptu_";
        let out = excerpt(text, &[]);
        assert_eq!(
            out,
            "tok ptu_*** and ptr_***; jwt ***; id pmt_zppkzrjguxyblaia6itbiesejn7jejnr ptu_"
        );
    }

    #[test]
    fn known_secrets_are_masked_even_when_not_token_shaped() {
        assert_eq!(
            excerpt("Bearer my-secret-key!", &["my-secret-key", "ab", ""]),
            "Bearer ***!"
        );
    }

    #[test]
    fn output_is_bounded_and_free_of_control_characters() {
        let long = "é\n".repeat(5000);
        let out = excerpt(&long, &[]);
        assert_eq!(out.chars().count(), EXCERPT_CHARS);
        assert!(!out.contains('\n'));
    }

    #[test]
    fn control_characters_are_mapped_before_masking() {
        // A near-copy of the secret (a line break where it has a space) is
        // masked too, and a secret holding a control character still matches.
        assert_eq!(excerpt("a\nbcd|a bcd", &["a bcd"]), "***|***");
        assert_eq!(excerpt("x ab\tcd", &["ab\tcd"]), "x ***");
    }

    #[test]
    fn a_secret_that_straddles_the_excerpt_end_is_masked_whole() {
        let text = format!("{}pts_{}", "x".repeat(190), "a".repeat(32));
        assert_eq!(excerpt(&text, &[]), format!("{}pts_***", "x".repeat(190)));
    }
}
