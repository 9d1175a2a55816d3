// The one place where the Rust core's stable error kinds (`ErrorKind::name`)
// become JavaScript errors, and the SDK's `PangeaErrors` namespace object.

import * as classes from "./errors.js";
import { PangeaResponse } from "./response.js";

const SERVICE = "authn";
const {
  PangeaError,
  TimeoutError,
  NetworkError,
  InvalidResponseError,
  ServiceTemporarilyUnavailable,
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
  APIError,
} = classes;

/** The SDK's namespace object: every class of errors.js. */
export const PangeaErrors = Object.freeze({ ...classes });

const BUILDERS = {
  TypeError: (message) => new TypeError(message),
  TimeoutError: (message, _r, d) => new TimeoutError(message, d.timeoutMs),
  NetworkError: (message) => new NetworkError(message),
  InvalidResponseError: (message, _r, d) => new InvalidResponseError(message, d),
  // The prototype's toJSON: a reply may carry a `toJSON` key of its own.
  ServiceTemporarilyUnavailable: (_m, r) => new ServiceTemporarilyUnavailable(PangeaResponse.prototype.toJSON.call(r), r),
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
