// AuthNService and its session sub-clients, shaped as in pangea-node-sdk 5.6.0.
// Every method forwards its arguments untouched to the wasm Client, where the
// Rust core checks them and decides every step of the call; js/driver.js
// performs the steps (fetch, timers).

import { PangeaConfig, checkConfig } from "./config.js";
import { drive } from "./driver.js";
import { makeError } from "./error-map.js";
import { makeResponse } from "./response.js";

/**
 * A token travels in the Authorization header: it must be printable ASCII
 * without spaces (RFC 6750), or every request would fail in fetch. The message
 * never quotes the token.
 */
function headerSafe(token) {
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new TypeError("AuthNService: the token must be printable ASCII without spaces or line breaks");
  }
  return token;
}

/** The service token: a non-empty string, or a Vault secret holding one. */
function resolveToken(token) {
  if (!token) throw new Error("A token is required");
  if (typeof token === "string") return headerSafe(token);
  if (typeof token !== "object") throw new TypeError(`AuthNService: token must be a string or a Vault secret, got ${typeof token}`);
  if (token.type !== "pangea_token") {
    throw new Error(`Token passed as vault secret is not of type 'pangea_token', but of type '${token.type}'`);
  }
  if (!token.enabled) throw new Error("Token passed as vault secret is not currently enabled");
  const current = Array.isArray(token.item_versions) ? token.item_versions[0] : undefined;
  if (!current) throw new Error("Token passed as vault secret does not have a current version");
  if (current.state !== "active") throw new Error("Token passed as vault secret is not currently active");
  if (!current.secret || typeof current.secret !== "string") {
    throw new Error("Vault secret field is not populated, cannot pass as token");
  }
  return headerSafe(current.secret);
}

/**
 * Builds the public classes around a loader. `loader.core()` returns the wasm
 * exports when they are ready (or undefined); `loader.ready()` a Promise of them.
 * `sendUserAgent` is false in browsers, which do not let a page set User-Agent.
 */
export function defineServices(loader, { sendUserAgent }) {
  class Handle {
    #settings;
    #client;

    constructor(token, config) {
      const secret = resolveToken(token);
      const cfg = config instanceof PangeaConfig ? config : new PangeaConfig(config);
      checkConfig(cfg);
      const ua = sendUserAgent ? cfg.customUserAgent : undefined;
      this.#settings = [cfg.baseUrlTemplate, secret, cfg.requestRetries, cfg.requestTimeout,
        cfg.queuedRetryEnabled, cfg.pollResultTimeoutMs, ua];
      loader.start();
    }

    #build(core) {
      this.#client ??= new core.Client(...this.#settings, makeResponse, makeError);
      return this.#client;
    }

    /**
     * Runs a call: `start(client)` starts it on the wasm Client (now if the
     * module is ready, else once it is) and returns its number.
     */
    call(start) {
      if (this.#client) return drive(this.#client, start);
      const core = loader.core();
      if (core) return drive(this.#build(core), start);
      return loader.ready().then((c) => drive(this.#build(c), start));
    }
  }

  /** `authn.session`: service-token calls. */
  class Session {
    #h;
    constructor(handle) {
      this.#h = handle;
    }
    /** Invalidates a session by id. */
    invalidate(sessionID) {
      return this.#h.call((c) => c.session_invalidate(sessionID));
    }
    /** Lists sessions. */
    list(request = {}) {
      return this.#h.call((c) => c.session_list(request));
    }
    /** Ends every session of a user. */
    logout(user_id) {
      return this.#h.call((c) => c.session_logout(user_id));
    }
  }

  /** `authn.client.session`: client-token calls with the user's token in the body. */
  class ClientSession {
    #h;
    constructor(handle) {
      this.#h = handle;
    }
    /** Invalidates one of the user's sessions. */
    invalidate(token, sessionID) {
      return this.#h.call((c) => c.client_session_invalidate(token, sessionID));
    }
    /** Lists the user's sessions. */
    list(token, options = {}) {
      return this.#h.call((c) => c.client_session_list(token, options));
    }
    /** Logs the user's current session out. */
    logout(token) {
      return this.#h.call((c) => c.client_session_logout(token));
    }
    /** Refreshes a session: new active and refresh tokens. `options` may be omitted. */
    refresh(refreshToken, options) {
      return this.#h.call((c) => c.client_session_refresh(refreshToken, options));
    }
  }

  /** The AuthN service, with the session calls of pangea-node-sdk. */
  class AuthNService {
    constructor(token, config) {
      const handle = new Handle(token, config);
      this.session = new Session(handle);
      this.client = Object.freeze({ session: new ClientSession(handle) });
    }
  }

  return { AuthNService, Session, ClientSession };
}
