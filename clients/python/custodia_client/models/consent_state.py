from typing import Literal

ConsentState = Literal["expired", "granted", "none", "reconsent_required", "refused", "withdrawn"]

CONSENT_STATE_VALUES: set[ConsentState] = {
    "expired",
    "granted",
    "none",
    "reconsent_required",
    "refused",
    "withdrawn",
}


def check_consent_state(value: str) -> ConsentState:
    if value in CONSENT_STATE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONSENT_STATE_VALUES!r}")
