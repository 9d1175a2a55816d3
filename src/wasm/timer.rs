//! The [`Runtime`] seam on the platform: `Date.now`, `setTimeout`, `Math.random`.

use js_sys::{Date, Math, Promise};
use wasm_bindgen_futures::JsFuture;

use super::js::set_timeout;
use crate::runtime::Runtime;

/// Platform time and randomness.
pub struct JsRuntime;

impl Runtime for JsRuntime {
    fn now_ms(&self) -> u64 {
        // `as` saturates; Date.now() is a positive integer.
        Date::now() as u64
    }

    async fn sleep(&self, ms: u64) {
        // The resolve function itself is the timer callback: no Rust closure to leak.
        let promise = Promise::new(&mut |resolve, _reject| {
            set_timeout(&resolve, ms as f64);
        });
        // A timer promise never rejects.
        let _ = JsFuture::from(promise).await;
    }

    fn random(&self) -> f64 {
        Math::random()
    }
}
