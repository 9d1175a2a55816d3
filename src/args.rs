//! JavaScript arguments as the binding hands them over, and their checks.
//!
//! The binding converts each JS value mechanically (a string, `undefined`,
//! `null`, or the name of another type; an options object as the text of
//! `JSON.stringify`, exactly what pangea-node-sdk puts on the wire). The rules
//! for what is acceptable live here.

use serde_json::{Map, Value};

/// A scalar argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgValue {
    /// A well-formed string.
    Str(String),
    /// `undefined` (or a missing argument).
    Undefined,
    /// `null`.
    Null,
    /// Any other value, by type name (`number`, `object`, `array`, a string with
    /// unpaired surrogates...).
    Other(&'static str),
}

/// An options-object argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectArg {
    /// `undefined` (or a missing argument): the same as `{}`.
    Undefined,
    /// A plain object, as the text `JSON.stringify` made of it.
    Json(String),
    /// Something that is not a plain object, by type name.
    Other(&'static str),
    /// An object `JSON.stringify` refused (a cycle, a BigInt...), with its reason.
    Unserializable(String),
}

/// A bad argument, found before any request is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgumentError {
    /// The method, e.g. `client.session.list`.
    pub method: &'static str,
    /// The argument at fault, e.g. `token` or `options.size`.
    pub argument: String,
    /// What it must be.
    pub expected: &'static str,
    /// What it was (a type, never the value: it may be a secret).
    pub got: String,
}

impl ArgumentError {
    /// A human-readable message naming the method and the argument.
    pub fn message(&self) -> String {
        format!(
            "{}: argument `{}` must be {}, got {}",
            self.method, self.argument, self.expected, self.got
        )
    }
}

/// Checks arguments for one method, naming it in errors.
#[derive(Debug, Clone, Copy)]
pub struct Checker {
    method: &'static str,
}

impl Checker {
    /// A checker for `method` (e.g. `session.logout`).
    pub const fn new(method: &'static str) -> Self {
        Self { method }
    }

    fn error(
        &self,
        argument: &str,
        expected: &'static str,
        got: impl Into<String>,
    ) -> ArgumentError {
        ArgumentError {
            method: self.method,
            argument: argument.to_owned(),
            expected,
            got: got.into(),
        }
    }

    /// A required string argument; empty strings pass (the server answers them).
    pub fn string(&self, name: &str, value: ArgValue) -> Result<String, ArgumentError> {
        match value {
            ArgValue::Str(s) => Ok(s),
            other => Err(self.error(name, "a string", type_name(&other))),
        }
    }

    /// An options object; `undefined` is `{}`.
    pub fn object(
        &self,
        name: &str,
        value: ObjectArg,
    ) -> Result<Map<String, Value>, ArgumentError> {
        match value {
            ObjectArg::Undefined => Ok(Map::new()),
            ObjectArg::Json(text) => match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(map)) => Ok(map),
                // A toJSON() that returns a non-object, for instance.
                Ok(other) => Err(self.error(name, "an object", json_type(&other))),
                Err(_) => Err(self.error(name, "a JSON-serialisable object", "invalid JSON")),
            },
            ObjectArg::Other(t) => Err(self.error(name, "an object", t)),
            // The reason is the text of whatever a getter or toJSON threw:
            // bounded and masked like any other quoted text.
            ObjectArg::Unserializable(reason) => Err(self.error(
                name,
                "a JSON-serialisable object",
                format!(
                    "an object JSON.stringify rejects ({})",
                    crate::redact::excerpt(&reason, &[])
                ),
            )),
        }
    }

    /// The list options shared by both `list` methods: `filter` an object, `last`,
    /// `order` and `order_by` strings, `size` an integer >= 1. Other keys pass
    /// unchanged; the server judges them.
    pub fn list_options(
        &self,
        name: &str,
        options: &Map<String, Value>,
    ) -> Result<(), ArgumentError> {
        for (key, value) in options {
            let field = || format!("{name}.{key}");
            match key.as_str() {
                "filter" if !value.is_object() => {
                    return Err(self.error(&field(), "an object", json_type(value)))
                }
                "last" | "order" | "order_by" if !value.is_string() => {
                    return Err(self.error(&field(), "a string", json_type(value)))
                }
                "size" if !is_positive_integer(value) => {
                    return Err(self.error(&field(), "an integer >= 1", describe_number(value)))
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn is_positive_integer(value: &Value) -> bool {
    match value {
        Value::Number(n) => match (n.as_u64(), n.as_f64()) {
            (Some(u), _) => u >= 1,
            // 1e21 is an integer that does not fit u64: still a valid size to send.
            (None, Some(f)) => f.is_finite() && f >= 1.0 && f.fract() == 0.0,
            (None, None) => false,
        },
        _ => false,
    }
}

fn describe_number(value: &Value) -> String {
    match value {
        // Sizes are not secrets; the value helps the caller.
        Value::Number(n) => format!("{n}"),
        // JSON.stringify turns NaN and Infinity into null.
        Value::Null => "null (or NaN/Infinity)".to_owned(),
        other => json_type(other).to_owned(),
    }
}

/// The JavaScript type name of a scalar argument.
pub const fn type_name(value: &ArgValue) -> &'static str {
    match value {
        ArgValue::Str(_) => "string",
        ArgValue::Undefined => "undefined",
        ArgValue::Null => "null",
        ArgValue::Other(t) => t,
    }
}

/// The JavaScript type name of a parsed JSON value.
pub const fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const C: Checker = Checker::new("session.list");

    #[test]
    fn strings_pass_and_other_types_name_the_argument() {
        assert_eq!(
            C.string("user_id", ArgValue::Str(String::new())).unwrap(),
            ""
        );
        let e = C.string("user_id", ArgValue::Other("number")).unwrap_err();
        assert_eq!(
            e.message(),
            "session.list: argument `user_id` must be a string, got number"
        );
        assert_eq!(C.string("x", ArgValue::Null).unwrap_err().got, "null");
        assert_eq!(
            C.string("x", ArgValue::Undefined).unwrap_err().got,
            "undefined"
        );
    }

    #[test]
    fn objects_are_parsed_in_order_and_undefined_is_empty() {
        assert!(C.object("o", ObjectArg::Undefined).unwrap().is_empty());
        let m = C
            .object("o", ObjectArg::Json(r#"{"b":1,"a":2}"#.into()))
            .unwrap();
        assert_eq!(m.keys().collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(
            C.object("o", ObjectArg::Json("[1]".into()))
                .unwrap_err()
                .got,
            "array"
        );
        assert_eq!(
            C.object("o", ObjectArg::Json("{".into())).unwrap_err().got,
            "invalid JSON"
        );
        assert_eq!(
            C.object("o", ObjectArg::Other("string"))
                .unwrap_err()
                .argument,
            "o"
        );
        assert!(C
            .object("o", ObjectArg::Unserializable("cycle".into()))
            .unwrap_err()
            .message()
            .contains("cycle"));
    }

    fn check(json: &str) -> Result<(), ArgumentError> {
        let m = C.object("request", ObjectArg::Json(json.into())).unwrap();
        C.list_options("request", &m)
    }

    #[test]
    fn list_options_check_each_known_key() {
        assert!(check(
            r#"{"size":1,"last":"x","order":"up","order_by":"?","filter":{},"extra":[]}"#
        )
        .is_ok());
        assert!(check(r#"{"size":1e21}"#).is_ok());
        for (json, arg) in [
            (r#"{"size":0}"#, "request.size"),
            (r#"{"size":1.5}"#, "request.size"),
            (r#"{"size":-1}"#, "request.size"),
            (r#"{"size":"2"}"#, "request.size"),
            (r#"{"size":null}"#, "request.size"),
            (r#"{"filter":[]}"#, "request.filter"),
            (r#"{"filter":null}"#, "request.filter"),
            (r#"{"last":5}"#, "request.last"),
            (r#"{"order":true}"#, "request.order"),
            (r#"{"order_by":{}}"#, "request.order_by"),
        ] {
            assert_eq!(check(json).unwrap_err().argument, arg, "{json}");
        }
        assert_eq!(check(r#"{"size":0}"#).unwrap_err().got, "0");
    }
}
