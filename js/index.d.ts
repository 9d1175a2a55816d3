// Types of pangea-authn-wasm: the session API of pangea-node-sdk 5.6.0, with
// the fields the SDK's types miss (`identity`/`email` on a session, `count`).

/** Configuration of a service client (defaults as in pangea-node-sdk). */
export declare class PangeaConfig {
  /** Default `https://{SERVICE_NAME}.aws.us.pangea.cloud`. */
  baseUrlTemplate: string;
  /** Default `aws.us.pangea.cloud`; used when `baseUrlTemplate` is not given. */
  domain: string;
  /** Retries on HTTP 500/502/503/504 (POST) and 404 (polls). Default 3. */
  requestRetries: number;
  /** Per-attempt timeout in ms (Infinity for none). Default 5000. */
  requestTimeout: number;
  /** Poll HTTP 202 replies until they complete. Default true. */
  queuedRetryEnabled: boolean;
  /** Kept for compatibility; unused, as in the SDK. Default 4. */
  queuedRetries: number;
  /** How long polling may last, in ms. Default 120000. */
  pollResultTimeoutMs: number;
  /** Appended to the User-Agent (Node and workers; browsers do not allow it). */
  customUserAgent: string;
  constructor(options?: Partial<PangeaConfig>);
}

/** A field error of a ValidationError reply. */
export interface ErrorField {
  code: string;
  detail: string;
  source: string;
  path?: string;
}

/** The result of an HTTP 202 reply. */
export interface AcceptedResult {
  ttl_mins?: number;
  retry_counter?: number;
  location?: string;
  [key: string]: unknown;
}

/** A reply envelope. `result` is exactly the parsed JSON of the reply's result. */
export declare class PangeaResponse<T = unknown> {
  request_id: string;
  request_time: string;
  response_time: string;
  status: string;
  summary: string;
  result: T;
  accepted_result?: AcceptedResult;
  success: boolean;
  gotResponse?: Response;
  attachedFiles: unknown[];
  constructor(body: object, httpStatus: number, gotResponse?: Response);
  body(): ReadableStream<Uint8Array> | null | undefined;
  /** Pretty-printed JSON text of the response without `gotResponse`. */
  toJSON(): string;
}

/** Time intelligence fields may be present on tokens. */
export interface Intelligence {
  embargo?: boolean;
  ip_intel?: { is_bad?: boolean; is_vpn?: boolean; is_proxy?: boolean; reputation?: Reputation; geolocation?: Geolocation };
  domain_intel?: { is_bad?: boolean; reputation?: Reputation };
  user_intel?: boolean;
}
export interface Reputation {
  category?: string[];
  score?: number;
  verdict?: "malicious" | "suspicious" | "unknown" | "benign" | string;
}
export interface Geolocation {
  country?: string;
  city?: string;
  postal_code?: string;
  country_code?: string;
  latitude?: number;
  longitude?: number;
}

/** Profile fields: strings by key. */
export type Profile = { [key: string]: string | undefined };

/** Token type; unknown values may appear. */
export type TokenType = "client" | "service" | "service_account" | "service_account_client" | "service_account_pangea" | "session" | "user" | (string & {});

/** A token without its secret. */
export interface SessionToken {
  id: string;
  type: TokenType;
  life: number;
  expire: string;
  identity: string;
  email: string;
  scopes?: string[];
  profile: Profile;
  created_at: string;
  intelligence?: Intelligence;
  enabled?: boolean;
  audience?: string[] | null;
  client_id?: string;
  claims?: { [key: string]: unknown };
  [key: string]: unknown;
}

/** A token with its secret value in `token`. */
export interface LoginToken extends SessionToken {
  token: string;
}

/** A session in a list. */
export interface Session {
  id: string;
  type: TokenType;
  life: number;
  expire: string;
  identity: string;
  email: string;
  scopes?: string[];
  profile: Profile;
  created_at: string;
  active_token?: SessionToken;
  [key: string]: unknown;
}

/** Sort direction. */
export type ItemOrder = "asc" | "desc";
/** Sort field. */
export type SessionListOrderBy = "id" | "created_at" | "type" | "identity" | "email" | "expire" | "active_token_id";

/** Filter of a session list: every operator key. */
export interface ListFilter {
  active_token_id?: string;
  active_token_id__contains?: string[];
  active_token_id__in?: string[];
  created_at?: string;
  created_at__gt?: string;
  created_at__gte?: string;
  created_at__lt?: string;
  created_at__lte?: string;
  email?: string;
  email__contains?: string[];
  email__in?: string[];
  expire?: string;
  expire__gt?: string;
  expire__gte?: string;
  expire__lt?: string;
  expire__lte?: string;
  id?: string;
  id__contains?: string[];
  id__in?: string[];
  identity?: string;
  identity__contains?: string[];
  identity__in?: string[];
  scopes?: string[];
  type?: string;
  type__contains?: string[];
  type__in?: string[];
  [key: string]: unknown;
}

/** Options of both list calls. */
export interface ListOptions {
  filter?: ListFilter | object;
  last?: string;
  order?: ItemOrder;
  order_by?: SessionListOrderBy;
  /** At least 1. */
  size?: number;
}
/** `session.list` request (same as ListOptions). */
export type ListRequest = ListOptions;

/** Options of `client.session.refresh`. */
export interface RefreshOptions {
  user_token?: string;
}

/** Result of both list calls. */
export interface ListResult {
  sessions: Session[];
  last?: string;
  /** Matching sessions in all (service list). */
  count?: number;
  [key: string]: unknown;
}

/** Result of `client.session.refresh`. */
export interface RefreshResult {
  refresh_token: LoginToken;
  active_token?: LoginToken;
  [key: string]: unknown;
}

/** The empty result of invalidate and logout. */
export type EmptyResult = {};

/** A Vault secret holding a Pangea token. */
export interface VaultSecretToken {
  type: "pangea_token" | string;
  enabled: boolean;
  item_versions: { state: string; secret?: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** `authn.session`: calls made with a service token. */
export declare class Session {
  private constructor();
  invalidate(sessionID: string): Promise<PangeaResponse<{}>>;
  list(request?: ListRequest): Promise<PangeaResponse<ListResult>>;
  logout(user_id: string): Promise<PangeaResponse<{}>>;
}

/** `authn.client.session`: calls made with a client token and the user's token. */
export declare class ClientSession {
  private constructor();
  invalidate(token: string, sessionID: string): Promise<PangeaResponse<{}>>;
  list(token: string, options?: ListOptions): Promise<PangeaResponse<ListResult>>;
  logout(token: string): Promise<PangeaResponse<{}>>;
  refresh(refreshToken: string, options?: RefreshOptions): Promise<PangeaResponse<RefreshResult>>;
}

/** The AuthN service with the session calls of pangea-node-sdk. */
export declare class AuthNService {
  constructor(token: string | VaultSecretToken, config?: PangeaConfig | Partial<PangeaConfig>);
  readonly session: Session;
  readonly client: { readonly session: ClientSession };
}

/** Optional: load the .wasm from another URL or from bytes (browsers); a no-op in Node. */
export declare function initAsync(
  source?: string | URL | Request | Response | BufferSource | WebAssembly.Module,
): Promise<void>;

export declare class PangeaError extends Error {
  constructor(message: string);
}
export declare class ServiceTemporarilyUnavailable extends PangeaError {
  body: string;
  response: PangeaResponse;
  constructor(body: string, response: PangeaResponse);
}
/** An attempt outlived `requestTimeout`. */
export declare class TimeoutError extends PangeaError {
  timeoutMs: number;
  constructor(message: string, timeoutMs: number);
}
/** `fetch` failed before any reply. */
export declare class NetworkError extends PangeaError {
  constructor(message: string);
}
/** The reply body is not a JSON object. */
export declare class InvalidResponseError extends PangeaError {
  status: number;
  excerpt: string;
  problem: "empty" | "not_json" | "not_object";
  constructor(message: string, details: { status: number; excerpt: string; problem: string });
}
export declare class APIError extends Error {
  response: PangeaResponse<any>;
  constructor(message: string, response: PangeaResponse<any>);
  get pangeaResponse(): PangeaResponse<any>;
  get summary(): string;
  get errors(): ErrorField[];
  toString(): string;
}
export declare class ValidationError extends APIError {}
export declare class RateLimitError extends APIError {}
export declare class NoCreditError extends APIError {}
export declare class UnauthorizedError extends APIError {
  constructor(serviceName: string, response: PangeaResponse<any>);
}
export declare class ServiceNotAvailableError extends APIError {}
export declare class ServiceNotEnabledError extends ServiceNotAvailableError {
  constructor(serviceName: string, response: PangeaResponse<any>);
}
export declare class MissingConfigID extends APIError {
  constructor(serviceName: string, response: PangeaResponse<any>);
}
export declare class ProviderError extends APIError {}
export declare class InternalServerError extends APIError {
  constructor(response: PangeaResponse<any>);
}
export declare class AcceptedRequestException extends APIError {
  request_id: string;
  accepted_result?: AcceptedResult;
  constructor(response: PangeaResponse<any>);
}
export declare class InvalidPayloadReceived extends APIError {}
export declare class ForbiddenVaultOperation extends APIError {}
export declare class NotFound extends APIError {
  constructor(url: string, response: PangeaResponse<any>);
}

/** The error classes, as the SDK's `PangeaErrors` namespace. */
export declare const PangeaErrors: {
  readonly PangeaError: typeof PangeaError;
  readonly ServiceTemporarilyUnavailable: typeof ServiceTemporarilyUnavailable;
  readonly TimeoutError: typeof TimeoutError;
  readonly NetworkError: typeof NetworkError;
  readonly InvalidResponseError: typeof InvalidResponseError;
  readonly APIError: typeof APIError;
  readonly ValidationError: typeof ValidationError;
  readonly RateLimitError: typeof RateLimitError;
  readonly NoCreditError: typeof NoCreditError;
  readonly UnauthorizedError: typeof UnauthorizedError;
  readonly ServiceNotEnabledError: typeof ServiceNotEnabledError;
  readonly MissingConfigID: typeof MissingConfigID;
  readonly ProviderError: typeof ProviderError;
  readonly InternalServerError: typeof InternalServerError;
  readonly AcceptedRequestException: typeof AcceptedRequestException;
  readonly ServiceNotAvailableError: typeof ServiceNotAvailableError;
  readonly InvalidPayloadReceived: typeof InvalidPayloadReceived;
  readonly ForbiddenVaultOperation: typeof ForbiddenVaultOperation;
  readonly NotFound: typeof NotFound;
};
/** Type-side namespace so `PangeaErrors.APIError` also works as a type. */
export declare namespace PangeaErrors {
  type PangeaError = import("./index.js").PangeaError;
  type APIError = import("./index.js").APIError;
  type ValidationError = import("./index.js").ValidationError;
  type UnauthorizedError = import("./index.js").UnauthorizedError;
  type TimeoutError = import("./index.js").TimeoutError;
  type NetworkError = import("./index.js").NetworkError;
  type InvalidResponseError = import("./index.js").InvalidResponseError;
  type AcceptedRequestException = import("./index.js").AcceptedRequestException;
}
