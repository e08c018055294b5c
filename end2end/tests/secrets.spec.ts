import { test, expect, answerList, freezeClock, minutesAgo } from "./fixtures";
import type { Download, Page, Route } from "@playwright/test";
import { readFile } from "node:fs/promises";

// Secrets hidden everywhere an event can carry them, in both shapes. Every secret value
// contains MARK; none may reach the screen, an export file or the clipboard. What sits
// beside them (PLAN, the role change) must still show, so the test sees the data.
const MARK = "SEKRIT";
const PLAN = "plan-pro-visible";
const EXPORT = "**/api/auth/banata/audit-logs/export";

const flat = {
  id: "flat-1",
  action: "user.created",
  occurredAt: minutesAgo(5).getTime(),
  actorType: "user",
  actorId: "usr_ada",
  actorName: "Ada",
  actorMetadata: JSON.stringify({ sessionToken: `${MARK}-actor-token`, "API-Key": `${MARK}-actor-key` }),
  organizationId: "org_acme",
  userAgent: JSON.stringify({ browser: "Firefox", token: `${MARK}-in-a-text-field` }),
  // A logged URL in a column of its own, which the reader lifts as the docs' context field.
  requestId: `/signup?plan=pro&token=${MARK}-request-id`,
  changes: JSON.stringify({
    before: {
      role: "member",
      password: `${MARK}-old-password`,
      settings: { webhookSecret: `${MARK}-old-webhook` },
      webhook: { header: { name: "Authorization", value: `Bearer ${MARK}-old-header` } },
    },
    after: {
      role: "admin",
      password: `${MARK}-new-password`,
      settings: { webhookSecret: `${MARK}-new-webhook` },
      webhook: { header: { name: "Authorization", value: `Bearer ${MARK}-new-header` } },
      privateKey: `${MARK}-pk`,
      // Better Auth's names for an API key's plaintext and a TOTP set-up.
      key: `ba_live_${MARK}`,
      totpURI: `otpauth://totp/A:ada?secret=${MARK}`,
    },
  }),
  metadata: JSON.stringify({
    plan: PLAN,
    password: `${MARK}-password`,
    token: `${MARK}-token`,
    apiKey: `${MARK}-api-key`,
    secret: `${MARK}-secret`,
    authorization: `Bearer ${MARK}-authorization`,
    cookie: `sid=${MARK}-cookie`,
    nested: { deeper: { refresh_token: `${MARK}-refresh`, list: [{ client_secret: `${MARK}-client` }] } },
    headers: [
      { name: "Authorization", value: `Bearer ${MARK}-header` },
      { name: "Accept", value: "text/html" },
    ],
    body: JSON.stringify({ password: `${MARK}-encoded-twice`, plan: PLAN }),
    credentials: { user: "ada", pass: `${MARK}-credentials` },
    // Secrets that only their text gives away, under harmless keys.
    qr: `otpauth://totp/Acme:ada?secret=${MARK}-qr&issuer=Acme`,
    redirect: `https://app.example/reset?user=ada&token=${MARK}-link#step`,
    note: `retried with Authorization: Bearer ${MARK}-note, then gave up`,
    prose: `reset password: ${MARK}-prose, mailed to ada`,
    logged: `sent authorization=Basic ${MARK}-form-basic`,
    // This dashboard's own session cookie in a logged header, and JSON inside a log line.
    request: `Cookie: theme=dark; banata_session=${MARK}-session`,
    failure: `sign-in failed body={"email":"a@x","password":"${MARK}-body"}`,
    // Better Auth's reset link, a JWT in prose, a change named by its column.
    resetUrl: `https://app.example/api/auth/reset-password/${MARK}resetTOKEN1?callbackURL=%2F`,
    logLine: `verified eyJhbGciOiJIUzI1NiJ9.eyJ${MARK}.c2lnbmF0dXJl then stopped`,
    columnChange: { column: "password", old: `${MARK}-old-column`, new: `${MARK}-new-column` },
    dsn: `postgres://app:${MARK}-db-password@db.internal:5432/app`,
    // Keys and codes named by what they are for.
    otpCode: `${MARK}-otp`,
    emailVerificationCode: `${MARK}-verification`,
    signingKey: `${MARK}-signing-key`,
    recovery_codes: [`${MARK}-recovery`],
    pem: `-----BEGIN PRIVATE KEY-----\n${MARK}-pem\n-----END PRIVATE KEY-----`,
    // A list of changes that names each field beside its values.
    fieldChanges: [{ field: "password", from: `${MARK}-from`, to: `${MARK}-to` }],
    // Headers as a spread `Headers` lists them, a Better Auth verification row, a settings
    // dump's spaced `=`, and a redirect inside a redirect (encoded twice).
    requestHeaders: [["authorization", `Token ${MARK}-entry`], ["accept", "*/*"]],
    verification: { identifier: `reset-password:${MARK}-identifier`, value: "usr_ada", expiresAt: 1 },
    settingsDump: `Authorization = Token abc ${MARK}-spaced`,
    nextUrl: `/a?r=%252Fb%253Ftoken%253D${MARK}-twice`,
    // Backup codes as a list and in prose, and a webhook address that is its own credential.
    codes: [`${MARK}-code-a`, `${MARK}-code-b`],
    backupNote: `new backup codes: ${MARK}-first ${MARK}-second`,
    slackWebhook: `https://hooks.slack.com/services/T000/B000/${MARK}slack`,
  }),
};

const docs = {
  id: "docs-1",
  action: "api-key.created",
  occurredAt: minutesAgo(10).toISOString(),
  actor: { type: "admin", id: "usr_bob", name: "Bob", metadata: { oauth: { accessToken: `${MARK}-oauth` }, plan: PLAN } },
  target: { type: "api_key", id: "key_1" },
  context: { organizationId: "org_acme", userAgent: `curl/8.5 Authorization: Bearer ${MARK}-user-agent`, cookie: `${MARK}-context-cookie`, "Set-Cookie": `${MARK}-set-cookie`, region: "eu", referrer: `https://app.example/cb#access_token=${MARK}-fragment` },
  changes: { before: null, after: { name: "ci", key: { secret: `${MARK}-new-key` }, backupCodes: [`${MARK}-code-1`] } },
  // Flags and absences under secret names say nothing secret, and show.
  metadata: { request: { headers: { Authorization: `Basic ${MARK}-basic`, "X-Api-Key": `${MARK}-x-api-key` } }, plan: PLAN, apiKeyRevoked: true, refreshToken: null },
};

// A change record that names its field beside its sides, as many audit logs keep one, and a
// Rails log line's hash arrows; not an important action, so not a notification.
const record = {
  id: "record-1",
  action: "user.updated",
  occurredAt: minutesAgo(15).getTime(),
  actorId: "usr_ada",
  changes: JSON.stringify({ field: "password", before: `${MARK}-record-old`, after: `${MARK}-record-new` }),
  metadata: JSON.stringify({ plan: PLAN, log: `Parameters: {"user"=>{"password"=>"${MARK}-arrow"}}` }),
};

/** Everything a person or a screen reader could get at: the markup and every field's value. */
async function everythingOnScreen(page: Page) {
  return page.evaluate(() =>
    [
      document.documentElement.outerHTML,
      ...[...document.querySelectorAll("input, textarea, select")].map((field) => (field as HTMLInputElement).value),
      document.title,
      location.href,
    ].join("\n"),
  );
}

async function text(download: Download) {
  return readFile((await download.path())!, "utf8");
}

test.beforeEach(async ({ page }) => {
  await freezeClock(page);
  await answerList(page, { data: [flat, docs, record], listMetadata: { before: null, after: null } });
});

test("no secret reaches the notifications list", async ({ page }) => {
  await page.goto("/notifications");
  await expect(page.locator("ul.notifications > li")).toHaveCount(2);
  expect(await everythingOnScreen(page)).not.toContain(MARK);
});

for (const event of [flat, docs, record]) {
  test(`no secret reaches the detail dialog (${event.id})`, async ({ page }) => {
    await page.goto("/audit-logs");
    await page.locator(`tr[data-event="${event.id}"]`).click();
    const dialog = page.getByRole("dialog", { name: "Event details" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(PLAN);
    await expect(dialog).toContainText("[redacted]");
    const screen = await everythingOnScreen(page);
    expect(screen.match(new RegExp(`${MARK}[\\w-]*`, "g")) ?? []).toEqual([]);
  });
}

test("a failure whose message echoes a credential shows the message without it", async ({ page }) => {
  await page.route("**/api/auth/banata/audit-logs/list", (route) =>
    route.fulfill({ status: 400, json: { message: `Invalid header at /x?token=${MARK}-link, or Authorization: Token ${MARK}-scheme` } }),
  );
  for (const path of ["/notifications", "/audit-logs"]) {
    await page.goto(path);
    // A header's value is hidden to the end of its line, whatever its scheme.
    await expect(page.getByRole("alert")).toContainText("Invalid header at /x?token=[redacted], or Authorization: [redacted]");
    expect(await everythingOnScreen(page)).not.toContain(MARK);
  }
});

test("the diff shows that secrets changed, never their values", async ({ page }) => {
  await page.goto("/audit-logs?event=flat-1");
  const diff = page.getByRole("dialog", { name: "Event details" }).locator("table.diff");
  await expect(diff.getByRole("row", { name: /^role/ })).toContainText("memberadmin");
  for (const field of ["password", "settings.webhookSecret", "webhook.header.value", "privateKey"]) {
    await expect(diff.getByRole("row", { name: new RegExp(`^${field}`) })).toContainText("[redacted]");
  }
});

test("Copy as JSON of the nested shape carries no secret", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/audit-logs?event=docs-1");
  const dialog = page.getByRole("dialog", { name: "Event details" });
  await dialog.getByRole("button", { name: "Copy as JSON" }).click();
  await expect(dialog.getByText("Copied.")).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).not.toContain(MARK);
  const event = JSON.parse(copied);
  expect(event.context).toMatchObject({ cookie: "[redacted]", "Set-Cookie": "[redacted]", region: "eu" });
  expect(event.actor.metadata).toEqual({ oauth: { accessToken: "[redacted]" }, plan: PLAN });
  expect(event.metadata).toMatchObject({ apiKeyRevoked: true, refreshToken: null });
});

for (const format of ["JSON", "CSV"]) {
  test(`no secret reaches a ${format} export`, async ({ page }) => {
    await page.route(EXPORT, (route: Route) => route.fulfill({ json: { data: [flat, docs, record], count: 3, nextCursor: null } }));
    await page.goto("/audit-logs");
    const saved = page.waitForEvent("download");
    await page.getByRole("button", { name: `Export ${format}` }).click();
    const file = await text(await saved);
    expect(file).toContain("flat-1");
    expect(file).toContain("docs-1");
    expect(file).toContain("record-1");
    expect(file).toContain(PLAN);
    expect(file.match(new RegExp(`${MARK}[\\w-]*`, "g")) ?? []).toEqual([]);
  });
}
