"""Seeds the server under contract test with records the generated requests can hit.

Called by .ci/schemathesis.sh with the base URL and one token per role in the environment
(ST_BASE_URL, ST_TOKEN_CLIENT, ST_TOKEN_DPO, ST_TOKEN_ADMIN). Everything goes through the
public API, as a channel would send it. Writes, into the directory given as argv[1]:

- one Schemathesis dictionary file per pool of ids (`<pool>.dict`, libFuzzer format), bound to
  path and body parameters in schemathesis.toml, so that `{id}` paths reach real records
  (200, 409, 410) as well as the random UUIDs Schemathesis draws (404);
- `seed.env`: shell assignments of what the script needs afterwards: the subjects that the
  `subject` role tokens name (a live one, one that erases itself, an erased one) and a phone
  number a look-up finds.

Pools are kept apart so that operations that change or destroy records cannot starve the
reads: erasure only draws from `erasable` subjects, merges from `merge_targets` /
`merge_sources`, rectification, consents, restriction and objections from `mutable`, and the
`subjects` read for a purpose keep their state for the whole run (one of them restricted).
Each pool has the erased subject too, for the documented 410.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import uuid

import requests

BASE = os.environ["ST_BASE_URL"].rstrip("/")
TOKENS = {
    "client": os.environ["ST_TOKEN_CLIENT"],
    "dpo": os.environ["ST_TOKEN_DPO"],
    "admin": os.environ["ST_TOKEN_ADMIN"],
}
SESSION = requests.Session()


def call(method: str, path: str, role: str, body=None, expect=(200, 201), purpose=None):
    headers = {"Authorization": f"Bearer {TOKENS[role]}"}
    if purpose:
        headers["X-Purpose"] = purpose
    r = SESSION.request(method, BASE + path, json=body, headers=headers, timeout=30)
    if r.status_code not in expect:
        sys.exit(f"seed: {method} {path} answered {r.status_code}: {r.text[:500]}")
    return r.json() if r.content else None


def now(minus_days: float = 0) -> str:
    t = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=minus_days)
    return t.replace(microsecond=0).isoformat().replace("+00:00", "Z")


PHONES = iter(range(7_000_000, 8_000_000, 37))
FIRST_PHONE = "+4915107000000"  # the first subject's (readable[0]) phone, for look-ups


# Born on a leap day; 16 (the digital consent age) on 1 March 1996, before any collected_at the
# API accepts (2000 on), so no generated grant for an adult needs a parent's consent.
ADULT_BIRTH_DATE = "1980-02-29"


def subject(n: int, tag: str, full: bool = True, birth_date: str = ADULT_BIRTH_DATE) -> str:
    body = {
        "email": f"st.{tag}.{n}@example.com",
        "identifiers": [{"type": "loyalty_card", "value": f"LC-ST-{tag}-{n}"}],
    }
    if full:
        body.update(
            {
                "phone": f"+49151{next(PHONES):08d}",
                "first_name": "Erika",
                "last_name": "Mustermann",
                "birth_date": birth_date,
                "language": "de-DE",
                "address": {
                    "line1": "Heidestraße 17",
                    "postal_code": "51147",
                    "city": "Köln",
                    "country": "DE",
                },
            }
        )
        body["identifiers"].append({"type": "device_id", "value": f"dev-st-{tag}-{n}"})
    return call("POST", "/v1/subjects", "client", body, expect=(201,))["id"]


def consent(sid: str, purpose: str, status: str = "granted") -> None:
    call(
        "PUT",
        f"/v1/subjects/{sid}/consents/{purpose}",
        "client",
        {
            "status": status,
            "source": "web",
            "collected_at": now(1),
            "policy_version": "2026-01",
            "evidence": {"double_opt_in_ref": f"doi-{uuid.uuid4().hex[:8]}"},
        },
        expect=(201,),
    )


def events(sid: str, n: int) -> None:
    batch = []
    for i in range(n):
        batch.append(
            {
                "id": f"st-{sid[:8]}-{i}",
                "subject": {"id": sid},
                "type": "purchase",
                "channel": ["web", "app", "store"][i % 3],
                "occurred_at": now(3 + 20 * i),
                "properties": {
                    "order_id": f"O-{i}",
                    "amount": f"{20 + 15 * i}.90",
                    "currency": "EUR",
                    "category": ["shoes", "outdoor", "home"][i % 3],
                },
            }
        )
        batch.append(
            {
                "id": f"st-{sid[:8]}-pv-{i}",
                "subject": {"id": sid},
                "type": "page_view",
                "channel": "web",
                "occurred_at": now(2 + i),
                "properties": {"path": f"/p/{i}"},
            }
        )
    res = call("POST", "/v1/events", "client", {"events": batch})
    if res["accepted"] == 0:
        sys.exit(f"seed: no event accepted: {res}")


def dsr(sid: str, kind: str) -> str:
    return call(
        "POST",
        "/v1/dsr",
        "dpo",
        {"type": kind, "subject": {"id": sid}, "channel": "email"},
        expect=(201,),
    )["id"]


def write_dict(out: str, name: str, values: list[str]) -> None:
    with open(os.path.join(out, f"{name}.dict"), "w", encoding="utf-8") as f:
        for v in values:
            f.write(f'"{v}"\n')


def main() -> None:
    out = sys.argv[1]
    # Subjects read, looked up, consented, restricted and objected to; never erased or merged.
    readable = [subject(i, "read") for i in range(4)]
    for i, sid in enumerate(readable):
        # Consent for the consent-based purposes the crm client may use, so that reads for
        # them are allowed (200) as well as denied (403) for the others.
        consent(sid, "email_marketing")
        consent(sid, "personalisation", "granted" if i % 2 == 0 else "withdrawn")
        events(sid, 3 + i)
    # One restricted subject: reads answer 403 restricted.
    call("POST", f"/v1/subjects/{readable[3]}/restriction", "dpo", {"reason": "accuracy_contested"})
    # Subjects that rectification, linking, consents, restriction and objections change.
    mutable = [subject(i, "mutable") for i in range(4)]
    for sid in mutable:
        consent(sid, "email_marketing")
    # A child below the digital consent age: a grant without a parental_consent_ref answers
    # 422 parental-consent-required (recordConsent's examples name it).
    child = subject(0, "child", birth_date="2013-07-01")
    # One objects to direct marketing: a grant for it answers 409 objection-in-force until a
    # withdrawal lifts the objection.
    objected = subject(0, "objected")
    consent(objected, "email_marketing")
    call("POST", f"/v1/subjects/{objected}/objections", "dpo", {"direct_marketing": True, "source": "email"}, expect=(201,))
    # One erased subject: every route naming it answers 410.
    gone = subject(0, "gone")
    call("DELETE", f"/v1/subjects/{gone}", "dpo")
    # One whose erasure an accounting duty blocks (it bought something): lifting its
    # restriction answers 409.
    blocked = subject(0, "blocked")
    events(blocked, 1)
    receipt = call("DELETE", f"/v1/subjects/{blocked}", "dpo")
    if "blocked" not in receipt:
        sys.exit(f"seed: the erasure of a customer with an invoice was not blocked: {receipt}")
    # One who objected to fraud checks: the DPO's assessment answers 201 once, then 409.
    assessable = subject(0, "assess")
    call("POST", f"/v1/subjects/{assessable}/objections", "dpo", {"purposes": ["fraud_prevention"], "source": "email"}, expect=(201,))
    # Pools for destructive operations.
    erasable = [subject(i, "erase", full=i % 2 == 0) for i in range(6)]
    merge_targets = [subject(i, "mtarget") for i in range(2)]
    merge_sources = [subject(i, "msource", full=False) for i in range(6)]
    merge_ids = []
    for i in range(3):
        src = subject(100 + i, "msource", full=False)
        merge_ids.append(
            call("POST", f"/v1/subjects/{merge_targets[0]}/merge", "dpo", {"other": src})["merge_id"]
        )
    # A merge whose target was erased since: erasure deletes the merge, undoing it answers 404.
    doomed = subject(0, "mdoomed")
    src = subject(200, "msource", full=False)
    merge_ids.append(call("POST", f"/v1/subjects/{doomed}/merge", "dpo", {"other": src})["merge_id"])
    call("DELETE", f"/v1/subjects/{doomed}", "dpo")
    # The customers behind the `subject` tokens: one kept, one that erases itself.
    me = subject(0, "me")
    consent(me, "email_marketing")
    events(me, 2)
    me_erase = subject(1, "me")
    me_gone = subject(2, "me")
    # A customer who objected to direct marketing, behind its own token (recordMyConsent
    # only, so that no other operation lifts the objection): a grant of a direct-marketing
    # purpose answers 409 objection-in-force, personalisation 201 (or 422, collected when they
    # were a child).
    # Born in 1995: a grant collected before 2011 (the API accepts collected_at from 2000) was
    # given below the digital consent age, so a personalisation grant from then answers 422
    # parental-consent-required.
    me_objected = subject(3, "me", birth_date="1995-06-15")
    call("POST", f"/v1/subjects/{me_objected}/objections", "dpo", {"direct_marketing": True, "source": "app"}, expect=(201,))
    call("DELETE", f"/v1/subjects/{me_gone}", "dpo")
    # Data-subject requests in each open state.
    # Data-subject requests: one pool per step, so that no step closes what another needs.
    received = {step: [dsr(readable[0], "access") for _ in range(2)] for step in ("verify", "extend", "reject")}
    # Verified erasure requests of a live subject (completing them answers 409), and two of a
    # subject erased since they were verified: erasure requests that can be completed (200).
    verified = [dsr(readable[0], "erasure") for _ in range(2)]
    erased_since = subject(0, "dsrgone")
    verified += [dsr(erased_since, "erasure") for _ in range(2)]
    for d in verified:
        call("POST", f"/v1/dsr/{d}/verify", "dpo", {})
    call("DELETE", f"/v1/subjects/{erased_since}", "dpo")
    closed = dsr(readable[1], "rectification")
    call("POST", f"/v1/dsr/{closed}/reject", "dpo", {"reason": "identity_not_verified"})
    extended = dsr(readable[2], "portability")
    call("POST", f"/v1/dsr/{extended}/extend", "dpo", {"reason": "complex_request"})
    dsrs = [d for pool in received.values() for d in pool] + verified + [closed, extended]

    write_dict(out, "subjects", readable + [gone])
    write_dict(out, "mutable", mutable + [objected, gone])
    write_dict(out, "erasable", erasable + [gone])
    write_dict(out, "assessable", [assessable, gone])
    write_dict(out, "merge_targets", merge_targets + [gone])
    write_dict(out, "merge_sources", merge_sources)
    write_dict(out, "merges", merge_ids)
    write_dict(out, "dsrs", dsrs)
    # Examples for the `{id}` of each operation (hooks.py): every state it answers for.
    pools = {
        "readSubject": readable + [gone],
        "listSubjectEvents": readable + [gone],
        "getProfile": readable + [gone],
        "getRecommendations": readable + [gone],
        "getPreferences": [me] + readable + [gone],
        "putPreferences": [me] + readable + [gone],
        "exportSubject": readable + [gone],
        "getConsents": readable + [gone],
        "rectifySubject": mutable[:2] + [gone],
        "linkIdentifier": mutable[:2] + [gone],
        # The examples phase pairs the ids with the body examples in turn: the objecting
        # subject first gets the double opt-in grant (409 objection-in-force), the child the
        # call-centre grant (422 parental-consent-required).
        "recordConsent": [objected, child] + mutable + [gone],
        "restrictProcessing": mutable[:2] + [gone],
        "liftRestriction": mutable[2:] + [blocked, gone],
        "recordObjection": mutable[2:] + [gone],
        "withdrawObjections": mutable[2:] + [objected, gone],
        "assessObjection": [assessable, readable[0], gone],
        "eraseSubject": erasable[:2] + [gone],
        "mergeSubjects": merge_targets + [gone],
        "undoMerge": merge_ids,
        "getDsr": [received["verify"][0], verified[0], closed],
        "verifyDsr": received["verify"] + [closed],
        "extendDsr": received["extend"] + [extended],
        "rejectDsr": received["reject"] + [closed],
        "completeDsr": verified[2:] + [verified[0], received["reject"][0], closed],
    }
    # And an id the vault never issued (404).
    pools = {op: ids + [str(uuid.uuid4())] for op, ids in pools.items()}
    with open(os.path.join(out, "examples.json"), "w", encoding="utf-8") as f:
        json.dump(pools, f, indent=1)
    with open(os.path.join(out, "seed.env"), "w", encoding="utf-8") as f:
        f.write(f"ST_SUBJECT_ME={me}\nST_SUBJECT_ME_ERASE={me_erase}\nST_SUBJECT_ME_GONE={me_gone}\n")
        f.write(f"ST_SUBJECT_ME_OBJECTED={me_objected}\n")
        f.write(f"ST_LOOKUP_PHONE={FIRST_PHONE}\n")
    print(
        f"seeded {len(readable) + len(mutable) + len(erasable) + len(merge_targets) + len(merge_sources) + 9} subjects, "
        f"{len(merge_ids)} merges, {len(dsrs)} data-subject requests"
    )


if __name__ == "__main__":
    main()
