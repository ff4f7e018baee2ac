// The privacy centre and the DPO console in a real browser (Debian's headless Chromium, driven
// by playwright-core), against a real custodia server on the engine BROWSER_ENGINE names.
//
// Every test fails if the page requested anything from another origin, logged a script error
// or a Content-Security-Policy violation, and saves a screenshot to $BROWSER_ARTIFACTS
// (default target/browser-artifacts).

import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { createCustomer, ENGINE, startVault } from "./harness.mjs";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ARTIFACTS = process.env.BROWSER_ARTIFACTS || path.join(REPO, "target/browser-artifacts");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

let vault;
let browser;
let crm;
let mailer;
let dpo;
let customers = 0;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  vault = await startVault();
  crm = vault.token("client", "crm");
  mailer = vault.token("client", "mailer");
  dpo = vault.token("dpo", "dpo");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // The machine's network is closed: no background connections, no component updates.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  await vault?.stop();
});

/** A fresh browser page that records what it asked for and what went wrong on it. */
async function openPage(name, { width = 1100 } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width, height: 900 } });
  const page = await context.newPage();
  const outside = [];
  const problems = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== vault.base) outside.push(request.url());
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && /Content.Security.Policy|Refused to/i.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  return {
    page,
    async finish() {
      await page.screenshot({ path: path.join(ARTIFACTS, `${ENGINE}-${name}.png`), fullPage: true });
      await context.close();
      assert.deepEqual(outside, [], "the page requested something outside the server");
      assert.deepEqual(problems, [], "the page logged errors");
    },
  };
}

async function newCustomer(options) {
  customers += 1;
  const id = await createCustomer(vault, crm, customers, options);
  return { id, token: vault.token("subject", id), email: `shopper${customers}.browser@example.com` };
}

async function openPrivacyCentre(name, customer, options) {
  const opened = await openPage(name, options);
  await opened.page.goto(`${vault.base}/privacy#token=${customer.token}`);
  await opened.page.locator("#purposes").waitFor();
  return opened;
}

test("a customer withdraws a consent in the privacy centre and the next read for it is denied", async () => {
  const customer = await newCustomer({ language: "de-DE" });
  const before = await vault.call("GET", `/v1/subjects/${customer.id}`, mailer, { headers: { "X-Purpose": "email_marketing" } });
  assert.equal(before.status, 200);

  // At 320 px wide, in German (the customer's language), without a horizontal scroll bar.
  const { page, finish } = await openPrivacyCentre("withdraw-consent", customer, { width: 320 });
  assert.equal(await page.locator("h1").textContent(), "Ihr Datenschutz-Center");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "de");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), "no horizontal scrolling at 320 px");
  assert.equal(page.url(), `${vault.base}/privacy`, "the token is taken off the address");

  const toggle = page.locator("#consent-email_marketing");
  assert.equal(await toggle.getAttribute("aria-checked"), "true");
  await toggle.focus();
  await page.keyboard.press("Enter");
  await page.locator('#consent-email_marketing[aria-checked="false"]').waitFor();

  const after = await vault.call("GET", `/v1/subjects/${customer.id}`, mailer, { headers: { "X-Purpose": "email_marketing" } });
  assert.equal(after.status, 403);
  assert.equal(after.body.reason, "consent_withdrawn");
  await finish();
});

test("a customer downloads the export and it holds their email", async () => {
  const customer = await newCustomer({ language: "pl-PL" });
  const { page, finish } = await openPrivacyCentre("export", customer);
  assert.equal(await page.locator("h1").textContent(), "Twoje centrum prywatności");
  assert.match(await page.locator("#data").textContent(), new RegExp(customer.email.replace(/\./g, "\\.")));

  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-json").click()]);
  const file = readFileSync(await download.path(), "utf8");
  const exported = JSON.parse(file);
  assert.equal(exported.subject, customer.id);
  assert.equal(exported.personal_data.email, customer.email);

  const [tables] = await Promise.all([page.waitForEvent("download"), page.locator("#export-csv").click()]);
  assert.match(readFileSync(await tables.path(), "utf8"), new RegExp(customer.email.replace(/\./g, "\\.")));
  await finish();
});

test("a customer sees who read their data, for what purpose", async () => {
  const customer = await newCustomer();
  assert.equal((await vault.call("GET", `/v1/subjects/${customer.id}`, crm, { headers: { "X-Purpose": "order_fulfilment" } })).status, 200);
  const { page, finish } = await openPrivacyCentre("who-read", customer);
  const readers = await page.locator("#readers").textContent();
  assert.match(readers, /Processing, shipping and delivering your orders/);
  await finish();
});

test("a customer erases themself after confirming and sees the receipt", async () => {
  const customer = await newCustomer();
  const { page, finish } = await openPrivacyCentre("erase", customer);
  await page.locator("#erase-start").click();
  assert.equal(await page.locator("#erase-confirm").isVisible(), true);
  await page.locator("#erase-yes").click();
  await page.locator("#receipt").waitFor();
  const receipt = await page.locator("#receipt").textContent();
  assert.match(receipt, /"data_key_destroyed": true/);
  assert.match(receipt, /receipt_hash/);
  assert.equal(receipt.includes(customer.email), false, "the receipt holds no personal data");

  const read = await vault.call("GET", `/v1/subjects/${customer.id}`, crm, { headers: { "X-Purpose": "order_fulfilment" } });
  assert.equal(read.status, 410);
  await finish();
});

test("a customer with an invoice to keep is told what erasure keeps, and for how long", async () => {
  const customer = await newCustomer();
  const purchase = await vault.call("POST", "/v1/events", crm, {
    body: { events: [{ id: `order-${customer.id}`, subject: { id: customer.id }, type: "purchase", channel: "web",
      occurred_at: new Date().toISOString(), properties: { order_id: "O-1", amount: "49.90", currency: "EUR", category: "shoes" } }] },
  });
  assert.equal(purchase.status, 200, JSON.stringify(purchase.body));
  const { page, finish } = await openPrivacyCentre("erase-blocked", customer);
  await page.locator("#erase-start").click();
  await page.locator("#erase-yes").click();
  await page.locator("#receipt-blocked").waitFor();
  assert.match(await page.locator("#receipt-blocked").textContent(), /Bookkeeping and tax records/);
  await finish();
});

test("a DPO finds a given read in the console", async () => {
  const customer = await newCustomer();
  assert.equal((await vault.call("GET", `/v1/subjects/${customer.id}`, crm, { headers: { "X-Purpose": "order_fulfilment" } })).status, 200);
  const entries = await vault.call("GET", `/v1/audit?subject=${customer.id}&action=subject.read`, dpo);
  assert.equal(entries.status, 200);
  const seq = entries.body.entries.at(-1).seq;

  const { page, finish } = await openPage("console-audit");
  await page.goto(`${vault.base}/console#token=${dpo}`);
  // It opens on the most recent entries.
  await page.locator("#audit-table tbody tr[data-seq]").first().waitFor();
  await page.locator('input[name="subject"]').fill(customer.id);
  await page.locator('select[name="decision"]').selectOption("allowed");
  await page.locator('input[name="action"]').fill("subject.read");
  await page.locator("#audit-search").click();
  // The console opened on the newest entries, which hold this read too: wait for the search's answer.
  await page.locator(`#audit-table[data-shows*="subject=${customer.id}"][data-shows*="decision=allowed"]`).waitFor();
  const row = page.locator(`#audit-table tr[data-seq="${seq}"]`);
  await row.waitFor();
  const text = await row.textContent();
  assert.match(text, /crm \(client\)/);
  assert.match(text, /order_fulfilment/);
  assert.equal(await page.locator("#audit-table tbody tr[data-seq]").count(), 1);
  await finish();
});

test("a tampered audit row shows as broken in the console", async () => {
  const customer = await newCustomer();
  await vault.call("GET", `/v1/subjects/${customer.id}`, crm, { headers: { "X-Purpose": "order_fulfilment" } });
  const entries = await vault.call("GET", `/v1/audit?subject=${customer.id}&action=subject.read`, dpo);
  const seq = entries.body.entries.at(-1).seq;
  vault.tamperAuditRow(seq);

  const { page, finish } = await openPage("console-verify");
  await page.goto(`${vault.base}/console`);
  // The token pasted instead of passed in the address.
  await page.locator("#signin-token").fill(dpo);
  await page.locator("#signin-form button").click();
  await page.locator('nav.tabs a[data-tab="verify"]').click();
  await page.locator("#verify-run").click();
  await page.locator("#verify-broken").waitFor();
  assert.match(await page.locator("#verify-broken").textContent(), new RegExp(`#${seq}\\b`));
  await page.locator(`#verify-result tr.broken[data-seq="${seq}"]`).waitFor();
  await finish();
});

test("the records of processing list every purpose of the policy", async () => {
  const toml = readFileSync(path.join(REPO, "policies/purposes.toml"), "utf8");
  const purposes = [...toml.matchAll(/^\[\[purpose\]\]\s*\nid\s*=\s*"([^"]+)"/gm)].map((m) => m[1]);
  assert.ok(purposes.length >= 5, "the policy's purposes were read");

  const { page, finish } = await openPage("console-ropa");
  await page.goto(`${vault.base}/console#token=${dpo}`);
  await page.locator('nav.tabs a[data-tab="ropa"]').click();
  await page.locator("#ropa-body article[data-purpose]").first().waitFor();
  const shown = await page.locator("#ropa-body article[data-purpose]").evaluateAll((rows) => rows.map((r) => r.dataset.purpose));
  assert.deepEqual(shown, purposes);
  for (const row of await page.locator("#ropa-body article[data-purpose]").all()) {
    assert.match(await row.textContent(), /Art\. 6\(1\)\([a-f]\)/);
  }
  await finish();
});

test("the consent statistics chart draws from server-side counts", async () => {
  const granted = await newCustomer();
  const withdrawn = await newCustomer();
  const withdrawal = await vault.call("PUT", `/v1/subjects/${withdrawn.id}/consents/email_marketing`, mailer, {
    body: { status: "withdrawn", source: "email", collected_at: new Date().toISOString(), policy_version: "2026-01" },
  });
  assert.equal(withdrawal.status, 201, JSON.stringify(withdrawal.body));
  assert.ok(granted.id);
  const stats = await vault.call("GET", "/v1/consent-statistics?bucket=day", dpo);
  assert.equal(stats.status, 200);
  const email = stats.body.purposes.find((p) => p.purpose === "email_marketing");
  assert.ok(email.current.granted >= 1 && email.current.withdrawn >= 1);

  const { page, finish } = await openPage("console-stats");
  await page.goto(`${vault.base}/console#token=${dpo}`);
  await page.locator('nav.tabs a[data-tab="stats"]').click();
  await page.locator('#stats-form select[name="bucket"]').selectOption("day");
  await page.locator("#stats-form button").click();
  // The tab first drew the default bucket: wait for the daily answer.
  const shown = page.locator('#stats-body[data-shows="bucket=day"] [data-stats="email_marketing"]');
  await shown.waitFor();
  assert.match(await shown.textContent(),
    new RegExp(`Now: ${email.current.granted} granted, ${email.current.withdrawn} withdrawn`));
  // A bar per day of the default 90-day window, granted and withdrawn each.
  assert.ok(await shown.locator("svg rect").count() >= 2 * 90, "every day of the window is drawn");
  assert.ok(await shown.locator('svg rect[fill="#a3111b"]:not([height="0"])').count() >= 1, "a withdrawal bar");
  await finish();
});

test("the DSR queue shows overdue requests first, highlighted", async () => {
  const customer = await newCustomer();
  const subject = { id: customer.id };
  const old = new Date(Date.now() - 40 * 24 * 3600 * 1000).toISOString();
  const late = await vault.call("POST", "/v1/dsr", dpo, { body: { type: "access", subject, channel: "email", received_at: old } });
  assert.equal(late.status, 201, JSON.stringify(late.body));
  const fresh = await vault.call("POST", "/v1/dsr", dpo, { body: { type: "erasure", subject, channel: "web" } });
  assert.equal(fresh.status, 201, JSON.stringify(fresh.body));

  const { page, finish } = await openPage("console-dsr");
  await page.goto(`${vault.base}/console#token=${dpo}`);
  await page.locator('nav.tabs a[data-tab="dsr"]').click();
  await page.locator(`#dsr-table tr[data-dsr="${late.body.id}"]`).waitFor();
  assert.equal(await page.locator("#dsr-table tbody tr").first().getAttribute("data-dsr"), late.body.id);
  assert.match(await page.locator(`tr[data-dsr="${late.body.id}"]`).getAttribute("class"), /overdue/);
  // Working the queue: the fresh one is verified from the console.
  await page.locator(`tr[data-dsr="${fresh.body.id}"] button`, { hasText: "Verify" }).click();
  await page.waitForFunction((id) => document.querySelector(`tr[data-dsr="${id}"]`)?.textContent.includes("verified"), fresh.body.id);
  await finish();
});

test("the pages are served with a strict Content-Security-Policy and no framing", async () => {
  for (const route of ["/privacy", "/console", "/assets/privacy.js", "/assets/i18n/de.json"]) {
    const response = await fetch(`${vault.base}${route}`);
    assert.equal(response.status, 200, route);
    const csp = response.headers.get("content-security-policy");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.equal(response.headers.get("x-frame-options"), "DENY");
  }
  assert.equal((await fetch(`${vault.base}/assets/nothing.js`)).status, 404);
});
