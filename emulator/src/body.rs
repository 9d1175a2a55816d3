//! Reading request bodies within limits, and the half-sent body of the
//! `truncate` fault.

use std::future::Future as _;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use bytes::{Bytes, BytesMut};
use http::{header, HeaderMap};
use http_body::Frame;
use http_body_util::BodyExt as _;
use tokio::time::Sleep;

use crate::server::ConnControl;

/// Largest accepted request body: 1 MiB.
pub const MAX_BODY: usize = 1024 * 1024;
/// Past the limit we still read (and discard) up to this much so the client
/// sees our 413 instead of a connection reset; beyond it we stop reading.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;
/// How long draining may take.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// Over [`MAX_BODY`]; carries the size seen or declared.
    TooLarge(usize),
    /// Did not arrive in time.
    Timeout,
    /// The client broke off mid-body.
    Broken,
}

/// Reads the whole body within `timeout`, refusing more than [`MAX_BODY`] bytes.
pub async fn read(
    mut body: Body,
    headers: &HeaderMap,
    timeout: Duration,
) -> Result<Bytes, BodyError> {
    if let Some(declared) = content_length(headers).filter(|&n| n > MAX_BODY) {
        if declared <= DRAIN_LIMIT {
            drain(&mut body, 0).await;
        }
        return Err(BodyError::TooLarge(declared));
    }
    let collect = async {
        let mut buf = BytesMut::new();
        while let Some(frame) = body.frame().await {
            let Ok(data) = frame.map_err(|_| BodyError::Broken)?.into_data() else {
                continue; // trailers
            };
            let seen = buf.len() + data.len();
            if seen > MAX_BODY {
                drain(&mut body, seen).await;
                return Err(BodyError::TooLarge(seen));
            }
            buf.extend_from_slice(&data);
        }
        Ok(buf.freeze())
    };
    tokio::time::timeout(timeout, collect)
        .await
        .unwrap_or(Err(BodyError::Timeout))
}

fn content_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Reads and discards what the client is still sending, within bounds
/// (`already` bytes have been read).
async fn drain(body: &mut Body, already: usize) {
    let discard = async {
        let mut total = already;
        while let Some(Ok(frame)) = body.frame().await {
            total += frame.data_ref().map_or(0, Bytes::len);
            if total > DRAIN_LIMIT {
                break;
            }
        }
    };
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, discard).await;
}

/// A body that sends its first half, waits a moment so it reaches the
/// client, then kills the connection (the `truncate` fault).
pub struct Truncated {
    first: Option<Bytes>,
    pause: Option<Pin<Box<Sleep>>>,
    conn: Option<Arc<ConnControl>>,
}

impl Truncated {
    /// Sends `half`, then cuts the connection of `conn`.
    pub fn new(half: Bytes, conn: Option<Arc<ConnControl>>) -> Self {
        Self {
            first: Some(half),
            pause: None,
            conn,
        }
    }
}

impl http_body::Body for Truncated {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(half) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(half))));
        }
        let pause = self
            .pause
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(Duration::from_millis(50))));
        if pause.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        if let Some(conn) = self.conn.take() {
            conn.kill();
        }
        // An error makes hyper abort the connection instead of finishing it.
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "truncate fault",
        ))))
    }
}
