//! The event JSON shapes seen in the wild (see CONTRACT.md): the real
//! backend's flat columns, the docs' nested shape, and the docs' variants.

use chrono::{DateTime, SecondsFormat};
use serde_json::{json, Map, Value};

use crate::db::Event;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shape {
    /// The shipped backend's flat columns.
    Flat,
    /// The documented nested shape.
    Docs,
    /// Rotates per row: flat, docs, docs with `timestamp` and `targets`.
    Mixed,
}

impl Shape {
    /// Renders the `index`-th event of a response.
    pub fn render(self, index: usize, event: &Event) -> Value {
        match (self, index % 3) {
            (Self::Flat, _) | (Self::Mixed, 0) => flat(event),
            (Self::Docs, _) | (Self::Mixed, 1) => docs(event, "occurredAt", false),
            (Self::Mixed, _) => docs(event, "timestamp", true),
        }
    }

    pub fn render_all(self, events: &[Event]) -> Vec<Value> {
        events
            .iter()
            .enumerate()
            .map(|(i, e)| self.render(i, e))
            .collect()
    }
}

fn flat(event: &Event) -> Value {
    without_nulls(serde_json::to_value(event).expect("an Event always serialises"))
}

fn docs(event: &Event, time_key: &str, all_targets: bool) -> Value {
    // Stored JSON strings were validated on the way in; skip any that are not.
    let decode =
        |text: &Option<String>| -> Option<Value> { serde_json::from_str(text.as_deref()?).ok() };
    let targets = decode(&event.targets);
    let (target_key, target) = if all_targets {
        ("targets", targets)
    } else {
        ("target", targets.and_then(|t| t.get(0).cloned()))
    };
    let occurred_at = DateTime::from_timestamp_millis(event.occurred_at)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true));
    without_nulls(json!({
        "id": event.id,
        "action": event.action,
        time_key: occurred_at,
        "actor": without_nulls(json!({
            "type": event.actor_type,
            "id": event.actor_id,
            "email": event.actor_email,
            "name": event.actor_name,
        })),
        target_key: target,
        "context": without_nulls(json!({
            "organizationId": event.organization_id,
            "ipAddress": event.ip_address,
            "userAgent": event.user_agent,
            "requestId": event.request_id,
        })),
        "changes": decode(&event.changes),
        "metadata": decode(&event.metadata),
    }))
}

/// Optional fields are omitted rather than sent as null, like the backend.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .collect::<Map<_, _>>(),
        ),
        other => other,
    }
}
