//! Integration tests: the real server over real HTTP. Every reply passes
//! through `common::check_envelope`, which validates it against the OpenAPI
//! response schemas.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod api;
mod common;
mod control;
mod faults;
mod listing;
mod validation;
