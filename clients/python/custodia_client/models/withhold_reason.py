from typing import Literal

WithholdReason = Literal["not_in_purpose"]

WITHHOLD_REASON_VALUES: set[WithholdReason] = {
    "not_in_purpose",
}


def check_withhold_reason(value: str) -> WithholdReason:
    if value in WITHHOLD_REASON_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {WITHHOLD_REASON_VALUES!r}")
