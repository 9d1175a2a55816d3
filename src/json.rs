//! The little JSON the request path needs, without a JSON library.
//!
//! Options objects arrive as the text `JSON.stringify` made of them. Checking
//! them needs only each top-level member's key, kind and raw text; building a
//! body needs only to splice raw member texts and escape a few strings. Doing
//! that directly keeps values byte-for-byte as the caller's platform wrote them
//! and keeps a JSON library (about half of the module's size) out of the wasm.
//!
//! The reader is strict (RFC 8259 grammar) and total: any text, however
//! malformed or deep, gives `Err`, never a panic or unbounded recursion.

/// The kind of a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Kind {
    /// The JavaScript type name (`array` and `null` told apart).
    pub const fn type_name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "boolean",
            Kind::Number => "number",
            Kind::String => "string",
            Kind::Array => "array",
            Kind::Object => "object",
        }
    }
}

/// One top-level member of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member<'a> {
    /// The key as JSON text, quotes included (spliced into bodies as is).
    pub raw_key: &'a str,
    /// The key, unescaped.
    pub key: String,
    /// The value's kind.
    pub kind: Kind,
    /// The value as JSON text.
    pub raw: &'a str,
}

impl Member<'_> {
    /// The value of a string member, unescaped.
    pub fn string_value(&self) -> Option<String> {
        (self.kind == Kind::String)
            .then(|| unescape(self.raw))
            .flatten()
    }
}

/// Why a text is not a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError;

/// Nesting deeper than this is refused rather than scanned.
const MAX_DEPTH: usize = 512;

/// The top-level value's kind, and its members when it is an object.
pub fn parse_object(text: &str) -> Result<(Kind, Vec<Member<'_>>), SyntaxError> {
    let mut r = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    r.space();
    let kind = r.peek_kind()?;
    let members = if kind == Kind::Object {
        r.members()?
    } else {
        r.value(0).map(|_| Vec::new())?
    };
    r.space();
    if r.at != r.bytes.len() {
        return Err(SyntaxError);
    }
    Ok((kind, members))
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Result<(), SyntaxError> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(SyntaxError)
        }
    }

    fn slice(&self, from: usize) -> Result<&'a str, SyntaxError> {
        self.text.get(from..self.at).ok_or(SyntaxError)
    }

    fn peek_kind(&self) -> Result<Kind, SyntaxError> {
        Ok(match self.peek().ok_or(SyntaxError)? {
            b'n' => Kind::Null,
            b't' | b'f' => Kind::Bool,
            b'"' => Kind::String,
            b'[' => Kind::Array,
            b'{' => Kind::Object,
            b'-' | b'0'..=b'9' => Kind::Number,
            _ => return Err(SyntaxError),
        })
    }

    /// The members of the object starting here.
    fn members(&mut self) -> Result<Vec<Member<'a>>, SyntaxError> {
        let mut members = Vec::new();
        self.eat(b'{')?;
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(members);
        }
        loop {
            self.space();
            let key_start = self.at;
            self.string()?;
            let raw_key = self.slice(key_start)?;
            self.space();
            self.eat(b':')?;
            self.space();
            let kind = self.peek_kind()?;
            let value_start = self.at;
            self.value(1)?;
            let raw = self.slice(value_start)?;
            let key = unescape(raw_key).ok_or(SyntaxError)?;
            members.push(Member {
                raw_key,
                key,
                kind,
                raw,
            });
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(members);
                }
                _ => return Err(SyntaxError),
            }
        }
    }

    /// Skips one value, checking its grammar.
    fn value(&mut self, depth: usize) -> Result<(), SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(SyntaxError);
        }
        match self.peek_kind()? {
            Kind::Null => self.literal("null"),
            Kind::Bool if self.peek() == Some(b't') => self.literal("true"),
            Kind::Bool => self.literal("false"),
            Kind::String => self.string(),
            Kind::Number => self.number(),
            Kind::Array => self.sequence(b'[', b']', depth, false),
            Kind::Object => self.sequence(b'{', b'}', depth, true),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), SyntaxError> {
        if self.bytes.get(self.at..self.at + word.len()) == Some(word.as_bytes()) {
            self.at += word.len();
            Ok(())
        } else {
            Err(SyntaxError)
        }
    }

    fn sequence(
        &mut self,
        open: u8,
        close: u8,
        depth: usize,
        keyed: bool,
    ) -> Result<(), SyntaxError> {
        self.eat(open)?;
        self.space();
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            self.space();
            if keyed {
                self.string()?;
                self.space();
                self.eat(b':')?;
                self.space();
            }
            self.value(depth + 1)?;
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(c) if c == close => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(SyntaxError),
            }
        }
    }

    fn string(&mut self) -> Result<(), SyntaxError> {
        self.eat(b'"')?;
        loop {
            match self.peek().ok_or(SyntaxError)? {
                b'"' => {
                    self.at += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.at += 1;
                    match self.peek().ok_or(SyntaxError)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.at += 1,
                        b'u' => {
                            self.at += 1;
                            self.hex4()?;
                        }
                        _ => return Err(SyntaxError),
                    }
                }
                0x00..=0x1f => return Err(SyntaxError),
                _ => self.at += 1,
            }
        }
    }

    fn hex4(&mut self) -> Result<(), SyntaxError> {
        let digits = self.bytes.get(self.at..self.at + 4).ok_or(SyntaxError)?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return Err(SyntaxError);
        }
        self.at += 4;
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<(), SyntaxError> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(SyntaxError),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(SyntaxError);
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(SyntaxError);
            }
        }
        Ok(())
    }
}

/// The value of a JSON string literal (quotes included), or `None` if it is
/// not one or holds an unpaired surrogate escape.
pub fn unescape(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains('\\') {
        return Some(inner.to_owned());
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => unicode_escape(&mut chars)?,
            _ => return None,
        });
    }
    Some(out)
}

fn hex_unit(chars: &mut std::str::Chars<'_>) -> Option<u32> {
    let mut unit = 0;
    for _ in 0..4 {
        unit = unit * 16 + chars.next()?.to_digit(16)?;
    }
    Some(unit)
}

fn unicode_escape(chars: &mut std::str::Chars<'_>) -> Option<char> {
    let first = hex_unit(chars)?;
    if !(0xD800..0xDC00).contains(&first) {
        return char::from_u32(first);
    }
    // A high surrogate must be followed by an escaped low one.
    if chars.next()? != '\\' || chars.next()? != 'u' {
        return None;
    }
    let second = hex_unit(chars)?;
    if !(0xDC00..0xE000).contains(&second) {
        return None;
    }
    char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
}

/// Appends `value` as a JSON string literal, escaped as `JSON.stringify` does.
pub fn write_string(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let code = c as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[code >> 4]));
                out.push(char::from(HEX[code & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether a JSON number text is an integer >= 1 (`JSON.stringify` writes
/// integers from 1e21 on in exponent form, e.g. `1e+21`).
pub fn is_positive_integer(raw: &str) -> bool {
    if raw.starts_with('-') {
        return false;
    }
    let (mantissa, exponent) = raw.split_once(['e', 'E']).unwrap_or((raw, "0"));
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    // An exponent beyond i64 only matters by its sign.
    let exponent = exponent
        .parse::<i64>()
        .unwrap_or(if exponent.starts_with('-') {
            i64::MIN / 2
        } else {
            i64::MAX / 2
        });
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // value = significant digits x 10^scale
    let digits: String = whole.chars().chain(fraction.chars()).collect();
    let significant = digits.trim_start_matches('0');
    if significant.is_empty() {
        return false;
    }
    let fraction_len = i64::try_from(fraction.len()).unwrap_or(i64::MAX / 2);
    let scale = exponent.saturating_sub(fraction_len);
    let trailing_zeros = significant.len() - significant.trim_end_matches('0').len();
    // A positive integer iff the negative scale only removes trailing zeros.
    scale >= 0 || i64::try_from(trailing_zeros).is_ok_and(|z| z >= -scale)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn keys(text: &str) -> Vec<(String, Kind, String)> {
        let (kind, members) = parse_object(text).unwrap();
        assert_eq!(kind, Kind::Object);
        members
            .into_iter()
            .map(|m| (m.key, m.kind, m.raw.to_owned()))
            .collect()
    }

    #[test]
    fn members_keep_their_raw_text_and_order() {
        let got = keys(r#"{"b":1e+21,"a":{"x":[1,"y",null]},"\u0063":"é\"","d":true,"e":null}"#);
        let want = [
            ("b", Kind::Number, "1e+21"),
            ("a", Kind::Object, r#"{"x":[1,"y",null]}"#),
            ("c", Kind::String, r#""é\"""#),
            ("d", Kind::Bool, "true"),
            ("e", Kind::Null, "null"),
        ];
        assert_eq!(got.len(), want.len());
        for ((k, kind, raw), (wk, wkind, wraw)) in got.iter().zip(want) {
            assert_eq!((k.as_str(), *kind, raw.as_str()), (wk, wkind, wraw));
        }
        assert!(keys(" { } ").is_empty());
        // JSON.stringify writes a lone surrogate as an escape: valid grammar.
        assert_eq!(keys(r#"{"a":"\ud800"}"#)[0].2, r#""\ud800""#);
    }

    #[test]
    fn non_objects_report_their_kind() {
        assert_eq!(parse_object("[1]").unwrap().0, Kind::Array);
        assert_eq!(parse_object("\"s\"").unwrap().0, Kind::String);
        assert_eq!(parse_object("-0.5e3").unwrap().0, Kind::Number);
    }

    #[test]
    fn malformed_text_is_an_error() {
        for bad in [
            "",
            "{",
            "}",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{a:1}",
            "{\"a\":01}",
            "{\"a\":1.}",
            "{\"a\":-}",
            "{\"a\":tru}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\u{1}\"}",
            "{\"a\":1} x",
            "[1,]",
        ] {
            assert_eq!(parse_object(bad), Err(SyntaxError), "{bad:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(parse_object(&deep), Err(SyntaxError));
        let fine = format!("{{\"a\":{}{}}}", "[".repeat(100), "]".repeat(100));
        assert!(parse_object(&fine).is_ok());
    }

    #[test]
    fn strings_escape_like_json_stringify_and_round_trip() {
        let mut out = String::new();
        write_string(&mut out, "a\"\\\n\u{1}é\u{1F600}/");
        assert_eq!(out, "\"a\\\"\\\\\\n\\u0001é\u{1F600}/\"");
        assert_eq!(unescape(&out).unwrap(), "a\"\\\n\u{1}é\u{1F600}/");
        assert_eq!(unescape(r#""\ud83d\ude00\/""#).unwrap(), "\u{1F600}/");
        assert_eq!(unescape(r#""\ud83d""#), None);
    }

    #[test]
    fn positive_integers() {
        for yes in [
            "1", "20", "1e+21", "1.5e+21", "12e0", "100e-2", "1E3", "0.5e1", "007",
        ] {
            assert!(is_positive_integer(yes), "{yes}");
        }
        for no in [
            "0",
            "-1",
            "1.5",
            "1e-1",
            "0e+5",
            "5e-1",
            "-1e+21",
            "0.000",
            "1e-99999999999999999999",
        ] {
            assert!(!is_positive_integer(no), "{no}");
        }
        assert!(is_positive_integer("1e+99999999999999999999"));
    }
}
