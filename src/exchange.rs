//! One call as a state machine without I/O: it says what to do next (send an
//! attempt, wait, or stop with the outcome) and is told what happened.
//!
//! Whoever drives it owns the I/O. Natively that is the async loop in
//! [`crate::execute`]; in wasm it is a small JavaScript loop, because awaiting
//! JS promises from Rust (`future_to_promise`, a `JsFuture` with its closures
//! per await) was measured to cost more per call than the rest of the package.
//! Either way every decision is made here: retries and their back-off, the
//! retried-ids header, 202 polling and the final classification.

use crate::config::{join_url, Config};
use crate::errors::{Answer, Error};
use crate::poll::PollSchedule;
use crate::request::poll_path;
use crate::response::{classify, Outcome};
use crate::retry::{backoff_ms, is_retryable_poll, is_retryable_post, RetriedIds};
use crate::session::Call;
use crate::transport::{Attempt, BadBody, Envelope, HttpRequest, Method, TransportError};

/// The clock and randomness the decisions need (never a sleep: waiting is the
/// driver's job).
pub trait Clock {
    /// Milliseconds since an arbitrary fixed origin (monotonic enough for deadlines).
    fn now_ms(&self) -> u64;
    /// A uniformly distributed number in `[0, 1)`.
    fn random(&self) -> f64;
}

/// What the exchange needs from its client, lent on every step.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    /// The client's configuration.
    pub config: &'a Config,
    /// The base URL derived from the configuration.
    pub base_url: &'a str,
    /// The client's own secrets (its token), masked in any error message.
    pub secrets: &'a [&'a str],
}

/// What the driver does next.
#[derive(Debug)]
pub enum Step<B> {
    /// Send [`Exchange::attempt`], then report with [`Exchange::replied`] or
    /// [`Exchange::failed`].
    Send,
    /// Wait this many milliseconds, then send as for [`Step::Send`].
    Wait(u64),
    /// The call is over: the successful answer, or the error.
    Done(Result<Answer<B>, Error<B>>),
}

/// One call in progress.
#[derive(Debug)]
pub struct Exchange {
    /// The request being sent: the API call, then the poll of its result.
    request: HttpRequest,
    /// The tokens the call carries, masked in any error message.
    call_secrets: Vec<String>,
    /// Whether a reply status is retried (differs for the call and its polls).
    retryable: fn(u16) -> bool,
    /// Retries made of the current request.
    retry: u32,
    /// The ids for `X-Pangea-Retried-Request-Ids` on the next attempt.
    retried: RetriedIds,
    /// Set once a 202 reply is being polled.
    polling: Option<PollSchedule>,
}

impl Exchange {
    /// A call about to make its first attempt (the first step is [`Step::Send`]).
    pub fn new(call: Call, settings: &Settings<'_>) -> Self {
        let request = HttpRequest {
            method: Method::Post,
            url: join_url(settings.base_url, call.operation.path()),
            body: Some(call.body),
        };
        Self {
            request,
            call_secrets: call.secrets,
            retryable: is_retryable_post,
            retry: 0,
            retried: RetriedIds::default(),
            polling: None,
        }
    }

    /// The attempt to send now.
    pub fn attempt(&self, settings: &Settings<'_>) -> Attempt<'_> {
        Attempt {
            request: &self.request,
            retried_request_ids: self.retried.header_value(),
            timeout_ms: settings.config.request_timeout_ms,
        }
    }

    /// Reports a complete reply to the last attempt. `request_id_header` is
    /// asked for only when the reply is retried (reading it costs a crossing).
    pub fn replied<B: Envelope>(
        &mut self,
        settings: &Settings<'_>,
        http_status: u16,
        body: Result<B, BadBody>,
        request_id_header: impl FnOnce() -> Option<String>,
        clock: &impl Clock,
    ) -> Step<B> {
        if self.retry < settings.config.request_retries && (self.retryable)(http_status) {
            self.retried.record(request_id_header());
            let wait = backoff_ms(self.retry, clock.random());
            self.retry += 1;
            return Step::Wait(wait);
        }
        match body {
            Ok(body) => self.answered(settings, Answer { http_status, body }, clock),
            Err(bad) => Step::Done(Err(Error::from_bad_body(
                http_status,
                bad,
                &self.secrets(settings),
            ))),
        }
    }

    /// Reports an attempt that got no reply (timeout, network failure).
    pub fn failed<B>(&mut self, settings: &Settings<'_>, error: TransportError) -> Step<B> {
        let timeout_ms = settings.config.request_timeout_ms;
        Step::Done(Err(Error::from_transport(
            error,
            timeout_ms,
            &self.secrets(settings),
        )))
    }

    /// A final reply to the current request (no retry left or none needed).
    fn answered<B: Envelope>(
        &mut self,
        settings: &Settings<'_>,
        answer: Answer<B>,
        clock: &impl Clock,
    ) -> Step<B> {
        if answer.http_status != 202 {
            return finish(answer);
        }
        if self.polling.is_none() {
            if !settings.config.queued_retry_enabled || !self.start_polling(settings, &answer) {
                return finish(answer);
            }
            let deadline = settings.config.poll_result_timeout_ms;
            self.polling = Some(PollSchedule::new(clock.now_ms(), deadline));
        }
        let wait = self
            .polling
            .as_mut()
            .and_then(|schedule| schedule.next_wait(clock.now_ms()));
        match wait {
            Some(wait) => {
                // Each poll is a new request with its own retries.
                self.retry = 0;
                self.retried = RetriedIds::default();
                Step::Wait(wait)
            }
            None => finish(answer),
        }
    }

    /// Switches to polling `/request/<id>`; false when the reply has no usable
    /// request id (it is then returned as it is, `Accepted`).
    fn start_polling<B: Envelope>(&mut self, settings: &Settings<'_>, answer: &Answer<B>) -> bool {
        let Some(path) = answer.body.request_id().as_deref().and_then(poll_path) else {
            return false;
        };
        self.request = HttpRequest {
            method: Method::Get,
            url: join_url(settings.base_url, &path),
            body: None,
        };
        self.retryable = is_retryable_poll;
        true
    }

    fn secrets<'s>(&'s self, settings: &Settings<'s>) -> Vec<&'s str> {
        let call = self.call_secrets.iter().map(String::as_str);
        call.chain(settings.secrets.iter().copied()).collect()
    }
}

fn finish<B: Envelope>(answer: Answer<B>) -> Step<B> {
    Step::Done(
        match classify(answer.http_status, answer.body.status().as_deref()) {
            Outcome::Success => Ok(answer),
            Outcome::Failure(kind) => Err(Error::Api { kind, answer }),
        },
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::args::ObjectArg;
    use crate::errors::ErrorKind;
    use crate::session;

    /// A parsed envelope: its `status` and `request_id`.
    #[derive(Debug)]
    struct Body(&'static str, &'static str);

    impl Envelope for Body {
        fn status(&self) -> Option<String> {
            Some(self.0.to_owned())
        }
        fn request_id(&self) -> Option<String> {
            Some(self.1.to_owned())
        }
    }

    struct Fixed;

    impl Clock for Fixed {
        fn now_ms(&self) -> u64 {
            10_000
        }
        fn random(&self) -> f64 {
            0.0
        }
    }

    fn exchange(config: &Config) -> (Exchange, Settings<'_>) {
        let settings = Settings {
            config,
            base_url: "http://h",
            secrets: &["pts_secret"],
        };
        let call = session::list(ObjectArg::Undefined).unwrap();
        (Exchange::new(call, &settings), settings)
    }

    #[test]
    fn a_final_reply_never_reads_the_request_id_header() {
        let config = Config::default();
        let (mut ex, s) = exchange(&config);
        assert_eq!(ex.attempt(&s).request.url, "http://h/v2/session/list");
        let step = ex.replied(
            &s,
            200,
            Ok(Body("Success", "prq_1")),
            || unreachable!(),
            &Fixed,
        );
        assert!(matches!(step, Step::Done(Ok(ref a)) if a.http_status == 200));
    }

    #[test]
    fn a_retried_reply_waits_then_resends_with_its_id() {
        let config = Config::default();
        let (mut ex, s) = exchange(&config);
        let step = ex.replied(
            &s,
            503,
            Ok(Body("x", "prq_1")),
            || Some("prq_1".into()),
            &Fixed,
        );
        assert!(matches!(step, Step::Wait(500)));
        let attempt = ex.attempt(&s);
        assert_eq!(attempt.retried_request_ids, Some("prq_1"));
        assert_eq!(attempt.request.method, Method::Post);
    }

    #[test]
    fn an_accepted_reply_switches_to_polling_with_fresh_retries() {
        let config = Config::default();
        let (mut ex, s) = exchange(&config);
        ex.replied(
            &s,
            502,
            Ok(Body("x", "prq_0")),
            || Some("prq_0".into()),
            &Fixed,
        );
        let step = ex.replied(&s, 202, Ok(Body("Accepted", "prq_7")), || None, &Fixed);
        assert!(matches!(step, Step::Wait(1_000)));
        let attempt = ex.attempt(&s);
        assert_eq!(attempt.request.url, "http://h/request/prq_7");
        assert_eq!(attempt.request.method, Method::Get);
        assert_eq!(attempt.retried_request_ids, None);
    }

    #[test]
    fn a_transport_failure_ends_the_call_without_secrets() {
        let config = Config::default();
        let (mut ex, s) = exchange(&config);
        let error = TransportError::Network("refused pts_secret".into());
        let Step::Done(Err(error)) = ex.failed::<Body>(&s, error) else {
            panic!("not done");
        };
        assert_eq!(error.kind(), ErrorKind::NetworkError);
        assert!(!error.message().contains("pts_secret"));
    }
}
