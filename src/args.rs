//! JavaScript arguments as the binding hands them over, and their checks.
//!
//! The binding converts each JS value mechanically (a string, `undefined`,
//! `null`, or the name of another type; an options object as the text of
//! `JSON.stringify`, exactly what pangea-node-sdk puts on the wire). The rules
//! for what is acceptable live here.

use crate::json::{self, Kind, Member};

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
        [
            self.method,
            ": argument `",
            &self.argument,
            "` must be ",
            self.expected,
            ", got ",
            &self.got,
        ]
        .concat()
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

    /// The members of an options object (none for `undefined`), borrowed
    /// from the JSON text the binding made of it.
    pub fn object<'t>(
        &self,
        name: &str,
        value: &'t ObjectArg,
    ) -> Result<Vec<Member<'t>>, ArgumentError> {
        match value {
            ObjectArg::Undefined => Ok(Vec::new()),
            ObjectArg::Json(text) => match json::parse_object(text) {
                Ok((Kind::Object, members)) => Ok(members),
                // A toJSON() that returns a non-object, for instance.
                Ok((kind, _)) => Err(self.error(name, "an object", kind.type_name())),
                Err(_) => Err(self.error(name, "a JSON-serialisable object", "invalid JSON")),
            },
            ObjectArg::Other(t) => Err(self.error(name, "an object", *t)),
            // The reason is the text of whatever a getter or toJSON threw:
            // bounded and masked like any other quoted text.
            ObjectArg::Unserializable(reason) => Err(self.error(
                name,
                "a JSON-serialisable object",
                [
                    "an object JSON.stringify rejects (",
                    &crate::redact::excerpt(reason, &[]),
                    ")",
                ]
                .concat(),
            )),
        }
    }

    /// The list options shared by both `list` methods: `filter` an object, `last`,
    /// `order` and `order_by` strings, `size` an integer >= 1. Other keys pass
    /// unchanged; the server judges them.
    pub fn list_options(&self, name: &str, options: &[Member<'_>]) -> Result<(), ArgumentError> {
        for member in options {
            let field = || [name, ".", &member.key].concat();
            let got = member.kind.type_name();
            match (member.key.as_str(), member.kind) {
                ("filter", kind) if kind != Kind::Object => {
                    return Err(self.error(&field(), "an object", got))
                }
                ("last" | "order" | "order_by", kind) if kind != Kind::String => {
                    return Err(self.error(&field(), "a string", got))
                }
                ("size", Kind::Number) if !json::is_positive_integer(member.raw) => {
                    // Sizes are not secrets; the value helps the caller.
                    return Err(self.error(&field(), "an integer >= 1", member.raw));
                }
                // JSON.stringify turns NaN and Infinity into null.
                ("size", Kind::Null) => {
                    return Err(self.error(&field(), "an integer >= 1", "null (or NaN/Infinity)"))
                }
                ("size", kind) if kind != Kind::Number => {
                    return Err(self.error(&field(), "an integer >= 1", got))
                }
                _ => {}
            }
        }
        Ok(())
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
        assert!(C.object("o", &ObjectArg::Undefined).unwrap().is_empty());
        let arg = ObjectArg::Json(r#"{"b":1,"a":2}"#.into());
        let keys: Vec<_> = C
            .object("o", &arg)
            .unwrap()
            .into_iter()
            .map(|m| m.key)
            .collect();
        assert_eq!(keys, ["b", "a"]);
        let error = |arg: ObjectArg| C.object("o", &arg).unwrap_err();
        assert_eq!(error(ObjectArg::Json("[1]".into())).got, "array");
        assert_eq!(error(ObjectArg::Json("{".into())).got, "invalid JSON");
        assert_eq!(error(ObjectArg::Other("string")).argument, "o");
        assert!(error(ObjectArg::Unserializable("cycle".into()))
            .message()
            .contains("cycle"));
    }

    fn check(json: &str) -> Result<(), ArgumentError> {
        let arg = ObjectArg::Json(json.into());
        let m = C.object("request", &arg).unwrap();
        C.list_options("request", &m)
    }

    #[test]
    fn list_options_check_each_known_key() {
        assert!(check(
            r#"{"size":1,"last":"x","order":"up","order_by":"?","filter":{},"extra":[]}"#
        )
        .is_ok());
        assert!(check(r#"{"size":1e+21}"#).is_ok());
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
