"""Which documented status codes the contract run reached, per operation.

Reads openapi.yaml and the NDJSON event reports of every Schemathesis run of one engine
(argv[2:]), prints a table and exits 1 when an operation documents a status code that no
request of the run received, unless the code is in UNREACHABLE_BY_DESIGN below, or when a
response came with a status code the operation does not document (status_code_conformance
fails on those too; this is a second look over all runs together).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict

import yaml

# Codes no well-formed black-box test can provoke on a healthy server, with the reason. Every
# other documented code must be seen in the run, or the spec documents something unreachable.
UNREACHABLE_BY_DESIGN = {
    "500": "an internal error: storage, cryptography or the audit log failed",
    "503": "a backing store is down",
    "429": "the per-client rate limit; the run stays under it",
}

# Codes one operation documents for a race that a sequential run cannot produce.
RACES = {
    ("GET /v1/subjects", "410"): "the subject is erased between the look-up and the read",
    ("DELETE /v1/me/restriction", "409"): "needs the token of a customer whose erasure a "
    "retention duty blocks; DELETE /v1/subjects/{id}/restriction reaches the same rule",
}

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def documented(spec_path: str) -> dict[str, set[str]]:
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    out: dict[str, set[str]] = {}
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                out[f"{method.upper()} {path}"] = set(map(str, item[method]["responses"]))
    return out


def observed(reports: list[str]) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for report in reports:
        with open(report, encoding="utf-8") as f:
            for line in f:
                event = json.loads(line)
                finished = event.get("ScenarioFinished")
                if not finished:
                    continue
                label = finished["recorder"]["label"]
                method = label.split(" ", 1)[0]
                for interaction in finished["recorder"].get("interactions", {}).values():
                    response = interaction.get("response")
                    # Requests with a method the path does not have (the 405 probes of the
                    # coverage phase) are not calls of this operation.
                    if response and interaction["request"]["method"].upper() == method:
                        seen[label].add(str(response["status_code"]))
    return seen


def main() -> int:
    docs = documented(sys.argv[1])
    seen = observed(sys.argv[2:])
    failed = False
    width = max(map(len, docs))
    print(f"{'operation':<{width}}  documented status codes ([x] = not reached, * = not required)")
    for op in sorted(docs):
        marks = []
        for code in sorted(docs[op]):
            if code in seen.get(op, set()):
                marks.append(code)
            elif code in UNREACHABLE_BY_DESIGN or (op, code) in RACES:
                marks.append(f"{code}*")
            else:
                marks.append(f"[{code}]")
                failed = True
        extra = sorted(seen.get(op, set()) - docs[op])
        line = f"{op:<{width}}  {' '.join(marks)}"
        if extra:
            line += f"   UNDOCUMENTED: {' '.join(extra)}"
            failed = True
        print(line)
    for code, why in UNREACHABLE_BY_DESIGN.items():
        print(f"  {code}* not required: {why}")
    for (op, code), why in RACES.items():
        print(f"  {code}* not required for {op}: {why}")
    if failed:
        print("FAILED: a documented status code was not reached ([x]) or an undocumented one was answered")
        return 1
    print("every documented status code was reached")
    return 0


if __name__ == "__main__":
    sys.exit(main())
