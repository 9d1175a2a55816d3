//! `emulator` binary: parses flags, starts the server, prints the start-up
//! line, and shuts down cleanly on SIGINT/SIGTERM.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;
use emulator::{Config, Running};

fn main() -> ExitCode {
    let config = Config::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("emulator: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(config))
}

async fn run(config: Config) -> ExitCode {
    let running = match emulator::start(&config).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Listen for signals before announcing ourselves: a supervisor may send
    // one the moment it has read the start-up line.
    let signalled = signals();
    print_banner(&running);
    signalled.await;
    running.stop().await;
    ExitCode::SUCCESS
}

/// The start-up JSON line first (flushed at once; tests parse it), then
/// lines for humans.
fn print_banner(running: &Running) {
    let mut out = std::io::stdout().lock();
    let s = &running.startup;
    let user = running.sample_user.as_deref().unwrap_or("(no users)");
    // Stdout going away must not stop the server, so write errors are ignored.
    let _ = writeln!(out, "{}", running.startup_line());
    let _ = out.flush();
    let _ = writeln!(out, "Pangea AuthN emulator listening on {}", s.url);
    let _ = writeln!(out, "  service token: {}", s.service_token);
    let _ = writeln!(out, "  client token:  {}", s.client_token);
    let _ = writeln!(
        out,
        "  data: {} users, {} active sessions, {} expired; sample user id: {user}",
        s.users, s.sessions, s.expired_sessions
    );
    let _ = writeln!(
        out,
        "  fault routes: {}",
        if s.faults { "on" } else { "off (--faults)" }
    );
    let _ = writeln!(
        out,
        "  try: curl -s -X POST {}/v2/session/list -H 'Authorization: Bearer {}' -H 'Content-Type: application/json' -d '{{\"size\":2}}'",
        s.url, s.service_token
    );
    let _ = writeln!(
        out,
        "  user tokens: curl -s {}/_emulator/fixture -H 'Authorization: Bearer {}'",
        s.url, s.service_token
    );
    let _ = out.flush();
}

/// Registers for SIGINT and SIGTERM now; the returned future resolves when
/// either arrives.
#[cfg(unix)]
fn signals() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{signal, SignalKind};
    let int = signal(SignalKind::interrupt());
    let term = signal(SignalKind::terminate());
    async move {
        match (int, term) {
            (Ok(mut int), Ok(mut term)) => {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                }
            }
            (Ok(mut one), Err(_)) | (Err(_), Ok(mut one)) => {
                one.recv().await;
            }
            (Err(_), Err(_)) => std::future::pending::<()>().await,
        }
    }
}

/// Ctrl-C where Unix signals do not exist.
#[cfg(not(unix))]
fn signals() -> impl std::future::Future<Output = ()> {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
