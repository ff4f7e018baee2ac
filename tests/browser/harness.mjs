// Starts a real custodia server for the browser tests, on SQLite or PostgreSQL, and gives the
// tests what a shop and a DPO would have: tokens, the JSON API, and (for the tamper test) the
// database itself. Never a mock: the same binary `cargo build` makes, with the repository's
// policies.

import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = process.env.CUSTODIA_BIN || path.join(REPO, "target/debug/custodia");

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function psql(url, sql) {
  const bin = process.env.PG_BIN ? path.join(process.env.PG_BIN, "psql") : "psql";
  execFileSync(bin, [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], { stdio: "pipe" });
}

/** The engine under test: `sqlite` (default) or `postgres` (needs CUSTODIA_TEST_POSTGRES_URL). */
export const ENGINE = process.env.BROWSER_ENGINE || "sqlite";

export async function startVault() {
  const dir = mkdtempSync(path.join(tmpdir(), `custodia-browser-${ENGINE}-`));
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME || dir,
    CUSTODIA_LISTEN: `127.0.0.1:${port}`,
    CUSTODIA_DATA_DIR: path.join(dir, "data"),
    CUSTODIA_POLICY_DIR: path.join(REPO, "policies"),
    CUSTODIA_LOG_FORMAT: "pretty",
    CUSTODIA_JWT_SECRET: randomBytes(32).toString("hex"),
    CUSTODIA_RATE_LIMIT_PER_SECOND: "0",
    RUST_LOG: "warn",
  };
  const databases = [];
  if (ENGINE === "postgres") {
    const admin = process.env.CUSTODIA_TEST_POSTGRES_URL;
    if (!admin) throw new Error("BROWSER_ENGINE=postgres needs CUSTODIA_TEST_POSTGRES_URL");
    const base = admin.slice(0, admin.lastIndexOf("/"));
    const suffix = randomBytes(6).toString("hex");
    for (const store of ["vault", "behaviour"]) {
      const name = `browser_${store}_${suffix}`;
      psql(admin, `CREATE DATABASE ${name}`);
      databases.push({ admin, name });
    }
    env.CUSTODIA_VAULT_DATABASE_URL = `${base}/${databases[0].name}`;
    env.CUSTODIA_BEHAVIOUR_DATABASE_URL = `${base}/${databases[1].name}`;
    env.CUSTODIA_MASTER_KEY = randomBytes(32).toString("base64");
    env.CUSTODIA_ERASURE_JOURNAL_DIR = path.join(dir, "erasure-journal");
  } else if (ENGINE !== "sqlite") {
    throw new Error(`unknown BROWSER_ENGINE ${ENGINE}`);
  }

  const server = spawn(BIN, ["serve"], { env, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  server.stderr.on("data", (chunk) => { log += chunk; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`custodia exited (${server.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`custodia did not start in 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  const token = (role, sub) =>
    execFileSync(BIN, ["token", "--role", role, "--sub", sub, "--ttl", "3600"], { env, encoding: "utf8" }).trim();

  /** A JSON API call; answers `{status, body}`. */
  async function call(method, route, bearer, { body, headers = {} } = {}) {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: response.status, body: parsed };
  }

  /** Changes one audit row behind the vault's back, as an insider with database access would. */
  function tamperAuditRow(seq) {
    const sql = `UPDATE audit_log SET purpose = 'customer_support' WHERE seq = ${Number(seq)}`;
    if (ENGINE === "postgres") {
      psql(env.CUSTODIA_VAULT_DATABASE_URL,
        `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete; ${sql};`);
    } else {
      const file = path.join(env.CUSTODIA_DATA_DIR, "vault.db");
      execFileSync("python3", ["-c",
        "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1], timeout=30)\n" +
        "c.executescript('DROP TRIGGER IF EXISTS audit_log_no_update; ' + sys.argv[2] + ';')\nc.close()",
        file, sql]);
    }
  }

  async function stop() {
    server.kill("SIGTERM");
    await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)));
    for (const { admin, name } of databases) {
      try {
        psql(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch {
        /* best effort */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }

  return { base, token, call, tamperAuditRow, stop, log: () => log };
}

/** A customer as the shop's CRM creates them, with a granted newsletter consent. */
export async function createCustomer(vault, crm, n, { language = "en-GB" } = {}) {
  const created = await vault.call("POST", "/v1/subjects", crm, {
    body: {
      email: `shopper${n}.browser@example.com`,
      phone: `+49151${String(4000000 + n).padStart(7, "0")}`,
      first_name: "Alex",
      last_name: `Browser${n}`,
      language,
      address: { line1: "Gartenweg 7", postal_code: "10115", city: "Berlin", country: "DE" },
    },
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  const consent = await vault.call("PUT", `/v1/subjects/${id}/consents/email_marketing`, crm, {
    body: {
      status: "granted", source: "web", collected_at: new Date().toISOString(),
      policy_version: "2026-01", evidence: { double_opt_in_ref: `doi-browser-${n}` },
    },
  });
  if (consent.status !== 201) throw new Error(`consent: ${consent.status} ${JSON.stringify(consent.body)}`);
  return id;
}
