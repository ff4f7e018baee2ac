from typing import Literal

RestrictionReason = Literal[
    "accuracy_contested", "erasure_blocked", "legal_claims", "objection_pending", "unlawful_processing"
]

RESTRICTION_REASON_VALUES: set[RestrictionReason] = {
    "accuracy_contested",
    "erasure_blocked",
    "legal_claims",
    "objection_pending",
    "unlawful_processing",
}


def check_restriction_reason(value: str) -> RestrictionReason:
    if value in RESTRICTION_REASON_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {RESTRICTION_REASON_VALUES!r}")
