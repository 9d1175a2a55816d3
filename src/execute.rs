//! Runs one call: attempts with retries, result polling after HTTP 202, and the
//! final classification. Generic over the [`Transport`] and [`Runtime`] seams,
//! so the same code runs in wasm and under a fake clock in native tests.

use crate::config::{join_url, Config};
use crate::errors::{Answer, Error};
use crate::poll::PollSchedule;
use crate::request::poll_path;
use crate::response::{classify, Outcome};
use crate::retry::{backoff_ms, is_retryable_poll, is_retryable_post, RetriedIds};
use crate::runtime::Runtime;
use crate::session::Call;
use crate::transport::{Attempt, Envelope, HttpRequest, Method, Reply, Transport};

/// What one call needs besides the call itself.
pub struct Context<'a, T, R> {
    /// Sends attempts.
    pub transport: &'a T,
    /// Clock, sleep and jitter.
    pub runtime: &'a R,
    /// The client's configuration.
    pub config: &'a Config,
    /// The base URL derived from the configuration.
    pub base_url: &'a str,
    /// Values that must never appear in an error message (the tokens in play).
    pub secrets: &'a [&'a str],
}

type Outcome_<B> = Result<Answer<B>, Error<B>>;

impl<T: Transport, R: Runtime> Context<'_, T, R> {
    /// Runs `call` to its end: the successful answer, or the error.
    pub async fn execute(&self, call: &Call) -> Outcome_<T::Body> {
        let request = HttpRequest {
            method: Method::Post,
            url: join_url(self.base_url, call.operation.path()),
            body: Some(call.body.clone()),
        };
        let mut answer = self.send_with_retries(&request, is_retryable_post).await?;
        if answer.http_status == 202 && self.config.queued_retry_enabled {
            answer = self.poll(answer).await?;
        }
        match classify(answer.http_status, answer.body.status().as_deref()) {
            Outcome::Success => Ok(answer),
            Outcome::Failure(kind) => Err(Error::Api { kind, answer }),
        }
    }

    /// Sends `request`, retrying while `retryable` says so and retries remain.
    async fn send_with_retries(
        &self,
        request: &HttpRequest,
        retryable: fn(u16) -> bool,
    ) -> Outcome_<T::Body> {
        let mut retried = RetriedIds::default();
        let mut retry = 0;
        loop {
            let header = retried.header_value();
            let reply = self.attempt(request, header.as_deref()).await?;
            if retry >= self.config.request_retries || !retryable(reply.http_status) {
                return self.answer(reply);
            }
            retried.record(reply.request_id_header);
            self.runtime
                .sleep(backoff_ms(retry, self.runtime.random()))
                .await;
            retry += 1;
        }
    }

    async fn attempt(
        &self,
        request: &HttpRequest,
        retried: Option<&str>,
    ) -> Result<Reply<T::Body>, Error<T::Body>> {
        let timeout_ms = self.config.request_timeout_ms;
        let attempt = Attempt {
            request,
            retried_request_ids: retried,
            timeout_ms,
        };
        self.transport
            .send(attempt)
            .await
            .map_err(|e| Error::from_transport(e, timeout_ms, self.secrets))
    }

    fn answer(&self, reply: Reply<T::Body>) -> Outcome_<T::Body> {
        let http_status = reply.http_status;
        match reply.body {
            Ok(body) => Ok(Answer { http_status, body }),
            Err(bad) => Err(Error::from_bad_body(http_status, bad, self.secrets)),
        }
    }

    /// Polls `/request/<id>` while the answer is HTTP 202 and time remains.
    /// A reply without a usable request id is not polled (it stays `Accepted`).
    async fn poll(&self, mut answer: Answer<T::Body>) -> Outcome_<T::Body> {
        let Some(path) = answer.body.request_id().as_deref().and_then(poll_path) else {
            return Ok(answer);
        };
        let request = HttpRequest {
            method: Method::Get,
            url: join_url(self.base_url, &path),
            body: None,
        };
        let mut schedule =
            PollSchedule::new(self.runtime.now_ms(), self.config.poll_result_timeout_ms);
        while answer.http_status == 202 {
            let Some(wait) = schedule.next_wait(self.runtime.now_ms()) else {
                break;
            };
            self.runtime.sleep(wait).await;
            answer = self.send_with_retries(&request, is_retryable_poll).await?;
        }
        Ok(answer)
    }
}
