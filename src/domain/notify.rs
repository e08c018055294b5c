//! Which audit events are notifications, exactly as Banata documents it.

use super::event::AuditEvent;
use std::cmp::Reverse;

/// The documented important actions, matched as substrings of an event's action.
pub const IMPORTANT_ACTIONS: [&str; 10] = [
    "user.created",
    "user.deleted",
    "password.changed",
    "mfa.enabled",
    "organization.created",
    "organization.deleted",
    "member.invited",
    "member.removed",
    "api-key.created",
    "webhook.created",
];

/// An action is important when it *contains* a pattern (`user.created.bulk` matches).
pub fn is_important<P: AsRef<str>>(action: &str, patterns: &[P]) -> bool {
    patterns
        .iter()
        .any(|pattern| action.contains(pattern.as_ref()))
}

/// The important events, newest first; events whose time is unreadable come last.
/// The server's order is not trusted.
pub fn notifications<'a, P: AsRef<str>>(
    events: impl IntoIterator<Item = &'a AuditEvent>,
    patterns: &[P],
) -> Vec<&'a AuditEvent> {
    let mut important: Vec<_> = events
        .into_iter()
        .filter(|event| is_important(&event.action, patterns))
        .collect();
    // `None` sorts below every time, so under `Reverse` unreadable times go last; the sort
    // is stable, so ties keep the server's order.
    important.sort_by_key(|event| Reverse(event.occurred_at));
    important
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::normalize_event;
    use serde_json::json;

    fn event(id: &str, action: &str, occurred_at: serde_json::Value) -> AuditEvent {
        normalize_event(&json!({ "id": id, "action": action, "occurredAt": occurred_at })).unwrap()
    }

    #[test]
    fn matches_the_documented_actions_as_substrings() {
        for action in IMPORTANT_ACTIONS {
            assert!(is_important(action, &IMPORTANT_ACTIONS), "{action}");
        }
        assert!(is_important("user.created.bulk", &IMPORTANT_ACTIONS));
        assert!(is_important("admin.user.deleted", &IMPORTANT_ACTIONS));
    }

    #[test]
    fn other_actions_are_not_notifications() {
        for action in [
            "session.created",
            "api_key.created",
            "two_factor.enabled",
            "user.create",
            "user.updated",
            "USER.CREATED",
            "",
        ] {
            assert!(!is_important(action, &IMPORTANT_ACTIONS), "{action}");
        }
    }

    #[test]
    fn newest_first_with_unreadable_times_last() {
        let events = [
            event("old", "user.created", json!(1_000)),
            event("broken", "user.deleted", json!("garbage")),
            event("noise", "session.created", json!(9_000)),
            event("new", "password.changed", json!(5_000)),
            event("missing", "mfa.enabled", json!(null)),
        ];
        let ids: Vec<_> = notifications(&events, &IMPORTANT_ACTIONS)
            .iter()
            .map(|event| event.id.as_str())
            .collect();
        assert_eq!(ids, ["new", "old", "broken", "missing"]);
    }

    #[test]
    fn custom_patterns_replace_the_documented_list() {
        let events = [
            event("a", "api_key.created", json!(1)),
            event("b", "user.created", json!(2)),
        ];
        let ids: Vec<_> = notifications(&events, &["api_key"])
            .iter()
            .map(|event| event.id.as_str())
            .collect();
        assert_eq!(ids, ["a"]);
    }
}
