// PangeaResponse as pangea-node-sdk 5.6.0 builds it: the envelope's keys copied
// over defaults, `success`, and the 202 move of `result` to `accepted_result`.
// `result` is the platform's JSON.parse output, untouched (no reviver).

/** A reply envelope. */
export class PangeaResponse {
  request_id = "InvalidPayloadReceived";
  request_time = "InvalidPayloadReceived";
  response_time = "InvalidPayloadReceived";
  status = "NoStatus";
  result = {};
  accepted_result;
  summary = "InvalidPayloadReceived";
  gotResponse;
  success;
  attachedFiles = [];

  constructor(body, httpStatus, gotResponse) {
    // Every key of the reply becomes an own property, as with Object.assign,
    // but defined rather than assigned: a reply key `__proto__` must not
    // replace this object's prototype (and with it toJSON() and instanceof).
    for (const key of Object.keys(body)) {
      Object.defineProperty(this, key, { value: body[key], writable: true, enumerable: true, configurable: true });
    }
    this.gotResponse = gotResponse;
    this.success = this.status === "Success";
    if (this.result == null) this.result = {};
    if (httpStatus === 202) {
      this.accepted_result = this.result;
      this.result = {};
    }
  }

  /** The raw body stream of the fetch `Response` (already consumed). */
  body() {
    return this.gotResponse?.body;
  }

  /** Pretty-printed JSON text of everything but `gotResponse` (a string, as in the SDK). */
  toJSON() {
    return JSON.stringify({ ...this, gotResponse: undefined }, null, "  ");
  }
}

/** The factory the Rust binding calls for every reply it hands back. */
export function makeResponse(body, httpStatus, gotResponse) {
  return new PangeaResponse(body, httpStatus, gotResponse);
}
