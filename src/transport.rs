//! The HTTP seam: what the core asks of the platform's `fetch`.
//!
//! One call of [`Transport::send`] is one attempt: it sends the request, waits
//! at most the timeout, reads the whole body and parses it as JSON with the
//! platform's own parser (in JavaScript, `JSON.parse`; the parsed value never
//! crosses into Rust, which keeps big replies fast and lossless). The core only
//! reads two strings from the parsed body through [`Envelope`].

use std::future::Future;

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An API call.
    Post,
    /// A poll of `/request/<id>`.
    Get,
}

impl Method {
    /// The method's name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Get => "GET",
        }
    }
}

/// A request, ready to send (headers that never change live with the transport).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// POST for API calls, GET for polls.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// The JSON body (POST only).
    pub body: Option<String>,
}

/// One attempt of a request.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// What to send.
    pub request: &'a HttpRequest,
    /// Value of `X-Pangea-Retried-Request-Ids`, on retries only.
    pub retried_request_ids: Option<&'a str>,
    /// Abort the attempt after this many milliseconds.
    pub timeout_ms: Option<u64>,
}

/// The fields of a reply envelope the core needs to make decisions.
pub trait Envelope {
    /// The envelope's `status` string, if it is a string.
    fn status(&self) -> Option<String>;
    /// The envelope's `request_id` string, if it is a string.
    fn request_id(&self) -> Option<String>;
}

/// Why a reply body could not be used as an envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyProblem {
    /// No bytes at all.
    Empty,
    /// Not parseable as JSON (HTML error page, truncated, plain text...).
    NotJson,
    /// Valid JSON, but not an object.
    NotObject,
}

impl BodyProblem {
    /// A short human description.
    pub const fn describe(self) -> &'static str {
        match self {
            BodyProblem::Empty => "an empty body",
            BodyProblem::NotJson => "a body that is not JSON",
            BodyProblem::NotObject => "a JSON body that is not an object",
        }
    }
}

/// A body that is not a JSON object, with the start of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBody {
    /// What is wrong with it.
    pub problem: BodyProblem,
    /// The first characters of the raw text (not yet redacted).
    pub excerpt: String,
}

/// A complete HTTP reply.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply<B> {
    /// The HTTP status code.
    pub http_status: u16,
    /// The `x-request-id` response header, used for `X-Pangea-Retried-Request-Ids`.
    pub request_id_header: Option<String>,
    /// The parsed JSON object, or what was wrong with the body.
    pub body: Result<B, BadBody>,
}

/// An attempt that produced no reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The per-attempt timeout fired first.
    Timeout,
    /// The platform's fetch failed (DNS, connection refused or reset, CORS,
    /// redirect refused...), with its message.
    Network(String),
}

/// Sends one attempt and reads its reply.
pub trait Transport {
    /// The platform's parsed JSON object.
    type Body: Envelope;
    /// Sends the attempt, waits for the whole reply and parses its body.
    fn send(
        &self,
        attempt: Attempt<'_>,
    ) -> impl Future<Output = Result<Reply<Self::Body>, TransportError>>;
}
