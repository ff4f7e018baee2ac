from typing import Literal

GetConsentStatisticsBucket = Literal["day", "month", "week"]

GET_CONSENT_STATISTICS_BUCKET_VALUES: set[GetConsentStatisticsBucket] = {
    "day",
    "month",
    "week",
}


def check_get_consent_statistics_bucket(value: str) -> GetConsentStatisticsBucket:
    if value in GET_CONSENT_STATISTICS_BUCKET_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {GET_CONSENT_STATISTICS_BUCKET_VALUES!r}")
