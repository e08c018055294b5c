//! The one place that decides what is a secret. The detail view and every export go
//! through it, so a value hidden on screen can never leak into a downloaded file.

use super::event::AuditEvent;
use serde_json::{Map, Value};

/// What a secret's value is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Words that mark a key as secret, compared with the key lowercased and stripped of
/// separators (`api_key`, `apiKey` and `API-Key` all become `apikey`). Matching is by
/// substring and errs on the side of hiding: `refreshToken`, `clientSecret` and
/// `set-cookie` are all caught, and so is a harmless `hasPassword`.
const SECRET_WORDS: [&str; 11] = [
    "password",
    "passwd",
    "passphrase",
    "token",
    "secret",
    "apikey",
    "authorization",
    "cookie",
    "privatekey",
    "credential",
    "backupcode",
];

pub fn is_secret_key(key: &str) -> bool {
    let squashed: String = key
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_WORDS.iter().any(|word| squashed.contains(word))
}

/// A copy of `value` with the value of every secret key replaced by [`REDACTED`], at any
/// depth, inside arrays too. A secret's whole value goes, even when it is an object.
pub fn redact(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(redact_map(map)),
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        other => other.clone(),
    }
}

fn redact_map(map: &Map<String, Value>) -> Map<String, Value> {
    map.iter()
        .map(|(key, value)| {
            let value = if is_secret_key(key) {
                Value::from(REDACTED)
            } else {
                redact(value)
            };
            (key.clone(), value)
        })
        .collect()
}

/// The event with secrets gone from every free-form field: changes, metadata, context
/// and the actor's metadata. Named fields (ids, emails, addresses) are kept.
pub fn redact_event(event: &AuditEvent) -> AuditEvent {
    let mut event = event.clone();
    if let Some(changes) = &mut event.changes {
        changes.before = redact(&changes.before);
        changes.after = redact(&changes.after);
    }
    event.metadata = event.metadata.as_ref().map(redact);
    event.context = redact_map(&event.context);
    event.actor.metadata = event.actor.metadata.as_ref().map(redact);
    event
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::normalize_event;
    use serde_json::json;

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
            "Authorization",
            "cookie",
            "Set-Cookie",
            "privateKey",
            "private_key",
            "credentials",
            "backup_codes",
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
            "settings": { "mfa": true, "apiKey": "sk_live_1", "nested": { "token": 42 } },
            "keys": [{ "name": "ci", "secret": "s3" }, "plain"],
            "credentials": { "user": "u", "pass": "p" }
        });
        let redacted = redact(&value);
        assert_eq!(
            redacted,
            json!({
                "email": "a@acme.com",
                "password": "[redacted]",
                "settings": { "mfa": true, "apiKey": "[redacted]", "nested": { "token": "[redacted]" } },
                "keys": [{ "name": "ci", "secret": "[redacted]" }, "plain"],
                "credentials": "[redacted]"
            })
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
            "context": { "ipAddress": "203.0.113.1", "cookie": "tok-cookie" },
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
        ] {
            assert!(!debug.contains(secret), "{secret} leaked: {debug}");
        }
        // Who did it and from where is still there.
        assert_eq!(redacted.actor.email.as_deref(), Some("a@acme.com"));
        assert_eq!(redacted.ip_address.as_deref(), Some("203.0.113.1"));
        assert_eq!(redacted.context.get("cookie"), Some(&json!("[redacted]")));
    }
}
