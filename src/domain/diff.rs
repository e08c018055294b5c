//! The Field / Before / After table of an event's changes.

use super::event::Changes;
use super::redact::{redact, secret_in_either, REDACTED};
use super::scan::Decimal;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    /// The word the diff shows beside a field, also its row's class.
    pub fn label(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// Dotted path for nested objects, e.g. `settings.mfa`.
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub kind: ChangeKind,
}

/// The field a change names when its sides are plain values rather than objects.
pub const WHOLE_VALUE: &str = "(value)";

/// The changed fields, sorted by field. Objects on both sides (or on one side, where the
/// other has nothing) are flattened to dotted paths; arrays, and an object that becomes
/// `null` or a scalar or the reverse, are compared as whole values. A top-level side that
/// is `null` has nothing, as if absent; when either top-level side is a plain value (say
/// `"member"` becoming `"admin"`), the two sides are compared whole as one row named
/// [`WHOLE_VALUE`]. Secrets are compared as they are, so a new password still shows as a
/// change, but both cells read `[redacted]`.
pub fn diff(changes: &Changes) -> Vec<FieldChange> {
    let (before, after) = (present(&changes.before), present(&changes.after));
    let mut rows = Vec::new();
    match (fields_of(before), fields_of(after)) {
        (Some(before), Some(after)) => compare_fields(before, after, "", &mut rows),
        _ => rows.extend(change(WHOLE_VALUE.to_owned(), before, after, false)),
    }
    rows.sort_by(|a, b| a.field.cmp(&b.field));
    rows
}

/// A top-level side: `null` is how an absent one is kept.
fn present(side: &Value) -> Option<&Value> {
    Some(side).filter(|side| !side.is_null())
}

/// Adds the rows for the fields of the objects at one path (`None`: no object there).
/// A secret key's value stays one value, however deep, so it is compared whole and shown
/// as one redacted cell. So does the value of a name/value pair that names a secret: once
/// flattened, `value` alone would not say it is one.
fn compare_fields(
    before: Option<&Map<String, Value>>,
    after: Option<&Map<String, Value>>,
    prefix: &str,
    rows: &mut Vec<FieldChange>,
) {
    let keys: BTreeSet<&String> = before
        .iter()
        .chain(&after)
        .flat_map(|map| map.keys())
        .collect();
    // Each side's rules read once, not once per key: a wide change took seconds.
    let secret_in_either = secret_in_either(before, after);
    for key in keys {
        // A key that holds a dot, spaces at its ends or nothing, in quotes: `"a.b"` is one
        // key, `a.b` a key `b` inside `a`, `"role "` not `role`, and `""` a key at all.
        let name = if key.contains('.') || key.trim() != key || key.is_empty() {
            Value::from(key.as_str()).to_string()
        } else {
            key.clone()
        };
        let field = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}.{name}")
        };
        let (old, new) = (
            before.and_then(|map| map.get(key)),
            after.and_then(|map| map.get(key)),
        );
        let secret = secret_in_either(key);
        // An empty object added or removed has no field to say so: it is one row, `{}`.
        let empty_beside_absent = |one: Option<&Map<String, Value>>, other: Option<_>| {
            one.is_none() && other.is_some_and(Map::is_empty)
        };
        match (fields_of(old), fields_of(new)) {
            (Some(old), Some(new))
                if !secret && !empty_beside_absent(old, new) && !empty_beside_absent(new, old) =>
            {
                compare_fields(old, new, &field, rows)
            }
            _ => rows.extend(change(field, old, new, secret)),
        }
    }
}

/// What a value holds as fields: `Some(None)` when it is absent, `None` when it is not an
/// object, so is compared whole.
fn fields_of(value: Option<&Value>) -> Option<Option<&Map<String, Value>>> {
    match value {
        None => Some(None),
        Some(value) => value.as_object().map(Some),
    }
}

/// Equal as JSON: `1.0` and `1` are one number, which a serializer saving the record again
/// may write either way; ids past 2^64 that one float would round to are not.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_str(), b.as_str());
            a == b || Decimal::parse(a).is_some_and(|a| Decimal::parse(b) == Some(a))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, a)| b.get(key).is_some_and(|b| same(a, b)))
        }
        _ => a == b,
    }
}

fn change(
    field: String,
    old: Option<&Value>,
    new: Option<&Value>,
    secret: bool,
) -> Option<FieldChange> {
    let kind = match (old, new) {
        (Some(old), Some(new)) if same(old, new) => return None,
        (Some(_), Some(_)) => ChangeKind::Changed,
        (Some(_), None) => ChangeKind::Removed,
        (None, _) => ChangeKind::Added,
    };
    // Strings without quotes, anything else (and an empty string) as compact JSON.
    let shown = |value: &Value| {
        if secret {
            return REDACTED.to_owned();
        }
        match redact(value) {
            Value::String(text) if !text.is_empty() => text,
            other => other.to_string(),
        }
    };
    let (mut before, mut after) = (old.map(shown), new.map(shown));
    // A change of type alone (5 to "5") would read the same on both sides without quotes.
    let text_on_one_side = old.map(Value::is_string) != new.map(Value::is_string);
    if before == after && text_on_one_side && !secret {
        let json = |value: &Value| redact(value).to_string();
        (before, after) = (old.map(json), new.map(json));
    }
    Some(FieldChange {
        field,
        before,
        after,
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rows(
        before: Value,
        after: Value,
    ) -> Vec<(String, Option<String>, Option<String>, ChangeKind)> {
        diff(&Changes { before, after })
            .into_iter()
            .map(|row| (row.field, row.before, row.after, row.kind))
            .collect()
    }

    fn row(
        field: &str,
        before: Option<&str>,
        after: Option<&str>,
        kind: ChangeKind,
    ) -> (String, Option<String>, Option<String>, ChangeKind) {
        (
            field.to_owned(),
            before.map(str::to_owned),
            after.map(str::to_owned),
            kind,
        )
    }

    #[test]
    fn one_number_written_two_ways_is_no_change() {
        let before = json!({ "f": 1.0, "list": [2.0, { "n": 3 }], "big": 9007199254740993_u64 });
        let after = json!({ "f": 1, "list": [2, { "n": 3.0 }], "big": 9007199254740992_u64 });
        let big = row(
            "big",
            Some("9007199254740993"),
            Some("9007199254740992"),
            ChangeKind::Changed,
        );
        assert_eq!(rows(before, after), vec![big]);

        // Read as sent: past 2^64 an integer keeps its digits, and an exponent is a number.
        let read = |text: &str| serde_json::from_str::<Value>(text).unwrap();
        let before =
            read(r#"{"id": 18446744073709551616, "n": 1E2, "same": 36893488147419103232}"#);
        let after = read(r#"{"id": 18446744073709551617, "n": 100, "same": 36893488147419103232}"#);
        let id = row(
            "id",
            Some("18446744073709551616"),
            Some("18446744073709551617"),
            ChangeKind::Changed,
        );
        assert_eq!(rows(before, after), vec![id]);
    }

    #[test]
    fn a_key_with_a_dot_spaces_at_its_ends_or_nothing_is_quoted() {
        let before = json!({ "a.b": 1, "x": { "y": 1 }, "": 1, " ": 1, "role": 1 });
        let after = json!({ "a": { "b": 1 }, "x.y": 1, "": 2, " ": 2, "role ": 1 });
        assert_eq!(
            rows(before, after),
            vec![
                row("\" \"", Some("1"), Some("2"), ChangeKind::Changed),
                row("\"\"", Some("1"), Some("2"), ChangeKind::Changed),
                row("\"a.b\"", Some("1"), None, ChangeKind::Removed),
                row("\"role \"", None, Some("1"), ChangeKind::Added),
                row("\"x.y\"", None, Some("1"), ChangeKind::Added),
                row("a.b", None, Some("1"), ChangeKind::Added),
                row("role", Some("1"), None, ChangeKind::Removed),
                row("x.y", Some("1"), None, ChangeKind::Removed),
            ]
        );
    }

    #[test]
    fn an_empty_object_added_or_removed_is_one_row() {
        assert_eq!(
            rows(
                json!({ "role": "member", "sso": { "config": {} } }),
                json!({ "role": "member", "settings": {}, "sso": {} }),
            ),
            [
                row("settings", None, Some("{}"), ChangeKind::Added),
                row("sso.config", Some("{}"), None, ChangeKind::Removed),
            ]
        );
        assert_eq!(rows(json!({ "a": {} }), json!({ "a": {} })), []);
    }

    #[test]
    fn added_removed_and_changed_fields_sorted_with_unchanged_left_out() {
        let table = rows(
            json!({ "role": "member", "name": "Ada", "plan": "free" }),
            json!({ "role": "admin", "name": "Ada", "banned": true }),
        );
        assert_eq!(
            table,
            [
                row("banned", None, Some("true"), ChangeKind::Added),
                row("plan", Some("free"), None, ChangeKind::Removed),
                row("role", Some("member"), Some("admin"), ChangeKind::Changed),
            ]
        );
    }

    #[test]
    fn nested_objects_become_dotted_paths() {
        let table = rows(
            json!({ "settings": { "mfa": false, "theme": "dark" } }),
            json!({ "settings": { "mfa": true, "theme": "dark", "limits": { "seats": 5 } } }),
        );
        assert_eq!(
            table,
            [
                row("settings.limits.seats", None, Some("5"), ChangeKind::Added),
                row(
                    "settings.mfa",
                    Some("false"),
                    Some("true"),
                    ChangeKind::Changed
                ),
            ]
        );
    }

    #[test]
    fn arrays_are_compared_and_shown_whole_as_compact_json() {
        let table = rows(
            json!({ "roles": ["a", "b"], "same": [1] }),
            json!({ "roles": ["a", "c"], "same": [1] }),
        );
        assert_eq!(
            table,
            [row(
                "roles",
                Some(r#"["a","b"]"#),
                Some(r#"["a","c"]"#),
                ChangeKind::Changed
            )]
        );
    }

    #[test]
    fn a_null_side_has_no_fields() {
        assert_eq!(
            rows(json!(null), json!({ "name": "Ada", "age": null })),
            [
                row("age", None, Some("null"), ChangeKind::Added),
                row("name", None, Some("Ada"), ChangeKind::Added),
            ]
        );
        assert_eq!(
            rows(json!({ "name": "Ada" }), json!(null)),
            [row("name", Some("Ada"), None, ChangeKind::Removed)]
        );
        assert!(rows(json!(null), json!(null)).is_empty());
    }

    #[test]
    fn plain_values_on_a_side_are_compared_whole_as_one_row() {
        assert_eq!(
            rows(json!("member"), json!("admin")),
            [row(
                WHOLE_VALUE,
                Some("member"),
                Some("admin"),
                ChangeKind::Changed
            )]
        );
        assert_eq!(
            rows(json!(null), json!("x")),
            [row(WHOLE_VALUE, None, Some("x"), ChangeKind::Added)]
        );
        assert_eq!(
            rows(json!([1]), json!(null)),
            [row(WHOLE_VALUE, Some("[1]"), None, ChangeKind::Removed)]
        );
        assert_eq!(
            rows(json!({ "name": "Ada", "token": "t1" }), json!("gone")),
            [row(
                WHOLE_VALUE,
                Some(r#"{"name":"Ada","token":"[redacted]"}"#),
                Some("gone"),
                ChangeKind::Changed
            )]
        );
        assert!(rows(json!(5), json!(5)).is_empty());
    }

    #[test]
    fn a_value_changing_type_alone_shows_its_quotes() {
        assert_eq!(
            rows(
                json!({ "n": 1, "on": "true", "a": null, "b": "x" }),
                json!({ "n": "1", "on": true, "a": "null", "b": 2 })
            ),
            [
                row("a", Some("null"), Some(r#""null""#), ChangeKind::Changed),
                row("b", Some("x"), Some("2"), ChangeKind::Changed),
                row("n", Some("1"), Some(r#""1""#), ChangeKind::Changed),
                row("on", Some(r#""true""#), Some("true"), ChangeKind::Changed),
            ]
        );
    }

    #[test]
    fn an_empty_string_is_shown_as_one() {
        assert_eq!(
            rows(json!({ "note": "" }), json!({ "note": null })),
            [row(
                "note",
                Some(r#""""#),
                Some("null"),
                ChangeKind::Changed
            )]
        );
    }

    #[test]
    fn secrets_show_that_they_changed_but_never_their_value() {
        let table = rows(
            json!({ "password": "old-pw", "oauth": { "clientSecret": { "v": "s1" } }, "keys": [{ "token": "t1" }] }),
            json!({ "password": "new-pw", "oauth": { "clientSecret": { "v": "s2" } }, "keys": [{ "token": "t2" }] }),
        );
        assert_eq!(
            table,
            [
                row(
                    "keys",
                    Some(r#"[{"token":"[redacted]"}]"#),
                    Some(r#"[{"token":"[redacted]"}]"#),
                    ChangeKind::Changed
                ),
                row(
                    "oauth.clientSecret",
                    Some("[redacted]"),
                    Some("[redacted]"),
                    ChangeKind::Changed
                ),
                row(
                    "password",
                    Some("[redacted]"),
                    Some("[redacted]"),
                    ChangeKind::Changed
                ),
            ]
        );
        let text = format!("{table:?}");
        for secret in ["old-pw", "new-pw", "s1", "s2", "t1", "t2"] {
            assert!(!text.contains(secret), "{secret}");
        }
    }

    #[test]
    fn the_value_of_a_pair_that_names_a_secret_is_never_shown() {
        let header = |name: &str, value: &str| json!({ "name": name, "value": value });
        let table = rows(
            json!({ "auth": header("Authorization", "Bearer old"), "accept": header("Accept", "text/html") }),
            json!({ "auth": header("Authorization", "Bearer new"), "accept": header("Accept", "application/json") }),
        );
        assert_eq!(
            table,
            [
                row(
                    "accept.value",
                    Some("text/html"),
                    Some("application/json"),
                    ChangeKind::Changed
                ),
                row(
                    "auth.value",
                    Some("[redacted]"),
                    Some("[redacted]"),
                    ChangeKind::Changed
                ),
            ]
        );
        let top_level = rows(header("X-Api-Key", "k-old"), header("X-Api-Key", "k-new"));
        assert_eq!(
            top_level,
            [row(
                "value",
                Some("[redacted]"),
                Some("[redacted]"),
                ChangeKind::Changed
            )]
        );
    }

    #[test]
    fn a_secret_changing_type_alone_stays_redacted() {
        assert_eq!(
            rows(json!({ "pin": 1234 }), json!({ "pin": "1234" })),
            [row(
                "pin",
                Some("[redacted]"),
                Some("[redacted]"),
                ChangeKind::Changed
            )]
        );
    }

    #[test]
    fn an_unchanged_secret_is_left_out() {
        assert!(rows(json!({ "apiKey": "k" }), json!({ "apiKey": "k" })).is_empty());
    }

    #[test]
    fn an_object_that_becomes_null_or_a_scalar_is_one_change() {
        assert_eq!(
            rows(
                json!({ "address": { "city": "Paris" } }),
                json!({ "address": null })
            ),
            [row(
                "address",
                Some(r#"{"city":"Paris"}"#),
                Some("null"),
                ChangeKind::Changed
            )]
        );
        assert_eq!(
            rows(json!({ "limits": 5 }), json!({ "limits": {} })),
            [row("limits", Some("5"), Some("{}"), ChangeKind::Changed)]
        );
        assert_eq!(
            rows(
                json!({ "sso": { "secret": "s1", "on": true } }),
                json!({ "sso": false })
            ),
            [row(
                "sso",
                Some(r#"{"secret":"[redacted]","on":true}"#),
                Some("false"),
                ChangeKind::Changed
            )]
        );
    }
}
