// The PangeaErrors class tree of pangea-node-sdk 5.6.0 (same names, same
// messages, same properties), plus three transport classes of our own. This
// module exports the classes and nothing else: the entries re-export all of it.
// `error-map.js` maps the Rust core's error kinds to these classes.

// Token-shaped words, masked in the texts an error prints (message,
// toString()) as the Rust core masks them in excerpts: a server that echoes a
// token in a summary or an error detail must not put it in a log line. The
// parsed reply itself (`response`) is left exactly as received.
const TOKEN_SHAPE = /(pts_|pcl_|ptu_|ptr_|pti_|psa_)[A-Za-z0-9._-]{8,}|eyJ[A-Za-z0-9._-]{8,}/g;
const mask = (text) => String(text).replace(TOKEN_SHAPE, (_, prefix) => `${prefix ?? ""}***`);

function report(response) {
  let text = `Summary: ${response.summary}\n`;
  text += `status: ${response.status}\n`;
  text += `request_id: ${response.request_id}\n`;
  text += `request_time: ${response.request_time}\n`;
  text += `response_time: ${response.response_time}\n`;
  // Whatever the reply holds: a non-array `errors` or non-object items must
  // not make building the error throw (the caller would get a TypeError).
  const errors = response.result?.errors;
  for (const e of Array.isArray(errors) ? errors : []) text += `\t${e?.source} ${e?.code}: ${e?.detail}\n`;
  return mask(text);
}

/** Base of the non-API errors (`name` is "PangeaGeneralError", as in the SDK). */
export class PangeaError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "PangeaGeneralError";
  }
}

/** HTTP 503 after the last retry. */
export class ServiceTemporarilyUnavailable extends PangeaError {
  constructor(body, response) {
    super("Service temporarily unavailable");
    this.name = "ServiceTemporarilyUnavailable";
    this.body = body;
    this.response = response;
  }
}

/** An attempt outlived `requestTimeout` (the SDK never times out). */
export class TimeoutError extends PangeaError {
  constructor(message, timeoutMs) {
    super(message);
    this.name = "TimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/** `fetch` failed before any reply (the SDK lets fetch's TypeError through). */
export class NetworkError extends PangeaError {
  constructor(message) {
    super(message);
    this.name = "NetworkError";
  }
}

/** A reply whose body is not a JSON object (the SDK throws a bare SyntaxError). */
export class InvalidResponseError extends PangeaError {
  constructor(message, details) {
    super(message);
    this.name = "InvalidResponseError";
    this.status = details.status;
    this.excerpt = details.excerpt;
    this.problem = details.problem;
  }
}

/** A reply whose status is not `Success` (`name` "PangeanAPIError", sic, as in the SDK). */
export class APIError extends Error {
  constructor(message, response) {
    super(`${mask(message)}\n${JSON.stringify(report(response), null, 2)}`);
    this.name = "PangeanAPIError";
    this.response = response;
  }
  get pangeaResponse() {
    return this.response;
  }
  get summary() {
    return this.response.summary;
  }
  get errors() {
    return this.response.result?.errors || [];
  }
  toString() {
    return report(this.response);
  }
}

function apiClass(name) {
  // One small subclass per status; the SDK's constructors take (message, response).
  const cls = { [name]: class extends APIError {
    constructor(message, response) {
      super(message, response);
      this.name = name;
    }
  } }[name];
  return cls;
}

export const ValidationError = apiClass("ValidationError");
export const RateLimitError = apiClass("RateLimitError");
export const NoCreditError = apiClass("NoCreditError");
export const ProviderError = apiClass("ProviderError");
export const InvalidPayloadReceived = apiClass("InvalidPayloadReceived");
export const ForbiddenVaultOperation = apiClass("ForbiddenVaultOperation");
export const ServiceNotAvailableError = apiClass("ServiceNotAvailableError");

export class UnauthorizedError extends APIError {
  constructor(serviceName, response) {
    super(`User is not authorized to access service ${serviceName}`, response);
    this.name = "UnauthorizedError";
  }
}

/** Status `ServiceNotEnabled`: a subclass of the SDK's choice, ServiceNotAvailableError. */
export class ServiceNotEnabledError extends ServiceNotAvailableError {
  constructor(serviceName, response) {
    super(`${serviceName} is not enabled. Go to console.pangea.cloud/service/{service_name} to enable`, response);
    this.name = "ServiceNotEnabledError";
  }
}

export class MissingConfigID extends APIError {
  constructor(serviceName, response) {
    super(
      `Token did not contain a config scope for service ${serviceName}. Create a new token or provide a config ID explicitly in the service base`,
      response,
    );
    this.name = "MissingConfigID";
  }
}

export class InternalServerError extends APIError {
  constructor(response) {
    const r = response;
    super(`summary: ${r.summary}. request_id: ${r.request_id}. request_time: ${r.request_time}. response_time: ${r.response_time}`, r);
    this.name = "InternalServerError";
  }
}

/** Still `Accepted` when polling ended; `accepted_result` holds the accepted result. */
export class AcceptedRequestException extends APIError {
  constructor(response) {
    super(`summary: ${response.summary}. request_id: ${response.request_id}.`, response);
    this.name = "AcceptedRequestException";
    this.request_id = response.request_id;
    this.accepted_result = response.accepted_result ?? response.result;
  }
}

export class NotFound extends APIError {
  constructor(url, response) {
    super(`Resource ${url} not found`, response);
    this.name = "NotFound";
  }
}
