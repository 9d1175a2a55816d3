//! Building blocks for request-body validation: error codes, JSON Pointers,
//! and typed reads that record an error instead of failing.
//!
//! Codes name what was *expected* (`InvalidString` = "expected a string"),
//! following the code list of schema `pangea-validation-errors`. Every
//! problem is collected, not only the first.

use serde::Serialize;
use serde_json::{Map, Value};

/// Validation error codes the emulator emits (a subset of the spec's enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// A required field is missing.
    FieldRequired,
    /// Expected a string.
    InvalidString,
    /// Expected an integer.
    InvalidInteger,
    /// Expected an object.
    InvalidObject,
    /// Expected an array.
    InvalidArray,
    /// Expected a boolean.
    InvalidBool,
    /// A string does not match the field's pattern.
    DoesNotMatchPattern,
    /// A string is not an RFC 3339 date-time.
    BadFormatDateTime,
    /// Not one of the allowed values.
    NotEnumMember,
    /// A number below the minimum.
    IsTooSmall,
    /// A number outside the allowed range (emulator control routes).
    NotWithinRange,
    /// A key the schema forbids (`additionalProperties: false`).
    UnexpectedProperty,
    /// A key the schema forbids (`unevaluatedProperties: false`).
    NoUnevaluatedProperties,
    /// Unparseable input: body not JSON, or a `last` cursor not issued here.
    BadFormat,
    /// A referenced thing does not exist (tokens, sessions).
    DoesNotExist,
    /// A referenced thing exists but is in the wrong state.
    BadState,
}

impl Code {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FieldRequired => "FieldRequired",
            Self::InvalidString => "InvalidString",
            Self::InvalidInteger => "InvalidInteger",
            Self::InvalidObject => "InvalidObject",
            Self::InvalidArray => "InvalidArray",
            Self::InvalidBool => "InvalidBool",
            Self::DoesNotMatchPattern => "DoesNotMatchPattern",
            Self::BadFormatDateTime => "BadFormatDateTime",
            Self::NotEnumMember => "NotEnumMember",
            Self::IsTooSmall => "IsTooSmall",
            Self::NotWithinRange => "NotWithinRange",
            Self::UnexpectedProperty => "UnexpectedProperty",
            Self::NoUnevaluatedProperties => "NoUnevaluatedProperties",
            Self::BadFormat => "BadFormat",
            Self::DoesNotExist => "DoesNotExist",
            Self::BadState => "BadState",
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One entry of `result.errors`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Error code.
    pub code: Code,
    /// Human-readable explanation.
    pub detail: String,
    /// JSON Pointer into the request body (`""` = the whole body).
    pub source: String,
}

/// The errors collected while validating one body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Errors {
    /// In discovery order.
    pub list: Vec<FieldError>,
}

impl Errors {
    /// Records one error.
    pub fn push(&mut self, code: Code, source: &str, detail: impl Into<String>) {
        self.list.push(FieldError {
            code,
            detail: detail.into(),
            source: source.to_owned(),
        });
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// A single-error set.
    pub fn one(code: Code, source: &str, detail: impl Into<String>) -> Self {
        let mut e = Self::default();
        e.push(code, source, detail);
        e
    }
}

/// `parent` + `/` + `key`, escaping `~` and `/` as RFC 6901 requires.
pub fn pointer(parent: &str, key: &str) -> String {
    let mut out = String::with_capacity(parent.len() + key.len() + 1);
    out.push_str(parent);
    out.push('/');
    for ch in key.chars() {
        match ch {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// The JSON type name of a value, for error details.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Reads a string, or records `InvalidString`.
pub fn string<'a>(v: &'a Value, source: &str, errors: &mut Errors) -> Option<&'a str> {
    match v {
        Value::String(s) => Some(s),
        other => {
            let detail = format!("expected a string, got {}", type_name(other));
            errors.push(Code::InvalidString, source, detail);
            None
        }
    }
}

/// Reads a boolean, or records `InvalidBool`.
pub fn boolean(v: &Value, source: &str, errors: &mut Errors) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        other => {
            let detail = format!("expected a boolean, got {}", type_name(other));
            errors.push(Code::InvalidBool, source, detail);
            None
        }
    }
}

/// Reads an object, or records `InvalidObject`.
pub fn object<'a>(
    v: &'a Value,
    source: &str,
    errors: &mut Errors,
) -> Option<&'a Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m),
        other => {
            let detail = format!("expected an object, got {}", type_name(other));
            errors.push(Code::InvalidObject, source, detail);
            None
        }
    }
}

/// Reads an array of strings; records `InvalidArray`, or `InvalidString` per
/// bad item (pointer `…/<index>`).
pub fn string_array(v: &Value, source: &str, errors: &mut Errors) -> Option<Vec<String>> {
    let Value::Array(items) = v else {
        let detail = format!("expected an array of strings, got {}", type_name(v));
        errors.push(Code::InvalidArray, source, detail);
        return None;
    };
    let before = errors.list.len();
    let out: Vec<String> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| string(item, &format!("{source}/{i}"), errors).map(str::to_owned))
        .collect();
    (errors.list.len() == before).then_some(out)
}

/// A JSON integer as `i128` (JSON Schema counts `2.0` as an integer too);
/// records `InvalidInteger` for anything else. Huge magnitudes saturate.
pub fn integer(v: &Value, source: &str, errors: &mut Errors) -> Option<i128> {
    let Value::Number(n) = v else {
        let detail = format!("expected an integer, got {}", type_name(v));
        errors.push(Code::InvalidInteger, source, detail);
        return None;
    };
    if let Some(i) = n.as_i64() {
        return Some(i128::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(i128::from(u));
    }
    match n.as_f64() {
        Some(f) if f.is_finite() && f.fract() == 0.0 => Some(saturate(f)),
        _ => {
            errors.push(
                Code::InvalidInteger,
                source,
                format!("expected an integer, got {n}"),
            );
            None
        }
    }
}

/// Converts a whole float to `i128`, clamping to the `i64` range (plenty
/// for sizes; avoids any overflowing cast).
fn saturate(f: f64) -> i128 {
    if f >= 9.0e18 {
        i128::from(i64::MAX)
    } else if f <= -9.0e18 {
        i128::from(i64::MIN)
    } else {
        // In range, and whole, so the cast is exact.
        f as i128
    }
}

/// Records `code` for every key of `map` not in `allowed`.
pub fn reject_unknown_keys(
    map: &Map<String, Value>,
    allowed: &[&str],
    parent: &str,
    code: Code,
    errors: &mut Errors,
) {
    for key in map.keys().filter(|k| !allowed.contains(&k.as_str())) {
        let detail = format!(
            "unexpected property {key:?}; allowed: {}",
            allowed.join(", ")
        );
        errors.push(code, &pointer(parent, key), detail);
    }
}

/// Records `FieldRequired` when `key` is absent; returns its value otherwise.
pub fn required<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    parent: &str,
    errors: &mut Errors,
) -> Option<&'a Value> {
    let v = map.get(key);
    if v.is_none() {
        errors.push(
            Code::FieldRequired,
            &pointer(parent, key),
            format!("{key} is required"),
        );
    }
    v
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_escape() {
        assert_eq!(pointer("/filter", "a/b~c"), "/filter/a~1b~0c");
        assert_eq!(pointer("", "token"), "/token");
    }

    #[test]
    fn integers() {
        let mut e = Errors::default();
        assert_eq!(integer(&json!(3), "/s", &mut e), Some(3));
        assert_eq!(integer(&json!(3.0), "/s", &mut e), Some(3));
        assert_eq!(
            integer(&json!(1e300), "/s", &mut e),
            Some(i128::from(i64::MAX))
        );
        assert!(e.is_empty());
        assert_eq!(integer(&json!(2.5), "/s", &mut e), None);
        assert_eq!(integer(&json!("2"), "/s", &mut e), None);
        assert_eq!(e.list.len(), 2);
        assert!(e.list.iter().all(|x| x.code == Code::InvalidInteger));
    }

    #[test]
    fn string_arrays_point_at_items() {
        let mut e = Errors::default();
        assert_eq!(
            string_array(&json!(["a", 1, "c", null]), "/f/x", &mut e),
            None
        );
        let sources: Vec<_> = e.list.iter().map(|x| x.source.as_str()).collect();
        assert_eq!(sources, ["/f/x/1", "/f/x/3"]);
    }
}
