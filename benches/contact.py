#!/usr/bin/env python3
"""Contact decisions for a whole campaign: every customer of the vault, 1,000 per call of
POST /v1/contact-decisions:batch, as a mailer would ask before a send.

Lists the customers through order-fulfilment segment pages (every customer with a history),
then decides for all of them for email marketing: once without recording sends, once with
record_send (the sends are counted), and once more with record_send (the weekly caps now hold
many back). Prints decisions per second and the batch latencies of each run.

    python3 benches/contact.py --base http://127.0.0.1:18500 --token "$CRM" [--workers 2]

Only talks to the address it is given; every request has a timeout.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def call(base: str, token: str, path: str, purpose: str, body: dict) -> dict:
    req = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "X-Purpose": purpose,
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())


def customers(base: str, token: str, limit: int) -> list[str]:
    ids: list[str] = []
    cursor = None
    while len(ids) < limit:
        body = {"conditions": {}, "limit": 500}
        if cursor:
            body["cursor"] = cursor
        page = call(base, token, "/v1/segments/query", "order_fulfilment", body)
        ids.extend(m["id"] for m in page["members"])
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return ids[:limit]


def campaign(base: str, token: str, ids: list[str], workers: int, record: bool, name: str) -> dict:
    batches = [ids[i : i + 1000] for i in range(0, len(ids), 1000)]
    latencies: list[float] = []
    counts = {"allow": 0, "defer": 0, "deny": 0, "invalid": 0}

    def one(batch: list[str]) -> tuple[float, dict]:
        body = {
            "channel": "email",
            "campaign": name,
            "record_send": record,
            "subjects": [{"id": i} for i in batch],
        }
        t = time.perf_counter()
        answer = call(base, token, "/v1/contact-decisions:batch", "email_marketing", body)
        return time.perf_counter() - t, answer["counts"]

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for latency, c in pool.map(one, batches):
            latencies.append(latency)
            for k in counts:
                counts[k] += c[k]
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "run": name,
        "record_send": record,
        "decisions": len(ids),
        "seconds": round(elapsed, 2),
        "decisions_per_second": round(len(ids) / elapsed),
        "batch_p50_ms": round(statistics.median(latencies) * 1000),
        "batch_p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000),
        "counts": counts,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--token", required=True, help="a client token registered for email_marketing and order_fulfilment (crm)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=100_000)
    a = ap.parse_args()
    t = time.perf_counter()
    ids = customers(a.base, a.token, a.limit)
    print(f"{len(ids)} customers listed in {time.perf_counter() - t:.1f} s")
    for record, name in [(False, "ask-only"), (True, "send-1"), (True, "send-2")]:
        print(json.dumps(campaign(a.base, a.token, ids, a.workers, record, name)))


if __name__ == "__main__":
    main()
