from typing import Literal

AuditEntryDecision = Literal["allowed", "denied"]

AUDIT_ENTRY_DECISION_VALUES: set[AuditEntryDecision] = {
    "allowed",
    "denied",
}


def check_audit_entry_decision(value: str) -> AuditEntryDecision:
    if value in AUDIT_ENTRY_DECISION_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AUDIT_ENTRY_DECISION_VALUES!r}")
