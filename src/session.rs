//! The seven session operations: their paths and the JSON bodies they send,
//! built exactly as pangea-node-sdk 5.6.0 builds them.

use crate::args::{ArgValue, ArgumentError, Checker, ObjectArg};
use crate::json::{write_string, Kind, Member};

/// One of the seven AuthN session operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `authn.client.session.invalidate(token, sessionID)`.
    ClientInvalidate,
    /// `authn.client.session.list(token, options)`.
    ClientList,
    /// `authn.client.session.logout(token)`.
    ClientLogout,
    /// `authn.client.session.refresh(refreshToken, options)`.
    ClientRefresh,
    /// `authn.session.invalidate(sessionID)`.
    Invalidate,
    /// `authn.session.list(request)`.
    List,
    /// `authn.session.logout(user_id)`.
    Logout,
}

impl Operation {
    /// Every operation, for tables and tests.
    pub const ALL: [Operation; 7] = [
        Operation::ClientInvalidate,
        Operation::ClientList,
        Operation::ClientLogout,
        Operation::ClientRefresh,
        Operation::Invalidate,
        Operation::List,
        Operation::Logout,
    ];

    /// The path relative to the base URL.
    pub const fn path(self) -> &'static str {
        match self {
            Operation::ClientInvalidate => "v2/client/session/invalidate",
            Operation::ClientList => "v2/client/session/list",
            Operation::ClientLogout => "v2/client/session/logout",
            Operation::ClientRefresh => "v2/client/session/refresh",
            Operation::Invalidate => "v2/session/invalidate",
            Operation::List => "v2/session/list",
            Operation::Logout => "v2/session/logout",
        }
    }

    /// The JavaScript method, as named in error messages.
    pub const fn method(self) -> &'static str {
        match self {
            Operation::ClientInvalidate => "client.session.invalidate",
            Operation::ClientList => "client.session.list",
            Operation::ClientLogout => "client.session.logout",
            Operation::ClientRefresh => "client.session.refresh",
            Operation::Invalidate => "session.invalidate",
            Operation::List => "session.list",
            Operation::Logout => "session.logout",
        }
    }

    const fn checker(self) -> Checker {
        Checker::new(self.method())
    }
}

/// A checked call: which operation, and its JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The operation.
    pub operation: Operation,
    /// The request body, serialised.
    pub body: String,
    /// The user and refresh tokens it carries, masked in any error message.
    pub secrets: Vec<String>,
}

/// Builds a JSON object text member by member, in order.
struct Body {
    text: String,
    secrets: Vec<String>,
}

impl Body {
    fn new() -> Self {
        Self {
            text: String::from("{"),
            secrets: Vec::new(),
        }
    }

    fn key(&mut self, raw_key: &str) {
        if self.text.len() > 1 {
            self.text.push(',');
        }
        self.text.push_str(raw_key);
        self.text.push(':');
    }

    /// A member with a string value.
    fn string(mut self, key: &str, value: &str) -> Self {
        let mut quoted = String::new();
        write_string(&mut quoted, key);
        self.key(&quoted);
        write_string(&mut self.text, value);
        self
    }

    /// A string member that is a token: also masked in error messages.
    fn secret(mut self, key: &str, value: String) -> Self {
        self = self.string(key, &value);
        self.secrets.push(value);
        self
    }

    /// A member copied from the caller's options, as their platform wrote it.
    fn member(mut self, member: &Member<'_>) -> Self {
        self.key(member.raw_key);
        self.text.push_str(member.raw);
        self
    }

    fn call(mut self, operation: Operation) -> Call {
        self.text.push('}');
        Call {
            operation,
            body: self.text,
            secrets: self.secrets,
        }
    }
}

fn type_error(op: Operation, argument: &str, expected: &'static str, got: Kind) -> ArgumentError {
    ArgumentError {
        method: op.method(),
        argument: argument.to_owned(),
        expected,
        got: got.type_name().to_owned(),
    }
}

/// `client.session.invalidate(token, sessionID)` → `{token, session_id}`.
pub fn client_invalidate(token: ArgValue, session_id: ArgValue) -> Result<Call, ArgumentError> {
    let op = Operation::ClientInvalidate;
    let c = op.checker();
    let token = c.string("token", token)?;
    let session_id = c.string("sessionID", session_id)?;
    Ok(Body::new()
        .secret("token", token)
        .string("session_id", &session_id)
        .call(op))
}

/// `client.session.list(token, options)` → `{token, ...options}`: options are
/// copied over the token, so an `options.token` wins (in the first place), as
/// with the SDK's object spread.
pub fn client_list(token: ArgValue, options: ObjectArg) -> Result<Call, ArgumentError> {
    let op = Operation::ClientList;
    let c = op.checker();
    let token = c.string("token", token)?;
    let members = c.object("options", &options)?;
    c.list_options("options", &members)?;
    let mut body = match members.iter().find(|m| m.key == "token") {
        Some(own) => {
            let mut body = Body::new().member(own);
            body.secrets.extend(own.string_value());
            body
        }
        None => Body::new().secret("token", token),
    };
    for member in members.iter().filter(|m| m.key != "token") {
        body = body.member(member);
    }
    Ok(body.call(op))
}

/// `client.session.logout(token)` → `{token}`.
pub fn client_logout(token: ArgValue) -> Result<Call, ArgumentError> {
    let op = Operation::ClientLogout;
    let token = op.checker().string("token", token)?;
    Ok(Body::new().secret("token", token).call(op))
}

/// `client.session.refresh(refreshToken, options)` → `{refresh_token, user_token?}`.
///
/// `options` may be omitted (the SDK throws a `TypeError` then). `user_token` is
/// sent only when it is a non-empty string, as the SDK sends it only when truthy;
/// a value of another type is an error.
pub fn client_refresh(refresh_token: ArgValue, options: ObjectArg) -> Result<Call, ArgumentError> {
    let op = Operation::ClientRefresh;
    let c = op.checker();
    let refresh_token = c.string("refreshToken", refresh_token)?;
    let members = c.object("options", &options)?;
    let body = Body::new().secret("refresh_token", refresh_token);
    let body = match members.iter().find(|m| m.key == "user_token") {
        None => body,
        Some(m) => match (m.kind, m.string_value()) {
            (Kind::Null, _) => body,
            (Kind::String, Some(user_token)) if user_token.is_empty() => body,
            (Kind::String, Some(user_token)) => body.secret("user_token", user_token),
            (Kind::String, None) => {
                return Err(ArgumentError {
                    method: op.method(),
                    argument: "options.user_token".to_owned(),
                    expected: "a well-formed string",
                    got: "a string with unpaired surrogates".to_owned(),
                })
            }
            (kind, _) => return Err(type_error(op, "options.user_token", "a string", kind)),
        },
    };
    Ok(body.call(op))
}

/// `session.invalidate(sessionID)` → `{session_id}`.
pub fn invalidate(session_id: ArgValue) -> Result<Call, ArgumentError> {
    let op = Operation::Invalidate;
    let session_id = op.checker().string("sessionID", session_id)?;
    Ok(Body::new().string("session_id", &session_id).call(op))
}

/// `session.list(request)` → the request object as given.
pub fn list(request: ObjectArg) -> Result<Call, ArgumentError> {
    let op = Operation::List;
    let c = op.checker();
    let members = c.object("request", &request)?;
    c.list_options("request", &members)?;
    Ok(members.iter().fold(Body::new(), Body::member).call(op))
}

/// `session.logout(user_id)` → `{user_id}`.
pub fn logout(user_id: ArgValue) -> Result<Call, ArgumentError> {
    let op = Operation::Logout;
    let user_id = op.checker().string("user_id", user_id)?;
    Ok(Body::new().string("user_id", &user_id).call(op))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn s(v: &str) -> ArgValue {
        ArgValue::Str(v.to_owned())
    }
    fn j(v: &str) -> ObjectArg {
        ObjectArg::Json(v.to_owned())
    }

    #[test]
    fn bodies_match_the_node_sdk() {
        let cases = [
            (
                client_invalidate(s("ptu_a"), s("pmt_b")),
                r#"{"token":"ptu_a","session_id":"pmt_b"}"#,
            ),
            (
                client_list(s("ptu_a"), ObjectArg::Undefined),
                r#"{"token":"ptu_a"}"#,
            ),
            (
                client_list(s("t"), j(r#"{"order_by":"id","size":2}"#)),
                r#"{"token":"t","order_by":"id","size":2}"#,
            ),
            (
                client_list(s("t"), j(r#"{"size":2,"token":"u"}"#)),
                r#"{"token":"u","size":2}"#,
            ),
            (client_logout(s("ptu_a")), r#"{"token":"ptu_a"}"#),
            (
                client_refresh(s("ptr_a"), j(r#"{"user_token":"ptu_b"}"#)),
                r#"{"refresh_token":"ptr_a","user_token":"ptu_b"}"#,
            ),
            (
                client_refresh(s("ptr_a"), j(r#"{"user_token":""}"#)),
                r#"{"refresh_token":"ptr_a"}"#,
            ),
            (
                client_refresh(s("ptr_a"), ObjectArg::Undefined),
                r#"{"refresh_token":"ptr_a"}"#,
            ),
            (
                client_refresh(s("ptr_a"), j(r#"{"other":1}"#)),
                r#"{"refresh_token":"ptr_a"}"#,
            ),
            (invalidate(s("pmt_b")), r#"{"session_id":"pmt_b"}"#),
            (list(ObjectArg::Undefined), "{}"),
            (
                list(j(
                    r#"{"order":"desc","order_by":"created_at","filter":{"email__in":["a"]}}"#,
                )),
                r#"{"order":"desc","order_by":"created_at","filter":{"email__in":["a"]}}"#,
            ),
            (logout(s("pui_x")), r#"{"user_id":"pui_x"}"#),
        ];
        for (call, body) in cases {
            assert_eq!(call.unwrap().body, body);
        }
    }

    #[test]
    fn calls_know_the_tokens_they_carry() {
        let call = client_refresh(s("ptr_a"), j(r#"{"user_token":"ptu_b"}"#)).unwrap();
        assert_eq!(call.secrets, ["ptr_a", "ptu_b"]);
        assert!(logout(s("pui_x")).unwrap().secrets.is_empty());
    }

    #[test]
    fn strings_are_escaped_and_non_ascii_kept() {
        let call = logout(s("é\"\\\n\u{1F600}")).unwrap();
        assert_eq!(call.body, "{\"user_id\":\"é\\\"\\\\\\n\u{1F600}\"}");
    }

    #[test]
    fn large_and_fractional_numbers_pass_through_unchanged() {
        let call = list(j(r#"{"size":1e+21,"filter":{"x":0.1}}"#)).unwrap();
        assert_eq!(call.body, r#"{"size":1e+21,"filter":{"x":0.1}}"#);
    }

    #[test]
    fn errors_name_the_method_and_argument() {
        let e = client_invalidate(s("t"), ArgValue::Other("number")).unwrap_err();
        assert_eq!(
            (e.method, e.argument.as_str()),
            ("client.session.invalidate", "sessionID")
        );
        let e = client_refresh(s("t"), j(r#"{"user_token":5}"#)).unwrap_err();
        assert_eq!(e.argument, "options.user_token");
        let e = client_list(s("t"), j(r#"{"size":0}"#)).unwrap_err();
        assert_eq!(e.argument, "options.size");
        let e = list(ObjectArg::Other("null")).unwrap_err();
        assert_eq!((e.argument.as_str(), e.got.as_str()), ("request", "null"));
        assert_eq!(logout(ArgValue::Undefined).unwrap_err().argument, "user_id");
    }

    #[test]
    fn paths_are_distinct_v2_routes() {
        let mut paths: Vec<_> = Operation::ALL.iter().map(|o| o.path()).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), 7);
        assert!(paths.iter().all(|p| p.starts_with("v2/")));
    }
}
