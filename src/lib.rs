//! # pangea-authn-wasm
//!
//! The Pangea AuthN *session* API (invalidate, list, log out, refresh) as a Rust
//! library that compiles to WebAssembly and ships as one npm package for browsers
//! and Node, shaped as a drop-in replacement for `pangea-node-sdk`'s session calls.
//!
//! The crate has two layers, visible in the tree:
//!
//! * the **pure core** (every module at the top of `src/`): building requests,
//!   the retry and poll schedules, reply classification and the error enum. It
//!   knows nothing of JavaScript. A call is an [`exchange::Exchange`], a state
//!   machine without I/O: it says what to send or how long to wait and is told
//!   what happened, so the core is deterministic and tested natively with
//!   `cargo test` (driven by [`execute`] over the [`transport::Transport`] and
//!   [`runtime::Runtime`] seams);
//! * the **wasm binding** (`src/wasm/`, only on `wasm32`): the exported
//!   `Client`, whose methods start a call and step its exchange synchronously,
//!   and JS value conversion. It holds no business logic.
//!
//! The JavaScript shim in `js/` adds only what wasm-bindgen cannot express: the
//! loop that performs a call's steps with the platform `fetch`,
//! `AbortController` and timers (`js/driver.js`), the `PangeaErrors` class
//! tree, `PangeaResponse`, `PangeaConfig` and the SDK-shaped `AuthNService`
//! facade.

pub mod args;
pub mod config;
pub mod errors;
pub mod exchange;
pub mod execute;
pub mod json;
pub mod models;
pub mod poll;
pub mod redact;
pub mod request;
pub mod response;
pub mod retry;
pub mod runtime;
pub mod session;
pub mod transport;

/// The wasm binding: the exported [`wasm::Client`]. Public so that the wasm
/// integration tests (`tests/wasm.rs`) can drive it from Rust; JavaScript
/// reaches it through the `js/` shim.
#[cfg(target_arch = "wasm32")]
pub mod wasm;
