//! List filters (schema `authn-filter-tokens`): which keys exist, what they
//! mean, and whether a session matches.

use crate::clock::Micros;
use crate::model::{Session, User, SESSION_TYPE};

/// A string-valued field a filter can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrField {
    /// Session id.
    Id,
    /// Session type (always `session`).
    Type,
    /// Owner's user id.
    Identity,
    /// Owner's email.
    Email,
    /// Id of the active user token.
    ActiveTokenId,
    /// Owner's user name (sessions of users without one never match).
    Username,
}

/// How a string field is tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrOp {
    /// Bare key: equals the string.
    Eq,
    /// `__contains`: contains every listed substring.
    Contains,
    /// `__in`: equals one of the listed strings.
    In,
}

/// A time-valued field a filter can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeField {
    /// Session creation time.
    CreatedAt,
    /// Session expiry.
    Expire,
}

/// A time comparison (instants, not text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// Bare key.
    Eq,
    /// `__gt`
    Gt,
    /// `__gte`
    Gte,
    /// `__lt`
    Lt,
    /// `__lte`
    Lte,
}

/// What a filter key asks for, before its value is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyKind {
    /// A string field with an operator; the value is a string for `Eq`, an
    /// array of strings otherwise.
    Str(StrField, StrOp),
    /// A time field with a comparison; the value is an RFC 3339 string.
    Time(TimeField, Cmp),
    /// `scopes`: array of scopes that must all be present.
    Scopes,
    /// `enabled`: boolean compared with the owner's `enabled`.
    Enabled,
    /// `profile_<X>`: string equality on profile field `X`.
    ProfileEq(String),
    /// `profile_<X>__contains`: array; the field contains one of the substrings.
    ProfileContains(String),
    /// `profile_<X>__exists`: boolean; whether the profile has field `X`.
    ProfileExists(String),
}

/// One parsed filter condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cond {
    /// String field test.
    Str(StrField, StrOp, Vec<String>),
    /// Time field comparison.
    Time(TimeField, Cmp, Micros),
    /// Every listed scope present.
    Scopes(Vec<String>),
    /// Owner enabled flag equals.
    Enabled(bool),
    /// Profile field equals.
    ProfileEq(String, String),
    /// Profile field contains one of the substrings.
    ProfileContains(String, Vec<String>),
    /// Profile field presence.
    ProfileExists(String, bool),
}

/// A conjunction of conditions; the empty filter matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// All must hold.
    pub conds: Vec<Cond>,
}

/// Classifies a filter key; `None` for keys the schema does not define.
pub fn classify(key: &str) -> Option<KeyKind> {
    if let Some(rest) = key.strip_prefix("profile_") {
        return classify_profile(rest);
    }
    let (base, suffix) = match key.split_once("__") {
        Some((b, s)) => (b, Some(s)),
        None => (key, None),
    };
    match base {
        "created_at" => time_kind(TimeField::CreatedAt, suffix),
        "expire" => time_kind(TimeField::Expire, suffix),
        "scopes" if suffix.is_none() => Some(KeyKind::Scopes),
        "enabled" if suffix.is_none() => Some(KeyKind::Enabled),
        _ => str_kind(str_field(base)?, suffix),
    }
}

fn str_field(base: &str) -> Option<StrField> {
    Some(match base {
        "id" => StrField::Id,
        "type" => StrField::Type,
        "identity" => StrField::Identity,
        "email" => StrField::Email,
        "active_token_id" => StrField::ActiveTokenId,
        "username" => StrField::Username,
        _ => return None,
    })
}

fn str_kind(field: StrField, suffix: Option<&str>) -> Option<KeyKind> {
    let op = match suffix {
        None => StrOp::Eq,
        Some("contains") => StrOp::Contains,
        Some("in") => StrOp::In,
        Some(_) => return None,
    };
    Some(KeyKind::Str(field, op))
}

fn time_kind(field: TimeField, suffix: Option<&str>) -> Option<KeyKind> {
    let cmp = match suffix {
        None => Cmp::Eq,
        Some("gt") => Cmp::Gt,
        Some("gte") => Cmp::Gte,
        Some("lt") => Cmp::Lt,
        Some("lte") => Cmp::Lte,
        Some(_) => return None,
    };
    Some(KeyKind::Time(field, cmp))
}

/// `profile_<X>[__contains|__exists]`. The spec's `X` is `[A-Za-z]+`; we also
/// accept digits, `_` and `-` so fields such as `first_name` are reachable.
fn classify_profile(rest: &str) -> Option<KeyKind> {
    let (name, kind): (&str, fn(String) -> KeyKind) =
        if let Some(n) = rest.strip_suffix("__contains") {
            (n, KeyKind::ProfileContains)
        } else if let Some(n) = rest.strip_suffix("__exists") {
            (n, KeyKind::ProfileExists)
        } else {
            (rest, KeyKind::ProfileEq)
        };
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    valid.then(|| kind(name.to_owned()))
}

impl Filter {
    /// True when every condition holds for `session` owned by `user`.
    pub fn matches(&self, session: &Session, user: &User) -> bool {
        self.conds.iter().all(|c| cond_matches(c, session, user))
    }
}

fn cond_matches(cond: &Cond, session: &Session, user: &User) -> bool {
    match cond {
        Cond::Str(field, op, values) => match str_value(*field, session, user) {
            Some(v) => str_matches(v, *op, values),
            None => false,
        },
        Cond::Time(field, cmp, t) => {
            let v = match field {
                TimeField::CreatedAt => session.created_at.at,
                TimeField::Expire => session.expire.at,
            };
            time_matches(v, *cmp, *t)
        }
        Cond::Scopes(wanted) => wanted.iter().all(|w| session.scopes.contains(w)),
        Cond::Enabled(e) => user.enabled == *e,
        Cond::ProfileEq(k, v) => session.profile.get(k) == Some(v),
        Cond::ProfileContains(k, subs) => session
            .profile
            .get(k)
            .is_some_and(|v| subs.iter().any(|s| v.contains(s.as_str()))),
        Cond::ProfileExists(k, e) => session.profile.contains_key(k) == *e,
    }
}

fn str_value<'a>(field: StrField, session: &'a Session, user: &'a User) -> Option<&'a str> {
    Some(match field {
        StrField::Id => &session.id,
        StrField::Type => SESSION_TYPE,
        StrField::Identity => &user.id,
        StrField::Email => &user.email,
        StrField::ActiveTokenId => &session.active_token_id,
        StrField::Username => user.username.as_deref()?,
    })
}

fn str_matches(value: &str, op: StrOp, wanted: &[String]) -> bool {
    match op {
        StrOp::Eq | StrOp::In => wanted.iter().any(|w| w == value),
        StrOp::Contains => wanted.iter().all(|w| value.contains(w.as_str())),
    }
}

fn time_matches(value: Micros, cmp: Cmp, bound: Micros) -> bool {
    match cmp {
        Cmp::Eq => value == bound,
        Cmp::Gt => value > bound,
        Cmp::Gte => value >= bound,
        Cmp::Lt => value < bound,
        Cmp::Lte => value <= bound,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn classifies_every_documented_key() {
        use KeyKind as K;
        assert_eq!(classify("id"), Some(K::Str(StrField::Id, StrOp::Eq)));
        assert_eq!(
            classify("email__in"),
            Some(K::Str(StrField::Email, StrOp::In))
        );
        assert_eq!(
            classify("active_token_id__contains"),
            Some(K::Str(StrField::ActiveTokenId, StrOp::Contains))
        );
        assert_eq!(
            classify("expire__lte"),
            Some(K::Time(TimeField::Expire, Cmp::Lte))
        );
        assert_eq!(classify("scopes"), Some(K::Scopes));
        assert_eq!(classify("enabled"), Some(K::Enabled));
        assert_eq!(
            classify("profile_first_name__exists"),
            Some(K::ProfileExists("first_name".into()))
        );
        assert_eq!(
            classify("profile_country"),
            Some(K::ProfileEq("country".into()))
        );
        for bad in [
            "nope",
            "id__gt",
            "created_at__in",
            "scopes__in",
            "profile_",
            "profile___exists",
            "profile_a b",
            "",
        ] {
            assert_eq!(classify(bad), None, "{bad}");
        }
    }
}
