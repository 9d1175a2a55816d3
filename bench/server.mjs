#!/usr/bin/env node
// The fixed-reply API server of the benchmark, run in its own process so that it
// is never the bottleneck of the process being measured, and every contender
// gets byte-identical replies.
//
//   node bench/server.mjs [--port N]    → prints {"url": "http://127.0.0.1:N"} on stdout
//
// Routes (any prefix, chosen by path so a client's baseUrlTemplate picks one):
//   …/refresh                     → a client.session.refresh result
//   /large/…                      → a session.list result with 1,000 sessions (~1 MB)
//   anything else                 → a session.list result with 2 sessions
//   OPTIONS *                     → CORS preflight (cached for 2 h)
//   /probe…/…                     → as above, and the request is recorded
//   GET /_bench/requests          → the recorded probe requests
//   GET /_bench/stats             → {preflights, requests} served so far
// Every reply has Access-Control-Allow-Origin: * so a page on another origin can call it.
import { createServer } from "node:http";
import { cannedBodies } from "./lib/replies.mjs";

const bodies = cannedBodies();
const recorded = [];
const stats = { preflights: 0, requests: 0 };

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "x-request-id",
};
const PREFLIGHT = {
  ...CORS,
  "access-control-allow-methods": "GET, POST",
  "access-control-allow-headers": "authorization, content-type, user-agent, x-pangea-retried-request-ids",
  "access-control-max-age": "7200",
  "content-length": "0",
};

function headersFor(body) {
  return { ...CORS, "content-type": "application/json", "x-request-id": "prq_bench", "content-length": String(body.length) };
}
const replies = Object.fromEntries(Object.entries(bodies).map(([k, body]) => [k, { body, headers: headersFor(body) }]));

function choose(path) {
  if (path.endsWith("/refresh")) return replies.refresh;
  if (path.startsWith("/large/") || path.includes("/large/")) return replies.large;
  return replies.small;
}

const server = createServer((req, res) => {
  if (req.method === "OPTIONS") {
    stats.preflights++;
    res.writeHead(204, PREFLIGHT);
    res.end();
    return;
  }
  const url = req.url;
  if (url === "/_bench/requests") {
    const body = Buffer.from(JSON.stringify(recorded));
    res.writeHead(200, headersFor(body));
    res.end(body);
    return;
  }
  if (url === "/_bench/stats") {
    const body = Buffer.from(JSON.stringify(stats));
    res.writeHead(200, headersFor(body));
    res.end(body);
    return;
  }
  stats.requests++;
  const probe = url.startsWith("/probe");
  const chunks = [];
  req.on("data", (c) => probe && chunks.push(c));
  req.on("end", () => {
    if (probe) {
      recorded.push({ method: req.method, path: url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    }
    const reply = choose(url);
    res.writeHead(200, reply.headers);
    res.end(reply.body);
  });
});
server.keepAliveTimeout = 120_000;
server.headersTimeout = 130_000;
server.requestTimeout = 0;

const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
server.listen(port, "127.0.0.1", () => {
  const { port: actual } = server.address();
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${actual}`, sizes: Object.fromEntries(Object.entries(bodies).map(([k, b]) => [k, b.length])) }) + "\n");
});
// Exit with the parent: a closed stdin means the benchmark is gone.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
process.on("SIGTERM", () => process.exit(0));
