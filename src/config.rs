//! Client configuration, already validated by the caller's layer.
//!
//! `PangeaConfig` in JavaScript checks types and ranges at construction (it has to
//! throw synchronously, before a browser has finished loading the module); this
//! struct is the typed result that the core works with.

/// The service slug substituted into `baseUrlTemplate`.
pub const SERVICE_NAME: &str = "authn";
/// The placeholder in `baseUrlTemplate` that the service name replaces.
pub const PLACEHOLDER: &str = "{SERVICE_NAME}";

/// How a client talks to the AuthN service.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Base URL template, e.g. `https://{SERVICE_NAME}.aws.us.pangea.cloud`.
    pub base_url_template: String,
    /// Retries after the first attempt on HTTP 500/502/503/504 (POST) or 404 (poll GET).
    pub request_retries: u32,
    /// Per-attempt timeout in milliseconds; `None` sets none of its own (the
    /// platform's limits still apply).
    pub request_timeout_ms: Option<u64>,
    /// Whether an HTTP 202 reply is polled until it completes.
    pub queued_retry_enabled: bool,
    /// How long polling may last, in milliseconds, from the first 202.
    pub poll_result_timeout_ms: u64,
}

impl Default for Config {
    /// The defaults of pangea-node-sdk 5.6.0's `PangeaConfig`, except the
    /// timeout: the SDK declares `requestTimeout: 5000` but never enforces it, so
    /// enforcing it by default would fail calls that succeed with the SDK.
    fn default() -> Self {
        Self {
            base_url_template: "https://{SERVICE_NAME}.aws.us.pangea.cloud".to_owned(),
            request_retries: 3,
            request_timeout_ms: None,
            queued_retry_enabled: true,
            poll_result_timeout_ms: 120_000,
        }
    }
}

impl Config {
    /// The base URL with the first `{SERVICE_NAME}` replaced, as the Node SDK does,
    /// and without trailing slashes so that paths join with exactly one `/`.
    pub fn base_url(&self) -> String {
        let template = self.base_url_template.as_str();
        // A byte search rather than `replacen`, whose substring searcher is a
        // measurable part of the wasm module; a match is on char boundaries.
        let at = template
            .as_bytes()
            .windows(PLACEHOLDER.len())
            .position(|w| w == PLACEHOLDER.as_bytes());
        let replaced = match at {
            Some(at) => [
                template.get(..at).unwrap_or(""),
                SERVICE_NAME,
                template.get(at + PLACEHOLDER.len()..).unwrap_or(""),
            ]
            .concat(),
            None => template.to_owned(),
        };
        replaced.trim_end_matches('/').to_owned()
    }
}

/// Joins a base URL (no trailing `/`) and a relative path with exactly one `/`.
pub fn join_url(base: &str, path: &str) -> String {
    let path = path.trim_start_matches('/');
    let mut url = String::with_capacity(base.len() + 1 + path.len());
    url.push_str(base);
    url.push('/');
    url.push_str(path);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_template(t: &str) -> Config {
        Config {
            base_url_template: t.to_owned(),
            ..Config::default()
        }
    }

    #[test]
    fn default_template_targets_the_aws_us_authn_host() {
        assert_eq!(
            Config::default().base_url(),
            "https://authn.aws.us.pangea.cloud"
        );
    }

    #[test]
    fn template_without_placeholder_is_used_as_is() {
        assert_eq!(
            with_template("http://127.0.0.1:4010").base_url(),
            "http://127.0.0.1:4010"
        );
    }

    #[test]
    fn only_the_first_placeholder_is_replaced() {
        let c = with_template("https://example.org/{SERVICE_NAME}/{SERVICE_NAME}/");
        assert_eq!(c.base_url(), "https://example.org/authn/{SERVICE_NAME}");
    }

    #[test]
    fn paths_join_with_exactly_one_slash() {
        assert_eq!(
            join_url("http://h", "v2/session/list"),
            "http://h/v2/session/list"
        );
        assert_eq!(
            join_url("http://h", "/request/prq_1"),
            "http://h/request/prq_1"
        );
        assert_eq!(
            join_url(&with_template("http://h///").base_url(), "//x"),
            "http://h/x"
        );
    }
}
