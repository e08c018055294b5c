import { chromium } from "@playwright/test";
const ACTIONS = ["user.created", "member.invited", "password.changed", "api-key.created", "session.created", "organization.updated"];
const now = Date.now();
const rows = Array.from({ length: 100000 }, (_, i) => ({
  id: `evt_${String(i).padStart(8, "0")}`, projectId: "proj_1", action: ACTIONS[i % 6], version: 1, actorType: "user",
  actorId: `usr_${i % 9973}`, actorName: `User ${i % 9973}`, actorEmail: `user${i % 9973}@acme.com`,
  targets: JSON.stringify([{ type: "user", id: `usr_${(i * 7) % 10007}` }]), organizationId: `org_${i % 37}`,
  ipAddress: "203.0.113.42", userAgent: "Mozilla/5.0 (X11; Linux x86_64)", requestId: `req_${i}`,
  changes: JSON.stringify({ before: { role: "member" }, after: { role: "admin" } }), metadata: JSON.stringify({ source: "dashboard" }),
  occurredAt: now - 60000 - i * 10000, createdAt: now - 60000 - i * 10000 }));
const body = JSON.stringify({ data: rows, listMetadata: { before: null, after: null } });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium" });
const page = await browser.newPage();
await page.route("**/api/auth/banata/audit-logs/list", (r) => r.fulfill({ contentType: "application/json", body }));
const day = (t) => new Date(t).toISOString().slice(0, 10);
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
await cdp.send("Profiler.start");
const t0 = Date.now();
await page.goto(`http://127.0.0.1:8383/audit-logs?from=${day(now - 20 * 86400000)}&to=${day(now + 86400000)}`);
await page.getByText("100000 events in this date range.").waitFor({ timeout: 120000 });
console.log("loaded in", Date.now() - t0, "ms");
const { profile } = await cdp.send("Profiler.stop");
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map(), total = new Map();
const dt = profile.timeDeltas; let i = 0;
for (const s of profile.samples) {
  const ms = (dt[i++] ?? 0) / 1000; let id = s; const seen = new Set(); let first = true;
  while (id !== undefined) { const n = byId.get(id); const name = (n.callFrame.functionName || "(anon)").slice(0, 110);
    if (first) { self.set(name, (self.get(name) ?? 0) + ms); first = false; }
    if (!seen.has(name)) { total.set(name, (total.get(name) ?? 0) + ms); seen.add(name); } id = parent.get(id); }
}
const show = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`).join("\n");
console.log("SELF\n" + show(self)); console.log("TOTAL\n" + show(total));
await browser.close();
