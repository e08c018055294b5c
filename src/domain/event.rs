//! One audit event type for every shape the backend or its docs produce.
//!
//! The docs describe nested `actor`/`target`/`context` objects with ISO times; the shipped
//! backend sends flat columns, epoch-ms times and JSON *strings* for structured fields.
//! Everything is read leniently from a `serde_json::Value`: a wrong type drops that field,
//! never the row, unless the row has no id.

use super::redact::redact_text;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    pub id: String,
    /// Exactly as received; empty when the row had none.
    pub action: String,
    /// `None` when the row's time is missing or unreadable.
    pub occurred_at: Option<DateTime<Utc>>,
    pub actor: Actor,
    pub targets: Vec<Target>,
    pub organization_id: Option<String>,
    pub ip_address: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
    /// Context entries not lifted into the fields above.
    pub context: Map<String, Value>,
    pub changes: Option<Changes>,
    pub metadata: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Actor {
    pub kind: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub metadata: Option<Value>,
}

impl Actor {
    /// What a person reads: the name, else the email, else the id.
    pub fn label(&self) -> &str {
        [&self.name, &self.email, &self.id]
            .into_iter()
            .find_map(|field| field.as_deref())
            .unwrap_or("Unknown actor")
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Target {
    pub kind: Option<String>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
}

impl Target {
    pub fn label(&self) -> String {
        let who = [&self.name, &self.email, &self.id]
            .into_iter()
            .find_map(|field| field.as_deref())
            .unwrap_or("unknown");
        match &self.kind {
            Some(kind) => format!("{kind} {who}"),
            None => who.to_owned(),
        }
    }
}

/// Field snapshots before and after the change; either side may be absent.
#[derive(Debug, Clone, PartialEq)]
pub struct Changes {
    pub before: Value,
    pub after: Value,
}

/// Newest first, events whose time is unreadable last. Stable, so equal times keep the
/// order they came in.
pub fn sort_newest_first<E: std::borrow::Borrow<AuditEvent>>(events: &mut [E]) {
    // `None` sorts below every time, so under `Reverse` it goes last.
    events.sort_by_key(|event| std::cmp::Reverse(event.borrow().occurred_at));
}

/// One page of a list response.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventPage {
    pub events: Vec<AuditEvent>,
    /// Rows that could not be read (not an object, no id) or repeated an earlier id.
    pub skipped: usize,
    /// Cursor for newer events, when the backend says there are some.
    pub before: Option<String>,
    /// Cursor for older events, when the backend says there are some.
    pub after: Option<String>,
}

/// One page of an export response.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportPage {
    pub events: Vec<AuditEvent>,
    pub skipped: usize,
    /// Pass back as `cursor` for the next, older page.
    pub next_cursor: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    #[error("the response is not valid JSON")]
    InvalidJson,
    #[error("the response holds no list of events")]
    NoEventList,
}

/// Reads a list response: `{data, listMetadata}`, a bare array, or an array under
/// `events` / `auditLogs`.
pub fn parse_list_response(body: &str) -> Result<EventPage, ShapeError> {
    let root: Value = serde_json::from_str(body).map_err(|_| ShapeError::InvalidJson)?;
    let rows = event_rows(&root).ok_or(ShapeError::NoEventList)?;
    let cursor = |name| {
        root.get("listMetadata")
            .and_then(|meta| meta.get(name))
            .and_then(text)
    };
    let mut page = normalize_rows(rows);
    page.before = cursor("before");
    page.after = cursor("after");
    Ok(page)
}

/// Reads an export response: `{data, count, nextCursor}` (or a bare event list).
pub fn parse_export_response(body: &str) -> Result<ExportPage, ShapeError> {
    let root: Value = serde_json::from_str(body).map_err(|_| ShapeError::InvalidJson)?;
    let page = normalize_rows(event_rows(&root).ok_or(ShapeError::NoEventList)?);
    Ok(ExportPage {
        events: page.events,
        skipped: page.skipped,
        next_cursor: root.get("nextCursor").and_then(Value::as_i64),
    })
}

/// The `message` (or `error`) a backend put in its JSON error body, kept short.
pub fn error_message(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    let message = ["message", "error"]
        .into_iter()
        .find_map(|key| value.get(key)?.as_str())?
        .trim();
    (!message.is_empty()).then(|| message.chars().take(200).collect())
}

fn event_rows(root: &Value) -> Option<&Vec<Value>> {
    if let Value::Array(rows) = root {
        return Some(rows);
    }
    ["data", "events", "auditLogs"]
        .into_iter()
        .find_map(|key| root.get(key)?.as_array())
}

/// Normalises rows, skipping unreadable ones and repeated ids (keys must be unique).
pub fn normalize_rows(rows: &[Value]) -> EventPage {
    let mut seen = std::collections::HashSet::with_capacity(rows.len());
    let mut page = EventPage::default();
    for event in rows.iter().filter_map(normalize_event) {
        if seen.insert(event.id.clone()) {
            page.events.push(event);
        }
    }
    page.skipped = rows.len() - page.events.len();
    page
}

/// Reads one event of any known shape; `None` when it has no usable id. A numeric id (an
/// integer primary key) is read as its digits; spaces around an id are dropped, as the URL
/// that opens the event drops them.
pub fn normalize_event(row: &Value) -> Option<AuditEvent> {
    let row = row.as_object()?;
    let id = row.get("id").and_then(text)?.trim().to_owned();
    let context = row.get("context").and_then(Value::as_object);
    // Flat rows carry context fields at the top level; docs rows nest them in `context`.
    let context_text = |key: &str| {
        row.get(key)
            .and_then(text)
            .or_else(|| context?.get(key).and_then(text))
    };
    let lifted = ["organizationId", "ipAddress", "userAgent", "requestId"];
    Some(AuditEvent {
        id,
        action: row.get("action").and_then(text).unwrap_or_default(),
        occurred_at: ["occurredAt", "timestamp", "createdAt"]
            .into_iter()
            .find_map(|key| row.get(key).filter(|v| !v.is_null()))
            .and_then(parse_time),
        actor: read_actor(row),
        targets: read_targets(row),
        organization_id: context_text("organizationId"),
        ip_address: context_text("ipAddress"),
        user_agent: context_text("userAgent"),
        request_id: context_text("requestId"),
        context: context
            .map(|ctx| {
                ctx.iter()
                    .filter(|(key, _)| !lifted.contains(&key.as_str()))
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        changes: row.get("changes").and_then(decoded).and_then(read_changes),
        metadata: row.get("metadata").and_then(decoded),
    })
}

fn read_actor(row: &Map<String, Value>) -> Actor {
    match row.get("actor") {
        Some(Value::Object(actor)) => Actor {
            kind: actor.get("type").and_then(text),
            id: actor.get("id").and_then(text),
            name: actor.get("name").and_then(text),
            email: actor.get("email").and_then(text),
            metadata: actor.get("metadata").and_then(decoded),
        },
        _ => Actor {
            kind: row.get("actorType").and_then(text),
            id: row.get("actorId").and_then(text),
            name: row.get("actorName").and_then(text),
            email: row.get("actorEmail").and_then(text),
            metadata: row.get("actorMetadata").and_then(decoded),
        },
    }
}

fn read_targets(row: &Map<String, Value>) -> Vec<Target> {
    let listed = row.get("targets").and_then(decoded);
    let single = row.get("target").and_then(decoded);
    match listed.or(single) {
        Some(Value::Array(items)) => items.iter().filter_map(read_target).collect(),
        Some(item) => read_target(&item).into_iter().collect(),
        None => Vec::new(),
    }
}

fn read_target(value: &Value) -> Option<Target> {
    let target = value.as_object()?;
    let field = |key: &str| target.get(key).and_then(text);
    let read = Target {
        kind: field("type"),
        id: field("id"),
        name: field("name"),
        email: field("email"),
    };
    (read != Target::default()).then_some(read)
}

fn read_changes(value: Value) -> Option<Changes> {
    let Value::Object(mut changes) = value else {
        return None;
    };
    let before = changes.remove("before").unwrap_or(Value::Null);
    let after = changes.remove("after").unwrap_or(Value::Null);
    (!before.is_null() || !after.is_null()).then_some(Changes { before, after })
}

/// A structured field: the value itself, or the JSON a string holds (the real backend
/// stores these as strings). A string that is not JSON is kept as that string.
fn decoded(value: &Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(raw) if raw.trim().is_empty() => None,
        Value::String(raw) => Some(serde_json::from_str(raw).unwrap_or_else(|_| value.clone())),
        other => Some(other.clone()),
    }
}

/// A display string from a string or number; empty strings count as absent. JSON with
/// secrets in a text field loses them here, since every view shows these fields.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(redact_text(s)),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Epoch milliseconds (number or digit string) or an RFC 3339 string.
pub fn parse_time(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::Number(n) => n.as_f64().and_then(from_epoch_ms),
        Value::String(s) => {
            let s = s.trim();
            DateTime::parse_from_rfc3339(s)
                .map(|t| t.with_timezone(&Utc))
                .ok()
                .or_else(|| {
                    s.parse::<i64>()
                        .ok()
                        .and_then(|ms| from_epoch_ms(ms as f64))
                })
        }
        _ => None,
    }
}

fn from_epoch_ms(ms: f64) -> Option<DateTime<Utc>> {
    // Beyond ±2^53 ms the value is no longer an exact integer (and far past any real event).
    if !ms.is_finite() || ms.abs() > 9_007_199_254_740_991.0 {
        return None;
    }
    DateTime::from_timestamp_millis(ms.trunc() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(row: Value) -> AuditEvent {
        normalize_event(&row).expect("readable row")
    }

    fn at(iso: &str) -> Option<DateTime<Utc>> {
        Some(iso.parse().unwrap())
    }

    #[test]
    fn reads_the_documented_shape() {
        let event = one(json!({
            "id": "aud_1", "action": "user.created", "occurredAt": "2025-06-15T14:32:00.000Z",
            "actor": { "type": "admin", "id": "usr_1", "email": "a@acme.com", "name": "Ada" },
            "target": { "type": "user", "id": "usr_2", "email": "jane@acme.com" },
            "context": { "organizationId": "org_1", "ipAddress": "203.0.113.42", "region": "eu" },
            "changes": { "before": { "role": "member" }, "after": { "role": "admin" } }
        }));
        assert_eq!(event.action, "user.created");
        assert_eq!(event.occurred_at, at("2025-06-15T14:32:00Z"));
        assert_eq!(event.actor.label(), "Ada");
        assert_eq!(event.actor.kind.as_deref(), Some("admin"));
        assert_eq!(event.targets.len(), 1);
        assert_eq!(event.targets[0].email.as_deref(), Some("jane@acme.com"));
        assert_eq!(event.organization_id.as_deref(), Some("org_1"));
        assert_eq!(event.ip_address.as_deref(), Some("203.0.113.42"));
        assert_eq!(event.context.get("region"), Some(&json!("eu")));
        assert!(!event.context.contains_key("organizationId"));
        let changes = event.changes.unwrap();
        assert_eq!(changes.before, json!({ "role": "member" }));
        assert_eq!(changes.after, json!({ "role": "admin" }));
    }

    #[test]
    fn reads_the_docs_variants_timestamp_and_targets_array() {
        let event = one(json!({
            "id": "aud_2", "action": "member.invited", "timestamp": "2025-06-15T16:32:00+02:00",
            "actor": { "type": "user", "id": "usr_9" },
            "targets": [{ "type": "user", "id": "usr_3" }, { "type": "organization", "id": "org_2" }]
        }));
        assert_eq!(event.occurred_at, at("2025-06-15T14:32:00Z"));
        assert_eq!(event.targets.len(), 2);
        assert_eq!(event.targets[1].label(), "organization org_2");
        assert_eq!(event.actor.label(), "usr_9");
    }

    #[test]
    fn reads_the_real_backends_flat_rows() {
        let event = one(json!({
            "id": "k17a", "projectId": "proj_1", "action": "user.create", "version": 1,
            "actorType": "user", "actorId": "usr_1", "actorEmail": "a@acme.com",
            "actorMetadata": "{\"plan\":\"pro\"}",
            "targets": "[{\"type\":\"user\",\"id\":\"usr_2\"}]",
            "organizationId": "org_1", "ipAddress": "203.0.113.42", "userAgent": "Mozilla/5.0",
            "requestId": "req_1", "changes": "{\"before\":{\"a\":1},\"after\":{\"a\":2}}",
            "idempotencyKey": "k1", "metadata": "{\"k\":\"v\"}",
            "occurredAt": 1750000320000_i64, "createdAt": 1750000320000_i64
        }));
        assert_eq!(event.occurred_at, at("2025-06-15T15:12:00Z"));
        assert_eq!(event.actor.label(), "a@acme.com");
        assert_eq!(event.actor.metadata, Some(json!({ "plan": "pro" })));
        assert_eq!(event.targets[0].id.as_deref(), Some("usr_2"));
        assert_eq!(event.user_agent.as_deref(), Some("Mozilla/5.0"));
        assert_eq!(event.request_id.as_deref(), Some("req_1"));
        assert_eq!(event.metadata, Some(json!({ "k": "v" })));
        assert_eq!(event.changes.unwrap().after, json!({ "a": 2 }));
    }

    #[test]
    fn actor_label_prefers_name_then_email_then_id() {
        let mut actor = Actor {
            id: Some("usr_1".into()),
            email: Some("a@acme.com".into()),
            name: Some("Ada".into()),
            ..Actor::default()
        };
        assert_eq!(actor.label(), "Ada");
        actor.name = None;
        assert_eq!(actor.label(), "a@acme.com");
        actor.email = None;
        assert_eq!(actor.label(), "usr_1");
        actor.id = None;
        assert_eq!(actor.label(), "Unknown actor");
    }

    #[test]
    fn empty_strings_count_as_absent() {
        let event = one(json!({ "id": "e", "actorName": "", "actorEmail": " ", "actorId": "u" }));
        assert_eq!(event.actor.label(), "u");
    }

    #[test]
    fn unreadable_time_keeps_the_row_without_a_time() {
        for time in [
            json!("not a date"),
            json!(true),
            json!({}),
            json!(1e20),
            json!(-1e300),
            json!("2025-13-45T99:00:00Z"),
        ] {
            let event = one(json!({ "id": "e", "action": "user.created", "occurredAt": time }));
            assert_eq!(event.occurred_at, None, "{time}");
            assert_eq!(event.action, "user.created");
        }
    }

    #[test]
    fn reads_epoch_millis_as_a_number_or_digit_string() {
        assert_eq!(parse_time(&json!(0)), at("1970-01-01T00:00:00Z"));
        assert_eq!(parse_time(&json!(-1000)), at("1969-12-31T23:59:59Z"));
        assert_eq!(
            parse_time(&json!("1750000320000")),
            at("2025-06-15T15:12:00Z")
        );
        assert_eq!(
            parse_time(&json!(1750000320000.7)),
            at("2025-06-15T15:12:00Z")
        );
    }

    #[test]
    fn wrong_types_drop_the_field_not_the_row() {
        let event = one(json!({
            "id": "e", "action": ["x"], "actor": "usr_1", "actorName": 7,
            "targets": "not json", "target": 5, "context": [1, 2],
            "changes": "{broken", "metadata": 12, "organizationId": {"a": 1}
        }));
        assert_eq!(event.action, "");
        assert_eq!(event.actor.name.as_deref(), Some("7"));
        assert!(event.targets.is_empty());
        assert!(event.changes.is_none());
        assert_eq!(event.metadata, Some(json!(12)));
        assert_eq!(event.organization_id, None);
    }

    #[test]
    fn rows_without_an_id_are_skipped_and_counted() {
        let rows = [
            json!(null),
            json!(42),
            json!("aud_1"),
            json!([]),
            json!({ "action": "user.created" }),
            json!({ "id": true }),
            json!({ "id": { "value": "x" } }),
            json!({ "id": "" }),
            json!({ "id": "  " }),
            json!({ "id": "ok" }),
            json!({ "id": "ok", "action": "duplicate" }),
        ];
        let page = normalize_rows(&rows);
        assert_eq!(page.events.len(), 1);
        assert_eq!(page.events[0].action, "");
        assert_eq!(page.skipped, 10);
    }

    #[test]
    fn a_numeric_id_is_read_as_its_digits() {
        let page = normalize_rows(&[json!({ "id": 7 }), json!({ "id": "7" }), json!({ "id": 8 })]);
        let ids: Vec<&str> = page.events.iter().map(|event| event.id.as_str()).collect();
        assert_eq!(ids, ["7", "8"]);
        assert_eq!(page.skipped, 1, "\"7\" repeats 7");
    }

    #[test]
    fn spaces_around_an_id_are_dropped() {
        let page = normalize_rows(&[json!({ "id": " e1\n" }), json!({ "id": "e1" })]);
        assert_eq!(page.events[0].id, "e1");
        assert_eq!(page.skipped, 1);
    }

    #[test]
    fn accepts_every_documented_response_envelope() {
        let row = r#"{"id":"a","action":"user.created"}"#;
        for body in [
            format!(r#"{{"data":[{row}],"listMetadata":{{"before":null,"after":"a"}}}}"#),
            format!("[{row}]"),
            format!(r#"{{"events":[{row}]}}"#),
            format!(r#"{{"auditLogs":[{row}]}}"#),
        ] {
            let page = parse_list_response(&body).unwrap();
            assert_eq!(page.events.len(), 1, "{body}");
        }
        let page = parse_list_response(&format!(
            r#"{{"data":[{row}],"listMetadata":{{"before":null,"after":"a"}}}}"#
        ))
        .unwrap();
        assert_eq!((page.before, page.after), (None, Some("a".to_owned())));
    }

    #[test]
    fn rejects_bodies_that_are_not_an_event_list() {
        assert_eq!(parse_list_response("<html>"), Err(ShapeError::InvalidJson));
        assert_eq!(parse_list_response(""), Err(ShapeError::InvalidJson));
        for body in ["{}", "null", "42", r#"{"data":{}}"#, r#"{"data":"x"}"#] {
            assert_eq!(
                parse_list_response(body),
                Err(ShapeError::NoEventList),
                "{body}"
            );
        }
    }

    #[test]
    fn list_metadata_of_the_wrong_type_means_no_cursors() {
        for meta in [r#""x""#, "[1]", r#"{"before":{},"after":[]}"#, "null"] {
            let body = format!(r#"{{"data":[],"listMetadata":{meta}}}"#);
            let page = parse_list_response(&body).unwrap();
            assert_eq!((page.before, page.after), (None, None), "{meta}");
        }
    }

    #[test]
    fn reads_export_pages_and_their_numeric_cursor() {
        let page = parse_export_response(
            r#"{"data":[{"id":"a","occurredAt":5},{"nope":1}],"count":1,"nextCursor":5}"#,
        )
        .unwrap();
        assert_eq!(
            (page.events.len(), page.skipped, page.next_cursor),
            (1, 1, Some(5))
        );
        for cursor in ["null", r#""5""#, "5.5"] {
            let body = format!(r#"{{"data":[],"nextCursor":{cursor}}}"#);
            assert_eq!(
                parse_export_response(&body).unwrap().next_cursor,
                None,
                "{cursor}"
            );
        }
        assert_eq!(parse_export_response("{"), Err(ShapeError::InvalidJson));
    }

    #[test]
    fn error_bodies_give_their_message_when_they_have_one() {
        assert_eq!(
            error_message(r#"{"message":"limit must be 1..1000"}"#).as_deref(),
            Some("limit must be 1..1000")
        );
        assert_eq!(
            error_message(r#"{"error":"boom"}"#).as_deref(),
            Some("boom")
        );
        assert_eq!(
            error_message(&format!(r#"{{"message":"{}"}}"#, "x".repeat(500))).map(|m| m.len()),
            Some(200)
        );
        for body in [
            "",
            "<h1>502 Bad Gateway</h1>",
            r#"{"message":""}"#,
            r#"{"message":5}"#,
            "[]",
        ] {
            assert_eq!(error_message(body), None, "{body}");
        }
    }

    #[test]
    fn a_text_field_holding_json_loses_its_secrets() {
        let event =
            one(json!({ "id": "e", "actorName": "{\"name\":\"Ada\",\"password\":\"pw\"}" }));
        assert_eq!(
            event.actor.label(),
            r#"{"name":"Ada","password":"[redacted]"}"#
        );
    }

    #[test]
    fn markup_is_kept_as_plain_text() {
        let event = one(json!({ "id": "e", "action": "<script>alert(1)</script>" }));
        assert_eq!(event.action, "<script>alert(1)</script>");
    }
}
