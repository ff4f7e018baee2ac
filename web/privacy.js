// The privacy centre: a customer sees everything held on them and exercises their rights.
// Everything shown is read live from the vault's API with the customer's own `subject` token;
// every change is an API call that the vault records and audits like any other.

import {
  Api, ApiError, claimsOf, download, el, fill, loadTranslations, say, takeTokenFromFragment,
  translator,
} from "./common.js";

const status = document.getElementById("status");
const content = document.getElementById("content");
let api;
let t = translator({});

const PERSONAL_FIELDS = ["first_name", "last_name", "email", "phone", "birth_date", "language"];
const ADDRESS_FIELDS = ["line1", "line2", "postal_code", "city", "country"];
const CHANNELS = ["email", "sms", "push", "phone", "post"];

/** What every change tells the vault about where it came from. */
const FROM_HERE = { source: "web", evidence: { form_id: "privacy-centre" } };

function problemText(error) {
  if (error instanceof ApiError) {
    if (error.status === 401) return t("error.session");
    return t("error.api", { detail: error.message });
  }
  return t("error.network");
}

function when(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(document.documentElement.lang, { dateStyle: "medium", timeStyle: "short" });
}

function section(id, title, ...children) {
  return el("section", { id, "aria-labelledby": `${id}-title` }, el("h2", { id: `${id}-title` }, title), ...children);
}

// ------------------------------------------------------------------------------ your data
function personalDataSection(data) {
  const rows = [];
  for (const field of PERSONAL_FIELDS) {
    if (data[field] !== undefined) rows.push(el("dt", {}, t(`field.${field}`)), el("dd", {}, data[field]));
  }
  if (data.address) {
    const lines = ADDRESS_FIELDS.map((f) => data.address[f]).filter(Boolean);
    rows.push(el("dt", {}, t("field.address")), el("dd", {}, lines.join(", ")));
  }
  for (const id of data.identifiers || []) {
    rows.push(el("dt", {}, t(`identifier.${id.type}`, {}, id.type)), el("dd", {}, id.value));
  }
  return section(
    "data",
    t("section.data"),
    rows.length ? el("dl", {}, rows) : el("p", {}, t("data.none")),
    el("p", { class: "note" }, t("data.correct")),
  );
}

// ------------------------------------------------------------------------------ purposes
function basisText(purpose) {
  return t("basis.line", { basis: t(`basis.${purpose.legal_basis}`), article: purpose.article });
}

function switchButton(id, on, labelOn, labelOff, describedBy, onToggle) {
  const button = el(
    "button",
    {
      type: "button", role: "switch", class: "switch", id, "aria-checked": on ? "true" : "false",
      "aria-describedby": describedBy,
    },
    on ? labelOn : labelOff,
  );
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await onToggle(!on);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

function purposeRow(purpose, consents) {
  const descId = `purpose-${purpose.id}-desc`;
  const what = el(
    "div",
    { class: "what" },
    el("strong", { id: descId }, t(`purpose.${purpose.id}`, {}, purpose.description)),
    el("p", { class: "basis" }, basisText(purpose)),
  );
  let control = el("p", { class: "note" }, t(`say_no.${purpose.say_no}`));
  if (purpose.say_no === "withdraw_consent") {
    const current = consents.current.find((c) => c.purpose === purpose.id);
    const granted = Boolean(current && current.state === "granted");
    const needs = (purpose.consent?.required_evidence || []).filter((k) => k !== "form_id");
    control = switchButton(
      `consent-${purpose.id}`, granted, t("consent.on"), t("consent.off"), descId,
      (grant) => recordConsent(purpose, grant),
    );
    if (!granted && needs.length) {
      control.disabled = true;
      what.append(el("p", { class: "note" }, t("consent.needs_confirmation")));
    }
    if (purpose.consent?.notice_url) {
      what.append(el("p", { class: "note" }, el("a", { href: purpose.consent.notice_url, rel: "noopener" }, t("consent.notice"))));
    }
  } else if (purpose.say_no === "object" || purpose.say_no === "object_subject_to_assessment") {
    const objected = consents.objections_in_force.includes(`purpose:${purpose.id}`);
    control = switchButton(
      `objection-${purpose.id}`, !objected, t("objection.allowed"), t("objection.objected"), descId,
      (allow) => recordObjection([`purpose:${purpose.id}`], !allow),
    );
    if (purpose.say_no === "object_subject_to_assessment") {
      what.append(el("p", { class: "note" }, t("objection.assessment")));
    }
  }
  return el("div", { class: "purpose", "data-purpose": purpose.id }, what, control);
}

function purposesSection(purposes, consents) {
  const directMarketing = consents.objections_in_force.includes("direct_marketing");
  const dm = el(
    "div",
    { class: "purpose", "data-purpose": "direct_marketing" },
    el("div", { class: "what" }, el("strong", { id: "dm-desc" }, t("objection.direct_marketing")),
      el("p", { class: "basis" }, t("objection.direct_marketing_note"))),
    switchButton("objection-direct_marketing", !directMarketing, t("objection.allowed"), t("objection.objected"),
      "dm-desc", (allow) => recordObjection(["direct_marketing"], !allow)),
  );
  return section(
    "purposes",
    t("section.purposes"),
    purposes.map((p) => purposeRow(p, consents)),
    dm,
  );
}

async function recordConsent(purpose, grant) {
  try {
    await api.json("PUT", `/v1/me/consents/${encodeURIComponent(purpose.id)}`, {
      status: grant ? "granted" : "withdrawn",
      collected_at: new Date().toISOString(),
      policy_version: purpose.consent?.notice_version || "unknown",
      ...FROM_HERE,
    });
    say(status, t(grant ? "consent.granted" : "consent.withdrawn", { purpose: t(`purpose.${purpose.id}`, {}, purpose.description) }));
    await refreshPurposes();
  } catch (error) {
    say(status, problemText(error), "error");
  }
}

async function recordObjection(scopes, object) {
  try {
    if (object) {
      const purposes = scopes.filter((s) => s.startsWith("purpose:")).map((s) => s.slice(8));
      await api.json("POST", "/v1/me/objections", {
        ...(purposes.length ? { purposes } : {}),
        ...(scopes.includes("direct_marketing") ? { direct_marketing: true } : {}),
        source: "web",
      });
    } else {
      await api.json("POST", "/v1/me/objections/withdrawals", {
        scopes, collected_at: new Date().toISOString(), ...FROM_HERE,
      });
    }
    say(status, t(object ? "objection.recorded" : "objection.lifted"));
    await refreshPurposes();
  } catch (error) {
    say(status, problemText(error), "error");
  }
}

let purposeCatalogue = [];
async function refreshPurposes() {
  const consents = await api.get("/v1/me/consents");
  document.getElementById("purposes").replaceWith(purposesSection(purposeCatalogue, consents));
}

// ------------------------------------------------------------------------------ contact
function contactSection(preferences) {
  const rows = CHANNELS.filter((c) => preferences.channels[c]).map((channel) => {
    const pref = preferences.channels[channel];
    const box = el("input", { type: "checkbox", id: `channel-${channel}`, checked: pref.opted_in });
    box.addEventListener("change", async () => {
      box.disabled = true;
      try {
        await api.json("PUT", "/v1/me/preferences", { channels: { [channel]: { opted_in: box.checked } } });
        say(status, t("contact.saved"));
      } catch (error) {
        box.checked = !box.checked;
        say(status, problemText(error), "error");
      } finally {
        box.disabled = false;
      }
    });
    return el("li", {}, el("label", { class: "inline", for: `channel-${channel}` }, box, t(`channel.${channel}`)),
      el("span", { class: "note" }, t("contact.cap", { n: pref.max_per_week })));
  });
  return section("contact", t("section.contact"), el("p", {}, t("contact.intro")), el("ul", { class: "plain" }, rows));
}

// ------------------------------------------------------------------------------ activity
function activitySection(doc) {
  const sources = doc.processing.sources.map((c) => t(`channel.${c}`, {}, c));
  const recent = doc.events.slice(-20).reverse();
  return section(
    "activity",
    t("section.activity"),
    el("p", {}, sources.length ? t("activity.channels", { channels: sources.join(", ") }) : t("activity.no_channels")),
    recent.length
      ? el("ul", { class: "plain" }, recent.map((e) => el("li", {},
        t("activity.event", { when: when(e.occurred_at), what: t(`event.${e.type}`, {}, e.type), channel: t(`channel.${e.channel}`, {}, e.channel) }))))
      : el("p", {}, t("activity.none")),
  );
}

// ------------------------------------------------------------------------------ who read
/** A field as the audit log names it (`address.city`, `email(mask)`, an event type) in words. */
function fieldName(name) {
  const base = name.split(/[.(]/)[0];
  return t(`field.${base}`, {}, t(`event.${name}`, {}, name));
}

function readersSection(doc) {
  const names = new Map(doc.processing.recipients.map((r) => [r.client, r.name || r.client]));
  const reads = doc.processing.disclosures.slice(-50).reverse();
  const items = reads.map((d) => el("li", {},
    t("readers.read", {
      when: when(d.at),
      who: names.get(d.client) || d.client,
      purpose: d.purpose ? t(`purpose.${d.purpose}`, {}, d.purpose) : t("readers.no_purpose"),
      fields: [...new Set(d.fields.map(fieldName))].join(", "),
    })));
  return section("readers", t("section.readers"),
    items.length ? el("ul", { class: "plain" }, items) : el("p", {}, t("readers.none")));
}

// ------------------------------------------------------------------------------ export, erase
function exportSection() {
  const get = async (accept, name) => {
    try {
      const response = await api.raw("GET", "/v1/me/export", { accept });
      download(await response.blob(), name);
      say(status, t("export.ready"));
    } catch (error) {
      say(status, problemText(error), "error");
    }
  };
  return section("export", t("section.export"), el("p", {}, t("export.intro")),
    el("button", { type: "button", id: "export-json", onClick: () => get("application/json", "my-data.json") }, t("export.json")), " ",
    el("button", { type: "button", id: "export-csv", class: "secondary", onClick: () => get("text/csv", "my-data-csv.txt") }, t("export.csv")));
}

function receiptView(receipt) {
  const rows = [
    ["receipt.erased_at", when(receipt.erased_at)],
    ["receipt.key_destroyed", receipt.data_key_destroyed ? t("yes") : t("no")],
    ["receipt.hash", receipt.receipt_hash],
  ].filter(([, v]) => v !== undefined);
  const blocked = receipt.blocked
    ? el("p", { id: "receipt-blocked" }, t("receipt.blocked", {
      purposes: receipt.blocked.purposes.map((p) => t(`purpose.${p}`, {}, p)).join(", "),
      until: when(receipt.blocked.until),
    }))
    : null;
  return section("receipt", t("section.receipt"),
    el("p", {}, t("receipt.intro")),
    blocked,
    el("dl", {}, rows.map(([k, v]) => [el("dt", {}, t(k)), el("dd", {}, v)])),
    el("pre", { tabindex: "0", "aria-label": t("receipt.full") }, JSON.stringify(receipt, null, 2)));
}

function eraseSection() {
  const confirm = el("div", { class: "confirm", id: "erase-confirm", hidden: true, role: "group", "aria-labelledby": "erase-warning" },
    el("p", { id: "erase-warning" }, t("erase.warning")),
    el("button", { type: "button", class: "danger", id: "erase-yes", onClick: erase }, t("erase.confirm")), " ",
    el("button", { type: "button", class: "secondary", id: "erase-no", onClick: () => { confirm.hidden = true; start.focus(); } }, t("erase.cancel")));
  const start = el("button", { type: "button", class: "danger", id: "erase-start", onClick: () => {
    confirm.hidden = false;
    document.getElementById("erase-no").focus();
  } }, t("erase.start"));
  return section("erase", t("section.erase"), el("p", {}, t("erase.intro")), start, confirm);
}

async function erase() {
  try {
    const receipt = await api.json("DELETE", "/v1/me");
    fill(content, receiptView(receipt));
    say(status, t("erase.done"));
    const heading = document.getElementById("receipt-title");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  } catch (error) {
    say(status, problemText(error), "error");
  }
}

// ------------------------------------------------------------------------------ start
async function open(token) {
  api = new Api(token);
  const claims = claimsOf(token);
  if (!claims || claims.role !== "subject") {
    say(status, t("error.not_subject"), "error");
    return;
  }
  document.getElementById("signin").hidden = true;
  try {
    const [doc, consents, catalogue, preferences] = await Promise.all([
      api.get("/v1/me"), api.get("/v1/me/consents"), api.get("/v1/purposes"),
      api.get("/v1/me/preferences").catch(() => null),
    ]);
    const asked = new URLSearchParams(location.search).get("lang");
    const { lang, strings } = await loadTranslations([asked, doc.personal_data.language, ...navigator.languages]);
    t = translator(strings);
    document.documentElement.lang = lang;
    document.title = t("title");
    document.getElementById("title").textContent = t("title");
    if (catalogue.controller.name) {
      document.getElementById("controller").textContent = t("controller", { name: catalogue.controller.name });
    }
    purposeCatalogue = catalogue.purposes;
    fill(
      content,
      personalDataSection(doc.personal_data),
      purposesSection(purposeCatalogue, consents),
      preferences ? contactSection(preferences) : null,
      activitySection(doc),
      readersSection(doc),
      exportSection(),
      eraseSection(),
    );
    content.hidden = false;
    say(status, "");
  } catch (error) {
    say(status, error instanceof ApiError && error.status === 410 ? t("error.erased") : problemText(error), "error");
  }
}

async function start() {
  const { strings } = await loadTranslations([new URLSearchParams(location.search).get("lang"), ...navigator.languages]);
  t = translator(strings);
  const token = takeTokenFromFragment();
  if (token) return open(token);
  document.getElementById("signin").hidden = false;
  document.getElementById("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    open(document.getElementById("signin-token").value.trim());
  });
}

start();
