//! Which audit events are notifications, exactly as Banata documents it, and how urgent
//! each one is. Optionally the same events under the names the shipped backend and Better
//! Auth actually log count too.

use super::event::{sort_newest_first, AuditEvent};

/// The documented important actions, matched as substrings of an event's action: the
/// names in [`DOCUMENTED`], in the docs' order.
pub const IMPORTANT_ACTIONS: [&str; 10] = {
    let mut names = [""; 10];
    let mut i = 0;
    while i < names.len() {
        names[i] = DOCUMENTED[i].name;
        i += 1;
    }
    names
};

/// An action is important when it *contains* a pattern (`user.created.bulk` matches).
pub fn is_important<P: AsRef<str>>(action: &str, patterns: &[P]) -> bool {
    patterns
        .iter()
        .any(|pattern| action.contains(pattern.as_ref()))
}

/// The important events, newest first; events whose time is unreadable come last.
/// The server's order is not trusted.
pub fn notifications<'a>(
    events: impl IntoIterator<Item = &'a AuditEvent>,
    matcher: &Matcher,
) -> Vec<&'a AuditEvent> {
    let mut important: Vec<_> = events
        .into_iter()
        .filter(|event| matcher.matches(&event.action))
        .collect();
    sort_newest_first(&mut important);
    important
}

/// How urgently an administrator should look at a notification.
/// Ordered, so that the most urgent of several reasons wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    /// The badge text.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "Info",
            Severity::Warning => "Warning",
            Severity::Critical => "Critical",
        }
    }
}

/// One documented important action: how urgent it is and the names other sources log
/// for the same event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentedAction {
    pub name: &'static str,
    pub severity: Severity,
    /// Exact names meaning the same event, from the shipped backend's auto-logger
    /// (`pathToAction` in its `plugins/audit.ts`), the documented 30 auto-tracked actions,
    /// and Better Auth's `dash()` plugin (seed 004).
    pub equivalents: &'static [&'static str],
}

/// The documented ten, in the documented order.
///
/// Severity: *Critical* is an irreversible loss (an account or a whole organization and
/// its data); *Warning* is a change to who or what can get in or where data goes that
/// an admin should confirm was intended (a changed password is what an account takeover
/// looks like; a removed member; a new long-lived API credential; event data sent to a
/// new webhook endpoint); *Info* is growth or a stronger security posture.
///
/// Equivalents, and the borderline names left out:
/// - `user.deleted`: the backend logs an admin's `/admin/remove-user` as
///   `admin.user_delete`. It does not auto-log self-deletion at all.
/// - `password.changed`: resets (`user.password_reset`, `password_reset_completed`) are
///   left out: the docs list `password.reset` as its own event, not an important one.
/// - `mfa.enabled`: `two_factor.enabled` is the docs' own name for it in the 30-action
///   list; Better Auth's seed lists no two-factor event.
/// - `organization.deleted`: Better Auth's seed lists no organization deletion, so only
///   the backend's `organization.delete`.
/// - `member.invited`: an invitation is created exactly when a member is invited, so the
///   docs' `invitation.created` is the same event.
/// - `member.removed`: `team_member_removed` is left out: a team is not the organization,
///   and the person keeps their organization access.
/// - `webhook.created`: no source logs it under another name.
pub const DOCUMENTED: [DocumentedAction; 10] = [
    documented(
        "user.created",
        Severity::Info,
        &["user.create", "user_signed_up"],
    ),
    documented(
        "user.deleted",
        Severity::Critical,
        &["admin.user_delete", "user_deleted"],
    ),
    documented(
        "password.changed",
        Severity::Warning,
        &["user.password_change", "password_changed"],
    ),
    documented(
        "mfa.enabled",
        Severity::Info,
        &["user.two_factor_enable", "two_factor.enabled"],
    ),
    documented(
        "organization.created",
        Severity::Info,
        &["organization.create", "organization_created"],
    ),
    documented(
        "organization.deleted",
        Severity::Critical,
        &["organization.delete"],
    ),
    documented(
        "member.invited",
        Severity::Info,
        &[
            "organization.member_invite",
            "member_invited",
            "invitation.created",
        ],
    ),
    documented(
        "member.removed",
        Severity::Warning,
        &["organization.member_remove", "member_removed"],
    ),
    documented(
        "api-key.created",
        Severity::Warning,
        &["api_key.create", "api_key.created"],
    ),
    documented("webhook.created", Severity::Warning, &[]),
];

const fn documented(
    name: &'static str,
    severity: Severity,
    equivalents: &'static [&'static str],
) -> DocumentedAction {
    DocumentedAction {
        name,
        severity,
        equivalents,
    }
}

/// Verbs that take something away; a user's own important action using one (say
/// `webhook.deleted` or `admin.user_ban`) is at least a warning.
const TAKING_AWAY: [&str; 10] = [
    "delete", "deleted", "remove", "removed", "revoke", "revoked", "ban", "banned", "disable",
    "disabled",
];

/// How urgent an important action is: the documented table, matched like the filter (the
/// documented name as a substring, an equivalent name exactly), whatever the matcher's
/// settings; otherwise a verb that takes something away is a warning, anything else info.
/// The most urgent reason wins.
pub fn severity(action: &str) -> Severity {
    let documented = DOCUMENTED
        .iter()
        .filter(|known| action.contains(known.name) || known.equivalents.contains(&action))
        .map(|known| known.severity);
    let takes_away = action
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| TAKING_AWAY.contains(&word.to_ascii_lowercase().as_str()));
    let verb = if takes_away {
        Severity::Warning
    } else {
        Severity::Info
    };
    documented.fold(verb, Severity::max)
}

/// Decides which actions are notifications from the active patterns. With equivalents
/// off it is exactly the documented substring rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matcher {
    patterns: Vec<String>,
    /// Names matched exactly because an active pattern names a documented action (or one
    /// of its equivalents); empty when equivalents are off.
    equivalents: Vec<&'static str>,
}

impl Default for Matcher {
    /// The documented ten, equivalents off: the documented behaviour.
    fn default() -> Self {
        Self::new(&IMPORTANT_ACTIONS, false)
    }
}

impl Matcher {
    pub fn new<P: AsRef<str>>(patterns: &[P], equivalents: bool) -> Self {
        let patterns: Vec<String> = patterns.iter().map(|p| p.as_ref().to_owned()).collect();
        // A group counts when the user kept any of its names, so removing `user.created`
        // from the list also stops `user.create` and `user_signed_up`.
        let equivalents = if equivalents {
            DOCUMENTED
                .iter()
                .filter(|known| {
                    patterns.iter().any(|pattern| {
                        pattern == known.name || known.equivalents.contains(&pattern.as_str())
                    })
                })
                .flat_map(|known| {
                    std::iter::once(known.name).chain(known.equivalents.iter().copied())
                })
                .collect()
        } else {
            Vec::new()
        };
        Self {
            patterns,
            equivalents,
        }
    }

    pub fn matches(&self, action: &str) -> bool {
        is_important(action, &self.patterns) || self.equivalents.contains(&action)
    }
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
        let ids: Vec<_> = notifications(&events, &Matcher::default())
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
        let ids: Vec<_> = notifications(&events, &Matcher::new(&["api_key"], false))
            .iter()
            .map(|event| event.id.as_str())
            .collect();
        assert_eq!(ids, ["a"]);
    }

    fn ids<'a>(events: &[&'a AuditEvent]) -> Vec<&'a str> {
        events.iter().map(|event| event.id.as_str()).collect()
    }

    #[test]
    fn each_documented_action_has_its_severity() {
        let expected = [
            ("user.created", Severity::Info),
            ("user.deleted", Severity::Critical),
            ("password.changed", Severity::Warning),
            ("mfa.enabled", Severity::Info),
            ("organization.created", Severity::Info),
            ("organization.deleted", Severity::Critical),
            ("member.invited", Severity::Info),
            ("member.removed", Severity::Warning),
            ("api-key.created", Severity::Warning),
            ("webhook.created", Severity::Warning),
        ];
        for (action, level) in expected {
            assert_eq!(severity(action), level, "{action}");
        }
    }

    #[test]
    fn the_important_actions_are_the_documented_ten_in_order() {
        // As the docs list them (seeds/001, "Important Events").
        let documented = [
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
        assert_eq!(IMPORTANT_ACTIONS, documented);
    }

    #[test]
    fn equivalent_names_get_the_same_severity() {
        for known in DOCUMENTED {
            for alias in known.equivalents {
                assert_eq!(severity(alias), known.severity, "{alias}");
            }
        }
        assert_eq!(severity("user_signed_up"), Severity::Info);
        assert_eq!(severity("admin.user_delete"), Severity::Critical);
        assert_eq!(severity("organization.delete"), Severity::Critical);
        assert_eq!(severity("api_key.create"), Severity::Warning);
    }

    #[test]
    fn severity_matches_documented_names_as_substrings() {
        assert_eq!(severity("user.deleted.bulk"), Severity::Critical);
        assert_eq!(severity("admin.member.removed"), Severity::Warning);
    }

    #[test]
    fn own_actions_that_take_something_away_are_warnings() {
        for action in [
            "webhook.deleted",
            "api_key.revoked",
            "admin.user_ban",
            "two_factor.disabled",
            "Document.Removed",
            // Each verb in its base form too.
            "oauth.token_revoke",
            "webhook.delete",
            "member.remove",
            "user.disable",
        ] {
            assert_eq!(severity(action), Severity::Warning, "{action}");
        }
        for action in ["document.exported", "banata.project.created", "user.login"] {
            assert_eq!(severity(action), Severity::Info, "{action}");
        }
    }

    #[test]
    fn the_most_urgent_reason_wins() {
        assert_eq!(severity("organization.deleted"), Severity::Critical);
        assert_eq!(
            severity("user.created.then.user.deleted"),
            Severity::Critical
        );
    }

    #[test]
    fn with_equivalents_off_the_matcher_is_the_documented_rule() {
        let matcher = Matcher::default();
        assert_eq!(matcher, Matcher::new(&IMPORTANT_ACTIONS, false));
        for action in IMPORTANT_ACTIONS {
            assert!(matcher.matches(action), "{action}");
        }
        assert!(matcher.matches("user.created.bulk"));
        for action in [
            "api_key.created",
            "two_factor.enabled",
            "user.create",
            "user_signed_up",
            "session.created",
        ] {
            assert!(!matcher.matches(action), "{action}");
        }
    }

    #[test]
    fn with_equivalents_on_other_sources_names_count() {
        let matcher = Matcher::new(&IMPORTANT_ACTIONS, true);
        for action in [
            "user.create",
            "user_signed_up",
            "user.password_change",
            "password_changed",
            "user.two_factor_enable",
            "two_factor.enabled",
            "organization.member_invite",
            "member_invited",
            "invitation.created",
            "api_key.create",
            "api_key.created",
            "organization.create",
            "organization_created",
            "organization.delete",
            "organization.member_remove",
            "member_removed",
            "admin.user_delete",
            "user_deleted",
        ] {
            assert!(matcher.matches(action), "{action}");
        }
        // The documented rule still applies as before.
        assert!(matcher.matches("user.created.bulk"));
    }

    #[test]
    fn equivalents_match_exactly_and_leave_other_events_out() {
        let matcher = Matcher::new(&IMPORTANT_ACTIONS, true);
        for action in [
            "team_member_removed",
            "user.password_reset",
            "password_reset_completed",
            "user.two_factor_disable",
            "session.created",
            "user_signed_in",
            "api_key.create.extra",
        ] {
            assert!(!matcher.matches(action), "{action}");
        }
    }

    #[test]
    fn equivalents_follow_the_users_list() {
        // Without `user.created` in the list its equivalents stop counting too.
        let matcher = Matcher::new(&["password.changed"], true);
        assert!(matcher.matches("password_changed"));
        assert!(!matcher.matches("user.create"));
        assert!(!matcher.matches("user_signed_up"));
        // Listing any name of a group brings in the documented name and the others.
        let matcher = Matcher::new(&["api_key.created"], true);
        assert!(matcher.matches("api-key.created"));
        assert!(matcher.matches("api_key.create"));
        assert!(!Matcher::new(&["api_key.created"], false).matches("api_key.create"));
    }

    #[test]
    fn notifications_uses_the_matcher_and_sorts() {
        let events = [
            event("flat", "user.create", json!(1_000)),
            event("docs", "user.created", json!(2_000)),
            event("noise", "user.login", json!(3_000)),
            event("ba", "member_invited", json!(null)),
        ];
        let off = Matcher::default();
        let on = Matcher::new(&IMPORTANT_ACTIONS, true);
        assert_eq!(ids(&notifications(&events, &off)), ["docs"]);
        assert_eq!(ids(&notifications(&events, &on)), ["docs", "flat", "ba"]);
    }
}
