//! The category chip every action gets, for the docs' names, the shipped backend's names
//! and Better Auth's names alike.

/// The documented groups of the 30 auto-tracked actions, plus everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    User,
    Session,
    EmailPassword,
    Organization,
    Security,
    Custom,
}

impl Category {
    /// Every category in the order statistics show them.
    pub const ALL: [Category; 6] = [
        Category::User,
        Category::Session,
        Category::EmailPassword,
        Category::Organization,
        Category::Security,
        Category::Custom,
    ];

    /// The chip text.
    pub fn label(self) -> &'static str {
        match self {
            Category::User => "User",
            Category::Session => "Session",
            Category::EmailPassword => "Email & password",
            Category::Organization => "Organization",
            Category::Security => "Security",
            Category::Custom => "Custom",
        }
    }
}

/// Suggestions for the action filter, which the server matches exactly: the 30 documented
/// actions, the ten important ones, and every name the shipped backend auto-logs, sorted.
pub const KNOWN_ACTIONS: [&str; 66] = [
    "admin.impersonate",
    "admin.user_ban",
    "admin.user_delete",
    "admin.user_role_change",
    "admin.user_unban",
    "api-key.created",
    "api_key.create",
    "api_key.created",
    "api_key.delete",
    "api_key.revoked",
    "email.changed",
    "email.verified",
    "invitation.accepted",
    "invitation.created",
    "invitation.revoked",
    "member.added",
    "member.invited",
    "member.removed",
    "member.role_updated",
    "mfa.enabled",
    "organization.create",
    "organization.created",
    "organization.delete",
    "organization.deleted",
    "organization.member_invite",
    "organization.member_remove",
    "organization.member_role_change",
    "organization.update",
    "organization.updated",
    "password.changed",
    "password.reset",
    "password.reset_requested",
    "scim.directory_create",
    "scim.directory_delete",
    "session.created",
    "session.refreshed",
    "session.revoked",
    "sso.connection_create",
    "sso.connection_delete",
    "sso.connection_update",
    "sso.domain_verification_create",
    "sso.domain_verification_delete",
    "sso.domain_verification_verify",
    "sso.login",
    "sso_connection.created",
    "two_factor.disabled",
    "two_factor.enabled",
    "user.banned",
    "user.create",
    "user.created",
    "user.deleted",
    "user.email_verified",
    "user.impersonated",
    "user.login",
    "user.login.social",
    "user.logout",
    "user.password_change",
    "user.password_reset",
    "user.password_reset_request",
    "user.two_factor_disable",
    "user.two_factor_enable",
    "user.unbanned",
    "user.update",
    "user.updated",
    "webhook.created",
    "webhook.deleted",
];

/// Prefixes, most specific first; the first that matches wins.
///
/// The rule: the action is lowercased and `-` read as `_` (so `api-key.created` is
/// `api_key.created`); a prefix matches when the action is the prefix or continues it
/// with `.` or `_` (`session` matches `session.created` and `session_revoked`, not
/// `sessionless.x`). Whole names come first where the resource alone would mislead:
/// the shipped backend logs sign-ins, password and two-factor changes under `user.`, and
/// Better Auth logs sign-ins as `user_signed_in`. Then one prefix per resource:
/// - `admin` is User: Better Auth's admin endpoints (ban, set role, remove,
///   impersonate) all act on a user.
/// - `account` (Better Auth's `account_linked`) is Email & password: a linked social
///   account is a way to sign in, and Better Auth lists it beside `password_changed`.
/// - `sso`, `scim`, `mfa`, `two_factor`, `api_key`, `webhook` and Better Auth's
///   `security_*` are Security, as the docs file `sso_connection.created` and `webhook.*`.
/// - `member`, `invitation`, `invite` and `team` are Organization.
///
/// Anything else is Custom.
const RULES: &[(&str, Category)] = &[
    ("user.login", Category::Session),
    ("user.logout", Category::Session),
    ("user_signed_in", Category::Session),
    ("user_signed_out", Category::Session),
    ("sso.login", Category::Session),
    ("user.password", Category::EmailPassword),
    ("user.email", Category::EmailPassword),
    ("user_email", Category::EmailPassword),
    ("user.two_factor", Category::Security),
    ("session", Category::Session),
    ("sessions", Category::Session),
    ("user", Category::User),
    ("admin", Category::User),
    ("email", Category::EmailPassword),
    ("password", Category::EmailPassword),
    ("account", Category::EmailPassword),
    ("organization", Category::Organization),
    ("member", Category::Organization),
    ("invitation", Category::Organization),
    ("invite", Category::Organization),
    ("team", Category::Organization),
    ("two_factor", Category::Security),
    ("mfa", Category::Security),
    ("api_key", Category::Security),
    ("webhook", Category::Security),
    ("sso", Category::Security),
    ("scim", Category::Security),
    ("security", Category::Security),
];

pub fn category(action: &str) -> Category {
    // The rules are ASCII: Unicode's case tables would cost the first load 3 KB.
    let action = action.to_ascii_lowercase().replace('-', "_");
    RULES
        .iter()
        .find(|(prefix, _)| {
            action.strip_prefix(prefix).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with('.') || rest.starts_with('_')
            })
        })
        .map_or(Category::Custom, |&(_, category)| category)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Category::*;

    fn assert_all(expected: Category, actions: &[&str]) {
        for action in actions {
            assert_eq!(category(action), expected, "{action}");
        }
    }

    #[test]
    fn the_30_documented_actions_in_their_documented_groups() {
        assert_all(
            User,
            &[
                "user.created",
                "user.updated",
                "user.deleted",
                "user.banned",
                "user.unbanned",
                "user.impersonated",
            ],
        );
        assert_all(
            Session,
            &["session.created", "session.revoked", "session.refreshed"],
        );
        assert_all(
            EmailPassword,
            &[
                "email.verified",
                "email.changed",
                "password.changed",
                "password.reset",
                "password.reset_requested",
            ],
        );
        assert_all(
            Organization,
            &[
                "organization.created",
                "organization.updated",
                "organization.deleted",
                "member.added",
                "member.removed",
                "member.role_updated",
                "invitation.created",
                "invitation.accepted",
                "invitation.revoked",
            ],
        );
        assert_all(
            Security,
            &[
                "two_factor.enabled",
                "two_factor.disabled",
                "api_key.created",
                "api_key.revoked",
                "sso_connection.created",
                "webhook.created",
                "webhook.deleted",
            ],
        );
    }

    #[test]
    fn the_documented_notification_names() {
        assert_eq!(category("mfa.enabled"), Security);
        assert_eq!(category("api-key.created"), Security);
        assert_eq!(category("member.invited"), Organization);
        assert_eq!(category("password.changed"), EmailPassword);
    }

    #[test]
    fn the_shipped_backends_names() {
        assert_all(
            User,
            &[
                "user.create",
                "user.update",
                "admin.user_ban",
                "admin.user_unban",
                "admin.user_role_change",
                "admin.user_delete",
                "admin.impersonate",
            ],
        );
        assert_all(
            Session,
            &[
                "user.login",
                "user.login.social",
                "user.logout",
                "sso.login",
            ],
        );
        assert_all(
            EmailPassword,
            &[
                "user.password_reset_request",
                "user.password_reset",
                "user.password_change",
                "user.email_verified",
            ],
        );
        assert_all(
            Organization,
            &[
                "organization.create",
                "organization.update",
                "organization.delete",
                "organization.member_invite",
                "organization.member_remove",
                "organization.member_role_change",
            ],
        );
        assert_all(
            Security,
            &[
                "user.two_factor_enable",
                "user.two_factor_disable",
                "sso.connection_create",
                "sso.domain_verification_verify",
                "scim.directory_create",
                "api_key.create",
                "api_key.delete",
            ],
        );
    }

    #[test]
    fn better_auths_names() {
        assert_all(
            User,
            &[
                "user_signed_up",
                "user_profile_updated",
                "user_profile_image_updated",
                "user_banned",
                "user_deleted",
                "user_impersonated",
                "user_impersonation_stopped",
            ],
        );
        assert_all(
            Session,
            &[
                "user_signed_in",
                "user_signed_out",
                "session_created",
                "session_revoked",
                "sessions_revoked_all",
            ],
        );
        assert_all(
            EmailPassword,
            &[
                "user_email_verified",
                "password_changed",
                "password_reset_requested",
                "password_reset_completed",
                "email_verification_sent",
                "account_linked",
                "account_unlinked",
            ],
        );
        assert_all(
            Organization,
            &[
                "organization_created",
                "member_invited",
                "member_role_updated",
                "invite_accepted",
                "invite_cancelled",
                "team_created",
                "team_member_removed",
            ],
        );
        assert_all(
            Security,
            &[
                "security_blocked",
                "security_credential_stuffing",
                "security_impossible_travel",
                "security_compromised_password",
            ],
        );
    }

    #[test]
    fn unknown_actions_are_custom() {
        assert_all(
            Custom,
            &[
                "document.exported",
                "banata.project.created",
                "sessionless.thing",
                "users.imported",
                "",
            ],
        );
    }

    #[test]
    fn case_does_not_matter() {
        assert_eq!(category("USER.Login"), Session);
        assert_eq!(category("Webhook.Created"), Security);
    }

    #[test]
    fn every_suggested_action_gets_a_real_category_and_appears_once_in_order() {
        for action in KNOWN_ACTIONS {
            assert_ne!(category(action), Custom, "{action}");
        }
        assert!(KNOWN_ACTIONS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(KNOWN_ACTIONS.contains(&"user.created"));
        assert!(KNOWN_ACTIONS.contains(&"user.create"));
        for action in crate::domain::notify::IMPORTANT_ACTIONS {
            assert!(KNOWN_ACTIONS.contains(&action), "{action}");
        }
    }

    #[test]
    fn labels_are_the_chip_text_in_statistics_order() {
        let labels: Vec<_> = Category::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(
            labels,
            [
                "User",
                "Session",
                "Email & password",
                "Organization",
                "Security",
                "Custom"
            ]
        );
    }
}
