#!/usr/bin/env python3
"""Load and scale checks against a running custodia server (loopback only).

Usage: benches/scale.py --base http://127.0.0.1:18500 --data-dir DIR --binary target/release/custodia
The server must serve the vault in DIR (tokens are minted with `custodia token` on that dir).
Steps, each bounded in count and time:
  reads     wrk: purpose-checked, audited reads of one subject (needs `wrk` installed)
  segments  an analytics count over every customer, and a page of members
  erasure   a subject with 100,000 events: time of DELETE /v1/subjects/{id}
  export    a subject with 200,000 events: streamed export, server peak memory before/after
Prints one line per measurement; benches/README.md records the numbers of a run.
"""
import argparse
import json
import os
import subprocess
import time
import urllib.request


def token(binary, data_dir, role, sub):
    env = dict(os.environ, CUSTODIA_DATA_DIR=data_dir)
    out = subprocess.run([binary, "token", "--role", role, "--sub", sub, "--ttl", "7200"],
                         env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def call(base, method, path, tok, body=None, purpose=None, raw=False):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", "Bearer " + tok)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if purpose:
        req.add_header("X-Purpose", purpose)
    with urllib.request.urlopen(req, timeout=600) as r:
        payload = r.read()
        return payload if raw else json.loads(payload)


def server_memory_kib(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def now_minus(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - seconds))


def subject_with_events(base, crm, n, tag):
    sid = call(base, "POST", "/v1/subjects", crm, {"first_name": "Bench", "identifiers": [
        {"type": "pos_customer", "value": f"bench-{tag}-{time.time_ns()}"}]})["id"]
    for start in range(0, n, 1000):
        events = [{"id": f"{tag}-{sid}-{i}", "subject": {"id": sid}, "type": "purchase",
                   "channel": "store", "occurred_at": now_minus(i),
                   "properties": {"order_id": f"B{i}", "amount": "9.90", "currency": "EUR"}}
                  for i in range(start, min(n, start + 1000))]
        r = call(base, "POST", "/v1/events", crm, {"events": events})
        assert r["rejected"] == 0, r
    return sid


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="http://127.0.0.1:18500")
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--binary", default="target/release/custodia")
    ap.add_argument("--pid", type=int, required=True, help="server process id (for memory)")
    ap.add_argument("--steps", default="reads,segments,erasure,export")
    ap.add_argument("--seconds", type=int, default=20)
    a = ap.parse_args()
    crm = token(a.binary, a.data_dir, "client", "crm")
    analytics = token(a.binary, a.data_dir, "client", "analytics")
    dpo = token(a.binary, a.data_dir, "dpo", "dpo")
    steps = a.steps.split(",")

    if "segments" in steps or "reads" in steps:
        t = time.time()
        counts = call(a.base, "POST", "/v1/segments/query", analytics, {}, purpose="analytics")
        print(f"segments: analytics counts over all customers: total={counts['total']} "
              f"in {time.time() - t:.2f}s")
        t = time.time()
        page = call(a.base, "POST", "/v1/segments/query", crm,
                    {"conditions": {"min_recency_score": 3}, "limit": 100}, purpose="personalisation")
        print(f"segments: first page of members (100, recency>=3, personalisation): {len(page['members'])} "
              f"in {time.time() - t:.2f}s")
        member = page["members"][0]["id"]

    if "reads" in steps:
        out = subprocess.run(["wrk", "-t2", "-c64", f"-d{a.seconds}s", "--latency",
                              "-H", f"Authorization: Bearer {crm}", "-H", "X-Purpose: order_fulfilment",
                              f"{a.base}/v1/subjects/{member}"], capture_output=True, text=True)
        for line in out.stdout.splitlines():
            if "Requests/sec" in line or "99%" in line or "50%" in line or "Non-2xx" in line:
                print("reads:", line.strip())

    if "erasure" in steps:
        sid = subject_with_events(a.base, crm, 100_000, "erase")
        t = time.time()
        receipt = call(a.base, "DELETE", f"/v1/subjects/{sid}", dpo)
        print(f"erasure: subject with {receipt['removed']['events']} events erased in "
              f"{time.time() - t:.3f}s (HTTP round trip)")

    if "export" in steps:
        sid = subject_with_events(a.base, crm, 200_000, "export")
        before = server_memory_kib(a.pid)
        t = time.time()
        body = call(a.base, "GET", f"/v1/subjects/{sid}/export", dpo, raw=True)
        after = server_memory_kib(a.pid)
        n = len(json.loads(body)["events"])
        print(f"export: {n} events, {len(body) / 1e6:.1f} MB streamed in {time.time() - t:.2f}s; "
              f"server RSS {before[0] / 1024:.0f} -> {after[0] / 1024:.0f} MiB, "
              f"peak {before[1] / 1024:.0f} -> {after[1] / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
