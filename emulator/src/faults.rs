//! Fault injection: the FIFO queue of planned faults, the seeded random mode,
//! and the parsing of `POST /_emulator/faults` bodies.

use std::collections::VecDeque;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Map, Value};

use crate::validate::{self as v, Code, Errors};

/// Longest delay a `delay` fault may ask for (10 minutes).
pub const MAX_DELAY_MS: u64 = 600_000;
/// Longest random delay (1 minute).
pub const MAX_RANDOM_DELAY_MS: u64 = 60_000;
/// The HTTP codes random mode picks from.
pub const RANDOM_CODES: [u16; 4] = [500, 502, 503, 504];

/// What an injected fault does to one request.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Answer with this HTTP code and body shape instead of the real reply.
    Status(StatusFault),
    /// Do the real work, answer 202 and make `/request/{id}` answer 202
    /// `polls` more times before giving the real reply.
    Accepted {
        /// Polls answered 202 before the result.
        polls: u32,
    },
    /// Wait, then answer normally.
    Delay {
        /// Milliseconds to wait.
        ms: u64,
    },
    /// Never answer; the request ends when the client leaves (or after 10 min).
    Hang,
    /// Close the connection without any reply.
    Drop,
    /// Send the real headers and half the body, then close the connection.
    Truncate,
}

/// The parameters of a `status` fault.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusFault {
    /// HTTP status code.
    pub http: u16,
    /// Body shape.
    pub body: BodyKind,
    /// Envelope `status` override.
    pub status: Option<String>,
    /// Envelope `summary` override.
    pub summary: Option<String>,
    /// Envelope `result` override (default `null`).
    pub result: Option<Value>,
    /// Whether to send an `x-request-id` header (default true).
    pub request_id_header: bool,
}

/// Body shapes of a `status` fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// A proper envelope.
    Json,
    /// A proxy-style HTML error page.
    Html,
    /// A plain-text error line.
    Text,
    /// No body at all.
    Empty,
    /// Valid JSON that is not an object (`[1,2]`).
    NotObject,
    /// The envelope cut in half (Content-Length matches what is sent).
    Truncated,
}

impl BodyKind {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "json" => Self::Json,
            "html" => Self::Html,
            "text" => Self::Text,
            "empty" => Self::Empty,
            "not_object" => Self::NotObject,
            "truncated" => Self::Truncated,
            _ => return None,
        })
    }
}

/// One queued fault.
#[derive(Debug, Clone, PartialEq)]
struct Queued {
    path: Option<String>,
    remaining: u64,
    action: Action,
    /// The action as it was posted, for `GET /_emulator/faults`.
    described: Value,
}

/// Random mode: every matching request may fail and is delayed.
#[derive(Debug, Clone)]
struct RandomMode {
    path: Option<String>,
    rate: f64,
    max_delay_ms: u64,
    rng: ChaCha8Rng,
    described: Value,
    draws: u64,
}

/// What to do to one API request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Wait this long first.
    pub delay_ms: u64,
    /// Then do this instead of (or around) the normal reply.
    pub action: Option<Action>,
}

/// A parsed `POST /_emulator/faults` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFault {
    path: Option<String>,
    times: u64,
    action: NewAction,
    described: Value,
}

#[derive(Debug, Clone, PartialEq)]
enum NewAction {
    Queue(Action),
    Random {
        rate: f64,
        seed: u64,
        max_delay_ms: u64,
    },
}

/// Pending faults and random mode.
#[derive(Debug, Default)]
pub struct Faults {
    queue: VecDeque<Queued>,
    random: Option<RandomMode>,
}

impl Faults {
    /// Appends queued faults; a `random` entry switches random mode on.
    pub fn add(&mut self, faults: Vec<NewFault>) {
        for f in faults {
            match f.action {
                NewAction::Queue(action) => self.queue.push_back(Queued {
                    path: f.path,
                    remaining: f.times,
                    action,
                    described: f.described,
                }),
                NewAction::Random {
                    rate,
                    seed,
                    max_delay_ms,
                } => {
                    self.random = Some(RandomMode {
                        path: f.path,
                        rate,
                        max_delay_ms,
                        rng: ChaCha8Rng::seed_from_u64(seed),
                        described: f.described,
                        draws: 0,
                    });
                }
            }
        }
    }

    /// Drops the queue and random mode.
    pub fn clear(&mut self) {
        self.queue.clear();
        self.random = None;
    }

    /// Consumes what applies to a request for `path`: the first matching
    /// queued fault, otherwise a random-mode draw.
    pub fn plan(&mut self, path: &str) -> Plan {
        if let Some(pos) = self
            .queue
            .iter()
            .position(|q| path_matches(q.path.as_deref(), path))
        {
            let action = self.queue.get_mut(pos).map(|q| {
                q.remaining = q.remaining.saturating_sub(1);
                q.action.clone()
            });
            if self.queue.get(pos).is_some_and(|q| q.remaining == 0) {
                self.queue.remove(pos);
            }
            return Plan {
                delay_ms: 0,
                action,
            };
        }
        match &mut self.random {
            Some(r) if path_matches(r.path.as_deref(), path) => r.draw(),
            _ => Plan::default(),
        }
    }

    /// What is pending, for `GET /_emulator/faults`.
    pub fn describe(&self) -> Value {
        let queue: Vec<Value> = self
            .queue
            .iter()
            .map(|q| json!({"path": q.path, "remaining": q.remaining, "action": q.described}))
            .collect();
        let random = self
            .random
            .as_ref()
            .map(|r| json!({"path": r.path, "action": r.described, "requests_seen": r.draws}));
        json!({ "queue": queue, "random": random })
    }
}

impl RandomMode {
    /// Always draws three numbers so the sequence depends only on the seed
    /// and the number of requests, not on earlier outcomes.
    fn draw(&mut self) -> Plan {
        self.draws += 1;
        let roll: f64 = self.rng.random();
        let pick = self.rng.random_range(0..RANDOM_CODES.len());
        let delay_ms = self.rng.random_range(0..=self.max_delay_ms);
        let action = (roll < self.rate).then(|| {
            Action::Status(StatusFault {
                http: RANDOM_CODES.get(pick).copied().unwrap_or(500),
                body: BodyKind::Json,
                status: None,
                summary: None,
                result: None,
                request_id_header: true,
            })
        });
        Plan { delay_ms, action }
    }
}

/// `None` matches every API path; `…*` is a prefix; otherwise exact.
fn path_matches(pattern: Option<&str>, path: &str) -> bool {
    match pattern {
        None => true,
        Some(p) => match p.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => p == path,
        },
    }
}

/// Parses `{"faults": [F, …]}` (or a single bare `F`).
pub fn parse_request(body: &Value) -> Result<Vec<NewFault>, Errors> {
    let mut errors = Errors::default();
    let Some(map) = v::object(body, "", &mut errors) else {
        return Err(errors);
    };
    let out = if map.contains_key("action") {
        parse_fault(map, "", &mut errors).into_iter().collect()
    } else {
        parse_list(map, &mut errors)
    };
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn parse_list(map: &Map<String, Value>, errors: &mut Errors) -> Vec<NewFault> {
    v::reject_unknown_keys(map, &["faults"], "", Code::UnexpectedProperty, errors);
    let Some(list) = v::required(map, "faults", "", errors) else {
        return Vec::new();
    };
    let Value::Array(items) = list else {
        errors.push(
            Code::InvalidArray,
            "/faults",
            "faults must be an array of fault objects",
        );
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let source = format!("/faults/{i}");
            let m = v::object(item, &source, errors)?;
            parse_fault(m, &source, errors)
        })
        .collect()
}

fn parse_fault(map: &Map<String, Value>, at: &str, errors: &mut Errors) -> Option<NewFault> {
    v::reject_unknown_keys(
        map,
        &["path", "times", "action"],
        at,
        Code::UnexpectedProperty,
        errors,
    );
    let path = map.get("path").and_then(|p| {
        let source = v::pointer(at, "path");
        let s = v::string(p, &source, errors)?;
        if !s.starts_with('/') {
            errors.push(Code::DoesNotMatchPattern, &source, "path must start with /");
            return None;
        }
        Some(s.to_owned())
    });
    let times = match map.get("times") {
        Some(t) => bounded(t, &v::pointer(at, "times"), 1, u64::from(u32::MAX), errors),
        None => Some(1),
    };
    let action_value = v::required(map, "action", at, errors)?;
    let action_at = v::pointer(at, "action");
    let action = parse_action(
        v::object(action_value, &action_at, errors)?,
        &action_at,
        errors,
    )?;
    Some(NewFault {
        path,
        times: times?,
        action,
        described: action_value.clone(),
    })
}

fn parse_action(map: &Map<String, Value>, at: &str, errors: &mut Errors) -> Option<NewAction> {
    let kind_at = v::pointer(at, "kind");
    let kind = v::string(v::required(map, "kind", at, errors)?, &kind_at, errors)?;
    let allow = |keys: &[&str], errors: &mut Errors| {
        v::reject_unknown_keys(map, keys, at, Code::UnexpectedProperty, errors);
    };
    let action = match kind {
        "status" => {
            allow(
                &[
                    "kind",
                    "http",
                    "body",
                    "status",
                    "summary",
                    "result",
                    "request_id_header",
                ],
                errors,
            );
            Action::Status(parse_status(map, at, errors)?)
        }
        "accepted" => {
            allow(&["kind", "polls"], errors);
            let polls = match map.get("polls") {
                Some(p) => bounded(p, &v::pointer(at, "polls"), 0, 1000, errors)?,
                None => 0,
            };
            Action::Accepted {
                polls: u32::try_from(polls).unwrap_or(1000),
            }
        }
        "delay" => {
            allow(&["kind", "ms"], errors);
            let ms_at = v::pointer(at, "ms");
            let ms = bounded(
                v::required(map, "ms", at, errors)?,
                &ms_at,
                0,
                MAX_DELAY_MS,
                errors,
            )?;
            Action::Delay { ms }
        }
        "hang" | "drop" | "truncate" => {
            allow(&["kind"], errors);
            match kind {
                "hang" => Action::Hang,
                "drop" => Action::Drop,
                _ => Action::Truncate,
            }
        }
        "random" => {
            allow(&["kind", "rate", "seed", "max_delay_ms"], errors);
            return parse_random(map, at, errors);
        }
        other => {
            let detail = format!(
                "kind must be one of status, accepted, delay, hang, drop, truncate, random, not {other:?}"
            );
            errors.push(Code::NotEnumMember, &kind_at, detail);
            return None;
        }
    };
    Some(NewAction::Queue(action))
}

fn parse_status(map: &Map<String, Value>, at: &str, errors: &mut Errors) -> Option<StatusFault> {
    let http_at = v::pointer(at, "http");
    let http = bounded(
        v::required(map, "http", at, errors)?,
        &http_at,
        200,
        599,
        errors,
    );
    let body = match map.get("body") {
        Some(b) => {
            let source = v::pointer(at, "body");
            let s = v::string(b, &source, errors)?;
            let kind = BodyKind::parse(s);
            if kind.is_none() {
                let detail = "body must be one of json, html, text, empty, not_object, truncated";
                errors.push(Code::NotEnumMember, &source, detail);
            }
            kind?
        }
        None => BodyKind::Json,
    };
    let text = |key: &str, errors: &mut Errors| -> Option<Option<String>> {
        match map.get(key) {
            Some(s) => Some(Some(v::string(s, &v::pointer(at, key), errors)?.to_owned())),
            None => Some(None),
        }
    };
    let status = text("status", errors)?;
    let summary = text("summary", errors)?;
    let request_id_header = match map.get("request_id_header") {
        Some(b) => v::boolean(b, &v::pointer(at, "request_id_header"), errors)?,
        None => true,
    };
    Some(StatusFault {
        http: u16::try_from(http?).unwrap_or(500),
        body,
        status,
        summary,
        result: map.get("result").cloned(),
        request_id_header,
    })
}

fn parse_random(map: &Map<String, Value>, at: &str, errors: &mut Errors) -> Option<NewAction> {
    let rate_at = v::pointer(at, "rate");
    let rate = match v::required(map, "rate", at, errors)? {
        Value::Number(n) => n.as_f64().filter(|r| (0.0..=1.0).contains(r)),
        _ => None,
    };
    if rate.is_none() {
        errors.push(
            Code::NotWithinRange,
            &rate_at,
            "rate must be a number from 0 to 1",
        );
    }
    let seed = match map.get("seed") {
        Some(s) => bounded(s, &v::pointer(at, "seed"), 0, i64::MAX as u64, errors),
        None => Some(0),
    };
    let max_delay_ms = match map.get("max_delay_ms") {
        Some(m) => bounded(
            m,
            &v::pointer(at, "max_delay_ms"),
            0,
            MAX_RANDOM_DELAY_MS,
            errors,
        ),
        None => Some(0),
    };
    Some(NewAction::Random {
        rate: rate?,
        seed: seed?,
        max_delay_ms: max_delay_ms?,
    })
}

/// An integer within `[min, max]`, or `NotWithinRange` / `InvalidInteger`.
fn bounded(value: &Value, source: &str, min: u64, max: u64, errors: &mut Errors) -> Option<u64> {
    let n = v::integer(value, source, errors)?;
    if n < i128::from(min) || n > i128::from(max) {
        errors.push(
            Code::NotWithinRange,
            source,
            format!("must be an integer from {min} to {max}, not {n}"),
        );
        return None;
    }
    u64::try_from(n).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    fn faults(v: Value) -> Faults {
        let mut f = Faults::default();
        f.add(parse_request(&v).unwrap());
        f
    }

    #[test]
    fn queue_is_fifo_with_times_and_paths() {
        let mut f = faults(json!({"faults": [
            {"path": "/v2/session/list", "times": 2, "action": {"kind": "drop"}},
            {"action": {"kind": "hang"}}
        ]}));
        assert_eq!(f.plan("/v2/session/logout").action, Some(Action::Hang));
        assert_eq!(f.plan("/v2/session/list").action, Some(Action::Drop));
        assert_eq!(f.plan("/v2/session/list").action, Some(Action::Drop));
        assert_eq!(f.plan("/v2/session/list"), Plan::default());
    }

    #[test]
    fn random_mode_is_deterministic() {
        let spec = json!({"faults": [{"action": {"kind": "random", "rate": 0.5, "seed": 7, "max_delay_ms": 20}}]});
        let mut a = faults(spec.clone());
        let mut b = faults(spec);
        let pa: Vec<Plan> = (0..50).map(|_| a.plan("/x")).collect();
        let pb: Vec<Plan> = (0..50).map(|_| b.plan("/x")).collect();
        assert_eq!(pa, pb);
        assert!(pa.iter().any(|p| p.action.is_some()));
        assert!(pa.iter().any(|p| p.action.is_none()));
        assert!(pa.iter().all(|p| p.delay_ms <= 20));
    }

    #[test]
    fn bad_specs_point_at_the_problem() {
        let e = parse_request(&json!({"faults": [
            {"action": {"kind": "nope"}},
            {"times": 0, "action": {"kind": "status"}},
            {"action": {"kind": "delay", "ms": -1, "x": 1}}
        ]}))
        .unwrap_err();
        let got: Vec<(&str, &str)> = e
            .list
            .iter()
            .map(|x| (x.code.as_str(), x.source.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("NotEnumMember", "/faults/0/action/kind"),
                ("NotWithinRange", "/faults/1/times"),
                ("FieldRequired", "/faults/1/action/http"),
                ("UnexpectedProperty", "/faults/2/action/x"),
                ("NotWithinRange", "/faults/2/action/ms"),
            ]
        );
    }
}
