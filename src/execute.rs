//! The native driver of an [`Exchange`]: an async loop over the [`Transport`]
//! and [`Runtime`] seams. Native tests run every call through it under a fake
//! clock; the wasm binding drives the same exchange from a JavaScript loop.

use crate::errors::{Answer, Error};
use crate::exchange::{Exchange, Settings, Step};
use crate::runtime::Runtime;
use crate::session::Call;
use crate::transport::Transport;

/// What one call needs besides the call itself.
pub struct Context<'a, T, R> {
    /// Sends attempts.
    pub transport: &'a T,
    /// Clock, sleep and jitter.
    pub runtime: &'a R,
    /// The client's configuration, base URL and secrets.
    pub settings: Settings<'a>,
}

impl<T: Transport, R: Runtime> Context<'_, T, R> {
    /// Runs `call` to its end: the successful answer, or the error.
    pub async fn execute(&self, call: Call) -> Result<Answer<T::Body>, Error<T::Body>> {
        let settings = &self.settings;
        let mut exchange = Exchange::new(call, settings);
        let mut step = Step::Send;
        loop {
            step = match step {
                Step::Done(outcome) => return outcome,
                Step::Wait(ms) => {
                    self.runtime.sleep(ms).await;
                    Step::Send
                }
                Step::Send => match self.transport.send(exchange.attempt(settings)).await {
                    Ok(reply) => exchange.replied(
                        settings,
                        reply.http_status,
                        reply.body,
                        || reply.request_id_header,
                        self.runtime,
                    ),
                    Err(error) => exchange.failed(settings, error),
                },
            };
        }
    }
}
