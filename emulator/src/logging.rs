//! The per-request log: one line per API request on stderr.
//!
//! Lines go through a bounded channel to a writer thread and are dropped
//! when it is full, so a reader that never drains stderr can slow nothing.

use std::io::Write as _;
use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};

/// Lines buffered before new ones are dropped.
const BUFFER: usize = 4096;

/// Handle for sending log lines.
#[derive(Debug, Clone)]
pub struct LogSink {
    tx: SyncSender<String>,
}

impl LogSink {
    /// Starts the writer thread; `None` if the thread cannot be spawned.
    pub fn start() -> Option<Self> {
        let (tx, rx) = sync_channel::<String>(BUFFER);
        std::thread::Builder::new()
            .name("emulator-log".into())
            .spawn(move || {
                let stderr = std::io::stderr();
                for line in rx {
                    let mut out = stderr.lock();
                    // A closed stderr must not take the server down.
                    let _ = writeln!(out, "{line}");
                }
            })
            .ok()?;
        Some(Self { tx })
    }

    /// Queues a line; drops it when the writer is behind.
    pub fn line(&self, line: String) {
        match self.tx.try_send(line) {
            Ok(()) | Err(TrySendError::Full(_)) | Err(TrySendError::Disconnected(_)) => {}
        }
    }
}
