//! Instant search and sorting over the rows already loaded, without asking the server.

use super::event::AuditEvent;
use std::cmp::Ordering;

/// Case-insensitive; every whitespace-separated term must appear in one of the searched
/// fields (action, actor name/email/id, each target's type/id/name/email, organization
/// id). An empty query matches everything.
pub fn matches(event: &AuditEvent, query: &str) -> bool {
    let actor = &event.actor;
    let fields: Vec<String> = [&actor.name, &actor.email, &actor.id, &event.organization_id]
        .into_iter()
        .chain(
            event
                .targets
                .iter()
                .flat_map(|t| [&t.kind, &t.id, &t.name, &t.email]),
        )
        .flatten()
        .chain([&event.action])
        .map(|field| field.to_lowercase())
        .collect();
    query.split_whitespace().all(|term| {
        let term = term.to_lowercase();
        fields.iter().any(|field| field.contains(&term))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Time,
    Action,
}

impl SortKey {
    /// Reads the URL value; anything else is `None`.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "time" => Some(Self::Time),
            "action" => Some(Self::Action),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Time => "time",
            Self::Action => "action",
        }
    }
}

/// The default is newest first, as the server sends them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    Asc,
    #[default]
    Desc,
}

impl Direction {
    /// Reads the URL value; anything else is `None`.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "asc" => Some(Self::Asc),
            "desc" => Some(Self::Desc),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }

    fn apply(self, ordering: Ordering) -> Ordering {
        match self {
            Self::Asc => ordering,
            Self::Desc => ordering.reverse(),
        }
    }
}

/// A stable sort, so equal rows keep the server's order. Actions compare
/// case-insensitively. Rows whose time is unreadable go last in either direction: they
/// are neither old nor new.
pub fn sort(events: &mut [AuditEvent], key: SortKey, direction: Direction) {
    match key {
        SortKey::Time => events.sort_by(|a, b| match (a.occurred_at, b.occurred_at) {
            (Some(a), Some(b)) => direction.apply(a.cmp(&b)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }),
        SortKey::Action => {
            events.sort_by(|a, b| direction.apply(lowercase(&a.action).cmp(lowercase(&b.action))))
        }
    }
}

fn lowercase(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().flat_map(char::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::normalize_event;
    use serde_json::{json, Value};

    fn event(row: Value) -> AuditEvent {
        normalize_event(&row).unwrap()
    }

    fn sample() -> AuditEvent {
        event(json!({
            "id": "e1", "action": "member.invited",
            "actor": { "type": "admin", "id": "usr_1", "name": "Ada Lovelace", "email": "ada@acme.com" },
            "targets": [
                { "type": "user", "id": "usr_2", "email": "jane@example.org" },
                { "type": "organization", "id": "org_9", "name": "Globex" }
            ],
            "context": { "organizationId": "org_1", "ipAddress": "203.0.113.7" }
        }))
    }

    #[test]
    fn finds_every_searched_field_ignoring_case() {
        let event = sample();
        for query in [
            "member.invited",
            "INVITED",
            "ada lovelace",
            "ADA@ACME",
            "usr_1",
            "jane@example",
            "usr_2",
            "globex",
            "organization",
            "org_9",
            "org_1",
        ] {
            assert!(matches(&event, query), "{query}");
        }
    }

    #[test]
    fn fields_outside_the_search_do_not_match() {
        let event = sample();
        for query in ["203.0.113.7", "admin", "e1", "bob"] {
            assert!(!matches(&event, query), "{query}");
        }
    }

    #[test]
    fn every_term_must_match_somewhere() {
        let event = sample();
        assert!(matches(&event, "  ada   globex "));
        assert!(!matches(&event, "ada bob"));
        // A term must fit in one field, not across two.
        assert!(!matches(&event, "invitedada"));
    }

    #[test]
    fn an_empty_query_matches_everything() {
        let bare = event(json!({ "id": "x" }));
        assert!(matches(&bare, ""));
        assert!(matches(&bare, "   "));
        assert!(!matches(&bare, "x"));
    }

    fn ids(events: &[AuditEvent]) -> Vec<&str> {
        events.iter().map(|e| e.id.as_str()).collect()
    }

    fn unsorted() -> Vec<AuditEvent> {
        [
            ("b", "user.created", json!(2_000)),
            ("none", "Webhook.created", json!(null)),
            ("a", "api_key.created", json!(1_000)),
            ("c", "user.created", json!(3_000)),
            ("bad", "session.created", json!("garbage")),
        ]
        .into_iter()
        .map(|(id, action, at)| event(json!({ "id": id, "action": action, "occurredAt": at })))
        .collect()
    }

    #[test]
    fn by_time_with_unreadable_times_last_either_way() {
        let mut events = unsorted();
        sort(&mut events, SortKey::Time, Direction::Desc);
        assert_eq!(ids(&events), ["c", "b", "a", "none", "bad"]);
        sort(&mut events, SortKey::Time, Direction::Asc);
        assert_eq!(ids(&events), ["a", "b", "c", "none", "bad"]);
    }

    #[test]
    fn by_action_ignoring_case_and_keeping_ties_in_order() {
        let mut events = unsorted();
        sort(&mut events, SortKey::Action, Direction::Asc);
        assert_eq!(ids(&events), ["a", "bad", "b", "c", "none"]);
        sort(&mut events, SortKey::Action, Direction::Desc);
        assert_eq!(ids(&events), ["none", "b", "c", "bad", "a"]);
    }

    #[test]
    fn sort_settings_round_trip_through_the_url() {
        for key in [SortKey::Time, SortKey::Action] {
            assert_eq!(SortKey::parse(key.as_str()), Some(key));
        }
        for direction in [Direction::Asc, Direction::Desc] {
            assert_eq!(Direction::parse(direction.as_str()), Some(direction));
        }
        assert_eq!(SortKey::parse("Time"), None);
        assert_eq!(Direction::parse(""), None);
        assert_eq!(
            (SortKey::default(), Direction::default()),
            (SortKey::Time, Direction::Desc)
        );
    }
}
