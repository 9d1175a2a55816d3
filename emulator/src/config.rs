//! Command-line flags (each also read from `EMULATOR_<NAME>`; the switches
//! take `true/false`, `1/0`, `yes/no` or `on/off` there).

use std::path::PathBuf;

use clap::builder::BoolishValueParser;
use clap::Parser;

/// How long a request body may take to arrive by default (30 s).
pub const DEFAULT_BODY_TIMEOUT_MS: u64 = 30_000;

/// Stateful in-memory stand-in for Pangea's AuthN session API.
#[derive(Debug, Clone, Parser, PartialEq, Eq)]
#[command(name = "emulator", version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "EMULATOR_HOST", default_value = "127.0.0.1")]
    pub host: String,

    /// Port to listen on; 0 picks a free port (see the start-up line).
    #[arg(long, env = "EMULATOR_PORT", default_value_t = 4010)]
    pub port: u16,

    /// Deterministic data set: N users (0..=100000), each with 1-3 sessions,
    /// plus two expired sessions.
    #[arg(long, env = "EMULATOR_SEED", default_value_t = 1,
          value_parser = clap::value_parser!(u64).range(0..=crate::seed::MAX_USERS))]
    pub seed: u64,

    /// Load users and sessions from this JSON file (the format of
    /// `GET /_emulator/fixture`) instead of generating them from --seed.
    #[arg(long, env = "EMULATOR_FIXTURE")]
    pub fixture: Option<PathBuf>,

    /// Service token (default: from the fixture, else derived from the seed).
    #[arg(long, env = "EMULATOR_SERVICE_TOKEN")]
    pub service_token: Option<String>,

    /// Client token (default: from the fixture, else derived from the seed).
    #[arg(long, env = "EMULATOR_CLIENT_TOKEN")]
    pub client_token: Option<String>,

    /// Enable the fault-injection, request-log and reset routes.
    #[arg(long, env = "EMULATOR_FAULTS", value_parser = BoolishValueParser::new())]
    pub faults: bool,

    /// No per-request log lines on stderr.
    #[arg(long, env = "EMULATOR_QUIET", value_parser = BoolishValueParser::new())]
    pub quiet: bool,

    /// How long a request body may take to arrive, in ms (library only, so
    /// tests can exercise the timeout quickly; the binary uses 30 s).
    #[arg(skip = DEFAULT_BODY_TIMEOUT_MS)]
    pub body_timeout_ms: u64,
}

impl Default for Config {
    /// The defaults of the command line, but on a free port and quiet
    /// (what tests usually want).
    fn default() -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 0,
            seed: 1,
            fixture: None,
            service_token: None,
            client_token: None,
            faults: false,
            quiet: true,
            body_timeout_ms: DEFAULT_BODY_TIMEOUT_MS,
        }
    }
}
