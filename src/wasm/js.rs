//! Bindings to the few platform APIs the library uses, declared here rather
//! than through `web-sys` to keep the module small. All are present in browsers,
//! Web Workers and Node >= 20.
//!
//! Property reads use typed getters (`this.status`) instead of `Reflect.get`
//! with a key string: the per-call path then creates no key strings.

use js_sys::Object;
use wasm_bindgen::prelude::*;

// One object literal instead of a `Reflect.set` per field: a single boundary
// crossing, and a monomorphic shape for the platform's fetch.
#[wasm_bindgen(inline_js = "
export function request_init(method, headers, body, signal) {
  return { method, headers, body, signal, credentials: 'omit', redirect: 'error' };
}
")]
extern "C" {
    /// A fetch init object. Tokens travel in the Authorization header only: no
    /// cookies (`credentials: 'omit'`), and no redirect that could carry the
    /// header to another origin (`redirect: 'error'`).
    pub fn request_init(
        method: &JsValue,
        headers: &Object,
        body: Option<&str>,
        signal: &JsValue,
    ) -> Object;
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse`, taking the JS string by handle: a big reply is never copied
    /// into wasm memory.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;

    /// `Array.isArray`, which throws on a revoked `Proxy`: caught, so that no
    /// argument can make a call throw through wasm instead of rejecting.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    pub fn is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// `JSON.stringify`, exactly what the SDK puts on the wire.
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    pub fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;

    /// A JS string, viewed to call `isWellFormed` on it.
    pub type WellFormedCheck;
    /// `String.prototype.isWellFormed` (false for unpaired surrogates).
    #[wasm_bindgen(method, js_name = isWellFormed, catch)]
    pub fn is_well_formed(this: &WellFormedCheck) -> Result<bool, JsValue>;

    /// A parsed reply envelope, read field by field.
    pub type EnvelopeObject;
    /// Its `status`.
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &EnvelopeObject) -> JsValue;
    /// Its `request_id`.
    #[wasm_bindgen(method, getter)]
    pub fn request_id(this: &EnvelopeObject) -> JsValue;

    /// A thrown value, read as an `Error`. The getters are caught: a caller's
    /// `toJSON` may throw any object, even one whose `message` getter throws.
    pub type ThrownError;
    /// Its `name`.
    #[wasm_bindgen(method, getter, catch)]
    pub fn name(this: &ThrownError) -> Result<JsValue, JsValue>;
    /// Its `message`.
    #[wasm_bindgen(method, getter, catch)]
    pub fn message(this: &ThrownError) -> Result<JsValue, JsValue>;
    /// Its `cause`.
    #[wasm_bindgen(method, getter, catch)]
    pub fn cause(this: &ThrownError) -> Result<JsValue, JsValue>;

    /// A fetch `Response`.
    pub type FetchResponse;
    /// Its HTTP status.
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &FetchResponse) -> u16;
    /// Its headers.
    #[wasm_bindgen(method, getter)]
    pub fn headers(this: &FetchResponse) -> FetchHeaders;

    /// A fetch `Headers`.
    pub type FetchHeaders;
    /// One header's value.
    #[wasm_bindgen(method)]
    pub fn get(this: &FetchHeaders, name: &str) -> Option<String>;
}
