//! A JSON reader that hands out the text of each value it is asked for: the caller walks the
//! objects and arrays it wants, and everything else is skipped, its syntax checked as
//! serde_json checks a value it skips.
//! Written for the response bodies: read through serde_json's visitors, 100,000 rows took
//! a fifth longer in wasm, and a value that JSON allows but serde_json cannot decode (a
//! lone surrogate, `1e400`) where a row was expected cost the whole page, not that row.
//! The app's own JSON (responses, request bodies, stored lists, config.json, and JSON found
//! inside a shown text, as a [`Json`] tree) is read and written here alone: serde_json is
//! left to what an opened or exported event holds, on the Audit Logs page, and is not in the
//! first load at all, which is 13 KB smaller for it (brotli).
//! The functions that run for every string and value are compiled for speed in the shipped
//! wasm, which is otherwise built for size (`optimize_attribute`, src/lib.rs): a large page
//! reads 13% faster for 0.3 KB.

use std::borrow::Cow;

/// The text is not JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid;

pub type Read<T> = Result<T, Invalid>;

pub struct Scanner<'a> {
    text: &'a str,
    at: usize,
    /// The containers open in a value being skipped: the byte that closes each.
    open: Vec<u8>,
    /// A string's text when it had escapes, reused from string to string.
    unescaped: String,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            at: 0,
            open: Vec::new(),
            unescaped: String::new(),
        }
    }

    /// How far the reading got: where the text stops being JSON when it has failed.
    pub fn position(&self) -> usize {
        self.at
    }

    /// The first byte of the next value, after any space. Every token asks, and a compact
    /// body has no space: that test is inlined, the loop over space is not (reading a large
    /// page 10% faster in wasm, for no first-load byte).
    #[inline(always)]
    pub fn peek(&mut self) -> Option<u8> {
        match self.text.as_bytes().get(self.at) {
            Some(&byte) if byte > b' ' => Some(byte),
            _ => self.peek_past_space(),
        }
    }

    #[cfg_attr(optimize_attribute, optimize(speed))]
    fn peek_past_space(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.at) {
            self.at += 1;
        }
        bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> Read<()> {
        if self.peek() != Some(byte) {
            return Err(Invalid);
        }
        self.at += 1;
        Ok(())
    }

    /// Nothing but space is left.
    pub fn end(&mut self) -> Read<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(Invalid),
        }
    }

    /// Reads an object: `entry` gets each key with the scanner at its value, which it must
    /// read or skip.
    #[cfg_attr(optimize_attribute, optimize(speed))]
    pub fn object(
        &mut self,
        mut entry: impl FnMut(&mut Self, Cow<'a, str>) -> Read<()>,
    ) -> Read<()> {
        if self.opens_empty(b'{', b'}')? {
            return Ok(());
        }
        loop {
            let key = self.key()?;
            self.eat(b':')?;
            entry(self, key)?;
            if self.closes(b'}')? {
                return Ok(());
            }
        }
    }

    /// Reads an array: `item` is called at each item, which it must read or skip.
    #[cfg_attr(optimize_attribute, optimize(speed))]
    pub fn array(&mut self, mut item: impl FnMut(&mut Self) -> Read<()>) -> Read<()> {
        if self.opens_empty(b'[', b']')? {
            return Ok(());
        }
        loop {
            item(self)?;
            if self.closes(b']')? {
                return Ok(());
            }
        }
    }

    /// Moves past a container's opening, and past its end too when it is empty: whether it
    /// was.
    fn opens_empty(&mut self, open: u8, close: u8) -> Read<bool> {
        self.eat(open)?;
        let empty = self.peek() == Some(close);
        self.at += usize::from(empty);
        Ok(empty)
    }

    /// After an item: `true` at the container's end, `false` at a comma.
    fn closes(&mut self, close: u8) -> Read<bool> {
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(false)
            }
            Some(byte) if byte == close => {
                self.at += 1;
                Ok(true)
            }
            _ => Err(Invalid),
        }
    }

    #[cfg_attr(optimize_attribute, optimize(speed))]
    fn key(&mut self) -> Read<Cow<'a, str>> {
        let (raw, escaped) = self.string_raw()?;
        if !escaped {
            return Ok(Cow::Borrowed(raw));
        }
        let mut key = String::new();
        unescape(raw, &mut key);
        Ok(Cow::Owned(key))
    }

    /// A string's text.
    pub fn string(&mut self) -> Read<&str> {
        let (raw, escaped) = self.string_raw()?;
        if !escaped {
            return Ok(raw);
        }
        self.unescaped.clear();
        unescape(raw, &mut self.unescaped);
        Ok(&self.unescaped)
    }

    /// The text between a string's quotes, as sent, and whether it has escapes.
    #[cfg_attr(optimize_attribute, optimize(speed))]
    fn string_raw(&mut self) -> Read<(&'a str, bool)> {
        if self.peek() != Some(b'"') {
            return Err(Invalid);
        }
        let start = self.at + 1;
        let escaped = self.past_string()?;
        Ok((&self.text[start..self.at - 1], escaped))
    }

    /// Moves past the string that starts here; whether it has escapes.
    #[cfg_attr(optimize_attribute, optimize(speed))]
    fn past_string(&mut self) -> Read<bool> {
        let bytes = self.text.as_bytes();
        self.at += 1;
        let mut escaped = false;
        loop {
            let Some(special) = special_at(&bytes[self.at..]) else {
                // Unclosed: the text stops being JSON at its end.
                self.at = bytes.len();
                return Err(Invalid);
            };
            self.at += special + 1;
            match bytes[self.at - 1] {
                b'"' => return Ok(escaped),
                b'\\' => escaped = true,
                _ => {
                    // A control character is where the text stops being JSON: left unread.
                    self.at -= 1;
                    return Err(Invalid);
                }
            }
            let hex = |at: usize| {
                (bytes.get(at..at + 4))
                    .is_some_and(|digits| digits.iter().all(u8::is_ascii_hexdigit))
            };
            match bytes.get(self.at) {
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.at += 1,
                Some(b'u') if hex(self.at + 1) => self.at += 5,
                _ => return Err(Invalid),
            }
        }
    }

    /// Skips the next value, whatever it is, and gives its text. Nested containers are
    /// followed without recursion, so no depth of nesting overflows the stack.
    #[cfg_attr(optimize_attribute, optimize(speed))]
    pub fn value(&mut self) -> Read<&'a str> {
        self.peek();
        let start = self.at;
        self.open.clear();
        loop {
            match self.peek().ok_or(Invalid)? {
                open @ (b'{' | b'[') => {
                    let close = if open == b'{' { b'}' } else { b']' };
                    if !self.opens_empty(open, close)? {
                        self.open.push(close);
                        self.skip_to_value(close)?;
                        continue;
                    }
                }
                b'"' => {
                    self.past_string()?;
                }
                b'-' | b'0'..=b'9' => self.number()?,
                b't' => self.literal("true")?,
                b'f' => self.literal("false")?,
                b'n' => self.literal("null")?,
                _ => return Err(Invalid),
            }
            // A value has ended: close the containers it ends, up to one that goes on.
            loop {
                let Some(&close) = self.open.last() else {
                    return Ok(&self.text[start..self.at]);
                };
                if !self.closes(close)? {
                    self.skip_to_value(close)?;
                    break;
                }
                self.open.pop();
            }
        }
    }

    /// Moves from an item's start to its value: past the key and colon in an object.
    fn skip_to_value(&mut self, close: u8) -> Read<()> {
        if close == b'}' {
            self.string_raw()?;
            self.eat(b':')?;
        }
        Ok(())
    }

    fn literal(&mut self, word: &str) -> Read<()> {
        if !self.text[self.at..].starts_with(word) {
            return Err(Invalid);
        }
        self.at += word.len();
        Ok(())
    }

    /// `-`, then `0` or digits not led by a zero, then optional fraction and exponent.
    fn number(&mut self) -> Read<()> {
        let bytes = self.text.as_bytes();
        let digits = |at: usize| {
            bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let mut at = self.at + usize::from(bytes[self.at] == b'-');
        at += match bytes.get(at) {
            Some(b'0') => 1,
            Some(b'1'..=b'9') => digits(at),
            _ => return Err(Invalid),
        };
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            let fraction = digits(at);
            if fraction == 0 {
                return Err(Invalid);
            }
            at += fraction;
        }
        if let Some(b'e' | b'E') = bytes.get(at) {
            at += 1;
            if let Some(b'+' | b'-') = bytes.get(at) {
                at += 1;
            }
            let exponent = digits(at);
            if exponent == 0 {
                return Err(Invalid);
            }
            at += exponent;
        }
        self.at = at;
        Ok(())
    }
}

/// The characters of a JSON string; `None` for any other value.
pub fn string_text(json: &str) -> Option<Cow<'_, str>> {
    let mut scan = Scanner::new(json);
    let (raw, escaped) = scan.string_raw().ok()?;
    scan.end().ok()?;
    if !escaped {
        return Some(Cow::Borrowed(raw));
    }
    let mut text = String::with_capacity(raw.len());
    unescape(raw, &mut text);
    Some(Cow::Owned(text))
}

/// What a field that holds text or a number shows: a JSON string's characters, or a number
/// as sent; `None` for any other value.
pub fn scalar_text(json: &str) -> Option<Cow<'_, str>> {
    match json.as_bytes().first()? {
        b'"' => string_text(json),
        b'-' | b'0'..=b'9' => Some(Cow::Borrowed(json)),
        _ => None,
    }
}

/// A JSON number's value, exactly: its significant digits and the power of ten of the last
/// one (`1.50e2` is 15 × 10^1). Numbers of one value are equal however written (`1`, `1.0`,
/// `1e0`, `-0` and `0`) and however long, which no float is: ids past 2^64 stay apart.
#[derive(Debug, PartialEq, Eq)]
pub struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exponent: i64,
}

impl Decimal {
    /// `None` for text not shaped as a JSON number, or an exponent past 64 bits.
    pub fn parse(number: &str) -> Option<Self> {
        let (negative, unsigned) = match number.strip_prefix('-') {
            Some(unsigned) => (true, unsigned),
            None => (false, number),
        };
        let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
            Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().ok()?),
            None => (unsigned, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let mut digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
        if whole.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let mut exponent = exponent.checked_sub(fraction.len() as i64)?;
        let leading = digits.iter().take_while(|&&digit| digit == b'0').count();
        digits.drain(..leading);
        while digits.last() == Some(&b'0') {
            digits.pop();
            exponent = exponent.checked_add(1)?;
        }
        Some(match digits.is_empty() {
            true => Self {
                negative: false,
                digits,
                exponent: 0,
            },
            false => Self {
                negative,
                digits,
                exponent,
            },
        })
    }
}

/// Whether the text is one JSON value.
pub fn is_json(text: &str) -> bool {
    let mut scan = Scanner::new(text);
    scan.value().is_ok() && scan.end().is_ok()
}

/// A JSON array of strings, as `localStorage` keeps lists; `None` for anything else.
pub fn string_list(text: &str) -> Option<Vec<String>> {
    let mut scan = Scanner::new(text);
    let mut list = Vec::new();
    scan.array(|scan| {
        list.push(scan.string()?.to_owned());
        Ok(())
    })
    .ok()?;
    scan.end().ok()?;
    Some(list)
}

/// Appends `text` as a JSON string.
pub fn write_string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            control @ '\0'..' ' => {
                let byte = control as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[byte >> 4]));
                out.push(char::from(HEX[byte & 0xF]));
            }
            other => out.push(other),
        }
    }
    out.push('"');
}

/// A JSON array of strings.
pub fn string_list_json<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let mut json = String::from("[");
    for item in items {
        if json.len() > 1 {
            json.push(',');
        }
        write_string(&mut json, item.as_ref());
    }
    json.push(']');
    json
}

/// A JSON object written field by field; a field without a value is left out.
pub struct ObjectWriter(String);

impl Default for ObjectWriter {
    fn default() -> Self {
        Self(String::from("{"))
    }
}

impl ObjectWriter {
    fn key(&mut self, key: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        write_string(&mut self.0, key);
        self.0.push(':');
    }

    pub fn text(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.key(key);
            write_string(&mut self.0, value);
        }
    }

    pub fn number(&mut self, key: &str, value: Option<i64>) {
        if let Some(value) = value {
            self.key(key);
            self.0.push_str(&value.to_string());
        }
    }

    pub fn end(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// A JSON value as a tree, for texts read as JSON by the redaction: numbers as sent, an
/// object's members in order, a repeated key's too.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(Box<str>),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// How deep a tree is read, about as deep as serde_json reads: a deeper text is not read as
/// JSON, and the reading's recursion stays within the stack.
const MAX_DEPTH: usize = 128;

impl Json {
    /// The whole text as one value; `None` when it is not JSON, nests deeper than
    /// serde_json reads, or has a string whose escapes name no character.
    pub fn parse(text: &str) -> Option<Self> {
        let mut scan = Scanner::new(text);
        let json = Self::read(&mut scan, MAX_DEPTH).ok()?;
        scan.end().ok()?;
        Some(json)
    }

    fn read(scan: &mut Scanner<'_>, depth: usize) -> Read<Self> {
        let depth = depth.checked_sub(1).ok_or(Invalid)?;
        Ok(match scan.peek() {
            Some(b'{') => {
                let mut members = Vec::new();
                scan.object(|scan, key| {
                    members.push((key.into_owned(), Self::read(scan, depth)?));
                    Ok(())
                })?;
                Json::Object(members)
            }
            Some(b'[') => {
                let mut items = Vec::new();
                scan.array(|scan| {
                    items.push(Self::read(scan, depth)?);
                    Ok(())
                })?;
                Json::Array(items)
            }
            Some(b'"') => Json::String(scan.string()?.to_owned()),
            _ => match scan.value()? {
                "null" => Json::Null,
                "true" => Json::Bool(true),
                "false" => Json::Bool(false),
                number => Json::Number(number.into()),
            },
        })
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// Compact JSON text.
    pub fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(true) => out.push_str("true"),
            Json::Bool(false) => out.push_str("false"),
            Json::Number(number) => out.push_str(number),
            Json::String(text) => write_string(out, text),
            Json::Array(items) => {
                out.push('[');
                for (at, item) in items.iter().enumerate() {
                    if at > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (at, (key, value)) in members.iter().enumerate() {
                    if at > 0 {
                        out.push(',');
                    }
                    write_string(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// For the redaction of what an opened or exported event holds, which serde_json decodes.
impl From<&serde_json::Value> for Json {
    fn from(value: &serde_json::Value) -> Self {
        use serde_json::Value;
        match value {
            Value::Null => Json::Null,
            Value::Bool(flag) => Json::Bool(*flag),
            Value::Number(number) => Json::Number(number.to_string().into()),
            Value::String(text) => Json::String(text.clone()),
            Value::Array(items) => Json::Array(items.iter().map(Json::from).collect()),
            Value::Object(members) => Json::Object(
                (members.iter())
                    .map(|(key, value)| (key.clone(), Json::from(value)))
                    .collect(),
            ),
        }
    }
}

/// Where the first byte that a string's text cannot hold as it is lies: a quote, a
/// backslash or a control character. Eight bytes at a time, since most strings are
/// shorter than a vector search pays for: in each mask a byte's high bit is set where that
/// byte matched, and falsely only above a byte that truly matched, so the lowest set bit
/// is exact.
#[cfg_attr(optimize_attribute, optimize(speed))]
fn special_at(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let below = |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGHS;
    let (words, rest) = bytes.as_chunks::<8>();
    for (index, word) in words.iter().enumerate() {
        let word = u64::from_le_bytes(*word);
        let found =
            below(word ^ (ONES * 0x22), 1) | below(word ^ (ONES * 0x5C), 1) | below(word, 0x20);
        if found != 0 {
            return Some(index * 8 + found.trailing_zeros() as usize / 8);
        }
    }
    let position = rest
        .iter()
        .position(|&byte| matches!(byte, b'"' | b'\\' | 0..0x20))?;
    Some(words.len() * 8 + position)
}

/// Appends the text of a checked string's inside with its escapes read. A lone surrogate
/// (half of a character that a JavaScript backend cut in two, say at a length limit) is
/// read as U+FFFD, as a browser decodes it: serde_json refuses the whole string, which lost
/// a name's every other character, and hid the JSON that a text holds from redaction.
fn unescape(raw: &str, out: &mut String) {
    let mut rest = raw;
    while let Some(at) = memchr::memchr(b'\\', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let unit = |at: usize| u32::from_str_radix(&rest[at..at + 4], 16).unwrap_or(u32::MAX);
        let (character, length) = match rest.as_bytes()[at + 1] {
            b'u' => {
                let high = unit(at + 2);
                let low = (rest[at + 6..].starts_with("\\u"))
                    .then(|| unit(at + 8))
                    .filter(|low| (0xDC00..0xE000).contains(low));
                match low {
                    Some(low) if (0xD800..0xDC00).contains(&high) => {
                        let pair = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        (
                            char::from_u32(pair).unwrap_or(char::REPLACEMENT_CHARACTER),
                            12,
                        )
                    }
                    _ => (
                        char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER),
                        6,
                    ),
                }
            }
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
            quoted => (char::from(quoted), 2),
        };
        out.push(character);
        rest = &rest[at + length..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole_value(text: &str) -> Read<&str> {
        let mut scan = Scanner::new(text);
        let value = scan.value()?;
        scan.end()?;
        Ok(value)
    }

    #[test]
    fn skips_any_value_and_gives_its_text_without_the_space_around_it() {
        for json in [
            "null",
            "true",
            "-0.5e+10",
            "\"a \\\"quoted\\\" \\u00e9\"",
            "[]",
            "{}",
            "[1, [2, {\"a\": [true, null]}], \"x\"]",
            "{\"a\": {\"b\": {}}, \"c\": []}",
        ] {
            assert_eq!(whole_value(&format!(" \n\t{json}\r ")), Ok(json));
        }
    }

    #[test]
    fn refuses_what_json_does_not_allow() {
        for text in [
            "",
            "01",
            "-",
            "1.",
            "1e",
            ".5",
            "+1",
            "tru",
            "nul",
            "[1,]",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{1:2}",
            "[",
            "{\"a\":1",
            "\"open",
            "\"a\u{1}b\"",
            "\"tab\there\"",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12g4\"",
            "[1]]",
            "1 2",
            "'a'",
        ] {
            assert_eq!(whole_value(text), Err(Invalid), "{text:?}");
        }
    }

    #[test]
    fn skips_deep_nesting_without_recursion() {
        let deep = format!("{}0{}", "[{\"a\":".repeat(100_000), "}]".repeat(100_000));
        assert!(whole_value(&deep).is_ok_and(|value| value.len() == deep.len()));
        assert!(whole_value(&deep[1..]).is_err());
    }

    #[test]
    fn reads_a_strings_escapes_and_a_lone_surrogate_as_the_replacement_character() {
        let text = |json: &str| Scanner::new(json).string().map(str::to_owned);
        assert_eq!(text(r#""plain""#), Ok("plain".to_owned()));
        assert_eq!(
            text(r#""\"\\\/\b\f\n\r\t \u00e9 \ud83d\ude00 end""#),
            Ok("\"\\/\u{8}\u{c}\n\r\t é 😀 end".to_owned())
        );
        for (lone, read) in [
            (r#""Ada \ud83d""#, "Ada \u{fffd}"),
            (r#""\ud83dx""#, "\u{fffd}x"),
            (r#""\ud83d\u0041""#, "\u{fffd}A"),
            (r#""\ude00\ud83d""#, "\u{fffd}\u{fffd}"),
            (r#""\ud83d\ud83d\ude00""#, "\u{fffd}😀"),
        ] {
            assert_eq!(text(lone).as_deref(), Ok(read), "{lone}");
        }
    }

    #[test]
    fn reads_a_whole_string_or_a_list_of_them_and_nothing_else() {
        assert_eq!(string_text(r#""a\u0021""#).as_deref(), Some("a!"));
        assert_eq!(string_text(r#" "plain" "#).as_deref(), Some("plain"));
        assert_eq!(string_text(r#""\ud83d""#).as_deref(), Some("\u{fffd}"));
        for not_one_string in [r#""a" "b""#, "1", "null", r#"["a"]"#, r#""open"#] {
            assert_eq!(string_text(not_one_string), None, "{not_one_string}");
        }
        assert_eq!(
            string_list(r#" ["a", "b\n"] "#),
            Some(vec!["a".to_owned(), "b\n".to_owned()])
        );
        for not_a_list in [
            r#"["a", 1]"#,
            r#"["a"] ["b"]"#,
            r#"{"a": "b"}"#,
            "",
            "[\"a\"",
        ] {
            assert_eq!(string_list(not_a_list), None, "{not_a_list}");
        }
        assert!(is_json(" [1, {}] ") && !is_json("[1] 2") && !is_json(""));
    }

    #[test]
    fn a_tree_reads_json_as_sent_and_writes_it_back_compact() {
        let text = r#" {"a": [1.50, -0, true, null, "q\"\u00e9"], "a": {}, "b\u0021": 1e400} "#;
        let json = Json::parse(text).unwrap();
        let Json::Object(members) = &json else {
            panic!("an object: {json:?}")
        };
        assert_eq!(members.len(), 3, "a repeated key is kept");
        let mut written = String::new();
        json.write(&mut written);
        assert_eq!(
            written,
            r#"{"a":[1.50,-0,true,null,"q\"é"],"a":{},"b!":1e400}"#
        );
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(Json::parse(&nested(128)).is_some());
        for not_read in [nested(129), "[1] 2".to_owned()] {
            assert_eq!(Json::parse(&not_read), None, "{not_read}");
        }
        assert_eq!(
            Json::parse(r#"["\ud83d"]"#),
            Some(Json::Array(vec![Json::String("\u{fffd}".to_owned())]))
        );
    }

    #[test]
    fn writes_strings_and_objects_that_json_reads_back() {
        let mut text = String::new();
        write_string(&mut text, "q\"b\\n\n\u{1}\u{1f}é😀");
        assert_eq!(text, r#""q\"b\\n\n\u0001\u001fé😀""#);
        let mut object = ObjectWriter::default();
        object.text("a", Some("x"));
        object.text("skipped", None);
        object.number("n", Some(-5));
        object.number("none", None);
        assert_eq!(object.end(), r#"{"a":"x","n":-5}"#);
        assert_eq!(string_list_json(["y", "z"]), r#"["y","z"]"#);
        assert_eq!(ObjectWriter::default().end(), "{}");
    }

    #[test]
    fn reads_the_keys_and_items_it_is_asked_for() {
        let mut scan = Scanner::new(r#"{"a": [1, "two"], "b\u0021": {"c": null}}"#);
        let mut seen = Vec::new();
        scan.object(|scan, key| {
            if key == "a" {
                scan.array(|scan| {
                    seen.push(scan.value()?.to_owned());
                    Ok(())
                })
            } else {
                seen.push(format!("{key}={}", scan.value()?));
                Ok(())
            }
        })
        .unwrap();
        assert_eq!(seen, ["1", "\"two\"", r#"b!={"c": null}"#]);
    }

    #[test]
    fn finds_the_first_byte_a_string_cannot_hold_at_any_position() {
        for length in 0..20 {
            for at in 0..length {
                for special in [b'"', b'\\', 0x00, 0x1F, b'\n'] {
                    let mut bytes = vec![b'a'; length];
                    // A later special and high bytes must not hide the first one.
                    bytes.iter_mut().skip(at + 1).for_each(|byte| *byte = 0xFF);
                    bytes[at] = special;
                    if at + 2 < length {
                        bytes[at + 2] = b'"';
                    }
                    assert_eq!(special_at(&bytes), Some(at), "{bytes:?}");
                }
            }
            assert_eq!(special_at(&vec![b' '; length]), None);
        }
    }

    #[test]
    fn a_number_is_its_value_however_it_is_written() {
        let value = |number| Decimal::parse(number).unwrap();
        for (a, b) in [
            ("1", "1.0"),
            ("100", "1e2"),
            ("100", "1E+2"),
            ("0.015", "1.50e-2"),
            ("0", "-0.0"),
            ("0", "0e999"),
            ("-12", "-1.2e1"),
        ] {
            assert_eq!(value(a), value(b), "{a} {b}");
        }
        for (a, b) in [
            ("18446744073709551616", "18446744073709551617"),
            ("1", "-1"),
            ("0.1", "0.10000000000000000001"),
            ("1e2", "1e3"),
        ] {
            assert_ne!(value(a), value(b), "{a} {b}");
        }
        for not_a_number in ["", "-", ".5", "1x", "1e", "1e99999999999999999999"] {
            assert_eq!(Decimal::parse(not_a_number), None, "{not_a_number}");
        }
    }
}
