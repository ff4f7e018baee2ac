from typing import Literal

ConsentStatus = Literal["granted", "refused", "withdrawn"]

CONSENT_STATUS_VALUES: set[ConsentStatus] = {
    "granted",
    "refused",
    "withdrawn",
}


def check_consent_status(value: str) -> ConsentStatus:
    if value in CONSENT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONSENT_STATUS_VALUES!r}")
