from typing import Literal

DenyReason = Literal[
    "aggregate_only",
    "consent_expired",
    "consent_refused",
    "consent_withdrawn",
    "erased",
    "grant_not_allowed_for_client",
    "minor",
    "no_consent",
    "objected",
    "purpose_not_allowed_for_client",
    "reconsent_required",
    "restricted",
    "unknown_purpose",
]

DENY_REASON_VALUES: set[DenyReason] = {
    "aggregate_only",
    "consent_expired",
    "consent_refused",
    "consent_withdrawn",
    "erased",
    "grant_not_allowed_for_client",
    "minor",
    "no_consent",
    "objected",
    "purpose_not_allowed_for_client",
    "reconsent_required",
    "restricted",
    "unknown_purpose",
}


def check_deny_reason(value: str) -> DenyReason:
    if value in DENY_REASON_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DENY_REASON_VALUES!r}")
