//! The HTTP/1.1 accept loop.
//!
//! We drive hyper ourselves (rather than `axum::serve`) for two reasons: the
//! `drop` and `truncate` faults must be able to close one connection from
//! inside a handler (each connection gets a [`ConnControl`] in its request
//! extensions), and shutdown must be able to cut connections that a `hang`
//! fault keeps open.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tower::ServiceExt as _;

/// How long requests in flight may take to finish after shutdown begins.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);
/// Idle connections are closed after this long without a request header.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// Lets a handler cut its own connection.
#[derive(Debug, Default)]
pub struct ConnControl {
    kill: Notify,
}

impl ConnControl {
    /// Closes the connection at once; nothing more is written to it.
    pub fn kill(&self) {
        // `notify_one` stores a permit, so this works even if the connection
        // task is not waiting at this very moment.
        self.kill.notify_one();
    }
}

/// Process-wide shutdown signal.
#[derive(Debug)]
pub struct Shutdown {
    tx: watch::Sender<bool>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Self {
            tx: watch::channel(false).0,
        }
    }
}

impl Shutdown {
    /// Starts shutting down.
    pub fn trigger(&self) {
        self.tx.send_replace(true);
    }

    /// Resolves once shutdown has begun.
    pub async fn wait(&self) {
        let mut rx = self.tx.subscribe();
        // An error means the sender is gone, i.e. we are shutting down anyway.
        let _ = rx.wait_for(|down| *down).await;
    }
}

/// Accepts connections until `shutdown`, then lets requests in flight finish
/// (up to a grace period) and returns.
pub async fn run(listener: TcpListener, app: Router, shutdown: Arc<Shutdown>) {
    let live = Arc::new(());
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let guard = Arc::clone(&live);
                    let app = app.clone();
                    let shutdown = Arc::clone(&shutdown);
                    tokio::spawn(async move {
                        serve_connection(stream, app, shutdown).await;
                        drop(guard);
                    });
                }
                // E.g. out of file descriptors: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            () = shutdown.wait() => break,
        }
    }
    drop(listener);
    let deadline = tokio::time::Instant::now() + SHUTDOWN_GRACE + Duration::from_secs(1);
    while Arc::strong_count(&live) > 1 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Serves one connection until it ends, is killed, or shutdown's grace runs out.
async fn serve_connection(stream: TcpStream, app: Router, shutdown: Arc<Shutdown>) {
    // Small request/response pairs: don't let Nagle hold them back.
    let _ = stream.set_nodelay(true);
    let control = Arc::new(ConnControl::default());
    let for_requests = Arc::clone(&control);
    let service = app.map_request(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(Arc::clone(&for_requests));
        request
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        () = control.kill.notified() => return,
        () = shutdown.wait() => conn.as_mut().graceful_shutdown(),
    }
    tokio::select! {
        _ = conn.as_mut() => {}
        () = control.kill.notified() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {}
    }
}
