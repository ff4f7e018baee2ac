#!/usr/bin/env python3
"""The load test of issue 16: every hot path of custodia under wrk, as ratios to the ceiling.

Run through benches/load.sh (which builds the binaries). For each engine (SQLite, and
PostgreSQL when --postgres-url is given): a fresh vault, the server started with the rate limit
off, customers created over HTTP (POST /v1/subjects:batch) with an email-marketing consent and
a few purchases each, then each scenario driven by wrk for --duration seconds with
--connections connections. The ceiling is a bare actix-web `GET /health` (examples/ceiling.rs)
measured in the same run; every figure is also printed as a share of it.

Prints one table (requests/s, p50/p99/p99.9 latency, non-2xx answers, server RSS after the
scenario, share of the ceiling) and, with --json, writes the figures to a file. --smoke runs
each scenario for three seconds over a few customers: it checks that the command and every
scenario work, its figures mean nothing.

Only talks to the servers it starts, on 127.0.0.1; every HTTP call has a timeout.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
LUA = HERE / "load"
# Makes the emails and event ids of this run new, whatever earlier runs left.
RUN = uuid.uuid4().hex[:8]

# (name, wrk script, what it measures); the Lua scripts are in benches/load/.
SCENARIOS = [
    ("ceiling GET /health (bare actix-web)", None, "ceiling"),
    ("GET /v1/.well-known/jwks.json (middleware only)", "get.lua", "jwks"),
    ("GET /health (liveness)", "get.lua", "health"),
    ("GET /ready (both stores)", "get.lua", "ready"),
    ("audited purpose read GET /v1/subjects/{id}", "subjects.lua", "read"),
    ("profile GET /v1/subjects/{id}/profile", "subjects.lua", "profile"),
    ("consent overview GET /v1/subjects/{id}/consents", "subjects.lua", "consents"),
    ("consent change PUT /v1/subjects/{id}/consents/{purpose}", "consent_change.lua", "consent_change"),
    ("event ingest POST /v1/events (batches of 100)", "events.lua", "events"),
    ("create subject POST /v1/subjects", "create.lua", "create"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(base: str, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"load.py: {what} exited with code {proc.returncode} while starting")
        try:
            with urllib.request.urlopen(base + "/health", timeout=1) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    sys.exit(f"load.py: {what} did not answer /health within 120 s")


def call(base: str, method: str, path: str, token: str, body=None, purpose=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if purpose:
        request.add_header("X-Purpose", purpose)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, {"problem": error.read().decode(errors="replace")[:500]}


def rss_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process, KiB."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


class Server:
    """custodia serve over a fresh vault (SQLite in a temp dir, or two fresh PostgreSQL
    databases), rate limit off."""

    def __init__(self, binary: str, work: pathlib.Path, engine: str, pg_admin_url: str | None):
        self.binary = binary
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.databases: list[str] = []
        self.pg_admin_url = pg_admin_url
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CUSTODIA_")}
        self.env.update(
            CUSTODIA_LISTEN=f"127.0.0.1:{self.port}",
            CUSTODIA_DATA_DIR=str(work / "data"),
            CUSTODIA_POLICY_DIR=str(ROOT / "policies"),
            CUSTODIA_RATE_LIMIT_PER_SECOND="0",
            RUST_LOG="warn",
        )
        if engine == "postgres":
            suffix = f"{int(time.time())}_{os.getpid()}"
            base_url = pg_admin_url.rsplit("/", 1)[0]
            for store in ("vault", "behaviour"):
                name = f"load_{store}_{suffix}"
                self.psql(f'CREATE DATABASE "{name}"')
                self.databases.append(name)
                self.env[f"CUSTODIA_{store.upper()}_DATABASE_URL"] = f"{base_url}/{name}"
            self.env["CUSTODIA_MASTER_KEY"] = __import__("base64").b64encode(os.urandom(32)).decode()
            self.env["CUSTODIA_JWT_SECRET"] = os.urandom(32).hex()
            self.env["CUSTODIA_ERASURE_JOURNAL_DIR"] = str(work / "erasure-journal")
        self.log = open(work / "server.log", "wb")
        self.proc = subprocess.Popen([binary, "serve"], env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        wait_ready(self.base, self.proc, "custodia")

    def psql(self, sql: str, url: str | None = None) -> None:
        pg_bin = os.environ.get("PG_BIN", "")
        psql = os.path.join(pg_bin, "psql") if pg_bin else (shutil.which("psql") or "psql")
        subprocess.run([psql, url or self.pg_admin_url, "-X", "-q", "-v", "ON_ERROR_STOP=1",
                        "-c", sql], check=True, capture_output=True)

    def analyze(self) -> None:
        """Gives PostgreSQL the statistics its autovacuum would gather within a minute of the
        seeding. Measured at once, the plans were made for empty tables: the profile's channel
        look-up ANDed a bitmap of every purchase in the store with the customer's (0.77 ms
        instead of 0.05 ms; benches/README.md, 2026-12-06)."""
        if not self.databases:  # SQLite: nothing to analyse
            return
        base_url = self.pg_admin_url.rsplit("/", 1)[0]
        for name in self.databases:
            self.psql("ANALYZE", f"{base_url}/{name}")

    def token(self, role: str, sub: str) -> str:
        out = subprocess.run([self.binary, "token", "--role", role, "--sub", sub, "--ttl", "7200"],
                             env=self.env, capture_output=True, text=True, check=True)
        return out.stdout.strip()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        for name in self.databases:
            self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(server: Server, crm: str, customers: int, work: pathlib.Path) -> pathlib.Path:
    """Creates the customers in batches of 1,000, each with an email-marketing consent and
    three purchases; writes their ids, one per line, for the Lua scripts."""
    started = time.monotonic()
    collected = (datetime.datetime.now(datetime.timezone.utc)
                 - datetime.timedelta(days=1)).isoformat()
    ids: list[str] = []
    for first in range(0, customers, 1000):
        batch = [{"email": f"load.{RUN}.{n}@example.com", "first_name": "Load",
                  "last_name": f"Customer{n}", "phone": f"+49 151 {n:08d}", "language": "de"}
                 for n in range(first, min(first + 1000, customers))]
        status, answer = call(server.base, "POST", "/v1/subjects:batch", crm, {"subjects": batch})
        if status != 200:
            sys.exit(f"load.py: seeding failed: {status} {answer}")
        created = [r["id"] for r in answer["results"] if r.get("status") == "created"]
        if len(created) != len(batch):
            sys.exit(f"load.py: seeding created {len(created)} of {len(batch)}: {answer['results'][:3]}")
        ids.extend(created)
        consents = [{"subject": {"id": i}, "purpose": "email_marketing", "status": "granted",
                     "source": "web", "collected_at": collected, "policy_version": "2026-01",
                     "evidence": {"double_opt_in_ref": f"doi-{i[:8]}"}} for i in created]
        status, answer = call(server.base, "POST", "/v1/consents:batch", crm, {"records": consents})
        if status != 200 or answer["recorded"] != len(consents):
            sys.exit(f"load.py: consent seeding failed: {status} {answer}")
    for first in range(0, len(ids), 300):
        events = [{"id": f"seed-{i}-{k}", "subject": {"id": i}, "type": "purchase",
                   "channel": "web", "occurred_at": collected,
                   "properties": {"order_id": f"o-{i[:8]}-{k}", "amount": "49.90", "currency": "EUR"}}
                  for i in ids[first:first + 300] for k in range(3)]
        status, answer = call(server.base, "POST", "/v1/events", crm, {"events": events})
        if status != 200 or answer["accepted"] != len(events):
            sys.exit(f"load.py: event seeding failed: {status} {answer}")
    path = work / "subjects.txt"
    path.write_text("\n".join(ids) + "\n", encoding="ascii")
    print(f"  seeded {len(ids)} customers (consent, 3 purchases each) in "
          f"{time.monotonic() - started:.1f} s", flush=True)
    return path


def wrk(base: str, script: str | None, env: dict, duration: int, connections: int,
        threads: int) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    if script:
        command += ["-s", str(LUA / script)]
    command.append(base + (env.pop("LOAD_PATH", "/health")))
    env = {**os.environ, **env, "LOAD_DIR": str(LUA), "LOAD_RUN": RUN}
    out = subprocess.run(command, env=env, capture_output=True, text=True,
                         timeout=duration + 60)
    if out.returncode != 0:
        sys.exit(f"load.py: wrk failed ({out.returncode}): {out.stderr.strip()[:500]}")
    for line in out.stdout.splitlines():
        if line.startswith("LOAD_RESULT "):
            return json.loads(line[len("LOAD_RESULT "):])
    sys.exit(f"load.py: wrk printed no result line:\n{out.stdout[-1500:]}")


def run_engine(engine: str, args, work: pathlib.Path, ceiling: dict) -> list[dict]:
    print(f"\n== {engine} ==", flush=True)
    server = Server(args.binary, work, engine, args.postgres_url)
    rows = []
    try:
        crm = server.token("client", "crm")
        subjects = seed(server, crm, args.customers, work)
        server.analyze()
        common = {"LOAD_TOKEN": crm, "LOAD_SUBJECTS": str(subjects)}
        for title, script, key in SCENARIOS[1:]:
            if args.only and key not in args.only:
                continue
            env = dict(common)
            env["LOAD_SCENARIO"] = key
            env["LOAD_PATH"] = {
                "jwks": "/v1/.well-known/jwks.json", "health": "/health", "ready": "/ready",
            }.get(key, "/")
            result = wrk(server.base, script, env, args.duration, args.connections, args.threads)
            result["rss_kib"], result["hwm_kib"] = rss_kib(server.proc.pid)
            result.update(engine=engine, scenario=title, key=key)
            if key == "events":
                result["events_per_s"] = result["rps"] * 100
            rows.append(result)
            print(f"  {title}: {result['rps']:,.0f}/s, p99 {result['p99_us'] / 1000:.1f} ms, "
                  f"{result['non2xx']} non-2xx", flush=True)
    finally:
        server.stop()
    return rows


def measure_ceiling(args, work: pathlib.Path) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([args.ceiling, f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        wait_ready(base, proc, "the ceiling server")
        result = wrk(base, "get.lua", {"LOAD_PATH": "/health", "LOAD_SCENARIO": "ceiling"},
                     args.duration, args.connections, args.threads)
        result["rss_kib"], result["hwm_kib"] = rss_kib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    result.update(engine="-", scenario=SCENARIOS[0][0], key="ceiling")
    print(f"ceiling: {result['rps']:,.0f}/s", flush=True)
    return result


def table(rows: list[dict], ceiling: float) -> str:
    lines = [
        "| engine | scenario | req/s | p50 ms | p99 ms | p99.9 ms | non-2xx | RSS MiB | of ceiling |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        rate = f"{r['rps']:,.0f}"
        if "events_per_s" in r:
            rate += f" ({r['events_per_s']:,.0f} events/s)"
        share = f"{100 * r['rps'] / ceiling:.1f} %" if ceiling else "-"
        lines.append(
            f"| {r['engine']} | {r['scenario']} | {rate} | {r['p50_us'] / 1000:.2f} | "
            f"{r['p99_us'] / 1000:.2f} | {r['p999_us'] / 1000:.2f} | {r['non2xx']} | "
            f"{r['rss_kib'] / 1024:.0f} | {share} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=str(ROOT / "target/release/custodia"))
    parser.add_argument("--ceiling", default=str(ROOT / "target/release/examples/ceiling"))
    parser.add_argument("--postgres-url", help="an admin URL whose user may CREATE DATABASE")
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--smoke", action="store_true",
                        help="3 s per scenario over 300 customers: does it all work")
    parser.add_argument("--json", help="also write the figures to this file")
    keys = [key for _, _, key in SCENARIOS[1:]]
    parser.add_argument("--only", type=lambda v: v.split(","), default=None,
                        metavar="SCENARIO[,SCENARIO]",
                        help="run only these scenarios (the ceiling always runs): "
                        + ", ".join(keys))
    args = parser.parse_args()
    unknown = [k for k in args.only or [] if k not in keys]
    if unknown:
        parser.error(f"unknown scenario {', '.join(unknown)}; one of {', '.join(keys)}")
    if args.smoke:
        args.customers, args.duration, args.connections = 300, 3, 4
    if not shutil.which("wrk"):
        sys.exit("load.py: wrk not found (Debian: apt-get install wrk)")
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                if line.startswith("model name")), "unknown CPU")
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} "
          f"cores ({cpu}), load average {os.getloadavg()[0]:.1f}; wrk -t{args.threads} "
          f"-c{args.connections}, {args.duration} s per scenario, {args.customers} customers",
          flush=True)
    engines = ["sqlite"] + (["postgres"] if args.postgres_url else [])
    with tempfile.TemporaryDirectory(prefix="custodia-load-") as tmp:
        work = pathlib.Path(tmp)
        ceiling = measure_ceiling(args, work)
        rows = [ceiling]
        for engine in engines:
            engine_dir = work / engine
            engine_dir.mkdir()
            rows += run_engine(engine, args, engine_dir, ceiling)
    print()
    print(table(rows, ceiling["rps"]))
    failed = [r for r in rows if r["non2xx"] or r["errors"] or not r["requests"]]
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    for r in failed:
        if r.get("first_refusal"):
            print(f"{r['engine']} {r['key']}: first refusal: {r['first_refusal']}")
    if failed:
        sys.exit("load.py: no answer, answers other than 2xx, or socket errors in: "
                 + ", ".join(f"{r['engine']} {r['key']}" for r in failed))


if __name__ == "__main__":
    main()
