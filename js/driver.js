// The I/O loop of one call. The wasm Client decides every step (what to send,
// whether and how long to wait, what a reply means); this loop only performs
// the steps with the platform's fetch, AbortController and timers.
//
// It is JavaScript because awaiting JS promises from Rust costs more than all
// the rest of the package per call (measured: wasm-bindgen's future_to_promise
// and a JsFuture with closures and a FinalizationRegistry entry per await).
// Steps come back as one number: negative when the call is over, otherwise the
// milliseconds to wait before the next attempt (0: send now).

const abort = (controller) => controller.abort();
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one call on `client`: `start(client)` checks the arguments (throwing
 * their error, which becomes the rejection) and returns the call's number.
 * Resolves with the PangeaResponse, rejects with the error.
 */
export async function drive(client, start) {
  const id = start(client);
  const ms = client.timeout_ms;
  try {
    for (let step = 0; step >= 0; ) {
      if (step > 0) await wait(step);
      let controller, timer;
      if (ms > 0) {
        controller = new AbortController();
        timer = setTimeout(abort, ms, controller);
      }
      let response, text;
      try {
        response = await fetch(client.url(id), client.init(id, controller?.signal));
        text = await response.text();
      } catch (error) {
        step = client.failed(id, error);
        continue;
      } finally {
        // Also frees the Node event loop, which a pending timer keeps alive.
        clearTimeout(timer);
      }
      step = client.replied(id, response, text);
    }
  } catch (error) {
    // Only a broken platform gets here; do not keep the call's memory.
    client.abandon(id);
    throw error;
  }
  return client.finish(id);
}
