//! The clock, randomness and sleep seam of the native driver.
//!
//! Retry back-off and result polling need "now", a random jitter and waits.
//! They come in through these traits so that the core is deterministic under
//! test (a fake clock that advances instantly).

use std::future::Future;

pub use crate::exchange::Clock;

/// A [`Clock`] that can also wait.
pub trait Runtime: Clock {
    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: u64) -> impl Future<Output = ()>;
}
