from typing import Literal

ConsentStatisticsBucket = Literal["day", "month", "week"]

CONSENT_STATISTICS_BUCKET_VALUES: set[ConsentStatisticsBucket] = {
    "day",
    "month",
    "week",
}


def check_consent_statistics_bucket(value: str) -> ConsentStatisticsBucket:
    if value in CONSENT_STATISTICS_BUCKET_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CONSENT_STATISTICS_BUCKET_VALUES!r}")
