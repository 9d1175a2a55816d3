// A stand-in for the global `fetch` that answers at once with a canned body:
// no socket, no undici. With it, a loop measures only what a contender does
// around fetch (building the request, reading and parsing the reply, wrapping it).
import { cannedBodies } from "./replies.mjs";

export function installStubFetch(kind = "small") {
  const bodies = cannedBodies();
  const replies = Object.fromEntries(Object.entries(bodies).map(([k, b]) => [k, { buffer: b, text: b.toString("utf8") }]));
  const headerMap = new Map([["content-type", "application/json"], ["x-request-id", "prq_bench"]]);
  const headers = { get: (name) => headerMap.get(String(name).toLowerCase()) ?? null };
  const original = globalThis.fetch;
  globalThis.fetch = function stubFetch(url, _init) {
    // As bench/server.mjs: …/refresh gets a refresh result, else the `kind` list.
    const { buffer, text } = String(url).endsWith("/refresh") ? replies.refresh : replies[kind];
    return Promise.resolve({
      status: 200,
      ok: true,
      headers,
      body: null,
      text: () => Promise.resolve(text),
      arrayBuffer: () => Promise.resolve(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length)),
    });
  };
  return () => (globalThis.fetch = original);
}
