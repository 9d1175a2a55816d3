// The PangeaErrors class tree of pangea-node-sdk 5.6.0 (same names, same
// messages, same properties), plus three transport classes of our own. Rust
// reports a stable kind; `makeError` is the one place that maps it to a class.

const SERVICE = "authn";

function report(response) {
  let text = `Summary: ${response.summary}\n`;
  text += `status: ${response.status}\n`;
  text += `request_id: ${response.request_id}\n`;
  text += `request_time: ${response.request_time}\n`;
  text += `response_time: ${response.response_time}\n`;
  for (const e of response.result?.errors || []) text += `\t${e.source} ${e.code}: ${e.detail}\n`;
  return text;
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
    super(`${message}\n${JSON.stringify(report(response), null, 2)}`);
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

/** The SDK's namespace object. */
export const PangeaErrors = Object.freeze({
  PangeaError,
  ServiceTemporarilyUnavailable,
  TimeoutError,
  NetworkError,
  InvalidResponseError,
  APIError,
  ValidationError,
  RateLimitError,
  NoCreditError,
  UnauthorizedError,
  ServiceNotEnabledError,
  MissingConfigID,
  ProviderError,
  InternalServerError,
  AcceptedRequestException,
  ServiceNotAvailableError,
  InvalidPayloadReceived,
  ForbiddenVaultOperation,
  NotFound,
});

const BUILDERS = {
  TypeError: (message) => new TypeError(message),
  TimeoutError: (message, _r, d) => new TimeoutError(message, d.timeoutMs),
  NetworkError: (message) => new NetworkError(message),
  InvalidResponseError: (message, _r, d) => new InvalidResponseError(message, d),
  ServiceTemporarilyUnavailable: (_m, r) => new ServiceTemporarilyUnavailable(r.toJSON(), r),
  ValidationError: (_m, r) => new ValidationError(r.summary, r),
  RateLimitError: (_m, r) => new RateLimitError(r.summary, r),
  NoCreditError: (_m, r) => new NoCreditError(r.summary, r),
  UnauthorizedError: (_m, r) => new UnauthorizedError(SERVICE, r),
  ServiceNotEnabledError: (_m, r) => new ServiceNotEnabledError(SERVICE, r),
  MissingConfigID: (_m, r) => new MissingConfigID(SERVICE, r),
  ProviderError: (_m, r) => new ProviderError(r.summary, r),
  InternalServerError: (_m, r) => new InternalServerError(r),
  AcceptedRequestException: (_m, r) => new AcceptedRequestException(r),
  ServiceNotAvailableError: (_m, r) => new ServiceNotAvailableError(SERVICE, r),
  InvalidPayloadReceived: (_m, r) => new InvalidPayloadReceived(r.summary, r),
  ForbiddenVaultOperation: (_m, r) => new ForbiddenVaultOperation(r.summary, r),
  NotFound: (_m, r) => new NotFound(r.gotResponse?.url ?? "", r),
  APIError: (_m, r) => new APIError(r.status, r),
};

/** Builds the error for a kind reported by the Rust core. */
export function makeError(kind, message, response, details) {
  const build = BUILDERS[kind] ?? ((m) => new PangeaError(`${kind}: ${m}`));
  return build(message, response, details);
}
