//! Starting the server: data set, tokens, listener, and the start-up line.

use std::net::SocketAddr;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use serde::Serialize;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::auth::Tokens;
use crate::clock;
use crate::config::Config;
use crate::faults::Faults;
use crate::fixture::{self, Fixture};
use crate::ids::{self, RequestIds};
use crate::logging::LogSink;
use crate::pending::Pending;
use crate::reqlog::RequestLog;
use crate::routes;
use crate::seed;
use crate::server::{self, Shutdown};
use crate::state::App;
use crate::store::Store;

/// The JSON object printed as the first line on stdout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Startup {
    /// Always `"listening"`.
    pub event: &'static str,
    /// Base URL, e.g. `http://127.0.0.1:4010`.
    pub url: String,
    /// Service token.
    pub service_token: String,
    /// Client token.
    pub client_token: String,
    /// Users in the data set.
    pub users: usize,
    /// Sessions listable right now (what `count` of an unfiltered list says).
    pub sessions: usize,
    /// Sessions already expired (their tokens answer `ExpiredToken`).
    pub expired_sessions: usize,
    /// Whether `--faults` is on.
    pub faults: bool,
}

/// A started server.
#[derive(Debug)]
pub struct Running {
    /// The start-up facts.
    pub startup: Startup,
    /// The bound address.
    pub addr: SocketAddr,
    /// The first user id of the data set, if any (for the banner).
    pub sample_user: Option<String>,
    shutdown: Arc<Shutdown>,
    task: JoinHandle<()>,
}

impl Running {
    /// Base URL (`http://127.0.0.1:<port>`).
    pub fn url(&self) -> &str {
        &self.startup.url
    }

    /// The start-up line (one JSON object, no newline).
    pub fn startup_line(&self) -> String {
        serde_json::to_string(&self.startup).unwrap_or_default()
    }

    /// Stops accepting, lets requests in flight finish briefly, and returns.
    pub async fn stop(self) {
        self.shutdown.trigger();
        let _ = self.task.await;
    }
}

/// Builds the data set, binds the listener and starts serving.
pub async fn start(config: &Config) -> Result<Running, String> {
    let (fixture, rng_seed) = load_data(config)?;
    let store = Store::from_fixture(&fixture, rng_seed)?;
    let counts = store.counts(clock::now());
    let listener = TcpListener::bind((config.host.as_str(), config.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", config.host, config.port))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    let url = format!("http://{addr}");
    let shutdown = Arc::new(Shutdown::default());
    let sample_user = fixture.users.first().map(|u| u.id.clone());
    let app = Arc::new(App {
        store: RwLock::new(store),
        tokens: Tokens {
            service: fixture.service_token.clone(),
            client: fixture.client_token.clone(),
        },
        initial: fixture,
        rng_seed,
        faults_enabled: config.faults,
        faults: Mutex::new(Faults::default()),
        requests: Mutex::new(RequestLog::default()),
        pending: Mutex::new(Pending::default()),
        ids: RequestIds::new(),
        base_url: url.clone(),
        shutdown: Arc::clone(&shutdown),
        log: if config.quiet { None } else { LogSink::start() },
        hanging: AtomicUsize::new(0),
        body_timeout: Duration::from_millis(config.body_timeout_ms),
    });
    let startup = Startup {
        event: "listening",
        url,
        service_token: app.tokens.service.clone(),
        client_token: app.tokens.client.clone(),
        users: counts.users,
        sessions: counts.active_sessions,
        expired_sessions: counts.expired_sessions,
        faults: config.faults,
    };
    let router = routes::router(app);
    let task = tokio::spawn(server::run(listener, router, Arc::clone(&shutdown)));
    Ok(Running {
        startup,
        addr,
        sample_user,
        shutdown,
        task,
    })
}

/// The fixture (file or seed) with token overrides, and the seed of the
/// store's id generator.
fn load_data(config: &Config) -> Result<(Fixture, u64), String> {
    let (mut fixture, rng_seed) = match &config.fixture {
        Some(path) => {
            let f = fixture::read_file(path)?;
            // Deterministic per fixture: derived from its service token.
            let seed = ids::splitmix64(fnv1a(f.service_token.as_bytes()));
            (f, seed)
        }
        None => (seed::generate(config.seed), config.seed),
    };
    if let Some(t) = &config.service_token {
        fixture.service_token = t.clone();
    }
    if let Some(t) = &config.client_token {
        fixture.client_token = t.clone();
    }
    for (name, token) in [
        ("service token", &fixture.service_token),
        ("client token", &fixture.client_token),
    ] {
        let ok = !token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic());
        if !ok {
            return Err(format!(
                "the {name} must be non-empty printable ASCII without spaces"
            ));
        }
    }
    Ok((fixture, rng_seed))
}

/// FNV-1a, 64-bit: a tiny stable hash (std's hasher is not stable across runs).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
