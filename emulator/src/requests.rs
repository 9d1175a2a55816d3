//! The seven operations' request bodies: parsed and checked against the
//! OpenAPI request schemas, reporting every problem with a JSON Pointer.

use serde_json::{Map, Value};

use crate::clock;
use crate::cursor::Cursor;
use crate::filter::{self, Cond, Filter, KeyKind, StrOp};
use crate::ids;
use crate::order::{Order, OrderBy};
use crate::patterns;
use crate::store::ListQuery;
use crate::validate::{self as v, Code, Errors};

/// Default page size of list calls.
pub const DEFAULT_SIZE: usize = 20;
/// Largest page size; larger requests are clamped (the spec sets no maximum).
pub const MAX_SIZE: usize = 1000;

/// The seven API operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `POST /v2/client/session/invalidate`
    ClientInvalidate,
    /// `POST /v2/client/session/list`
    ClientList,
    /// `POST /v2/client/session/logout`
    ClientLogout,
    /// `POST /v2/client/session/refresh`
    ClientRefresh,
    /// `POST /v2/session/invalidate`
    SessionInvalidate,
    /// `POST /v2/session/list`
    SessionList,
    /// `POST /v2/session/logout`
    SessionLogout,
}

/// Every operation with its path.
pub const OPS: [(Op, &str); 7] = [
    (Op::ClientInvalidate, "/v2/client/session/invalidate"),
    (Op::ClientList, "/v2/client/session/list"),
    (Op::ClientLogout, "/v2/client/session/logout"),
    (Op::ClientRefresh, "/v2/client/session/refresh"),
    (Op::SessionInvalidate, "/v2/session/invalidate"),
    (Op::SessionList, "/v2/session/list"),
    (Op::SessionLogout, "/v2/session/logout"),
];

impl Op {
    /// True for the `/v2/client/*` operations (client token accepted).
    pub fn is_client(self) -> bool {
        matches!(
            self,
            Self::ClientInvalidate | Self::ClientList | Self::ClientLogout | Self::ClientRefresh
        )
    }
}

/// A validated request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Client invalidate.
    ClientInvalidate {
        /// User token.
        token: String,
        /// Session to end.
        session_id: String,
    },
    /// Client list.
    ClientList {
        /// User token.
        token: String,
        /// Filter, order, page.
        query: ListQuery,
    },
    /// Client logout.
    ClientLogout {
        /// User token.
        token: String,
    },
    /// Client refresh.
    ClientRefresh {
        /// Refresh token.
        refresh_token: String,
        /// Optional user token of the same session.
        user_token: Option<String>,
    },
    /// Service invalidate.
    SessionInvalidate {
        /// Session to end.
        session_id: String,
    },
    /// Service list.
    SessionList {
        /// Filter, order, page.
        query: ListQuery,
    },
    /// Service logout.
    SessionLogout {
        /// User whose sessions end.
        user_id: String,
    },
}

/// Parses and validates `body` for `op`.
pub fn parse(op: Op, body: &[u8]) -> Result<Request, Errors> {
    let value = parse_json(body)?;
    let mut errors = Errors::default();
    let Some(map) = v::object(&value, "", &mut errors) else {
        return Err(errors);
    };
    let request = match op {
        Op::ClientInvalidate => client_invalidate(map, &mut errors),
        Op::ClientList => client_list(map, &mut errors),
        Op::ClientLogout => client_logout(map, &mut errors),
        Op::ClientRefresh => client_refresh(map, &mut errors),
        Op::SessionInvalidate => session_invalidate(map, &mut errors),
        Op::SessionList => list_query(map, &mut errors).map(|query| Request::SessionList { query }),
        Op::SessionLogout => session_logout(map, &mut errors),
    };
    match request {
        Some(r) if errors.is_empty() => Ok(r),
        _ => Err(errors),
    }
}

/// Parses the body as JSON; `BadFormat` at `""` when it is not.
pub fn parse_json(body: &[u8]) -> Result<Value, Errors> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Errors::one(
            Code::BadFormat,
            "",
            "the request body is empty; expected a JSON object",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        Errors::one(
            Code::BadFormat,
            "",
            format!("the request body is not valid JSON: {e}"),
        )
    })
}

/// A required string field that must satisfy `pattern`.
fn required_str(
    map: &Map<String, Value>,
    key: &str,
    pattern: (fn(&str) -> bool, &str),
    errors: &mut Errors,
) -> Option<String> {
    let value = v::required(map, key, "", errors)?;
    checked_str(value, key, pattern, errors)
}

/// An optional string field that must satisfy `pattern` when present.
fn optional_str(
    map: &Map<String, Value>,
    key: &str,
    pattern: (fn(&str) -> bool, &str),
    errors: &mut Errors,
) -> Option<Option<String>> {
    match map.get(key) {
        None => Some(None),
        Some(value) => checked_str(value, key, pattern, errors).map(Some),
    }
}

fn checked_str(
    value: &Value,
    key: &str,
    (matches, description): (fn(&str) -> bool, &str),
    errors: &mut Errors,
) -> Option<String> {
    let source = v::pointer("", key);
    let s = v::string(value, &source, errors)?;
    if matches(s) {
        Some(s.to_owned())
    } else {
        errors.push(
            Code::DoesNotMatchPattern,
            &source,
            format!("{key} must be {description}"),
        );
        None
    }
}

const USER_TOKEN: (fn(&str) -> bool, &str) = (
    patterns::is_user_token,
    "a user token: ptu_ followed by 32 characters of [a-z2-7], or a JWT",
);
const TOKEN_ID: (fn(&str) -> bool, &str) = (
    is_token_id,
    "a session id: pmt_ followed by 32 characters of [a-z2-7]",
);
const REFRESH_TOKEN: (fn(&str) -> bool, &str) = (
    is_refresh_token,
    "a refresh token: ptr_ followed by 32 characters of [a-z2-7]",
);
const IDENTITY: (fn(&str) -> bool, &str) = (
    patterns::is_identity,
    "an identity matching ^[a-zA-Z0-9 '.:/_-]+$",
);

fn is_token_id(s: &str) -> bool {
    ids::is_id(s, ids::TOKEN_ID)
}

fn is_refresh_token(s: &str) -> bool {
    ids::is_id(s, ids::REFRESH_TOKEN)
}

fn client_invalidate(map: &Map<String, Value>, errors: &mut Errors) -> Option<Request> {
    let token = required_str(map, "token", USER_TOKEN, errors);
    let session_id = required_str(map, "session_id", TOKEN_ID, errors);
    v::reject_unknown_keys(
        map,
        &["token", "session_id"],
        "",
        Code::UnexpectedProperty,
        errors,
    );
    Some(Request::ClientInvalidate {
        token: token?,
        session_id: session_id?,
    })
}

fn client_list(map: &Map<String, Value>, errors: &mut Errors) -> Option<Request> {
    let token = required_str(map, "token", USER_TOKEN, errors);
    let query = list_query(map, errors);
    // The schema says `unevaluatedProperties: false` here, hence this code.
    v::reject_unknown_keys(
        map,
        &["token", "filter", "last", "order", "order_by", "size"],
        "",
        Code::NoUnevaluatedProperties,
        errors,
    );
    Some(Request::ClientList {
        token: token?,
        query: query?,
    })
}

fn client_logout(map: &Map<String, Value>, errors: &mut Errors) -> Option<Request> {
    let token = required_str(map, "token", USER_TOKEN, errors);
    v::reject_unknown_keys(map, &["token"], "", Code::UnexpectedProperty, errors);
    Some(Request::ClientLogout { token: token? })
}

fn client_refresh(map: &Map<String, Value>, errors: &mut Errors) -> Option<Request> {
    let refresh_token = required_str(map, "refresh_token", REFRESH_TOKEN, errors);
    let user_token = optional_str(map, "user_token", USER_TOKEN, errors);
    v::reject_unknown_keys(
        map,
        &["refresh_token", "user_token"],
        "",
        Code::UnexpectedProperty,
        errors,
    );
    Some(Request::ClientRefresh {
        refresh_token: refresh_token?,
        user_token: user_token?,
    })
}

fn session_invalidate(map: &Map<String, Value>, errors: &mut Errors) -> Option<Request> {
    let session_id = required_str(map, "session_id", TOKEN_ID, errors);
    // `user_initiated` is accepted and checked but changes nothing here.
    let initiated_ok = match map.get("user_initiated") {
        Some(value) => v::boolean(value, "/user_initiated", errors).is_some(),
        None => true,
    };
    v::reject_unknown_keys(
        map,
        &["session_id", "user_initiated"],
        "",
        Code::UnexpectedProperty,
        errors,
    );
    initiated_ok.then_some(())?;
    Some(Request::SessionInvalidate {
        session_id: session_id?,
    })
}

fn session_logout(map: &Map<String, Value>, errors: &mut Errors) -> Option<Request> {
    let user_id = required_str(map, "user_id", IDENTITY, errors);
    v::reject_unknown_keys(map, &["user_id"], "", Code::UnexpectedProperty, errors);
    Some(Request::SessionLogout { user_id: user_id? })
}

/// `filter`, `last`, `order`, `order_by`, `size` (both list operations).
/// Unknown top-level keys are the caller's business: `session/list`'s schema
/// allows them, `client/session/list`'s does not.
fn list_query(map: &Map<String, Value>, errors: &mut Errors) -> Option<ListQuery> {
    let before = errors.list.len();
    let filter = map.get("filter").map(|f| parse_filter(f, errors));
    let order = map
        .get("order")
        .map(|o| parse_enum(o, "order", Order::parse, &["asc", "desc"], errors));
    let order_by = map.get("order_by").map(|o| {
        let names = crate::order::ORDER_BY_ALL.map(OrderBy::as_str);
        parse_enum(o, "order_by", OrderBy::parse, &names, errors)
    });
    let size = map.get("size").map(|s| parse_size(s, errors));
    let cursor = map.get("last").map(|l| parse_last(l, errors));
    if errors.list.len() != before {
        return None;
    }
    let cursor = cursor.flatten().flatten();
    let order = order.flatten();
    let order_by = order_by.flatten();
    check_cursor_ordering(cursor.as_ref(), order, order_by, errors)?;
    Some(ListQuery {
        filter: filter.flatten().unwrap_or_default(),
        // An omitted ordering continues the cursor's ordering.
        order: order
            .or(cursor.as_ref().map(|c| c.order))
            .unwrap_or_default(),
        order_by: order_by
            .or(cursor.as_ref().map(|c| c.order_by))
            .unwrap_or_default(),
        size: size.flatten().unwrap_or(DEFAULT_SIZE),
        after: cursor,
    })
}

fn parse_enum<T>(
    value: &Value,
    key: &str,
    parse: fn(&str) -> Option<T>,
    names: &[&str],
    errors: &mut Errors,
) -> Option<T> {
    let source = v::pointer("", key);
    let s = v::string(value, &source, errors)?;
    let parsed = parse(s);
    if parsed.is_none() {
        let detail = format!("{key} must be one of {}, not {s:?}", names.join(", "));
        errors.push(Code::NotEnumMember, &source, detail);
    }
    parsed
}

/// `size`: an integer ≥ 1; values above [`MAX_SIZE`] are clamped.
fn parse_size(value: &Value, errors: &mut Errors) -> Option<usize> {
    let n = v::integer(value, "/size", errors)?;
    if n < 1 {
        errors.push(
            Code::IsTooSmall,
            "/size",
            format!("size must be at least 1, not {n}"),
        );
        return None;
    }
    Some(usize::try_from(n).map_or(MAX_SIZE, |n| n.min(MAX_SIZE)))
}

/// `last`: `""` means "first page"; anything else must be a cursor we issued.
/// Returns `Some(None)` for the first page, `None` after recording an error.
fn parse_last(value: &Value, errors: &mut Errors) -> Option<Option<Cursor>> {
    let s = v::string(value, "/last", errors)?;
    if s.is_empty() {
        return Some(None);
    }
    match Cursor::decode(s) {
        Some(c) => Some(Some(c)),
        None => {
            let detail = "last is not a cursor issued by this server; send back the `last` value of a previous list result";
            errors.push(Code::BadFormat, "/last", detail);
            None
        }
    }
}

/// A cursor only makes sense in the ordering it was issued for.
fn check_cursor_ordering(
    cursor: Option<&Cursor>,
    order: Option<Order>,
    order_by: Option<OrderBy>,
    errors: &mut Errors,
) -> Option<()> {
    let Some(c) = cursor else { return Some(()) };
    let clash = order.is_some_and(|o| o != c.order) || order_by.is_some_and(|o| o != c.order_by);
    if clash {
        let detail = format!(
            "last was issued for order_by={} order={}; repeat that ordering (or omit it) when paging",
            c.order_by.as_str(),
            c.order.as_str()
        );
        errors.push(Code::BadState, "/last", detail);
        return None;
    }
    Some(())
}

/// Parses a `filter` object; returns `None` (with errors) when invalid.
fn parse_filter(value: &Value, errors: &mut Errors) -> Option<Filter> {
    let map = v::object(value, "/filter", errors)?;
    let before = errors.list.len();
    let mut conds = Vec::with_capacity(map.len());
    for (key, value) in map {
        let source = v::pointer("/filter", key);
        match filter::classify(key) {
            Some(kind) => {
                if let Some(c) = parse_cond(kind, value, &source, errors) {
                    conds.push(c);
                }
            }
            None => {
                let detail = format!("{key:?} is not a filter key of authn-filter-tokens");
                errors.push(Code::UnexpectedProperty, &source, detail);
            }
        }
    }
    (errors.list.len() == before).then_some(Filter { conds })
}

fn parse_cond(kind: KeyKind, value: &Value, source: &str, errors: &mut Errors) -> Option<Cond> {
    Some(match kind {
        KeyKind::Str(field, StrOp::Eq) => Cond::Str(
            field,
            StrOp::Eq,
            vec![v::string(value, source, errors)?.to_owned()],
        ),
        KeyKind::Str(field, op) => Cond::Str(field, op, v::string_array(value, source, errors)?),
        KeyKind::Time(field, cmp) => {
            let text = v::string(value, source, errors)?;
            let Some(t) = clock::parse(text) else {
                let detail = format!("{text:?} is not an RFC 3339 date-time");
                errors.push(Code::BadFormatDateTime, source, detail);
                return None;
            };
            Cond::Time(field, cmp, t)
        }
        KeyKind::Scopes => Cond::Scopes(scopes(value, source, errors)?),
        KeyKind::Enabled => Cond::Enabled(v::boolean(value, source, errors)?),
        KeyKind::ProfileEq(k) => Cond::ProfileEq(k, v::string(value, source, errors)?.to_owned()),
        KeyKind::ProfileContains(k) => {
            Cond::ProfileContains(k, v::string_array(value, source, errors)?)
        }
        KeyKind::ProfileExists(k) => Cond::ProfileExists(k, v::boolean(value, source, errors)?),
    })
}

/// `filter.scopes`: strings, each matching the `authn-scope` pattern.
fn scopes(value: &Value, source: &str, errors: &mut Errors) -> Option<Vec<String>> {
    let list = v::string_array(value, source, errors)?;
    let mut ok = true;
    for (i, s) in list.iter().enumerate() {
        if !patterns::is_scope(s) {
            let detail = format!("scope {s:?} does not match ^[a-zA-Z0-9:*/_=-]+$");
            errors.push(Code::DoesNotMatchPattern, &format!("{source}/{i}"), detail);
            ok = false;
        }
    }
    ok.then_some(list)
}
