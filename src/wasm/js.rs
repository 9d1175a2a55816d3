//! Bindings to the few platform APIs the library uses, declared here rather
//! than through `web-sys` to keep the module small. All are present in browsers,
//! Web Workers and Node >= 20.

use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, looked up at call time (so it may be replaced).
    #[wasm_bindgen(js_name = fetch)]
    pub fn fetch(url: &str, init: &Object) -> Promise;

    /// `JSON.parse`, taking the JS string by handle: a big reply is never copied
    /// into wasm memory.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    pub fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;

    /// `JSON.stringify`, exactly what the SDK puts on the wire.
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    pub fn json_stringify(value: &JsValue) -> Result<JsValue, JsValue>;

    /// `AbortSignal.timeout(ms)`: aborts with a `TimeoutError`; its timer does not
    /// keep a Node process alive.
    #[wasm_bindgen(js_namespace = AbortSignal, js_name = timeout)]
    pub fn abort_signal_timeout(ms: f64) -> JsValue;

    /// The global `setTimeout`.
    #[wasm_bindgen(js_name = setTimeout)]
    pub fn set_timeout(callback: &Function, ms: f64) -> JsValue;

    /// A JS string, viewed to call `isWellFormed` on it.
    pub type WellFormedCheck;
    /// `String.prototype.isWellFormed` (false for unpaired surrogates).
    #[wasm_bindgen(method, js_name = isWellFormed, catch)]
    pub fn is_well_formed(this: &WellFormedCheck) -> Result<bool, JsValue>;

    /// A fetch `Response`.
    pub type FetchResponse;
    /// Its HTTP status.
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &FetchResponse) -> u16;
    /// Its headers.
    #[wasm_bindgen(method, getter)]
    pub fn headers(this: &FetchResponse) -> FetchHeaders;
    /// Reads the body as text.
    #[wasm_bindgen(method)]
    pub fn text(this: &FetchResponse) -> Promise;

    /// A fetch `Headers`.
    pub type FetchHeaders;
    /// One header's value.
    #[wasm_bindgen(method)]
    pub fn get(this: &FetchHeaders, name: &str) -> Option<String>;
}
