from typing import Literal

EventRejectReason = Literal[
    "consent_expired",
    "consent_refused",
    "consent_withdrawn",
    "internal",
    "invalid",
    "invalid_properties",
    "no_consent",
    "not_collected",
    "objected",
    "reconsent_required",
    "restricted",
    "unknown_event_type",
    "unknown_subject",
]

EVENT_REJECT_REASON_VALUES: set[EventRejectReason] = {
    "consent_expired",
    "consent_refused",
    "consent_withdrawn",
    "internal",
    "invalid",
    "invalid_properties",
    "no_consent",
    "not_collected",
    "objected",
    "reconsent_required",
    "restricted",
    "unknown_event_type",
    "unknown_subject",
}


def check_event_reject_reason(value: str) -> EventRejectReason:
    if value in EVENT_REJECT_REASON_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {EVENT_REJECT_REASON_VALUES!r}")
