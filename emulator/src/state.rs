//! Everything the handlers share.

use std::sync::atomic::AtomicUsize;
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use crate::auth::Tokens;
use crate::faults::Faults;
use crate::fixture::Fixture;
use crate::ids::RequestIds;
use crate::logging::LogSink;
use crate::pending::Pending;
use crate::reqlog::RequestLog;
use crate::server::Shutdown;
use crate::store::Store;
use std::sync::Arc;

/// Shared server state. The data set sits behind one `RwLock`, so each
/// operation sees and changes one consistent snapshot.
#[derive(Debug)]
pub struct App {
    /// Users and sessions.
    pub store: RwLock<Store>,
    /// The start-up data, for `POST /_emulator/reset`.
    pub initial: Fixture,
    /// Seed of the store's id generator (reset re-seeds it).
    pub rng_seed: u64,
    /// The accepted Pangea tokens.
    pub tokens: Tokens,
    /// Whether `--faults` is on.
    pub faults_enabled: bool,
    /// Planned faults.
    pub faults: Mutex<Faults>,
    /// Recent API requests (kept only with `--faults`).
    pub requests: Mutex<RequestLog>,
    /// Results of requests answered 202.
    pub pending: Mutex<Pending>,
    /// Request id generator.
    pub ids: RequestIds,
    /// `http://host:port` as listened on (fallback for poll locations).
    pub base_url: String,
    /// Shutdown signal (hanging requests end on it).
    pub shutdown: Arc<Shutdown>,
    /// Per-request log, unless `--quiet`.
    pub log: Option<LogSink>,
    /// Requests currently held by a `hang` fault.
    pub hanging: AtomicUsize,
    /// How long a request body may take to arrive.
    pub body_timeout: Duration,
}

/// Locks a mutex, recovering the data if a holder panicked (no handler
/// panics by design; this just refuses to turn one bug into many).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Read-locks, recovering from poisoning as [`lock`] does.
pub fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Write-locks, recovering from poisoning as [`lock`] does.
pub fn write<T>(m: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(std::sync::PoisonError::into_inner)
}
