#!/usr/bin/env python3
"""Throughput of `custodia import subjects` and `custodia export-all` (issue 14).

Generates a CSV of N customers (default 100,000: every field, a loyalty card, consents to
email marketing and personalisation with a double-opt-in reference, 0.5 % bad rows and
0.2 % duplicates), imports it into a fresh vault under --data-dir (SQLite unless
--vault-url/--behaviour-url name PostgreSQL databases), exports it again, and prints one JSON
line with the summaries and the wall-clock times. Only files under --data-dir are written;
nothing is fetched from anywhere.

    cargo build --release
    python3 benches/import.py --binary target/release/custodia --data-dir /tmp/import-bench

The generated values are made up (example.org addresses, +4915 numbers); the script never
prints one.
"""

import argparse
import base64
import csv
import json
import os
import shutil
import subprocess
import sys
import time

HEADER = [
    "email", "phone", "first_name", "last_name", "birth_date", "language",
    "address.line1", "address.postal_code", "address.city", "address.country",
    "id:loyalty_card", "consent:email_marketing", "consent:personalisation",
    "consent_collected_at", "consent_source", "consent_policy_version", "consent_evidence",
]


def generate(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(1, rows + 1):
            email = f"bench.{i}@example.org"
            if i % 500 == 250:          # 0.2 %: a duplicate of an earlier row's email
                email = f"bench.{i - 100}@example.org"
            birth = f"{1950 + i % 50}-05-17"
            if i % 200 == 7:            # 0.5 %: a bad birth date
                birth = "1990-13-45"
            w.writerow([
                email, f"+4915{10_000_000 + i}", f"Benchfirst{i}", f"Benchlast{i}", birth,
                "de-DE", f"Hauptstrasse {i % 300}", "10115", "Berlin", "DE", f"LC-B-{i}",
                ("granted", "withdrawn", "")[i % 3], "granted" if i % 2 == 0 else "",
                "2026-02-01T10:00:00Z", "web", "2026-01", f"doi-{i}",
            ])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default="target/release/custodia")
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--batch-size", type=int, help="default: the command's own (5,000)")
    ap.add_argument("--vault-url")
    ap.add_argument("--behaviour-url", help="required with --vault-url")
    args = ap.parse_args()
    if args.vault_url and not args.behaviour_url:
        ap.error("--vault-url needs --behaviour-url (another empty database)")

    data = os.path.abspath(args.data_dir)
    if os.path.exists(data):
        shutil.rmtree(data)
    os.makedirs(data)
    csv_path = os.path.join(data, "customers.csv")
    t0 = time.monotonic()
    generate(csv_path, args.rows)
    generated = time.monotonic() - t0

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "CUSTODIA_DATA_DIR": data,
        "CUSTODIA_POLICY_DIR": os.path.join(os.path.dirname(__file__), "..", "policies"),
        "RUST_LOG": "warn",
    }
    if args.vault_url:
        # Outside local SQLite the vault wants its key given: a fresh one for the fresh
        # databases (which must be empty; the behaviour store needs its own database).
        env["CUSTODIA_VAULT_DATABASE_URL"] = args.vault_url
        env["CUSTODIA_BEHAVIOUR_DATABASE_URL"] = args.behaviour_url
        env["CUSTODIA_MASTER_KEY"] = base64.b64encode(os.urandom(32)).decode()
        env["CUSTODIA_JWT_SECRET"] = base64.b64encode(os.urandom(32)).decode()
    subprocess.run([args.binary, "migrate"], env=env, check=True, capture_output=True)

    t0 = time.monotonic()
    command = [args.binary, "import", "subjects", csv_path]
    if args.batch_size:
        command += ["--batch-size", str(args.batch_size)]
    out = subprocess.run(command, env=env, capture_output=True, text=True)
    imported = time.monotonic() - t0
    if out.returncode != 0:
        sys.exit(f"import failed: {out.stderr[-2000:]}")
    summary = json.loads(out.stdout)

    export_path = os.path.join(data, "export.csv")
    t0 = time.monotonic()
    out = subprocess.run([args.binary, "export-all", "--output", export_path],
                         env=env, capture_output=True, text=True)
    exported = time.monotonic() - t0
    if out.returncode != 0:
        sys.exit(f"export-all failed: {out.stderr[-2000:]}")
    export_summary = json.loads(out.stderr.strip().splitlines()[-1])

    print(json.dumps({
        "rows": args.rows,
        "generate_seconds": round(generated, 2),
        "import_wall_seconds": round(imported, 2),
        "import_rows_per_second": round(args.rows / imported),
        "import": summary,
        "export_wall_seconds": round(exported, 2),
        "export_subjects_per_second": round(export_summary["subjects"] / exported),
        "export": export_summary,
    }))


if __name__ == "__main__":
    main()
