//! The schedule of result polls after an HTTP 202 `Accepted`.
//!
//! Poll `k` (1, 2, 3, …) waits `k² × 1 s` first, clipped so that no wait ends
//! after the deadline (`pollResultTimeoutMs` after polling began); once the
//! deadline has passed there is no further poll.

/// Wait unit of the quadratic schedule.
const STEP_MS: u64 = 1_000;

/// Where a polling loop stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollSchedule {
    deadline_ms: u64,
    polls: u64,
}

impl PollSchedule {
    /// Starts a schedule at `now_ms` that may last `timeout_ms`.
    pub fn new(now_ms: u64, timeout_ms: u64) -> Self {
        Self {
            deadline_ms: now_ms.saturating_add(timeout_ms),
            polls: 0,
        }
    }

    /// The wait before the next poll, or `None` when the deadline has passed.
    pub fn next_wait(&mut self, now_ms: u64) -> Option<u64> {
        if now_ms >= self.deadline_ms {
            return None;
        }
        self.polls = self.polls.saturating_add(1);
        let wait = self
            .polls
            .saturating_mul(self.polls)
            .saturating_mul(STEP_MS);
        Some(wait.min(self.deadline_ms - now_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_quadratically_and_stop_at_the_deadline() {
        let mut s = PollSchedule::new(0, 20_000);
        let mut now = 0;
        let mut waits = vec![];
        while let Some(w) = s.next_wait(now) {
            waits.push(w);
            now += w + 10; // each poll takes 10 ms
        }
        assert_eq!(waits, [1000, 4000, 9000, 5970]);
    }

    #[test]
    fn zero_timeout_never_polls() {
        assert_eq!(PollSchedule::new(5, 0).next_wait(5), None);
    }

    #[test]
    fn huge_values_do_not_overflow() {
        let mut s = PollSchedule::new(u64::MAX - 1, u64::MAX);
        assert_eq!(s.next_wait(0), Some(1000));
    }
}
