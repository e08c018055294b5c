//! Who is calling: an API key (`Authorization: Bearer`) or a session cookie.

use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::{HeaderMap, StatusCode};
use subtle::ConstantTimeEq;

use crate::api::ApiError;
use crate::Config;

pub const SESSION_COOKIE: &str = "banata_session";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Admin,
    Member,
}

#[derive(Debug, Clone, Copy)]
pub enum Permission {
    Read,
    Write,
}

impl Permission {
    fn name(self) -> &'static str {
        match self {
            Self::Read => "audit.read",
            Self::Write => "audit.write",
        }
    }
}

pub struct Auth {
    keys: Vec<(String, Role)>,
    sessions: Vec<(String, Role)>,
}

impl Auth {
    pub fn new(config: &Config) -> Self {
        fn tag(secrets: &[String], role: Role) -> impl Iterator<Item = (String, Role)> + '_ {
            secrets.iter().map(move |s| (s.clone(), role))
        }
        Self {
            keys: tag(&config.admin_keys, Role::Admin)
                .chain(tag(&config.member_keys, Role::Member))
                .collect(),
            sessions: tag(&config.admin_sessions, Role::Admin)
                .chain(tag(&config.member_sessions, Role::Member))
                .collect(),
        }
    }

    /// Only admins hold the audit permissions.
    pub fn require(&self, headers: &HeaderMap, permission: Permission) -> Result<(), ApiError> {
        let bearer = headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            // The scheme is case-insensitive (RFC 9110 §11.1).
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .and_then(|(_, key)| find(&self.keys, key.trim()));
        let role = bearer.or_else(|| {
            session_cookies(headers)
                .fold(None, |found, token| found.or(find(&self.sessions, token)))
        });
        match role {
            Some(Role::Admin) => Ok(()),
            Some(Role::Member) => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                format!("Missing permission {}", permission.name()),
            )),
            None => Err(ApiError::new(StatusCode::UNAUTHORIZED, "Not signed in")),
        }
    }
}

fn session_cookies(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
}

/// Compares against every secret in constant time, without stopping at the
/// first match, so response timing does not reveal how much of a guess matched.
fn find(secrets: &[(String, Role)], candidate: &str) -> Option<Role> {
    secrets.iter().fold(None, |found, (secret, role)| {
        let equal: bool = secret.as_bytes().ct_eq(candidate.as_bytes()).into();
        if equal {
            Some(*role)
        } else {
            found
        }
    })
}
