import { minutesAgo } from "./fixtures";

/** A few events in the documented shape, on one page, for the look and accessibility specs. */
export const EVENTS = [
  ["e1", "user.created", 2, "Ada Lovelace", "ada@acme.com", "org_acme"],
  ["e2", "password.changed", 25, "Bob Stone", "bob@acme.com", "org_acme"],
  ["e3", "organization.deleted", 3 * 60, "", "ops@globex.com", "org_globex"],
  ["e4", "member.invited", 26 * 60, "Grace Hopper", "grace@acme.com", "org_acme"],
  ["e5", "session.created", 2 * 24 * 60, "Linus", "linus@initech.com", "org_initech"],
  ["e6", "api-key.created", 4 * 24 * 60, "", "ci@acme.com", "org_acme"],
].map(([id, action, minutes, name, email, organizationId]) => ({
  id,
  action,
  occurredAt: minutesAgo(minutes as number).toISOString(),
  actor: { type: "user", id: `usr_${id}`, name: name || undefined, email },
  target: { type: "user", id: "usr_target", email: "target@acme.com" },
  context: { organizationId, ipAddress: "203.0.113.7", userAgent: "Firefox/140" },
  changes: { before: { role: "member" }, after: { role: "admin" } },
}));

export const PAGE = { data: EVENTS, listMetadata: { before: null, after: null } };
