// Compile-only test of pkg/index.d.ts (tsc -p tests/types; nothing runs):
// every method, option, result field and error class as a user writes them,
// and each method assigned to pangea-node-sdk's type of the same method, so
// code typed against the SDK accepts this package.
import {
  AuthNService as SdkAuthNService,
  PangeaResponse as SdkPangeaResponse,
  type AuthN as SdkAuthN,
} from "pangea-node-sdk";
import {
  APIError,
  AcceptedRequestException,
  AuthN,
  AuthNService,
  ClientSession,
  ForbiddenVaultOperation,
  InternalServerError,
  InvalidPayloadReceived,
  InvalidResponseError,
  MissingConfigID,
  NetworkError,
  NoCreditError,
  NotFound,
  PangeaConfig,
  PangeaError,
  PangeaErrors,
  PangeaResponse,
  ProviderError,
  RateLimitError,
  ServiceNotAvailableError,
  ServiceNotEnabledError,
  ServiceTemporarilyUnavailable,
  Session,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
  initAsync,
  type AcceptedResult,
  type EmptyResult,
  type ErrorField,
  type Intelligence,
  type ItemOrder,
  type ListFilter,
  type ListOptions,
  type ListRequest,
  type ListResult,
  type LoginToken,
  type Profile,
  type RefreshOptions,
  type RefreshResult,
  type SessionItem,
  type SessionListOrderBy,
  type SessionToken,
  type TokenType,
  type VaultSecretToken,
} from "pangea-authn-wasm";

/** Compile-time equality of two types. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T>(_value: T): void {}
function assertTrue<T extends true>(): void {}

// ---- Configuration and construction ----------------------------------------

const config = new PangeaConfig({
  baseUrlTemplate: "https://{SERVICE_NAME}.aws.us.pangea.cloud",
  domain: "aws.us.pangea.cloud",
  requestRetries: 3,
  requestTimeout: 5000,
  queuedRetryEnabled: true,
  queuedRetries: 4,
  pollResultTimeoutMs: 120000,
  customUserAgent: "my-app/1.0",
});
expectType<string>(config.baseUrlTemplate);
expectType<string>(config.domain);
expectType<number>(config.requestRetries);
expectType<number>(config.requestTimeout);
expectType<boolean>(config.queuedRetryEnabled);
expectType<number>(config.queuedRetries);
expectType<number>(config.pollResultTimeoutMs);
expectType<string>(config.customUserAgent);
new PangeaConfig();
new PangeaConfig({});
// @ts-expect-error requestRetries is a number
new PangeaConfig({ requestRetries: "3" });
// @ts-expect-error unknown option
new PangeaConfig({ retries: 3 });

const authn = new AuthNService("pts_token", config);
new AuthNService("pts_token");
new AuthNService("pts_token", { domain: "eu.pangea.cloud" });
const vault: VaultSecretToken = {
  type: "pangea_token",
  enabled: true,
  item_versions: [{ version: 1, state: "active", secret: "pts_token" }],
};
new AuthNService(vault, config);
// @ts-expect-error the token is a string or a Vault secret
new AuthNService(42);

const session: Session = authn.session;
const clientSession: ClientSession = authn.client.session;
void session;
void clientSession;

async function init(): Promise<void> {
  await initAsync();
  await initAsync("https://cdn.example.org/pangea_authn_wasm_bg.wasm");
  await initAsync(new URL("https://cdn.example.org/x.wasm"));
  await initAsync(new Uint8Array([0, 97, 115, 109]));
  await initAsync(new ArrayBuffer(8));
}
void init;

// ---- Every option -----------------------------------------------------------

const filter: ListFilter = {
  active_token_id: "pmt_a",
  active_token_id__contains: ["pmt_"],
  active_token_id__in: ["pmt_a", "pmt_b"],
  created_at: "2026-01-01T00:00:00Z",
  created_at__gt: "2026-01-01T00:00:00Z",
  created_at__gte: "2026-01-01T00:00:00Z",
  created_at__lt: "2027-01-01T00:00:00Z",
  created_at__lte: "2027-01-01T00:00:00Z",
  email: "joe@example.org",
  email__contains: ["@example.org"],
  email__in: ["joe@example.org"],
  expire: "2030-01-01T00:00:00Z",
  expire__gt: "2026-01-01T00:00:00Z",
  expire__gte: "2026-01-01T00:00:00Z",
  expire__lt: "2031-01-01T00:00:00Z",
  expire__lte: "2031-01-01T00:00:00Z",
  id: "pmt_a",
  id__contains: ["pmt_"],
  id__in: ["pmt_a"],
  identity: "pui_a",
  identity__contains: ["pui_"],
  identity__in: ["pui_a"],
  scopes: ["admin"],
  type: "session",
  type__contains: ["sess"],
  type__in: ["session"],
  username: "joe",
  username__contains: ["jo"],
  username__in: ["joe"],
  enabled: true,
  profile_first_name: "Joe",
  profile_department__contains: ["eng"],
  profile_country__exists: true,
};
// @ts-expect-error a misspelt filter key
const typo: ListFilter = { emial: "joe@example.org" };
// @ts-expect-error __in takes an array
const notArray: ListFilter = { email__in: "joe@example.org" };
void typo;
void notArray;

const order: ItemOrder = "desc";
const orderBy: SessionListOrderBy[] = ["id", "created_at", "type", "identity", "email", "expire", "active_token_id"];
const options: ListOptions = { filter, last: "Mjoy", order, order_by: "created_at", size: 20 };
const request: ListRequest = options;
// @ts-expect-error order is asc or desc
const badOrder: ListOptions = { order: "up" };
// @ts-expect-error not a sort field
const badOrderBy: ListOptions = { order_by: "name" };
// @ts-expect-error size is a number
const badSize: ListOptions = { size: "20" };
void orderBy;
void badOrder;
void badOrderBy;
void badSize;
const refreshOptions: RefreshOptions = { user_token: "ptu_u" };

// ---- The seven calls and every result field ---------------------------------

function useSessionToken(t: SessionToken): void {
  expectType<string>(t.id);
  expectType<TokenType>(t.type);
  expectType<number>(t.life);
  expectType<string>(t.expire);
  expectType<string>(t.identity);
  expectType<string>(t.email);
  expectType<string[]>(t.scopes);
  expectType<Profile>(t.profile);
  expectType<string | undefined>(t.profile["first_name"]);
  expectType<string>(t.created_at);
  expectType<Intelligence | undefined>(t.intelligence);
  if (t.intelligence) {
    expectType<boolean>(t.intelligence.embargo);
    expectType<boolean>(t.intelligence.user_intel);
    expectType<boolean>(t.intelligence.ip_intel.is_vpn);
    expectType<string>(t.intelligence.ip_intel.geolocation.country_code);
    expectType<"malicious" | "suspicious" | "unknown" | "benign">(t.intelligence.domain_intel.reputation.verdict);
  }
  expectType<boolean | undefined>(t.enabled);
  expectType<string[] | null | undefined>(t.audience);
  expectType<string | undefined>(t.client_id);
  expectType<{ [key: string]: unknown } | undefined>(t.claims);
  expectType<unknown>(t["not_declared_yet"]);
  // TokenType compares with plain strings.
  if (t.type === "user" || t.type === "session") expectType<string>(t.type);
}

function useLoginToken(t: LoginToken): void {
  expectType<string>(t.token);
  useSessionToken(t);
}

function useItem(s: SessionItem): void {
  expectType<string>(s.id);
  expectType<TokenType>(s.type);
  expectType<number>(s.life);
  expectType<string>(s.expire);
  expectType<string>(s.identity);
  expectType<string>(s.email);
  expectType<string[] | undefined>(s.scopes);
  expectType<Profile>(s.profile);
  expectType<string>(s.created_at);
  expectType<SessionToken | undefined>(s.active_token);
  if (s.active_token) useSessionToken(s.active_token);
}

function useEnvelope<T>(r: PangeaResponse<T>): T {
  expectType<string>(r.request_id);
  expectType<string>(r.request_time);
  expectType<string>(r.response_time);
  expectType<string>(r.status);
  expectType<string>(r.summary);
  expectType<boolean>(r.success);
  expectType<AcceptedResult | undefined>(r.accepted_result);
  expectType<Response | undefined>(r.gotResponse);
  expectType<string>(r.toJSON());
  return r.result;
}

async function calls(): Promise<void> {
  // Service token.
  const all = await authn.session.list(request);
  const page: ListResult = useEnvelope(all);
  page.sessions.forEach(useItem);
  expectType<string | undefined>(page.last);
  expectType<number | undefined>(page.count);
  assertTrue<Equals<typeof all, PangeaResponse<ListResult>>>();
  await authn.session.list();
  await authn.session.list({});
  await authn.session.list({ filter: { email: "joe@example.org" }, last: page.last ?? "", size: 1 });
  const invalidated = await authn.session.invalidate("pmt_s");
  expectType<EmptyResult>(invalidated.result);
  const loggedOut = await authn.session.logout("pui_u");
  expectType<EmptyResult>(loggedOut.result);

  // Client token + the user's token.
  const mine = await authn.client.session.list("ptu_u", options);
  mine.result.sessions.forEach(useItem);
  await authn.client.session.list("ptu_u");
  await authn.client.session.invalidate("ptu_u", "pmt_s");
  await authn.client.session.logout("ptu_u");
  const refreshed = await authn.client.session.refresh("ptr_r", refreshOptions);
  const tokens: RefreshResult = refreshed.result;
  useLoginToken(tokens.refresh_token);
  if (tokens.active_token) useLoginToken(tokens.active_token);
  await authn.client.session.refresh("ptr_r");
  await authn.client.session.refresh("ptr_r", {});

  // @ts-expect-error sessionID is required
  await authn.session.invalidate();
  // @ts-expect-error the token comes first
  await authn.client.session.list(options);
  // @ts-expect-error user_token is a string
  await authn.client.session.refresh("ptr_r", { user_token: 5 });
}
void calls;

// Exact types (expectType only checks assignability, which `any` would pass).
assertTrue<Equals<Awaited<ReturnType<Session["list"]>>, PangeaResponse<ListResult>>>();
assertTrue<Equals<Awaited<ReturnType<Session["invalidate"]>>, PangeaResponse<EmptyResult>>>();
assertTrue<Equals<Awaited<ReturnType<Session["logout"]>>, PangeaResponse<EmptyResult>>>();
assertTrue<Equals<Awaited<ReturnType<ClientSession["list"]>>, PangeaResponse<ListResult>>>();
assertTrue<Equals<Awaited<ReturnType<ClientSession["invalidate"]>>, PangeaResponse<EmptyResult>>>();
assertTrue<Equals<Awaited<ReturnType<ClientSession["logout"]>>, PangeaResponse<EmptyResult>>>();
assertTrue<Equals<Awaited<ReturnType<ClientSession["refresh"]>>, PangeaResponse<RefreshResult>>>();
assertTrue<Equals<Parameters<ClientSession["refresh"]>, [refreshToken: string, options?: RefreshOptions]>>();
assertTrue<Equals<SessionItem["identity"], string>>();
assertTrue<Equals<SessionItem["email"], string>>();
assertTrue<Equals<ListResult["sessions"], SessionItem[]>>();
assertTrue<Equals<ListResult["count"], number | undefined>>();
assertTrue<Equals<LoginToken["token"], string>>();
assertTrue<Equals<PangeaResponse<ListResult>["result"], ListResult>>();
assertTrue<Equals<InvalidResponseError["problem"], "empty" | "not_json" | "not_object">>();
assertTrue<Equals<AcceptedRequestException["accepted_result"], AcceptedResult | undefined>>();

// ---- Errors ------------------------------------------------------------------

function describeError(e: unknown): string {
  if (e instanceof TimeoutError) return `timeout ${e.timeoutMs}`;
  if (e instanceof NetworkError) return e.message;
  if (e instanceof InvalidResponseError) {
    const p: "empty" | "not_json" | "not_object" = e.problem;
    return `${e.status} ${e.excerpt} ${p}`;
  }
  if (e instanceof ServiceTemporarilyUnavailable) return `${e.body} ${e.response.status}`;
  if (e instanceof PangeaError) return e.message;
  if (e instanceof AcceptedRequestException) {
    expectType<string>(e.request_id);
    const accepted: AcceptedResult | undefined = e.accepted_result;
    return `${accepted?.location} ${accepted?.ttl_mins} ${accepted?.retry_counter}`;
  }
  if (e instanceof ValidationError) {
    const fields: ErrorField[] = e.errors;
    return fields.map((f) => `${f.source} ${f.code}: ${f.detail} ${f.path ?? ""}`).join("\n");
  }
  if (e instanceof ServiceNotEnabledError) {
    const asAvailable: ServiceNotAvailableError = e;
    return asAvailable.summary;
  }
  if (
    e instanceof RateLimitError ||
    e instanceof NoCreditError ||
    e instanceof UnauthorizedError ||
    e instanceof MissingConfigID ||
    e instanceof ProviderError ||
    e instanceof InternalServerError ||
    e instanceof ServiceNotAvailableError ||
    e instanceof InvalidPayloadReceived ||
    e instanceof ForbiddenVaultOperation ||
    e instanceof NotFound
  ) {
    return `${e.name} ${e.summary}`;
  }
  if (e instanceof APIError) {
    const r: PangeaResponse<any> = e.response;
    expectType<PangeaResponse<any>>(e.pangeaResponse);
    return `${r.status} ${e.summary} ${e.errors.length} ${e.toString()} ${e.message}`;
  }
  return String(e);
}
void describeError;

// The PangeaErrors namespace, as values and as types, as in the SDK.
function viaNamespace(e: unknown): void {
  if (e instanceof PangeaErrors.APIError) {
    const api: PangeaErrors.APIError = e;
    void api;
  }
  if (e instanceof PangeaErrors.ValidationError) {
    const fields: PangeaErrors.ErrorField[] = e.errors;
    void fields;
  }
  const all: [
    PangeaErrors.PangeaError,
    PangeaErrors.ServiceTemporarilyUnavailable,
    PangeaErrors.TimeoutError,
    PangeaErrors.NetworkError,
    PangeaErrors.InvalidResponseError,
    PangeaErrors.RateLimitError,
    PangeaErrors.NoCreditError,
    PangeaErrors.UnauthorizedError,
    PangeaErrors.ServiceNotEnabledError,
    PangeaErrors.MissingConfigID,
    PangeaErrors.ProviderError,
    PangeaErrors.InternalServerError,
    PangeaErrors.AcceptedRequestException,
    PangeaErrors.ServiceNotAvailableError,
    PangeaErrors.InvalidPayloadReceived,
    PangeaErrors.ForbiddenVaultOperation,
    PangeaErrors.NotFound,
  ] | undefined = undefined;
  void all;
  assertTrue<Equals<PangeaErrors.NotFound, NotFound>>();
  assertTrue<Equals<typeof PangeaErrors.NotFound, typeof NotFound>>();
}
void viaNamespace;

// ---- The SDK's names for the types (AuthN namespace, types only) -------------

function sdkNames(
  item: AuthN.Session.Item,
  listResult: AuthN.Session.ListResult,
  listRequest: AuthN.Session.ListRequest,
  listFilter: AuthN.Session.ListFilter,
  clientOptions: AuthN.Client.Session.ListOptions,
  clientRequest: AuthN.Client.Session.ListRequest,
  refreshOpts: AuthN.Client.Session.RefreshOptions,
  refreshRequest: AuthN.Client.Session.RefreshRequest,
  refreshResult: AuthN.Client.Session.RefreshResult,
  invalidateRequest: AuthN.Client.Session.InvalidateRequest,
  token: AuthN.SessionToken,
  login: AuthN.LoginToken,
  profile: AuthN.Profile,
  scopes: AuthN.Scopes,
  type: AuthN.TokenType,
): void {
  assertTrue<Equals<typeof item, SessionItem>>();
  assertTrue<Equals<typeof listResult, ListResult>>();
  assertTrue<Equals<typeof refreshResult, RefreshResult>>();
  expectType<string>(clientRequest.token);
  expectType<string>(refreshRequest.refresh_token);
  expectType<string>(invalidateRequest.session_id);
  void [listRequest, listFilter, clientOptions, refreshOpts, token, login, profile, scopes, type];
}
void sdkNames;

// ---- Drop-in: each of our methods where the SDK's method type is expected ----

const ours = new AuthNService("pts_token");
const sdkSessionList: SdkAuthNService["session"]["list"] = ours.session.list;
const sdkSessionInvalidate: SdkAuthNService["session"]["invalidate"] = ours.session.invalidate;
const sdkSessionLogout: SdkAuthNService["session"]["logout"] = ours.session.logout;
const sdkClientList: SdkAuthNService["client"]["session"]["list"] = ours.client.session.list;
const sdkClientInvalidate: SdkAuthNService["client"]["session"]["invalidate"] = ours.client.session.invalidate;
const sdkClientLogout: SdkAuthNService["client"]["session"]["logout"] = ours.client.session.logout;
const sdkClientRefresh: SdkAuthNService["client"]["session"]["refresh"] = ours.client.session.refresh;
void [sdkSessionList, sdkSessionInvalidate, sdkSessionLogout, sdkClientList, sdkClientInvalidate, sdkClientLogout, sdkClientRefresh];

// Results flow into code written against the SDK's types.
async function intoSdkCode(): Promise<void> {
  const listed: SdkPangeaResponse<SdkAuthN.Session.ListResult> = await ours.session.list();
  const items: SdkAuthN.Session.Item[] = (await ours.client.session.list("ptu_u")).result.sessions;
  const refreshed: SdkAuthN.Client.Session.RefreshResult = (await ours.client.session.refresh("ptr_r", {})).result;
  const login: SdkAuthN.LoginToken = refreshed.refresh_token;
  const token: SdkAuthN.SessionToken | undefined = items[0]?.active_token;
  void [listed, login, token];
}
void intoSdkCode;
