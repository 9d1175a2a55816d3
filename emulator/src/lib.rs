//! A stateful, in-memory stand-in for Pangea's AuthN *session* API.
//!
//! It serves the seven session operations (`/v2/client/session/*`,
//! `/v2/session/*`), result polling (`/request/{id}`), CORS, and — with
//! `--faults` — fault injection and a request log. See `README.md` for the
//! full contract. Tests start it in-process with [`start`].

pub mod auth;
pub mod body;
pub mod clock;
pub mod config;
pub mod control;
pub mod cors;
pub mod cursor;
pub mod envelope;
pub mod faults;
pub mod filter;
pub mod fixture;
pub mod ids;
pub mod inject;
pub mod logging;
pub mod model;
pub mod ops;
pub mod order;
pub mod patterns;
pub mod pending;
pub mod reqlog;
pub mod requests;
pub mod routes;
pub mod seed;
pub mod server;
pub mod startup;
pub mod state;
pub mod store;
pub mod validate;

pub use config::Config;
pub use startup::{start, Running, Startup};
