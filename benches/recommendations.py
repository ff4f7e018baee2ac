#!/usr/bin/env python3
"""Recommendations under load: GET /v1/subjects/{id}/recommendations for customers whose
personalisation consent stands, as a shop front would ask while rendering a page.

Lists consenting customers through personalisation segment pages (members are exactly the
customers the purpose may reach), then sends `--requests` recommendation requests spread over
them from `--workers` threads, and prints p50/p90/p99/max latency, throughput, how many
answers held items and the status codes seen.

    python3 benches/recommendations.py --base http://127.0.0.1:18600 --token "$CRM" \
        [--customers 2000] [--requests 20000] [--workers 4] [--limit 10]

Only talks to the address it is given; every request has a timeout and the run is bounded by
--requests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor


def request(base: str, token: str, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={
            "Authorization": f"Bearer {token}",
            "X-Purpose": "personalisation",
            "Content-Type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def consenting(base: str, token: str, limit: int) -> list[str]:
    ids: list[str] = []
    cursor = None
    while len(ids) < limit:
        body: dict = {"conditions": {}, "limit": 500}
        if cursor:
            body["cursor"] = cursor
        status, page = request(base, token, "POST", "/v1/segments/query", body)
        if status != 200:
            raise SystemExit(f"segment query answered {status}: {page}")
        ids.extend(m["id"] for m in page["members"])
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return ids[:limit]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--token", required=True, help="a client token registered for personalisation (crm)")
    ap.add_argument("--customers", type=int, default=2000)
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--limit", type=int, default=10)
    a = ap.parse_args()
    if urllib.parse.urlparse(a.base).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loopback only")

    t = time.perf_counter()
    ids = consenting(a.base, a.token, a.customers)
    print(f"{len(ids)} consenting customers listed in {time.perf_counter() - t:.1f} s")
    if not ids:
        raise SystemExit("no consenting customer")

    def one(i: int) -> tuple[float, int, int]:
        sid = ids[i % len(ids)]
        started = time.perf_counter()
        status, body = request(a.base, a.token, "GET", f"/v1/subjects/{sid}/recommendations?limit={a.limit}")
        return time.perf_counter() - started, status, len(body.get("items", []))

    # Warm-up: one pass over a few customers, not measured.
    with ThreadPoolExecutor(max_workers=a.workers) as pool:
        list(pool.map(one, range(min(200, len(ids)))))

    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    with_items = 0
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=a.workers) as pool:
        for latency, status, items in pool.map(one, range(a.requests)):
            latencies.append(latency)
            statuses[status] += 1
            with_items += items > 0
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000, 2)

    print(
        json.dumps(
            {
                "requests": len(latencies),
                "workers": a.workers,
                "seconds": round(elapsed, 2),
                "requests_per_second": round(len(latencies) / elapsed),
                "p50_ms": round(statistics.median(latencies) * 1000, 2),
                "p90_ms": pct(0.90),
                "p99_ms": pct(0.99),
                "max_ms": round(latencies[-1] * 1000, 2),
                "answers_with_items": with_items,
                "statuses": dict(statuses),
            }
        )
    )


if __name__ == "__main__":
    main()
