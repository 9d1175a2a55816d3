// Compile-only: pkg/index.d.ts in a browser project (DOM lib, no @types/node).
import { AuthNService, PangeaConfig, PangeaErrors, initAsync, type ListResult, type PangeaResponse } from "pangea-authn-wasm";

declare const wasmModule: WebAssembly.Module;

async function main(userToken: string): Promise<number> {
  await initAsync(new URL("./pangea_authn_wasm_bg.wasm", location.href));
  await initAsync(await fetch("/pangea_authn_wasm_bg.wasm"));
  await initAsync(wasmModule);
  const authn = new AuthNService("pcl_client", new PangeaConfig({ domain: "aws.us.pangea.cloud", requestTimeout: 10_000 }));
  try {
    const r: PangeaResponse<ListResult> = await authn.client.session.list(userToken, { order_by: "created_at", order: "desc", size: 10 });
    const stream: ReadableStream<Uint8Array> | null | undefined = r.body();
    void stream;
    const response: Response | undefined = r.gotResponse;
    void response;
    await authn.client.session.refresh("ptr_r", { user_token: userToken });
    await authn.client.session.logout(userToken);
    return r.result.sessions.length;
  } catch (e) {
    if (e instanceof PangeaErrors.TimeoutError) return -e.timeoutMs;
    if (e instanceof PangeaErrors.APIError) return e.errors.length;
    throw e;
  }
}
void main;
