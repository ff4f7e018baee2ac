from typing import Literal

QueryAuditDecision = Literal["allowed", "denied"]

QUERY_AUDIT_DECISION_VALUES: set[QueryAuditDecision] = {
    "allowed",
    "denied",
}


def check_query_audit_decision(value: str) -> QueryAuditDecision:
    if value in QUERY_AUDIT_DECISION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {QUERY_AUDIT_DECISION_VALUES!r}")
