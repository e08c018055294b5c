//! Deterministic, realistic demo events: the same count and `now` always give
//! the same rows.

use serde_json::{json, Value};

use crate::db::Event;

pub const PROJECT_ID: &str = "proj_demo";

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
const DAYS: i64 = 60;
/// The newest events, in the last hours, follow `RECENT` so the dashboard's
/// Notifications page always has something to show.
const RECENT_EVENTS: u64 = 50;
const RECENT_SPAN: i64 = 2 * HOUR;

/// (action, relative weight): sessions dominate real audit logs. All 30
/// documented actions, the shipped backend's names, the documented
/// notification names outside the 30, and custom actions.
const ACTIONS: &[(&str, u32)] = &[
    ("session.created", 300),
    ("session.refreshed", 180),
    ("session.revoked", 60),
    ("user.login", 80),
    ("user.created", 12),
    ("user.updated", 15),
    ("user.deleted", 3),
    ("user.banned", 2),
    ("user.unbanned", 1),
    ("user.impersonated", 2),
    ("email.verified", 10),
    ("email.changed", 3),
    ("password.changed", 6),
    ("password.reset", 4),
    ("password.reset_requested", 6),
    ("organization.created", 1),
    ("organization.updated", 3),
    ("organization.deleted", 1),
    ("member.added", 6),
    ("member.removed", 3),
    ("member.role_updated", 4),
    ("invitation.created", 6),
    ("invitation.accepted", 4),
    ("invitation.revoked", 1),
    ("two_factor.enabled", 3),
    ("two_factor.disabled", 1),
    ("api_key.created", 2),
    ("api_key.revoked", 1),
    ("sso_connection.created", 1),
    ("webhook.created", 1),
    ("webhook.deleted", 1),
    ("user.create", 8),
    ("user.password_change", 3),
    ("user.two_factor_enable", 2),
    ("organization.create", 1),
    ("organization.member_invite", 3),
    ("api_key.create", 1),
    ("mfa.enabled", 2),
    ("member.invited", 3),
    ("api-key.created", 1),
    ("document.exported", 8),
    ("report.generated", 6),
    ("user.created.bulk", 1),
];

/// Cycled through by the newest events: each of the ten "important" actions,
/// some everyday noise and a few of the shipped backend's names.
const RECENT: &[&str] = &[
    "user.created",
    "session.created",
    "member.invited",
    "password.changed",
    "session.refreshed",
    "api-key.created",
    "mfa.enabled",
    "user.login",
    "organization.created",
    "webhook.created",
    "session.created",
    "member.removed",
    "user.deleted",
    "user.create",
    "organization.deleted",
    "user.created.bulk",
    "session.revoked",
    "organization.member_invite",
    "api_key.create",
    "user.password_change",
    "member.role_updated",
    "document.exported",
    "session.created",
    "user.two_factor_enable",
    "user.banned",
];

/// Relative activity per UTC hour: quiet nights, busy working hours.
const HOURLY: [u32; 24] = [
    1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 13, 12, 13, 14, 13, 11, 8, 6, 4, 3, 2, 2, 1,
];

const ORGS: &[(&str, &str)] = &[
    ("org_acme", "Acme Corp"),
    ("org_globex", "Globex"),
    ("org_initech", "Initech"),
    ("org_umbrella", "Umbrella Health"),
    ("org_hooli", "Hooli"),
];

struct Actor {
    kind: &'static str,
    id: &'static str,
    name: Option<&'static str>,
    email: Option<&'static str>,
    /// Index into ORGS of the actor's home organization.
    org: Option<usize>,
}

const fn actor(
    kind: &'static str,
    id: &'static str,
    name: Option<&'static str>,
    email: Option<&'static str>,
    org: Option<usize>,
) -> Actor {
    Actor {
        kind,
        id,
        name,
        email,
        org,
    }
}

const ACTORS: &[Actor] = &[
    actor(
        "user",
        "usr_ada",
        Some("Ada Lovelace"),
        Some("ada@acme.com"),
        Some(0),
    ),
    actor(
        "user",
        "usr_alan",
        Some("Alan Turing"),
        Some("alan@acme.com"),
        Some(0),
    ),
    actor("user", "usr_jane", None, Some("jane@globex.com"), Some(1)),
    actor(
        "user",
        "usr_hank",
        Some("Hank Scorpio"),
        Some("hank@globex.com"),
        Some(1),
    ),
    actor(
        "user",
        "usr_peter",
        Some("Peter Gibbons"),
        Some("peter@initech.com"),
        Some(2),
    ),
    actor(
        "user",
        "usr_milton",
        None,
        Some("milton@initech.com"),
        Some(2),
    ),
    actor(
        "user",
        "usr_alice",
        Some("Alice Abernathy"),
        Some("alice@umbrella.health"),
        Some(3),
    ),
    actor(
        "user",
        "usr_richard",
        Some("Richard Hendricks"),
        Some("richard@hooli.xyz"),
        Some(4),
    ),
    actor("user", "usr_8f3k2", None, None, Some(4)),
    actor("user", "usr_guest", None, Some("guest@example.com"), None),
    actor("user", "usr_x91d0", None, None, None),
    actor(
        "admin",
        "adm_grace",
        Some("Grace Hopper"),
        Some("grace@acme.com"),
        Some(0),
    ),
    actor(
        "admin",
        "adm_linus",
        Some("Linus Torvalds"),
        Some("linus@globex.com"),
        Some(1),
    ),
    actor("admin", "adm_bill", None, Some("bill@initech.com"), Some(2)),
    actor(
        "admin",
        "adm_gavin",
        Some("Gavin Belson"),
        Some("gavin@hooli.xyz"),
        Some(4),
    ),
    actor("system", "system", None, None, None),
    actor("system", "sys_scheduler", Some("Scheduler"), None, None),
    actor(
        "api_key",
        "key_live_7c2e",
        Some("CI deploy key"),
        None,
        Some(0),
    ),
    actor("api_key", "key_live_b41a", None, None, Some(3)),
    actor("scim", "scim_okta", Some("Okta SCIM"), None, Some(1)),
    actor("scim", "scim_azure", Some("Entra ID SCIM"), None, Some(3)),
];

const BROWSERS: &[&str] = &[
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
];

/// Documentation address ranges (RFC 5737), never real hosts.
const NETWORKS: [&str; 3] = ["203.0.113", "198.51.100", "192.0.2"];

/// `count` events, the newest at `now`, spread over the 60 days before it.
pub fn events(count: u64, now: i64) -> impl Iterator<Item = Event> {
    let mut rng = fastrand::Rng::with_seed(0x00a0_d17e);
    let recent_from = count.saturating_sub(RECENT_EVENTS);
    (0..count).map(move |i| {
        let (occurred_at, action) = if i < recent_from {
            (
                bulk_time(&mut rng, now - DAYS * DAY, now - RECENT_SPAN),
                ACTIONS[weighted(&mut rng, ACTIONS.iter().map(|&(_, w)| w))].0,
            )
        } else {
            let j = (i - recent_from) as usize;
            (now - rng.i64(0..RECENT_SPAN), RECENT[j % RECENT.len()])
        };
        event(&mut rng, i, action, occurred_at)
    })
}

/// A time in [start, end) following the daily rhythm, with quieter weekends.
fn bulk_time(rng: &mut fastrand::Rng, start: i64, end: i64) -> i64 {
    loop {
        let day = (start / DAY + rng.i64(0..=DAYS)) * DAY;
        let hour = weighted(rng, HOURLY.iter().copied());
        let t = day + hour as i64 * HOUR + rng.i64(0..HOUR);
        // 1970-01-01 was a Thursday: day 2 and 3 of each week are Sat, Sun.
        let weekend = matches!((t / DAY) % 7, 2 | 3);
        if (start..end).contains(&t) && (!weekend || rng.u8(0..10) < 4) {
            return t;
        }
    }
}

/// The index of an entry chosen with probability proportional to its weight.
fn weighted(rng: &mut fastrand::Rng, mut weights: impl Iterator<Item = u32> + Clone) -> usize {
    let mut roll = rng.u32(0..weights.clone().sum());
    weights
        .position(|weight| {
            let hit = roll < weight;
            roll = roll.wrapping_sub(weight);
            hit
        })
        .expect("the roll is below the total weight")
}

/// Which kinds of actor plausibly perform `action`.
fn actor_kinds(action: &str) -> &'static [&'static str] {
    match action {
        "user.banned" | "user.unbanned" | "user.impersonated" | "member.role_updated" => &["admin"],
        "user.created" | "user.deleted" | "user.create" | "user.created.bulk" => &["admin", "scim"],
        "session.revoked" | "password.reset" => &["user", "system"],
        "document.exported" | "report.generated" => &["user", "api_key"],
        _ if [
            "organization.",
            "member.",
            "invitation.",
            "webhook.",
            "sso_connection.",
            "api",
        ]
        .iter()
        .any(|prefix| action.starts_with(prefix)) =>
        {
            &["admin", "api_key"]
        }
        _ => &["user", "admin"],
    }
}

fn event(rng: &mut fastrand::Rng, index: u64, action: &str, occurred_at: i64) -> Event {
    let kinds = actor_kinds(action);
    let candidates: Vec<(usize, &Actor)> = ACTORS
        .iter()
        .enumerate()
        .filter(|(_, a)| kinds.contains(&a.kind))
        .collect();
    let (actor_index, actor) = candidates[rng.usize(..candidates.len())];
    let org = match actor.org {
        Some(org) if rng.u8(0..10) > 0 => Some(org),
        _ if rng.bool() => None,
        _ => Some(rng.usize(..ORGS.len())),
    };
    let (ip_address, user_agent) = match actor.kind {
        "system" => (None, None),
        kind => {
            // Mostly the actor's usual address, sometimes another one.
            let host = if rng.u8(0..5) > 0 {
                10 + actor_index * 11
            } else {
                rng.usize(1..255)
            };
            let ip = format!("{}.{}", NETWORKS[actor_index % NETWORKS.len()], host);
            let agent = match kind {
                "api_key" => "banata-node/2.3.1 node/20.11.0".to_owned(),
                "scim" => "Okta-SCIM-Client/2.0".to_owned(),
                _ => BROWSERS[actor_index % BROWSERS.len()].to_owned(),
            };
            (Some(ip), Some(agent))
        }
    };
    let target = targets(rng, action, actor, org);
    Event {
        // A bijection of the index: unique, deterministic, random-looking.
        id: format!("evt_{:016x}", index.wrapping_mul(0x9e37_79b9_7f4a_7c15)),
        project_id: PROJECT_ID.to_owned(),
        action: action.to_owned(),
        version: 1,
        actor_type: actor.kind.to_owned(),
        actor_id: actor.id.to_owned(),
        actor_name: actor.name.map(str::to_owned),
        actor_email: actor.email.map(str::to_owned),
        actor_metadata: (actor.kind == "api_key")
            .then(|| json!({ "keyPrefix": &actor.id[..8] }).to_string()),
        targets: target.map(|t| t.to_string()),
        organization_id: org.map(|o| ORGS[o].0.to_owned()),
        ip_address,
        user_agent,
        request_id: Some(format!("req_{:012x}", rng.u64(..) >> 16)),
        changes: changes(rng, action).map(|c| c.to_string()),
        idempotency_key: None,
        metadata: metadata(rng, action).map(|m| m.to_string()),
        occurred_at,
        created_at: occurred_at + rng.i64(0..400),
    }
}

fn user_target(rng: &mut fastrand::Rng) -> Value {
    let users: Vec<&Actor> = ACTORS.iter().filter(|a| a.kind == "user").collect();
    let user = users[rng.usize(..users.len())];
    match user.email {
        Some(email) => json!({ "type": "user", "id": user.id, "email": email }),
        None => json!({ "type": "user", "id": user.id }),
    }
}

fn targets(
    rng: &mut fastrand::Rng,
    action: &str,
    actor: &Actor,
    org: Option<usize>,
) -> Option<Value> {
    let org_target =
        |o: usize| json!({ "type": "organization", "id": ORGS[o].0, "name": ORGS[o].1 });
    let (resource, _) = action.split_once(['.', '-']).unwrap_or((action, ""));
    let self_service = matches!(
        resource,
        "session" | "email" | "password" | "two_factor" | "mfa"
    ) || matches!(
        action,
        "user.login" | "user.password_change" | "user.two_factor_enable"
    );
    let list = match resource {
        // Users acting on their own account target themselves.
        _ if self_service && actor.kind == "user" => {
            vec![json!({ "type": "user", "id": actor.id })]
        }
        _ if self_service || resource == "user" => vec![user_target(rng)],
        "organization" | "member" | "invitation" => {
            let org = org.unwrap_or_else(|| rng.usize(..ORGS.len()));
            let mut list = vec![org_target(org)];
            if resource != "organization" || action.contains("member") {
                list.push(user_target(rng));
            }
            list
        }
        "api_key" | "api" => vec![
            json!({ "type": "api_key", "id": format!("key_{:08x}", rng.u32(..)), "name": "Production key" }),
        ],
        "webhook" => vec![json!({
            "type": "webhook",
            "id": format!("wh_{:08x}", rng.u32(..)),
            "url": "https://hooks.example.com/banata",
        })],
        "sso_connection" => {
            vec![json!({ "type": "sso_connection", "id": format!("sso_{:08x}", rng.u32(..)) })]
        }
        "document" => {
            vec![json!({ "type": "document", "id": format!("doc_{:06x}", rng.u32(..0xff_ffff)) })]
        }
        _ => return None,
    };
    Some(Value::Array(list))
}

/// Before/after snapshots for actions that change something.
fn changes(rng: &mut fastrand::Rng, action: &str) -> Option<Value> {
    const ROLES: [&str; 3] = ["member", "admin", "owner"];
    let (before, after) = match action {
        "member.role_updated" => {
            let from = rng.usize(..ROLES.len());
            let to = (from + rng.usize(1..ROLES.len())) % ROLES.len();
            (json!({ "role": ROLES[from] }), json!({ "role": ROLES[to] }))
        }
        "user.updated" => (
            json!({ "name": "Jane Doe" }),
            json!({ "name": "Jane Smith" }),
        ),
        "user.banned" => (
            json!({ "banned": false }),
            json!({ "banned": true, "banReason": "Suspicious sign-in activity" }),
        ),
        "user.unbanned" => (json!({ "banned": true }), json!({ "banned": false })),
        "email.changed" => (
            json!({ "email": "old@example.com" }),
            json!({ "email": "new@example.com" }),
        ),
        "password.changed" | "user.password_change" => (
            json!({ "passwordAgeDays": rng.u32(30..400) }),
            json!({ "passwordAgeDays": 0 }),
        ),
        "organization.updated" => (json!({ "name": "Acme" }), json!({ "name": "Acme Corp" })),
        _ => return None,
    };
    Some(json!({ "before": before, "after": after }))
}

fn metadata(rng: &mut fastrand::Rng, action: &str) -> Option<Value> {
    Some(match action {
        "session.created" | "user.login" => {
            let method = ["password", "google", "passkey", "sso"][rng.usize(..4)];
            json!({ "method": method })
        }
        "user.created.bulk" => json!({ "count": rng.u32(5..200), "source": "csv-import" }),
        "document.exported" => json!({ "format": "pdf", "pages": rng.u32(1..40) }),
        "report.generated" => json!({ "report": "monthly-activity" }),
        _ => return None,
    })
}
