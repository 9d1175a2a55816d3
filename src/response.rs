//! Reply classification: success, or which error class.

use crate::errors::ErrorKind;

/// What a final reply means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Status `Success`.
    Success,
    /// Anything else, as an error class.
    Failure(ErrorKind),
}

/// Classifies a reply by its HTTP status and envelope `status`, as
/// pangea-node-sdk 5.6.0 does, except that `ServiceNotEnabled` gets its own
/// class (a subclass of the SDK's choice in JavaScript).
pub fn classify(http_status: u16, status: Option<&str>) -> Outcome {
    if status == Some("Success") {
        return Outcome::Success;
    }
    // HTTP 503 wins over the envelope, as in the SDK.
    if http_status == 503 {
        return Outcome::Failure(ErrorKind::ServiceTemporarilyUnavailable);
    }
    Outcome::Failure(status.map_or(ErrorKind::APIError, kind_of_status))
}

fn kind_of_status(status: &str) -> ErrorKind {
    match status {
        "ValidationError" => ErrorKind::ValidationError,
        "TooManyRequests" => ErrorKind::RateLimitError,
        "NoCredit" => ErrorKind::NoCreditError,
        "Unauthorized" => ErrorKind::UnauthorizedError,
        "ServiceNotEnabled" => ErrorKind::ServiceNotEnabledError,
        "ProviderError" => ErrorKind::ProviderError,
        "MissingConfigIDScope" | "MissingConfigID" => ErrorKind::MissingConfigID,
        "ServiceNotAvailable" => ErrorKind::ServiceNotAvailableError,
        "InvalidPayloadReceived" => ErrorKind::InvalidPayloadReceived,
        "ForbiddenVaultOperation" => ErrorKind::ForbiddenVaultOperation,
        "NotFound" => ErrorKind::NotFound,
        "InternalError" => ErrorKind::InternalServerError,
        "Accepted" => ErrorKind::AcceptedRequestException,
        _ => ErrorKind::APIError,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorKind as K;

    #[test]
    fn the_status_table() {
        let table = [
            ("ValidationError", K::ValidationError),
            ("TooManyRequests", K::RateLimitError),
            ("NoCredit", K::NoCreditError),
            ("Unauthorized", K::UnauthorizedError),
            ("ServiceNotEnabled", K::ServiceNotEnabledError),
            ("ProviderError", K::ProviderError),
            ("MissingConfigIDScope", K::MissingConfigID),
            ("MissingConfigID", K::MissingConfigID),
            ("ServiceNotAvailable", K::ServiceNotAvailableError),
            ("InvalidPayloadReceived", K::InvalidPayloadReceived),
            ("ForbiddenVaultOperation", K::ForbiddenVaultOperation),
            ("NotFound", K::NotFound),
            ("InternalError", K::InternalServerError),
            ("Accepted", K::AcceptedRequestException),
            ("InvalidToken", K::APIError),
            ("ExpiredToken", K::APIError),
            ("NoStatus", K::APIError),
        ];
        for (status, kind) in table {
            assert_eq!(
                classify(400, Some(status)),
                Outcome::Failure(kind),
                "{status}"
            );
        }
    }

    #[test]
    fn success_is_the_status_string_whatever_the_http_code() {
        assert_eq!(classify(200, Some("Success")), Outcome::Success);
        assert_eq!(classify(503, Some("Success")), Outcome::Success);
        assert_eq!(
            classify(200, Some("InternalError")),
            Outcome::Failure(K::InternalServerError)
        );
    }

    #[test]
    fn http_503_wins_and_a_missing_status_is_a_plain_api_error() {
        assert_eq!(
            classify(503, Some("ValidationError")),
            Outcome::Failure(K::ServiceTemporarilyUnavailable)
        );
        assert_eq!(classify(500, None), Outcome::Failure(K::APIError));
    }
}
