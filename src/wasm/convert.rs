//! JS values to the core's argument types, mechanically: no rule about what is
//! acceptable lives here (that is `crate::args`).

use js_sys::JsString;
use wasm_bindgen::{JsCast, JsValue};

use super::js::{is_array, json_stringify, ThrownError, WellFormedCheck};
use crate::args::{ArgValue, ObjectArg};

/// A scalar argument.
pub fn arg(value: &JsValue) -> ArgValue {
    match value.as_string() {
        // The conversion replaced unpaired surrogates with U+FFFD; sending that
        // would silently change the caller's value, so tell them instead.
        Some(s) if s.contains('\u{FFFD}') && !well_formed(value) => {
            ArgValue::Other("a string with unpaired surrogates")
        }
        Some(s) => ArgValue::Str(s),
        None if value.is_undefined() => ArgValue::Undefined,
        None if value.is_null() => ArgValue::Null,
        None => ArgValue::Other(type_name(value)),
    }
}

/// An options-object argument, as the text `JSON.stringify` makes of it.
pub fn object_arg(value: &JsValue) -> ObjectArg {
    if value.is_undefined() {
        return ObjectArg::Undefined;
    }
    if !value.is_object() || is_array(value) != Ok(false) {
        return ObjectArg::Other(type_name(value));
    }
    match json_stringify(value) {
        Ok(text) => match text.as_string() {
            Some(text) => ObjectArg::Json(text),
            // A toJSON() that returned undefined.
            None => ObjectArg::Other("undefined"),
        },
        Err(e) => ObjectArg::Unserializable(error_message(&e)),
    }
}

fn well_formed(value: &JsValue) -> bool {
    let Some(s) = value.dyn_ref::<JsString>() else {
        return false;
    };
    // isWellFormed is missing before Chrome 111 / Safari 16.4; fall back to a scan.
    let check: &WellFormedCheck = value.unchecked_ref();
    check
        .is_well_formed()
        .unwrap_or_else(|_| s.is_valid_utf16())
}

/// The JavaScript type of a value, with arrays and null told apart.
pub fn type_name(value: &JsValue) -> &'static str {
    if value.is_null() {
        return "null";
    }
    match is_array(value) {
        Ok(true) => return "array",
        Ok(false) => {}
        // Only a revoked Proxy makes Array.isArray throw.
        Err(_) => return "a revoked Proxy",
    }
    match value.js_typeof().as_string().as_deref() {
        Some("undefined") => "undefined",
        Some("string") => "string",
        Some("number") => "number",
        Some("boolean") => "boolean",
        Some("bigint") => "bigint",
        Some("symbol") => "symbol",
        Some("function") => "function",
        Some("object") => "object",
        _ => "an unknown type",
    }
}

/// The `message` of a thrown JS value, or its string form.
pub fn error_message(error: &JsValue) -> String {
    // Getters on null/undefined would throw; only objects are read.
    let message = (error.is_object() || error.is_function())
        .then(|| {
            error
                .unchecked_ref::<ThrownError>()
                .message()
                .ok()?
                .as_string()
        })
        .flatten();
    message
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
