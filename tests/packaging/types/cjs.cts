// A Node CommonJS consumer (moduleResolution node16: the "node" + "require" conditions).
import { AuthNService, PangeaConfig, PangeaErrors, PangeaResponse, type ListResult } from "pangea-authn-wasm";
import pkg = require("pangea-authn-wasm");
import manifest = require("pangea-authn-wasm/package.json");

export const Same: typeof AuthNService = pkg.AuthNService;
export const version: string = manifest.version;

const authn = new AuthNService("pts_x", new PangeaConfig({ baseUrlTemplate: "http://127.0.0.1:1", requestRetries: 0 }));

export async function use(): Promise<number> {
  const list: PangeaResponse<ListResult> = await authn.session.list({ size: 2, order: "desc", order_by: "created_at", filter: { email__contains: ["a"] } });
  const count: number | undefined = list.result.count;
  const ids: string[] = list.result.sessions.map((s) => s.id);
  const refreshed = await authn.client.session.refresh("ptr_x", { user_token: "ptu_x" });
  const token: string = refreshed.result.refresh_token.token;
  await authn.client.session.invalidate("ptu_x", ids[0] ?? "pmt_x");
  await authn.client.session.logout("ptu_x");
  await authn.session.logout("pui_x");
  await authn.session.invalidate("pmt_x");
  // @ts-expect-error a session id is a string
  await authn.session.invalidate(42);
  // @ts-expect-error requestRetries is a number
  new PangeaConfig({ requestRetries: "3" });
  try {
    await authn.client.session.list("ptu_x");
  } catch (e) {
    if (e instanceof PangeaErrors.UnauthorizedError) return e.response.status.length;
    if (e instanceof PangeaErrors.APIError) {
      const typed: PangeaErrors.APIError = e;
      return typed.errors.length;
    }
  }
  return (count ?? 0) + token.length;
}
