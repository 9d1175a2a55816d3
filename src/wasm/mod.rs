//! The wasm binding layer: JavaScript glue and nothing else.
//!
//! Conversions of JS values, the platform `fetch`, timers and the exported
//! [`Client`]. Every decision (what to send, whether to retry, what a
//! reply means) is made by the core; this layer only carries values across.

mod client;
mod convert;
mod fetch;
mod js;
mod timer;

pub use client::Client;
