//! The clock and randomness seam.
//!
//! Retry back-off and result polling need "now", "sleep" and a random jitter.
//! They come in through this trait so that the core is deterministic under test
//! (a fake clock that advances instantly) and uses `Date.now`, `setTimeout` and
//! `Math.random` in wasm.

use std::future::Future;

/// Time and randomness, as the host platform provides them.
pub trait Runtime {
    /// Milliseconds since an arbitrary fixed origin (monotonic enough for deadlines).
    fn now_ms(&self) -> u64;
    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: u64) -> impl Future<Output = ()>;
    /// A uniformly distributed number in `[0, 1)`.
    fn random(&self) -> f64;
}
