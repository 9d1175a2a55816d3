// The misbehaving HTTP server of burst.test.mjs, run in a worker thread so
// that the client under test and the server use separate cores. Not a test
// file. Messages: in "good" (answer properly from now on), "stats"; out
// { port }, { kinds }.
import { createServer } from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const SEED = workerData.seed;

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const bytes = (n) => Buffer.from(Array.from({ length: n }, () => int(256)));
const latin1 = (n) => Array.from({ length: n }, () => String.fromCharCode(0x20 + int(0xdf))).join("").replace(/\x7f/g, "x");

const FRAGMENTS = ['{"status":', '"Success"', '"Accepted"', "{", "}", "[", "]", ",", ":", "null", "true", "1e999", "-0",
  '"request_id":"prq_x"', '"result":', '"\\ud800"', '"\\u0000"', '"', "\\", "\u2028", "\uFEFF", "NaN", "undefined", "é"];
const STATUSES = ["Success", "Accepted", "ValidationError", "InternalError", "NoStatus", "", "é", "Success ", "SUCCESS",
  "__proto__", "constructor", "toString"];
const ODD_IDS = ["..", ".", "", "../../v2/session/logout", "a/b?c#d", "%2e%2e", "prq_ok", "x".repeat(5000), "é"];

function randomJson(depth = 0) {
  const r = int(depth > 3 ? 5 : 8);
  if (r === 0) return null;
  if (r === 1) return random() < 0.5;
  if (r === 2) return pick([0, -1, 1e308, 5e-324, 2 ** 53 + 1, int(1e9)]);
  if (r === 3) return pick([latin1(int(40)), "", "ptu_" + "a".repeat(32), "\u0000\uffff"]);
  if (r === 4) return pick(STATUSES);
  if (r === 5) return Array.from({ length: int(4) }, () => randomJson(depth + 1));
  return Object.fromEntries(Array.from({ length: int(5) }, () => [pick(["status", "request_id", "result", "summary", "__proto__", latin1(5)]), randomJson(depth + 1)]));
}

const DEEP = "[".repeat(10_000) + "]".repeat(10_000);
const BIG = JSON.stringify({ status: "Success", result: { s: "x".repeat(200_000) } });
const HUGE_HEADER = "h".repeat(40_000);
// Under the client's 16 KB header limit: parsed; HUGE_HEADER is over it.
const MANY = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-h${i}`, "v"]));

/** Answers one request with a random bad (or occasionally good) reply. Returns the kind used. */
function misbehave(req, res) {
  const kind = int(20);
  const status = pick([200, 200, 201, 202, 204, 301, 302, 304, 307, 400, 401, 404, 409, 413, 418, 429, 500, 501, 502, 503, 504, 599, 100 + int(500)]);
  const safeStatus = status < 200 ? 200 : status;
  const headers = { "content-type": pick(["application/json", "text/html", "text/plain", "application/octet-stream", "multipart/mixed"]) };
  if (random() < 0.5) headers["x-request-id"] = pick(["prq_" + latin1(8), "", latin1(int(200)), "a,b,c"]);
  switch (kind) {
    case 0: // random bytes
      res.writeHead(safeStatus, headers).end(bytes(int(2048)));
      return "bytes";
    case 1: // JSON fragments
      res.writeHead(safeStatus, headers).end(Array.from({ length: int(12) }, () => pick(FRAGMENTS)).join(""));
      return "fragments";
    case 2: // a random JSON value (object or not)
      res.writeHead(safeStatus, headers).end(JSON.stringify(randomJson()));
      return "json";
    case 3: { // an envelope with odd field types and keys that shadow methods
      const body = { status: randomJson(2), request_id: pick([...ODD_IDS, 5, null]), result: randomJson(1), summary: randomJson(3) };
      if (random() < 0.5) body.status = pick(STATUSES);
      if (random() < 0.5) body.result = { errors: pick([5, "x", null, [null, 1, "e", { source: 1 }], { a: 1 }]) };
      let text = JSON.stringify(body);
      if (random() < 0.5) text = `{${pick(['"__proto__":{"toJSON":1}', '"toJSON":1', '"body":1', '"constructor":null', '"success":true', '"gotResponse":1'])},${text.slice(1)}`;
      res.writeHead(pick([200, 202, 400, 500, 503]), headers).end(text);
      return "envelope";
    }
    case 4: { // 202 Accepted with a hostile request id: polled (pollResultTimeoutMs is tiny)
      const body = { status: "Accepted", request_id: pick(ODD_IDS), result: { location: "x" }, summary: "wait" };
      res.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify(body));
      return "accepted";
    }
    case 5: // a huge header: the client's parser gives up
      res.writeHead(safeStatus, { ...headers, "x-huge": HUGE_HEADER.slice(int(20_000)) }).end("{}");
      return "huge-header";
    case 6: // many headers
      res.writeHead(safeStatus, { ...headers, ...MANY }).end('{"status":"Success"}');
      return "many-headers";
    case 7: // socket destroyed before any reply
      req.socket.destroy();
      return "destroy";
    case 8: // headers and part of the body, then destroyed
      res.writeHead(safeStatus, { ...headers, "content-length": "1000" });
      res.write('{"status":"Success","result":{"x":"');
      setTimeout(() => req.socket.destroy(), int(3));
      return "destroy-mid-body";
    case 9: // content-length shorter than the body
      res.writeHead(200, { ...headers, "content-length": "5" });
      res.end('{"status":"Success"}');
      return "short-length";
    case 10: // raw garbage instead of HTTP
      req.socket.end(pick(["garbage\r\n\r\n", "HTTP/1.1 abc\r\n\r\n", "HTTP/9.9 200 OK\r\n\r\n{}", bytes(64)]));
      return "garbage";
    case 11: // broken chunked encoding
      req.socket.end("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n");
      return "bad-chunks";
    case 12: // a gzip body that is not gzip
      res.writeHead(200, { ...headers, "content-encoding": pick(["gzip", "br", "deflate"]) }).end(bytes(100));
      return "bad-encoding";
    case 13: // a redirect (refused: redirect "error")
      res.writeHead(pick([301, 302, 303, 307, 308]), { location: pick(["http://127.0.0.1:9/x", "/v2/session/list", "javascript:alert(1)", ""]) }).end();
      return "redirect";
    case 14: // deeply nested JSON, or a big body
      res.writeHead(200, headers).end(random() < 0.5 ? DEEP : BIG);
      return "deep-or-big";
    case 15: // an empty body with any status
      res.writeHead(safeStatus, headers).end();
      return "empty";
    case 16: // non-UTF-8 bytes inside an envelope
      res.writeHead(200, headers).end(Buffer.concat([Buffer.from('{"status":"Suc'), bytes(4), Buffer.from('cess","result":{}}')]));
      return "bad-utf8";
    case 17: // no reply for a while (requestTimeout is 1 s)
      if (random() < 0.1) return "silent"; // never answered; the client times out
      setTimeout(() => res.writeHead(200, headers).end('{"status":"Success","result":{}}'), int(20));
      return "slow";
    default: // a valid envelope, success or a failure status
      res.writeHead(pick([200, 400, 500]), { "content-type": "application/json", "x-request-id": "prq_good" }).end(
        JSON.stringify({
          request_id: "prq_good",
          request_time: "2026-01-01T00:00:00Z",
          response_time: "2026-01-01T00:00:00Z",
          status: pick(STATUSES),
          summary: "s",
          result: random() < 0.5 ? { sessions: [] } : null,
        }),
      );
      return "envelope-ok";
  }
}

let mode = "burst";
const kinds = {};
const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
  req.resume();
  req.on("end", () => {
    if (mode === "good") {
      res.writeHead(200, { "content-type": "application/json", "x-request-id": "prq_fine" });
      res.end(JSON.stringify({ request_id: "prq_fine", request_time: "t", response_time: "t", status: "Success", summary: "ok", result: { sessions: [] } }));
      return;
    }
    try {
      const kind = misbehave(req, res);
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    } catch {
      kinds.serverError = (kinds.serverError ?? 0) + 1;
      req.socket.destroy();
    }
  });
});
server.on("clientError", (_, socket) => socket.destroy());
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ port: server.address().port }));
parentPort.on("message", (m) => {
  if (m === "good") {
    mode = "good";
    parentPort.postMessage({ good: true });
  }
  if (m === "stats") parentPort.postMessage({ kinds });
});
