// The DPO console: the audit log (newest first, searchable), chain verification, the DSR queue,
// consent statistics and the records of processing activities. It reads the JSON API with the
// DPO's token, held in this page's memory only; the server sends aggregates, never raw rows,
// for the statistics.

import { Api, ApiError, claimsOf, download, el, fill, say, takeTokenFromFragment } from "./common.js";

const status = document.getElementById("status");
let api;
const PAGE = 50;

function problemText(error) {
  if (error instanceof ApiError) {
    if (error.status === 401) return "The token is not valid (expired?). Sign in again.";
    if (error.status === 403) return "This token's role may not see this part.";
    return `The vault refused: ${error.message}`;
  }
  return "The vault cannot be reached.";
}

function guard(action) {
  return async (...args) => {
    try {
      await action(...args);
    } catch (error) {
      say(status, problemText(error), "error");
    }
  };
}

const utc = (iso) => (iso ? iso.replace("T", " ").replace(/\.\d+/, "").replace("Z", "") : "");

// ------------------------------------------------------------------------------ tabs
function showTab(name) {
  for (const link of document.querySelectorAll("nav.tabs a")) {
    if (link.dataset.tab === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  for (const panel of document.querySelectorAll("[data-panel]")) panel.hidden = panel.dataset.panel !== name;
  const loaders = { dsr: loadDsr, stats: loadStats, ropa: loadRopa };
  if (loaders[name]) guard(loaders[name])();
}

// ------------------------------------------------------------------------------ audit
let auditQuery = new URLSearchParams();
let auditBefore = null;

function auditRow(entry, extraClass) {
  return el(
    "tr",
    { class: extraClass, "data-seq": entry.seq },
    el("td", {}, entry.seq),
    el("td", {}, utc(entry.at)),
    el("td", {}, `${entry.actor.id} (${entry.actor.role})`),
    el("td", {}, entry.action),
    el("td", {}, entry.subject || ""),
    el("td", {}, entry.purpose || ""),
    el("td", {}, el("span", { class: `badge ${entry.decision}` }, entry.decision), entry.reason ? ` ${entry.reason}` : ""),
    el("td", {}, entry.fields_given.join(", ")),
  );
}

function auditParams(form) {
  const params = new URLSearchParams({ order: "newest", limit: String(PAGE) });
  for (const name of ["subject", "client", "purpose", "decision", "action"]) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  for (const name of ["from", "to"]) {
    const value = form.elements[name].value;
    if (value) params.set(name, `${value.length === 16 ? `${value}:00` : value}Z`);
  }
  return params;
}

async function loadAudit(more) {
  const params = new URLSearchParams(auditQuery);
  if (more && auditBefore !== null) params.set("before", String(auditBefore));
  const page = await api.get(`/v1/audit?${params}`);
  const body = document.querySelector("#audit-table tbody");
  const rows = page.entries.map((entry) => auditRow(entry));
  if (more) body.append(...rows);
  else fill(body, rows.length ? rows : el("tr", {}, el("td", { colspan: "8" }, "No entries match.")));
  auditBefore = page.next_before ?? null;
  document.getElementById("audit-older").hidden = auditBefore === null;
  // Which query the table now shows, so a reader (or a test) can tell a search's answer from
  // what was there before it.
  document.getElementById("audit-table").dataset.shows = auditQuery.toString();
  const shown = body.querySelectorAll("tr[data-seq]").length;
  say(status, `${shown} ${shown === 1 ? "entry" : "entries"} shown.`);
}

// ------------------------------------------------------------------------------ verify
async function verify() {
  const result = document.getElementById("verify-result");
  fill(result, el("p", {}, "Verifying…"));
  const answer = await api.get("/v1/audit/verify");
  if (answer.valid) {
    fill(result, el("p", { class: "status ok", id: "verify-ok" }, `The chain is intact: ${answer.entries} entries verified.`));
    return;
  }
  const broken = answer.first_broken;
  const around = await api.get(`/v1/audit?after=${Math.max(0, broken - 1)}&limit=1`);
  fill(
    result,
    el("p", { class: "status error", id: "verify-broken" }, `The chain is broken at entry #${broken}: it was changed, removed or inserted.`),
    around.entries.length
      ? el("div", { class: "table-wrap" }, el("table", {}, el("tbody", {}, auditRow(around.entries[0], "broken"))))
      : el("p", {}, "That entry is missing from the log."),
  );
}

// ------------------------------------------------------------------------------ DSR queue
async function dsrAction(request, action, reasonInput) {
  const reason = reasonInput.value.trim();
  let body = {};
  if (action === "extend" || action === "reject") {
    if (!reason) {
      say(status, `A reason is needed to ${action} a request.`, "error");
      reasonInput.focus();
      return;
    }
    body = { reason };
  } else if (action === "complete") {
    body = reason ? { reason } : {};
    if (request.type === "access" || request.type === "portability") {
      body.export = { delivered_at: new Date().toISOString(), format: "json" };
    }
  }
  await api.json("POST", `/v1/dsr/${request.id}/${action}`, body);
  say(status, `Request ${request.id}: ${action} recorded.`);
  await loadDsr();
}

function dsrRow(request) {
  const open = request.status === "received" || request.status === "verified";
  const reason = el("input", { "aria-label": `Reason for request ${request.id}`, placeholder: "reason", size: "14" });
  const button = (action, label) => el("button", { type: "button", class: "secondary", onClick: guard(() => dsrAction(request, action, reason)) }, label);
  return el(
    "tr",
    { class: request.overdue ? "overdue" : undefined, "data-dsr": request.id },
    el("td", {}, request.due_date, request.overdue ? el("span", { class: "badge denied" }, " overdue") : "", request.extended ? " (extended)" : ""),
    el("td", {}, request.type),
    el("td", {}, request.status),
    el("td", {}, utc(request.received_at)),
    el("td", {}, request.channel),
    el("td", {}, request.subject || ""),
    el("td", {}, open ? [reason, " ", request.status === "received" ? button("verify", "Verify") : "", " ",
      button("extend", "Extend"), " ", button("complete", "Complete"), " ", button("reject", "Reject")] : request.outcome_reason || ""),
  );
}

async function loadDsr() {
  const wanted = document.getElementById("dsr-status").value;
  const params = new URLSearchParams({ limit: "200" });
  if (wanted) params.set("status", wanted);
  const page = await api.get(`/v1/dsr?${params}`);
  document.getElementById("dsr-counts").textContent = `${page.counts.open} open, ${page.counts.overdue} overdue.`;
  fill(document.querySelector("#dsr-table tbody"),
    page.requests.length ? page.requests.map(dsrRow) : el("tr", {}, el("td", { colspan: "7" }, "No requests.")));
}

// ------------------------------------------------------------------------------ statistics
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  node.append(...children);
  return node;
}

/** The start of the bucket `ms` falls in (UTC; weeks start on Monday), as the server counts. */
function bucketStart(ms, bucket) {
  const d = new Date(ms);
  if (bucket === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (bucket === "week") return day - ((d.getUTCDay() + 6) % 7) * 86_400_000;
  return day;
}

function nextBucket(ms, bucket) {
  const d = new Date(ms);
  if (bucket === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return ms + (bucket === "week" ? 7 : 1) * 86_400_000;
}

/** Granted and withdrawn records per period (all sources) from `from` to `to`, every period
 *  drawn (the server sends only those with records), as paired bars. */
function chart(purpose, stats) {
  const periods = new Map();
  for (let at = bucketStart(Date.parse(stats.from), stats.bucket); at < Date.parse(stats.to); at = nextBucket(at, stats.bucket)) {
    periods.set(at, { granted: 0, withdrawn: 0 });
  }
  for (const series of purpose.series) {
    for (const point of series.points) {
      const at = Date.parse(point.period_start);
      const sum = periods.get(at) || { granted: 0, withdrawn: 0 };
      sum.granted += point.granted;
      sum.withdrawn += point.withdrawn;
      periods.set(at, sum);
    }
  }
  const keys = [...periods.keys()].sort((a, b) => a - b);
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  const width = 600;
  const height = 160;
  const max = Math.max(1, ...keys.flatMap((k) => [periods.get(k).granted, periods.get(k).withdrawn]));
  const slot = width / Math.max(1, keys.length);
  const bar = Math.max(1, slot / 2 - 1);
  const picture = svg("svg", { viewBox: `0 0 ${width} ${height + 20}`, class: "chart", role: "img",
    "aria-label": `Consent records for ${purpose.purpose} per ${stats.bucket}: granted and withdrawn` });
  keys.forEach((key, i) => {
    const { granted, withdrawn } = periods.get(key);
    const g = (granted / max) * height;
    const w = (withdrawn / max) * height;
    picture.append(
      svg("rect", { x: i * slot + 1, y: height - g, width: bar, height: g, fill: "#1b6b32" }, svg("title", {}, `${day(key)}: ${granted} granted`)),
      svg("rect", { x: i * slot + 1 + bar, y: height - w, width: bar, height: w, fill: "#a3111b" }, svg("title", {}, `${day(key)}: ${withdrawn} withdrawn`)),
    );
  });
  picture.append(svg("line", { x1: 0, y1: height, x2: width, y2: height, stroke: "#1d232a" }));
  if (keys.length) {
    picture.append(svg("text", { x: 0, y: height + 16, "font-size": 12, fill: "#1d232a" }, day(keys[0])));
    picture.append(svg("text", { x: width, y: height + 16, "font-size": 12, fill: "#1d232a", "text-anchor": "end" }, day(keys[keys.length - 1])));
  }
  return picture;
}

function statsTable(purpose) {
  const rows = purpose.series.map((series) => {
    const total = (k) => series.points.reduce((n, p) => n + p[k], 0);
    return el("tr", {}, el("td", {}, series.source), el("td", {}, total("granted")), el("td", {}, total("withdrawn")), el("td", {}, total("refused")));
  });
  return el("div", { class: "table-wrap" }, el("table", {},
    el("caption", { class: "visually-hidden" }, `Records for ${purpose.purpose} by source`),
    el("thead", {}, el("tr", {}, ["Source", "Granted", "Withdrawn", "Refused"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: "4" }, "No records in this period.")))));
}

async function loadStats() {
  const form = document.getElementById("stats-form");
  const stats = await api.get(`/v1/consent-statistics?bucket=${encodeURIComponent(form.elements.bucket.value)}`);
  const legend = el("p", { class: "legend" },
    el("span", {}, el("span", { class: "swatch granted" }), "granted"),
    el("span", {}, el("span", { class: "swatch withdrawn" }), "withdrawn"));
  const body = document.getElementById("stats-body");
  body.dataset.shows = `bucket=${stats.bucket}`;
  fill(body,
    el("p", {}, `From ${utc(stats.from)} to ${utc(stats.to)}, per ${stats.bucket}. Counts only; no customer is shown.`),
    legend,
    stats.purposes.map((p) => el("div", { "data-stats": p.purpose },
      el("h3", {}, p.purpose),
      el("p", {}, `Now: ${p.current.granted} granted, ${p.current.withdrawn} withdrawn, ${p.current.refused} refused.`),
      p.series.length ? chart(p, stats) : null,
      statsTable(p))));
}

// ------------------------------------------------------------------------------ ROPA
const list = (items) => (items && items.length ? items.join(", ") : "none");

async function loadRopa() {
  const ropa = await api.get("/v1/ropa");
  const recipient = (r) => `${r.name || r.client} (${r.kind || r.recipient || "recipient"}${r.country ? `, ${r.country}` : ""})`;
  const transfer = (t) => (typeof t === "string" ? t : `${t.name || t.client} → ${t.country}: ${t.safeguard}`);
  // The security measures are the vault's, the same for every activity: said once when so.
  const measures = ropa.activities.map((a) => JSON.stringify(a.security_measures));
  const shared = measures.length > 0 && measures.every((m) => m === measures[0]);
  const row = (term, value) => [el("dt", {}, term), el("dd", {}, value)];
  fill(document.getElementById("ropa-body"),
    ropa.controller ? el("p", {}, `Controller: ${ropa.controller.name}${ropa.controller.country ? ` (${ropa.controller.country})` : ""}. Generated ${utc(ropa.generated_at)} UTC from policies/.`) : null,
    shared ? [el("h3", {}, "Security measures (every activity)"), el("ul", {}, ropa.activities[0].security_measures.map((m) => el("li", {}, m)))] : null,
    ropa.activities.map((a) => el("article", { class: "activity", "data-purpose": a.purpose, "aria-labelledby": `ropa-${a.purpose}` },
      el("h3", { id: `ropa-${a.purpose}` }, a.purpose),
      el("p", {}, a.description),
      el("dl", {},
        row("Legal basis", `${a.legal_basis} (${a.article})`),
        row("Categories of data", list(a.categories_of_data)),
        row("Categories of data subjects", list(a.categories_of_subjects)),
        row("Recipients", list((a.recipients || []).map(recipient))),
        row("Retention", `${a.retention_days} days${a.retention_from_year_end ? " from the end of the year" : ""}`),
        row("Transfers outside the EEA", list((a.transfers || []).map(transfer))),
        shared ? null : row("Security measures", list(a.security_measures))))));
}

async function ropaCsv() {
  const response = await api.raw("GET", "/v1/ropa.csv", { accept: "text/csv" });
  download(await response.blob(), "records-of-processing.csv");
}

// ------------------------------------------------------------------------------ start
async function open(token) {
  const claims = claimsOf(token);
  if (!claims || !["dpo", "admin"].includes(claims.role)) {
    say(status, "This is not a dpo or admin token.", "error");
    return;
  }
  api = new Api(token);
  document.getElementById("who").textContent = `Signed in as ${claims.sub} (${claims.role})`;
  document.getElementById("signin").hidden = true;
  document.getElementById("console").hidden = false;
  for (const link of document.querySelectorAll("nav.tabs a")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      showTab(link.dataset.tab);
    });
  }
  const form = document.getElementById("audit-form");
  form.addEventListener("submit", guard(async (event) => {
    event.preventDefault();
    auditQuery = auditParams(form);
    await loadAudit(false);
  }));
  document.getElementById("audit-older").addEventListener("click", guard(() => loadAudit(true)));
  document.getElementById("verify-run").addEventListener("click", guard(verify));
  document.getElementById("dsr-status").addEventListener("change", guard(loadDsr));
  document.getElementById("stats-form").addEventListener("submit", guard(async (event) => {
    event.preventDefault();
    await loadStats();
  }));
  document.getElementById("ropa-csv").addEventListener("click", guard(ropaCsv));
  auditQuery = auditParams(form);
  await guard(loadAudit)(false);
}

function start() {
  const token = takeTokenFromFragment();
  if (token) return open(token);
  document.getElementById("signin").hidden = false;
  document.getElementById("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("signin-token");
    const value = input.value.trim();
    input.value = "";
    open(value);
  });
  return undefined;
}

start();
