from typing import Literal

DsrStatus = Literal["completed", "received", "rejected", "verified"]

DSR_STATUS_VALUES: set[DsrStatus] = {
    "completed",
    "received",
    "rejected",
    "verified",
}


def check_dsr_status(value: str) -> DsrStatus:
    if value in DSR_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DSR_STATUS_VALUES!r}")
