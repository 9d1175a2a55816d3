// PangeaConfig with the fields and defaults of pangea-node-sdk 5.6.0, except
// `requestTimeout` (see below). Unlike the SDK, values are checked at
// construction: a bad value throws a TypeError (wrong type) or RangeError (out
// of range) naming the field, never a later surprise.
// This check is JavaScript because a constructor must throw synchronously, and
// in a browser the wasm module may still be loading.

const DEFAULT_TEMPLATE = "https://{SERVICE_NAME}.aws.us.pangea.cloud";

function fail(Kind, field, expected, value) {
  const got = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  const shown = typeof value === "number" ? ` (${value})` : "";
  return new Kind(`PangeaConfig: \`${field}\` must be ${expected}, got ${got}${shown}`);
}

const CHECKS = {
  baseUrlTemplate(v) {
    if (typeof v !== "string") throw fail(TypeError, "baseUrlTemplate", "a string", v);
    // The URL parser would silently drop these, while the request URL is built
    // from the template text as written.
    if (/[\x00-\x20\x7f]/.test(v)) {
      throw new TypeError("PangeaConfig: `baseUrlTemplate` must not contain spaces or control characters");
    }
    // Paths are appended to the template: after a `?` or `#` they would land
    // in the query or fragment and every call would go to the wrong route.
    if (/[?#]/.test(v)) {
      throw new TypeError("PangeaConfig: `baseUrlTemplate` must not contain a query (?) or fragment (#)");
    }
    let url;
    try {
      url = new URL(v.replace("{SERVICE_NAME}", "authn"));
    } catch {
      throw new TypeError("PangeaConfig: `baseUrlTemplate` must be an absolute http(s) URL");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`PangeaConfig: \`baseUrlTemplate\` must use http: or https:, not ${url.protocol}`);
    }
    if (url.username || url.password) {
      throw new TypeError("PangeaConfig: `baseUrlTemplate` must not contain credentials");
    }
  },
  domain(v) {
    if (typeof v !== "string" || v === "") throw fail(TypeError, "domain", "a non-empty string", v);
  },
  requestRetries(v) {
    if (typeof v !== "number") throw fail(TypeError, "requestRetries", "a number", v);
    if (!Number.isInteger(v) || v < 0 || v > 100) throw fail(RangeError, "requestRetries", "an integer from 0 to 100", v);
  },
  requestTimeout(v) {
    if (typeof v !== "number") throw fail(TypeError, "requestTimeout", "a number of milliseconds", v);
    if (!(v > 0)) throw fail(RangeError, "requestTimeout", "> 0 (Infinity for none)", v);
  },
  queuedRetryEnabled(v) {
    if (typeof v !== "boolean") throw fail(TypeError, "queuedRetryEnabled", "a boolean", v);
  },
  queuedRetries(v) {
    if (typeof v !== "number") throw fail(TypeError, "queuedRetries", "a number", v);
    if (!Number.isInteger(v) || v < 0) throw fail(RangeError, "queuedRetries", "an integer >= 0", v);
  },
  pollResultTimeoutMs(v) {
    if (typeof v !== "number") throw fail(TypeError, "pollResultTimeoutMs", "a number of milliseconds", v);
    if (!Number.isFinite(v) || v < 0) throw fail(RangeError, "pollResultTimeoutMs", "a finite number >= 0", v);
  },
  customUserAgent(v) {
    if (typeof v !== "string") throw fail(TypeError, "customUserAgent", "a string", v);
    // A line break would let a caller's value inject a header; other control
    // characters and anything above U+00FF make every fetch fail.
    if (/[\r\n\0]/.test(v)) throw new TypeError("PangeaConfig: `customUserAgent` must not contain line breaks");
    if (/[^\t\x20-\x7e\x80-\xff]/.test(v)) {
      throw new TypeError("PangeaConfig: `customUserAgent` must hold only printable Latin-1 characters (it is sent as a header)");
    }
  },
};

/** Configuration of a service client. */
export class PangeaConfig {
  baseUrlTemplate = DEFAULT_TEMPLATE;
  domain = "aws.us.pangea.cloud";
  requestRetries = 3;
  // The SDK declares 5000 but never enforces it: a default timeout here would
  // fail slow calls that succeed with the SDK. Set a number to get one.
  requestTimeout = Infinity;
  queuedRetryEnabled = true;
  queuedRetries = 4;
  pollResultTimeoutMs = 120000;
  customUserAgent = "";

  /** Copies every given key, as the SDK does; the known ones are checked. */
  constructor(options) {
    if (options == null) options = {};
    if (typeof options !== "object") throw fail(TypeError, "options", "an object", options);
    const given = { ...options };
    if (given.baseUrlTemplate === undefined && given.domain !== undefined) {
      CHECKS.domain(given.domain);
      given.baseUrlTemplate = `https://{SERVICE_NAME}.${given.domain}`;
    }
    for (const key of Object.keys(given)) if (given[key] === undefined) delete given[key];
    Object.assign(this, given);
    checkConfig(this);
  }
}

/** Checks every known field of a config (it may have been changed since construction). */
export function checkConfig(config) {
  for (const [field, check] of Object.entries(CHECKS)) check(config[field]);
  return config;
}
