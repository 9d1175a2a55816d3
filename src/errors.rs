//! The one error type of the library, with a stable kind per case.
//!
//! The JavaScript shim maps [`ErrorKind::name`] to its class once (`js/errors.js`);
//! nothing else matches on error text.

use crate::args::ArgumentError;
use crate::redact::excerpt;
use crate::transport::{BadBody, BodyProblem, TransportError};

/// Every way a call can fail. Each name is the JavaScript class that represents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A bad argument: a JS `TypeError`; no request was sent.
    TypeError,
    /// An attempt outlived `requestTimeout`: `PangeaErrors.TimeoutError`.
    TimeoutError,
    /// `fetch` failed without a reply: `PangeaErrors.NetworkError`.
    NetworkError,
    /// The reply body is not a JSON object: `PangeaErrors.InvalidResponseError`.
    InvalidResponseError,
    /// HTTP 503.
    ServiceTemporarilyUnavailable,
    /// Status `ValidationError`.
    ValidationError,
    /// Status `TooManyRequests`.
    RateLimitError,
    /// Status `NoCredit`.
    NoCreditError,
    /// Status `Unauthorized`.
    UnauthorizedError,
    /// Status `ServiceNotEnabled`.
    ServiceNotEnabledError,
    /// Status `MissingConfigID` or `MissingConfigIDScope`.
    MissingConfigID,
    /// Status `ProviderError`.
    ProviderError,
    /// Status `InternalError`.
    InternalServerError,
    /// Status `Accepted` (still pending when polling ended, or polling is off).
    AcceptedRequestException,
    /// Status `ServiceNotAvailable`.
    ServiceNotAvailableError,
    /// Status `InvalidPayloadReceived`.
    InvalidPayloadReceived,
    /// Status `ForbiddenVaultOperation`.
    ForbiddenVaultOperation,
    /// Status `NotFound`.
    NotFound,
    /// Any other non-success status (`InvalidToken`, `ExpiredToken`, `NoStatus`...).
    APIError,
}

impl ErrorKind {
    /// The stable name: the JavaScript class.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::TypeError => "TypeError",
            ErrorKind::TimeoutError => "TimeoutError",
            ErrorKind::NetworkError => "NetworkError",
            ErrorKind::InvalidResponseError => "InvalidResponseError",
            ErrorKind::ServiceTemporarilyUnavailable => "ServiceTemporarilyUnavailable",
            ErrorKind::ValidationError => "ValidationError",
            ErrorKind::RateLimitError => "RateLimitError",
            ErrorKind::NoCreditError => "NoCreditError",
            ErrorKind::UnauthorizedError => "UnauthorizedError",
            ErrorKind::ServiceNotEnabledError => "ServiceNotEnabledError",
            ErrorKind::MissingConfigID => "MissingConfigID",
            ErrorKind::ProviderError => "ProviderError",
            ErrorKind::InternalServerError => "InternalServerError",
            ErrorKind::AcceptedRequestException => "AcceptedRequestException",
            ErrorKind::ServiceNotAvailableError => "ServiceNotAvailableError",
            ErrorKind::InvalidPayloadReceived => "InvalidPayloadReceived",
            ErrorKind::ForbiddenVaultOperation => "ForbiddenVaultOperation",
            ErrorKind::NotFound => "NotFound",
            ErrorKind::APIError => "APIError",
        }
    }
}

/// A failed call. `B` is the platform's parsed reply body.
#[derive(Debug, Clone, PartialEq)]
pub enum Error<B> {
    /// A bad argument; nothing was sent.
    InvalidArgument(ArgumentError),
    /// The attempt did not finish within the timeout.
    Timeout {
        /// The configured per-attempt timeout.
        timeout_ms: u64,
    },
    /// No reply at all.
    Network {
        /// The platform's message, redacted.
        message: String,
    },
    /// A reply whose body is not a JSON object.
    InvalidResponse {
        /// Its HTTP status.
        http_status: u16,
        /// What is wrong with the body.
        problem: BodyProblem,
        /// The start of the body, with anything token-shaped masked.
        excerpt: String,
    },
    /// A well-formed envelope whose status is not `Success`.
    Api {
        /// Which class.
        kind: ErrorKind,
        /// The final reply.
        answer: Answer<B>,
    },
}

/// A reply whose body is a JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer<B> {
    /// The HTTP status.
    pub http_status: u16,
    /// The parsed body.
    pub body: B,
}

impl<B> Error<B> {
    /// The stable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidArgument(_) => ErrorKind::TypeError,
            Error::Timeout { .. } => ErrorKind::TimeoutError,
            Error::Network { .. } => ErrorKind::NetworkError,
            Error::InvalidResponse { .. } => ErrorKind::InvalidResponseError,
            Error::Api { kind, .. } => *kind,
        }
    }

    /// The message for errors the core describes; API errors take theirs from
    /// the reply (the JS classes build them as the SDK does), so this is empty.
    ///
    /// Built by concatenation, not `format!`: on the wasm path this keeps the
    /// formatting machinery out of the module (a measured part of its size).
    pub fn message(&self) -> String {
        match self {
            Error::InvalidArgument(e) => e.message(),
            Error::Timeout { timeout_ms } => [
                "The request did not complete within requestTimeout (",
                &decimal(*timeout_ms),
                " ms)",
            ]
            .concat(),
            Error::Network { message } => ["The request failed before a reply: ", message].concat(),
            Error::InvalidResponse {
                http_status,
                problem,
                excerpt,
            } => [
                "The service replied HTTP ",
                &decimal(u64::from(*http_status)),
                " with ",
                problem.describe(),
                ": \"",
                excerpt,
                "\"",
            ]
            .concat(),
            Error::Api { .. } => String::new(),
        }
    }

    /// An error for a transport failure.
    pub fn from_transport(
        error: TransportError,
        timeout_ms: Option<u64>,
        secrets: &[&str],
    ) -> Self {
        match error {
            TransportError::Timeout => Error::Timeout {
                timeout_ms: timeout_ms.unwrap_or(0),
            },
            TransportError::Network(message) => Error::Network {
                message: excerpt(&message, secrets),
            },
        }
    }

    /// An error for a reply body that is not a JSON object.
    pub fn from_bad_body(http_status: u16, body: BadBody, secrets: &[&str]) -> Self {
        Error::InvalidResponse {
            http_status,
            problem: body.problem,
            excerpt: excerpt(&body.excerpt, secrets),
        }
    }
}

/// `n` in decimal digits.
fn decimal(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        // n % 10 < 10, so the cast cannot truncate.
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

impl<B> From<ArgumentError> for Error<B> {
    fn from(e: ArgumentError) -> Self {
        Error::InvalidArgument(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals() {
        for n in [0, 7, 10, 250, 5000, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }

    #[test]
    fn messages_describe_transport_failures_without_secrets() {
        let e: Error<()> = Error::from_transport(
            TransportError::Network("bad pts_abc".into()),
            None,
            &["pts_abc"],
        );
        assert_eq!(e.kind(), ErrorKind::NetworkError);
        assert!(!e.message().contains("pts_abc"), "{}", e.message());
        let e: Error<()> = Error::from_transport(TransportError::Timeout, Some(250), &[]);
        assert!(e.message().contains("250 ms"));
        let body = BadBody {
            problem: BodyProblem::NotJson,
            excerpt: "<html>502".into(),
        };
        let e: Error<()> = Error::from_bad_body(502, body, &[]);
        assert_eq!(
            e.message(),
            "The service replied HTTP 502 with a body that is not JSON: \"<html>502\""
        );
    }
}
