//! The request log behind `GET /_emulator/requests`: the last API requests
//! received, with the headers and body clients sent.

use std::collections::{BTreeMap, VecDeque};

use http::HeaderMap;
use serde::Serialize;
use serde_json::Value;

/// Entries kept; older ones are dropped first.
pub const CAPACITY: usize = 10_000;

/// Bodies larger than this are logged as `null` (with their size), so
/// 10,000 entries stay a few hundred MiB at worst.
pub const MAX_LOGGED_BODY: usize = 64 * 1024;

/// Headers recorded (lower-case names).
pub const RECORDED_HEADERS: [&str; 6] = [
    "authorization",
    "content-type",
    "user-agent",
    "x-pangea-retried-request-ids",
    "origin",
    "cookie",
];

/// One recorded request.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// 1-based arrival number (keeps counting across clears).
    pub seq: u64,
    /// When it arrived (ISO-8601).
    pub time: String,
    /// HTTP method.
    pub method: String,
    /// Request path (without query).
    pub path: String,
    /// Recorded headers; repeated headers are joined with `, `.
    pub headers: BTreeMap<String, String>,
    /// The body: parsed JSON when it is JSON, else the raw text (lossy
    /// UTF-8); `null` when larger than 64 KiB or unreadable.
    pub body: Value,
    /// Body size in bytes as read (or as declared, when too large).
    pub body_size: usize,
    /// HTTP status sent; `null` when no reply was sent (drop, hang).
    pub reply_status: Option<u16>,
    /// `request_id` of the reply (also its `x-request-id` header), if any.
    pub request_id: Option<String>,
}

/// The ring buffer.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: VecDeque<Entry>,
    seq: u64,
}

impl RequestLog {
    /// The next sequence number (entries are pushed when the outcome is known).
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// Adds an entry, dropping the oldest beyond [`CAPACITY`].
    pub fn push(&mut self, entry: Entry) {
        if self.entries.len() >= CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// Everything kept, oldest first, ordered by `seq`.
    pub fn snapshot(&self) -> Vec<Entry> {
        let mut v: Vec<Entry> = self.entries.iter().cloned().collect();
        v.sort_by_key(|e| e.seq);
        v
    }

    /// Empties the log.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// Extracts the recorded headers.
pub fn recorded_headers(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for name in RECORDED_HEADERS {
        let values: Vec<String> = headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect();
        if !values.is_empty() {
            out.insert(name.to_owned(), values.join(", "));
        }
    }
    out
}

/// The body as the log shows it.
pub fn recorded_body(bytes: &[u8]) -> Value {
    if bytes.len() > MAX_LOGGED_BODY {
        return Value::Null;
    }
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    fn entry(seq: u64) -> Entry {
        Entry {
            seq,
            time: String::new(),
            method: "POST".into(),
            path: "/x".into(),
            headers: BTreeMap::new(),
            body: Value::Null,
            body_size: 0,
            reply_status: Some(200),
            request_id: None,
        }
    }

    #[test]
    fn keeps_the_last_ten_thousand() {
        let mut log = RequestLog::default();
        for _ in 0..CAPACITY + 5 {
            let seq = log.next_seq();
            log.push(entry(seq));
        }
        let all = log.snapshot();
        assert_eq!(all.len(), CAPACITY);
        assert_eq!(all[0].seq, 6);
        assert_eq!(all[CAPACITY - 1].seq, CAPACITY as u64 + 5);
    }

    #[test]
    fn bodies_are_json_or_text_or_null() {
        assert_eq!(recorded_body(b"{\"a\":1}"), serde_json::json!({"a": 1}));
        assert_eq!(recorded_body(b"oops"), Value::String("oops".into()));
        assert_eq!(recorded_body(&vec![b' '; MAX_LOGGED_BODY + 1]), Value::Null);
    }
}
