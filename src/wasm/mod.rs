//! The wasm binding layer: JavaScript glue and nothing else.
//!
//! Conversions of JS values and the exported [`Client`], whose calls the
//! shim's `js/driver.js` steps with the platform `fetch` and timers.
//! Every decision (what to send, whether to retry, what a reply means) is
//! made by the core; this layer only carries values across.

mod calls;
mod client;
mod convert;
mod fetch;
mod js;
mod outcome;
mod strings;

pub use client::Client;
