"""Schemathesis hooks for custodia's contract run (.ci/schemathesis.sh).

openapi.yaml describes every deployment, so it cannot list the purpose ids or event types of
one policy: it gives their syntax (`^[a-z][a-z0-9_]{0,63}$`) and documents that an id the
policy does not define answers `400 unknown-purpose`. The server under test runs with the
policy in $CUSTODIA_POLICY_DIR, so before the schema is used these hooks narrow those places
to the ids that policy defines (read from the same TOML files). Positive cases then carry
purposes the server knows; negative cases still send ids outside the list and must get 400.

The look-up `GET /v1/subjects?type=…&value=…` checks `value` by the rules of `type` (an
email, a phone number, or free text). Two query parameters cannot depend on each other in
OpenAPI, so for positive cases a hook replaces a `value` that does not fit its `type` with a
seeded identifier of that type (the look-up then finds a customer).
"""

from __future__ import annotations

import json
import os
import re
import tomllib

import schemathesis

POLICY_DIR = os.environ.get("CUSTODIA_POLICY_DIR", "policies")


def _load(name: str) -> dict:
    with open(os.path.join(POLICY_DIR, name), "rb") as f:
        return tomllib.load(f)


PURPOSES = _load("purposes.toml")["purpose"]
ALL_PURPOSES = [p["id"] for p in PURPOSES]
CONSENT_PURPOSES = [p["id"] for p in PURPOSES if p["legal_basis"] == "consent"]
# Art. 21: an objection applies to direct marketing and to legitimate interest or public task
# purposes (those with objection_stops = false wait for a DPO's assessment; src/policy).
OBJECTION_PURPOSES = [
    p["id"]
    for p in PURPOSES
    if p.get("direct_marketing") or p["legal_basis"] in ("legitimate_interest", "public_task")
]
# The purposes whose objections a DPO weighs (objection_stops = false, not direct marketing).
ASSESSED_PURPOSES = [
    p["id"]
    for p in PURPOSES
    if p["legal_basis"] in ("legitimate_interest", "public_task")
    and p.get("objection_stops") is False
    and not p.get("direct_marketing")
]
# The scopes a withdrawal may name: the two collective ones and `purpose:<id>` of a defined
# purpose (another id answers 400 validation-failed).
OBJECTION_SCOPES = ["direct_marketing", "sale_or_sharing"] + [f"purpose:{p}" for p in ALL_PURPOSES]
EVENT_TYPES = [e["name"] for e in _load("events.toml")["event_type"]]
# The published notices (notices.toml). A grant naming another answers 400 unknown-notice,
# while a withdrawal or refusal may name any version: a rule the schema cannot state (so
# `policy_version` stays free text there), so map_case makes positive grants name a published
# notice, and they reach the answers past that check (201, 409, 422).
NOTICE_VERSIONS = [n["version"] for n in _load("notices.toml").get("notice", [])]
CONSENT_OPERATIONS = ("recordConsent", "recordMyConsent")


def _set_enum(schema: dict, values: list[str]) -> None:
    schema.pop("pattern", None)
    schema["enum"] = list(values)


def _seeded_examples(raw_schema: dict) -> None:
    """Gives each `{id}` path parameter the seeded ids of its pool as examples.

    The seed (seed.py) writes `examples.json`: operationId → ids. The examples phase calls the
    operation once per example, so every pool member (a live record, one in each state the
    operation answers differently for, the erased subject) is hit in every run, whatever the
    random draws of the fuzzing phase.
    """
    path = os.environ.get("ST_EXAMPLES")
    if not path or not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        pools = json.load(f)
    params = raw_schema["components"]["parameters"]
    for item in raw_schema["paths"].values():
        for op in item.values():
            if not isinstance(op, dict) or op.get("operationId") not in pools:
                continue
            ids = pools[op["operationId"]]
            for i, param in enumerate(op.get("parameters", [])):
                ref = param.get("$ref", "")
                name = ref.rsplit("/", 1)[-1]
                if name in ("SubjectId", "MergeId", "DsrId"):
                    inline = {k: v for k, v in params[name].items() if k != "example"}
                    inline["examples"] = {f"seeded{n}": {"value": v} for n, v in enumerate(ids)}
                    op["parameters"][i] = inline


@schemathesis.hook
def before_load_schema(context, raw_schema: dict) -> None:
    _seeded_examples(raw_schema)
    components = raw_schema["components"]
    params = components["parameters"]
    _set_enum(params["X-Purpose"]["schema"], ALL_PURPOSES)
    _set_enum(params["X-Purpose-Optional"]["schema"], ALL_PURPOSES)
    _set_enum(params["ConsentPurpose"]["schema"], CONSENT_PURPOSES)
    schemas = components["schemas"]
    objection = schemas["ObjectionRequest"]["properties"]["purposes"]
    objection["items"] = {"type": "string", "enum": OBJECTION_PURPOSES}
    _set_enum(schemas["ObjectionAssessmentRequest"]["properties"]["purpose"], ASSESSED_PURPOSES)
    withdrawal = schemas["ObjectionWithdrawalRequest"]["properties"]["scopes"]
    withdrawal["items"] = {"type": "string", "enum": OBJECTION_SCOPES}
    schemas["EventType"]["enum"] = EVENT_TYPES
    counts = schemas["SegmentConditions"]["properties"]["event_count"]["properties"]
    counts["type"] = {"type": "string", "enum": EVENT_TYPES}


LOOKUP_VALUES = {
    "email": "st.read.0@example.com",
    "phone": None,  # filled from the seed (ST_LOOKUP_PHONE)
    "loyalty_card": "LC-ST-read-0",
    "device_id": "dev-st-read-0",
    "marketplace_id": "MP-not-held",
    "pos_customer": "POS-not-held",
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^[ ().-]*\+[ ().-]*[1-9](?:[ ().-]*[0-9]){7,14}[ ().-]*$")


def _fits(kind: str, value: str) -> bool:
    if kind == "email":
        return bool(EMAIL.match(value.strip())) and len(value.strip()) <= 254
    if kind == "phone":
        return bool(PHONE.match(value))
    v = value.strip()
    return 0 < len(v) <= 128 and not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in v)


def _published_grant(body):
    """A positive grant names a published notice; one sent without any evidence gets a double
    opt-in reference (marketing purposes require one). A grant with evidence that lacks it
    still answers 422 evidence-required."""
    if not isinstance(body, dict) or body.get("status") != "granted":
        return body
    if body.get("policy_version") not in NOTICE_VERSIONS and NOTICE_VERSIONS:
        body = {**body, "policy_version": NOTICE_VERSIONS[0]}
    if "evidence" not in body:
        body = {**body, "evidence": {"double_opt_in_ref": "doi-st"}}
    return body


@schemathesis.hook
def map_case(context, case):
    op = context.operation
    op_id = getattr(op.definition, "raw", {}).get("operationId") if op is not None else None
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return case
    if op_id in CONSENT_OPERATIONS:
        case.body = _published_grant(case.body)
        return case
    if op_id != "lookupSubject":
        return case
    kind, value = case.query.get("type"), case.query.get("value")
    if isinstance(kind, str) and isinstance(value, str) and kind in LOOKUP_VALUES and not _fits(kind, value):
        replacement = LOOKUP_VALUES[kind] or os.environ.get("ST_LOOKUP_PHONE", "+4915100000000")
        case.query = {**case.query, "value": replacement}
    return case


# The oversize run (ST_OVERSIZE=1) sends every body padded with JSON whitespace past the
# operation's size limit, so the documented 413 answers are reached and checked against the
# spec. Schemathesis never generates bodies that large on its own.
BODY_LIMITS = {
    "createSubjects": 4 * 1024 * 1024,
    "importConsents": 4 * 1024 * 1024,
    "ingestEvents": 4 * 1024 * 1024,
    "decideContactBatch": 4 * 1024 * 1024,
}
RAW_BODY_LIMITS = {"verifyDsr": 262_144, "completeDsr": 262_144}
DEFAULT_LIMIT = 64 * 1024


@schemathesis.hook
def before_call(context, case, kwargs):
    if os.environ.get("ST_OVERSIZE") != "1" or context.operation is None:
        return
    op_id = context.operation.definition.raw.get("operationId")
    limit = BODY_LIMITS.get(op_id) or RAW_BODY_LIMITS.get(op_id) or DEFAULT_LIMIT
    body = case.body if isinstance(case.body, (dict, list)) else {}
    text = json.dumps(body)
    kwargs["data"] = (text + " " * (limit + 1024 - len(text))).encode()
    case.headers["Content-Type"] = "application/json"
