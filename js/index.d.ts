// Types of pangea-authn-wasm: the session API of pangea-node-sdk 5.6.0, with
// the fields the SDK's types miss (`identity`/`email` on a session, `count`).
// Results stay assignable to the SDK's types (tests/types/usage.ts assigns
// each method to the SDK's method type), so code typed against the SDK compiles.

/** Configuration of a service client (defaults as in pangea-node-sdk). */
export declare class PangeaConfig {
  /** Default `https://{SERVICE_NAME}.aws.us.pangea.cloud`. */
  baseUrlTemplate: string;
  /** Default `aws.us.pangea.cloud`; used when `baseUrlTemplate` is not given. */
  domain: string;
  /** Retries on HTTP 500/502/503/504 (POST) and 404 (polls). Default 3. */
  requestRetries: number;
  /** Per-attempt timeout in ms. Default Infinity: none, as in the SDK (whose 5000 is never enforced). */
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
  ttl_mins: number;
  retry_counter: number;
  /** The URL to poll: `<base>/request/<request_id>`. */
  location: string;
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
  /** The `result` of an HTTP 202 reply (`result` is then `{}`). */
  accepted_result?: AcceptedResult;
  success: boolean;
  /** The fetch `Response` (its body already read). */
  gotResponse?: Response;
  /** Always empty: AuthN replies carry no files. */
  attachedFiles: never[];
  constructor(body: object, httpStatus: number, gotResponse?: Response);
  body(): ReadableStream<Uint8Array> | null | undefined;
  /** Pretty-printed JSON text of the response without `gotResponse`. */
  toJSON(): string;
}

// Intelligence is typed as pangea-node-sdk declares it (every field present),
// so that results stay assignable to the SDK's types; the OpenAPI spec marks
// the fields optional, so check before reading them.
/** Intelligence about the login a token came from. */
export interface Intelligence {
  embargo: boolean;
  ip_intel: IPIntelligence;
  domain_intel: DomainIntelligence;
  user_intel: boolean;
}
export interface IPIntelligence {
  is_bad: boolean;
  is_vpn: boolean;
  is_proxy: boolean;
  reputation: Reputation;
  geolocation: Geolocation;
}
export interface DomainIntelligence {
  is_bad: boolean;
  reputation: Reputation;
}
export interface Reputation {
  category: string[];
  score: number;
  verdict: "malicious" | "suspicious" | "unknown" | "benign";
}
export interface Geolocation {
  country: string;
  city: string;
  latitude: number;
  longitude: number;
  postal_code: string;
  country_code: string;
}

/** Profile fields: strings by key. */
export type Profile = { [key: string]: string | undefined };

// The values of pangea-node-sdk's `AuthN.TokenType` enum. An enum of the same
// name and members is what keeps results assignable to the SDK's types; it is
// exported as a type only, since this package has no such runtime object.
// Compare with strings: `item.type === "session"`.
declare enum TokenType {
  USER = "user",
  SERVICE = "service",
  CLIENT = "client",
  SESSION = "session",
}
/** Token type: `"session"` for sessions and refresh tokens, `"user"` for user tokens. */
export type { TokenType };

/** A token without its secret. */
export interface SessionToken {
  id: string;
  type: TokenType;
  life: number;
  expire: string;
  identity: string;
  email: string;
  /** Required as in pangea-node-sdk's type (the service sends `[]` when there are none). */
  scopes: string[];
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

/** A session in a list (`AuthN.Session.Item` in pangea-node-sdk, plus `identity` and `email`). */
export interface SessionItem {
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

/** Filter of a session list: every key of the service's schema. Times are ISO-8601 strings. */
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
  /** Keys the service's schema knows but pangea-node-sdk's type does not. */
  username?: string;
  username__contains?: string[];
  username__in?: string[];
  enabled?: boolean;
  /** `profile_<field>` (equals), `profile_<field>__contains` (substrings), `profile_<field>__exists`. */
  [key: `profile_${string}`]: string | string[] | boolean | undefined;
}

/** Options of both list calls. */
export interface ListOptions {
  filter?: ListFilter;
  /** The `last` of the previous page's result. */
  last?: string;
  order?: ItemOrder;
  order_by?: SessionListOrderBy;
  /** An integer, at least 1. */
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
  sessions: SessionItem[];
  /** Present when more pages follow: pass it back as `last`. */
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
  type: "pangea_token" | (string & {});
  enabled: boolean;
  item_versions: { state: string; secret?: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

/**
 * The session types under the names pangea-node-sdk gives them
 * (`AuthN.Session.Item`, `AuthN.Client.Session.RefreshResult`, …), types only.
 */
export declare namespace AuthN {
  type TokenType = TokenType_;
  type Profile = Profile_;
  type Scopes = string[];
  type Intelligence = Intelligence_;
  type IPIntelligence = IPIntelligence_;
  type DomainIntelligence = DomainIntelligence_;
  type SessionToken = SessionToken_;
  type LoginToken = LoginToken_;
  namespace Session {
    type Item = SessionItem_;
    type ListFilter = ListFilter_;
    type ListRequest = ListRequest_;
    type ListResult = ListResult_;
  }
  namespace Client {
    namespace Session {
      interface InvalidateRequest {
        token: string;
        session_id: string;
      }
      type ListOptions = ListOptions_;
      interface ListRequest extends ListOptions_ {
        token: string;
      }
      type RefreshOptions = RefreshOptions_;
      interface RefreshRequest extends RefreshOptions_ {
        refresh_token: string;
      }
      type RefreshResult = RefreshResult_;
    }
  }
}
type TokenType_ = TokenType;
type Profile_ = Profile;
type Intelligence_ = Intelligence;
type IPIntelligence_ = IPIntelligence;
type DomainIntelligence_ = DomainIntelligence;
type SessionToken_ = SessionToken;
type LoginToken_ = LoginToken;
type SessionItem_ = SessionItem;
type ListFilter_ = ListFilter;
type ListRequest_ = ListRequest;
type ListResult_ = ListResult;
type ListOptions_ = ListOptions;
type RefreshOptions_ = RefreshOptions;
type RefreshResult_ = RefreshResult;

/** `authn.session`: calls made with a service token. */
export declare class Session {
  private constructor();
  /** `POST v2/session/invalidate` `{session_id}`. */
  invalidate(sessionID: string): Promise<PangeaResponse<EmptyResult>>;
  /** `POST v2/session/list` with `request` as the body. */
  list(request?: ListRequest): Promise<PangeaResponse<ListResult>>;
  /** `POST v2/session/logout` `{user_id}`: ends every session of the user. */
  logout(user_id: string): Promise<PangeaResponse<EmptyResult>>;
}

/** `authn.client.session`: calls made with a client token and the user's token. */
export declare class ClientSession {
  private constructor();
  /** `POST v2/client/session/invalidate` `{token, session_id}`. */
  invalidate(token: string, sessionID: string): Promise<PangeaResponse<EmptyResult>>;
  /** `POST v2/client/session/list` `{token, ...options}`. */
  list(token: string, options?: ListOptions): Promise<PangeaResponse<ListResult>>;
  /** `POST v2/client/session/logout` `{token}`. */
  logout(token: string): Promise<PangeaResponse<EmptyResult>>;
  /** `POST v2/client/session/refresh` `{refresh_token, user_token?}`; `options` may be omitted. */
  refresh(refreshToken: string, options?: RefreshOptions): Promise<PangeaResponse<RefreshResult>>;
}

/** The AuthN service with the session calls of pangea-node-sdk. */
export declare class AuthNService {
  constructor(token: string | VaultSecretToken, config?: PangeaConfig | Partial<PangeaConfig>);
  readonly session: Session;
  readonly client: { readonly session: ClientSession };
}

/** `WebAssembly.Module` where the platform's types declare it (the DOM lib does, @types/node does not). */
type WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: any) => infer M } } ? M : never;

/** Optional: load the .wasm from another URL or from bytes (browsers); a no-op in Node. */
export declare function initAsync(
  source?: string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WasmModule,
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
/** Type-side namespace so `PangeaErrors.APIError` etc. also work as types, as in the SDK. */
export declare namespace PangeaErrors {
  type ErrorField = ErrorField_;
  type PangeaError = PangeaError_;
  type ServiceTemporarilyUnavailable = ServiceTemporarilyUnavailable_;
  type TimeoutError = TimeoutError_;
  type NetworkError = NetworkError_;
  type InvalidResponseError = InvalidResponseError_;
  type APIError = APIError_;
  type ValidationError = ValidationError_;
  type RateLimitError = RateLimitError_;
  type NoCreditError = NoCreditError_;
  type UnauthorizedError = UnauthorizedError_;
  type ServiceNotEnabledError = ServiceNotEnabledError_;
  type MissingConfigID = MissingConfigID_;
  type ProviderError = ProviderError_;
  type InternalServerError = InternalServerError_;
  type AcceptedRequestException = AcceptedRequestException_;
  type ServiceNotAvailableError = ServiceNotAvailableError_;
  type InvalidPayloadReceived = InvalidPayloadReceived_;
  type ForbiddenVaultOperation = ForbiddenVaultOperation_;
  type NotFound = NotFound_;
}
type ErrorField_ = ErrorField;
type PangeaError_ = PangeaError;
type ServiceTemporarilyUnavailable_ = ServiceTemporarilyUnavailable;
type TimeoutError_ = TimeoutError;
type NetworkError_ = NetworkError;
type InvalidResponseError_ = InvalidResponseError;
type APIError_ = APIError;
type ValidationError_ = ValidationError;
type RateLimitError_ = RateLimitError;
type NoCreditError_ = NoCreditError;
type UnauthorizedError_ = UnauthorizedError;
type ServiceNotEnabledError_ = ServiceNotEnabledError;
type MissingConfigID_ = MissingConfigID;
type ProviderError_ = ProviderError;
type InternalServerError_ = InternalServerError;
type AcceptedRequestException_ = AcceptedRequestException;
type ServiceNotAvailableError_ = ServiceNotAvailableError;
type InvalidPayloadReceived_ = InvalidPayloadReceived;
type ForbiddenVaultOperation_ = ForbiddenVaultOperation;
type NotFound_ = NotFound;

// Only what is marked `export` above is public (the `_` aliases and the enum are not).
export {};
