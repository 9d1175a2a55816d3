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
    // Every key of the reply becomes an own property, with Object.assign as in
    // the SDK; but a reply key `__proto__` must not replace this object's
    // prototype (and with it toJSON() and instanceof), so such a reply's keys
    // are defined one by one instead (several times slower: not the default).
    if (Object.hasOwn(body, "__proto__")) defineEach(this, body);
    else Object.assign(this, body);
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

function defineEach(target, source) {
  for (const key of Object.keys(source)) {
    Object.defineProperty(target, key, { value: source[key], writable: true, enumerable: true, configurable: true });
  }
}

/** The factory the Rust binding calls for every reply it hands back. */
export function makeResponse(body, httpStatus, gotResponse) {
  return new PangeaResponse(body, httpStatus, gotResponse);
}
