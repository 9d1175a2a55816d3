//! List ordering: `order` × `order_by`, with the session id as tie-breaker so
//! the order is total and paging is stable.

use std::cmp::Ordering;

use crate::clock::Micros;
use crate::model::{Session, User, SESSION_TYPE};

/// Sort direction (default `asc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Ascending.
    #[default]
    Asc,
    /// Descending (the exact reverse of ascending, tie-breaker included).
    Desc,
}

impl Order {
    /// Parses `asc` / `desc`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "asc" => Some(Self::Asc),
            "desc" => Some(Self::Desc),
            _ => None,
        }
    }

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }

    /// Applies the direction to an ascending comparison.
    pub fn apply(self, ascending: Ordering) -> Ordering {
        match self {
            Self::Asc => ascending,
            Self::Desc => ascending.reverse(),
        }
    }
}

/// The field to order by (default `created_at`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderBy {
    /// Session id.
    Id,
    /// Creation time (as an instant).
    #[default]
    CreatedAt,
    /// Session type.
    Type,
    /// Owner's user id.
    Identity,
    /// Owner's email.
    Email,
    /// Expiry (as an instant).
    Expire,
    /// Active token id.
    ActiveTokenId,
}

/// Every `order_by` value, in the spec's order.
pub const ORDER_BY_ALL: [OrderBy; 7] = [
    OrderBy::Id,
    OrderBy::CreatedAt,
    OrderBy::Type,
    OrderBy::Identity,
    OrderBy::Email,
    OrderBy::Expire,
    OrderBy::ActiveTokenId,
];

impl OrderBy {
    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        ORDER_BY_ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::CreatedAt => "created_at",
            Self::Type => "type",
            Self::Identity => "identity",
            Self::Email => "email",
            Self::Expire => "expire",
            Self::ActiveTokenId => "active_token_id",
        }
    }

    /// True for the fields compared as instants.
    pub fn is_time(self) -> bool {
        matches!(self, Self::CreatedAt | Self::Expire)
    }
}

/// The value a session is sorted on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey<'a> {
    /// String fields (byte-wise comparison).
    Str(&'a str),
    /// Time fields.
    Time(Micros),
}

/// The sort key of `session` for `order_by`.
pub fn sort_key<'a>(order_by: OrderBy, session: &'a Session, user: &'a User) -> SortKey<'a> {
    match order_by {
        OrderBy::Id => SortKey::Str(&session.id),
        OrderBy::CreatedAt => SortKey::Time(session.created_at.at),
        OrderBy::Type => SortKey::Str(SESSION_TYPE),
        OrderBy::Identity => SortKey::Str(&user.id),
        OrderBy::Email => SortKey::Str(&user.email),
        OrderBy::Expire => SortKey::Time(session.expire.at),
        OrderBy::ActiveTokenId => SortKey::Str(&session.active_token_id),
    }
}

/// Compares (key, id) pairs in the requested direction.
pub fn compare(order: Order, a: (&SortKey<'_>, &str), b: (&SortKey<'_>, &str)) -> Ordering {
    order.apply(a.0.cmp(b.0).then_with(|| a.1.cmp(b.1)))
}
