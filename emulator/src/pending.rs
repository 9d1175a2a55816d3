//! Results of requests answered `202 Accepted`, kept for `GET /request/{id}`.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::envelope::Reply;

/// How long a result stays retrievable (also the `ttl_mins` we announce).
pub const TTL_MINS: u64 = 60;
/// At most this many results are kept; the oldest go first (a result can
/// be a 1000-session list, so this bounds memory).
pub const CAPACITY: usize = 1_000;

/// One accepted request.
#[derive(Debug, Clone)]
struct Entry {
    /// The bearer token that made the request; polls must present it too.
    token: String,
    /// Polls still to be answered 202.
    polls_left: u32,
    /// Polls answered so far.
    retry_counter: u32,
    /// The real outcome.
    reply: Reply,
    created: Instant,
}

/// What a poll gets.
#[derive(Debug, Clone, PartialEq)]
pub enum Poll {
    /// No such request id (or it expired).
    Unknown,
    /// The poll presents another token than the original request.
    WrongToken,
    /// Still "in progress"; answer 202 with this retry counter.
    InProgress {
        /// Polls answered so far, this one included.
        retry_counter: u32,
    },
    /// Finished: the real reply.
    Done(Reply),
}

/// The accepted-request table.
#[derive(Debug, Default)]
pub struct Pending {
    entries: HashMap<String, Entry>,
    order: VecDeque<String>,
}

impl Pending {
    /// Records an accepted request under its request id.
    pub fn insert(&mut self, request_id: String, token: String, polls: u32, reply: Reply) {
        while self.order.len() >= CAPACITY {
            if let Some(old) = self.order.pop_front() {
                self.entries.remove(&old);
            }
        }
        self.order.push_back(request_id.clone());
        self.entries.insert(
            request_id,
            Entry {
                token,
                polls_left: polls,
                retry_counter: 0,
                reply,
                created: Instant::now(),
            },
        );
    }

    /// Answers one poll; the finished reply stays available for later polls.
    pub fn poll(&mut self, request_id: &str, token: &str) -> Poll {
        let ttl = Duration::from_secs(TTL_MINS * 60);
        let Some(entry) = self.entries.get_mut(request_id) else {
            return Poll::Unknown;
        };
        if entry.created.elapsed() > ttl {
            self.entries.remove(request_id);
            return Poll::Unknown;
        }
        if entry.token != token {
            return Poll::WrongToken;
        }
        if entry.polls_left > 0 {
            entry.polls_left -= 1;
            entry.retry_counter += 1;
            return Poll::InProgress {
                retry_counter: entry.retry_counter,
            };
        }
        Poll::Done(entry.reply.clone())
    }

    /// Forgets everything (`POST /_emulator/reset`).
    pub fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use serde_json::json;

    #[test]
    fn polls_count_down_then_finish() {
        let mut p = Pending::default();
        let reply = Reply::success(json!({}));
        p.insert("prq_a".into(), "tok".into(), 2, reply.clone());
        assert_eq!(p.poll("prq_b", "tok"), Poll::Unknown);
        assert_eq!(p.poll("prq_a", "other"), Poll::WrongToken);
        assert_eq!(
            p.poll("prq_a", "tok"),
            Poll::InProgress { retry_counter: 1 }
        );
        assert_eq!(
            p.poll("prq_a", "tok"),
            Poll::InProgress { retry_counter: 2 }
        );
        assert_eq!(p.poll("prq_a", "tok"), Poll::Done(reply.clone()));
        assert_eq!(p.poll("prq_a", "tok"), Poll::Done(reply));
    }
}
