//! JS strings a client sends on every call (its URLs and the method), made
//! once: decoding the same URL out of wasm memory for each request cost time
//! and garbage on the per-call path.

use std::cell::RefCell;

use wasm_bindgen::JsValue;

/// Enough for the seven operation URLs, the method and a few poll URLs; a
/// text met after that is converted each time (poll URLs name request ids,
/// so they are not worth keeping).
const CAPACITY: usize = 16;

/// Texts and their JS strings, in the order first met.
#[derive(Default)]
pub struct JsStrings {
    cache: RefCell<Vec<(String, JsValue)>>,
}

impl JsStrings {
    /// `text` as a JS string.
    pub fn get(&self, text: &str) -> JsValue {
        let mut cache = self.cache.borrow_mut();
        if let Some((_, value)) = cache.iter().find(|(known, _)| known == text) {
            return value.clone();
        }
        let value = JsValue::from_str(text);
        if cache.len() < CAPACITY {
            cache.push((text.to_owned(), value.clone()));
        }
        value
    }
}
