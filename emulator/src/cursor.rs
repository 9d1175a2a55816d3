//! The opaque `last` cursor of list results.
//!
//! A cursor names a position in one ordering: the ordering itself (`order`,
//! `order_by`) and the sort key and id of the last session returned. The next
//! page starts strictly after that position (keyset paging), so sessions
//! invalidated between pages never shift later ones and every session that
//! stays unchanged is returned exactly once. Wire form: base64url (no
//! padding) of the JSON array `[1, order_by, order, key, id]`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Value};

use crate::order::{Order, OrderBy, SortKey};

/// Version tag inside the encoded form.
const VERSION: u64 = 1;

/// Longest cursor accepted (real ones are far shorter); bounds decoding work.
const MAX_LEN: usize = 4096;

/// A decoded position in an ordering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Ordering field the cursor was issued for.
    pub order_by: OrderBy,
    /// Direction the cursor was issued for.
    pub order: Order,
    /// Sort key of the last session returned.
    pub key: OwnedKey,
    /// Id of the last session returned (tie-breaker).
    pub id: String,
}

/// An owned [`SortKey`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnedKey {
    /// String key.
    Str(String),
    /// Instant key (microseconds).
    Time(i64),
}

impl OwnedKey {
    /// Borrows as a [`SortKey`].
    pub fn as_key(&self) -> SortKey<'_> {
        match self {
            Self::Str(s) => SortKey::Str(s),
            Self::Time(t) => SortKey::Time(*t),
        }
    }
}

impl From<&SortKey<'_>> for OwnedKey {
    fn from(k: &SortKey<'_>) -> Self {
        match k {
            SortKey::Str(s) => Self::Str((*s).to_owned()),
            SortKey::Time(t) => Self::Time(*t),
        }
    }
}

impl Cursor {
    /// The opaque wire form.
    pub fn encode(&self) -> String {
        let key = match &self.key {
            OwnedKey::Str(s) => json!(s),
            OwnedKey::Time(t) => json!(t),
        };
        let v = json!([
            VERSION,
            self.order_by.as_str(),
            self.order.as_str(),
            key,
            self.id
        ]);
        URL_SAFE_NO_PAD.encode(v.to_string())
    }

    /// Decodes a wire form; `None` for anything this server did not issue.
    pub fn decode(text: &str) -> Option<Self> {
        if text.len() > MAX_LEN {
            return None;
        }
        let raw = URL_SAFE_NO_PAD.decode(text).ok()?;
        let v: Value = serde_json::from_slice(&raw).ok()?;
        let [version, order_by, order, key, id] = v.as_array()?.as_slice() else {
            return None;
        };
        if version.as_u64()? != VERSION {
            return None;
        }
        let order_by = OrderBy::parse(order_by.as_str()?)?;
        let order = Order::parse(order.as_str()?)?;
        let key = if order_by.is_time() {
            OwnedKey::Time(key.as_i64()?)
        } else {
            OwnedKey::Str(key.as_str()?.to_owned())
        };
        Some(Self {
            order_by,
            order,
            key,
            id: id.as_str()?.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn round_trips() {
        for key in [OwnedKey::Time(-5), OwnedKey::Str("a|b\"c".into())] {
            let order_by = if matches!(key, OwnedKey::Time(_)) {
                OrderBy::Expire
            } else {
                OrderBy::Email
            };
            let c = Cursor {
                order_by,
                order: Order::Desc,
                key,
                id: "pmt_x".into(),
            };
            assert_eq!(Cursor::decode(&c.encode()), Some(c));
        }
    }

    #[test]
    fn rejects_foreign_text() {
        for bad in ["", "Mjoy", "!!!", "WzEsImlkIl0"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}
