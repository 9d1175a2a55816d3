// The calls every packaging fixture makes, given the package's exports and the
// emulator's coordinates. Returns plain JSON the test asserts on. It takes the
// module as an argument so each fixture proves its own way of importing it.

/** Reads { url, service, client, user } from a query string. */
export function paramsFrom(search) {
  const q = new URLSearchParams(search);
  return { url: q.get("url"), serviceToken: q.get("service"), clientToken: q.get("client"), userToken: q.get("user") };
}

export async function runCalls(pkg, { url, serviceToken, clientToken, userToken }) {
  const { AuthNService, PangeaConfig, PangeaErrors, PangeaResponse } = pkg;
  const config = new PangeaConfig({ baseUrlTemplate: url, requestRetries: 0 });
  const out = {};

  const service = new AuthNService(serviceToken, config);
  const list = await service.session.list({ size: 2 });
  out.serviceList = {
    status: list.status,
    success: list.success,
    count: list.result.count,
    sessions: list.result.sessions.length,
    hasLast: typeof list.result.last === "string",
    isPangeaResponse: list instanceof PangeaResponse,
  };

  const client = new AuthNService(clientToken, config);
  const mine = await client.client.session.list(userToken);
  out.clientList = {
    status: mine.status,
    success: mine.success,
    sessions: mine.result.sessions.length,
    ids: mine.result.sessions.map((s) => s.id),
  };

  try {
    await new AuthNService("pts_notarealtoken", config).session.list({ size: 1 });
    out.badToken = { thrown: false };
  } catch (e) {
    out.badToken = {
      thrown: true,
      name: e?.name,
      unauthorized: e instanceof PangeaErrors.UnauthorizedError,
      apiError: e instanceof PangeaErrors.APIError,
      status: e?.response?.status,
    };
  }
  return out;
}

/** Browser pages: runs the calls and reports through the DOM (body[data-state], #out). */
export async function report(promise) {
  const out = document.getElementById("out");
  try {
    const result = await promise;
    out.textContent = JSON.stringify(result, null, 2);
    document.body.dataset.state = "done";
  } catch (e) {
    out.textContent = JSON.stringify({ error: String(e?.stack ?? e) });
    document.body.dataset.state = "error";
  }
}
