//! The one place that decides what is a secret. The detail view and every export go
//! through it, so a value hidden on screen can never leak into a downloaded file.

use super::event::{AuditEvent, Changes, LazyJson, Target};
use super::scan::Json;
use serde_json::{Map, Value};

/// What a secret's value is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Words that mark a key as secret, compared with the key lowercased and stripped of
/// separators (`api_key`, `apiKey` and `API-Key` all become `apikey`). Matching is by
/// substring and errs on the side of hiding: `refreshToken`, `clientSecret` and
/// `set-cookie` are all caught, and so is a harmless `passwordChangedAt`. A flag or `null`
/// under such a key is shown (see [`is_secret_entry`]).
const SECRET_WORDS: [&str; 45] = [
    "password",
    "passwd",
    // `userPwd`, `dbPwd`: no word has these letters together.
    "pwd",
    "passphrase",
    "passcode",
    "pincode",
    "securityanswer",
    // Session cookies: this dashboard's own, Better Auth's cached session, Express's, Java's
    // (`sessionId` alone is an id, not a secret).
    "banatasession",
    "sessiondata",
    "connectsid",
    "jsessionid",
    // A PKCE verifier proves an OAuth flow as a secret does.
    "verifier",
    "token",
    "secret",
    "apikey",
    "authorization",
    "cookie",
    "credential",
    // A TOTP URI carries the shared secret; a JWT or a signature is as good as a token.
    "totp",
    "jwt",
    "signature",
    // Keys and codes by what they are for: `zipCode`, `errorCode`, `publicKey` and
    // `idempotencyKey` are not secrets, so neither word is one alone.
    "privatekey",
    "privkey",
    "recoverykey",
    "signingkey",
    "encryptionkey",
    "masterkey",
    "hmackey",
    "sharedkey",
    "clientkey",
    "authkey",
    "sessionkey",
    // A card's security code.
    "cvv",
    "backupcode",
    "recoverycode",
    "verificationcode",
    "otpcode",
    "mfacode",
    "smscode",
    "resetcode",
    "authcode",
    "devicecode",
    "twofactorcode",
    "emailotp",
    "smsotp",
];

/// Keys that are secrets only as the whole key: Better Auth names an API key's plaintext
/// `key`, a one-time code `code` or `otp` and its backup codes `codes`, while `keyId`,
/// `zipCode` and `pinned` are not; a signed URL's `sig` is as good as a token.
const SECRET_NAMES: [&str; 5] = ["key", "code", "codes", "otp", "sig"];

pub fn is_secret_key(key: &str) -> bool {
    is_secret_name(&squash(key))
}

/// [`is_secret_key`] of a key already squashed. A key that ends in `pass` or `pin` is one
/// (`db_pass`, `smtpPass`, `userPin`), where one that has them inside is not (`passport`,
/// `pinned`, `shipping`).
fn is_secret_name(squashed: &str) -> bool {
    SECRET_WORDS.iter().any(|word| squashed.contains(word))
        || SECRET_NAMES.contains(&squashed)
        || squashed.ends_with("pass")
        || squashed.ends_with("pin")
}

/// A key's ASCII letters and digits, lowercased: `api_key`, `apiKey`, `API-Key` and
/// `api key` with a no-break space are `apikey`. The secret words are ASCII: Unicode's case
/// and letter tables (about 5 KB of the first load) would add only the Kelvin sign's K.
fn squash(key: &str) -> String {
    key.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The fields that name a pair's `value`: a header list's `{"name": "Authorization",
/// "value": …}`, a JSON Patch's `{"path": "/password", "value": …}`, Keycloak's credential
/// `{"type": "password", "value": …}`.
const VALUE_NAMES: [&str; 17] = [
    "type",
    "kind",
    "id",
    "label",
    "headername",
    "column",
    "setting",
    "option",
    "param",
    "parameter",
    "name",
    "key",
    "header",
    "field",
    "attribute",
    "property",
    "path",
];

/// The sides of a change record that a message has too, and the fields that name what
/// changed: `{"field": "password", "from": …, "to": …}`. Only these name them: an email's
/// `{"name": "reset-password", "from": …, "to": …}` or a request's `{"path":
/// "/change-password", "from": …}` keeps who it went between.
const MESSAGE_SIDES: [&str; 2] = ["from", "to"];
const CHANGE_NAMES: [&str; 13] = [
    "column",
    "columnname",
    "setting",
    "settingname",
    "option",
    "param",
    "parameter",
    "field",
    "fieldname",
    "attribute",
    "attributename",
    "property",
    "propertyname",
];
/// Sides that only a change has, which a pair's name ([`VALUE_NAMES`]) names too:
/// `{"name": "password", "old": …, "new": …}`.
const CHANGE_SIDES: [&str; 8] = [
    "old", "new", "oldvalue", "newvalue", "before", "after", "previous", "current",
];

/// A member's value, as the rules read it.
#[derive(Clone, Copy)]
enum Held<'a> {
    Absent,
    FlagOrNull,
    Text(&'a str),
    Other,
}

impl<'a> From<&'a Json> for Held<'a> {
    fn from(value: &'a Json) -> Self {
        match value {
            Json::Bool(_) | Json::Null => Held::FlagOrNull,
            Json::String(text) => Held::Text(text),
            _ => Held::Other,
        }
    }
}

impl<'a> From<&'a Value> for Held<'a> {
    fn from(value: &'a Value) -> Self {
        match value {
            Value::Bool(_) | Value::Null => Held::FlagOrNull,
            Value::String(text) => Held::Text(text),
            _ => Held::Other,
        }
    }
}

/// What the rules read of an object as a whole, worked out once for all its members: each
/// member looking at all the others again made an object of many `value` keys (repeated, or
/// spelled `Value`, `va_lue`…) take seconds.
#[derive(Default)]
struct Object {
    /// A pair's name names a secret: `{"name": "Authorization", "value": …}`.
    names_secret_value: bool,
    /// A change record's field names one: `{"field": "password", "from": …, "to": …}`.
    names_secret_change: bool,
    /// Better Auth's verification row: `{"identifier": …, "value": …, "expiresAt": …}`, in
    /// any spelling of its keys.
    verification_row: bool,
    has_value: bool,
}

impl Object {
    fn of<'a>(members: impl IntoIterator<Item = (&'a str, Held<'a>)>) -> Self {
        let mut object = Self::default();
        let (mut identifier, mut value, mut expires) = (false, false, false);
        for (key, held) in members {
            let squashed = squash(key);
            let names_secret = matches!(held, Held::Text(text) if is_secret_key(text));
            object.names_secret_value |= names_secret && VALUE_NAMES.contains(&&*squashed);
            object.names_secret_change |= names_secret && CHANGE_NAMES.contains(&&*squashed);
            identifier |= squashed == "identifier";
            value |= squashed == "value";
            expires |= squashed == "expiresat";
        }
        object.has_value = value;
        object.verification_row = identifier && value && expires;
        object
    }

    /// Whether the member `key`, holding `held`, is a secret: its key looks like one, or it
    /// is a value of a pair that names one. The name of a pair (`{"key": "Accept", "value":
    /// …}`) is shown: it is what says which value went.
    fn is_secret(&self, key: &str, held: Held<'_>) -> bool {
        // A flag or an absence says nothing secret (`"apiKeyRevoked": true`, `"token":
        // null`), and an admin reading the event wants to see it.
        if let Held::FlagOrNull = held {
            return false;
        }
        match &*squash(key) {
            // Better Auth's verification row: its identifier holds a reset token or names
            // an email's one-time code, its value the code or a magic link's token.
            "identifier" | "value" if self.verification_row => true,
            "value" | "values" | "headervalue" => self.names_secret_value,
            side if MESSAGE_SIDES.contains(&side) && self.names_secret_change => true,
            // The sides one level down: `{"field": "password", "changes": {"before": …}}`.
            "changes" | "change" | "diff" if self.names_secret_change => true,
            side if CHANGE_SIDES.contains(&side)
                && (self.names_secret_change || self.names_secret_value) =>
            {
                true
            }
            "key" if self.has_value => false,
            // Better Auth's error codes (`INVALID_EMAIL_OR_PASSWORD`) say why a sign-in
            // failed; a one-time code is digits, or letters and digits, never words in
            // capitals alone.
            "code" if matches!(held, Held::Text(text) if is_error_code(text)) => false,
            squashed => is_secret_name(squashed),
        }
    }
}

/// Whether the value under `key` in a decoded object is a secret (present or not: a field
/// removed by a change is as secret as one added), for each key asked, the object's rules
/// read once.
fn secret_entries(map: &Map<String, Value>) -> impl Fn(&str) -> bool + '_ {
    let object = Object::of(
        map.iter()
            .map(|(key, value)| (key.as_str(), Held::from(value))),
    );
    move |key| object.is_secret(key, map.get(key).map_or(Held::Absent, Held::from))
}

/// Whether a key of a change's two sides is a secret by the rules of either (an absent side
/// has none), each side's read once: the Changes table and the exports read a change alike.
pub fn secret_in_either<'a>(
    before: Option<&'a Map<String, Value>>,
    after: Option<&'a Map<String, Value>>,
) -> impl Fn(&str) -> bool + 'a {
    let sides: Vec<_> = [before, after]
        .into_iter()
        .flatten()
        .map(secret_entries)
        .collect();
    move |key| sides.iter().any(|is_secret| is_secret(key))
}

/// [`secret_entries`] of one key.
pub fn is_secret_entry(map: &Map<String, Value>, key: &str) -> bool {
    secret_entries(map)(key)
}

/// Words in capitals joined by underscores: `USER_NOT_FOUND`.
fn is_error_code(text: &str) -> bool {
    text.contains('_')
        && text
            .split('_')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_uppercase()))
}

/// A copy of `value` with the value of every secret key replaced by [`REDACTED`], at any
/// depth, inside arrays too. A secret's whole value goes, even when it is an object.
/// Also caught: JSON kept in a string (the backend stores structured fields as strings,
/// and some are encoded twice), and name/value pairs such as
/// `{"name": "Authorization", "value": "Bearer …"}`.
pub fn redact(value: &Value) -> Value {
    restored(value, redact_noting(&Json::from(value), &mut false))
}

/// The redacted tree as a `Value`. Redaction replaces values with text and keeps the shape,
/// so a number is the original's, exactly: serde_json may read a float back from its own
/// text a step off.
fn restored(original: &Value, redacted: Json) -> Value {
    match (original, redacted) {
        (Value::Array(items), Json::Array(redacted)) => Value::Array(
            (items.iter().zip(redacted))
                .map(|(item, redacted)| restored(item, redacted))
                .collect(),
        ),
        (Value::Object(members), Json::Object(redacted)) => {
            let mut object = Map::new();
            for ((key, member), (_, redacted)) in members.iter().zip(redacted) {
                object.insert(key.clone(), restored(member, redacted));
            }
            Value::Object(object)
        }
        (_, Json::String(text)) => Value::String(text),
        _ => original.clone(),
    }
}

/// Whether `items` are name/value entries, as `Object.entries` and a spread `Headers` list
/// them: `[["authorization", "Bearer …"], ["accept", "*/*"]]`. An entry that names a secret
/// has its value hidden. Only in a list of entries: a pair alone may be two field names
/// (`["password", "email"]`, what changed).
pub fn is_entry_list(items: &[Json]) -> bool {
    !items.is_empty()
        && items.iter().all(|item| {
            matches!(item, Json::Array(pair) if pair.len() == 2 && pair[0].as_str().is_some())
        })
}

/// [`redact`], setting `found` when `value` held any secret.
fn redact_noting(value: &Json, found: &mut bool) -> Json {
    match value {
        Json::Object(members) => {
            let object = Object::of(members.iter().map(|(key, value)| (&**key, value.into())));
            Json::Object(
                (members.iter())
                    .map(|(key, value)| {
                        let value = if object.is_secret(key, value.into()) {
                            hidden(found)
                        } else {
                            redact_noting(value, found)
                        };
                        (key.clone(), value)
                    })
                    .collect(),
            )
        }
        Json::Array(entries) if is_entry_list(entries) => Json::Array(
            (entries.iter())
                .filter_map(|entry| match entry {
                    Json::Array(pair) => Some(pair),
                    _ => None,
                })
                .map(|pair| {
                    let value = if pair[0].as_str().is_some_and(is_secret_key) {
                        hidden(found)
                    } else {
                        redact_noting(&pair[1], found)
                    };
                    Json::Array(vec![redact_noting(&pair[0], found), value])
                })
                .collect(),
        ),
        Json::Array(items) => Json::Array(
            items
                .iter()
                .map(|item| redact_noting(item, found))
                .collect(),
        ),
        Json::String(text) => match redact_string(text) {
            Some(redacted) => {
                *found = true;
                Json::String(redacted)
            }
            None => value.clone(),
        },
        other => other.clone(),
    }
}

/// A secret's value, noted in `found`.
fn hidden(found: &mut bool) -> Json {
    *found = true;
    Json::String(REDACTED.to_owned())
}

/// A free-form string without the secrets of the JSON it holds, or else of its plain text;
/// `None` when it has none. JSON is judged as JSON alone: the plain text's rules would read
/// its members again (`{"code": "USER_NOT_FOUND"}`'s error code as a one-time code).
pub fn redact_string(text: &str) -> Option<String> {
    match embedded_json(text) {
        Some(parsed) => redact_parsed(&parsed),
        None => redact_in_text(text),
    }
}

/// The JSON a string holds: an object, an array, or a string of JSON again.
fn embedded_json(text: &str) -> Option<Json> {
    // JSON may only start after JSON's own (ASCII) whitespace. Most text is a name or an
    // id, which its first byte rules out: every loaded row's fields come through here.
    let first = text.bytes().find(|byte| !byte.is_ascii_whitespace())?;
    if !matches!(first, b'{' | b'[' | b'"') {
        return None;
    }
    Json::parse(text)
}

/// JSON rewritten without its secrets, if it has any. Rewritten whenever a secret key is
/// there, even one already redacted, since a repeated key could hide an earlier value in
/// the text.
fn redact_parsed(parsed: &Json) -> Option<String> {
    let mut found = false;
    let redacted = redact_noting(parsed, &mut found);
    found.then(|| {
        let mut text = String::new();
        redacted.write(&mut text);
        text
    })
}

/// A text field as shown: the same text, unless it holds JSON with secrets (see
/// [`redact`]). For the fields the reader takes as plain text, like names and ids.
pub fn redact_text(text: &str) -> String {
    (embedded_json(text).and_then(|parsed| redact_parsed(&parsed)))
        .unwrap_or_else(|| text.to_owned())
}

/// The text without the secrets it carries in plain sight: a TOTP URI whole (it holds the
/// shared secret), the credential after `Bearer` or `Basic`, the value of a parameter named
/// like a secret (see [`parameter_value_at`]), a URL's password, a private key's body, a
/// token known by its form and a reset link's token. A text with percent-encoding is read
/// decoded as well (a redirect URL inside a URL), and shown decoded when that finds one,
/// also when the plain text had one. `None` when it has none.
fn redact_in_text(text: &str) -> Option<String> {
    // Each level decoded after the secrets of the one above are hidden: a URL can carry one
    // of each, and a redirect inside a redirect is encoded twice (`%253D`).
    let mut shown = redact_plain_text(text);
    let mut level = shown.clone().unwrap_or_else(|| text.to_owned());
    for _ in 0..MAX_DECODINGS {
        let Some(decoded) = percent_decoded(&level).filter(|decoded| *decoded != level) else {
            break;
        };
        level = match redact_plain_text(&decoded) {
            Some(redacted) => shown.insert(redacted).clone(),
            None => decoded,
        };
    }
    shown
}

/// How many levels of percent-encoding are read: a link in a link in a link.
const MAX_DECODINGS: usize = 3;

fn redact_plain_text(text: &str) -> Option<String> {
    // A TOTP URI, or an authenticator app's export of many (`otpauth-migration:`).
    let scheme = text.trim_start().get(..8);
    if scheme.is_some_and(|scheme| {
        scheme.eq_ignore_ascii_case("otpauth:") || scheme.eq_ignore_ascii_case("otpauth-")
    }) {
        return Some(REDACTED.to_owned());
    }
    let bytes = text.as_bytes();
    let mut redacted = String::new();
    // `text[..copied]` is in `redacted` already. `at` visits every byte, but every position
    // a match returns is at an ASCII byte or the text's end, so never inside a character.
    let (mut copied, mut at) = (0, 0);
    while at < bytes.len() {
        // A private key's body whole, also as a parameter's value, which would otherwise end
        // at the space in the key's header.
        let value = |start| {
            private_key_at(text, start).unwrap_or((start, start + value_length(bytes, start)))
        };
        let found = private_key_at(text, at)
            .or_else(|| credential_at(bytes, at).map(value))
            .or_else(|| {
                let (start, quoted_end) = parameter_value_at(bytes, at)?;
                Some(quoted_end.map_or_else(|| value(start), |end| (start, end)))
            })
            .or_else(|| url_password_at(bytes, at))
            .or_else(|| known_token_at(bytes, at))
            .or_else(|| path_token_at(bytes, at));
        let Some((start, end)) = found else {
            at += 1;
            continue;
        };
        if end > start {
            redacted.push_str(&text[copied..start]);
            redacted.push_str(REDACTED);
            copied = end;
        }
        at = end.max(at + 1);
    }
    (copied > 0).then(|| redacted + &text[copied..])
}

/// Where the credential starts when a `Bearer` or `Basic` scheme word begins at `at` and a
/// token follows it: at least 8 characters with a digit, a symbol or a capital inside (base64
/// has them), so that "the Basic plan" and "the bearer credential" keep their words.
fn credential_at(bytes: &[u8], at: usize) -> Option<usize> {
    let mut start = at + scheme_at(bytes, at)?;
    if matches!(bytes.get(start), Some(b'"' | b'\'')) {
        start += 1;
    }
    let token = &bytes[start..start + value_length(bytes, start)];
    let symbol = |byte: &u8| byte.is_ascii_digit() || b"-._~+/=".contains(byte);
    let inner_capital = token.iter().skip(1).any(u8::is_ascii_uppercase);
    let looks_like_one = token.len() >= 8 && (inner_capital || token.iter().any(symbol));
    looks_like_one.then_some(start)
}

/// How long a `Bearer` or `Basic` scheme word and the spaces after it are, when one begins at
/// `at`.
fn scheme_at(bytes: &[u8], at: usize) -> Option<usize> {
    if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
        return None;
    }
    let rest = &bytes[at..];
    let word = ["bearer", "basic"].into_iter().find(|word| {
        rest.get(..word.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(word.as_bytes()))
    })?;
    let spaces = rest[word.len()..]
        .iter()
        .take_while(|byte| byte.is_ascii_whitespace())
        .count();
    (spaces > 0).then_some(word.len() + spaces)
}

/// Where the value starts when a parameter named like a secret begins at `at` (at the text's
/// start, or after `?`, `&`, `;`, `#`, a space, or what opens a JSON member: `{`, `,` and a
/// quote), and where it ends if that is known: at a quoted value's closing quote, or at the
/// end of a header's line. `name=value`, as URLs, forms and cookies write it, `name: value`,
/// as prose and headers do, or `"name": value` in JSON that a text carries without being
/// JSON itself. A value that is a credential scheme's (`authorization=Bearer …`) is left to
/// [`credential_at`], which hides the credential after the scheme word.
fn parameter_value_at(bytes: &[u8], at: usize) -> Option<(usize, Option<usize>)> {
    let name_start = match bytes[at] {
        // A Ruby symbol's colon too: `{:password => …}`.
        b'?' | b'&' | b';' | b'#' | b'{' | b',' | b'"' | b'\'' | b'(' | b'|' | b':' => at + 1,
        byte if byte.is_ascii_whitespace() => at + 1,
        _ if at == 0 => 0,
        _ => return None,
    };
    let name_length = bytes[name_start..]
        .iter()
        .take_while(|&&byte| {
            byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-' | b'.' | b'[' | b']')
        })
        .count();
    if name_length == 0 {
        return None;
    }
    let name = &bytes[name_start..name_start + name_length];
    let mut after = name_start + name_length;
    // A quoted name's closing quote, also escaped, as a JSON string that holds JSON writes
    // it: `body="{\"password\":\"…\"}"`.
    let quote = bytes[at];
    if matches!(quote, b'"' | b'\'') {
        if bytes.get(after) == Some(&quote) {
            after += 1;
        } else if bytes.get(after..after + 2) == Some(&[b'\\', quote]) {
            after += 2;
        }
    }
    let spaces = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count()
    };
    // `name = value` and `name : value` as prose and config dumps space them.
    let name_end = after;
    let after = after + spaces(after);
    let colon = bytes.get(after) == Some(&b':');
    let start = match bytes.get(after) {
        // A Ruby or PHP hash's arrow: `"password" => …`.
        Some(b'=') if bytes.get(after + 1) == Some(&b'>') => after + 2 + spaces(after + 2),
        Some(b'=' | b':') => after + 1 + spaces(after + 1),
        _ => return None,
    };
    let Ok(name) = std::str::from_utf8(name) else {
        return None;
    };
    let name = squash(name);
    if !is_secret_name(&name) {
        return None;
    }
    if let Some(&quote @ (b'"' | b'\'')) = bytes.get(start) {
        // To the closing quote, past the quotes a backslash escapes (JSON's `\"`).
        let rest = &bytes[start + 1..];
        let mut length = 0;
        while length < rest.len() && rest[length] != quote {
            length += if rest[length] == b'\\' { 2 } else { 1 };
        }
        return Some((start + 1, Some(start + 1 + length.min(rest.len()))));
    }
    if let [b'\\', quote @ (b'"' | b'\''), ..] = bytes[start.min(bytes.len())..] {
        // An escaped quote's value, read escapes and all: it ends at the next escaped quote
        // that the JSON inside does not escape itself (`\\\"` is a quote in the value).
        let rest = &bytes[start + 2..];
        let (mut length, mut escaped_inside) = (0, false);
        while let Some(&byte) = rest.get(length) {
            if byte != b'\\' {
                if byte == quote {
                    break;
                }
                escaped_inside = false;
                length += 1;
                continue;
            }
            match rest.get(length + 1) {
                Some(&next) if next == quote && !escaped_inside => break,
                Some(b'\\') => escaped_inside = !escaped_inside,
                _ => escaped_inside = false,
            }
            length += 2;
        }
        return Some((start + 2, Some(start + 2 + length.min(rest.len()))));
    }
    // A header's value, whatever its scheme or however many cookies it holds, is the rest of
    // its line; so is a spaced `=`'s, as a settings dump writes `Authorization = Token …`
    // (a URL's `authorization=Basic …` has no space, and its credential ends at the next `&`).
    let spaced = after > name_end || start > after + 1;
    if (colon || spaced) && HEADER_LINES.contains(&name.as_str()) {
        let rest = &bytes[start..];
        let line = rest.iter().position(|&b| matches!(b, b'\r' | b'\n'));
        return Some((start, Some(start + line.unwrap_or(rest.len()))));
    }
    if credential_at(bytes, start).is_some() {
        return None;
    }
    // The name says what follows the scheme word is a secret, though it does not look like
    // one (`token: Bearer abcdefgh`).
    let start = start + scheme_at(bytes, start).unwrap_or(0);
    // An error code named `code` in a text, as in JSON (see `is_secret_entry`).
    if name == "code" {
        let word = &bytes[start..start + value_length(bytes, start)];
        if std::str::from_utf8(word).is_ok_and(is_error_code) {
            return None;
        }
    }
    let rest = &bytes[start..];
    // A list of secrets (`backup codes: K1 K2`) runs to the end of its line.
    let plural = name.strip_suffix('s').is_some_and(is_secret_name);
    if colon && plural {
        let line = rest.iter().position(|&b| matches!(b, b'\r' | b'\n'));
        return Some((start, Some(start + line.unwrap_or(rest.len()))));
    }
    // A private key's body is read whole (by the caller), past the spaces in its header.
    if rest.starts_with(b"-----BEGIN ") {
        return Some((start, None));
    }
    // Prose ends a value at a space, and a URL, a form or a cookie at its next parameter: a
    // password holds `#`, `,`, `'` or `<` as readily. Punctuation before the space is the
    // sentence's (`at /x?token=…, or`); not `]`, which ends a value already redacted, read
    // again decoded.
    let run = (rest.iter())
        .position(|&byte| byte.is_ascii_whitespace() || (!colon && matches!(byte, b'&' | b';')))
        .unwrap_or(rest.len());
    let sentence = (rest[..run].iter().rev())
        .take_while(|byte| b",.;)}'\">".contains(byte))
        .count();
    Some((start, Some(start + run - sentence)))
}

/// Tokens known by their form, wherever they stand: a JWT (`eyJ…` in three dotted parts,
/// five when encrypted) and the prefixes of Stripe's, GitHub's, GitLab's, Slack's, Google's,
/// OpenAI's, Anthropic's and npm's keys and secrets.
const TOKEN_PREFIXES: [&str; 19] = [
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "whsec_",
    "ghp_",
    "gho_",
    "ghs_",
    "ghu_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "xapp-",
    "AIza",
    "sk-proj-",
    "sk-ant-",
    "npm_",
];

/// Where a token known by its form starts and ends, when one starts at `at`: at least 12
/// characters, prefix and all. The form is checked before anything is measured: measured
/// from each byte, a long run without a space took time by the square of its length.
fn known_token_at(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || matches!(bytes[at - 1], b'_' | b'-')) {
        return None;
    }
    let rest = &bytes[at..];
    if rest.starts_with(b"eyJ") {
        // base64url parts and their dots, not a sentence's dot or a query after them. Read
        // up to a fifth dot at most: past it, only an ellipsis may follow for this to be a
        // JWT, so that text like `eyJ.eyJ.eyJ.…` is not read again from each of its `eyJ`s,
        // by the square of its length.
        let token_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
        let mut dots = 0;
        let run = (rest.iter())
            .position(|&b| {
                dots += usize::from(b == b'.');
                dots > 4 || !token_byte(b)
            })
            .unwrap_or(rest.len());
        let more_parts = || {
            (rest[run..].iter())
                .take_while(|&&b| token_byte(b))
                .any(|&b| b != b'.')
        };
        if dots > 4 && more_parts() {
            return None;
        }
        let length = run - rest[..run].iter().rev().take_while(|&&b| b == b'.').count();
        let jwt = &rest[..length];
        let parts = jwt
            .split(|&b| b == b'.')
            .filter(|part| !part.is_empty())
            .count();
        let dots = jwt.iter().filter(|&&b| b == b'.').count();
        // A JWS has three parts; a JWE five, its key's empty when the key is agreed
        // beforehand (`dir`, as Auth.js encrypts its session cookie).
        let jws_or_jwe = (dots == 2 && parts == 3) || (dots == 4 && parts >= 4);
        return (length >= 12 && jws_or_jwe).then_some((at, at + length));
    }
    if !TOKEN_PREFIXES
        .iter()
        .any(|prefix| rest.starts_with(prefix.as_bytes()))
    {
        return None;
    }
    let length = value_length(bytes, at);
    (length >= 12).then_some((at, at + length))
}

/// Paths whose rest is a secret, and whether only its first segment is: Better Auth's reset
/// link's token, and the webhook addresses that carry their own credentials, Slack's and
/// Discord's.
const SECRET_PATHS: [(&[u8], bool); 3] = [
    (b"/reset-password/", true),
    (b"hooks.slack.com/services/", false),
    (b"discord.com/api/webhooks/", false),
];

/// Where a token in a URL's path starts and ends, when a [`SECRET_PATHS`] path is at `at`.
fn path_token_at(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let (path, one_segment) = SECRET_PATHS
        .into_iter()
        .find(|(path, _)| bytes[at..].starts_with(path))?;
    let start = at + path.len();
    let rest = &bytes[start..];
    let length = rest
        .iter()
        .position(|&b| ends_value(b) || b == b'?' || (one_segment && b == b'/'))
        .unwrap_or(rest.len());
    (length > 0).then_some((start, start + length))
}

/// Headers whose whole value is a credential, squashed as [`squash`] does.
const HEADER_LINES: [&str; 4] = ["authorization", "proxyauthorization", "cookie", "setcookie"];

/// Where the password of a URL's `user:password@` starts and ends, when its `://` is at `at`
/// (a database URL, a proxy's): up to the last `@` before the host.
fn url_password_at(bytes: &[u8], at: usize) -> Option<(usize, usize)> {
    let authority = at + 3;
    if bytes.get(at..authority) != Some(b"://") {
        return None;
    }
    let length = bytes[authority..]
        .iter()
        .position(|&byte| ends_value(byte) || matches!(byte, b'/' | b'?'))
        .unwrap_or(bytes.len() - authority);
    let authority = &bytes[authority..authority + length];
    let user_end = authority.iter().rposition(|&byte| byte == b'@')?;
    let colon = authority[..user_end]
        .iter()
        .position(|&byte| byte == b':')?;
    Some((at + 3 + colon + 1, at + 3 + user_end))
}

/// Where a private key's body starts and ends, when its `-----BEGIN … PRIVATE KEY…-----` (PEM,
/// OpenSSH, PGP) is at `at`: up to its `-----END`, or the text's end if it has none.
fn private_key_at(text: &str, at: usize) -> Option<(usize, usize)> {
    const BEGIN: &str = "-----BEGIN ";
    // Tested as bytes first: `at` may lie inside a character, and then the text is not one.
    if !text.as_bytes()[at..].starts_with(BEGIN.as_bytes()) {
        return None;
    }
    let label = &text[at + BEGIN.len()..];
    let label_end = label.find("-----")?;
    if !label[..label_end].contains("PRIVATE KEY") {
        return None;
    }
    let start = at + BEGIN.len() + label_end + "-----".len();
    let end = text[start..]
        .find("-----END")
        .map_or(text.len(), |end| start + end);
    Some((start, end))
}

/// How long the value that starts at `start` runs.
fn value_length(bytes: &[u8], start: usize) -> usize {
    let rest = &bytes[start..];
    rest.iter()
        .position(|&byte| ends_value(byte))
        .unwrap_or(rest.len())
}

fn ends_value(byte: u8) -> bool {
    // A comma too: neither tokens nor base64 hold one, and prose puts one after them.
    byte.is_ascii_whitespace()
        || matches!(byte, b'&' | b'#' | b';' | b',' | b'"' | b'\'' | b'<' | b'>')
}

/// The text with its `%XX` escapes decoded; `None` when it has none.
fn percent_decoded(text: &str) -> Option<String> {
    text.contains('%').then(|| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    })
}

/// The sides of a change without their secrets, each read by the rules of both, as the
/// Changes table reads them (see `diff`): `{"setting": "smtpPassword", "value": "old"}`
/// becoming `{"value": "new"}` names the secret on one side only.
fn redact_sides(before: &Value, after: &Value) -> (Value, Value) {
    let (Value::Object(old), Value::Object(new)) = (before, after) else {
        return (redact(before), redact(after));
    };
    let secret = secret_in_either(Some(old), Some(new));
    let mut paired = Map::new();
    let old = (old.iter())
        .map(|(key, value)| {
            let value = match new.get(key) {
                _ if secret(key) => REDACTED.into(),
                Some(other) => {
                    let (value, other) = redact_sides(value, other);
                    paired.insert(key.clone(), other);
                    value
                }
                None => redact(value),
            };
            (key.clone(), value)
        })
        .collect();
    let new = (new.iter())
        .map(|(key, value)| {
            let value = match paired.remove(key) {
                _ if secret(key) => REDACTED.into(),
                Some(value) => value,
                None => redact(value),
            };
            (key.clone(), value)
        })
        .collect();
    (Value::Object(old), Value::Object(new))
}

/// A target's other fields without their secrets, read with the fields lifted out of them
/// (its type, id, name and email), which may be what names one: `{"type": "setting",
/// "name": "SMTP_PASSWORD", "value": …}`.
fn redact_target_fields(target: &Target, other: &Map<String, Value>) -> Value {
    let mut whole = other.clone();
    let lifted = [
        ("type", &target.kind),
        ("id", &target.id),
        ("name", &target.name),
        ("email", &target.email),
    ];
    for (key, field) in lifted {
        if let Some(field) = field {
            whole.insert(key.to_owned(), field.as_str().into());
        }
    }
    let secret = secret_entries(&whole);
    Value::Object(
        (other.iter())
            .map(|(key, value)| {
                let value = match secret(key) {
                    true => REDACTED.into(),
                    false => redact(value),
                };
                (key.clone(), value)
            })
            .collect(),
    )
}

/// The event with secrets gone from every free-form field: changes, metadata, context,
/// the actor's metadata and the targets' other fields. Named fields (ids, emails,
/// addresses) are kept.
pub fn redact_event(event: &AuditEvent) -> AuditEvent {
    let mut event = event.clone();
    event.changes = event
        .changes
        .as_ref()
        .and_then(|changes| match changes.get() {
            Some(Changes { before, after }) => {
                let (before, after) = redact_sides(&before, &after);
                Some(LazyJson::new(Value::from(&Changes { before, after })))
            }
            None => changes
                .to_value()
                .map(|unpaired| LazyJson::new(redact(&unpaired))),
        });
    let redact_lazy =
        |json: &LazyJson<Value>| json.get().map(|value| LazyJson::new(redact(&value)));
    event.metadata = event.metadata.as_ref().and_then(redact_lazy);
    let redact_fields = |json: &LazyJson<Map<String, Value>>| {
        json.get()
            .map(|fields| LazyJson::new(redact(&Value::Object(fields))))
    };
    event.context = event.context.as_ref().and_then(redact_fields);
    event.actor.metadata = event.actor.metadata.as_ref().and_then(redact_lazy);
    for target in &mut event.targets {
        let other = target.other.as_ref().and_then(LazyJson::get);
        target.other = other.map(|other| LazyJson::new(redact_target_fields(target, &other)));
    }
    // Lifted out of the context (flat rows send them as columns of their own), and as free
    // as the rest of it: a client may put a token in its user agent or a logged URL.
    for text in [&mut event.user_agent, &mut event.request_id]
        .into_iter()
        .flatten()
    {
        if let Some(redacted) = redact_string(text) {
            *text = redacted;
        }
    }
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each text, redacted, reads as its pair.
    fn redacts(cases: &[(&str, &str)]) {
        for (text, shown) in cases {
            assert_eq!(redact_string(text).as_deref(), Some(*shown), "{text}");
        }
    }

    /// Each text has nothing to redact.
    fn keeps(texts: &[&str]) {
        for text in texts {
            assert_eq!(redact_string(text), None, "{text}");
        }
    }
    use crate::domain::event::normalize_event;
    use serde_json::json;

    #[test]
    fn secrets_in_plain_sight_in_a_text_value_are_redacted() {
        let metadata = json!({
            "qr": "otpauth://totp/Acme:ada?secret=LEAK1&issuer=Acme",
            "redirect": "https://app.example/reset?user=ada&token=LEAK2#step",
            "callback": "https://app.example/cb#access_token=LEAK3&state=s",
            "note": "retried with Bearer eyJ.LEAK4, then basic  dXNlcjpwYXNz",
            "form": "api_key=LEAK6&plan=pro",
            "spaced": "sent Bearer\teyJ.LEAK7 or BEARER \"eyJ.LEAK8\"",
            "header": "Cookie: a=1; session_token=LEAK9",
            "bracketed": "/signup?user[password]=LEAK10",
            "dsn": "postgres://admin:LEAK11@db.example:5432/app",
            "proxy": "via https://bob:p@ss:LEAK12@proxy.example/x, then",
            "plain": "the basics; a bearer; ?keyId=k1&pinned=yes; café=x",
            "urls": "http://ada@example.com/a:b@c https://example.com/x:y@z",
            "pem": "é -----BEGIN RSA PRIVATE KEY-----\nLEAK13\n-----END RSA PRIVATE KEY----- ok",
            "cut": "-----BEGIN PRIVATE KEY-----\nLEAK14",
            "certificate": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
            "parameter": "private_key=-----BEGIN PRIVATE KEY-----\nLEAK15\n-----END PRIVATE KEY-----",
            "pgp": "-----BEGIN PGP PRIVATE KEY BLOCK-----\nLEAK16\n-----END PGP PRIVATE KEY BLOCK-----",
            "prose": "Upgraded to the Basic plan; the bearer credential expired",
        });
        assert_eq!(
            redact(&metadata),
            json!({
                "qr": "[redacted]",
                // A fragment after a secret parameter goes with it: a password holds `#`.
            "redirect": "https://app.example/reset?user=ada&token=[redacted]",
                "callback": "https://app.example/cb#access_token=[redacted]&state=s",
                "note": "retried with Bearer [redacted], then basic  [redacted]",
                "form": "api_key=[redacted]&plan=pro",
                "spaced": "sent Bearer\t[redacted] or BEARER \"[redacted]\"",
                // A header's value is its whole line: a cookie header's, the browser's credentials.
                "header": "Cookie: [redacted]",
                "bracketed": "/signup?user[password]=[redacted]",
                "dsn": "postgres://admin:[redacted]@db.example:5432/app",
                "proxy": "via https://bob:[redacted]@proxy.example/x, then",
                "plain": "the basics; a bearer; ?keyId=k1&pinned=yes; café=x",
                "urls": "http://ada@example.com/a:b@c https://example.com/x:y@z",
                "pem": "é -----BEGIN RSA PRIVATE KEY-----[redacted]-----END RSA PRIVATE KEY----- ok",
                "cut": "-----BEGIN PRIVATE KEY-----[redacted]",
                "certificate": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
                "parameter": "private_key=-----BEGIN PRIVATE KEY-----[redacted]-----END PRIVATE KEY-----",
                "pgp": "-----BEGIN PGP PRIVATE KEY BLOCK-----[redacted]-----END PGP PRIVATE KEY BLOCK-----",
                "prose": "Upgraded to the Basic plan; the bearer credential expired",
            })
        );
    }

    #[test]
    fn a_secret_named_in_prose_with_a_colon_is_redacted() {
        redacts(&[
            (
                "reset password: hunter2 now",
                "reset password: [redacted] now",
            ),
            ("Password:hunter2", "Password:[redacted]"),
            (
                "api_key: sk_live_9, plan: pro",
                "api_key: [redacted], plan: pro",
            ),
            ("new secret: 'x y' set", "new secret: '[redacted]' set"),
            ("token:  \"abc\" sent", "token:  \"[redacted]\" sent"),
            // The scheme's credential, not the scheme word, whatever names it.
            (
                "Authorization: Bearer eyJ.LEAK1",
                "Authorization: [redacted]",
            ),
            (
                "authorization=Basic dXNlcjpwYXNz",
                "authorization=Basic [redacted]",
            ),
        ]);
        keeps(&[
            "at 10:30, user: ada",
            "password:",
            "https://example.com:8443/x",
        ]);
    }

    #[test]
    fn session_cookies_header_lines_and_json_inside_a_text_are_redacted() {
        redacts(&[
            // The dashboard's own session cookie, and Better Auth's and others'.
            ("banata_session=admSESS123", "banata_session=[redacted]"),
            (
                "jar: connect.sid=s1; JSESSIONID=j2",
                "jar: connect.sid=[redacted]; JSESSIONID=[redacted]",
            ),
            // A header's value is hidden to the end of its line, whatever its scheme.
            (
                "Cookie: theme=dark; sid=abcSID123\nnext",
                "Cookie: [redacted]\nnext",
            ),
            (
                "Authorization: Token abc123DEF456",
                "Authorization: [redacted]",
            ),
            (
                "proxy-authorization: Negotiate YII=",
                "proxy-authorization: [redacted]",
            ),
            // A spaced `=`, as settings dumps write it.
            (
                "Authorization = Token abc123 DEF456\nnext",
                "Authorization = [redacted]\nnext",
            ),
            ("cookie =a=1; sid=s2", "cookie =[redacted]"),
            // JSON that does not start the text, or does not end.
            (
                r#"sign-in failed body={"email":"a@x","password":"hunter2"}"#,
                r#"sign-in failed body={"email":"a@x","password":"[redacted]"}"#,
            ),
            (
                r#"{"password": "hunter2","rememberMe":tr"#,
                r#"{"password": "[redacted]","rememberMe":tr"#,
            ),
            (r#"{'passcode': '918273'}"#, r#"{'passcode': '[redacted]'}"#),
            // Percent-encoded beside plain.
            (
                "/verify?token=tokA1&callbackURL=https%3A%2F%2Fapp%2Fcb%3Fcode%3DcodeB2",
                "/verify?token=[redacted]&callbackURL=https://app/cb?code=[redacted]",
            ),
        ]);
        for key in [
            "passcode",
            "pinCode",
            "codeVerifier",
            "privKey",
            "recoveryKeys",
            "securityAnswer",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for kept in ["sessionId", "session_id"] {
            assert!(!is_secret_key(kept), "{kept}");
        }
    }

    #[test]
    fn a_probes_secrets_are_redacted_and_error_codes_kept() {
        redacts(&[
            // A value named in prose ends at a space, not at a symbol it may hold.
            ("password: p#ss,w0rd! then", "password: [redacted] then"),
            ("password = hunter2", "password = [redacted]"),
            // Better Auth's reset link carries its token in the path.
            (
                "https://app.example/api/auth/reset-password/rstTOK123abc?callbackURL=%2Freset",
                "https://app.example/api/auth/reset-password/[redacted]?callbackURL=/reset",
            ),
            // Tokens known by their form, under any key or none.
            (
                "retried with eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln, failed",
                "retried with [redacted], failed",
            ),
            (
                "key sk_live_51Habc and ghp_abcDEF123 and xoxb-1-2-abc",
                "key [redacted] and [redacted] and [redacted]",
            ),
        ]);
        keeps(&["eyJ alone", "task_live_x", "the ghp_ prefix"]);
        // Better Auth's error codes say why a sign-in failed; a one-time code is hidden.
        let error =
            json!({ "code": "INVALID_EMAIL_OR_PASSWORD", "message": "Invalid email or password" });
        assert_eq!(redact(&error), error);
        assert_eq!(
            redact(&json!({ "code": "482913" })),
            json!({ "code": "[redacted]" })
        );
        assert_eq!(
            redact(&json!({ "code": "ABCD_1234" })),
            json!({ "code": "[redacted]" })
        );
    }

    #[test]
    fn a_fourth_reviews_finds_are_redacted() {
        redacts(&[
            // Ruby's and PHP's hash arrows, as a Rails log writes the parameters.
            (
                r#"Parameters: {"user"=>{"password"=>"hunter2"}}"#,
                r#"Parameters: {"user"=>{"password"=>"[redacted]"}}"#,
            ),
            (
                r#"{:password => "hunter2"}"#,
                r#"{:password => "[redacted]"}"#,
            ),
            ("token=>abc123 sent", "token=>[redacted] sent"),
            (
                "cookie eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn sent",
                "cookie [redacted] sent",
            ),
            (
                "otpauth-migration://offline?data=CjEKCkhlbGxv",
                "[redacted]",
            ),
            // Tokens known by their prefix: GitLab's, Anthropic's, npm's, Slack's app token.
            (
                "glpat-abcdefghij0123 sk-ant-api03-abcdef npm_abcdefghijkl xapp-1-A0-123",
                "[redacted] [redacted] [redacted] [redacted]",
            ),
            // Half an emoji does not keep the JSON around it from being read.
            (
                r#"{"name":"password","value":"hunter2","x":"\ud83d"}"#,
                "{\"name\":\"password\",\"value\":\"[redacted]\",\"x\":\"\u{fffd}\"}",
            ),
            // A quote inside such a value is escaped twice, and does not end it.
            (
                r#"body="{\"password\":\"hun\\\"ter2\"}""#,
                r#"body="{\"password\":\"[redacted]\"}""#,
            ),
            // JSON that a JSON string holds, in a log line.
            (
                r#"sign-in failed body="{\"email\":\"a@x\",\"password\":\"hunter2\"}""#,
                r#"sign-in failed body="{\"email\":\"a@x\",\"password\":\"[redacted]\"}""#,
            ),
        ]);
    }

    #[test]
    fn text_made_of_jwt_beginnings_is_read_once() {
        // Read from each `eyJ` to its end, this took minutes. Only its last five parts
        // have a JWT's (an encrypted one's) form.
        let text = "eyJ.".repeat(100_000);
        let shown = redact_string(&text).unwrap();
        assert_eq!(shown, format!("{}[redacted].", "eyJ.".repeat(99_995)));
        keeps(&["accessKeyId AKIAIOSFODNN7EXAMPLE"]);
        assert!(!is_secret_key("accessKeyId"));
    }

    #[test]
    fn a_second_reviews_finds_are_redacted_and_json_is_judged_once() {
        redacts(&[
            // A backslash-escaped quote inside a quoted value.
            (
                r#"body={"password":"hun\"ter2"}"#,
                r#"body={"password":"[redacted]"}"#,
            ),
            ("Password:\thunter2", "Password:\t[redacted]"),
            ("(password: hunter2)", "(password: [redacted])"),
            ("user=ada|token=LEAK9", "user=ada|token=[redacted]"),
            // A JWT that a sentence's dots follow.
            (
                "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln...",
                "token [redacted]...",
            ),
            // A header's value quoted inside JSON ends at its quote, not at the line's end.
            (
                r#"headers={"cookie":"sid=abc","user-agent":"curl/8"}"#,
                r#"headers={"cookie":"[redacted]","user-agent":"curl/8"}"#,
            ),
        ]);
        for named in [
            json!({ "setting": "smtpPassword", "value": "LEAK1" }),
            json!({ "column": "password", "from": "LEAK2", "to": "LEAK3" }),
            json!({ "field": "password", "changes": { "before": "LEAK4", "after": "LEAK5" } }),
            json!({ "attribute": "apiKey", "diff": ["LEAK6", "LEAK7"] }),
        ] {
            assert!(!redact(&named).to_string().contains("LEAK"), "{named}");
        }
        // JSON that the JSON rules leave alone is not read again as plain text.
        keeps(&[
            r#"{"code":"INVALID_EMAIL_OR_PASSWORD","message":"Invalid email or password"}"#,
            r#"{"key":"theme","value":"dark"}"#,
        ]);
        assert_eq!(redact_string("failed: code: USER_NOT_FOUND"), None);
    }

    #[test]
    fn a_scheme_word_hides_a_credential_from_eight_characters_but_not_a_word() {
        assert_eq!(
            redact(&json!("retried with Bearer abcd1234")),
            json!("retried with Bearer [redacted]")
        );
        assert_eq!(
            redact(&json!("uses Basic Authentication")),
            json!("uses Basic Authentication")
        );
    }

    #[test]
    fn a_secret_behind_percent_encoding_is_found_and_shown_decoded() {
        assert_eq!(
            redact(&json!(
                "next=https%3A%2F%2Fapp%2Fcb%3Ftoken%3DLEAK&x=%E2%9C%93"
            )),
            json!("next=https://app/cb?token=[redacted]&x=✓")
        );
        assert_eq!(
            redact(&json!("/reset?%74oken=LEAK")),
            json!("/reset?token=[redacted]")
        );
        // A redirect in a redirect, encoded twice, and a secret at each level.
        assert_eq!(
            redact(&json!(
                "/cb?code=LEAK1&next=%2Fa%3Fr%3D%252Fb%253Ftoken%253DLEAK2"
            )),
            json!("/cb?code=[redacted]&next=/a?r=/b?token=[redacted]")
        );
        // Nothing secret: the text stays as it was sent, escapes and all, however deep.
        assert_eq!(redact(&json!("q=caf%C3%A9%2")), json!("q=caf%C3%A9%2"));
        assert_eq!(redact(&json!("q=100%2525")), json!("q=100%2525"));
    }

    #[test]
    fn secret_looking_keys_in_any_spelling() {
        for key in [
            "password",
            "newPassword",
            "PASSWD",
            "token",
            "accessToken",
            "refresh_token",
            "sessionToken",
            "session-token",
            "secret",
            "clientSecret",
            "client_secret",
            "apiKey",
            "api_key",
            "api-key",
            "API Key",
            "API\u{a0}Key",
            "pass\u{2013}word",
            "Authorization",
            "cookie",
            "Set-Cookie",
            "privateKey",
            "private_key",
            "credentials",
            "backup_codes",
            "totpURI",
            "idToken",
            "jwt",
            "signature",
            "key",
            "Code",
            "otp",
            "pin",
            "otpCode",
            "email_verification_code",
            "smsCode",
            "mfaCode",
            "recovery_codes",
            "signingKey",
            "encryptionKey",
            "master_key",
            "hmacKey",
            "sharedKey",
            "clientKey",
            "resetCode",
            "sig",
            "userPwd",
            "authCode",
            "deviceCode",
            "twoFactorCode",
            "emailOtp",
            "db_pass",
            "smtpPass",
            "DB_PASS",
            "userPin",
            "X-Auth-Key",
            "sessionKey",
            "cvv",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn ordinary_keys_stay_visible() {
        for key in [
            "email",
            "role",
            "name",
            "id",
            "keyId",
            "idempotencyKey",
            "ipAddress",
            "userAgent",
            "sessionId",
            "zipCode",
            "errorCode",
            "statusCode",
            "publicKey",
            "otpEnabled",
            "pinned",
            "passport",
            "shipping",
            "",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn secrets_go_at_any_depth_and_inside_arrays() {
        let value = json!({
            "email": "a@acme.com",
            "password": "hunter2",
            "settings": { "mfa": true, "apiKey": "sk_live_1", "nested": { "token": 42 }, "hasPassword": true, "apiKeyRevoked": false, "refreshToken": null },
            "keys": [{ "name": "ci", "secret": "s3" }, "plain"],
            "credentials": { "user": "u", "pass": "p" }
        });
        let redacted = redact(&value);
        assert_eq!(
            redacted,
            json!({
                "email": "a@acme.com",
                "password": "[redacted]",
                "settings": { "mfa": true, "apiKey": "[redacted]", "nested": { "token": "[redacted]" }, "hasPassword": true, "apiKeyRevoked": false, "refreshToken": null },
                "keys": [{ "name": "ci", "secret": "[redacted]" }, "plain"],
                "credentials": "[redacted]"
            })
        );
    }

    #[test]
    fn secrets_inside_json_strings_go_and_the_string_stays_a_string() {
        let twice_encoded = json!({ "password": "hunter2", "plan": "pro" }).to_string();
        let value = json!({
            "body": twice_encoded,
            "nested": json!({ "inner": twice_encoded }).to_string(),
            "list": "[{\"token\":\"t1\"}]",
            "harmless": "{\"plan\":\"pro\"}",
            "repeated": "{\"token\":\"t2\",\"token\":\"[redacted]\"}",
            "thrice": json!(twice_encoded).to_string(),
            "not json": "{plan: pro"
        });
        let redacted = redact(&value);
        assert_eq!(
            redacted["body"],
            json!(r#"{"password":"[redacted]","plan":"pro"}"#)
        );
        assert_eq!(redacted["list"], json!(r#"[{"token":"[redacted]"}]"#));
        // Strings without secrets are kept exactly as received.
        assert_eq!(redacted["harmless"], value["harmless"]);
        assert_eq!(redacted["not json"], value["not json"]);
        let text = redacted.to_string();
        for secret in ["hunter2", "t1", "t2"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }

    #[test]
    fn plain_text_is_kept_and_json_text_loses_its_secrets_keeping_its_order() {
        assert_eq!(redact_text("Ada {admin}"), "Ada {admin}");
        assert_eq!(redact_text(r#"{"name":"Ada"}"#), r#"{"name":"Ada"}"#);
        assert_eq!(
            redact_text(r#"{"name":"Ada","apiKey":"sk_1"}"#),
            r#"{"name":"Ada","apiKey":"[redacted]"}"#
        );
    }

    #[test]
    fn json_text_is_rewritten_with_its_numbers_and_repeated_keys_as_sent() {
        assert_eq!(
            redact_text(r#"{"n":1.50,"big":1e400,"password":"x"}"#),
            r#"{"n":1.50,"big":1e400,"password":"[redacted]"}"#
        );
        // Each member is judged by its own value: a later flag does not show an earlier secret.
        assert_eq!(
            redact_text(r#"{"token":"abc","token":true}"#),
            r#"{"token":"[redacted]","token":true}"#
        );
    }

    #[test]
    fn a_name_value_pair_naming_a_secret_hides_its_value() {
        let headers = json!([
            { "name": "Authorization", "value": "Bearer abc" },
            { "key": "x-api-key", "value": "sk_1" },
            { "header": "Cookie", "value": "sid=1" },
            { "name": "Accept", "value": "text/html" }
        ]);
        assert_eq!(
            redact(&headers),
            json!([
                { "name": "Authorization", "value": "[redacted]" },
                { "key": "x-api-key", "value": "[redacted]" },
                { "header": "Cookie", "value": "[redacted]" },
                { "name": "Accept", "value": "text/html" }
            ])
        );
    }

    #[test]
    fn a_third_reviews_finds_are_redacted() {
        assert_eq!(
            redact(&json!({ "codes": ["CD55-6666", "CD77-8888"], "zipCodes": ["94107"] })),
            json!({ "codes": "[redacted]", "zipCodes": ["94107"] })
        );
        redacts(&[
            // A list of secrets in prose, to the end of its line.
            (
                "new backup codes: BK11-2222 BK33-4444\nsent",
                "new backup codes: [redacted]\nsent",
            ),
            ("tokens: t1 t2", "tokens: [redacted]"),
            // Webhook addresses that carry their own credentials.
            (
                "posted to https://hooks.slack.com/services/T000/B000/SLACKSECRET6 ok",
                "posted to https://hooks.slack.com/services/[redacted] ok",
            ),
            (
                "https://discord.com/api/webhooks/123/DISCORDTOKEN?wait=true",
                "https://discord.com/api/webhooks/[redacted]?wait=true",
            ),
        ]);
        keeps(&[
            "status: 2 passes left",
            "https://hooks.slack.com/",
            "zip codes 94107",
        ]);
    }

    #[test]
    fn an_entry_list_naming_a_secret_hides_its_value_and_a_pair_alone_stays() {
        let request = json!({
            "headers": [["Authorization", "Token abc"], ["x-api-key", { "k": 1 }], ["accept", "*/*"]],
            "changed": ["password", "email"],
            "form": [["password", "hunter2"]],
        });
        assert_eq!(
            redact(&request),
            json!({
                "headers": [["Authorization", "[redacted]"], ["x-api-key", "[redacted]"], ["accept", "*/*"]],
                "changed": ["password", "email"],
                "form": [["password", "[redacted]"]],
            })
        );
        // As a string, as the shipped backend keeps metadata.
        redacts(&[(
            r#"[["cookie","sid=abc"],["accept","*/*"]]"#,
            r#"[["cookie","[redacted]"],["accept","*/*"]]"#,
        )]);
    }

    #[test]
    fn a_better_auth_verification_row_hides_its_identifier_and_value() {
        let rows = json!([
            { "id": "v1", "identifier": "reset-password:tokR3S3T", "value": "usr_1", "expiresAt": 1 },
            { "identifier": "email-verification-otp-ada@x.com", "value": "482913:0", "expires_at": "2026-12-07" },
            // Without an expiry it is some other identifier and value.
            { "identifier": "ada@x.com", "value": "member" },
        ]);
        assert_eq!(
            redact(&rows),
            json!([
                { "id": "v1", "identifier": "[redacted]", "value": "[redacted]", "expiresAt": 1 },
                { "identifier": "[redacted]", "value": "[redacted]", "expires_at": "2026-12-07" },
                { "identifier": "ada@x.com", "value": "member" },
            ])
        );
    }

    #[test]
    fn a_list_of_changes_naming_a_secret_field_hides_both_its_values() {
        let changes = json!([
            { "field": "password", "from": "old-pw", "to": "new-pw" },
            { "attribute": "apiKey", "oldValue": "k1", "newValue": "k2" },
            { "field_name": "password", "old_value": "a", "new_value": "b" },
            { "op": "replace", "path": "/password", "value": "patched" },
            { "property": "role", "before": "member", "after": "admin" },
            // Named by any field, on sides that only changes have.
            { "column": "password", "old": "o1", "new": "n1" },
            { "name": "password", "oldValue": "o2", "newValue": "n2" },
            { "setting": "apiKey", "previous": "o3", "current": "n3" },
            { "path": "user.password", "before": "o4", "after": "n4" }
        ]);
        assert_eq!(
            redact(&changes),
            json!([
                { "field": "password", "from": "[redacted]", "to": "[redacted]" },
                { "attribute": "apiKey", "oldValue": "[redacted]", "newValue": "[redacted]" },
                { "field_name": "password", "old_value": "[redacted]", "new_value": "[redacted]" },
                { "op": "replace", "path": "/password", "value": "[redacted]" },
                { "property": "role", "before": "member", "after": "admin" },
                { "column": "password", "old": "[redacted]", "new": "[redacted]" },
                { "name": "password", "oldValue": "[redacted]", "newValue": "[redacted]" },
                { "setting": "apiKey", "previous": "[redacted]", "current": "[redacted]" },
                { "path": "user.password", "before": "[redacted]", "after": "[redacted]" }
            ])
        );
    }

    #[test]
    fn an_events_changes_naming_a_secret_field_hide_both_sides_where_shown() {
        let event = normalize_event(&json!({
            "id": "e",
            "changes": "{\"field\":\"password\",\"before\":\"hunter1\",\"after\":\"hunter2\"}"
        }))
        .unwrap();
        let changes = event.changes.as_ref().unwrap();
        // Not a pair: the field that names the sides would be lost from its diff.
        assert_eq!(changes.get(), None);
        let shown = redact_event(&event)
            .changes
            .and_then(|changes| changes.unpaired());
        assert_eq!(
            shown,
            Some(json!({ "field": "password", "before": "[redacted]", "after": "[redacted]" }))
        );
        let exported = crate::domain::export::event_json(&event);
        assert!(!exported.contains("hunter"), "{exported}");
    }

    #[test]
    fn only_a_change_records_field_names_its_sides() {
        // An email's name and a request's path say what it was, not whose sides these are.
        let email =
            json!({ "name": "reset-password", "from": "noreply@acme.com", "to": "ada@acme.com" });
        let request = json!({ "path": "/api/auth/change-password", "from": "203.0.113.1" });
        assert_eq!(redact(&email), email);
        assert_eq!(redact(&request), request);
        // A `key` beside other fields is an API key's plaintext, not a pair's name.
        assert_eq!(
            redact(&json!({ "key": "ba_live_9f8e", "name": "CI", "new": true })),
            json!({ "key": "[redacted]", "name": "CI", "new": true })
        );
    }

    #[test]
    fn an_api_keys_plaintext_and_a_totp_uri_are_hidden() {
        let created = json!({ "key": "ba_live_9f8e", "keyId": "k1", "name": "CI" });
        let enabled = json!({ "totpURI": "otpauth://totp/A:a@x?secret=JBSW", "method": "totp" });
        assert_eq!(
            redact(&created),
            json!({ "key": "[redacted]", "keyId": "k1", "name": "CI" })
        );
        assert_eq!(
            redact(&enabled),
            json!({ "totpURI": "[redacted]", "method": "totp" })
        );
    }

    #[test]
    fn values_without_keys_are_unchanged() {
        for value in [
            json!(null),
            json!("password"),
            json!([1, "token"]),
            json!(3),
        ] {
            assert_eq!(redact(&value), value);
        }
    }

    #[test]
    fn a_secret_in_every_free_form_field_of_an_event_is_gone() {
        let event = normalize_event(&json!({
            "id": "e1", "action": "user.password_change",
            "actorType": "user", "actorId": "usr_1", "actorEmail": "a@acme.com",
            "actorMetadata": "{\"sessionToken\":\"tok-actor\"}",
            "context": {
                "ipAddress": "203.0.113.1", "cookie": "tok-cookie",
                "userAgent": "curl/8 Authorization: Bearer tok-agent",
                "requestId": "/signup?token=tok-request"
            },
            "changes": "{\"before\":{\"password\":\"tok-before\"},\"after\":{\"password\":\"tok-after\"}}",
            "metadata": "{\"request\":{\"headers\":{\"authorization\":\"Bearer tok-meta\"}}}"
        }))
        .unwrap();
        let redacted = redact_event(&event);
        let debug = format!("{redacted:?}");
        for secret in [
            "tok-actor",
            "tok-cookie",
            "tok-before",
            "tok-after",
            "tok-meta",
            "tok-agent",
            "tok-request",
        ] {
            assert!(!debug.contains(secret), "{secret} leaked: {debug}");
        }
        // Who did it and from where is still there.
        assert_eq!(redacted.actor.email.as_deref(), Some("a@acme.com"));
        assert_eq!(redacted.ip_address.as_deref(), Some("203.0.113.1"));
        assert_eq!(
            redacted.user_agent.as_deref(),
            Some("curl/8 Authorization: [redacted]")
        );
        assert_eq!(
            redacted.request_id.as_deref(),
            Some("/signup?token=[redacted]")
        );
        assert_eq!(
            redacted.context.unwrap().get().unwrap().get("cookie"),
            Some(&json!("[redacted]"))
        );
    }

    #[test]
    fn a_fifth_reviews_finds_are_redacted() {
        redacts(&[
            // A value runs past punctuation a password may hold, to a space or the next
            // parameter.
            (
                "login password=ab,LEAK done",
                "login password=[redacted] done",
            ),
            ("password=it'sLEAK", "password=[redacted]"),
            ("password=a<LEAK>", "password=[redacted]>"),
            (
                "see /x?token=LEAK, or (password=LEAK).",
                "see /x?token=[redacted], or (password=[redacted]).",
            ),
            ("?password=a,b&next=1", "?password=[redacted]&next=1"),
            // A secret's scheme word before a token that does not look like one.
            ("token: Bearer leakleakleak", "token: Bearer [redacted]"),
            (
                "authorization=Bearer leakleakleak&x=1",
                "authorization=Bearer [redacted]&x=1",
            ),
            ("api_key=Basic leakleakleak", "api_key=Basic [redacted]"),
            ("db_pass=LEAK", "db_pass=[redacted]"),
        ]);
        // Keycloak's credential, a header pair in its own words; AWS's tags are not one.
        assert_eq!(
            redact(&json!([
                { "type": "password", "value": "LEAK1", "temporary": false },
                { "headerName": "X-Api-Key", "headerValue": "LEAK2" },
                { "Key": "env", "Value": "prod" },
            ])),
            json!([
                { "type": "password", "value": "[redacted]", "temporary": false },
                { "headerName": "X-Api-Key", "headerValue": "[redacted]" },
                { "Key": "env", "Value": "prod" },
            ])
        );
    }

    #[test]
    fn a_target_named_as_a_secret_hides_its_value() {
        let event = normalize_event(&json!({
            "id": "e",
            "targets": "[{\"type\":\"setting\",\"name\":\"SMTP_PASSWORD\",\"value\":\"LEAK\"},{\"type\":\"setting\",\"name\":\"SMTP_HOST\",\"value\":\"smtp.acme.com\"}]"
        }))
        .unwrap();
        let redacted = redact_event(&event);
        let other = |index: usize| {
            redacted.targets[index]
                .other
                .as_ref()
                .unwrap()
                .get()
                .unwrap()
        };
        assert_eq!(other(0).get("value"), Some(&json!("[redacted]")));
        assert_eq!(other(1).get("value"), Some(&json!("smtp.acme.com")));
        assert_eq!(redacted.targets[0].name.as_deref(), Some("SMTP_PASSWORD"));
        let exported = crate::domain::export::event_json(&event);
        assert!(!exported.contains("LEAK"), "{exported}");
    }

    #[test]
    fn a_change_named_a_secret_on_one_side_hides_both_sides_in_exports() {
        let event = normalize_event(&json!({
            "id": "e",
            "changes": {
                "before": { "setting": "smtpPassword", "value": "LEAK1", "nested": { "name": "Authorization", "value": "LEAK2" } },
                "after": { "value": "LEAK3", "nested": { "value": "LEAK4" }, "note": "token=LEAK5" }
            }
        }))
        .unwrap();
        let changes = redact_event(&event).changes.unwrap().get().unwrap();
        assert_eq!(
            changes.after,
            json!({ "value": "[redacted]", "nested": { "value": "[redacted]" }, "note": "token=[redacted]" })
        );
        assert_eq!(changes.before["setting"], json!("smtpPassword"));
        let exported = crate::domain::export::event_json(&event);
        assert!(!exported.contains("LEAK"), "{exported}");
    }
}
